/**
 * Reads layers for verification: each layer at most once per run, however many platforms (or phases)
 * ask for it, to its end so its digest is checked (the BlobReader's stream fails at its end when the
 * bytes do not hash to the digest), under a bytes-in-flight bound. What a scan finds — every entry with
 * its ELF/PE identity or '#!' line, whiteouts, symlinks — is kept by digest and replayed for each platform.
 *
 * A reader may cap how many bytes it needs (a platform's read budget): the read then stops once every
 * waiting reader has what it asked for, and the layer is reported as read in part, its digest not checked.
 */
import { createGunzip } from 'node:zlib'
import * as zlib from 'node:zlib'
import { finished, Transform, type Readable } from 'node:stream'
import { isActionError, ActionError } from '../errors.js'
import type { Descriptor } from '../oci/types.js'
import type { ImageSource, Repository } from '../registry/ports.js'
import { describeEntry, type LayerEntry } from './image-files.js'
import { ByteLimiter } from './byte-limiter.js'
import { TarReader } from './tar.js'

/**
 * - verified: read to its end, digest checked, tar read whole;
 * - partial: reading stopped early (a read budget) — its digest was not checked;
 * - mismatch: the bytes do not hash to the digest (or are not the size the manifest states);
 * - unreadable: the registry failed it, or its bytes (digest checked) are not a tar the reader accepts.
 */
export type LayerStatus = 'verified' | 'partial' | 'mismatch' | 'unreadable'

export interface LayerScan {
  digest: string
  /** The size the manifest states (compressed bytes). */
  size: number
  /** Compressed bytes received. */
  bytesRead: number
  status: LayerStatus
  /** The entries seen (all of them when verified; those complete before the cut when partial). */
  entries: LayerEntry[]
  /** For mismatch and unreadable: one line saying what went wrong. */
  message?: string
}

export interface LayerScannerOptions {
  /** Sum of the sizes of the layers streaming at once (default 256 MiB); a bigger layer streams alone. */
  maxBytesInFlight?: number
  /** Streams open at once at most (default 16). */
  maxStreams?: number
}

export interface LayerScanStats {
  /** Distinct layers read (fully or in part). */
  layersRead: number
  /** Compressed bytes received over all layers. */
  bytesRead: number
  /** Layers asked for by more than one reader and read once for all of them. */
  layersShared: number
  /** Reads of a layer avoided because another reader had it (or was reading it). */
  readsSaved: number
  /** The most bytes of layer sizes streaming at once. */
  peakBytesInFlight: number
}

/** Read a layer to its end: no cap. */
export const WHOLE_LAYER = Number.POSITIVE_INFINITY

const DEFAULT_BYTES_IN_FLIGHT = 256 * 1024 * 1024
// Many small layers are bound by round trips, not bytes, so as many stream at once as the transport keeps
// connections per registry (64 children's top layers in one round trip); big ones are still bounded by
// DEFAULT_BYTES_IN_FLIGHT, which bounds memory.
const DEFAULT_STREAMS = 64
// Each inflated chunk costs a trip through the thread pool, a callback and a tar push: a chunk several
// times a network chunk lets one network chunk of a binary (inflating 2-4x) come out as one.
const INFLATE_CHUNK_BYTES = 256 * 1024

interface Job {
  result: Promise<LayerScan>
  /** The most bytes any waiting reader needs; grows while the read runs. */
  cap: number
  readers: number
  done: boolean
  /** Begun by a read ahead, before any reader asked. */
  ahead: boolean
  /** The blob while it streams, so a read ahead that is stopped can be cut. */
  blob?: Readable
  stopped?: boolean
}

const STOPPED = 'the read ahead was stopped'

/** What a read ahead keeps for the readers after it: a read to the end (digest checked) or to a cap. */
function kept(scan: LayerScan): boolean {
  return scan.status === 'verified' || scan.status === 'partial'
}

/** What verification asks of a scanner: a layer's scan, how many readers asked for it, the totals. */
export interface LayerReads {
  scan(source: ImageSource, repo: Repository, layer: Descriptor, cap?: number): Promise<LayerScan>
  readers(digest: string): number
  stats(): LayerScanStats
}

