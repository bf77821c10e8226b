/**
 * What CPU a binary was built for, read from its first bytes, and whether that matches the platform an
 * image is labelled with: an image labelled linux/arm64 must hold AArch64 code, or users get
 * "exec format error". Pure: the caller hands over the bytes (TarEntry.head).
 */

// ── ELF: System V ABI, generic ABI ("gABI"), chapter 4 "ELF Header" ─────────────────────────────────
/** e_ident[EI_MAG0..EI_MAG3]: 0x7f 'E' 'L' 'F'. */
const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46] as const
/** e_ident[EI_CLASS]: ELFCLASS32 = 1, ELFCLASS64 = 2. */
const EI_CLASS = 4
const ELFCLASS32 = 1
const ELFCLASS64 = 2
/** e_ident[EI_DATA]: ELFDATA2LSB = 1 (little-endian), ELFDATA2MSB = 2 (big-endian). */
const EI_DATA = 5
const ELFDATA2LSB = 1
const ELFDATA2MSB = 2
/**
 * e_machine follows e_ident[EI_NIDENT = 16] and e_type (an Elf_Half), so it sits at byte 18 in both
 * classes; it is an Elf_Half encoded in the file's own byte order (EI_DATA).
 */
const E_MACHINE = 18
const ELF_HEADER_BYTES = E_MACHINE + 2

/** e_machine values (gABI "e_machine"; the registry at the end of the chapter and each psABI). */
export const ElfMachine = {
  i386: 3, // EM_386
  mips: 8, // EM_MIPS (also MIPS64: the class tells them apart)
  ppc: 20, // EM_PPC
  ppc64: 21, // EM_PPC64 (both byte orders: EI_DATA tells ppc64 from ppc64le)
  s390: 22, // EM_S390 (also s390x: ELFCLASS64)
  arm: 40, // EM_ARM (AArch32)
  x86_64: 62, // EM_X86_64
  aarch64: 183, // EM_AARCH64
  riscv: 243, // EM_RISCV (the class tells riscv32 from riscv64)
  loongarch: 258 // EM_LOONGARCH
} as const

const ELF_MACHINE_NAMES: ReadonlyMap<number, string> = new Map([
  [2, 'SPARC'],
  [ElfMachine.i386, 'Intel 80386'],
  [ElfMachine.mips, 'MIPS'],
  [ElfMachine.ppc, 'PowerPC'],
  [ElfMachine.ppc64, 'PowerPC64'],
  [ElfMachine.s390, 'S/390'],
  [ElfMachine.arm, 'ARM'],
  [43, 'SPARC V9'],
  [ElfMachine.x86_64, 'x86-64'],
  [ElfMachine.aarch64, 'AArch64'],
  [ElfMachine.riscv, 'RISC-V'],
  [ElfMachine.loongarch, 'LoongArch']
])

// ── PE: Microsoft "PE Format" (PE/COFF specification) ────────────────────────────────────────────────
/** An MS-DOS stub starts every image file: 'MZ'. */
const MZ_MAGIC = [0x4d, 0x5a] as const
/** "At location 0x3c, the stub has the file offset to the PE signature" (4 bytes, little-endian). */
const PE_SIGNATURE_OFFSET_FIELD = 0x3c
/** The signature 'PE\0\0', immediately followed by the COFF File Header, whose first field is Machine. */
const PE_SIGNATURE = [0x50, 0x45, 0x00, 0x00] as const
const COFF_MACHINE = PE_SIGNATURE.length

/** COFF "Machine Types" (IMAGE_FILE_MACHINE_*). */
export const PeMachine = {
  i386: 0x14c, // IMAGE_FILE_MACHINE_I386
  armnt: 0x1c4, // IMAGE_FILE_MACHINE_ARMNT (ARM Thumb-2, Windows on 32-bit ARM)
  amd64: 0x8664, // IMAGE_FILE_MACHINE_AMD64
  arm64: 0xaa64 // IMAGE_FILE_MACHINE_ARM64
} as const

const PE_MACHINE_NAMES: ReadonlyMap<number, string> = new Map([
  [PeMachine.i386, 'i386'],
  [PeMachine.armnt, 'ARMNT'],
  [PeMachine.amd64, 'x86-64'],
  [PeMachine.arm64, 'ARM64']
])

export interface ElfIdentity {
  format: 'elf'
  class: 32 | 64
  endianness: 'little' | 'big'
  machine: number
  machineName: string
}

export interface PeIdentity {
  format: 'pe'
  machine: number
  machineName: string
}

export type BinaryIdentity = ElfIdentity | PeIdentity

export interface BinaryPlatform {
  os: string
  architecture: string
  variant?: string
}

/** What a binary built for a platform looks like; `description` reads like `file(1)` output. */
export interface ExpectedBinary {
  format: 'elf' | 'pe'
  class?: 32 | 64
  endianness?: 'little' | 'big'
  machines: number[]
  description: string
}

export interface BinaryCheck {
  /** True when the binary matches, and when the platform has no rule (then `checked` is false). */
  ok: boolean
  checked: boolean
  expected: string
  found: string
}

