/**
 * A streaming tar reader over already-decompressed layer bytes. Layers can be hundreds of MB and we only
 * need headers plus the first bytes of candidate files, so it never buffers file bodies: it hands out
 * each entry as soon as its head is in, and the caller may stop feeding at any point.
 *
 * Formats: POSIX ustar (IEEE Std 1003.1 "pax", ustar Interchange Format: 512-byte header blocks, the
 * prefix field, octal numbers), pax extended headers ('x'; 'g' is ignored), GNU long names ('L'/'K')
 * and GNU base-256 numbers. Pure: no I/O, no decompression (that happens at the edge).
 */
import { ActionError } from '../errors.js'

export interface TarEntry {
  /** Normalised: no leading './' or '/', no trailing '/', ('' is the root directory). */
  path: string
  /** OCI whiteouts (basename '.wh.*') are reported as 'other', with their path. */
  type: 'file' | 'symlink' | 'hardlink' | 'directory' | 'other'
  size: number
  /** Symlinks: the target exactly as stored. Hardlinks: the archive path of the target, normalised. */
  linkTarget?: string
  mode: number
  /** The first min(size, headBytes) bytes of a file's content; empty for everything else. */
  head: Uint8Array
}

export interface TarReaderOptions {
  /** How much of each file to keep; 64 KiB by default, because a PE header may sit beyond 4 KiB. */
  headBytes?: number
}

const BLOCK = 512
const DEFAULT_HEAD_BYTES = 64 * 1024
/** Long names and pax records are small; a huge one means a corrupt or hostile stream. */
const MAX_META_BYTES = 1024 * 1024
const WHITEOUT_PREFIX = '.wh.'
/**
 * One decoder for every name: a TextDecoder keeps no state between decode() calls made without
 * `stream`, and constructing one per field cost more than the decoding.
 */
const UTF8 = new TextDecoder()

/** ustar header fields as [offset, length] (pax, "ustar Interchange Format", Table: ustar Header Block). */
const Field = {
  name: [0, 100],
  mode: [100, 8],
  size: [124, 12],
  checksum: [148, 8],
  typeflag: [156, 1],
  linkname: [157, 100],
  magic: [257, 6],
  prefix: [345, 155]
} as const satisfies Record<string, readonly [number, number]>

/** 'ustar\0' marks POSIX ustar; GNU tar writes 'ustar ' and uses the prefix bytes for other things. */
const USTAR_MAGIC = 'ustar\0'

/** Typeflags that never carry data, whatever their size field says (as Go's archive/tar treats them). */
const HEADER_ONLY_TYPES = new Set(['1', '2', '3', '4', '5', '6'])
const GNU_LONG_NAME = 'L'
const GNU_LONG_LINK = 'K'
const PAX_EXTENDED = 'x'
const PAX_GLOBAL = 'g'
const META_TYPES = new Set([GNU_LONG_NAME, GNU_LONG_LINK, PAX_EXTENDED, PAX_GLOBAL])

interface Header {
  name: string
  mode: number
  size: number
  typeflag: string
  linkname: string
}

/** Overrides that a meta entry ('L', 'K', 'x') sets for the next real entry only. */
interface PendingOverrides {
  path?: string
  linkpath?: string
  size?: number
}

/** Collecting a meta entry's data, then skipping its padding. */
interface MetaStep {
  kind: 'meta'
  typeflag: string
  buffer: Uint8Array
  filled: number
  padding: number
}

/** Collecting a file's head; `rest` is what follows it (the remaining body and the padding). */
interface HeadStep {
  kind: 'head'
  entry: TarEntry
  filled: number
  rest: number
}

interface SkipStep {
  kind: 'skip'
  remaining: number
}

type Step = { kind: 'header' } | MetaStep | HeadStep | SkipStep | { kind: 'end' }

export class TarReader {
  readonly #headBytes: number
  readonly #header = new Uint8Array(BLOCK)
  /** The same bytes as 32-bit words, for the checksum (headerSums). */
  readonly #headerWords = new Uint32Array(this.#header.buffer)
  #headerFilled = 0
  #zeroBlocks = 0
  #offset = 0
  #step: Step = { kind: 'header' }
  #overrides: PendingOverrides = {}
  #out: TarEntry[] = []

