/**
 * Small real images pushed through the product's registry client: single-platform images and
 * multi-platform indexes whose bytes are known, so tests can compare what comes back byte for byte.
 */
import { sha256Digest, type RegistryClient, type Repository } from '../../src/registry/client.js'
import { MediaType, type Descriptor, type Platform } from '../../src/oci/types.js'

export interface PushedImage {
  digest: string
  bytes: Buffer
  mediaType: string
  descriptor: Descriptor
  blobs: Buffer[]
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value))

/** One image for a platform: a layer blob, a config naming the platform, an OCI or Docker manifest. */
export async function pushImage(
  client: RegistryClient,
  repo: Repository,
  platform: Platform,
  options: { docker?: boolean; tag?: string; layer?: Buffer } = {}
): Promise<PushedImage> {
  const layer =
    options.layer ??
    Buffer.from(
      `layer of ${platform.os}/${platform.architecture}${platform.variant ?? ''} ${Math.random()}\n`
    )
  const config = json({
    ...platform,
    rootfs: { type: 'layers', diff_ids: [sha256Digest(layer)] },
    config: {}
  })
  for (const blob of [layer, config]) await client.uploadBlob(repo, sha256Digest(blob), blob)
  const mediaType = options.docker ? MediaType.dockerManifest : MediaType.ociManifest
  const bytes = json({
    schemaVersion: 2,
    mediaType,
    config: {
      mediaType: options.docker ? MediaType.dockerConfig : MediaType.ociConfig,
      digest: sha256Digest(config),
      size: config.length
    },
    layers: [
      {
        mediaType: options.docker ? 'application/vnd.docker.image.rootfs.diff.tar' : MediaType.ociLayerTar,
        digest: sha256Digest(layer),
        size: layer.length
      }
    ]
  })
  const digest = await client.putManifest(
    { ...repo, ...(options.tag ? { tag: options.tag } : { digest: sha256Digest(bytes) }) },
    bytes,
    mediaType
  )
  return {
    digest,
    bytes,
    mediaType,
    descriptor: { mediaType, digest, size: bytes.length, platform },
    blobs: [layer, config]
  }
}

/** Images for each platform, then an OCI index (or Docker list) of them under `tag`. */
export async function pushIndex(
  client: RegistryClient,
  repo: Repository,
  platforms: Platform[],
  tag: string,
  options: { docker?: boolean } = {}
): Promise<{ index: PushedImage; children: PushedImage[] }> {
  const children: PushedImage[] = []
  for (const platform of platforms) children.push(await pushImage(client, repo, platform, options))
  const mediaType = options.docker ? MediaType.dockerList : MediaType.ociIndex
  const bytes = json({ schemaVersion: 2, mediaType, manifests: children.map((c) => c.descriptor) })
  const digest = await client.putManifest({ ...repo, tag }, bytes, mediaType)
  return {
    index: { digest, bytes, mediaType, descriptor: { mediaType, digest, size: bytes.length }, blobs: [] },
    children
  }
}
