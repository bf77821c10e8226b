/**
 * A tiny tar writer for tests: ustar headers with correct checksums, and the ways real tools carry long
 * names (ustar prefix, GNU 'L'/'K' entries, pax 'x' records) and big sizes (GNU base-256).
 * Only what the reader's tests need; not a general archiver.
 */
const BLOCK = 512

export interface TarWriterEntry {
  path: string
  type?: 'file' | 'symlink' | 'hardlink' | 'directory' | 'fifo' | 'v7-directory'
  content?: Uint8Array | string
  linkTarget?: string
  mode?: number
  /** How a name too long for the 100-byte field is written (default: ustar prefix when it fits, else pax). */
  longNames?: 'ustar' | 'gnu' | 'pax'
  /** Write the size field in GNU base-256 instead of octal. */
  base256Size?: boolean
  /** A size field that differs from the content (when a pax size record carries the real one). */
  headerSize?: number
  /** Extra pax records written before the entry (e.g. { size: '123' }). */
  pax?: Record<string, string>
  /** Write a pax global header ('g') before the entry. */
  paxGlobal?: Record<string, string>
}

const TYPEFLAGS: Record<NonNullable<TarWriterEntry['type']>, string> = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  directory: '5',
  fifo: '6',
  'v7-directory': '\0'
}

const encoder = new TextEncoder()

export function tarBytes(entries: TarWriterEntry[], options: { trailer?: boolean } = {}): Uint8Array {
  const blocks = entries.flatMap(entryBlocks)
  if (options.trailer !== false) blocks.push(new Uint8Array(2 * BLOCK))
  return concat(blocks)
}

function entryBlocks(entry: TarWriterEntry): Uint8Array[] {
  const content =
    typeof entry.content === 'string' ? encoder.encode(entry.content) : (entry.content ?? new Uint8Array())
  const blocks: Uint8Array[] = []
  if (entry.paxGlobal) blocks.push(...metaEntry('g', paxRecords(entry.paxGlobal)))
  const pax: Record<string, string> = { ...entry.pax }
  let name = entry.path
  let prefix = ''
  let linkname = entry.linkTarget ?? ''
  const style = entry.longNames ?? (splitUstar(name) ? 'ustar' : 'pax')
  if (encoder.encode(name).length > 100) {
    const split = style === 'ustar' ? splitUstar(name) : undefined
    if (split) [prefix, name] = split
    else if (style === 'gnu') blocks.push(...metaEntry('L', cString(name)))
    else pax.path = name
    if (!split) name = name.slice(0, 100)
  }
  if (encoder.encode(linkname).length > 100) {
    if (style === 'gnu') blocks.push(...metaEntry('K', cString(linkname)))
    else pax.linkpath = linkname
    linkname = linkname.slice(0, 100)
  }
  if (Object.keys(pax).length > 0) blocks.push(...metaEntry('x', paxRecords(pax)))
  const typeflag = TYPEFLAGS[entry.type ?? 'file']
  blocks.push(
    header({
      name,
      prefix,
      linkname,
      typeflag,
      mode: entry.mode ?? 0o644,
      size: entry.headerSize ?? content.length,
      base256Size: entry.base256Size ?? false,
      gnu: style === 'gnu'
    })
  )
  blocks.push(...dataBlocks(content))
  return blocks
}

function metaEntry(typeflag: string, data: Uint8Array): Uint8Array[] {
  const name = typeflag === 'L' || typeflag === 'K' ? '././@LongLink' : 'PaxHeaders/entry'
  return [
    header({
      name,
      prefix: '',
      linkname: '',
      typeflag,
      mode: 0o644,
      size: data.length,
      base256Size: false,
      gnu: typeflag === 'L' || typeflag === 'K'
    }),
    ...dataBlocks(data)
  ]
}

/** "<length> <key>=<value>\n", where the length counts itself. */
export function paxRecords(records: Record<string, string>): Uint8Array {
  const lines = Object.entries(records).map(([key, value]) => {
    const body = ` ${key}=${value}\n`
    const bodyLength = encoder.encode(body).length
    let length = bodyLength + 1
    while (String(length).length + bodyLength !== length) length += 1
    return `${length}${body}`
  })
  return encoder.encode(lines.join(''))
}

interface HeaderFields {
  name: string
  prefix: string
  linkname: string
  typeflag: string
  mode: number
  size: number
  base256Size: boolean
  gnu: boolean
}

export function header(fields: HeaderFields): Uint8Array {
  const block = new Uint8Array(BLOCK)
  block.set(encoder.encode(fields.name).subarray(0, 100), 0)
  block.set(octal(fields.mode, 8), 100)
  block.set(octal(0, 8), 108)
  block.set(octal(0, 8), 116)
  block.set(fields.base256Size ? base256(fields.size, 12) : octal(fields.size, 12), 124)
  block.set(octal(0, 12), 136)
  block[156] = fields.typeflag.charCodeAt(0)
  block.set(encoder.encode(fields.linkname).subarray(0, 100), 157)
  // POSIX ustar: 'ustar\0' + '00'; GNU: 'ustar ' + ' \0' (and no prefix field).
  block.set(encoder.encode(fields.gnu ? 'ustar  \0' : 'ustar\x0000'), 257)
  block.set(encoder.encode(fields.prefix), 345)
  setChecksum(block)
  return block
}

/** The checksum counts its own field as eight spaces; it is written as six octal digits, NUL, space. */
export function setChecksum(block: Uint8Array): void {
  block.fill(0x20, 148, 156)
  const sum = block.reduce((total, byte) => total + byte, 0)
  block.set(encoder.encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148)
}

function octal(value: number, width: number): Uint8Array {
  return encoder.encode(`${value.toString(8).padStart(width - 1, '0')}\0`)
}

function base256(value: number, width: number): Uint8Array {
  const bytes = new Uint8Array(width)
  let rest = value
  for (let i = width - 1; i > 0; i -= 1) {
    bytes[i] = rest % 256
    rest = Math.floor(rest / 256)
  }
  bytes[0] = 0x80
  return bytes
}

function splitUstar(path: string): [string, string] | undefined {
  if (encoder.encode(path).length <= 100) return undefined
  for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
    const prefix = path.slice(0, slash)
    const name = path.slice(slash + 1)
    if (encoder.encode(prefix).length <= 155 && encoder.encode(name).length <= 100) return [prefix, name]
  }
  return undefined
}

function cString(text: string): Uint8Array {
  return encoder.encode(`${text}\0`)
}

function dataBlocks(data: Uint8Array): Uint8Array[] {
  if (data.length === 0) return []
  const padded = new Uint8Array(Math.ceil(data.length / BLOCK) * BLOCK)
  padded.set(data)
  return [padded]
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}
