// The merged filesystem of an image's layers (image-files.ts) and the file chosen to check for its CPU
// (entrypoint.ts): entries as the tar reader hands them over, layers fed top-down.
import { describe, expect, test } from '@jest/globals'
import { ActionError } from '../../src/errors.js'
import type { ImageConfig } from '../../src/oci/types.js'
import { checkBinary } from '../../src/verify/binary.js'
import { chooseCandidate } from '../../src/verify/entrypoint.js'
import { ImageFiles, resolveInImage } from '../../src/verify/image-files.js'
import { type TarEntry, TarReader } from '../../src/verify/tar.js'
import { busyboxHead } from '../support/binaries.js'
import { tarBytes, type TarWriterEntry } from '../support/tar-writer.js'
import { thrown } from '../support/thrown.js'

const encoder = new TextEncoder()

/** Every entry of a tar archive, read in one go. */
function readAll(bytes: Uint8Array): TarEntry[] {
  const reader = new TarReader()
  return [...reader.push(bytes), ...reader.end()]
}

describe('resolveInImage', () => {
  const links = new Map([
    ['bin', 'usr/bin'],
    ['usr/bin/sh', 'dash'],
    ['usr/bin/busybox-sh', '/bin/busybox'],
    ['usr/local/bin/python3', '../../bin/python3.12'],
    ['lib', 'usr/lib'],
    ['usr/lib/libc.so', '/lib/x86_64-linux-gnu/libc.so.6'],
    ['escape', '../../../../etc/shadow'],
    ['opt/current', './releases/2.0'],
    ['loop-a', 'loop-b'],
    ['loop-b', '/loop-a'],
    ['self', 'self']
  ])

  test.each([
    ['/bin/sh', 'usr/bin/dash'],
    ['bin/sh', 'usr/bin/dash'],
    ['/usr/bin/sh', 'usr/bin/dash'],
    ['/bin/busybox-sh', 'usr/bin/busybox'],
    ['/usr/local/bin/python3', 'usr/bin/python3.12'],
    ['/usr/lib/libc.so', 'usr/lib/x86_64-linux-gnu/libc.so.6'],
    ['/escape', 'etc/shadow'],
    ['/../../bin/sh', 'usr/bin/dash'],
    ['/opt/current/bin/app', 'opt/releases/2.0/bin/app'],
    ['/bin/../etc/passwd', 'usr/etc/passwd'],
    ['/no/links/here', 'no/links/here'],
    ['/', '']
  ])('%s → %s', (from, to) => {
    expect(resolveInImage(from, links)).toBe(to)
  })

  test.each(['/loop-a', '/self', '/self/child'])('%s is a symlink loop', (from) => {
    const error = thrown(() => resolveInImage(from, links))
    expect([error.kind, error.message]).toEqual(['not-found', expect.stringMatching(/too many levels/)])
  })

  test('maxHops bounds the walk', () => {
    const chain = new Map([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd']
    ])
    expect(resolveInImage('a', chain, 3)).toBe('d')
    expect(() => resolveInImage('a', chain, 2)).toThrow(ActionError)
  })
})

// ── Candidate selection: entries are written as TarReader hands them out ─────────────────────────────
/** A 20-byte ELF64 LSB header with e_machine `machine`. */
function elf(machine: number): Uint8Array {
  const bytes = new Uint8Array(20)
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1])
  bytes[18] = machine & 0xff
  bytes[19] = machine >> 8
  return bytes
}

function pe(machine: number): Uint8Array {
  const bytes = new Uint8Array(0x86)
  bytes.set([0x4d, 0x5a])
  bytes[0x3c] = 0x80
  bytes.set([0x50, 0x45, 0, 0, machine & 0xff, machine >> 8], 0x80)
  return bytes
}

const ARM64 = elf(183)
const AMD64 = elf(62)

