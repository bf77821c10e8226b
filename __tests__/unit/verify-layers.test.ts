/**
 * The layer-reading parts of verification that need no registry: the bytes-in-flight limiter, the
 * ignore globs, how a wrong-CPU file is judged by where it sits, and the LayerScanner over an in-memory
 * BlobReader (plain data behind the port, no HTTP).
 */
import { createHash } from 'node:crypto'
import { Readable, Transform, type TransformCallback } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { describe, expect, test } from '@jest/globals'
import { getDefaultHighWaterMark } from 'node:stream'
import type { BinaryIdentity } from '../../src/verify/binary.js'
import { ByteLimiter } from '../../src/verify/byte-limiter.js'
import { judgeFoundBinaries } from '../../src/verify/found-binaries.js'
import { matchesGlob } from '../../src/verify/globs.js'
import { LayerScanner } from '../../src/verify/layers.js'
import { ActionError } from '../../src/errors.js'
import type { ImageSource, Repository } from '../../src/registry/ports.js'
import { AMD64_ELF, ARM64_ELF } from '../support/evidence.js'
import { tarBytes } from '../support/tar-writer.js'

const I386_ELF: BinaryIdentity = {
  format: 'elf',
  class: 32,
  endianness: 'little',
  machine: 3,
  machineName: 'Intel 80386'
}
const AMD64_PE: BinaryIdentity = { format: 'pe', machine: 0x8664, machineName: 'x86-64' }
const ARM64: { os: string; architecture: string } = { os: 'linux', architecture: 'arm64' }
const AMD64: { os: string; architecture: string } = { os: 'linux', architecture: 'amd64' }

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('ByteLimiter', () => {
  test('small layers run side by side; a big one waits until the bytes in flight leave room', async () => {
    const limiter = new ByteLimiter({ maxBytes: 100, maxStreams: 8 })
    const a = await limiter.acquire(40)
    const b = await limiter.acquire(40)
    let big = false
    const waiting = limiter.acquire(60).then((release) => {
      big = true
      return release
    })
    await settle()
    expect(big).toBe(false)
    a()
    await settle()
    expect(big).toBe(true)
    b()
    ;(await waiting)()
    expect(limiter.peak).toEqual({ bytes: 100, streams: 2 })
  })

  test('a layer bigger than the bound runs alone rather than never', async () => {
    const limiter = new ByteLimiter({ maxBytes: 10, maxStreams: 8 })
    const release = await limiter.acquire(1000)
    expect(limiter.peak).toEqual({ bytes: 10, streams: 1 })
    release()
  })

  test('never more streams than maxStreams, however small', async () => {
    const limiter = new ByteLimiter({ maxBytes: 1000, maxStreams: 2 })
    const held = [await limiter.acquire(1), await limiter.acquire(1)]
    let third = false
    const waiting = limiter.acquire(1).then((r) => {
      third = true
      return r
    })
    await settle()
    expect(third).toBe(false)
    held[0]?.()
    ;(await waiting)()
    held[1]?.()
    expect(limiter.peak.streams).toBe(2)
  })
})

describe('matchesGlob', () => {
  test.each<[string, string, boolean]>([
    ['usr/bin/qemu-aarch64-static', 'qemu-*-static', true],
    ['usr/bin/qemu-aarch64-static', '/usr/bin/qemu-*-static', true],
    ['usr/bin/qemu-aarch64-static', 'usr/*/qemu-aarch64-static', true],
    ['usr/local/bin/qemu-aarch64-static', 'usr/*/qemu-aarch64-static', false],
    ['app/node_modules/a/prebuilds/linux-x64/n.node', '**/prebuilds/**', true],
    ['prebuilds/linux-x64/n.node', '**/prebuilds/**', true],
    ['app/node_modules/x/build/Release/x.node', '**/*.node', true],
    ['app/x.node', 'app/?.node', true],
    ['app/xy.node', 'app/?.node', false],
    ['app/lib.so', 'app/lib.so.1', false],
    ['app/a+b.so', 'app/a+b.so', true],
    ['anything', '', false]
  ])('%s against %s', (path, glob, expected) => {
    expect(matchesGlob(path, glob)).toBe(expected)
  })
})

