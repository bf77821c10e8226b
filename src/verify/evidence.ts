/** What verification reads from the registry, as plain data: the checks run over this, nothing else. */
import type { Descriptor, ImageConfig, Platform } from '../oci/types.js'
import type { BinaryIdentity } from './binary.js'
import type { LayerScanStats, LayerStatus } from './layers.js'

/** `read`: the layers the binary check opens, each to its end; `all`: every layer of every required platform. */
export type VerifyLayers = 'read' | 'all'

/** One layer a platform's check used, top-down; `foreign` layers live elsewhere by design and are not read. */
export interface LayerRead {
  digest: string
  size: number
  bytesRead: number
  status: LayerStatus | 'foreign'
  /** Read once for several platforms (or phases) of this run. */
  shared: boolean
  message?: string
}

/** A loadable ELF/PE file visible in the layers read, and the layer it came from. */
export interface FoundBinary {
  path: string
  identity: BinaryIdentity
  layer: string
}

export interface LayersEvidence {
  policy: VerifyLayers
  /** Layers in the manifest, and their stated compressed size. */
  total: number
  totalBytes: number
  read: LayerRead[]
  /** The platform's read budget (compressed bytes); absent: none. */
  budget?: number
  /** The budget ran out before the check was settled (or the image read whole, under `all`). */
  budgetExhausted: boolean
  binaries: FoundBinary[]
}

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
  /** The layers read for this platform (absent when none were asked for). */
  layers?: LayersEvidence
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
  /** What reading layers cost over the whole run (absent when no layer was asked for). */
  reading?: LayerScanStats
}
