/** Plain-data building blocks for verification tests: digests, ELF identities, binary evidence. */
import type { BinaryIdentity } from '../../src/verify/binary.js'
import type { BinaryEvidence } from '../../src/verify/evidence.js'

export const REF = 'registry.test/acme/app:1'

/** A distinct digest per hex character; its short form (19 characters) is `sha256:` + 12 of them. */
export const digest = (c: string): string => `sha256:${c.repeat(64)}`
export const short = (c: string): string => `sha256:${c.repeat(12)}`

export const AMD64_ELF: BinaryIdentity = {
  format: 'elf',
  class: 64,
  endianness: 'little',
  machine: 62,
  machineName: 'x86-64'
}
export const ARM64_ELF: BinaryIdentity = {
  format: 'elf',
  class: 64,
  endianness: 'little',
  machine: 183,
  machineName: 'AArch64'
}

/** The binary check settled on `path` (the entrypoint), read from the top layer. */
export const chosen = (identity: BinaryIdentity, path = 'bin/busybox'): BinaryEvidence => ({
  status: 'chosen',
  path,
  identity,
  reason: 'the entrypoint',
  layersRead: 1
})