export class LayerScanner implements LayerReads {
  readonly #jobs = new Map<string, Job>()
  readonly #limiter: ByteLimiter
  #bytesRead = 0

  constructor(options: LayerScannerOptions = {}) {
    this.#limiter = new ByteLimiter({
      maxBytes: options.maxBytesInFlight ?? DEFAULT_BYTES_IN_FLIGHT,
      maxStreams: options.maxStreams ?? DEFAULT_STREAMS
    })
  }

  /**
   * The scan of `layer`, read from `repo` by the first reader that asks; later readers share it. `cap`
   * is how many compressed bytes this reader needs at most (WHOLE_LAYER: to the end). A reader arriving
   * after a capped read finished gets that read as it is: a layer is never read twice.
   */
  scan(source: ImageSource, repo: Repository, layer: Descriptor, cap = WHOLE_LAYER): Promise<LayerScan> {
    return this.#scan(source, repo, layer, cap, true)
  }

  /**
   * The same scans, prefetched: started before the readers that will ask (publish: while the build
   * session is still finishing its push; merge: while the other sources are read). A prefetch is no
   * reader: it counts in no `readers` and shares nothing. Only what it read whole and checked (or read
   * to a cap) is kept: a read the registry or the network failed, or whose bytes missed the digest, is
   * forgotten, and a reader that joined it while it ran reads again, so a failure is always found by the
   * reader who asks, in a read of its own (a fault of the moment is not reported as the image's).
   */
  prefetcher(): LayerReads {
    return {
      scan: (source, repo, layer, cap = WHOLE_LAYER) => this.#scan(source, repo, layer, cap, false),
      readers: (digest) => this.readers(digest),
      stats: () => this.stats()
    }
  }

  /**
   * Cuts every read ahead no reader has joined (a merge that failed before verifying): their streams
   * end now, as failed reads, and are forgotten; reads a reader joined go on.
   */
  stopReadingAhead(): void {
    for (const job of this.#jobs.values()) {
      if (!job.ahead || job.readers > 0 || job.done) continue
      job.stopped = true
      job.blob?.destroy(new Error(STOPPED))
    }
  }

  #scan(
    source: ImageSource,
    repo: Repository,
    layer: Descriptor,
    cap: number,
    counted: boolean
  ): Promise<LayerScan> {
    const existing = this.#jobs.get(layer.digest)
    if (existing) {
      if (counted) existing.readers += 1
      if (!existing.done) existing.cap = Math.max(existing.cap, cap)
      if (!counted || !existing.ahead) return existing.result
      // A reader that joined a read ahead still running takes its result only if it kept it.
      return existing.result.then((scan) =>
        kept(scan) ? scan : this.#readAgain(source, repo, layer, existing)
      )
    }
    const job: Job = {
      result: Promise.resolve(pending(layer)),
      cap,
      readers: counted ? 1 : 0,
      done: false,
      ahead: !counted
    }
    job.result = this.#read(source, repo, layer, job)
      .finally(() => {
        job.done = true
      })
      .then((scan) => {
        if (job.readers === 0 && !kept(scan) && this.#jobs.get(layer.digest) === job) {
          this.#jobs.delete(layer.digest)
        }
        return scan
      })
    this.#jobs.set(layer.digest, job)
    return job.result
  }

  /** A reader's own read after the read ahead it joined failed (the failed read is forgotten first). */
  #readAgain(source: ImageSource, repo: Repository, layer: Descriptor, failed: Job): Promise<LayerScan> {
    if (this.#jobs.get(layer.digest) === failed) this.#jobs.delete(layer.digest)
    return this.#scan(source, repo, layer, failed.cap, true)
  }

  /** How often `digest` was asked for (0: never). */
  readers(digest: string): number {
    return this.#jobs.get(digest)?.readers ?? 0
  }

  stats(): LayerScanStats {
    const jobs = [...this.#jobs.values()]
    return {
      layersRead: jobs.length,
      bytesRead: this.#bytesRead,
      layersShared: jobs.filter((j) => j.readers > 1).length,
      readsSaved: jobs.reduce((sum, j) => sum + j.readers - 1, 0),
      peakBytesInFlight: this.#limiter.peak.bytes
    }
  }

  async #read(source: ImageSource, repo: Repository, layer: Descriptor, job: Job): Promise<LayerScan> {
    const release = await this.#limiter.acquire(Math.min(layer.size, job.cap))
    const scan: LayerScan = {
      digest: layer.digest,
      size: layer.size,
      bytesRead: 0,
      status: 'verified',
      entries: []
    }
    if (job.stopped) {
      release()
      fail(scan, new Error(STOPPED))
      return scan
    }
    try {
      await this.#stream(source, repo, layer, job, scan)
    } finally {
      release()
    }
    return scan
  }

  async #stream(
    source: ImageSource,
    repo: Repository,
    layer: Descriptor,
    job: Job,
    scan: LayerScan
  ): Promise<void> {
    let blob: Readable
    try {
      blob = await source.getBlob(repo, layer.digest)
    } catch (error) {
      fail(scan, error)
      return
    }
    job.blob = blob
    if (job.stopped) blob.destroy(new Error(STOPPED))
    const decoder = new LayerDecoder(scan.entries)
    const ending = await feed(blob, decoder, (chunk) => {
      scan.bytesRead += chunk.length
      this.#bytesRead += chunk.length
      return scan.bytesRead >= job.cap && scan.bytesRead < layer.size ? 'stop' : 'more'
    })
    blob.destroy()
    job.blob = undefined
    if (ending.kind === 'stopped') {
      scan.status = 'partial'
      // Inflating runs on the thread pool: what was written before the cut may not have come out yet.
      await decoder.settle()
      return
    }
    if (ending.kind === 'failed') {
      // A digest mismatch surfaces here, at the end of the bytes: it outranks whatever the decoder said.
      fail(scan, ending.error)
      decoder.abandon()
      return
    }
    if (scan.bytesRead !== layer.size) {
      scan.status = 'mismatch'
      scan.message = `the registry sent ${scan.bytesRead} bytes, the manifest states ${layer.size}`
      decoder.abandon()
      return
    }
    const problem = await decoder.end()
    if (problem !== undefined) {
      scan.status = 'unreadable'
      scan.message = `its bytes match the digest but are not a layer tar: ${problem}`
    }
  }
}

