/**
 * The attestation step of publish and merge (and of verify mode when asked), once per repository: after the index is verified and PUT by
 * digest, before any tag moves, the verification's statement is signed as chosen (the choice was made
 * before anything was written) and stored as a referrer of the index; the bundle's bytes are kept in a
 * file for the `attestation-bundle` output. A FAILED verification is attested as FAILED (and moves no tag).
 * Also the two readers: verify mode's gate and forward-only's revision of an index that cannot say it.
 */
import { attestedRevision, attestIndex, requireAttestation, type ReferrerStore } from '../attest/attest.js'
import type { Requirement, Trust } from '../attest/gate.js'
import { effectivePolicy, type EffectivePolicy, type PolicyOptions } from '../attest/policy.js'
import type { SignOptions } from '../attest/sign.js'
import type { SigningChoice } from '../attest/signing.js'
import { outcomeFromVerifyResult } from '../attest/statement.js'
import type { Descriptor } from '../oci/types.js'
import type { AttestationRecord, AttestStep } from '../publish/attest-step.js'
import type { PublishRequest } from '../publish/request.js'
import { formatReference } from '../reference/reference.js'
import type { Repository } from '../registry/ports.js'
import type { PreparedStore, ReferrersVia } from '../registry/referrers.js'
import type { VerifyResult } from '../verify/checks.js'
import type { LayerPolicy, VerifyPlan } from '../verify/verify-image.js'
import { VERSION } from '../version.js'

/** Keeps a signed attestation's bytes (the Sigstore bundle, or the bare statement); returns the path. */
export interface BundleWriter {
  write(digest: string, bytes: Uint8Array): Promise<string>
}

/** What attesting needs, chosen and wired by the composition root before the run writes anything. */
export interface AttestPorts {
  referrers: ReferrerStore
  /** Never `none` here: a run that writes no attestation has no AttestPorts. */
  signing: Exclude<SigningChoice, { kind: 'none' }>
  sign?: SignOptions
  bundles: BundleWriter
  /** Where the source lives (`<server>/<owner>/<repo>`), when known. */
  sourceUri?: string
  now?: () => Date
}

/** The policy a publish or merge verified under (verification there allows platforms beyond those required). */
export function publishPolicy(request: PublishRequest): EffectivePolicy {
  const noRegress = request.noRegress
  return effectivePolicy({
    platforms: request.platforms,
    allowExtra: true,
    checkBinaries: request.checkBinaries,
    ...layerOptions(request.layers),
    ...(noRegress
      ? {
          noRegress:
            noRegress.kind === 'reference' ? formatReference(noRegress.reference) : 'the tags published'
        }
      : {})
  })
}

/** The policy verify mode verified under: its own `allow-extra`, and `no-regress` against the reference given. */
export function verifyPolicy(plan: VerifyPlan): EffectivePolicy {
  return effectivePolicy({
    platforms: plan.platforms,
    allowExtra: plan.allowExtra,
    checkBinaries: plan.checkBinaries,
    ...layerOptions(plan.layers),
    ...(plan.noRegress ? { noRegress: formatReference(plan.noRegress) } : {})
  })
}

function layerOptions(layers: LayerPolicy | undefined): Partial<PolicyOptions> {
  if (!layers) return {}
  return {
    ignoreBinaries: layers.ignoreBinaries,
    verifyLayers: layers.verifyLayers,
    readBudget: layers.readBudget,
    budgetExceeded: layers.budgetExceeded
  }
}

/**
 * Attests one repository's verified index: one statement, signed, stored as its referrer, its bytes kept.
 * Called once per repository, after the index exists there and before any of its tags moves (verify mode:
 * once, after its verification).
 */
export async function attestVerifiedIndex(options: {
  ports: AttestPorts
  repository: Repository
  /** The index as the registry serves it: the digest, media type and size of the bytes PUT. */
  index: Pick<Descriptor, 'mediaType' | 'digest' | 'size'>
  result: VerifyResult
  policy: EffectivePolicy
  tags: readonly string[]
  revision?: string
  /** From prepareStore, started while the index was verified. */
  prepared?: PreparedStore
  /** Leave the fallback index's update in the record's `pending`, to overlap the tag moves. */
  deferFallback?: boolean
}): Promise<AttestationRecord> {
  const { ports, repository, index, result } = options
  const attested = await attestIndex({
    referrers: ports.referrers,
    input: {
      ...repository,
      index: { mediaType: index.mediaType, digest: index.digest, size: index.size },
      tags: options.tags,
      source: {
        ...(options.revision ? { revision: options.revision } : {}),
        ...(ports.sourceUri ? { uri: ports.sourceUri } : {})
      },
      verifierVersion: VERSION,
      timeVerified: (ports.now ?? (() => new Date()))(),
      policy: options.policy,
      outcome: outcomeFromVerifyResult(result, { checkBinaries: options.policy.binaries.check })
    },
    signing: ports.signing,
    ...(ports.sign ? { sign: ports.sign } : {}),
    store: {
      ...(options.prepared ? { prepared: options.prepared } : {}),
      ...(options.deferFallback ? { deferFallback: true } : {})
    }
  })
  // attestIndex writes nothing only for `none`, which never reaches here.
  if (!attested) throw new Error('attestIndex returned nothing for a signing choice other than none')
  const { stored, signed } = attested
  return {
    repository: `${repository.registry}/${repository.repository}`,
    digest: stored.descriptor.digest,
    bundlePath: await ports.bundles.write(stored.descriptor.digest, signed.bytes),
    via: stored.via,
    ...(stored.fallbackTag ? { fallbackTag: stored.fallbackTag } : {}),
    signedBy: signed.signedBy,
    result: attested.statement.predicate.verificationResult,
    ...(stored.pending ? { pending: stored.pending } : {})
  }
}