const file = (path: string, head: Uint8Array | string = 'data'): TarEntry => {
  const bytes = typeof head === 'string' ? encoder.encode(head) : head
  return { path, type: 'file', size: bytes.length, mode: 0o755, head: bytes }
}
const symlink = (path: string, linkTarget: string): TarEntry => ({
  path,
  type: 'symlink',
  size: 0,
  mode: 0o777,
  linkTarget,
  head: new Uint8Array()
})
const hardlink = (path: string, linkTarget: string): TarEntry => ({
  ...symlink(path, linkTarget),
  type: 'hardlink'
})
const dir = (path: string): TarEntry => ({
  path,
  type: 'directory',
  size: 0,
  mode: 0o755,
  head: new Uint8Array()
})
const whiteout = (path: string): TarEntry => ({
  path,
  type: 'other',
  size: 0,
  mode: 0o644,
  head: new Uint8Array()
})

type Command = NonNullable<ImageConfig['config']>
const linux = (config: Command = {}): Pick<ImageConfig, 'os' | 'config'> => ({ os: 'linux', config })

/** A Debian-like base layer: usrmerge symlinks, dash as sh, bash. */
const DEBIAN_BASE: TarEntry[] = [
  symlink('bin', 'usr/bin'),
  symlink('sbin', 'usr/sbin'),
  dir('usr/bin'),
  file('usr/bin/bash', ARM64),
  file('usr/bin/dash', ARM64),
  symlink('usr/bin/sh', 'dash'),
  file('usr/bin/env', ARM64),
  file('usr/bin/python3.12', ARM64),
  symlink('usr/bin/python3', 'python3.12')
]
/** The official busybox image: every applet a hardlink to bin/busybox. */
const BUSYBOX_BASE: TarEntry[] = [dir('bin'), file('bin/busybox', ARM64), hardlink('bin/sh', 'bin/busybox')]

