/**
 * The smallest program that tells whether this kernel executes an architecture: a static ELF32 executable
 * of one loadable segment whose code is the `exit(0)` system call. BuildKit asks the same question the same
 * way before it counts a platform as supported (util/archutil: a tiny test binary per architecture, run on
 * the host). A CPU that could run the code is not enough: amd64 runs 386 code only when the kernel has IA32
 * emulation switched on, arm64 runs arm only when the CPU implements AArch32 at EL0 (Graviton 3+, Apple M,
 * Neoverse N2 do not). Pure: the bytes only — host.ts writes and runs them.
 */

/** The architectures a host may run besides its own (see handlers.ts, COMPATIBLE). */
export type ProbeArchitecture = '386' | 'arm'

interface ProbeSpec {
  /** e_machine (ELF gABI): EM_386 = 3, EM_ARM = 40. */
  machine: number
  /** e_flags: an arm64 kernel loads 32-bit arm only with an EABI version here (compat_elf_check_arch). */
  flags: number
  /** Where the segment is mapped: above the usual vm.mmap_min_addr (64 KiB). */
  base: number
  code: readonly number[]
}

const SPECS: Readonly<Record<ProbeArchitecture, ProbeSpec>> = {
  '386': {
    machine: 3,
    flags: 0,
    base: 0x08048000,
    // mov eax, 1 (exit) · xor ebx, ebx (status 0) · int 0x80
    code: [0xb8, 0x01, 0x00, 0x00, 0x00, 0x31, 0xdb, 0xcd, 0x80]
  },
  arm: {
    machine: 40,
    flags: 0x05000000, // EF_ARM_EABI_VER5
    base: 0x00010000,
    // mov r0, #0 · mov r7, #1 (exit) · svc #0 — A32, little-endian words
    code: [0x00, 0x00, 0xa0, 0xe3, 0x01, 0x70, 0xa0, 0xe3, 0x00, 0x00, 0x00, 0xef]
  }
}

const ELF_HEADER_BYTES = 52
const PROGRAM_HEADER_BYTES = 32

/** The probe for `architecture`: an executable whose only effect is to exit with status 0. */
export function probeProgram(architecture: ProbeArchitecture): Uint8Array {
  const spec = SPECS[architecture]
  const codeAt = ELF_HEADER_BYTES + PROGRAM_HEADER_BYTES
  const size = codeAt + spec.code.length
  const bytes = new Uint8Array(size)
  const view = new DataView(bytes.buffer)
  const u16 = (at: number, value: number): void => {
    view.setUint16(at, value, true)
  }
  const u32 = (at: number, value: number): void => {
    view.setUint32(at, value, true)
  }

  // e_ident: magic, ELFCLASS32, ELFDATA2LSB, EV_CURRENT, ELFOSABI_SYSV; the rest is padding
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0], 0)
  u16(16, 2) // e_type: ET_EXEC
  u16(18, spec.machine)
  u32(20, 1) // e_version
  u32(24, spec.base + codeAt) // e_entry
  u32(28, ELF_HEADER_BYTES) // e_phoff
  u32(32, 0) // e_shoff: no sections
  u32(36, spec.flags)
  u16(40, ELF_HEADER_BYTES) // e_ehsize
  u16(42, PROGRAM_HEADER_BYTES) // e_phentsize
  u16(44, 1) // e_phnum
  u16(46, 0) // e_shentsize
  u16(48, 0) // e_shnum
  u16(50, 0) // e_shstrndx

  const ph = ELF_HEADER_BYTES
  u32(ph, 1) // p_type: PT_LOAD
  u32(ph + 4, 0) // p_offset: the whole file, headers included
  u32(ph + 8, spec.base) // p_vaddr
  u32(ph + 12, spec.base) // p_paddr
  u32(ph + 16, size) // p_filesz
  u32(ph + 20, size) // p_memsz
  u32(ph + 24, 5) // p_flags: PF_R | PF_X
  u32(ph + 28, 0x1000) // p_align

  bytes.set(spec.code, codeAt)
  return bytes
}
