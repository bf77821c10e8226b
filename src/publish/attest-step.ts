/**
 * The attestation step's place in the publish protocol (types only): once the index is verified — passed
 * or failed — and before any tag moves, the protocol hands it to the step the mode wired (modes/attestation.ts),
 * once per repository.
 */
import type { Descriptor } from '../oci/types.js'
import type { ReferrersVia } from '../registry/referrers.js'
import type { VerifyResult } from '../verify/checks.js'

/** One repository's attestation as stored: the `attestation` and `attestation-bundle` outputs. */
export interface AttestationRecord {
  /** `registry/repository`. */
  repository: string
  /** The referrer manifest's digest. */
  digest: string
  /** Where the signed bytes (Sigstore bundle, or the bare statement) were kept. */
  bundlePath: string
  via: ReferrersVia
  fallbackTag?: string
  signedBy: 'key' | 'keyless' | 'unsigned'
  result: 'PASSED' | 'FAILED'
}

/** The verified index the step attests: as the registry serves it, and what verification found. */
export interface VerifiedIndex {
  index: Pick<Descriptor, 'mediaType' | 'digest' | 'size'>
  result: VerifyResult
}

export type AttestStep = (verified: VerifiedIndex) => Promise<AttestationRecord>
