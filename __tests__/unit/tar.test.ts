// Archives are built here with the test tar writer (checked against GNU tar by hand: `tar tvf` lists them
// as written) and fed to the reader in odd chunk sizes, the way decompressed layer bytes arrive.
import { describe, expect, test } from '@jest/globals'
import { ActionError } from '../../src/errors.js'
import { normalizeEntryPath, type TarEntry, TarReader } from '../../src/verify/tar.js'
import { header, setChecksum, tarBytes } from '../support/tar-writer.js'
import { thrown } from '../support/thrown.js'

const encoder = new TextEncoder()
const CHUNK_SIZES = [1, 7, 511, 512, 513, Number.MAX_SAFE_INTEGER]

/** Feeds `bytes` in `chunkSize` pieces and collects every entry, as the layer reader at the edge does. */
function readAll(bytes: Uint8Array, chunkSize: number, options: { headBytes?: number } = {}): TarEntry[] {
  const reader = new TarReader(options)
  const entries: TarEntry[] = []
  for (let at = 0; at < bytes.length; at += chunkSize)
    entries.push(...reader.push(bytes.subarray(at, at + chunkSize)))
  entries.push(...reader.end())
  return entries
}

/** An entry as the tables write it: the head as text, absent fields left out. */
function summary(entry: TarEntry): Record<string, unknown> {
  const { head, ...rest } = entry
  return { ...rest, head: new TextDecoder().decode(head) }
}

const LONG_DIR = `usr/share/${'d'.repeat(80)}`
const LONG_PATH = `${LONG_DIR}/${'n'.repeat(60)}.txt`
const LONGER_PATH = `opt/${'x'.repeat(200)}/file`
const LONG_LINK = `/usr/lib/${'l'.repeat(120)}`

describe('TarReader reads every header kind, whatever the chunking', () => {
  const archive = tarBytes([
    { path: './', type: 'directory', mode: 0o755 },
    { path: './bin/', type: 'directory', mode: 0o755 },
    { path: 'bin/busybox', content: '\x7fELF busybox', mode: 0o755 },
    { path: 'bin/sh', type: 'symlink', linkTarget: 'busybox', mode: 0o777 },
    { path: './bin/ls', type: 'hardlink', linkTarget: './bin/busybox' },
    { path: '/etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' },
    { path: LONG_PATH, content: 'ustar prefix', longNames: 'ustar' },
    { path: `gnu/${LONGER_PATH}`, content: 'gnu long name', longNames: 'gnu' },
    { path: `pax/${LONGER_PATH}`, content: 'pax path', longNames: 'pax' },
    { path: 'gnu-link', type: 'symlink', linkTarget: LONG_LINK, longNames: 'gnu' },
    { path: 'pax-link', type: 'symlink', linkTarget: LONG_LINK, longNames: 'pax' },
    { path: 'big-base256', content: 'b'.repeat(600), base256Size: true },
    { path: 'pax-size', content: 's'.repeat(700), headerSize: 0, pax: { size: '700' } },
    { path: 'after-global', content: 'g', paxGlobal: { path: 'ignored', comment: 'global' } },
    { path: 'unicode-名前', content: 'utf-8', longNames: 'pax', pax: { path: 'pax/unicode-名前' } },
    { path: 'old-style-dir/', type: 'v7-directory' },
    { path: 'var/run/fifo', type: 'fifo' },
    { path: 'app/.wh.server', content: '' },
    { path: 'app/.wh..wh..opq', content: '' },
    { path: 'last', content: 'end' }
  ])

  const expected = [
    { path: '', type: 'directory', size: 0, mode: 0o755, head: '' },
    { path: 'bin', type: 'directory', size: 0, mode: 0o755, head: '' },
    { path: 'bin/busybox', type: 'file', size: 12, mode: 0o755, head: '\x7fELF busybox' },
    { path: 'bin/sh', type: 'symlink', size: 0, mode: 0o777, linkTarget: 'busybox', head: '' },
    { path: 'bin/ls', type: 'hardlink', size: 0, mode: 0o644, linkTarget: 'bin/busybox', head: '' },
    { path: 'etc/passwd', type: 'file', size: 26, mode: 0o644, head: 'root:x:0:0::/root:/bin/sh\n' },
    { path: LONG_PATH, type: 'file', size: 12, mode: 0o644, head: 'ustar prefix' },
    { path: `gnu/${LONGER_PATH}`, type: 'file', size: 13, mode: 0o644, head: 'gnu long name' },
    { path: `pax/${LONGER_PATH}`, type: 'file', size: 8, mode: 0o644, head: 'pax path' },
    { path: 'gnu-link', type: 'symlink', size: 0, mode: 0o644, linkTarget: LONG_LINK, head: '' },
    { path: 'pax-link', type: 'symlink', size: 0, mode: 0o644, linkTarget: LONG_LINK, head: '' },
    { path: 'big-base256', type: 'file', size: 600, mode: 0o644, head: 'b'.repeat(600) },
    { path: 'pax-size', type: 'file', size: 700, mode: 0o644, head: 's'.repeat(700) },
    { path: 'after-global', type: 'file', size: 1, mode: 0o644, head: 'g' },
    { path: 'pax/unicode-名前', type: 'file', size: 5, mode: 0o644, head: 'utf-8' },
    { path: 'old-style-dir', type: 'directory', size: 0, mode: 0o644, head: '' },
    { path: 'var/run/fifo', type: 'other', size: 0, mode: 0o644, head: '' },
    { path: 'app/.wh.server', type: 'other', size: 0, mode: 0o644, head: '' },
    { path: 'app/.wh..wh..opq', type: 'other', size: 0, mode: 0o644, head: '' },
    { path: 'last', type: 'file', size: 3, mode: 0o644, head: 'end' }
  ]

  test.each(CHUNK_SIZES)('in chunks of %i bytes', (chunkSize) => {
    expect(readAll(archive, chunkSize).map(summary)).toEqual(expected)
  })
})