describe('chooseCandidate over complete images', () => {
  test.each<[string, Pick<ImageConfig, 'os' | 'config'>, TarEntry[][], Record<string, unknown>]>([
    [
      'Entrypoint, absolute',
      linux({ Entrypoint: ['/app/server', '--port=80'], Cmd: ['/bin/sh'] }),
      [[file('app/server', ARM64)], BUSYBOX_BASE],
      { status: 'chosen', path: 'app/server', reason: 'Entrypoint /app/server' }
    ],
    [
      'shell form: /bin/sh -c is checked through the usrmerge symlinks',
      linux({ Cmd: ['/bin/sh', '-c', 'exec server'] }),
      [DEBIAN_BASE],
      { status: 'chosen', path: 'usr/bin/dash', reason: 'Cmd /bin/sh → /usr/bin/dash' }
    ],
    [
      'a relative name is looked up in the default PATH',
      linux({ Cmd: ['bash'] }),
      [DEBIAN_BASE],
      { status: 'chosen', path: 'usr/bin/bash', reason: 'Cmd bash → /usr/bin/bash' }
    ],
    [
      "a relative name uses the image's PATH",
      linux({ Cmd: ['tool'], Env: ['LANG=C', 'PATH=/opt/tool/bin:/usr/bin'] }),
      [[file('opt/tool/bin/tool', ARM64), file('usr/bin/tool', AMD64)]],
      { status: 'chosen', path: 'opt/tool/bin/tool' }
    ],
    [
      'PATH order: /usr/local/bin before /usr/bin',
      linux({ Cmd: ['python3'] }),
      [[file('usr/local/bin/python3', AMD64), ...DEBIAN_BASE]],
      { status: 'chosen', path: 'usr/local/bin/python3', identity: expect.objectContaining({ machine: 62 }) }
    ],
    [
      'a name with a slash is relative to WorkingDir',
      linux({ Entrypoint: ['./server'], WorkingDir: '/srv/app' }),
      [[file('srv/app/server', ARM64)]],
      { status: 'chosen', path: 'srv/app/server' }
    ],
    [
      'busybox applets are hardlinks: the content is the target',
      linux({ Cmd: ['sh'] }),
      [BUSYBOX_BASE],
      { status: 'chosen', path: 'bin/sh', identity: expect.objectContaining({ machine: 183 }) }
    ],
    [
      'an entrypoint script is checked through its #! interpreter',
      linux({ Entrypoint: ['/docker-entrypoint.sh'], Cmd: ['nginx'] }),
      [[file('docker-entrypoint.sh', '#!/bin/sh\nset -e\nexec "$@"\n')], DEBIAN_BASE],
      {
        status: 'chosen',
        path: 'usr/bin/dash',
        reason: 'Entrypoint /docker-entrypoint.sh → #!/bin/sh → /usr/bin/dash'
      }
    ],
    [
      '#!/usr/bin/env python3 runs env, which is checked',
      linux({ Entrypoint: ['/app/main.py'] }),
      [[file('app/main.py', '#!/usr/bin/env python3\nprint(1)\n')], DEBIAN_BASE],
      { status: 'chosen', path: 'usr/bin/env' }
    ],
    [
      'nested interpreters are followed',
      linux({ Entrypoint: ['/run'] }),
      [[file('run', '#!/opt/wrapper\n'), file('opt/wrapper', '#! /bin/bash -e\n')], DEBIAN_BASE],
      {
        status: 'chosen',
        path: 'usr/bin/bash',
        reason: 'Entrypoint /run → #!/opt/wrapper → #!/bin/bash -e → /usr/bin/bash'
      }
    ],
    [
      'no Entrypoint or Cmd: the first binary under /bin, /usr/bin, /usr/local/bin, /app',
      linux(),
      [
        [
          file('app/server', AMD64),
          file('usr/local/bin/zz', ARM64),
          file('usr/local/bin/script', '#!/bin/sh\n')
        ]
      ],
      {
        status: 'chosen',
        path: 'usr/local/bin/zz',
        reason: 'searched /bin, /usr/bin, /usr/local/bin, /app: first binary /usr/local/bin/zz'
      }
    ],
    [
      'the search follows /bin → usr/bin and sorts by name',
      linux({ Entrypoint: [], Cmd: null }),
      [[file('usr/bin/zsh', AMD64), file('usr/bin/awk', ARM64), symlink('bin', 'usr/bin')]],
      { status: 'chosen', path: 'usr/bin/awk' }
    ],
    [
      'a missing entrypoint falls back to the search, and says so',
      linux({ Entrypoint: ['/app/missing'] }),
      [BUSYBOX_BASE],
      {
        status: 'chosen',
        path: 'bin/busybox',
        reason: expect.stringMatching(/^Entrypoint \/app\/missing: not found; searched/)
      }
    ],
    [
      'a script without #! falls back to the search',
      linux({ Entrypoint: ['/app/run.sh'] }),
      [[file('app/run.sh', 'echo hi\n')], BUSYBOX_BASE],
      {
        status: 'chosen',
        path: 'bin/busybox',
        reason: expect.stringMatching(/run.sh: not an ELF or PE binary/)
      }
    ],
    [
      'a symlink loop counts as missing',
      linux({ Entrypoint: ['/app/loop'] }),
      [[symlink('app/loop', 'loop')], BUSYBOX_BASE],
      { status: 'chosen', path: 'bin/busybox', reason: expect.stringMatching(/not found/) }
    ],
    [
      'an image without binaries has nothing to check',
      linux({ Cmd: ['/bin/sh'] }),
      [[file('etc/hostname', 'x'), file('bin/readme', 'not a binary')]],
      { status: 'none', reason: expect.stringMatching(/no ELF or PE file$/) }
    ],
    [
      'windows: C:\\ paths live under Files/',
      { os: 'windows', config: { Entrypoint: ['C:\\app\\server.exe'] } },
      [[file('Files/app/server.exe', pe(0xaa64))]],
      { status: 'chosen', path: 'Files/app/server.exe', identity: expect.objectContaining({ format: 'pe' }) }
    ],
    [
      'windows: cmd is found as System32/cmd.exe',
      { os: 'windows', config: { Cmd: ['cmd', '/S', '/C', 'echo hi'] } },
      [[file('Files/Windows/System32/cmd.exe', pe(0x8664)), file('Hives/DefaultUser_Delta', 'regf')]],
      { status: 'chosen', path: 'Files/Windows/System32/cmd.exe' }
    ]
  ])('%s', (_name, config, layers, expected) => {
    expect(chooseCandidate(config, ImageFiles.fromLayers(layers))).toMatchObject(expected)
  })
})

