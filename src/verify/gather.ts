/**
 * Reads what verification needs through an ImageSource (the registry client in the action, plain data in
 * tests): the index, each image's manifest and config, and — for the binary check — layers from the top,
 * only until the file to check is settled. Reads run concurrently (bounded), so N platforms cost about
 * one round of requests per level, not N rounds.
 */
import { createGunzip, type Gunzip } from 'node:zlib'
import * as zlib from 'node:zlib'
import { Transform, type Readable, type TransformCallback } from 'node:stream'
import type { ParsedManifest } from '../oci/parse.js'
import type { ImageSource } from '../registry/ports.js'
import { isPublishError } from '../errors.js'
import {
  isAttestation,
  isIndexMediaType,
  type Descriptor,
  type ImageConfig,
  type Platform
} from '../oci/types.js'
import { mapBounded } from '../pool.js'
import { formatReference, type ImageReference } from '../reference/reference.js'
import { chooseCandidate, ImageFiles } from './binary-candidate.js'
import type { BinaryEvidence, EntryEvidence, ImageEvidence } from './evidence.js'
import { TarReader } from './tar.js'

export interface GatherOptions {
  /** Whether to read layers for an entry's binary check. */
  checkBinary: (platform: Platform | undefined) => boolean
  concurrency?: number
}

const DEFAULT_CONCURRENCY = 8
const MAX_CONFIG_BYTES = 8 * 1024 * 1024
// Foreign layers (Windows base layers) live on another host by design and are not in the registry.
const FOREIGN_LAYER = /foreign/

export async function gatherEvidence(
  source: ImageSource,
  ref: ImageReference,
  options: GatherOptions
): Promise<ImageEvidence> {
  const root = await source.getManifest(ref)
  const reference = formatReference(ref)
  const limit = options.concurrency ?? DEFAULT_CONCURRENCY
  if (root.parsed.kind === 'manifest') {
    const descriptor: Descriptor = { mediaType: root.mediaType, digest: root.digest, size: 0 }
    const entry = await readImage(source, ref, { descriptor, manifest: root.parsed }, options)
    return {
      reference,
      digest: root.digest,
      mediaType: root.mediaType,
      kind: 'manifest',
      entries: [entry],
      attestations: [],
      nestedIndexes: []
    }
  }
  const manifests = root.parsed.index.manifests
  const images = manifests.filter((m) => !isAttestation(m) && !isIndexMediaType(m.mediaType))
  const entries = await mapBounded(images, limit, (descriptor) =>
    readImage(source, ref, { descriptor }, options)
  )
  return {
    reference,
    digest: root.digest,
    mediaType: root.mediaType,
    kind: 'index',
    entries,
    attestations: manifests.filter(isAttestation),
    nestedIndexes: manifests.filter((m) => !isAttestation(m) && isIndexMediaType(m.mediaType))
  }
}

async function readImage(
  source: ImageSource,
  ref: ImageReference,
  entry: { descriptor: Descriptor; manifest?: ParsedManifest },
  options: GatherOptions
): Promise<EntryEvidence> {
  const { descriptor } = entry
  const base: EntryEvidence = {
    descriptor,
    ...(descriptor.platform ? { platform: descriptor.platform } : {}),
    binary: { status: 'not-checked', reason: 'not read' }
  }
  const repo = { registry: ref.registry, repository: ref.repository }
  try {
    const parsed = entry.manifest ?? (await source.getManifest({ ...repo, digest: descriptor.digest })).parsed
    if (parsed.kind !== 'manifest')
      return { ...base, error: `entry ${descriptor.digest} is an index, not an image` }
    const config = parseConfig(
      await source.readBlob(repo, parsed.manifest.config.digest, MAX_CONFIG_BYTES),
      descriptor.digest
    )
    const platform = descriptor.platform ?? {
      os: config.os,
      architecture: config.architecture,
      ...(config.variant ? { variant: config.variant } : {}),
      ...(config['os.version'] ? { 'os.version': config['os.version'] } : {})
    }
    const withConfig: EntryEvidence = { ...base, platform, childMediaType: parsed.mediaType, config }
    if (!options.checkBinary(platform)) {
      return { ...withConfig, binary: { status: 'not-checked', reason: 'not a required platform' } }
    }
    return { ...withConfig, binary: await scanLayers(source, repo, parsed.manifest.layers, config) }
  } catch (error) {
    return { ...base, error: isPublishError(error) ? error.oneLine() : String(error) }
  }
}