describe('judgeFoundBinaries: where a wrong-CPU file sits decides its weight', () => {
  test.each<
    [string, { os: string; architecture: string }, string, BinaryIdentity, 'problem' | 'note' | 'ok']
  >([
    ['a node native module', ARM64, 'app/node_modules/x/build/Release/x.node', AMD64_ELF, 'problem'],
    ['a python extension', ARM64, 'usr/lib/python3/site-packages/m/_m.so', AMD64_ELF, 'problem'],
    ['a dist-packages extension', ARM64, 'usr/lib/python3/dist-packages/m.so', AMD64_ELF, 'problem'],
    [
      'i386 in node_modules on amd64 (cannot load into a 64-bit node)',
      AMD64,
      'node_modules/a/a.node',
      I386_ELF,
      'problem'
    ],
    ['a program under bin', ARM64, 'usr/local/bin/tool', AMD64_ELF, 'problem'],
    ['a library under lib64', ARM64, 'opt/app/lib64/libx.so', AMD64_ELF, 'problem'],
    ['i386 multilib on amd64', AMD64, 'usr/lib/i386-linux-gnu/libc.so.6', I386_ELF, 'note'],
    ['outside bin/lib and package directories', ARM64, 'srv/fixtures/sample', AMD64_ELF, 'note'],
    [
      'a prebuild under a directory named for its CPU',
      ARM64,
      'node_modules/b/prebuilds/linux-x64/node.napi.node',
      AMD64_ELF,
      'note'
    ],
    [
      'a bundle directory naming another CPU than the file',
      ARM64,
      'node_modules/b/prebuilds/linux-arm64/node.napi.node',
      AMD64_ELF,
      'problem'
    ],
    [
      'sharp built for the runner: the package name is no CPU directory',
      ARM64,
      'node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64.node',
      AMD64_ELF,
      'problem'
    ],
    ['the right CPU', ARM64, 'node_modules/x/x.node', ARM64_ELF, 'ok'],
    [
      'a PE file in a Linux image is never loaded by Linux',
      ARM64,
      'node_modules/n/vendor/x64/t.exe',
      AMD64_PE,
      'ok'
    ]
  ])('%s', (_name, platform, path, identity, expected) => {
    const verdict = judgeFoundBinaries(platform, [{ path, identity, layer: 'sha256:l' }])
    expect(verdict.wrong[0]?.severity ?? 'ok').toBe(expected)
  })

  test('ignored paths are counted, not judged', () => {
    const verdict = judgeFoundBinaries(
      ARM64,
      [
        { path: 'usr/bin/qemu-x86_64-static', identity: AMD64_ELF, layer: 'sha256:l' },
        { path: 'bin/busybox', identity: ARM64_ELF, layer: 'sha256:l' }
      ],
      ['qemu-*-static']
    )
    expect(verdict).toEqual({ checked: 1, ignored: 1, wrong: [] })
  })
})

// ── LayerScanner over plain data ────────────────────────────────────────────────────────────────────
const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`
const REPO: Repository = { registry: 'registry.test', repository: 'acme/app' }

/** Fails at the end when the bytes miss the digest, as the BlobReader port promises. */
class Checked extends Transform {
  readonly #hash = createHash('sha256')
  readonly #digest: string
  constructor(digest: string) {
    super()
    this.#digest = digest
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    this.#hash.update(chunk)
    cb(null, chunk)
  }
  override _flush(cb: TransformCallback): void {
    const actual = `sha256:${this.#hash.digest('hex')}`
    cb(actual === this.#digest ? null : new ActionError('digest-mismatch', `bytes hash to ${actual}`))
  }
}

/** Blobs by digest, served in `chunkBytes` chunks (16 KiB by default); `served` counts GETs per digest. */
function memorySource(
  blobs: Map<string, Buffer>,
  chunkBytes = 16384
): ImageSource & { served: Map<string, number> } {
  const served = new Map<string, number>()
  return {
    served,
    getManifest: () => Promise.reject(new Error('not used')),
    readBlob: () => Promise.reject(new Error('not used')),
    getBlob: (_repo, digest) => {
      served.set(digest, (served.get(digest) ?? 0) + 1)
      const bytes = blobs.get(digest) ?? Buffer.alloc(0)
      const chunks = Array.from({ length: Math.ceil(bytes.length / chunkBytes) }, (_, i) =>
        bytes.subarray(i * chunkBytes, (i + 1) * chunkBytes)
      )
      return Promise.resolve(Readable.from(chunks).pipe(new Checked(digest)))
    }
  }
}