  constructor(options: TarReaderOptions = {}) {
    this.#headBytes = Math.max(0, options.headBytes ?? DEFAULT_HEAD_BYTES)
  }

  /** Feeds the next bytes of the archive; returns the entries whose header and head are now complete. */
  push(chunk: Uint8Array): TarEntry[] {
    let at = 0
    while (at < chunk.length && this.#step.kind !== 'end') {
      const used = this.#consume(chunk, at)
      at += used
      this.#offset += used
    }
    return this.#drain()
  }

  /** Declares the stream over; throws when it stopped inside an entry (a truncated layer). */
  end(): TarEntry[] {
    const step = this.#step
    const cleanEnd =
      step.kind === 'end' || (step.kind === 'header' && isZeros(this.#header, this.#headerFilled))
    if (!cleanEnd) {
      throw new ActionError('registry', `layer tar is truncated at byte ${this.#offset} (inside an entry)`, {
        hint: 'the layer blob ended early; pull it again or check the registry'
      })
    }
    return this.#drain()
  }

  #drain(): TarEntry[] {
    const out = this.#out
    this.#out = []
    return out
  }

  /**
   * Consumes bytes of `chunk` from `at` for the current step and returns how many it used. The chunk is
   * walked by index, not sliced: a layer of small entries takes thousands of steps per chunk.
   */
  #consume(chunk: Uint8Array, at: number): number {
    const step = this.#step
    const available = chunk.length - at
    switch (step.kind) {
      case 'header':
        return this.#fillHeader(chunk, at)
      case 'meta':
        return this.#fillMeta(step, chunk, at)
      case 'head':
        return this.#fillHead(step, chunk, at)
      case 'skip':
        return this.#skip(step, available)
      case 'end':
        return available
    }
  }

  #fillHeader(chunk: Uint8Array, at: number): number {
    const used = Math.min(BLOCK - this.#headerFilled, chunk.length - at)
    this.#header.set(chunk.subarray(at, at + used), this.#headerFilled)
    this.#headerFilled += used
    if (this.#headerFilled === BLOCK) {
      this.#headerFilled = 0
      this.#onHeaderBlock(this.#offset + used - BLOCK)
    }
    return used
  }

  #onHeaderBlock(blockOffset: number): void {
    // The archive ends with two zero blocks (pax, "ustar Interchange Format"); what follows is padding.
    if (isZeros(this.#header, BLOCK)) {
      this.#zeroBlocks += 1
      if (this.#zeroBlocks >= 2) this.#step = { kind: 'end' }
      return
    }
    this.#zeroBlocks = 0
    const header = parseHeader(this.#header, this.#headerWords, blockOffset)
    if (META_TYPES.has(header.typeflag)) {
      this.#startMeta(header, blockOffset)
      return
    }
    this.#startEntry(header)
  }

  #startMeta(header: Header, blockOffset: number): void {
    if (header.size > MAX_META_BYTES) {
      throw new ActionError(
        'registry',
        `layer tar has a ${header.size}-byte '${header.typeflag}' header at byte ${blockOffset}`,
        { hint: `long names and pax records above ${MAX_META_BYTES} bytes are refused as corrupt` }
      )
    }
    const step: MetaStep = {
      kind: 'meta',
      typeflag: header.typeflag,
      buffer: new Uint8Array(header.size),
      filled: 0,
      padding: padding(header.size)
    }
    this.#step = step
    if (header.size === 0) this.#finishMeta(step)
  }

  #fillMeta(step: MetaStep, chunk: Uint8Array, at: number): number {
    const used = Math.min(step.buffer.length - step.filled, chunk.length - at)
    step.buffer.set(chunk.subarray(at, at + used), step.filled)
    step.filled += used
    if (step.filled === step.buffer.length) this.#finishMeta(step)
    return used
  }

