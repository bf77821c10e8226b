/**
 * A streaming tar reader over already-decompressed layer bytes. Layers can be hundreds of MB and we only
 * need headers plus the first bytes of candidate files, so it never buffers file bodies: it hands out
 * each entry as soon as its head is in, and the caller may stop feeding at any point.
 *
 * Formats: POSIX ustar (IEEE Std 1003.1 "pax", ustar Interchange Format: 512-byte header blocks, the
 * prefix field, octal numbers), pax extended headers ('x'; 'g' is ignored), GNU long names ('L'/'K')
 * and GNU base-256 numbers. Pure: no I/O, no decompression (that happens at the edge).
 */
import { PublishError } from '../errors.js'

export { chooseCandidate, ImageFiles, resolveInImage } from './binary-candidate.js'
export type { Candidate, ImageFile } from './binary-candidate.js'

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
      const used = this.#consume(chunk.subarray(at))
      at += used
      this.#offset += used
    }
    return this.#drain()
  }

  /** Declares the stream over; throws when it stopped inside an entry (a truncated layer). */
  end(): TarEntry[] {
    const step = this.#step
    const cleanEnd =
      step.kind === 'end' ||
      (step.kind === 'header' && this.#header.subarray(0, this.#headerFilled).every((b) => b === 0))
    if (!cleanEnd) {
      throw new PublishError('registry', `layer tar is truncated at byte ${this.#offset} (inside an entry)`, {
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

  /** Consumes a prefix of `bytes` for the current step and returns how many bytes it used. */
  #consume(bytes: Uint8Array): number {
    const step = this.#step
    switch (step.kind) {
      case 'header':
        return this.#fillHeader(bytes)
      case 'meta':
        return this.#fillMeta(step, bytes)
      case 'head':
        return this.#fillHead(step, bytes)
      case 'skip':
        return this.#skip(step, bytes)
      case 'end':
        return bytes.length
    }
  }

  #fillHeader(bytes: Uint8Array): number {
    const used = Math.min(BLOCK - this.#headerFilled, bytes.length)
    this.#header.set(bytes.subarray(0, used), this.#headerFilled)
    this.#headerFilled += used
    if (this.#headerFilled === BLOCK) {
      this.#headerFilled = 0
      this.#onHeaderBlock(this.#offset + used - BLOCK)
    }
    return used
  }

  #onHeaderBlock(blockOffset: number): void {
    // The archive ends with two zero blocks (pax, "ustar Interchange Format"); what follows is padding.
    if (this.#header.every((b) => b === 0)) {
      this.#zeroBlocks += 1
      if (this.#zeroBlocks >= 2) this.#step = { kind: 'end' }
      return
    }
    this.#zeroBlocks = 0
    const header = parseHeader(this.#header, blockOffset)
    if (META_TYPES.has(header.typeflag)) {
      this.#startMeta(header, blockOffset)
      return
    }
    this.#startEntry(header)
  }

  #startMeta(header: Header, blockOffset: number): void {
    if (header.size > MAX_META_BYTES) {
      throw new PublishError(
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

  #fillMeta(step: MetaStep, bytes: Uint8Array): number {
    const used = Math.min(step.buffer.length - step.filled, bytes.length)
    step.buffer.set(bytes.subarray(0, used), step.filled)
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

  #fillHead(step: HeadStep, bytes: Uint8Array): number {
    const used = Math.min(step.entry.head.length - step.filled, bytes.length)
    step.entry.head.set(bytes.subarray(0, used), step.filled)
    step.filled += used
    if (step.filled === step.entry.head.length) {
      // Hand the entry out now, before its body is skipped, so the caller can stop early.
      this.#out.push(step.entry)
      this.#step = step.rest > 0 ? { kind: 'skip', remaining: step.rest } : { kind: 'header' }
    }
    return used
  }

  #skip(step: SkipStep, bytes: Uint8Array): number {
    const used = Math.min(step.remaining, bytes.length)
    step.remaining -= used
    if (step.remaining === 0) this.#step = { kind: 'header' }
    return used
  }
}

function parseHeader(block: Uint8Array, blockOffset: number): Header {
  verifyChecksum(block, blockOffset)
  const name = decodeCString(field(block, Field.name))
  const prefix = isUstar(block) ? decodeCString(field(block, Field.prefix)) : ''
  return {
    name: prefix ? `${prefix}/${name}` : name,
    mode: parseNumber(field(block, Field.mode), 'mode', blockOffset),
    size: parseNumber(field(block, Field.size), 'size', blockOffset),
    typeflag: String.fromCharCode(block[Field.typeflag[0]] ?? 0),
    linkname: decodeCString(field(block, Field.linkname))
  }
}

function isUstar(block: Uint8Array): boolean {
  return String.fromCharCode(...field(block, Field.magic)) === USTAR_MAGIC
}

/**
 * chksum is the sum of the header bytes with the chksum field itself taken as eight spaces. Old tars
 * summed signed chars, so either sum is accepted (as GNU tar and Go's archive/tar do).
 */
function verifyChecksum(block: Uint8Array, blockOffset: number): void {
  const [start, length] = Field.checksum
  let unsigned = 0
  let signed = 0
  for (let i = 0; i < BLOCK; i += 1) {
    const byte = i >= start && i < start + length ? 0x20 : (block[i] ?? 0)
    unsigned += byte
    signed += byte > 0x7f ? byte - 0x100 : byte
  }
  const stored = parseNumber(field(block, Field.checksum), 'checksum', blockOffset)
  if (stored !== unsigned && stored !== signed) {
    throw new PublishError(
      'registry',
      `layer is not a valid tar: header checksum mismatch at byte ${blockOffset}`,
      {
        hint: 'the layer is corrupt, or not an uncompressed tar (was it decompressed?)'
      }
    )
  }
}

/**
 * Numeric fields are octal ASCII ended by NUL or space; GNU tar writes values too big for that in
 * base-256: the first byte's high bit is set and the remaining bits are a big-endian number.
 */
function parseNumber(bytes: Uint8Array, name: string, blockOffset: number): number {
  const first = bytes[0] ?? 0
  const value = first & 0x80 ? parseBase256(bytes) : parseOctal(bytes)
  if (value === undefined || !Number.isSafeInteger(value) || value < 0) {
    throw new PublishError('registry', `layer is not a valid tar: bad ${name} field at byte ${blockOffset}`, {
      hint: 'the layer is corrupt, or not an uncompressed tar'
    })
  }
  return value
}

function parseOctal(bytes: Uint8Array): number | undefined {
  const text = decodeCString(bytes).trim()
  if (text === '') return 0
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : undefined
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
    throw new PublishError('registry', `layer tar has a malformed pax record before byte ${offset}`, {
      hint: 'the layer is corrupt'
    })
  }
  const decoder = new TextDecoder()
  return {
    key: decoder.decode(data.subarray(space + 1, equals)),
    value: decoder.decode(data.subarray(equals + 1, end - 1)),
    length
  }
}

function parsePaxSize(value: string, offset: number): number {
  const size = /^[0-9]+$/.test(value) ? Number(value) : NaN
  if (!Number.isSafeInteger(size)) {
    throw new PublishError('registry', `layer tar has a bad pax size "${value}" before byte ${offset}`, {
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
  const base = rawPath.replace(/\/+$/, '').split('/').pop() ?? ''
  return base.startsWith(WHITEOUT_PREFIX)
}

/** 'a/./b//c/', './a', '/a' → 'a/b/c', 'a', 'a'; './' → '' (the root). '..' is kept as stored. */
export function normalizeEntryPath(raw: string): string {
  return raw
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/')
}

/** Data is padded to a whole number of 512-byte blocks. */
function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK
}

function field(block: Uint8Array, [offset, length]: readonly [number, number]): Uint8Array {
  return block.subarray(offset, offset + length)
}

/** Names are NUL-terminated when shorter than their field; bytes are taken as UTF-8 (what pax mandates). */
function decodeCString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0)
  return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end))
}

function decodeAscii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes)
}