describe('TarReader keeps only the head of each file', () => {
  const big = new Uint8Array(70_000).map((_, i) => i % 251)
  const archive = tarBytes([
    { path: 'big.bin', content: big },
    { path: 'small', content: 'abc' },
    { path: 'after', content: 'z'.repeat(513) }
  ])

  test.each(CHUNK_SIZES)('64 KiB by default (chunks of %i)', (chunkSize) => {
    const entries = readAll(archive, chunkSize)
    expect(entries.map((entry) => [entry.path, entry.size, entry.head.length])).toEqual([
      ['big.bin', 70_000, 65_536],
      ['small', 3, 3],
      ['after', 513, 513]
    ])
    expect(entries[0]?.head).toEqual(big.subarray(0, 65_536))
  })

  test.each([
    [0, [0, 0, 0]],
    [16, [16, 3, 16]],
    [512, [512, 3, 512]]
  ])('headBytes %i', (headBytes, lengths) => {
    expect(readAll(archive, 509, { headBytes }).map((entry) => entry.head.length)).toEqual(lengths)
  })
})

describe('TarReader hands an entry out as soon as its head is in', () => {
  const archive = tarBytes([
    { path: 'app/server', content: new Uint8Array(1_000_000).fill(0x41) },
    { path: 'next', content: 'n' }
  ])

  test.each([
    ['the header alone is not enough for a file', 512, []],
    ['header + 64 KiB head, body still unread', 512 + 65_536, ['app/server']],
    ['a byte short of the next header', 512 + 1_000_448 + 511, ['app/server']],
    ['the next entry, once its head is in', 512 + 1_000_448 + 512 + 1, ['app/server', 'next']]
  ])('%s', (_name, bytes, paths) => {
    const reader = new TarReader()
    expect(reader.push(archive.subarray(0, bytes)).map((entry) => entry.path)).toEqual(paths)
  })
})

describe('TarReader at the end of the stream', () => {
  const one = (options: { trailer?: boolean } = {}): Uint8Array =>
    tarBytes([{ path: 'f', content: 'x' }], options)

  test.each([
    ['two zero blocks end it; what follows is record padding', concat(one(), encoder.encode('garbage'))],
    ['tars without the trailer are accepted', one({ trailer: false })],
    ['a lone zero block is accepted', concat(one({ trailer: false }), new Uint8Array(512))],
    ['a partial block of zeros is accepted', concat(one({ trailer: false }), new Uint8Array(100))]
  ])('%s', (_name, bytes) => {
    expect(readAll(bytes, 100).map((entry) => entry.path)).toEqual(['f'])
  })

  // GNU 'L' header (0), its name (512), the entry's header (1024), 400 bytes of data (1536), padding (1936).
  const longNamed = tarBytes([{ path: `a/${'x'.repeat(150)}`, content: 'x'.repeat(400), longNames: 'gnu' }])

  test.each([
    ['inside the long-name header', 300],
    ['inside the long name', 700],
    ['inside the entry header', 1200],
    ['inside the head', 1736],
    ['inside the padding after the data', 2000]
  ])('a stream cut %s is truncated', (_name, cut) => {
    const reader = new TarReader()
    reader.push(longNamed.subarray(0, cut))
    const error = thrown(() => reader.end())
    expect([error.kind, error.message]).toEqual([
      'registry',
      `layer tar is truncated at byte ${cut} (inside an entry)`
    ])
  })

  test('a stream cut between entries is whole', () => {
    expect(readAll(longNamed.subarray(0, 2048), 1000).map((entry) => entry.size)).toEqual([400])
  })
})

