// binfmt decisions over data: entries recorded from the bench's /proc/sys/fs/binfmt_misc
// (__fixtures__/binfmt, see its README), platform → handler rules, readiness and the installer's argv.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import {
  architecturesToProbe,
  assessEmulation,
  describeReadiness,
  handlerFor,
  type HandlerNeed,
  type PlatformReadiness
} from '../../src/binfmt/assessment.js'
import {
  parseBinfmtEntry,
  registrationLine,
  type BinfmtEntry,
  type BinfmtState
} from '../../src/binfmt/entry.js'
import { nodePlatform } from '../../src/binfmt/host-platform.js'
import { installArgs } from '../../src/binfmt/installer.js'
import { DEFAULT_INSTALLER_IMAGE } from '../../src/inputs/qemu.js'
import { probeProgram, type ProbeArchitecture } from '../../src/binfmt/probe-program.js'
import type { Platform } from '../../src/oci/types.js'
import { checkBinary, identifyBinary, isLoadableBinary } from '../../src/verify/binary.js'
import { thrown } from '../support/thrown.js'

const FIXTURES = path.resolve(import.meta.dirname, '..', '..', '__fixtures__', 'binfmt')

function recorded(file: string): string {
  return readFileSync(path.join(FIXTURES, file), 'utf8')
}

function entry(name: string, file = `${name}.txt`): BinfmtEntry {
  return parseBinfmtEntry(name, recorded(file))
}

function p(spec: string): Platform {
  const [os = '', architecture = '', variant] = spec.split('/')
  return { os, architecture, ...(variant === undefined ? {} : { variant }) }
}

/** A matcher standing in for a string field of an expected object. */
function containing(text: string): string {
  return expect.stringContaining(text) as unknown as string
}

const AMD64 = p('linux/amd64')
const ARM64 = p('linux/arm64')

describe('parseBinfmtEntry reads the kernel text', () => {
  test.each<[string, string, BinfmtEntry]>([
    [
      'qemu-aarch64',
      'qemu-aarch64.txt',
      {
        name: 'qemu-aarch64',
        enabled: true,
        interpreter: '/usr/libexec/qemu-binfmt/aarch64-binfmt-P',
        flags: 'PF',
        offset: 0,
        magic: '7f454c460201010000000000000000000200b700',
        mask: 'ffffffffffffff00fffffffffffffffffeffffff'
      }
    ],
    [
      'qemu-arm',
      'qemu-arm.txt',
      {
        name: 'qemu-arm',
        enabled: true,
        interpreter: '/usr/libexec/qemu-binfmt/arm-binfmt-P',
        flags: 'PF',
        offset: 0,
        magic: '7f454c4601010100000000000000000002002800',
        mask: 'ffffffffffffff00fffffffffffffffffeffffff'
      }
    ],
    [
      'qemu-s390x',
      'qemu-s390x.txt',
      {
        name: 'qemu-s390x',
        enabled: true,
        interpreter: '/usr/libexec/qemu-binfmt/s390x-binfmt-P',
        flags: 'PF',
        offset: 0,
        magic: '7f454c4602020100000000000000000000020016',
        mask: 'fffffffffffffffcfffffffffffffffffffeffff'
      }
    ],
    [
      'qemu-s390x',
      'qemu-s390x.disabled.txt',
      {
        name: 'qemu-s390x',
        enabled: false,
        interpreter: '/usr/libexec/qemu-binfmt/s390x-binfmt-P',
        flags: 'PF',
        offset: 0,
        magic: '7f454c4602020100000000000000000000020016',
        mask: 'fffffffffffffffcfffffffffffffffffffeffff'
      }
    ],
    [
      'qemu-ppc64le',
      'qemu-ppc64le.no-fix-binary.txt',
      {
        name: 'qemu-ppc64le',
        enabled: true,
        interpreter: '/usr/libexec/qemu-binfmt/ppc64le-binfmt-P',
        flags: 'P',
        offset: 0,
        magic: '7f454c4602010100000000000000000002001500',
        mask: 'fffffffffffffffcfffffffffffffffffeffff00'
      }
    ],
    [
      // no flags, no mask: a non-QEMU handler as binfmt-support registers it
      'jar',
      'jar.txt',
      { name: 'jar', enabled: true, interpreter: '/usr/bin/jexec', flags: '', offset: 0, magic: '504b0304' }
    ]
  ])('%s from %s', (name, file, expected) => {
    expect(parseBinfmtEntry(name, recorded(file))).toEqual(expected)
  })

  test.each([
    ['an extension entry', 'enabled\ninterpreter /usr/bin/wine\nflags: \nextension .exe\n', '/usr/bin/wine'],
    ['CRLF-free trailing spaces', 'enabled  \ninterpreter /usr/bin/x  \nflags: OCF\n', '/usr/bin/x']
  ])('%s', (_label, text, interpreter) => {
    expect(parseBinfmtEntry('x', text)).toMatchObject({ enabled: true, interpreter })
  })

  test.each([
    ['empty text', ''],
    ['the register file', 'register'],
    ['a status file', '1\n']
  ])('rejects %s', (_label, text) => {
    const error = thrown(() => parseBinfmtEntry('qemu-x', text))
    expect(error.kind).toBe('environment')
    expect(error.message).toContain('"qemu-x"')
  })
})

