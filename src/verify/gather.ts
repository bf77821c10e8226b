/**
 * Reads what verification needs through an ImageSource (the registry client in the action, plain data in
 * tests): the index, each image's manifest and config, and — for the binary check — layers from the top
 * until the file to check is settled (or every layer, with `verifyLayers: 'all'`). Layers go through one
 * LayerScanner: each is read once per run, to its end (digest checked), shared by every platform that
 * has it, streaming concurrently under a bytes-in-flight bound. A per-platform read budget stops a
 * platform whose answer lies too deep; its row then says what was read and what was not.
 */
import type { ParsedManifest } from '../oci/parse.js'
import type { ImageSource, Repository } from '../registry/ports.js'
import { isActionError, ActionError } from '../errors.js'
import {
  isAttestation,
  isIndexMediaType,
  type Descriptor,
  type ImageConfig,
  type Platform
} from '../oci/types.js'
import { mapBounded } from '../pool.js'
import { formatReference, type ImageReference } from '../reference/reference.js'
import { chooseCandidate } from './entrypoint.js'
import { ImageFiles } from './image-files.js'
import type {
  BinaryEvidence,
  EntryEvidence,
  FoundBinary,
  ImageEvidence,
  LayerRead,
  LayersEvidence,
  VerifyLayers
} from './evidence.js'
import {
  LayerScanner,
  WHOLE_LAYER,
  type LayerReads,
  type LayerScan,
  type LayerScannerOptions
} from './layers.js'

export interface GatherOptions {
  /** Whether to read layers for an entry's binary check. */
  checkBinary: (platform: Platform | undefined) => boolean
  /** Whether an entry's layers must be read whole under `verifyLayers: 'all'`; default: checkBinary. */
  readLayers?: (platform: Platform | undefined) => boolean
  /** Manifests and configs read at once. */
  concurrency?: number
  /** Default 'read'. */
  verifyLayers?: VerifyLayers
  /** Compressed bytes one platform's check may read under 'read' (default DEFAULT_READ_BUDGET; Infinity: none). */
  readBudget?: number
  /** A scanner shared with other phases of the run (a layer read there is not read again). */
  scanner?: LayerReads
  /** For a scanner made here. */
  scannerOptions?: LayerScannerOptions
}

/**
 * 512 MiB of compressed layers per platform: it bounds a platform's check to seconds on a fast registry
 * while covering the top layers of common images whole.
 */
export const DEFAULT_READ_BUDGET = 512 * 1024 * 1024

// As many reads at once as the transport keeps connections per registry: 64 children in one wave.
const DEFAULT_CONCURRENCY = 64
const MAX_CONFIG_BYTES = 8 * 1024 * 1024
// Foreign layers (Windows base layers) live on another host by design and are not in the registry.
const FOREIGN_LAYER = /foreign/

interface Context {
  source: ImageSource
  options: GatherOptions
  scanner: LayerReads
}

export async function gatherEvidence(
  source: ImageSource,
  ref: ImageReference,
  options: GatherOptions
): Promise<ImageEvidence> {
  const root = await source.getManifest(ref)
  const reference = formatReference(ref)
  const limit = options.concurrency ?? DEFAULT_CONCURRENCY
  const ctx: Context = {
    source,
    options,
    scanner: options.scanner ?? new LayerScanner(options.scannerOptions)
  }
  if (root.parsed.kind === 'manifest') {
    const descriptor: Descriptor = { mediaType: root.mediaType, digest: root.digest, size: 0 }
    const entry = markShared(await readImage(ctx, ref, { descriptor, manifest: root.parsed }), ctx.scanner)
    return {
      reference,
      digest: root.digest,
      mediaType: root.mediaType,
      kind: 'manifest',
      entries: [entry],
      attestations: [],
      nestedIndexes: [],
      ...reading(ctx.scanner)
    }
  }
  const manifests = root.parsed.index.manifests
  const images = manifests.filter((m) => !isAttestation(m) && !isIndexMediaType(m.mediaType))
  const read = await mapBounded(images, limit, (descriptor) => readImage(ctx, ref, { descriptor }))
  const entries = read.map((entry) => markShared(entry, ctx.scanner))
  return {
    reference,
    digest: root.digest,
    mediaType: root.mediaType,
    kind: 'index',
    entries,
    attestations: manifests.filter(isAttestation),
    nestedIndexes: manifests.filter((m) => !isAttestation(m) && isIndexMediaType(m.mediaType)),
    ...reading(ctx.scanner)
  }
}