describe('chooseCandidate across layers (top layer first)', () => {
  test.each<[string, Pick<ImageConfig, 'os' | 'config'>, TarEntry[][], string | undefined]>([
    [
      'an upper file replaces a lower one',
      linux({ Cmd: ['/usr/bin/tool'] }),
      [[file('usr/bin/tool', AMD64)], [file('usr/bin/tool', ARM64)]],
      'usr/bin/tool@0 x86-64'
    ],
    [
      '.wh.NAME hides the lower file',
      linux({ Entrypoint: ['/app/server'] }),
      [[whiteout('app/.wh.server')], [file('app/server', AMD64)], BUSYBOX_BASE],
      'bin/busybox@2 AArch64'
    ],
    [
      '.wh.NAME of a directory hides everything under it',
      linux(),
      [[whiteout('usr/local/.wh.bin')], [file('usr/local/bin/tool', AMD64), file('app/server', ARM64)]],
      'app/server@1 AArch64'
    ],
    [
      '.wh..wh..opq hides the lower contents of a directory, not its own layer',
      linux(),
      [[whiteout('app/.wh..wh..opq'), file('app/new', ARM64)], [file('app/old', AMD64)]],
      'app/new@0 AArch64'
    ],
    [
      '.wh..wh..opq with nothing new leaves the directory empty',
      linux({ Entrypoint: ['/app/old'] }),
      [[whiteout('app/.wh..wh..opq')], [file('app/old', AMD64), file('bin/busybox', ARM64)]],
      'bin/busybox@1 AArch64'
    ],
    [
      'a whiteout does not hide its own layer',
      linux({ Entrypoint: ['/app/server'] }),
      [[file('app/server', ARM64), whiteout('app/.wh.server')], [file('app/server', AMD64)]],
      'app/server@0 AArch64'
    ],
    [
      'an upper symlink replaces a lower directory',
      linux({ Entrypoint: ['/app/server'] }),
      [[symlink('app', 'opt/v2')], [file('app/server', AMD64), file('opt/v2/server', ARM64)]],
      'opt/v2/server@1 AArch64'
    ],
    [
      'an upper directory replaces a lower symlink',
      linux({ Entrypoint: ['/bin/tool'] }),
      [[file('bin/tool', ARM64)], DEBIAN_BASE],
      'bin/tool@0 AArch64'
    ],
    [
      'a hardlink takes its content from its own layer, not the upper one',
      linux({ Cmd: ['/bin/sh'] }),
      [[file('bin/busybox', AMD64)], BUSYBOX_BASE],
      'bin/sh@1 AArch64'
    ],
    [
      'PATH lookups take the uppermost layer that has the name',
      linux({ Cmd: ['tool'] }),
      [[file('usr/bin/tool', ARM64)], [file('usr/local/bin/tool', AMD64)]],
      'usr/bin/tool@0 AArch64'
    ],
    [
      'the search prefers upper layers over directory order',
      linux(),
      [[file('app/server', ARM64)], BUSYBOX_BASE],
      'app/server@0 AArch64'
    ],
    [
      'a whited-out everything leaves nothing',
      linux({ Cmd: ['sh'] }),
      [[whiteout('.wh..wh..opq')], BUSYBOX_BASE],
      undefined
    ]
  ])('%s', (_name, config, layers, expected) => {
    const files = ImageFiles.fromLayers(layers)
    const candidate = chooseCandidate(config, files)
    const found =
      candidate.status === 'chosen'
        ? `${candidate.path}@${files.get(candidate.path)?.layer ?? '?'} ${candidate.identity.machineName}`
        : undefined
    expect(found).toBe(expected)
  })
})

