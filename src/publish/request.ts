/**
 * What the publish protocol is asked to do: built once by the mode (modes/request.ts) and passed down
 * unchanged to every phase — assemble, copy, verify, tags. Types only.
 */
import type { MediaTypeChoice } from '../image-index/assemble.js'
import type { Platform } from '../oci/types.js'
import type { ImageReference } from '../reference/reference.js'
import type { Repository } from '../registry/ports.js'
import type { AncestryLookup } from '../revision/ancestry.js'
import type { OnOlder } from '../revision/decide.js'
import type { LayerReads } from '../verify/layers.js'
import type { LayerPolicy } from '../verify/verify-image.js'
import type { AttestStep } from './attest-step.js'

/** How forward-only is decided: this run's commit, how to compare commits, and `on-older`. */
export interface ForwardPolicy {
  revision: string | undefined
  ancestry: AncestryLookup
  onOlder: OnOlder
  /** The revision a trusted attestation of an index records: asked only when the index and its children carry none. */
  attestedRevision?: (subject: Repository & { digest: string }) => Promise<string | undefined>
}

/** Another repository the same index is published to, and its tags there. */
export interface RepositoryTags {
  target: Repository
  tags: readonly string[]
}

export interface PublishRequest {
  /** Where the images are pushed (the build) and the run's primary index: the `digest` output's. */
  target: Repository
  tags: readonly string[]
  /**
   * Other repositories, on this registry or others, that get the same index (children mounted or
   * copied) under their own tags; their tags move only once every repository's index was verified.
   */
  others?: readonly RepositoryTags[]
  platforms: readonly Platform[]
  /** The user's index annotations: any of them makes the index OCI. */
  annotations: Record<string, string>
  /** What every OCI index records (source, revision); never the reason an index is OCI. */
  defaultAnnotations?: Record<string, string>
  mediaType: MediaTypeChoice
  checkBinaries: boolean
  noRegress?: { kind: 'previous-tags' } | { kind: 'reference'; reference: ImageReference }
  /** How verification reads layers (verify-layers, verify-budget, …); absent: the defaults. */
  layers?: LayerPolicy
  /** Tags only move forward (on-older); absent: every tag moves (unit tests of other rules). */
  forward?: ForwardPolicy
  /** Also `<tag>-<os>-<arch>[-<variant>]` → that platform's image, beside each tag published. */
  archTags?: boolean
  /** Layer scans this run shares (a read ahead made some already): verification reuses them. */
  scans?: LayerReads
  /** Attests the verified index (passed or failed) before any tag moves; absent: no attestation. */
  attest?: AttestStep
  dryRun: boolean
}

/** What decides verification's reads: the same for the index and for a read ahead of its images. */
export type VerifiedRequest = Pick<PublishRequest, 'target' | 'platforms' | 'checkBinaries' | 'layers'>