/** The header of an empty regular file named `name` (mode 0644, octal size), its checksum computed. */
function emptyFileHeader(name: string): Uint8Array {
  return header({
    name,
    prefix: '',
    linkname: '',
    typeflag: '0',
    mode: 0o644,
    size: 0,
    base256Size: false,
    gnu: false
  })
}

describe('TarReader refuses what is not a tar', () => {
  /** The one-file archive with `patch` written over its header at `at`. */
  function corrupt(at: number, patch: ArrayLike<number>, options: { fixChecksum: boolean }): Uint8Array {
    const bytes = tarBytes([{ path: 'f', content: 'x' }])
    const block = bytes.subarray(0, 512)
    block.set(patch, at)
    if (options.fixChecksum) setChecksum(block)
    return bytes
  }

  test.each([
    ['a wrong checksum', corrupt(0, [0x67], { fixChecksum: false }), /checksum mismatch at byte 0/],
    [
      'gzip bytes (not decompressed)',
      concat(new Uint8Array([0x1f, 0x8b, 8, 0]), new Uint8Array(1020)),
      /checksum/
    ],
    [
      'a size that is not octal',
      corrupt(124, encoder.encode('00000000009\0'), { fixChecksum: true }),
      /bad size/
    ],
    [
      'a negative base-256 size',
      corrupt(124, new Array<number>(12).fill(0xff), { fixChecksum: true }),
      /bad size/
    ],
    [
      'a malformed pax record',
      tarBytes([{ path: 'f', content: 'x', pax: { path: 'p' } }]).map((byte, i) => (i === 512 ? 0x35 : byte)),
      /malformed pax record/
    ]
  ])('%s', (_name, bytes, message) => {
    const error = thrown(() => readAll(bytes, 4096))
    expect([error.kind, error.message]).toEqual(['registry', expect.stringMatching(message)])
  })

  test('a checksum summed over signed bytes (old tars) is accepted', () => {
    const block = emptyFileHeader('ünïcode')
    const signedSum = block.reduce(
      (sum, byte, i) => sum + (i >= 148 && i < 156 ? 0x20 : (byte << 24) >> 24),
      0
    )
    block.set(encoder.encode(`${signedSum.toString(8).padStart(6, '0')}\0 `), 148)
    expect(readAll(concat(block, new Uint8Array(1024)), 512).map((entry) => entry.path)).toEqual(['ünïcode'])
  })
})

describe('TarReader counts every header byte in the checksum', () => {
  /** The one-file archive with its header's byte `at` XORed with `flip`, the checksum left as it was. */
  function flipped(at: number, flip: number): Uint8Array {
    const bytes = tarBytes([{ path: 'bin/busybox', content: 'x' }])
    bytes[at] = (bytes[at] ?? 0) ^ flip
    return bytes
  }

  // Offsets in each byte lane of a 32-bit word, either side of the chksum field (148..155), to the end.
  test.each(
    [0, 1, 2, 3, 99, 146, 147, 156, 157, 158, 159, 263, 345, 509, 510, 511].flatMap((at) => [
      [at, 0x01],
      [at, 0x80]
    ])
  )('byte %i XOR %i is a mismatch', (at, flip) => {
    const error = thrown(() => readAll(flipped(at, flip), 512))
    expect([error.kind, error.message]).toEqual([
      'registry',
      'layer is not a valid tar: header checksum mismatch at byte 0'
    ])
  })

  test('the chksum field counts as eight spaces, however its value is written', () => {
    const bytes = tarBytes([{ path: 'f', content: 'x' }])
    const stored = parseInt(new TextDecoder().decode(bytes.subarray(148, 154)), 8)
    bytes.set(encoder.encode(`${stored.toString(8).padStart(7, ' ')}\0`), 148)
    expect(readAll(bytes, 512).map((entry) => entry.path)).toEqual(['f'])
  })

  test('random header bytes: the unsigned and the signed sums pass, any other value fails', () => {
    let seed = 12345
    const randomByte = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return (seed >>> 16) & 0xff
    }
    const outcomes: string[] = []
    for (let round = 0; round < 64; round += 1) {
      const block = emptyFileHeader('f')
      // The text fields only: the numbers must stay readable once the checksum passes.
      for (const [from, to] of [
        [0, 100],
        [157, 257],
        [345, 500]
      ] as const) {
        for (let i = from; i < to; i += 1) block[i] = randomByte()
      }
      const { unsigned, signed } = referenceSums(block)
      for (const [stored, expected] of [
        [unsigned, 'read'],
        [signed, 'read'],
        [unsigned + 1, 'refused'],
        [signed - 1, 'refused']
      ] as const) {
        if (stored < 0) continue
        block.set(encoder.encode(`${stored.toString(8).padStart(6, '0')}\0 `), 148)
        const archive = concat(block, new Uint8Array(1024))
        let outcome: string
        try {
          outcome = readAll(archive, 509).length === 1 ? 'read' : 'lost'
        } catch (error) {
          outcome =
            error instanceof ActionError && /checksum mismatch/.test(error.message) ? 'refused' : 'other'
        }
        outcomes.push(outcome === expected ? 'as expected' : `round ${round}: ${stored} ${outcome}`)
      }
    }
    expect(outcomes.filter((outcome) => outcome !== 'as expected')).toEqual([])
    expect(outcomes.length).toBeGreaterThan(200)
  })
})