function reading(scanner: LayerReads): Pick<ImageEvidence, 'reading'> {
  const stats = scanner.stats()
  return stats.layersRead > 0 ? { reading: stats } : {}
}

/** A layer is shared when more than one reader of this run asked for it; known only once all have asked. */
function markShared(entry: EntryEvidence, scanner: LayerReads): EntryEvidence {
  if (!entry.layers) return entry
  const read = entry.layers.read.map((l) => ({ ...l, shared: scanner.readers(l.digest) > 1 }))
  return { ...entry, layers: { ...entry.layers, read } }
}

async function readImage(
  ctx: Context,
  ref: ImageReference,
  entry: { descriptor: Descriptor; manifest?: ParsedManifest }
): Promise<EntryEvidence> {
  const { source, options } = ctx
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
    // The top layer is read whatever the config says, so its read starts with the config's when the index
    // entry already says the platform needs it: one round trip less per image (its digest is checked all the same).
    const early = descriptor.platform
      ? startTopLayer(ctx, repo, parsed.manifest.layers, descriptor.platform)
      : undefined
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
    const policy = options.verifyLayers ?? 'read'
    const checking = options.checkBinary(platform)
    const readingAll = policy === 'all' && (options.readLayers ?? options.checkBinary)(platform)
    if (!checking && !readingAll) {
      return { ...withConfig, binary: { status: 'not-checked', reason: 'not a required platform' } }
    }
    const scanned = await scanLayers(
      ctx,
      repo,
      parsed.manifest.layers,
      config,
      readingAll ? 'all' : 'read',
      early
    )
    return {
      ...withConfig,
      binary: checking ? scanned.binary : { status: 'not-checked', reason: 'check-binaries is off' },
      layers: scanned.layers
    }
  } catch (error) {
    return { ...base, error: isActionError(error) ? error.oneLine() : String(error) }
  }
}

function parseConfig(bytes: Buffer, digest: string): ImageConfig {
  let json: unknown
  try {
    json = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw new ActionError('registry', `the config of ${digest} is not JSON`, {
      hint: 'the image was pushed with a broken config; rebuild and push it again'
    })
  }
  const config = json as Partial<ImageConfig> | null
  if (typeof config?.os !== 'string' || typeof config.architecture !== 'string') {
    throw new ActionError('registry', `the config of ${digest} has no os/architecture`, {
      hint: 'the config does not state its platform; rebuild the image with buildx'
    })
  }
  return config as ImageConfig
}

const isForeign = (layer: Descriptor): boolean => FOREIGN_LAYER.test(layer.mediaType)

function record(layer: Descriptor, scan: LayerScan | undefined): LayerRead {
  if (!scan) return { digest: layer.digest, size: layer.size, bytesRead: 0, status: 'foreign', shared: false }
  return {
    digest: layer.digest,
    size: layer.size,
    bytesRead: scan.bytesRead,
    status: scan.status,
    shared: false,
    ...(scan.message ? { message: scan.message } : {})
  }
}

/** A read begun before the config arrived: the layer's place from the top, and its scan. */
interface EarlyScan {
  index: number
  scan: Promise<LayerScan>
}

/**
 * The top layer's scan, started as scanLayers would start it (same cap), when `platform` is checked or read
 * whole; undefined when it is not, or when the top layer is foreign.
 */
