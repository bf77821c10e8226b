/**
 * Real images pushed through the product's registry client: gzip layers holding real files (Debian's
 * static busybox for each architecture, from the bench), configs, manifests and indexes whose bytes are
 * known, so tests can build exactly the good and broken images verification must tell apart.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { sha256Digest, type RegistryClient, type Repository } from '../../src/registry/client.js'
import { MediaType, type Descriptor, type ImageConfig, type Platform } from '../../src/oci/types.js'
import { bench } from './bench.js'
import { tarBytes, type TarWriterEntry } from './tar-writer.js'

export interface PushedImage {
  digest: string
  bytes: Buffer
  mediaType: string
  descriptor: Descriptor
  blobs: Buffer[]
}

export interface ImageSpec {
  /** The platform the index entry claims. */
  platform: Platform
  /** The platform the config states; default: the same (differing = a mislabelled entry). */
  configPlatform?: Platform
  /** Layer content; default: one small text file. */
  files?: TarWriterEntry[]
  cmd?: string[]
  docker?: boolean
  tag?: string
  /** Config labels (e.g. org.opencontainers.image.revision, as publish mode records it). */
  labels?: Record<string, string>
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value))

/** The bench's static busybox for an architecture (amd64, arm64, arm/v7 → armv7, 386, …). */
export function busybox(platform: Pick<Platform, 'architecture' | 'variant'>): Buffer {
  const dir = platform.architecture + (platform.architecture === 'arm' ? (platform.variant ?? 'v7') : '')
  return readFileSync(path.join(bench().context, dir, 'busybox'))
}

/** A busybox root: /bin/busybox and /bin/sh → busybox, run as `sh`. */
export function busyboxFiles(platform: Pick<Platform, 'architecture' | 'variant'>): TarWriterEntry[] {
  return [
    { path: 'bin/', type: 'directory' },
    { path: 'bin/busybox', content: busybox(platform), mode: 0o755 },
    { path: 'bin/sh', type: 'symlink', linkTarget: 'busybox' }
  ]
}

/** One image: a gzip layer, a config naming the platform, an OCI or Docker manifest; pushed by digest or tag. */
export async function pushImage(
  client: RegistryClient,
  repo: Repository,
  platform: Platform,
  options: Omit<ImageSpec, 'platform'> & { layer?: Buffer } = {}
): Promise<PushedImage> {
  const files = options.files ?? [
    { path: 'etc/label', content: `${platform.os}/${platform.architecture} ${Math.random()}\n` }
  ]
  const tar = Buffer.from(tarBytes(files))
  const layer = options.layer ?? gzipSync(tar)
  const stated = options.configPlatform ?? platform
  const config: ImageConfig = {
    ...stated,
    rootfs: { type: 'layers', diff_ids: [sha256Digest(options.layer ?? tar)] },
    config: {
      ...(options.cmd ? { Cmd: options.cmd } : {}),
      ...(options.labels ? { Labels: options.labels } : {})
    }
  }
  const configBytes = json(config)
  for (const blob of [layer, configBytes]) await client.uploadBlob(repo, sha256Digest(blob), blob)
  const mediaType = options.docker ? MediaType.dockerManifest : MediaType.ociManifest
  const bytes = json({
    schemaVersion: 2,
    mediaType,
    config: {
      mediaType: options.docker ? MediaType.dockerConfig : MediaType.ociConfig,
      digest: sha256Digest(configBytes),
      size: configBytes.length
    },
    layers: [
      {
        mediaType: options.layer
          ? MediaType.ociLayerTar
          : options.docker
            ? MediaType.dockerLayerGzip
            : MediaType.ociLayerGzip,
        digest: sha256Digest(layer),
        size: layer.length
      }
    ]
  })
  const ref = { ...repo, ...(options.tag ? { tag: options.tag } : { digest: sha256Digest(bytes) }) }
  const digest = await client.putManifest(ref, bytes, mediaType)
  return {
    digest,
    bytes,
    mediaType,
    descriptor: { mediaType, digest, size: bytes.length, platform },
    blobs: [layer, configBytes]
  }
}

/** An attestation manifest for `subject`, as buildx writes it beside each image (unknown/unknown). */
export async function pushAttestation(
  client: RegistryClient,
  repo: Repository,
  subject: string
): Promise<Descriptor> {
  const statement = json({
    _type: 'https://in-toto.io/Statement/v0.1',
    subject: [{ digest: { sha256: subject.slice(7) } }]
  })
  const config = json({
    architecture: 'unknown',
    os: 'unknown',
    config: {},
    rootfs: { type: 'layers', diff_ids: [] }
  })
  for (const blob of [statement, config]) await client.uploadBlob(repo, sha256Digest(blob), blob)
  const bytes = json({
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: { mediaType: MediaType.ociConfig, digest: sha256Digest(config), size: config.length },
    layers: [
      { mediaType: 'application/vnd.in-toto+json', digest: sha256Digest(statement), size: statement.length }
    ]
  })
  const digest = await client.putManifest(
    { ...repo, digest: sha256Digest(bytes) },
    bytes,
    MediaType.ociManifest
  )
  return {
    mediaType: MediaType.ociManifest,
    digest,
    size: bytes.length,
    platform: { os: 'unknown', architecture: 'unknown' },
    annotations: {
      'vnd.docker.reference.type': 'attestation-manifest',
      'vnd.docker.reference.digest': subject
    }
  }
}

/** Images for each spec, then an OCI index (or Docker list) of them under `tag`. */
export async function pushIndex(
  client: RegistryClient,
  repo: Repository,
  specs: (Platform | ImageSpec)[],
  tag: string,
  options: { docker?: boolean; extra?: Descriptor[] } = {}
): Promise<{ index: PushedImage; children: PushedImage[] }> {
  const children: PushedImage[] = []
  for (const spec of specs) {
    const { platform, ...rest } = 'platform' in spec ? spec : { platform: spec }
    children.push(
      await pushImage(client, repo, platform, { ...(options.docker ? { docker: true } : {}), ...rest })
    )
  }
  const mediaType = options.docker ? MediaType.dockerList : MediaType.ociIndex
  const bytes = json({
    schemaVersion: 2,
    mediaType,
    manifests: [...children.map((c) => c.descriptor), ...(options.extra ?? [])]
  })
  const digest = await client.putManifest({ ...repo, tag }, bytes, mediaType)
  return {
    index: { digest, bytes, mediaType, descriptor: { mediaType, digest, size: bytes.length }, blobs: [] },
    children
  }
}
