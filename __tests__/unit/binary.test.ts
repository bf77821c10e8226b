// ELF headers from real Debian busybox-static builds (__fixtures__/binaries), plus synthetic headers built here per the
// ELF gABI (e_ident, e_machine at 18) and the PE/COFF spec ('MZ', e_lfanew at 0x3c, 'PE\0\0', Machine).
import { describe, expect, test } from '@jest/globals'
import {
  type BinaryIdentity,
  checkBinary,
  describeBinary,
  expectedBinary,
  identifyBinary
} from '../../src/verify/binary.js'
import { busyboxHead } from '../support/binaries.js'

interface ElfHeaderFields {
  elfClass: number
  data: number
  machine: number
}

/** An ELF header up to e_machine (20 bytes), e_machine encoded in the header's own byte order. */
function elfHeader({ elfClass, data, machine }: ElfHeaderFields): Uint8Array {
  const bytes = new Uint8Array(64)
  bytes.set([0x7f, 0x45, 0x4c, 0x46, elfClass, data, 1])
  new DataView(bytes.buffer).setUint16(16, 2, data === 1) // e_type ET_EXEC
  new DataView(bytes.buffer).setUint16(18, machine, data === 1)
  return bytes
}

/** An MS-DOS stub pointing at 'PE\0\0' + COFF Machine, with the PE header at `lfanew`. */
function peHeader(machine: number, lfanew = 0x80): Uint8Array {
  const bytes = new Uint8Array(lfanew + 24)
  bytes.set([0x4d, 0x5a])
  new DataView(bytes.buffer).setUint32(0x3c, lfanew, true)
  bytes.set([0x50, 0x45, 0, 0], lfanew)
  new DataView(bytes.buffer).setUint16(lfanew + 4, machine, true)
  return bytes
}

/** 'os/arch[/variant]' as the test tables write it (the platform module owns real parsing). */
function parsePlatform(platform: string): { os: string; architecture: string; variant?: string } {
  const [os = '', architecture = '', variant] = platform.split('/')
  return variant ? { os, architecture, variant } : { os, architecture }
}

const text = (value: string): Uint8Array => new TextEncoder().encode(value)

describe('identifyBinary on Debian busybox builds', () => {
  test.each([
    ['amd64', 64, 'little', 62, 'x86-64'],
    ['arm64', 64, 'little', 183, 'AArch64'],
    ['armv7', 32, 'little', 40, 'ARM'],
    ['armv6', 32, 'little', 40, 'ARM'],
    ['s390x', 64, 'big', 22, 'S/390'],
    ['ppc64le', 64, 'little', 21, 'PowerPC64'],
    ['386', 32, 'little', 3, 'Intel 80386']
  ])('%s busybox is ELF%i %s-endian machine %i (%s)', (arch, elfClass, endianness, machine, machineName) => {
    expect(identifyBinary(busyboxHead(arch))).toEqual({
      format: 'elf',
      class: elfClass,
      endianness,
      machine,
      machineName
    })
  })

  test('the 20 bytes up to e_machine are enough', () => {
    expect(identifyBinary(busyboxHead('s390x', 20))).toMatchObject({ machine: 22, endianness: 'big' })
  })
})

