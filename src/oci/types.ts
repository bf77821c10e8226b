/**
 * OCI and Docker image types, separate from behaviour (image-spec: descriptor.md, manifest.md,
 * image-index.md, config.md; Docker's Image Manifest V2 Schema 2). Pure: no I/O.
 */
export const MediaType = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerTar: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerForeignLayerGzip: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip'
} as const

/** Every manifest and index type a registry may answer with: send all four in Accept. */
export const MANIFEST_MEDIA_TYPES = [
  MediaType.ociIndex,
  MediaType.dockerList,
  MediaType.ociManifest,
  MediaType.dockerManifest
] as const

export const INDEX_MEDIA_TYPES: readonly string[] = [MediaType.ociIndex, MediaType.dockerList]
export const IMAGE_MANIFEST_MEDIA_TYPES: readonly string[] = [MediaType.ociManifest, MediaType.dockerManifest]

/** Docker's 4 MiB manifest limit (distribution's default; also what most registries enforce). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024

/** The annotation buildx puts on the attestation manifest beside each image (docker/buildx, attestations). */
export const ATTESTATION_REFERENCE_TYPE = 'vnd.docker.reference.type'
export const ATTESTATION_MANIFEST = 'attestation-manifest'
export const ATTESTATION_REFERENCE_DIGEST = 'vnd.docker.reference.digest'

export interface Platform {
  os: string
  architecture: string
  variant?: string
  'os.version'?: string
  'os.features'?: string[]
  features?: string[]
}

export interface Descriptor {
  mediaType: string
  digest: string
  size: number
  urls?: string[]
  annotations?: Record<string, string>
  platform?: Platform
  artifactType?: string
}

export interface ImageIndex {
  schemaVersion: 2
  mediaType?: string
  artifactType?: string
  manifests: Descriptor[]
  subject?: Descriptor
  annotations?: Record<string, string>
}

export interface ImageManifest {
  schemaVersion: 2
  mediaType?: string
  artifactType?: string
  config: Descriptor
  layers: Descriptor[]
  subject?: Descriptor
  annotations?: Record<string, string>
}

export interface ImageConfig {
  os: string
  architecture: string
  variant?: string
  'os.version'?: string
  'os.features'?: string[]
  config?: {
    Entrypoint?: string[] | null
    Cmd?: string[] | null
    WorkingDir?: string
    Env?: string[]
    Labels?: Record<string, string> | null
  }
  rootfs?: { type: string; diff_ids: string[] }
}

export function isIndexMediaType(mediaType: string): boolean {
  return INDEX_MEDIA_TYPES.includes(mediaType)
}

export function isAttestation(descriptor: Descriptor): boolean {
  return descriptor.annotations?.[ATTESTATION_REFERENCE_TYPE] === ATTESTATION_MANIFEST
}