  #finishMeta(step: MetaStep): void {
    this.#applyMeta(step.typeflag, step.buffer)
    this.#step = step.padding > 0 ? { kind: 'skip', remaining: step.padding } : { kind: 'header' }
  }

  #applyMeta(typeflag: string, data: Uint8Array): void {
    if (typeflag === GNU_LONG_NAME) this.#overrides.path = decodeCString(data)
    else if (typeflag === GNU_LONG_LINK) this.#overrides.linkpath = decodeCString(data)
    else if (typeflag === PAX_EXTENDED) Object.assign(this.#overrides, paxOverrides(data, this.#offset))
    // PAX_GLOBAL: defaults for every later entry; layers do not use them for path, linkpath or size.
  }

  #startEntry(header: Header): void {
    const overrides = this.#overrides
    this.#overrides = {}
    const dataSize = HEADER_ONLY_TYPES.has(header.typeflag) ? 0 : (overrides.size ?? header.size)
    const rawPath = overrides.path ?? header.name
    const rawLink = overrides.linkpath ?? header.linkname
    const type = entryType(header.typeflag, rawPath)
    const entry: TarEntry = {
      path: normalizeEntryPath(rawPath),
      type,
      size: dataSize,
      mode: header.mode,
      head: new Uint8Array(type === 'file' ? Math.min(dataSize, this.#headBytes) : 0)
    }
    if (type === 'symlink') entry.linkTarget = rawLink
    if (type === 'hardlink') entry.linkTarget = normalizeEntryPath(rawLink)
    const rest = dataSize - entry.head.length + padding(dataSize)
    if (entry.head.length > 0) {
      this.#step = { kind: 'head', entry, filled: 0, rest }
      return
    }
    this.#out.push(entry)
    this.#step = rest > 0 ? { kind: 'skip', remaining: rest } : { kind: 'header' }
  }

  #fillHead(step: HeadStep, chunk: Uint8Array, at: number): number {
    const used = Math.min(step.entry.head.length - step.filled, chunk.length - at)
    step.entry.head.set(chunk.subarray(at, at + used), step.filled)
    step.filled += used
    if (step.filled === step.entry.head.length) {
      // Hand the entry out now, before its body is skipped, so the caller can stop early.
      this.#out.push(step.entry)
      this.#step = step.rest > 0 ? { kind: 'skip', remaining: step.rest } : { kind: 'header' }
    }
    return used
  }

  /** File bodies and padding are skipped by counting: the bytes are never looked at. */
  #skip(step: SkipStep, available: number): number {
    const used = Math.min(step.remaining, available)
    step.remaining -= used
    if (step.remaining === 0) this.#step = { kind: 'header' }
    return used
  }
}

/**
 * Reads the header block's fields by offset, numbers straight from their bytes, because a layer of
 * thousands of small entries (symlink farms, node_modules) spends its CPU here rather than in its file
 * bodies. `words` views the same bytes.
 */
function parseHeader(block: Uint8Array, words: Uint32Array, blockOffset: number): Header {
  verifyChecksum(block, words, blockOffset)
  const name = fieldText(block, Field.name)
  const prefix = isUstar(block) ? fieldText(block, Field.prefix) : ''
  return {
    name: prefix ? `${prefix}/${name}` : name,
    mode: parseNumber(block, Field.mode, 'mode', blockOffset),
    size: parseNumber(block, Field.size, 'size', blockOffset),
    typeflag: String.fromCharCode(block[Field.typeflag[0]] ?? 0),
    linkname: fieldText(block, Field.linkname)
  }
}

function isUstar(block: Uint8Array): boolean {
  const [offset, length] = Field.magic
  for (let i = 0; i < length; i += 1) {
    if (block[offset + i] !== USTAR_MAGIC.charCodeAt(i)) return false
  }
  return true
}

/**
 * chksum is the sum of the header bytes with the chksum field itself taken as eight spaces. Old tars
 * summed signed chars, so either sum is accepted (as GNU tar and Go's archive/tar do).
 */
function verifyChecksum(block: Uint8Array, words: Uint32Array, blockOffset: number): void {
  const { unsigned, signed } = headerSums(words)
  const stored = parseNumber(block, Field.checksum, 'checksum', blockOffset)
  if (stored !== unsigned && stored !== signed) {
    throw new ActionError(
      'registry',
      `layer is not a valid tar: header checksum mismatch at byte ${blockOffset}`,
      {
        hint: 'the layer is corrupt, or not an uncompressed tar (was it decompressed?)'
      }
    )
  }
}