describe('registrationLine writes an entry back in the register syntax', () => {
  test.each<[string, BinfmtEntry, string]>([
    [
      'recorded riscv64, as the installer image registers it',
      { ...entry('qemu-riscv64'), interpreter: '/usr/bin/qemu-riscv64-static', flags: 'F' },
      ':qemu-riscv64:M::\\x7f\\x45\\x4c\\x46\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00' +
        '\\x02\\x00\\xf3\\x00:\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff' +
        '\\xfe\\xff\\xff\\xff:/usr/bin/qemu-riscv64-static:F'
    ],
    [
      'an offset and no mask',
      { name: 'z', enabled: true, interpreter: '/i', flags: 'PF', offset: 2, magic: '0a0b' },
      ':z:M:2:\\x0a\\x0b::/i:PF'
    ]
  ])('%s', (_label, input, line) => {
    expect(registrationLine(input)).toBe(line)
  })

  test('an extension entry has nothing to write', () => {
    expect(thrown(() => registrationLine({ name: 'exe', enabled: true, flags: '' })).kind).toBe('environment')
  })
})

describe('handlerFor maps platforms to handlers', () => {
  const need = (handler: string, installName: string): HandlerNeed => ({ handler, installName })
  test.each<[string, Platform, HandlerNeed | 'native' | 'unsupported']>([
    ['linux/arm64', AMD64, need('qemu-aarch64', 'arm64')],
    ['linux/arm64/v8', AMD64, need('qemu-aarch64', 'arm64')],
    ['linux/arm/v7', AMD64, need('qemu-arm', 'arm')],
    ['linux/arm/v6', AMD64, need('qemu-arm', 'arm')],
    ['linux/arm', AMD64, need('qemu-arm', 'arm')],
    ['linux/s390x', AMD64, need('qemu-s390x', 's390x')],
    ['linux/ppc64le', AMD64, need('qemu-ppc64le', 'ppc64le')],
    ['linux/riscv64', AMD64, need('qemu-riscv64', 'riscv64')],
    ['linux/mips64le', AMD64, need('qemu-mips64el', 'mips64le')],
    ['linux/mips64', AMD64, need('qemu-mips64', 'mips64')],
    ['linux/loong64', AMD64, need('qemu-loongarch64', 'loong64')],
    // IA-32 compatibility mode
    ['linux/386', AMD64, 'native'],
    ['linux/i386', AMD64, 'native'],
    ['linux/amd64', AMD64, 'native'],
    ['linux/x86_64', AMD64, 'native'],
    // microarchitecture levels are CPU features emulation could not add
    ['linux/amd64/v3', AMD64, 'native'],
    // binfmt_misc runs Linux ELF binaries only: Windows images need a Windows host
    ['windows/amd64', AMD64, 'unsupported'],
    ['windows/arm64', AMD64, 'unsupported'],
    ['linux/sparc64', AMD64, 'unsupported'],
    ['linux/amd64', p('darwin/arm64'), 'unsupported'],
    // arm64 hosts: AArch32 runs 32-bit arm natively on most CPUs (the readiness carries the caveat)
    ['linux/arm/v7', ARM64, 'native'],
    ['linux/arm/v6', ARM64, 'native'],
    ['linux/arm64', ARM64, 'native'],
    ['linux/amd64', ARM64, need('qemu-x86_64', 'amd64')],
    ['linux/386', ARM64, need('qemu-i386', '386')],
    ['linux/s390x', ARM64, need('qemu-s390x', 's390x')],
    ['linux/arm/v6', p('linux/arm/v7'), 'native'],
    // a qemu-arm handler on an arm/v6 host would capture its own binaries too
    ['linux/arm/v7', p('linux/arm/v6'), 'unsupported'],
    ['linux/arm64', p('linux/arm/v7'), need('qemu-aarch64', 'arm64')],
    ['linux/amd64', p('linux/s390x'), need('qemu-x86_64', 'amd64')],
    ['linux/ppc64le', p('linux/ppc64le'), 'native']
  ])('%s on %j', (spec, host, expected) => {
    expect(handlerFor(p(spec), host)).toEqual(expected)
  })
})

