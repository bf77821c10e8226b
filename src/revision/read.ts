/**
 * Which commit a tag's image or index is, for both media types, and the labels that record it. An OCI index
 * carries the `org.opencontainers.image.revision` annotation (merge writes it); a Docker manifest list has
 * no place for annotations, so its images' config labels are the record (publish and build mode add them).
 * Pure over already-fetched data: the caller read the manifests and configs (see `configsToRead`).
 */
import { REVISION_ANNOTATION, SOURCE_ANNOTATION } from '../image-index/annotations.js'
import type { ParsedManifest } from '../oci/parse.js'
import { IMAGE_MANIFEST_MEDIA_TYPES, isAttestation, isIndexMediaType, type Descriptor } from '../oci/types.js'
import { formatPlatform } from '../platform/index.js'
import type { RevisionReading } from './decide.js'

export { REVISION_ANNOTATION, SOURCE_ANNOTATION }

const DEFAULT_SERVER_URL = 'https://github.com'

/** What the tag points to, as read. */
export interface TagContent {
  /** The digest of the tag's manifest or index. */
  digest: string
  parsed: ParsedManifest
  /**
   * Parsed config JSON by image-manifest digest: the tag's own digest for a single image, each child's
   * digest for an index. Only the ones `configsToRead` names are looked up.
   */
  configs: ReadonlyMap<string, unknown>
}

/** An image an index lists (attestations left out): its digest and what to call it in a message. */
interface Child {
  digest: string
  name: string
}

/**
 * The image manifests whose configs the revision needs: none when the index's annotation answers, the
 * tag's own manifest for a single image, else every image the index lists (attestations left out).
 */
export function configsToRead(content: Pick<TagContent, 'digest' | 'parsed'>): string[] {
  const { parsed } = content
  if (parsed.kind === 'manifest') return [content.digest]
  if (annotationOf(parsed.index.annotations) !== undefined) return []
  return imagesOf(parsed.index.manifests).map((child) => child.digest)
}

/** The revision of what the tag points to, or why it cannot be said. */
export function revisionOf(content: TagContent): RevisionReading {
  const { parsed, configs } = content
  if (parsed.kind === 'manifest') {
    const config = configs.get(content.digest)
    if (config === undefined) return { revision: undefined, reason: 'the image config was not read' }
    const label = revisionLabel(config)
    return label === undefined
      ? { revision: undefined, reason: `the image has no ${REVISION_ANNOTATION} label` }
      : { revision: label, from: 'config-label' }
  }

  const annotation = annotationOf(parsed.index.annotations)
  if (annotation !== undefined) return { revision: annotation, from: 'index-annotation' }

  const nested = parsed.index.manifests.find((d) => !isAttestation(d) && isIndexMediaType(d.mediaType))
  if (nested !== undefined) {
    return {
      revision: undefined,
      reason: `the index lists another index (${nested.digest}) and has no revision annotation`
    }
  }
  const children = imagesOf(parsed.index.manifests)
  if (children.length === 0) return { revision: undefined, reason: 'the index lists no images' }

  // Every image must carry the label and all must agree: one without it (say a Windows image merged in from
  // elsewhere) or two commits in one list leave the index's commit unsaid.
  const found = new Map<string, string[]>()
  for (const child of children) {
    const config = configs.get(child.digest)
    if (config === undefined)
      return { revision: undefined, reason: `the config of ${child.name} was not read` }
    const label = revisionLabel(config)
    if (label === undefined)
      return { revision: undefined, reason: `${child.name} has no ${REVISION_ANNOTATION} label` }
    found.set(label, [...(found.get(label) ?? []), child.name])
  }
  const [only, ...others] = [...found.keys()]
  if (only !== undefined && others.length === 0) return { revision: only, from: 'child-labels' }
  const listed = [...found].map(([revision, names]) => `${revision} (${names.join(', ')})`).join('; ')
  return { revision: undefined, reason: `its images record different revisions: ${listed}` }
}

/** The `org.opencontainers.image.revision` label of an image config (`config.Labels`), when set. */
export function revisionLabel(config: unknown): string | undefined {
  if (!isRecord(config) || !isRecord(config.config)) return undefined
  const labels = config.config.Labels
  if (!isRecord(labels)) return undefined
  return nonEmpty(labels[REVISION_ANNOTATION])
}

/**
 * The `labels` lines for each image publish and build modes build: the user's lines, then the revision
 * (GITHUB_SHA) and source (GITHUB_SERVER_URL/GITHUB_REPOSITORY) labels for the keys the user did not set.
 * A user line is `KEY=value` (or a bare `KEY`, which docker reads as an empty value).
 */
export function labelsFor(
  context: { sha?: string; serverUrl?: string; repository?: string },
  userLabels: readonly string[]
): string[] {
  const userKeys = new Set(userLabels.map((line) => (line.split('=')[0] ?? '').trim()))
  const defaults: [string, string][] = []
  const sha = context.sha?.trim() ?? ''
  const repository = context.repository?.trim() ?? ''
  if (sha !== '') defaults.push([REVISION_ANNOTATION, sha])
  if (repository !== '') {
    const serverUrl = context.serverUrl?.trim() || DEFAULT_SERVER_URL
    defaults.push([SOURCE_ANNOTATION, `${serverUrl.replace(/\/+$/, '')}/${repository}`])
  }
  return [
    ...userLabels,
    ...defaults.filter(([key]) => !userKeys.has(key)).map(([key, value]) => `${key}=${value}`)
  ]
}

function annotationOf(annotations: Record<string, string> | undefined): string | undefined {
  return nonEmpty(annotations?.[REVISION_ANNOTATION])
}

function imagesOf(manifests: readonly Descriptor[]): Child[] {
  return manifests
    .filter((d) => !isAttestation(d) && IMAGE_MANIFEST_MEDIA_TYPES.includes(d.mediaType))
    .map((d) => ({ digest: d.digest, name: d.platform ? formatPlatform(d.platform) : d.digest }))
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