describe('chooseCandidate while layers are still arriving', () => {
  /** Feeds the layers one by one and records the status after each, as the caller deciding when to stop. */
  function statuses(config: Pick<ImageConfig, 'os' | 'config'>, layers: TarEntry[][]): string[] {
    const files = new ImageFiles()
    return layers.map((layer, index) => {
      for (const entry of layer) files.add(entry)
      files.endLayer()
      if (index === layers.length - 1) files.finish()
      const candidate = chooseCandidate(config, files)
      return candidate.status === 'chosen' ? `chosen ${candidate.path}` : candidate.status
    })
  }

  test.each<[string, Pick<ImageConfig, 'os' | 'config'>, TarEntry[][], string[]]>([
    [
      'an absolute entrypoint in the top layer settles it at once',
      linux({ Entrypoint: ['/app/server'] }),
      [[file('app/server', ARM64)], DEBIAN_BASE],
      ['chosen app/server', 'chosen app/server']
    ],
    [
      'a script waits for its interpreter',
      linux({ Entrypoint: ['/entrypoint.sh'] }),
      [[file('entrypoint.sh', '#!/bin/bash\n')], [file('etc/app.conf')], DEBIAN_BASE],
      ['undecided', 'undecided', 'chosen usr/bin/bash']
    ],
    [
      'a missing program waits for the bottom layer, then falls back',
      linux({ Entrypoint: ['/nowhere'] }),
      [[file('app/server', ARM64)], BUSYBOX_BASE],
      ['undecided', 'chosen app/server']
    ],
    [
      'the search settles on the first layer with a binary',
      linux(),
      [[file('etc/app.conf')], BUSYBOX_BASE, DEBIAN_BASE],
      ['undecided', 'chosen bin/busybox', 'chosen bin/busybox']
    ],
    [
      'nothing anywhere is "none" only after the bottom layer',
      linux(),
      [[file('etc/a')], [file('etc/b')]],
      ['undecided', 'none']
    ]
  ])('%s', (_name, config, layers, expected) => {
    expect(statuses(config, layers)).toEqual(expected)
  })
})

describe('from layer bytes to a verdict', () => {
  function busyboxLayer(arch: string): Uint8Array {
    const busybox = busyboxHead(arch, 1024)
    const entries: TarWriterEntry[] = [
      { path: 'bin/', type: 'directory', mode: 0o755 },
      { path: 'bin/busybox', content: busybox, mode: 0o755 },
      { path: 'bin/sh', type: 'hardlink', linkTarget: 'bin/busybox' },
      { path: 'bin/ls', type: 'symlink', linkTarget: 'busybox' }
    ]
    return tarBytes(entries)
  }

  test.each([
    ['linux/arm64', 'arm64', true],
    ['linux/amd64', 'arm64', false],
    ['linux/s390x', 's390x', true],
    ['linux/arm64', 'amd64', false]
  ])('%s image holding the %s busybox: ok=%s', (platform, arch, ok) => {
    const [os = '', architecture = ''] = platform.split('/')
    const files = ImageFiles.fromLayers([readAll(busyboxLayer(arch))])
    const candidate = chooseCandidate(linux({ Cmd: ['sh'] }), files)
    if (candidate.status !== 'chosen') throw new Error(`expected a candidate, got ${candidate.status}`)
    expect(checkBinary({ os, architecture }, candidate.identity).ok).toBe(ok)
  })
})