function parseConfig(bytes: Buffer, digest: string): ImageConfig {
  let json: unknown
  try {
    json = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw new Error(`the config of ${digest} is not JSON`)
  }
  const config = json as Partial<ImageConfig> | null
  if (typeof config?.os !== 'string' || typeof config.architecture !== 'string') {
    throw new Error(`the config of ${digest} has no os/architecture`)
  }
  return config as ImageConfig
}

/** Layers from the top until chooseCandidate settles; stops reading a layer as soon as it can. */
async function scanLayers(
  source: ImageSource,
  repo: { registry: string; repository: string },
  layers: Descriptor[],
  config: ImageConfig
): Promise<BinaryEvidence> {
  const files = new ImageFiles()
  let layersRead = 0
  try {
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i] as Descriptor
      layersRead++
      if (FOREIGN_LAYER.test(layer.mediaType)) {
        files.endLayer()
        continue
      }
      const settled = await readLayer(await source.getBlob(repo, layer.digest), files, config)
      if (settled) return { ...settled, layersRead }
      files.endLayer()
      const candidate = chooseCandidate(config, files)
      if (candidate.status === 'chosen') return { ...candidate, layersRead }
    }
    files.finish()
    const last = chooseCandidate(config, files)
    if (last.status === 'chosen') return { ...last, layersRead }
    return { status: 'none', reason: last.reason, layersRead }
  } catch (error) {
    return {
      status: 'error',
      message: isPublishError(error)
        ? error.oneLine()
        : error instanceof Error
          ? error.message
          : String(error)
    }
  }
}

/** Streams one layer into `files`; returns the chosen binary if it is settled mid-layer. */
async function readLayer(
  blob: Readable,
  files: ImageFiles,
  config: ImageConfig
): Promise<Extract<BinaryEvidence, { status: 'chosen' }> | undefined> {
  const tar = new TarReader()
  const decoded = blob.pipe(new Decompress())
  blob.on('error', (error) => decoded.destroy(error))
  try {
    for await (const chunk of decoded as AsyncIterable<Buffer>) {
      const entries = tar.push(chunk)
      for (const entry of entries) files.add(entry)
      if (entries.length > 0) {
        const candidate = chooseCandidate(config, files)
        if (candidate.status === 'chosen') return { ...candidate, layersRead: 0 }
      }
    }
    for (const entry of tar.end()) files.add(entry)
    return undefined
  } finally {
    blob.destroy()
    decoded.destroy()
  }
}

/**
 * Gzip, zstd or plain tar, told apart by their magic numbers (RFC 1952 1f 8b; RFC 8878 28 b5 2f fd):
 * registries and builders do not always label layers by their real compression.
 */
class Decompress extends Transform {
  private inner: Gunzip | Transform | undefined

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.inner) {
      try {
        this.inner = decoderFor(chunk)
      } catch (error) {
        callback(error as Error)
        return
      }
      this.inner.on('data', (data: Buffer) => this.push(data))
      this.inner.on('error', (error) => this.destroy(error))
    }
    if (this.inner.write(chunk)) callback()
    else
      this.inner.once('drain', () => {
        callback()
      })
  }

  override _flush(callback: TransformCallback): void {
    if (!this.inner) {
      callback()
      return
    }
    this.inner.once('end', () => {
      callback()
    })
    this.inner.end()
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.inner?.destroy()
    callback(error)
  }
}

function decoderFor(head: Buffer): Gunzip | Transform {
  if (head[0] === 0x1f && head[1] === 0x8b) return createGunzip()
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) {
    const zstd = (zlib as unknown as { createZstdDecompress?: () => Transform }).createZstdDecompress
    if (!zstd)
      throw new Error('a zstd layer needs Node 22.15 or later to be read (the action runs on Node 24)')
    return zstd()
  }
  return new Transform({
    transform: (chunk: Buffer, _e, cb) => {
      cb(null, chunk)
    }
  })
}