/** `source` whose first blob read is replaced by what `broken` makes of it; later reads are served whole. */
function firstReadBroken<S extends ImageSource>(
  source: S,
  broken: (stream: Readable) => Readable | Promise<Readable>
): S {
  const getBlob = source.getBlob.bind(source)
  let first = true
  source.getBlob = async (repo, digest) => {
    const stream = await getBlob(repo, digest)
    if (!first) return stream
    first = false
    return broken(stream)
  }
  return source
}

/** The start of an ELF64 LSB executable for e_machine `machine`: the 20 bytes that identify it, and padding. */
function elfHeader(machine: number): Uint8Array {
  const bytes = new Uint8Array(64)
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1])
  bytes[16] = 2 // e_type ET_EXEC: a loadable program
  bytes[18] = machine & 0xff
  bytes[19] = machine >> 8
  return bytes
}

function layer(files: Parameters<typeof tarBytes>[0]): {
  gz: Buffer
  descriptor: { mediaType: string; digest: string; size: number }
} {
  const gz = gzipSync(Buffer.from(tarBytes(files)), { level: 0 })
  return {
    gz,
    descriptor: {
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: sha256(gz),
      size: gz.length
    }
  }
}

describe('LayerScanner', () => {
  const big = layer([
    {
      path: 'bin/tool',
      content: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(200)])
    },
    { path: 'srv/blob', content: Buffer.alloc(512 * 1024, 7) }
  ])

  test('concurrent readers of one digest share one read, to its end, verified', async () => {
    const source = memorySource(new Map([[big.descriptor.digest, big.gz]]))
    const scanner = new LayerScanner()
    const scans = await Promise.all([1, 2, 3].map(() => scanner.scan(source, REPO, big.descriptor)))
    expect(source.served.get(big.descriptor.digest)).toBe(1)
    expect(scans.map((s) => [s.status, s.bytesRead])).toEqual(
      [1, 2, 3].map(() => ['verified', big.gz.length])
    )
    expect(scans[0]?.entries.map((e) => e.path)).toEqual(['bin/tool', 'srv/blob'])
    expect(scanner.stats()).toMatchObject({
      layersRead: 1,
      layersShared: 1,
      readsSaved: 2,
      bytesRead: big.gz.length
    })
  })

  test('a later reader gets the cached scan, with no second read', async () => {
    const source = memorySource(new Map([[big.descriptor.digest, big.gz]]))
    const scanner = new LayerScanner()
    await scanner.scan(source, REPO, big.descriptor)
    await scanner.scan(source, { ...REPO, repository: 'other/repo' }, big.descriptor)
    expect(source.served.get(big.descriptor.digest)).toBe(1)
  })

  test('a prefetch is no reader: the reader who asks later gets its scan, with no second read, unshared', async () => {
    const source = memorySource(new Map([[big.descriptor.digest, big.gz]]))
    const scanner = new LayerScanner()
    const ahead = await scanner.prefetcher().scan(source, REPO, big.descriptor)
    expect(scanner.readers(big.descriptor.digest)).toBe(0)
    const scan = await scanner.scan(source, REPO, big.descriptor)
    expect(scan).toBe(ahead)
    expect(scan.status).toBe('verified')
    expect(source.served.get(big.descriptor.digest)).toBe(1)
    expect(scanner.readers(big.descriptor.digest)).toBe(1)
    expect(scanner.stats()).toMatchObject({ layersRead: 1, layersShared: 0, readsSaved: 0 })
  })

  test('a reader arriving while the prefetch runs joins it', async () => {
    const source = memorySource(new Map([[big.descriptor.digest, big.gz]]))
    const scanner = new LayerScanner()
    const ahead = scanner.prefetcher().scan(source, REPO, big.descriptor)
    const scan = scanner.scan(source, REPO, big.descriptor)
    expect(await scan).toBe(await ahead)
    expect(source.served.get(big.descriptor.digest)).toBe(1)
  })

  test('a reader that joined a prefetch which then failed reads again on its own and gets its verdict', async () => {
    // The first read (the prefetch's) breaks mid-stream: a fault of the moment, not the image's.
    const source = firstReadBroken(memorySource(new Map([[big.descriptor.digest, big.gz]])), (stream) => {
      stream.destroy()
      let sent = false
      return new Readable({
        read() {
          if (sent) this.destroy(new Error('connection reset'))
          else this.push(Buffer.alloc(1024))
          sent = true
        }
      })
    })
    const scanner = new LayerScanner()
    const ahead = scanner.prefetcher().scan(source, REPO, big.descriptor)
    const scan = scanner.scan(source, REPO, big.descriptor)
    expect((await ahead).status).toBe('unreadable')
    expect((await scan).status).toBe('verified')
    expect(source.served.get(big.descriptor.digest)).toBe(2)
    expect(scanner.readers(big.descriptor.digest)).toBe(1)
  })

  test('stopping the read ahead cuts the reads no reader joined; a joined one goes on to its end', async () => {
    const other = layer([{ path: 'srv/other', content: Buffer.alloc(512 * 1024, 3) }])
    // Served slowly (a chunk per tick) so both reads are still streaming when the read ahead stops.
    const source = memorySource(
      new Map([
        [big.descriptor.digest, big.gz],
        [other.descriptor.digest, other.gz]
      ]),
      1024
    )
    const scanner = new LayerScanner()
    const ahead = scanner.prefetcher()
    const alone = ahead.scan(source, REPO, other.descriptor)
    const joined = ahead.scan(source, REPO, big.descriptor)
    const reader = scanner.scan(source, REPO, big.descriptor)
    await new Promise((resolve) => setImmediate(resolve))
    scanner.stopReadingAhead()
    expect(await alone).toMatchObject({ status: 'unreadable', message: 'the read ahead was stopped' })
    expect((await alone).bytesRead).toBeLessThan(other.gz.length)
    expect((await reader).status).toBe('verified')
    expect(await joined).toBe(await reader)
    // The cut read is forgotten: a reader who asks later reads it whole.
    expect((await scanner.scan(source, REPO, other.descriptor)).status).toBe('verified')
  })

  test('a prefetch the registry failed is forgotten: the reader who asks later reads again', async () => {
    const source = memorySource(new Map([[big.descriptor.digest, big.gz]]))
    const getBlob = source.getBlob.bind(source)
    let failures = 1
    source.getBlob = (repo, digest) =>
      failures-- > 0 ? Promise.reject(new ActionError('registry', 'GET answered 503')) : getBlob(repo, digest)
    const scanner = new LayerScanner()
    expect((await scanner.prefetcher().scan(source, REPO, big.descriptor)).status).toBe('unreadable')
    const scan = await scanner.scan(source, REPO, big.descriptor)
    expect(scan.status).toBe('verified')
    expect(source.served.get(big.descriptor.digest)).toBe(1)
  })

  test('a corrupt layer prefetched is read again by the reader who asks, who finds the mismatch itself', async () => {
    const corrupt = Buffer.from(big.gz)
    corrupt.fill(0x55, 4096, 4112)
    const source = memorySource(new Map([[big.descriptor.digest, corrupt]]))
    const scanner = new LayerScanner()
    expect((await scanner.prefetcher().scan(source, REPO, big.descriptor)).status).toBe('mismatch')
    expect((await scanner.scan(source, REPO, big.descriptor)).status).toBe('mismatch')
    expect(source.served.get(big.descriptor.digest)).toBe(2)
  })

  test('a layer cut short while prefetched (a fault of the moment) is read whole by the reader who asks', async () => {
    const source = firstReadBroken(
      memorySource(new Map([[big.descriptor.digest, big.gz]])),
      async (stream) => {
        const chunks: Buffer[] = []
        for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk)
        return Readable.from([Buffer.concat(chunks).subarray(0, 1000)])
      }
    )
    const scanner = new LayerScanner()
    expect((await scanner.prefetcher().scan(source, REPO, big.descriptor)).status).toBe('mismatch')
    expect((await scanner.scan(source, REPO, big.descriptor)).status).toBe('verified')
  })

  test('bytes that miss the digest after the first KiB: mismatch, with the reason', async () => {
    const corrupt = Buffer.from(big.gz)
    corrupt.fill(0x55, 4096, 4112)
    const source = memorySource(new Map([[big.descriptor.digest, corrupt]]))
    const scan = await new LayerScanner().scan(source, REPO, big.descriptor)
    expect(scan.status).toBe('mismatch')
    expect(scan.message).toMatch(/^bytes hash to sha256:/)
    // Read past the corruption to the end: the port fails the stream there, dropping what it still held —
    // at most one buffer of the stream's default size (16 KiB on Node 20, 64 KiB from Node 22 on).
    expect(scan.bytesRead).toBeGreaterThan(corrupt.length - getDefaultHighWaterMark(false))
    expect(scan.bytesRead).toBeGreaterThan(4112)
  })

  test('fewer bytes than the manifest states: mismatch', async () => {
    const source = memorySource(new Map([[big.descriptor.digest, big.gz]]))
    const scan = await new LayerScanner().scan(source, REPO, { ...big.descriptor, size: big.gz.length + 1 })
    expect(scan).toMatchObject({ status: 'mismatch', message: expect.stringContaining('states') })
  })

  test('a capped read stops at the cap: partial, the entries before the cut kept', async () => {
    const source = memorySource(new Map([[big.descriptor.digest, big.gz]]))
    const scan = await new LayerScanner().scan(source, REPO, big.descriptor, 64 * 1024)
    expect(scan.status).toBe('partial')
    expect(scan.bytesRead).toBeGreaterThanOrEqual(64 * 1024)
    expect(scan.bytesRead).toBeLessThan(big.gz.length)
    expect(scan.entries.map((e) => e.path)).toContain('bin/tool')
  })

  test('thousands of entries and a body inflating past one inflate chunk: read whole, every ELF found', async () => {
    const links = (dir: string, count: number): Parameters<typeof tarBytes>[0] =>
      Array.from({ length: count }, (_, i) => ({
        path: `${dir}/applet-${i}`,
        type: 'symlink' as const,
        linkTarget: '/bin/busybox'
      }))
    // Compressed (not stored): 3 MiB of zeros arrive as a few KiB, each chunk inflating to megabytes.
    const gz = gzipSync(
      Buffer.from(
        tarBytes([
          ...links('bin', 2000),
          { path: 'srv/zeros', content: new Uint8Array(3 * 1024 * 1024) },
          { path: 'usr/bin/tool', content: elfHeader(62) },
          ...links('sbin', 1000),
          { path: 'bin/busybox', content: elfHeader(183) }
        ])
      )
    )
    const descriptor = {
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: sha256(gz),
      size: gz.length
    }
    const source = memorySource(new Map([[descriptor.digest, gz]]), 1000)
    const scan = await new LayerScanner().scan(source, REPO, descriptor)
    expect([scan.status, scan.bytesRead, scan.entries.length]).toEqual(['verified', gz.length, 3003])
    expect(
      scan.entries.filter((e) => e.identity).map((e) => `${e.path}: ${e.identity?.machineName}`)
    ).toEqual(['usr/bin/tool: x86-64', 'bin/busybox: AArch64'])
  })

  test.each<[string, Error | undefined, RegExp]>([
    ['breaks with an error', new Error('socket hang up'), /^socket hang up$/],
    ['is closed before its end, without an error', undefined, /Premature close$/]
  ])('a stream that %s mid-blob: unreadable, with the reason', async (_name, error, message) => {
    const source = memorySource(new Map())
    source.getBlob = () => {
      const broken = new Readable({ read: () => undefined })
      broken.push(big.gz.subarray(0, 20_000))
      setImmediate(() => broken.destroy(error))
      return Promise.resolve(broken)
    }
    const scan = await new LayerScanner().scan(source, REPO, big.descriptor)
    expect([scan.status, scan.message, scan.bytesRead]).toEqual([
      'unreadable',
      expect.stringMatching(message),
      20_000
    ])
  })

  test('bytes that match the digest but are no tar: unreadable, saying so', async () => {
    const junk = gzipSync(Buffer.alloc(2048, 0x41))
    const source = memorySource(new Map([[sha256(junk), junk]]))
    const scan = await new LayerScanner().scan(source, REPO, {
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: sha256(junk),
      size: junk.length
    })
    expect(scan.status).toBe('unreadable')
    expect(scan.message).toMatch(/^its bytes match the digest but are not a layer tar/)
  })
})