describe('identifyBinary on synthetic headers', () => {
  const riscv64 = elfHeader({ elfClass: 2, data: 1, machine: 243 })
  const mips64le = elfHeader({ elfClass: 2, data: 1, machine: 8 })
  const loong64 = elfHeader({ elfClass: 2, data: 1, machine: 258 })
  const ppc64be = elfHeader({ elfClass: 2, data: 2, machine: 21 })
  const unknownMachine = elfHeader({ elfClass: 2, data: 1, machine: 0x1234 })
  test.each<[string, Uint8Array, BinaryIdentity | undefined]>([
    [
      'riscv64',
      riscv64,
      { format: 'elf', class: 64, endianness: 'little', machine: 243, machineName: 'RISC-V' }
    ],
    [
      'mips64le',
      mips64le,
      { format: 'elf', class: 64, endianness: 'little', machine: 8, machineName: 'MIPS' }
    ],
    [
      'loong64',
      loong64,
      { format: 'elf', class: 64, endianness: 'little', machine: 258, machineName: 'LoongArch' }
    ],
    [
      'ppc64 big-endian',
      ppc64be,
      { format: 'elf', class: 64, endianness: 'big', machine: 21, machineName: 'PowerPC64' }
    ],
    [
      'an unknown e_machine keeps its number',
      unknownMachine,
      { format: 'elf', class: 64, endianness: 'little', machine: 0x1234, machineName: 'machine 4660' }
    ],
    ['ELF cut before e_machine (19 bytes)', riscv64.subarray(0, 19), undefined],
    ['ELF with ELFCLASSNONE', elfHeader({ elfClass: 0, data: 1, machine: 62 }), undefined],
    ['ELF with ELFDATANONE', elfHeader({ elfClass: 2, data: 0, machine: 62 }), undefined],
    ['a shell script', text('#!/bin/sh\necho hello, world, this is long enough\n'), undefined],
    ['empty', new Uint8Array(), undefined],
    ['PE x86-64', peHeader(0x8664), { format: 'pe', machine: 0x8664, machineName: 'x86-64' }],
    ['PE ARM64', peHeader(0xaa64), { format: 'pe', machine: 0xaa64, machineName: 'ARM64' }],
    ['PE i386', peHeader(0x14c), { format: 'pe', machine: 0x14c, machineName: 'i386' }],
    ['PE ARMNT', peHeader(0x1c4), { format: 'pe', machine: 0x1c4, machineName: 'ARMNT' }],
    [
      'PE header beyond 4 KiB',
      peHeader(0x8664, 0x1400),
      { format: 'pe', machine: 0x8664, machineName: 'x86-64' }
    ],
    ['PE cut before Machine', peHeader(0x8664).subarray(0, 0x80 + 5), undefined],
    ['MZ cut before e_lfanew', peHeader(0x8664).subarray(0, 0x3e), undefined],
    ['an MS-DOS program (no PE signature)', peHeader(0x8664).fill(0, 0x80, 0x84), undefined]
  ])('%s', (_name, head, identity) => {
    expect(identifyBinary(head)).toEqual(identity)
  })
})

describe('expectedBinary', () => {
  test.each([
    ['linux/amd64', 'ELF 64-bit LSB x86-64', 62],
    ['linux/arm64/v8', 'ELF 64-bit LSB AArch64', 183],
    ['linux/arm/v7', 'ELF 32-bit LSB ARM', 40],
    ['linux/arm/v6', 'ELF 32-bit LSB ARM', 40],
    ['linux/386', 'ELF 32-bit LSB Intel 80386', 3],
    ['linux/s390x', 'ELF 64-bit MSB S/390', 22],
    ['linux/ppc64le', 'ELF 64-bit LSB PowerPC64', 21],
    ['linux/ppc64', 'ELF 64-bit MSB PowerPC64', 21],
    ['linux/riscv64', 'ELF 64-bit LSB RISC-V', 243],
    ['linux/mips64le', 'ELF 64-bit LSB MIPS', 8],
    ['linux/loong64', 'ELF 64-bit LSB LoongArch', 258],
    ['windows/amd64', 'PE x86-64', 0x8664],
    ['windows/arm64', 'PE ARM64', 0xaa64],
    ['windows/386', 'PE i386', 0x14c]
  ])('%s needs %s', (platform, description, machine) => {
    expect(expectedBinary(parsePlatform(platform))).toMatchObject({ description, machines: [machine] })
  })

  test.each([
    ['linux', 'sparc64'],
    ['linux', 'wasm'],
    ['freebsd', 'amd64'],
    ['unknown', 'unknown']
  ])('%s/%s has no rule', (os, architecture) => {
    expect(expectedBinary({ os, architecture })).toBeUndefined()
  })
})