describe('assessEmulation decides per platform', () => {
  const mounted = (...entries: BinfmtEntry[]): BinfmtState => ({
    mounted: true,
    enabled: true,
    entries: new Map(entries.map((e) => [e.name, e]))
  })
  const bench = mounted(entry('qemu-aarch64'), entry('qemu-arm'), entry('qemu-s390x'), entry('qemu-riscv64'))
  const riscv = { handler: 'qemu-riscv64', installName: 'riscv64' }
  const s390x = { handler: 'qemu-s390x', installName: 's390x' }
  const s390xInterpreter = '/usr/libexec/qemu-binfmt/s390x-binfmt-P'

  test.each<[string, string, Platform, BinfmtState, PlatformReadiness]>([
    ['native', 'linux/amd64', AMD64, bench, { platform: 'linux/amd64', readiness: 'native' }],
    ['native 386', 'linux/386', AMD64, mounted(), { platform: 'linux/386', readiness: 'native' }],
    [
      'native with the AArch32 caveat',
      'linux/arm/v7',
      ARM64,
      mounted(),
      { platform: 'linux/arm/v7', readiness: 'native', note: containing('AArch32') }
    ],
    [
      'ready (normalised name)',
      'linux/aarch64',
      AMD64,
      bench,
      {
        platform: 'linux/arm64',
        readiness: 'ready',
        handler: 'qemu-aarch64',
        installName: 'arm64',
        interpreter: '/usr/libexec/qemu-binfmt/aarch64-binfmt-P'
      }
    ],
    [
      'ready for arm/v6 through qemu-arm',
      'linux/arm/v6',
      AMD64,
      bench,
      {
        platform: 'linux/arm/v6',
        readiness: 'ready',
        handler: 'qemu-arm',
        installName: 'arm',
        interpreter: '/usr/libexec/qemu-binfmt/arm-binfmt-P'
      }
    ],
    [
      'missing',
      'linux/ppc64le',
      AMD64,
      bench,
      { platform: 'linux/ppc64le', readiness: 'missing', handler: 'qemu-ppc64le', installName: 'ppc64le' }
    ],
    [
      'disabled entry',
      'linux/s390x',
      AMD64,
      mounted(entry('qemu-s390x', 'qemu-s390x.disabled.txt')),
      { platform: 'linux/s390x', readiness: 'disabled', ...s390x, interpreter: s390xInterpreter }
    ],
    [
      'binfmt_misc disabled as a whole',
      'linux/s390x',
      AMD64,
      { ...bench, enabled: false },
      {
        platform: 'linux/s390x',
        readiness: 'disabled',
        ...s390x,
        interpreter: s390xInterpreter,
        note: 'binfmt_misc is disabled'
      }
    ],
    [
      'no fix-binary flag',
      'linux/ppc64le',
      AMD64,
      mounted(entry('qemu-ppc64le', 'qemu-ppc64le.no-fix-binary.txt')),
      {
        platform: 'linux/ppc64le',
        readiness: 'no-fix-binary',
        handler: 'qemu-ppc64le',
        installName: 'ppc64le',
        interpreter: '/usr/libexec/qemu-binfmt/ppc64le-binfmt-P'
      }
    ],
    [
      'binfmt_misc not mounted',
      'linux/riscv64',
      AMD64,
      { mounted: false, enabled: false, entries: new Map() },
      { platform: 'linux/riscv64', readiness: 'missing', ...riscv, note: 'binfmt_misc is not mounted' }
    ],
    [
      'unsupported OS',
      'windows/amd64',
      AMD64,
      bench,
      {
        platform: 'windows/amd64',
        readiness: 'unsupported',
        note: containing('cannot run windows binaries')
      }
    ],
    [
      'unknown architecture',
      'linux/sparc64',
      AMD64,
      bench,
      {
        platform: 'linux/sparc64',
        readiness: 'unsupported',
        note: containing('no QEMU emulator is known for sparc64')
      }
    ]
  ])('%s: %s', (_label, spec, host, state, expected) => {
    expect(assessEmulation([p(spec)], host, state)).toEqual([expected])
  })

  test('keeps the order of the requested platforms', () => {
    const platforms = ['linux/s390x', 'linux/amd64', 'linux/ppc64le'].map(p)
    expect(assessEmulation(platforms, AMD64, bench).map((r) => r.readiness)).toEqual([
      'ready',
      'native',
      'missing'
    ])
  })
})