/** The chksum field in 32-bit words of the block: bytes 148..155 are words 37 and 38. */
const CHECKSUM_WORDS = [Field.checksum[0] / 4, (Field.checksum[0] + Field.checksum[1]) / 4] as const

/**
 * Both checksums of a header block, with the chksum field counted as spaces. Every header is summed, so
 * the bytes are added four at a time: each 32-bit word's even and odd bytes go to two 16-bit lanes
 * (128 words of at most 255 fit in 16 bits), and their top bits to four 8-bit lanes (at most 128 each).
 * The signed sum is the unsigned one less 256 for every byte above 0x7f. Byte order does not matter.
 */
function headerSums(words: Uint32Array): { unsigned: number; signed: number } {
  const [skipFrom, skipTo] = CHECKSUM_WORDS
  let even = 0
  let odd = 0
  let high = 0
  for (let i = 0; i < words.length; i += 1) {
    if (i >= skipFrom && i < skipTo) continue
    const word = words[i] ?? 0
    even += word & 0x00ff00ff
    odd += (word >>> 8) & 0x00ff00ff
    high += (word >>> 7) & 0x01010101
  }
  const unsigned = (even & 0xffff) + (even >>> 16) + (odd & 0xffff) + (odd >>> 16) + Field.checksum[1] * 0x20
  const highBytes = (high & 0xff) + ((high >>> 8) & 0xff) + ((high >>> 16) & 0xff) + (high >>> 24)
  return { unsigned, signed: unsigned - 0x100 * highBytes }
}

/**
 * Numeric fields are octal ASCII ended by NUL or space; GNU tar writes values too big for that in
 * base-256: the first byte's high bit is set and the remaining bits are a big-endian number.
 */
function parseNumber(
  block: Uint8Array,
  [offset, length]: readonly [number, number],
  name: string,
  blockOffset: number
): number {
  const first = block[offset] ?? 0
  const value =
    first & 0x80
      ? parseBase256(block.subarray(offset, offset + length))
      : parseOctal(block, offset, offset + length)
  if (value === undefined || !Number.isSafeInteger(value) || value < 0) {
    throw new ActionError('registry', `layer is not a valid tar: bad ${name} field at byte ${blockOffset}`, {
      hint: 'the layer is corrupt, or not an uncompressed tar'
    })
  }
  return value
}

/**
 * Octal digits up to the first NUL, whitespace around them allowed, empty meaning 0. ASCII fields (all
 * that tar writers produce) are read byte by byte; a field with any other byte is decoded and trimmed as
 * text, so what counts as whitespace stays exactly what String.prototype.trim says.
 */
function parseOctal(block: Uint8Array, start: number, end: number): number | undefined {
  let stop = start
  let ascii = true
  for (; stop < end; stop += 1) {
    const byte = block[stop] ?? 0
    if (byte === 0) break
    if (byte > 0x7f) ascii = false
  }
  if (!ascii) return parseOctalText(decodeCString(block, start, end))
  let from = start
  let to = stop
  while (from < to && isAsciiSpace(block[from] ?? 0)) from += 1
  while (to > from && isAsciiSpace(block[to - 1] ?? 0)) to -= 1
  let value = 0
  for (let i = from; i < to; i += 1) {
    const digit = (block[i] ?? 0) - 0x30
    if (digit < 0 || digit > 7) return undefined
    value = value * 8 + digit
  }
  return value
}

function parseOctalText(text: string): number | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return 0
  return /^[0-7]+$/.test(trimmed) ? parseInt(trimmed, 8) : undefined
}

/** The ASCII bytes String.prototype.trim removes: tab, LF, VT, FF, CR and space. */
function isAsciiSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d)
}

function parseBase256(bytes: Uint8Array): number | undefined {
  // 0xff leads a negative number (two's complement); no field we read may be negative.
  if (bytes[0] === 0xff) return undefined
  let value = (bytes[0] ?? 0) & 0x7f
  for (const byte of bytes.subarray(1)) value = value * 256 + byte
  return value
}

