/**
 * Untrusted manifest bytes → typed objects, with explicit validation (never `as any`): schemaVersion 2,
 * a known media type agreeing with the one the registry declared, the fields each kind requires.
 * Pure: the caller fetched the bytes and checked their digest.
 */
import { ActionError } from '../errors.js'
import {
  IMAGE_MANIFEST_MEDIA_TYPES,
  isIndexMediaType,
  MANIFEST_MEDIA_TYPES,
  type Descriptor,
  type ImageIndex,
  type ImageManifest
} from './types.js'

export type ParsedManifest =
  | { kind: 'index'; mediaType: string; index: ImageIndex }
  | { kind: 'manifest'; mediaType: string; manifest: ImageManifest }

/** `application/vnd.oci.image.index.v1+json; charset=utf-8` → the bare media type. */
export function bareMediaType(contentType: string | undefined): string | undefined {
  const bare = contentType?.split(';')[0]?.trim().toLowerCase()
  return bare === '' ? undefined : bare
}

function invalid(what: string, problem: string): ActionError {
  return new ActionError('registry', `${what} is not a valid manifest: ${problem}`, {
    hint: 'the registry returned something that is not an image manifest or index; check the reference'
  })
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkDescriptor(value: unknown, where: string, what: string): Descriptor {
  if (!isRecord(value)) throw invalid(what, `${where} is not an object`)
  const { mediaType, digest, size } = value
  if (typeof mediaType !== 'string') throw invalid(what, `${where}.mediaType is missing`)
  if (typeof digest !== 'string' || !/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(digest)) {
    throw invalid(what, `${where}.digest is missing or malformed`)
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw invalid(what, `${where}.size is missing or not a non-negative integer`)
  }
  if (value.platform !== undefined) {
    const p = value.platform
    if (!isRecord(p) || typeof p.os !== 'string' || typeof p.architecture !== 'string') {
      throw invalid(what, `${where}.platform needs string os and architecture`)
    }
  }
  if (value.annotations !== undefined && !isRecord(value.annotations)) {
    throw invalid(what, `${where}.annotations is not an object`)
  }
  return value as unknown as Descriptor
}

/**
 * Parses manifest bytes. `declared` is the Content-Type the registry sent; when the body names its own
 * mediaType the two must agree (a registry or proxy that mislabels content is not trusted).
 */
export function parseManifest(bytes: Uint8Array, declared: string | undefined, what: string): ParsedManifest {
  let json: unknown
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'))
  } catch {
    throw invalid(what, 'the body is not JSON')
  }
  if (!isRecord(json)) throw invalid(what, 'the body is not a JSON object')
  if (json.schemaVersion !== 2)
    throw invalid(what, `schemaVersion is ${JSON.stringify(json.schemaVersion)}, not 2`)
  const declaredType = bareMediaType(declared)
  const bodyType = typeof json.mediaType === 'string' ? json.mediaType : undefined
  if (bodyType !== undefined && declaredType !== undefined && bodyType !== declaredType) {
    throw new ActionError(
      'registry',
      `${what}: the registry said Content-Type ${declaredType} but the body's mediaType is ${bodyType}`,
      { hint: 'a proxy or registry is mislabelling manifests; fetch through another path or report it' }
    )
  }
  const mediaType =
    bodyType ?? declaredType ?? (Array.isArray(json.manifests) ? MANIFEST_MEDIA_TYPES[0] : undefined)
  if (mediaType === undefined || !(MANIFEST_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
    throw invalid(what, `media type ${JSON.stringify(mediaType ?? null)} is not an image manifest or index`)
  }
  if (isIndexMediaType(mediaType)) {
    if (!Array.isArray(json.manifests)) throw invalid(what, 'an index needs a manifests array')
    json.manifests.forEach((d, i) => checkDescriptor(d, `manifests[${i}]`, what))
    return { kind: 'index', mediaType, index: json as unknown as ImageIndex }
  }
  if (!IMAGE_MANIFEST_MEDIA_TYPES.includes(mediaType))
    throw invalid(what, `unexpected media type ${mediaType}`)
  checkDescriptor(json.config, 'config', what)
  if (!Array.isArray(json.layers)) throw invalid(what, 'an image manifest needs a layers array')
  json.layers.forEach((d, i) => checkDescriptor(d, `layers[${i}]`, what))
  return { kind: 'manifest', mediaType, manifest: json as unknown as ImageManifest }
}
