/**
 * Reads merge sources: each reference once (a tag, a digest, an index or a single image, on any
 * registry), flattening indexes into their platform images with the attestation manifests bound to them
 * (buildx pushes per-platform indexes: one image + one attestation). A platform the index does not state
 * is read from the image's config.
 */
import { ActionError } from '../errors.js'
import type { SourceImage } from '../image-index/assemble.js'
import {
  ATTESTATION_REFERENCE_DIGEST,
  isAttestation,
  isIndexMediaType,
  type Descriptor,
  type Platform
} from '../oci/types.js'
import { mapBounded } from '../pool.js'
import { formatReference, type ImageReference } from '../reference/reference.js'
import type { Repository } from '../registry/client.js'
import type { ImageSource } from '../registry/ports.js'
import { CONNECTIONS_PER_ORIGIN } from '../registry/transport.js'

/** A source image and where its manifests live, so they can be copied next to the index. */
export interface LocatedImage extends SourceImage {
  from: Repository
}

export interface ResolveOptions {
  /** Sources read at once; default: the connections the transport keeps per registry. */
  concurrency?: number
  /**
   * Called with each image as soon as it is located (its source read, its platform known), before the
   * other sources are: merge starts verification's reads of it then.
   */
  onLocated?: (image: LocatedImage) => void
}

/**
 * Every source's image(s), read as many at once as the transport keeps connections per registry: each
 * costs two round trips in sequence (the manifest, then its config), so 64 Windows sources behind a 40 ms
 * registry took 16 round trips at 8 at once.
 */
export async function resolveSources(
  source: ImageSource,
  refs: readonly ImageReference[],
  options: ResolveOptions = {}
): Promise<LocatedImage[]> {
  const located = options.onLocated ?? ((): void => undefined)
  const perSource = await mapBounded(refs, options.concurrency ?? CONNECTIONS_PER_ORIGIN, (ref) =>
    resolveOne(source, ref, located)
  )
  return perSource.flat()
}

async function resolveOne(
  source: ImageSource,
  ref: ImageReference,
  located: (image: LocatedImage) => void
): Promise<LocatedImage[]> {
  const name = formatReference(ref)
  const from = { registry: ref.registry, repository: ref.repository }
  const root = await source.getManifest(ref)
  if (root.parsed.kind === 'manifest') {
    const platform = await configPlatform(source, from, root.parsed.manifest.config.digest)
    const descriptor: Descriptor = { mediaType: root.mediaType, digest: root.digest, size: root.bytes.length }
    const image: LocatedImage = { source: name, descriptor, platform, attestations: [], from }
    located(image)
    return [image]
  }
  const entries = root.parsed.index.manifests
  const nested = entries.find((e) => !isAttestation(e) && isIndexMediaType(e.mediaType))
  if (nested) {
    throw new ActionError(
      'invalid-input',
      `source ${name} holds a nested index (${nested.digest.slice(0, 19)})`,
      {
        hint: 'list the nested index itself in `sources` instead'
      }
    )
  }
  const attestations = entries.filter(isAttestation)
  const images = entries.filter((e) => !isAttestation(e))
  return mapBounded(images, 4, async (descriptor) => {
    const image: LocatedImage = {
      source: name,
      descriptor,
      platform: descriptor.platform ?? (await childPlatform(source, from, descriptor.digest)),
      attestations: attestations.filter(
        (a) => a.annotations?.[ATTESTATION_REFERENCE_DIGEST] === descriptor.digest
      ),
      from
    }
    located(image)
    return image
  })
}

async function childPlatform(source: ImageSource, from: Repository, digest: string): Promise<Platform> {
  const child = await source.getManifest({ ...from, digest })
  if (child.parsed.kind !== 'manifest') {
    throw new ActionError(
      'invalid-input',
      `${from.registry}/${from.repository}@${digest} is an index inside an index`,
      {
        hint: 'list the nested index itself in `sources` instead'
      }
    )
  }
  return configPlatform(source, from, child.parsed.manifest.config.digest)
}

async function configPlatform(source: ImageSource, from: Repository, digest: string): Promise<Platform> {
  const config = JSON.parse((await source.readBlob(from, digest)).toString('utf8')) as Partial<Platform> & {
    'os.features'?: string[]
  }
  if (typeof config.os !== 'string' || typeof config.architecture !== 'string') {
    throw new ActionError(
      'invalid-input',
      `the config of ${from.registry}/${from.repository} (${digest.slice(0, 19)}) names no os/architecture`,
      {
        hint: 'merge only images whose config states their platform'
      }
    )
  }
  return {
    os: config.os,
    architecture: config.architecture,
    ...(config.variant ? { variant: config.variant } : {}),
    ...(config['os.version'] ? { 'os.version': config['os.version'] } : {}),
    ...(config['os.features']?.length ? { 'os.features': config['os.features'] } : {})
  }
}