/**
 * Identifies an ELF or PE file from its first bytes; undefined for anything else (scripts, data) and
 * when `head` is too short to tell (ELF needs 20 bytes, PE needs the COFF Machine after 'PE\0\0').
 */
export function identifyBinary(head: Uint8Array): BinaryIdentity | undefined {
  if (startsWith(head, ELF_MAGIC, 0)) return identifyElf(head)
  if (startsWith(head, MZ_MAGIC, 0)) return identifyPe(head)
  return undefined
}

function identifyElf(head: Uint8Array): ElfIdentity | undefined {
  if (head.length < ELF_HEADER_BYTES) return undefined
  const elfClass = elfClassOf(head[EI_CLASS])
  const endianness = elfEndiannessOf(head[EI_DATA])
  if (elfClass === undefined || endianness === undefined) return undefined
  const machine = readUint16(head, E_MACHINE, endianness)
  return { format: 'elf', class: elfClass, endianness, machine, machineName: elfMachineName(machine) }
}

function elfClassOf(value: number | undefined): 32 | 64 | undefined {
  if (value === ELFCLASS32) return 32
  if (value === ELFCLASS64) return 64
  return undefined
}

function elfEndiannessOf(value: number | undefined): 'little' | 'big' | undefined {
  if (value === ELFDATA2LSB) return 'little'
  if (value === ELFDATA2MSB) return 'big'
  return undefined
}

function identifyPe(head: Uint8Array): PeIdentity | undefined {
  if (head.length < PE_SIGNATURE_OFFSET_FIELD + 4) return undefined
  // e_lfanew is a 32-bit little-endian file offset; a plain MS-DOS program has no PE signature there.
  const signatureAt = readUint32LE(head, PE_SIGNATURE_OFFSET_FIELD)
  if (signatureAt + COFF_MACHINE + 2 > head.length) return undefined
  if (!startsWith(head, PE_SIGNATURE, signatureAt)) return undefined
  const machine = readUint16(head, signatureAt + COFF_MACHINE, 'little')
  return { format: 'pe', machine, machineName: peMachineName(machine) }
}

function elfMachineName(machine: number): string {
  return ELF_MACHINE_NAMES.get(machine) ?? `machine ${machine}`
}

function peMachineName(machine: number): string {
  return PE_MACHINE_NAMES.get(machine) ?? `machine 0x${machine.toString(16)}`
}

// ── What each platform must contain ──────────────────────────────────────────────────────────────────
interface ElfRule {
  class: 32 | 64
  endianness: 'little' | 'big'
  machine: number
}

/** Keyed by normalised architecture (containerd/platforms); every `arm` variant is AArch32 code. */
const LINUX_RULES: ReadonlyMap<string, ElfRule> = new Map([
  ['amd64', { class: 64, endianness: 'little', machine: ElfMachine.x86_64 }],
  ['arm64', { class: 64, endianness: 'little', machine: ElfMachine.aarch64 }],
  ['arm', { class: 32, endianness: 'little', machine: ElfMachine.arm }],
  ['386', { class: 32, endianness: 'little', machine: ElfMachine.i386 }],
  ['s390x', { class: 64, endianness: 'big', machine: ElfMachine.s390 }],
  ['ppc64le', { class: 64, endianness: 'little', machine: ElfMachine.ppc64 }],
  ['ppc64', { class: 64, endianness: 'big', machine: ElfMachine.ppc64 }],
  ['riscv64', { class: 64, endianness: 'little', machine: ElfMachine.riscv }],
  ['mips64le', { class: 64, endianness: 'little', machine: ElfMachine.mips }],
  ['mips64', { class: 64, endianness: 'big', machine: ElfMachine.mips }],
  ['loong64', { class: 64, endianness: 'little', machine: ElfMachine.loongarch }]
])

const WINDOWS_RULES: ReadonlyMap<string, number> = new Map([
  ['amd64', PeMachine.amd64],
  ['arm64', PeMachine.arm64],
  ['386', PeMachine.i386],
  ['arm', PeMachine.armnt]
])

/** The binary a platform needs, or undefined when we have no rule for it (the caller says "not checked"). */
export function expectedBinary(platform: BinaryPlatform): ExpectedBinary | undefined {
  if (platform.os === 'linux') {
    const rule = LINUX_RULES.get(platform.architecture)
    if (!rule) return undefined
    const identity: ElfIdentity = { format: 'elf', ...rule, machineName: elfMachineName(rule.machine) }
    return { format: 'elf', ...rule, machines: [rule.machine], description: describeBinary(identity) }
  }
  if (platform.os === 'windows') {
    const machine = WINDOWS_RULES.get(platform.architecture)
    if (machine === undefined) return undefined
    const identity: PeIdentity = { format: 'pe', machine, machineName: peMachineName(machine) }
    return { format: 'pe', machines: [machine], description: describeBinary(identity) }
  }
  return undefined
}