describe('checkBinary', () => {
  test.each([
    ['linux/arm64', 'arm64', true, 'ELF 64-bit LSB AArch64', 'ELF 64-bit LSB AArch64'],
    ['linux/arm64', 'amd64', false, 'ELF 64-bit LSB AArch64', 'ELF 64-bit LSB x86-64'],
    ['linux/amd64', '386', false, 'ELF 64-bit LSB x86-64', 'ELF 32-bit LSB Intel 80386'],
    ['linux/386', 'amd64', false, 'ELF 32-bit LSB Intel 80386', 'ELF 64-bit LSB x86-64'],
    ['linux/arm/v7', 'armv7', true, 'ELF 32-bit LSB ARM', 'ELF 32-bit LSB ARM'],
    ['linux/arm/v7', 'armv6', true, 'ELF 32-bit LSB ARM', 'ELF 32-bit LSB ARM'],
    ['linux/arm/v6', 'arm64', false, 'ELF 32-bit LSB ARM', 'ELF 64-bit LSB AArch64'],
    ['linux/s390x', 's390x', true, 'ELF 64-bit MSB S/390', 'ELF 64-bit MSB S/390'],
    ['linux/s390x', 'ppc64le', false, 'ELF 64-bit MSB S/390', 'ELF 64-bit LSB PowerPC64'],
    ['linux/ppc64le', 'ppc64le', true, 'ELF 64-bit LSB PowerPC64', 'ELF 64-bit LSB PowerPC64'],
    ['linux/ppc64', 'ppc64le', false, 'ELF 64-bit MSB PowerPC64', 'ELF 64-bit LSB PowerPC64'],
    ['windows/amd64', 'amd64', false, 'PE x86-64', 'ELF 64-bit LSB x86-64']
  ])('%s with the %s busybox', (platform, arch, ok, expected, found) => {
    const check = checkBinary(parsePlatform(platform), identifyBinary(busyboxHead(arch)))
    expect(check).toEqual({ ok, checked: true, expected, found })
  })

  test.each([
    ['windows/arm64', 'an ARM64 PE', peHeader(0xaa64), true, 'PE ARM64'],
    ['windows/arm64', 'an x86-64 PE', peHeader(0x8664), false, 'PE x86-64'],
    ['windows/386', 'an i386 PE', peHeader(0x14c), true, 'PE i386'],
    ['linux/amd64', 'an x86-64 PE', peHeader(0x8664), false, 'PE x86-64'],
    [
      'linux/riscv64',
      'RISC-V 64',
      elfHeader({ elfClass: 2, data: 1, machine: 243 }),
      true,
      'ELF 64-bit LSB RISC-V'
    ],
    [
      'linux/riscv64',
      'RISC-V 32',
      elfHeader({ elfClass: 1, data: 1, machine: 243 }),
      false,
      'ELF 32-bit LSB RISC-V'
    ],
    [
      'linux/mips64le',
      'MIPS64 BE',
      elfHeader({ elfClass: 2, data: 2, machine: 8 }),
      false,
      'ELF 64-bit MSB MIPS'
    ],
    ['linux/amd64', 'a shell script', text('#!/bin/sh\n'), false, 'not an ELF or PE binary']
  ])('%s with %s', (platform, _name, head, ok, found) => {
    expect(checkBinary(parsePlatform(platform), identifyBinary(head))).toMatchObject({
      ok,
      checked: true,
      found
    })
  })

  test('a platform without a rule is not checked, and says so', () => {
    expect(
      checkBinary({ os: 'linux', architecture: 'sparc64' }, identifyBinary(busyboxHead('amd64')))
    ).toEqual({
      ok: true,
      checked: false,
      expected: 'no rule for linux/sparc64',
      found: 'ELF 64-bit LSB x86-64'
    })
  })
})

describe('describeBinary', () => {
  test.each<[BinaryIdentity, string]>([
    [
      { format: 'elf', class: 64, endianness: 'big', machine: 22, machineName: 'S/390' },
      'ELF 64-bit MSB S/390'
    ],
    [
      { format: 'elf', class: 32, endianness: 'little', machine: 40, machineName: 'ARM' },
      'ELF 32-bit LSB ARM'
    ],
    [{ format: 'pe', machine: 0xaa64, machineName: 'ARM64' }, 'PE ARM64']
  ])('%j → %s', (identity, description) => {
    expect(describeBinary(identity)).toBe(description)
  })
})