/** How reading a blob ended: at its last byte, stopped by the reader, or failed (a digest mismatch too). */
type FeedEnding = { kind: 'ended' } | { kind: 'stopped' } | { kind: 'failed'; error: unknown }

/**
 * Hands the blob's chunks to `decoder` as they arrive, each after `count` has seen it ('stop': the read
 * ends with that chunk), pausing the blob while the decoder is full. 'data' events rather than async
 * iteration: that costs a promise per chunk, and its paused-mode reads concatenate (copy) the chunks
 * buffered meanwhile.
 */
function feed(
  blob: Readable,
  decoder: LayerDecoder,
  count: (chunk: Buffer) => 'more' | 'stop'
): Promise<FeedEnding> {
  return new Promise((resolve) => {
    let settled = false
    const settle = (ending: FeedEnding): void => {
      if (settled) return
      settled = true
      blob.off('data', onData)
      resolve(ending)
    }
    const onData = (chunk: Buffer): void => {
      const verdict = count(chunk)
      const room = decoder.write(chunk)
      if (verdict === 'stop') {
        settle({ kind: 'stopped' })
        return
      }
      if (!room) {
        blob.pause()
        decoder.onDrain(() => blob.resume())
      }
    }
    // As async iteration does: the readable side's end, an error, or a close before the end (an error too).
    finished(blob, { writable: false }, (error) => {
      settle(error ? { kind: 'failed', error } : { kind: 'ended' })
    })
    blob.on('data', onData)
  })
}

function pending(layer: Descriptor): LayerScan {
  return { digest: layer.digest, size: layer.size, bytesRead: 0, status: 'unreadable', entries: [] }
}

