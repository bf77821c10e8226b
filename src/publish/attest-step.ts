/**
 * The attestation step's place in the publish protocol (types only): the protocol hands the index to the
 * step the mode wired (modes/attestation.ts) once it is PUT by digest, once per repository; the step
 * attests it once verified — passed or failed — and the protocol moves no tag before the step is done.
 */
import type { Descriptor } from '../oci/types.js'
import type { Repository } from '../registry/ports.js'
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
  /** The fallback index's update, overlapping the tag moves: awaited before the run reports. */
  pending?: Promise<void>
}

/**
 * The index the step attests, as the registry serves it, handed over as soon as it is PUT by digest (the
 * step starts its first requests while it is verified), and its verification's result to come.
 */
export interface IndexToAttest {
  /** The repository it was PUT to (one statement per repository), and its tags there. */
  repository: Repository
  tags: readonly string[]
  index: Pick<Descriptor, 'mediaType' | 'digest' | 'size'>
  verifying: Promise<VerifyResult>
}

export type AttestStep = (pushed: IndexToAttest) => Promise<AttestationRecord>