/** Compares what a platform needs with what was found, in words a person can act on. */
export function checkBinary(platform: BinaryPlatform, identity: BinaryIdentity | undefined): BinaryCheck {
  const found = identity ? describeBinary(identity) : 'not an ELF or PE binary'
  const expected = expectedBinary(platform)
  if (!expected)
    return { ok: true, checked: false, expected: `no rule for ${formatPlatform(platform)}`, found }
  const ok = identity !== undefined && matches(expected, identity)
  return { ok, checked: true, expected: expected.description, found }
}

function matches(expected: ExpectedBinary, identity: BinaryIdentity): boolean {
  if (identity.format !== expected.format || !expected.machines.includes(identity.machine)) return false
  if (identity.format === 'pe') return true
  return (
    (expected.class === undefined || expected.class === identity.class) &&
    (expected.endianness === undefined || expected.endianness === identity.endianness)
  )
}

/** 'ELF 64-bit LSB AArch64', 'ELF 64-bit MSB S/390', 'PE x86-64' (after `file(1)`). */
export function describeBinary(identity: BinaryIdentity): string {
  if (identity.format === 'pe') return `PE ${identity.machineName}`
  const order = identity.endianness === 'little' ? 'LSB' : 'MSB'
  return `ELF ${identity.class}-bit ${order} ${identity.machineName}`
}

function formatPlatform(platform: BinaryPlatform): string {
  const base = `${platform.os}/${platform.architecture}`
  return platform.variant ? `${base}/${platform.variant}` : base
}

// ── Byte helpers ─────────────────────────────────────────────────────────────────────────────────────
function startsWith(bytes: Uint8Array, prefix: readonly number[], at: number): boolean {
  return prefix.every((byte, i) => bytes[at + i] === byte)
}

function readUint16(bytes: Uint8Array, at: number, endianness: 'little' | 'big'): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(at, endianness === 'little')
}

function readUint32LE(bytes: Uint8Array, at: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at, true)
}

// ── Every binary met on the way ──────────────────────────────────────────────────────────────────────
/** e_type (gABI "ELF Header"): ET_EXEC = 2, ET_DYN = 3 (shared objects and PIE executables). */
const E_TYPE = 16
const ET_EXEC = 2
const ET_DYN = 3
/** COFF File Header Characteristics (2 bytes at +18 from Machine): IMAGE_FILE_EXECUTABLE_IMAGE. */
const COFF_CHARACTERISTICS = COFF_MACHINE + 18
const IMAGE_FILE_EXECUTABLE_IMAGE = 0x0002

/**
 * Whether a file is something a process runs or loads (an executable or shared object): relocatable
 * objects (.o, kernel modules) and core dumps are never exec'd or dlopen'd, so their CPU proves nothing.
 */
export function isLoadableBinary(head: Uint8Array, identity: BinaryIdentity): boolean {
  if (identity.format === 'elf') {
    const type = readUint16(head, E_TYPE, identity.endianness)
    return type === ET_EXEC || type === ET_DYN
  }
  const signatureAt = readUint32LE(head, PE_SIGNATURE_OFFSET_FIELD)
  if (signatureAt + COFF_CHARACTERISTICS + 2 > head.length) return true
  return (readUint16(head, signatureAt + COFF_CHARACTERISTICS, 'little') & IMAGE_FILE_EXECUTABLE_IMAGE) !== 0
}

/**
 * How a binary found in an image relates to the image's platform:
 * - `match`: built for it;
 * - `compatible`: another CPU whose programs this platform's CPU also runs as separate processes
 *   (x86-64 runs i386, AArch64 cores with AArch32 run ARM, Windows on x64 runs i386 through WoW64, Windows
 *   on ARM64 runs i386 and x64 through emulation) — multilib and WoW64 files are normal there, but such a
 *   file cannot be loaded into the platform's own processes;
 * - `foreign`: the platform cannot run it at all;
 * - `unknown`: no rule for the platform (nothing is judged).
 */
export type BinaryFit = 'match' | 'compatible' | 'foreign' | 'unknown'

const LINUX_COMPATIBLE: ReadonlyMap<string, readonly string[]> = new Map([
  ['amd64', ['386']],
  ['arm64', ['arm']],
  ['ppc64le', []],
  ['s390x', []]
])
const WINDOWS_COMPATIBLE: ReadonlyMap<string, readonly string[]> = new Map([
  ['amd64', ['386']],
  ['arm64', ['386', 'amd64', 'arm']]
])

export function binaryFit(platform: BinaryPlatform, identity: BinaryIdentity): BinaryFit {
  const expected = expectedBinary(platform)
  if (!expected) return 'unknown'
  if (matches(expected, identity)) return 'match'
  const others = (platform.os === 'windows' ? WINDOWS_COMPATIBLE : LINUX_COMPATIBLE).get(
    platform.architecture
  )
  for (const architecture of others ?? []) {
    const other = expectedBinary({ os: platform.os, architecture })
    if (other && matches(other, identity)) return 'compatible'
  }
  return 'foreign'
}
