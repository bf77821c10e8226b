/**
 * What the modes call: attest a verified index (statement → signature → referrer, before any tag moves),
 * read the attestations of a digest back, gate on them, and find the revision they record.
 */
import { BUNDLE_MEDIA_TYPE } from './bundle.js'
import { IN_TOTO_PAYLOAD_TYPE } from './dsse.js'
import { gate, newestRevision, type Candidate, type GateVerdict, type Requirement } from './gate.js'
import { signStatement, type SignedAttestation, type SignOptions } from './sign.js'
import type { SigningChoice } from './signing.js'
import { buildStatement, VSA_PREDICATE_TYPE, type Statement, type StatementInput } from './statement.js'
import type { Descriptor } from '../oci/types.js'
import type { Repository } from '../registry/ports.js'
import type {
  ArtifactToStore,
  FetchedArtifact,
  PreparedStore,
  ReferrersVia,
  StoredArtifact,
  StoreOptions
} from '../registry/referrers.js'

/** The artifact types this action writes and reads. */
export const ATTESTATION_ARTIFACT_TYPES = [BUNDLE_MEDIA_TYPE, IN_TOTO_PAYLOAD_TYPE] as const
/** The annotation cosign writes with the predicate type of a bundle referrer. */
export const PREDICATE_TYPE_ANNOTATION = 'dev.sigstore.bundle.predicateType'

/** The registry side (registry/referrers.ts's Referrers), as a port. */
export interface ReferrerStore {
  /** Starts what storing needs before the artifact exists (while the subject is verified); optional. */
  prepare?(repo: Repository, subjectDigest: string): PreparedStore
  store(repo: Repository, artifact: ArtifactToStore, options?: StoreOptions): Promise<StoredArtifact>
  list(
    repo: Repository,
    subjectDigest: string,
    artifactTypes?: readonly string[]
  ): Promise<{ via: ReferrersVia; referrers: Descriptor[] }>
  fetch(repo: Repository, descriptor: Descriptor, subjectDigest: string): Promise<FetchedArtifact>
}

export interface Attested {
  statement: Statement
  signed: SignedAttestation
  stored: StoredArtifact
}

/**
 * Builds the statement, signs it as chosen and stores it as a referrer of the index. Undefined when the
 * choice is `none` (the caller prints its notice). The index must already be in the repository.
 */
export async function attestIndex(options: {
  referrers: ReferrerStore
  input: StatementInput
  signing: SigningChoice
  sign?: SignOptions
  /** How the referrer is stored (prepared ahead, fallback deferred). */
  store?: StoreOptions
}): Promise<Attested | undefined> {
  const { input } = options
  const statement = buildStatement(input)
  const signed = await signStatement(statement, options.signing, options.sign)
  if (!signed) return undefined
  const repo = { registry: input.registry, repository: input.repository }
  const stored = await options.referrers.store(
    repo,
    {
      subject: input.index,
      artifactType: signed.mediaType,
      bytes: signed.bytes,
      annotations: artifactAnnotations(input.timeVerified, signed)
    },
    options.store
  )
  return { statement, signed, stored }
}

/** The artifact manifest's annotations: what cosign writes for a bundle, and the creation time. */
export function artifactAnnotations(created: Date, signed: SignedAttestation): Record<string, string> {
  return {
    // RFC 3339 without fractions, as cosign writes it.
    'org.opencontainers.image.created': created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    [PREDICATE_TYPE_ANNOTATION]: VSA_PREDICATE_TYPE,
    ...(signed.mediaType === BUNDLE_MEDIA_TYPE ? { 'dev.sigstore.bundle.content': 'dsse-envelope' } : {})
  }
}

/**
 * Every attestation of ours stored for `digest`: listed (API or fallback tag), then each manifest and
 * layer read and checked against its digest. Referrers that are not ours, or unreadable, are skipped
 * and named in `skipped`.
 */
export async function readAttestations(
  referrers: ReferrerStore,
  repo: Repository,
  digest: string
): Promise<{ via: ReferrersVia; candidates: Candidate[]; skipped: string[] }> {
  const listed = await referrers.list(repo, digest, ATTESTATION_ARTIFACT_TYPES)
  const ours = listed.referrers.filter(
    (d) =>
      d.annotations?.[PREDICATE_TYPE_ANNOTATION] === undefined ||
      d.annotations[PREDICATE_TYPE_ANNOTATION] === VSA_PREDICATE_TYPE
  )
  const read = await Promise.all(
    ours.map(async (descriptor) => {
      try {
        const fetched = await referrers.fetch(repo, descriptor, digest)
        return {
          candidate: {
            digest: fetched.descriptor.digest,
            mediaType: fetched.layer.mediaType,
            bytes: fetched.bytes
          }
        }
      } catch (error) {
        return { skipped: `${descriptor.digest.slice(0, 19)}: ${(error as Error).message}` }
      }
    })
  )
  return {
    via: listed.via,
    candidates: read.flatMap((r) => (r.candidate ? [r.candidate] : [])),
    skipped: read.flatMap((r) => (r.skipped ? [r.skipped] : []))
  }
}

/** verify mode's fast gate: reads attestations only, no layer. */
export async function requireAttestation(
  referrers: ReferrerStore,
  requirement: Requirement
): Promise<GateVerdict & { via: ReferrersVia; skipped: string[] }> {
  const repo = { registry: requirement.subject.registry, repository: requirement.subject.repository }
  const { via, candidates, skipped } = await readAttestations(referrers, repo, requirement.subject.digest)
  return { ...gate(candidates, requirement), via, skipped }
}

/** forward-only: the revision the newest trusted attestation of `subject` records, if any. */
export async function attestedRevision(
  referrers: ReferrerStore,
  requirement: Omit<Requirement, 'platforms'>
): Promise<{ revision: string; digest: string; timeVerified: string } | undefined> {
  const repo = { registry: requirement.subject.registry, repository: requirement.subject.repository }
  const { candidates } = await readAttestations(referrers, repo, requirement.subject.digest)
  return newestRevision(candidates, requirement)
}
