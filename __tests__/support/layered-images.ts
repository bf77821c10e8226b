/**
 * Images of several layers pushed through the product's client, for the layer-reading tests and benches:
 * shared or distinct big layers, native modules, and a way to corrupt a blob in the registry's own
 * storage after it was pushed (what a disk fault or a tampering mirror serves).
 */
import { randomBytes } from 'node:crypto'
import { openSync, writeSync, closeSync, statSync } from 'node:fs'
import path from 'node:path'
import { gzipSync, constants } from 'node:zlib'
import { MediaType, type Descriptor, type Platform } from '../../src/oci/types.js'
import { sha256Digest, type RegistryClient, type Repository } from '../../src/registry/client.js'
import { benchDir } from './bench.js'
import { tarBytes, type TarWriterEntry } from './tar-writer.js'

export interface Layer {
  gz: Buffer
  descriptor: Descriptor
  diffId: string
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value))

/** A gzip layer of these files (level 1: big random files do not compress anyway). */
export function makeLayer(files: TarWriterEntry[], docker = false): Layer {
  const tar = Buffer.from(tarBytes(files))
  const gz = gzipSync(tar, { level: constants.Z_BEST_SPEED })
  return {
    gz,
    diffId: sha256Digest(tar),
    descriptor: {
      mediaType: docker ? MediaType.dockerLayerGzip : MediaType.ociLayerGzip,
      digest: sha256Digest(gz),
      size: gz.length
    }
  }
}

/** A layer holding one file of `bytes` random bytes (incompressible: the compressed size is about the same). */
export function bigLayer(bytes: number, name = 'srv/assets.bin'): Layer {
  return makeLayer([{ path: name, content: randomBytes(bytes) }])
}

/** Uploads the layers (bottom first) unless present, then a config and a manifest; returns the descriptor. */
export async function pushLayered(
  client: RegistryClient,
  repo: Repository,
  platform: Platform,
  layers: Layer[],
  options: { entrypoint?: string[]; docker?: boolean; uploaded?: Set<string> } = {}
): Promise<Descriptor> {
  const uploaded = options.uploaded ?? new Set<string>()
  for (const layer of layers) {
    const key = `${repo.registry}/${repo.repository}@${layer.descriptor.digest}`
    if (uploaded.has(key)) continue
    await client.uploadBlob(repo, layer.descriptor.digest, layer.gz)
    uploaded.add(key)
  }
  const config = json({
    ...platform,
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    config: options.entrypoint ? { Entrypoint: options.entrypoint } : {}
  })
  await client.uploadBlob(repo, sha256Digest(config), config)
  const mediaType = options.docker ? MediaType.dockerManifest : MediaType.ociManifest
  const bytes = json({
    schemaVersion: 2,
    mediaType,
    config: {
      mediaType: options.docker ? MediaType.dockerConfig : MediaType.ociConfig,
      digest: sha256Digest(config),
      size: config.length
    },
    layers: layers.map((l) => l.descriptor)
  })
  const digest = await client.putManifest({ ...repo, digest: sha256Digest(bytes) }, bytes, mediaType)
  return { mediaType, digest, size: bytes.length, platform }
}

/** An OCI index (or Docker list) of these children under `tag`. */
export async function pushIndexOf(
  client: RegistryClient,
  repo: Repository,
  children: Descriptor[],
  tag: string,
  docker = false
): Promise<string> {
  const mediaType = docker ? MediaType.dockerList : MediaType.ociIndex
  return client.putManifest(
    { ...repo, tag },
    json({ schemaVersion: 2, mediaType, manifests: children }),
    mediaType
  )
}

/** Where the anonymous bench registry keeps a blob's bytes (distribution's filesystem layout). */
export function blobPath(digest: string): string {
  const hex = digest.slice('sha256:'.length)
  return path.join(
    benchDir(),
    'registry-anon',
    'data',
    'docker',
    'registry',
    'v2',
    'blobs',
    'sha256',
    hex.slice(0, 2),
    hex,
    'data'
  )
}

/** Flips bytes of a stored blob at `offset` (same size): the registry then serves bytes that miss the digest. */
export function corruptStoredBlob(digest: string, offset: number): void {
  const file = blobPath(digest)
  const at = Math.min(offset, statSync(file).size - 16)
  const fd = openSync(file, 'r+')
  try {
    writeSync(fd, randomBytes(16), 0, 16, at)
  } finally {
    closeSync(fd)
  }
}
