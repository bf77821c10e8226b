/** Plain-data building blocks for verification tests: digests, ELF identities, binary evidence. */
import type { BinaryIdentity } from '../../src/verify/binary.js'
import {
  ATTESTATION_MANIFEST,
  ATTESTATION_REFERENCE_DIGEST,
  ATTESTATION_REFERENCE_TYPE,
  type Descriptor,
  type ImageConfig,
  MediaType,
  type Platform
} from '../../src/oci/types.js'
import type { BinaryEvidence, EntryEvidence, ImageEvidence } from '../../src/verify/evidence.js'

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

export const NOT_ASKED: BinaryEvidence = { status: 'not-checked', reason: 'not asked' }

/** 'os/arch[/variant]' exactly as an index labels it: not normalised, so `aarch64` stays `aarch64`. */
export function label(spec: string, osVersion?: string): Platform {
  const [os = '', architecture = '', variant] = spec.split('/')
  return {
    os,
    architecture,
    ...(variant ? { variant } : {}),
    ...(osVersion ? { 'os.version': osVersion } : {})
  }
}

export interface EntryOptions {
  /** The config's platform when it differs from the label; false for no config read. */
  config?: Platform | false
  binary?: BinaryEvidence
  error?: string
}

/** An index entry labelled `spec`, whose config agrees with the label unless told otherwise. */
export function entry(spec: string | Platform, c: string, options: EntryOptions = {}): EntryEvidence {
  const platform = typeof spec === 'string' ? label(spec) : spec
  const config = options.config === undefined ? platform : options.config
  return {
    descriptor: { mediaType: MediaType.ociManifest, digest: digest(c), size: 1000, platform },
    platform,
    childMediaType: MediaType.ociManifest,
    ...(config ? { config: configOf(config) } : {}),
    binary: options.binary ?? NOT_ASKED,
    ...(options.error ? { error: options.error } : {})
  }
}

/** An index entry without a platform (the index omits it). */
export function unlabelled(c: string, error?: string): EntryEvidence {
  return {
    descriptor: { mediaType: MediaType.ociManifest, digest: digest(c), size: 1000 },
    binary: NOT_ASKED,
    ...(error ? { error } : {})
  }
}

export function configOf(platform: Platform): ImageConfig {
  return {
    os: platform.os,
    architecture: platform.architecture,
    ...(platform.variant ? { variant: platform.variant } : {}),
    ...(platform['os.version'] ? { 'os.version': platform['os.version'] } : {}),
    rootfs: { type: 'layers', diff_ids: [] }
  }
}

/** buildx's attestation manifest for the image `subject` (undefined: no reference annotation). */
export function attestation(c: string, subject?: string): Descriptor {
  return {
    mediaType: MediaType.ociManifest,
    digest: digest(c),
    size: 800,
    annotations: {
      [ATTESTATION_REFERENCE_TYPE]: ATTESTATION_MANIFEST,
      ...(subject ? { [ATTESTATION_REFERENCE_DIGEST]: subject } : {})
    },
    platform: { os: 'unknown', architecture: 'unknown' }
  }
}

export function index(
  entries: EntryEvidence[],
  extra: { attestations?: Descriptor[]; nestedIndexes?: Descriptor[] } = {}
): ImageEvidence {
  return {
    reference: REF,
    digest: digest('f'),
    mediaType: MediaType.ociIndex,
    kind: 'index',
    entries,
    attestations: extra.attestations ?? [],
    nestedIndexes: extra.nestedIndexes ?? []
  }
}
