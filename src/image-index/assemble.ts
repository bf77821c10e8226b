/**
 * Assembling the index this action publishes from the platform images of one or more sources and the
 * attestation manifests that describe them: which entries, in which order, as a Docker manifest list or an
 * OCI index, and the exact bytes whose sha256 is the index digest. Pure: no I/O.
 */
import { createHash } from 'node:crypto'
import { ActionError } from '../errors.js'
import {
  ATTESTATION_REFERENCE_DIGEST,
  type Descriptor,
  IMAGE_MANIFEST_MEDIA_TYPES,
  type ImageIndex,
  isAttestation,
  MAX_MANIFEST_BYTES,
  MediaType,
  type Platform
} from '../oci/types.js'
import { matchesStrict, normalizePlatform, platformIdentity } from '../platform/index.js'
import { compareCodePoints } from '../platform/normalize.js'

export interface SourceImage {
  /** The source reference as the user wrote it, for messages. */
  source: string
  /** The platform image manifest: mediaType, digest, size (and the source index entry's annotations, if any). */
  descriptor: Descriptor
  /** Resolved platform: the source index entry's, else from the child's config (incl. variant, os.version, os.features). */
  platform: Platform
  /** Attestation manifests from the same source that reference this image (vnd.docker.reference.digest). */
  attestations: Descriptor[]
}

export type MediaTypeChoice = 'auto' | 'oci' | 'docker'

export interface AssembleOptions {
  /** The requested platforms, in the order the user gave them: matching images come first, in this order. */
  requested: Platform[]
  /** The `media-type` input. */
  mediaType: MediaTypeChoice
  /** Index-level annotations (already merged with the defaults); none means `{}`. */
  annotations: Record<string, string>
}

export interface AssembledIndex {
  /** The index's media type: MediaType.ociIndex or MediaType.dockerList (also the Content-Type of the PUT). */
  mediaType: string
  /** The exact bytes to PUT; `digest` is their sha256. Never re-serialise `index` instead. */
  bytes: Buffer
  /** `sha256:<hex>` of `bytes`. */
  digest: string
  /** What `bytes` say, for reports and verification. */
  index: ImageIndex
  /** platformIdentity of each image entry, in index order (attestations are not platforms). */
  order: string[]
  /** Attestation manifests left out because the image they describe is not in the index. */
  dropped: Descriptor[]
}

/**
 * Builds the index: images matching a requested platform first (in the requested order), then the rest in
 * the order given, then every attestation manifest in the order of its image. Serialised once; the digest
 * is computed over those bytes, so the same inputs always give the same digest.
 */
export function assembleIndex(images: SourceImage[], options: AssembleOptions): AssembledIndex {
  if (images.length === 0) {
    throw new ActionError('invalid-input', 'no images to assemble: no source gave a platform image', {
      hint: 'check `sources` and `platforms`: at least one platform image is needed'
    })
  }
  rejectNonImages(images)
  rejectDuplicatePlatforms(images)
  const { bound, dropped } = bindAttestations(images)
  const ordered = orderImages(bound, options.requested)
  const mediaType = chooseMediaType(ordered, options.mediaType, Object.keys(options.annotations).length > 0)
  const manifests = [
    ...ordered.map((image) => imageEntry(image, pinnedFor(image, options.requested))),
    ...ordered.flatMap((image) => image.attestations)
  ]
  const index = buildIndex(mediaType, manifests, options.annotations)
  const bytes = Buffer.from(JSON.stringify(index), 'utf8')
  rejectOversized(bytes)
  return {
    mediaType,
    bytes,
    digest: sha256Digest(bytes),
    index,
    order: ordered.map((image) => platformIdentity(image.platform)),
    dropped
  }
}

/**
 * The media type of the index (CONTRIBUTING.md, "Media type"): a Docker manifest list only when every child is
 * a Docker v2 manifest, nothing OCI-only rides along (attestations are OCI manifests) and no index
 * annotations are asked for; an OCI index otherwise. `oci` and `docker` override, but `docker` refuses
 * what a Docker list cannot hold rather than silently dropping it.
 */
