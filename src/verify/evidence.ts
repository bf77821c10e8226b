/** What verification reads from the registry, as plain data: the checks run over this, nothing else. */
import type { Descriptor, ImageConfig, Platform } from '../oci/types.js'
import type { BinaryIdentity } from './binary.js'

export type BinaryEvidence =
  | { status: 'chosen'; path: string; identity: BinaryIdentity; reason: string; layersRead: number }
  | { status: 'none'; reason: string; layersRead: number }
  | { status: 'not-checked'; reason: string }
  | { status: 'error'; message: string }

export interface EntryEvidence {
  /** The index entry (for a single manifest, a descriptor made from it). */
  descriptor: Descriptor
  /** The platform the index claims (for a single manifest, the config's). */
  platform?: Platform
  childMediaType?: string
  config?: ImageConfig
  binary: BinaryEvidence
  /** Why the child or its config could not be read (missing, digest mismatch, …), one line. */
  error?: string
}

export interface ImageEvidence {
  reference: string
  digest: string
  mediaType: string
  kind: 'index' | 'manifest'
  entries: EntryEvidence[]
  attestations: Descriptor[]
  /** Entries that are themselves indexes: not images, reported as problems. */
  nestedIndexes: Descriptor[]
}