describe('assessEmulation asks the kernel about architectures the host may run natively', () => {
  const mounted = (...entries: BinfmtEntry[]): BinfmtState => ({
    mounted: true,
    enabled: true,
    entries: new Map(entries.map((e) => [e.name, e]))
  })
  const i386 = entry('qemu-i386')
  const i386NoF = { ...i386, flags: '' }
  const i386Off = { ...i386, enabled: false }
  const i386Need = {
    handler: 'qemu-i386',
    installName: '386',
    interpreter: '/usr/libexec/qemu-binfmt/i386-binfmt-P'
  }
  const refused = (architecture: string): string => `this kernel does not run ${architecture} code natively`
  const answered = (architecture: string, ran: boolean): Map<string, boolean> =>
    new Map([[architecture, ran]])

  test.each<[string, string, Platform, BinfmtState, Map<string, boolean>, PlatformReadiness]>([
    [
      '386 the kernel ran',
      'linux/386',
      AMD64,
      mounted(),
      answered('386', true),
      { platform: 'linux/386', readiness: 'native' }
    ],
    [
      '386 the kernel refused, no handler',
      'linux/386',
      AMD64,
      mounted(),
      answered('386', false),
      {
        platform: 'linux/386',
        readiness: 'missing',
        handler: 'qemu-i386',
        installName: '386',
        note: refused('386')
      }
    ],
    [
      '386 not probed',
      'linux/386',
      AMD64,
      mounted(),
      new Map(),
      { platform: 'linux/386', readiness: 'native' }
    ],
    [
      '386 with a qemu-i386 handler (asked before the ELF loader)',
      'linux/386',
      AMD64,
      mounted(i386),
      answered('386', true),
      { platform: 'linux/386', readiness: 'ready', ...i386Need }
    ],
    [
      '386 with a qemu-i386 handler lacking F',
      'linux/386',
      AMD64,
      mounted(i386NoF),
      new Map(),
      { platform: 'linux/386', readiness: 'no-fix-binary', ...i386Need }
    ],
    [
      '386 refused with a disabled handler',
      'linux/386',
      AMD64,
      mounted(i386Off),
      answered('386', false),
      { platform: 'linux/386', readiness: 'disabled', ...i386Need, note: refused('386') }
    ],
    [
      '386 run natively beside a disabled handler',
      'linux/386',
      AMD64,
      mounted(i386Off),
      answered('386', true),
      { platform: 'linux/386', readiness: 'native' }
    ],
    [
      'arm/v7 on an arm64 CPU without AArch32',
      'linux/arm/v7',
      ARM64,
      mounted(),
      answered('arm', false),
      {
        platform: 'linux/arm/v7',
        readiness: 'missing',
        handler: 'qemu-arm',
        installName: 'arm',
        note: refused('arm')
      }
    ],
    [
      'arm/v6 on an arm64 CPU with AArch32',
      'linux/arm/v6',
      ARM64,
      mounted(),
      answered('arm', true),
      { platform: 'linux/arm/v6', readiness: 'native' }
    ]
  ])('%s', (_label, spec, host, state, probes, expected) => {
    expect(assessEmulation([p(spec)], host, state, probes)).toEqual([expected])
  })

  test.each<[string, string[], Platform, BinfmtState, ProbeArchitecture[]]>([
    ['386 among emulated platforms', ['linux/386', 'linux/arm64'], AMD64, mounted(), ['386']],
    ['386 served by an enabled handler', ['linux/386'], AMD64, mounted(i386), []],
    ['386 beside a disabled handler', ['linux/386'], AMD64, mounted(i386Off), ['386']],
    [
      '386 with binfmt_misc switched off',
      ['linux/386'],
      AMD64,
      { ...mounted(i386), enabled: false },
      ['386']
    ],
    ['both arm variants on arm64, once', ['linux/arm/v7', 'linux/arm/v6'], ARM64, mounted(), ['arm']],
    ['arm on amd64 is emulated, never native', ['linux/arm/v7'], AMD64, mounted(), []],
    ['the host architecture itself', ['linux/amd64'], AMD64, mounted(), []],
    ['386 on s390x', ['linux/386'], p('linux/s390x'), mounted(), []],
    ['a macOS host runs no Linux code natively', ['linux/arm/v7'], p('darwin/arm64'), mounted(), []],
    ['windows/386 is no Linux code', ['windows/386'], AMD64, mounted(), []]
  ])('probes: %s', (_label, specs, host, state, expected) => {
    expect(architecturesToProbe(specs.map(p), host, state)).toEqual(expected)
  })
})