/**
 * pax extended header records are "<length> <key>=<value>\n", the length counting the whole record in
 * bytes (pax, "pax Extended Header"). Only path, linkpath and size matter here; an empty value
 * removes the override.
 */
function paxOverrides(data: Uint8Array, offset: number): PendingOverrides {
  const overrides: PendingOverrides = {}
  let at = 0
  while (at < data.length) {
    const record = nextPaxRecord(data, at, offset)
    at += record.length
    if (record.value === '') continue
    if (record.key === 'path') overrides.path = record.value
    else if (record.key === 'linkpath') overrides.linkpath = record.value
    else if (record.key === 'size') overrides.size = parsePaxSize(record.value, offset)
  }
  return overrides
}

function nextPaxRecord(
  data: Uint8Array,
  at: number,
  offset: number
): { key: string; value: string; length: number } {
  const space = data.indexOf(0x20, at)
  const length = space > at ? Number(decodeAscii(data.subarray(at, space))) : NaN
  const end = at + length
  const equals = data.indexOf(0x3d, space)
  if (
    !Number.isSafeInteger(length) ||
    end > data.length ||
    data[end - 1] !== 0x0a ||
    equals < 0 ||
    equals >= end
  ) {
    throw new ActionError('registry', `layer tar has a malformed pax record before byte ${offset}`, {
      hint: 'the layer is corrupt'
    })
  }
  return {
    key: UTF8.decode(data.subarray(space + 1, equals)),
    value: UTF8.decode(data.subarray(equals + 1, end - 1)),
    length
  }
}

function parsePaxSize(value: string, offset: number): number {
  const size = /^[0-9]+$/.test(value) ? Number(value) : NaN
  if (!Number.isSafeInteger(size)) {
    throw new ActionError('registry', `layer tar has a bad pax size "${value}" before byte ${offset}`, {
      hint: 'the layer is corrupt'
    })
  }
  return size
}

function entryType(typeflag: string, rawPath: string): TarEntry['type'] {
  if (isWhiteout(rawPath)) return 'other'
  switch (typeflag) {
    case '0':
    case '7': // contiguous file: a regular file everywhere that matters
      return 'file'
    case '\0':
      // Pre-POSIX tars mark directories only by the trailing slash of a regular-file entry.
      return rawPath.endsWith('/') ? 'directory' : 'file'
    case '1':
      return 'hardlink'
    case '2':
      return 'symlink'
    case '5':
      return 'directory'
    default:
      return 'other'
  }
}

function isWhiteout(rawPath: string): boolean {
  if (!rawPath.includes(WHITEOUT_PREFIX)) return false
  const base = rawPath.replace(/\/+$/, '').split('/').pop() ?? ''
  return base.startsWith(WHITEOUT_PREFIX)
}

/** An empty or '.' part: a leading, trailing or doubled '/', or a './' (most stored paths have none). */
const HAS_EMPTY_OR_DOT_PART = /(^|\/)\.?(\/|$)/

/** 'a/./b//c/', './a', '/a' → 'a/b/c', 'a', 'a'; './' → '' (the root). '..' is kept as stored. */
export function normalizeEntryPath(raw: string): string {
  if (!HAS_EMPTY_OR_DOT_PART.test(raw)) return raw
  return raw
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/')
}

/** Data is padded to a whole number of 512-byte blocks. */
function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK
}

function fieldText(block: Uint8Array, [offset, length]: readonly [number, number]): string {
  return decodeCString(block, offset, offset + length)
}

/** Names are NUL-terminated when shorter than their field; bytes are taken as UTF-8 (what pax mandates). */
function decodeCString(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const nul = bytes.indexOf(0, start)
  const stop = nul < 0 || nul > end ? end : nul
  return stop === start ? '' : UTF8.decode(bytes.subarray(start, stop))
}

/** Whether the first `length` bytes of `bytes` are all zero. */
function isZeros(bytes: Uint8Array, length: number): boolean {
  for (let i = 0; i < length; i += 1) if (bytes[i] !== 0) return false
  return true
}

function decodeAscii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes)
}