export function chooseMediaType(
  images: SourceImage[],
  choice: MediaTypeChoice,
  hasAnnotations: boolean
): string {
  switch (choice) {
    case 'oci':
      return MediaType.ociIndex
    case 'docker':
      checkDockerListPossible(images, hasAnnotations)
      return MediaType.dockerList
    case 'auto':
      return fitsDockerList(images, hasAnnotations) ? MediaType.dockerList : MediaType.ociIndex
  }
}

function fitsDockerList(images: SourceImage[], hasAnnotations: boolean): boolean {
  return (
    !hasAnnotations &&
    images.every((image) => image.descriptor.mediaType === MediaType.dockerManifest) &&
    images.every((image) => image.attestations.length === 0)
  )
}

function checkDockerListPossible(images: SourceImage[], hasAnnotations: boolean): void {
  if (hasAnnotations) {
    throw new ActionError(
      'invalid-input',
      '`media-type: docker` with `annotations`: a Docker manifest list cannot carry annotations',
      { hint: 'use `media-type: oci` (or auto), or drop `annotations`' }
    )
  }
  const ociChildren = images.filter((image) => image.descriptor.mediaType !== MediaType.dockerManifest)
  if (ociChildren.length > 0) {
    // A Docker list pointing at OCI manifests is a mixed document that Docker clients mishandle.
    throw new ActionError(
      'invalid-input',
      `\`media-type: docker\`, but ${describeImages(ociChildren)} ${ociChildren.length === 1 ? 'is an OCI image manifest' : 'are OCI image manifests'}`,
      {
        hint: 'use `media-type: oci` (or auto), or build those images with Docker media types (oci-mediatypes=false)'
      }
    )
  }
  const attested = images.filter((image) => image.attestations.length > 0)
  if (attested.length > 0) {
    throw new ActionError(
      'invalid-input',
      `\`media-type: docker\`, but ${describeImages(attested)} ${attested.length === 1 ? 'carries' : 'carry'} attestation manifests (provenance/SBOM), which are OCI manifests`,
      { hint: 'use `media-type: oci` (or auto), or set `provenance: false` and `sbom: false`' }
    )
  }
}

/** `linux/arm64 from ghcr.io/o/a:1, linux/amd64 from ghcr.io/o/b:1` */
function describeImages(images: SourceImage[]): string {
  return images.map((image) => `${platformIdentity(image.platform)} from ${image.source}`).join(', ')
}

/** Only platform image manifests can be index entries: a nested index or an attestation here is a caller bug or a bad source. */
function rejectNonImages(images: SourceImage[]): void {
  for (const image of images) {
    const { mediaType } = image.descriptor
    if (!IMAGE_MANIFEST_MEDIA_TYPES.includes(mediaType) || isAttestation(image.descriptor)) {
      const what = isAttestation(image.descriptor) ? 'an attestation manifest' : `a ${mediaType}`
      throw new ActionError(
        'invalid-input',
        `${image.source} gives ${platformIdentity(image.platform)} as ${what}, not a platform image manifest`,
        { hint: 'list images (or indexes of images) in `sources`, not artifacts or nested indexes' }
      )
    }
  }
}

/**
 * Two entries for one platform make a client's pick depend on order. Compared by platformIdentity, so
 * arm64 and arm64/v8 collide while Windows builds with different os.version do not. Every collision is
 * reported at once.
 */
function rejectDuplicatePlatforms(images: SourceImage[]): void {
  const firstByIdentity = new Map<string, SourceImage>()
  const problems: string[] = []
  for (const image of images) {
    const identity = platformIdentity(image.platform)
    const first = firstByIdentity.get(identity)
    if (first === undefined) {
      firstByIdentity.set(identity, image)
    } else if (first.source === image.source) {
      problems.push(`${identity} comes twice from ${image.source}`)
    } else {
      problems.push(`${identity} comes from two sources: ${first.source} and ${image.source}`)
    }
  }
  if (problems.length > 0) {
    throw new ActionError('invalid-input', problems.join('; '), {
      hint: 'build each platform once: remove the extra one from `sources` or `platforms`'
    })
  }
}

/**
 * Keeps each attestation whose subject (vnd.docker.reference.digest) is one of the images, once; the rest
 * cannot be bound to anything in this index and are returned so the caller can say so.
 */