describe('probeProgram: the header fields a kernel loader checks', () => {
  // fs/binfmt_elf.c (and arm64's compat_elf_check_arch, which wants an EABI version in e_flags)
  // The largest page size a kernel running that code may use: i386 4 KiB; arm on an arm64 kernel up to 64 KiB.
  test.each<[ProbeArchitecture, number, number, number]>([
    ['386', 3, 0, 0x1000],
    ['arm', 40, 0x05000000, 0x10000]
  ])('%s', (architecture, machine, flags, page) => {
    const view = new DataView(probeProgram(architecture).buffer)
    const u16 = (at: number): number => view.getUint16(at, true)
    const u32 = (at: number): number => view.getUint32(at, true)
    expect([...new Uint8Array(view.buffer, 0, 8)]).toEqual([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0])
    expect({
      type: u16(16),
      machine: u16(18),
      version: u32(20),
      phoff: u32(28),
      flags: u32(36),
      ehsize: u16(40),
      phentsize: u16(42),
      phnum: u16(44)
    }).toEqual({ type: 2, machine, version: 1, phoff: 52, flags, ehsize: 52, phentsize: 32, phnum: 1 })
    const [pType, offset, vaddr, pFlags, align] = [u32(52), u32(56), u32(60), u32(76), u32(80)]
    expect({ pType, offset, pFlags, align }).toEqual({ pType: 1, offset: 0, pFlags: 5, align: 0x1000 })
    expect(vaddr % page).toBe(offset) // p_vaddr ≡ p_offset modulo the page size
    expect(vaddr).toBeGreaterThanOrEqual(0x10000) // at or above the usual vm.mmap_min_addr
  })
})