function fail(scan: LayerScan, error: unknown): void {
  const kind = isActionError(error) ? error.kind : undefined
  scan.status = kind === 'digest-mismatch' ? 'mismatch' : 'unreadable'
  scan.message = isActionError(error) ? error.message : error instanceof Error ? error.message : String(error)
}

/**
 * Decompression and tar reading fed chunk by chunk. A decoding failure is remembered, not thrown: the
 * raw bytes are still read to their end, so a corrupt layer is reported by its digest, not by zlib.
 */
class LayerDecoder {
  readonly #entries: LayerEntry[]
  readonly #tar = new TarReader()
  #inner: Transform | undefined
  #problem: string | undefined
  #ended: Promise<void> | undefined

  constructor(entries: LayerEntry[]) {
    this.#entries = entries
  }

  /** Feeds the next raw bytes; false when the decoder is full: wait for onDrain before writing more. */
  write(chunk: Buffer): boolean {
    if (this.#problem !== undefined) return true
    if (!this.#inner) {
      try {
        this.#inner = this.#open(chunk)
      } catch (error) {
        this.#problem = messageOf(error)
        return true
      }
    }
    return this.#inner.write(chunk)
  }

  /** Calls `then` once the decoder takes bytes again: drained, or failed (it then drops them). */
  onDrain(then: () => void): void {
    const inner = this.#inner
    if (!inner || this.#problem !== undefined) {
      then()
      return
    }
    const done = (): void => {
      inner.off('drain', done)
      inner.off('error', done)
      inner.off('close', done)
      then()
    }
    inner.on('drain', done)
    inner.on('error', done)
    inner.on('close', done)
  }

  /** Ends the stream; returns what was wrong with it, if anything. */
  async end(): Promise<string | undefined> {
    if (this.#inner && this.#problem === undefined) {
      this.#inner.end()
      await this.#ended
    }
    if (this.#problem === undefined) {
      try {
        for (const entry of this.#tar.end()) this.#entries.push(describeEntry(entry))
      } catch (error) {
        this.#problem = messageOf(error)
      }
    }
    return this.#problem
  }

  /**
   * A read stopped at its cap: lets the decoder take in every byte it was given, then stops it, so the
   * entries before the cut are kept. The cut itself (a gzip stream ending early) is no fault of the layer.
   */
  async settle(): Promise<void> {
    if (this.#inner && this.#problem === undefined) {
      this.#inner.end()
      await this.#ended
    }
    this.abandon()
  }

  abandon(): void {
    this.#problem ??= 'abandoned'
    this.#inner?.destroy()
  }

  #open(head: Buffer): Transform {
    const inner = decoderFor(head)
    inner.on('data', (data: Buffer) => {
      if (this.#problem !== undefined) return
      try {
        for (const entry of this.#tar.push(data)) this.#entries.push(describeEntry(entry))
      } catch (error) {
        this.#problem = messageOf(error)
        inner.destroy()
      }
    })
    this.#ended = new Promise<void>((resolve) => {
      inner.on('end', resolve)
      inner.on('close', resolve)
      inner.on('error', (error) => {
        this.#problem ??= messageOf(error)
        resolve()
      })
    })
    return inner
  }
}

function messageOf(error: unknown): string {
  return isActionError(error) ? error.message : error instanceof Error ? error.message : String(error)
}

/**
 * Gzip, zstd or plain tar, told apart by their magic numbers (RFC 1952 1f 8b; RFC 8878 28 b5 2f fd):
 * registries and builders do not always label layers by their real compression.
 */
function decoderFor(head: Buffer): Transform {
  if (head[0] === 0x1f && head[1] === 0x8b) return createGunzip({ chunkSize: INFLATE_CHUNK_BYTES })
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) {
    const zstd = (zlib as unknown as { createZstdDecompress?: () => Transform }).createZstdDecompress
    if (!zstd)
      throw new ActionError('environment', 'a zstd layer needs Node 22.15 or later to be read', {
        hint: 'run the CLI on Node 24, the runtime the action uses'
      })
    return zstd()
  }
  return new Transform({
    transform: (chunk: Buffer, _e, cb) => {
      cb(null, chunk)
    }
  })
}