describe('TarReader reads octal numbers as trimmed text', () => {
  const ascii = (text: string): number[] => [...encoder.encode(text)]

  /** A one-file archive whose 8-byte mode field holds `field` (NUL-padded), checksum fixed. */
  function withMode(field: number[]): Uint8Array {
    const bytes = tarBytes([{ path: 'f', content: 'x' }])
    const block = bytes.subarray(0, 512)
    block.fill(0, 100, 108)
    block.set(field, 100)
    setChecksum(block)
    return bytes
  }

  const REFUSED = 'layer is not a valid tar: bad mode field at byte 0'

  /** The mode the reader reads from the archive, or the message it refuses the archive with. */
  function readMode(bytes: Uint8Array): number | string {
    try {
      return readAll(bytes, 512)[0]?.mode ?? Number.NaN
    } catch (error) {
      return error instanceof ActionError ? error.message : String(error)
    }
  }

  test.each<[string, number[], number | string]>([
    ['zero-padded, NUL-ended', ascii('0000644\0'), 0o644],
    ['space-padded, space-ended', ascii('   644 \0'), 0o644],
    ['tab before, newline after', ascii('\t644\n'), 0o644],
    ['all NUL', [], 0],
    ['all spaces', ascii('        '), 0],
    ['what follows the NUL is not read', ascii('644\x00999'), 0o644],
    [
      'no-break spaces around (UTF-8), which trim removes',
      [0x20, 0xc2, 0xa0, ...ascii('644'), 0xc2, 0xa0],
      0o644
    ],
    ['a digit 8', ascii('0000648\0'), REFUSED],
    ['a space between digits', ascii('064 4\0'), REFUSED],
    ['a control byte trim keeps (0x1c)', ascii('\x1c644\0'), REFUSED],
    ['a fullwidth digit', [0x20, ...ascii('６44')], REFUSED]
  ])('%s', (_name, field, expected) => {
    expect(readMode(withMode(field))).toBe(expected)
  })
})

describe('normalizeEntryPath', () => {
  test.each([
    ['./bin/sh', 'bin/sh'],
    ['/bin/sh', 'bin/sh'],
    ['.//usr/./bin//', 'usr/bin'],
    ['./', ''],
    ['a/../b', 'a/../b'],
    ['bin/sh', 'bin/sh'],
    ['', ''],
    ['.', ''],
    ['a/.', 'a'],
    ['a//b', 'a/b'],
    ['a/', 'a'],
    ['.a/b.', '.a/b.'],
    ['..', '..'],
    ['a/...', 'a/...']
  ])('%s → %s', (raw, normalised) => {
    expect(normalizeEntryPath(raw)).toBe(normalised)
  })
})

/** Both header checksums the plain way, byte by byte (pax "ustar Interchange Format", chksum). */
function referenceSums(block: Uint8Array): { unsigned: number; signed: number } {
  let unsigned = 0
  let signed = 0
  block.forEach((byte, i) => {
    const counted = i >= 148 && i < 156 ? 0x20 : byte
    unsigned += counted
    signed += counted > 0x7f ? counted - 0x100 : counted
  })
  return { unsigned, signed }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}