describe('probeProgram is an executable ELF of its architecture', () => {
  test.each<[ProbeArchitecture, string]>([
    ['386', 'linux/386'],
    ['arm', 'linux/arm/v7']
  ])('%s', (architecture, platform) => {
    const bytes = probeProgram(architecture)
    const identity = identifyBinary(bytes)
    expect(identity).toMatchObject({ format: 'elf', class: 32, endianness: 'little' })
    expect(isLoadableBinary(bytes, identity as NonNullable<typeof identity>)).toBe(true)
    const view = new DataView(bytes.buffer)
    const [entryPoint, segmentStart, segmentSize] = [
      view.getUint32(24, true),
      view.getUint32(60, true),
      view.getUint32(68, true)
    ]
    expect(entryPoint).toBeGreaterThanOrEqual(segmentStart + 84)
    expect(entryPoint).toBeLessThan(segmentStart + segmentSize)
    expect(segmentSize).toBe(bytes.length)
    // verify's own rule for the platform (e_machine, class, byte order) accepts it
    expect(checkBinary(p(platform), identity)).toMatchObject({ ok: true, checked: true })
  })
})

describe('describeReadiness says why in a few words', () => {
  test.each<[PlatformReadiness, string]>([
    [{ platform: 'linux/s390x', readiness: 'missing', handler: 'qemu-s390x' }, 'no qemu-s390x handler'],
    [
      {
        platform: 'linux/s390x',
        readiness: 'disabled',
        handler: 'qemu-s390x',
        note: 'binfmt_misc is disabled'
      },
      'the qemu-s390x handler is disabled (binfmt_misc is disabled)'
    ],
    [
      { platform: 'linux/ppc64le', readiness: 'no-fix-binary', handler: 'qemu-ppc64le', interpreter: '/q' },
      'the qemu-ppc64le handler lacks the F (fix-binary) flag, so containers cannot open its interpreter /q'
    ],
    [{ platform: 'linux/arm64', readiness: 'ready', handler: 'qemu-aarch64' }, 'emulated by qemu-aarch64'],
    [{ platform: 'linux/amd64', readiness: 'native' }, 'runs natively']
  ])('%j', (readiness, text) => {
    expect(describeReadiness(readiness)).toBe(text)
  })
})

describe('installArgs', () => {
  test.each<[string, string[], string[] | undefined, string[]]>([
    ['img', ['arm64'], undefined, ['run', '--privileged', '--rm', 'img', '--install', 'arm64']],
    ['img', ['arm64', 's390x'], [], ['run', '--privileged', '--rm', 'img', '--install', 'arm64,s390x']],
    [
      DEFAULT_INSTALLER_IMAGE,
      ['s390x', 'ppc64le'],
      ['qemu-s390x', 'qemu-ppc64le'],
      [
        'run',
        '--privileged',
        '--rm',
        DEFAULT_INSTALLER_IMAGE,
        '--uninstall',
        'qemu-s390x,qemu-ppc64le',
        '--install',
        's390x,ppc64le'
      ]
    ]
  ])('%s %j uninstall %j', (image, names, uninstall, argv) => {
    expect(installArgs(image, names, uninstall === undefined ? {} : { uninstall })).toEqual(argv)
  })
})

describe('nodePlatform names the host in containerd terms', () => {
  test.each<[string, string, 'BE' | 'LE', string | undefined, Platform]>([
    ['linux', 'x64', 'LE', undefined, p('linux/amd64')],
    ['linux', 'arm64', 'LE', undefined, p('linux/arm64')],
    ['linux', 'arm', 'LE', undefined, p('linux/arm/v7')],
    ['linux', 'arm', 'LE', '6', p('linux/arm/v6')],
    ['linux', 'ia32', 'LE', undefined, p('linux/386')],
    ['linux', 'ppc64', 'LE', undefined, p('linux/ppc64le')],
    ['linux', 'ppc64', 'BE', undefined, p('linux/ppc64')],
    ['linux', 's390x', 'BE', undefined, p('linux/s390x')],
    ['linux', 'riscv64', 'LE', undefined, p('linux/riscv64')],
    ['linux', 'loong64', 'LE', undefined, p('linux/loong64')],
    ['win32', 'x64', 'LE', undefined, p('windows/amd64')],
    ['darwin', 'arm64', 'LE', undefined, p('darwin/arm64')]
  ])('%s %s %s arm_version=%s', (os, arch, endianness, armVersion, expected) => {
    expect(
      nodePlatform(os, arch, { endianness, ...(armVersion === undefined ? {} : { armVersion }) })
    ).toEqual(expected)
  })
})