export type { AttestationRecord }

/**
 * The request with the attestation step wired in (unchanged when this run writes none): the protocol
 * calls it for each repository it published to with the index PUT there, before any tag moves.
 */
export function withAttestation(
  request: PublishRequest,
  options: { ports: AttestPorts | undefined; revision: string | undefined }
): PublishRequest {
  const { ports } = options
  if (!ports) return request
  const policy = publishPolicy(request)
  const step: AttestStep = async (pushed) => {
    const repository = pushed.repository
    const prepared = prepareStore(ports, repository, pushed.index)
    return attestVerifiedIndex({
      ports,
      repository,
      index: pushed.index,
      result: await pushed.verifying,
      policy,
      tags: pushed.tags,
      ...(options.revision ? { revision: options.revision } : {}),
      ...(prepared ? { prepared } : {}),
      deferFallback: true
    })
  }
  return { ...request, attest: step }
}

/** What a run attests with: the ports, or the one notice saying why it writes none. */
export type AttestationSetup = { ports: AttestPorts } | { notice: string }

/** The summary's lines about the attestation: the one written, or why none was. */
export function attestationSummary(
  setup: AttestationSetup | undefined,
  record: AttestationRecord | undefined
): string {
  if (record) return `\n${attestationLine(record)}\n`
  if (setup && 'notice' in setup) return `\n- ${setup.notice}\n`
  return ''
}

/**
 * Starts storing's first requests for a repository's index as soon as it is PUT by digest (the empty
 * config, the layer's upload session, the API probe), so attesting after verification costs the layer's
 * PUT and the artifact manifest's PUT.
 */
export function prepareStore(
  ports: AttestPorts,
  repository: Repository,
  index: Pick<Descriptor, 'digest'>
): PreparedStore | undefined {
  return ports.referrers.prepare?.(repository, index.digest)
}

/** Awaits the fallback index's update a record left pending (after the tags moved). */
export async function attestationSettled(record: AttestationRecord | undefined): Promise<void> {
  await record?.pending
}

/** The summary's line for an attestation written. */
export function attestationLine(record: AttestationRecord): string {
  const where =
    record.via === 'referrers-api'
      ? 'as a referrer (referrers API)'
      : `as a referrer (fallback tag \`${record.fallbackTag ?? ''}\`)`
  const signer = record.signedBy === 'unsigned' ? 'unsigned' : `signed (${record.signedBy})`
  return `- Attestation (${record.result}, ${signer}) of ${record.repository}: \`${record.digest}\` stored ${where}; bundle: \`${record.bundlePath}\``
}

/** verify mode's gate, as the run reports it: passed, or the reason in one line. */
export type GateOutcome =
  | { ok: true; digest: string; via: ReferrersVia; revision: string | null; notChecked: string[] }
  | { ok: false; reason: string; line: string }

/** Reads the subject's attestations only (no layer): one is signed as trusted, about it, PASSED, covering the platforms. */
export async function gateOnAttestation(
  referrers: ReferrerStore,
  requirement: Requirement
): Promise<GateOutcome> {
  const verdict = await requireAttestation(referrers, requirement)
  if (!verdict.ok)
    return {
      ok: false,
      reason: verdict.reason,
      line: `attestation required: ${verdict.reason}: ${verdict.message}`
    }
  return {
    ok: true,
    digest: verdict.attestation.digest,
    via: verdict.via,
    revision: verdict.attestation.revision,
    notChecked: verdict.notChecked
  }
}

/**
 * forward-only's reader: the revision the newest trusted attestation of an index records, asked only
 * when the index and its children carry none (a Docker list merged from unlabelled images).
 */
export function attestedRevisionReader(
  referrers: ReferrerStore,
  trust: Trust
): (subject: Repository & { digest: string }) => Promise<string | undefined> {
  return async (subject) => (await attestedRevision(referrers, { subject, trust }))?.revision
}