function startTopLayer(
  ctx: Context,
  repo: Repository,
  layers: Descriptor[],
  platform: Platform
): EarlyScan | undefined {
  const { options } = ctx
  const policy = options.verifyLayers ?? 'read'
  const readingAll = policy === 'all' && (options.readLayers ?? options.checkBinary)(platform)
  if (!options.checkBinary(platform) && !readingAll) return undefined
  const top = layers[layers.length - 1]
  if (!top || isForeign(top)) return undefined
  const budget = readingAll ? WHOLE_LAYER : (options.readBudget ?? DEFAULT_READ_BUDGET)
  if (budget <= 0) return undefined
  return {
    index: 0,
    scan: ctx.scanner.scan(ctx.source, repo, top, top.size <= budget ? WHOLE_LAYER : budget)
  }
}

/**
 * Layers from the top until chooseCandidate settles, each read whole (so its digest is checked), within
 * the platform's read budget; under 'all', every layer. A layer that fails its digest ends the walk:
 * nothing read from that image is trusted.
 */
async function scanLayers(
  ctx: Context,
  repo: Repository,
  layers: Descriptor[],
  config: ImageConfig,
  policy: VerifyLayers,
  early?: EarlyScan
): Promise<{ binary: BinaryEvidence; layers: LayersEvidence }> {
  const budget = policy === 'all' ? WHOLE_LAYER : (ctx.options.readBudget ?? DEFAULT_READ_BUDGET)
  const topDown = [...layers].reverse()
  const evidence: LayersEvidence = {
    policy,
    total: layers.length,
    totalBytes: layers.reduce((sum, l) => sum + l.size, 0),
    read: [],
    ...(Number.isFinite(budget) ? { budget } : {}),
    budgetExhausted: false,
    binaries: []
  }
  const files = new ImageFiles()
  const scans: (Promise<LayerScan> | undefined)[] =
    policy === 'all'
      ? topDown.map((l, i) =>
          isForeign(l)
            ? undefined
            : i === early?.index
              ? early.scan
              : ctx.scanner.scan(ctx.source, repo, l, WHOLE_LAYER)
        )
      : []
  if (early && policy === 'read') scans[early.index] = early.scan
  let used = 0
  let reachedBottom = true
  for (const [i, layer] of topDown.entries()) {
    if (isForeign(layer)) {
      evidence.read.push(record(layer, undefined))
      files.endLayer()
      continue
    }
    const remaining = budget - used
    if (remaining <= 0) {
      evidence.budgetExhausted = true
      reachedBottom = false
      break
    }
    const scan = await (scans[i] ??
      ctx.scanner.scan(ctx.source, repo, layer, layer.size <= remaining ? WHOLE_LAYER : remaining))
    evidence.read.push(record(layer, scan))
    used += scan.status === 'verified' ? layer.size : scan.bytesRead
    if (scan.status === 'mismatch' || scan.status === 'unreadable') {
      return {
        binary: { status: 'not-checked', reason: `layer ${layer.digest} could not be verified` },
        layers: evidence
      }
    }
    for (const entry of scan.entries) files.add(entry)
    files.endLayer()
    if (scan.status === 'partial') {
      evidence.budgetExhausted = true
      reachedBottom = false
      break
    }
    if (policy === 'read') {
      if (chooseCandidate(config, files).status === 'chosen') {
        reachedBottom = i === topDown.length - 1
        break
      }
    }
  }
  if (reachedBottom) files.finish()
  evidence.binaries = visibleBinaries(files, topDown)
  const layersRead = evidence.read.length
  const last = chooseCandidate(config, files)
  if (last.status === 'chosen') return { binary: { ...last, layersRead }, layers: evidence }
  if (last.status === 'none')
    return { binary: { status: 'none', reason: last.reason, layersRead }, layers: evidence }
  return {
    binary: {
      status: 'not-checked',
      reason: `${last.reason}; the read budget ran out after ${layersRead} of ${layers.length} layers`
    },
    layers: evidence
  }
}

function visibleBinaries(files: ImageFiles, topDown: Descriptor[]): FoundBinary[] {
  const found: FoundBinary[] = []
  for (const file of files.values()) {
    if (!file.identity || file.loadable === false) continue
    if (file.type !== 'file' && file.type !== 'hardlink') continue
    found.push({ path: file.path, identity: file.identity, layer: topDown[file.layer]?.digest ?? '' })
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