function bindAttestations(images: SourceImage[]): { bound: SourceImage[]; dropped: Descriptor[] } {
  const subjects = new Set(images.map((image) => image.descriptor.digest))
  const seen = new Set<string>()
  const dropped: Descriptor[] = []
  const bound = images.map((image) => {
    const attestations = image.attestations.filter((attestation) => {
      const subject = attestation.annotations?.[ATTESTATION_REFERENCE_DIGEST]
      if (subject === undefined || !subjects.has(subject)) {
        dropped.push(attestation)
        return false
      }
      if (seen.has(attestation.digest)) return false
      seen.add(attestation.digest)
      return true
    })
    return { ...image, attestations }
  })
  return { bound, dropped }
}

/** Requested platforms first, in the requested order (each image placed once); then the rest as given. */
function orderImages(images: SourceImage[], requested: Platform[]): SourceImage[] {
  const placed = new Set<SourceImage>()
  const ordered: SourceImage[] = []
  for (const want of requested) {
    for (const image of images) {
      if (!placed.has(image) && matchesStrict(want, image.platform)) {
        placed.add(image)
        ordered.push(image)
      }
    }
  }
  return [...ordered, ...images.filter((image) => !placed.has(image))]
}

/**
 * An image's index entry, fields in the order of the OCI descriptor (mediaType, digest, size, annotations,
 * platform), so the bytes depend only on the values.
 */
function imageEntry(image: SourceImage, pinned: Platform | undefined): Descriptor {
  const { mediaType, digest, size, annotations } = image.descriptor
  return {
    mediaType,
    digest,
    size,
    ...(annotations !== undefined && Object.keys(annotations).length > 0 ? { annotations } : {}),
    platform: indexPlatform(image.platform, pinned)
  }
}

/** The requested platform an image answers, when the request spells a variant of its own. */
function pinnedFor(image: SourceImage, requested: Platform[]): Platform | undefined {
  return requested.find((want) => (want.variant ?? '') !== '' && matchesStrict(want, image.platform))
}

/**
 * The platform as the source states it (the source index entry's, else the child's config), written in
 * containerd's field order: os, architecture, variant, os.version, os.features. The architecture is
 * normalised (aarch64 → arm64, x86_64 → amd64) but a stated variant stays — arm64's `v8` included, as
 * `docker manifest create` keeps it and as `--platform linux/arm64/v8` lookups (oras, crane) need it —
 * unless the user's `platforms` pins a variant of its own for this image. Without a stated variant the
 * normalised one is written (arm → arm/v7). `features` is reserved by the spec and left out.
 */
export function indexPlatform(platform: Platform, pinned?: Platform): Platform {
  const normalized = normalizePlatform(platform)
  const variant = pinned?.variant || platform.variant || normalized.variant || ''
  const osVersion = normalized['os.version'] ?? ''
  const osFeatures = normalized['os.features'] ?? []
  return {
    os: normalized.os,
    architecture: normalized.architecture,
    ...(variant === '' ? {} : { variant }),
    ...(osVersion === '' ? {} : { 'os.version': osVersion }),
    ...(osFeatures.length === 0 ? {} : { 'os.features': osFeatures })
  }
}

/** The document: a Docker list has no annotations field; an OCI index gets one only when there are any. */
function buildIndex(
  mediaType: string,
  manifests: Descriptor[],
  annotations: Record<string, string>
): ImageIndex {
  const sorted = sortedAnnotations(annotations)
  if (mediaType === MediaType.dockerList || Object.keys(sorted).length === 0) {
    return { schemaVersion: 2, mediaType, manifests }
  }
  return { schemaVersion: 2, mediaType, manifests, annotations: sorted }
}

/** Keys in byte order, as Go's encoding/json writes maps, so insertion order never changes the digest. */
function sortedAnnotations(annotations: Record<string, string>): Record<string, string> {
  // fromEntries defines own properties, so even a `__proto__` key stays an annotation
  return Object.fromEntries(Object.entries(annotations).sort(([a], [b]) => compareCodePoints(a, b)))
}

function rejectOversized(bytes: Buffer): void {
  if (bytes.length > MAX_MANIFEST_BYTES) {
    throw new ActionError(
      'invalid-input',
      `the assembled index is ${bytes.length} bytes, over the ${MAX_MANIFEST_BYTES}-byte manifest limit registries enforce`,
      { hint: 'publish fewer platforms or fewer attestations, or shorten the annotations' }
    )
  }
}

function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}
