/**
 * The attestation's statement: an in-toto Statement v1 whose predicate is a SLSA Verification Summary
 * (https://slsa.dev/spec/v1.0/verification_summary) about one index in one repository, with this action's
 * per-platform detail in one URI-named extension field (schema: docs/schema/verification-detail-v1.json).
 * Pure: the modes fill a StatementInput, this returns the statement object.
 */
import type { Descriptor } from '../oci/types.js'
import { parseDigest } from '../reference/reference.js'
import type { PlatformRow, VerifyResult } from '../verify/checks.js'
import { policyDigest, type EffectivePolicy } from './policy.js'

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1'
export const VSA_PREDICATE_TYPE = 'https://slsa.dev/verification_summary/v1'
const HOME = 'https://github.com/multiarch-publish/multiarch-publish'
/** verifier.id: who verified (this action). */
export const VERIFIER_ID = HOME
/** policy.uri: where the policy's fields and the digest rule are documented. */
export const POLICY_URI = `${HOME}/blob/v0/docs/attestation.md#the-policy`
/** The extension field of the predicate that holds the detail (SLSA: extension fields are URI-named). */
export const DETAIL_FIELD = `${HOME}/blob/v0/docs/schema/verification-detail-v1.json`

/** Properties of the index, each listed in verifiedLevels only when its check ran and passed. */
export const Levels = {
  unevaluated: 'SLSA_BUILD_LEVEL_UNEVALUATED',
  failed: 'FAILED',
  /** The index, every child manifest and every config read were checked against their digests. */
  manifests: 'MULTIARCH_MANIFESTS_DIGEST_VERIFIED',
  /** Every required platform has an entry (after normalisation). */
  covered: 'MULTIARCH_PLATFORMS_COVERED',
  /** No entry beyond the required platforms. */
  noExtra: 'MULTIARCH_NO_EXTRA_PLATFORMS',
  /** Every entry's config states the platform its index entry claims. */
  configs: 'MULTIARCH_CONFIG_MATCHES_INDEX',
  /** Every required platform's entrypoint (and every ELF/PE met on the way) is built for its CPU. */
  binaries: 'MULTIARCH_BINARY_CPU_VERIFIED',
  /** Every layer read was read to its end and matched its digest (not every layer need have been read). */
  layersRead: 'MULTIARCH_LAYERS_READ_DIGEST_VERIFIED',
  /** Every layer of every required platform was read to its end and matched its digest. */
  layersAll: 'MULTIARCH_LAYERS_ALL_DIGEST_VERIFIED',
  /** No platform of the no-regress reference was lost. */
  noRegress: 'MULTIARCH_NO_REGRESS'
} as const

export type Result = 'PASSED' | 'FAILED'

/** What verification found for one platform of the index. */
export interface PlatformOutcome {
  platform: string
  required: boolean
  /** The child manifest's digest; null when the platform is missing. */
  digest: string | null
  config: 'match' | 'mismatch' | 'not-checked'
  /** Layer figures (compressed bytes); null when no layer was read. */
  layers: {
    total: number
    read: number
    verified: number
    unchecked: number
    bytesRead: number
    bytesTotal: number
  } | null
  binaries: {
    checked: boolean
    /** The file the check settled on and the machine its header states; null when none was judged. */
    entrypoint: { path: string; machine: string; ok: boolean | null } | null
    filesChecked: number
    wrongCpu: string[]
  }
  result: Result
}

export interface VerificationOutcome {
  passed: boolean
  platforms: PlatformOutcome[]
}

/** What the modes hand the statement builder: one repository's verified index and how it was verified. */
export interface StatementInput {
  registry: string
  repository: string
  /** The index descriptor as the registry serves it (digest and size of its exact bytes). */
  index: Pick<Descriptor, 'mediaType' | 'digest' | 'size'>
  /** Tags this run moves (or checked) to the index. */
  tags: readonly string[]
  /** The commit the index was built from and where its source lives, when known. */
  source?: { revision?: string; uri?: string }
  verifierVersion: string
  timeVerified: Date
  policy: EffectivePolicy
  outcome: VerificationOutcome
}

export interface Statement {
  _type: typeof STATEMENT_TYPE
  subject: { name: string; digest: Record<string, string> }[]
  predicateType: typeof VSA_PREDICATE_TYPE
  predicate: VerificationSummary
}

export interface VerificationSummary {
  verifier: { id: string; version: Record<string, string> }
  timeVerified: string
  resourceUri: string
  policy: { uri: string; digest: { sha256: string } }
  verificationResult: Result
  verifiedLevels: string[]
  slsaVersion: '1.0'
  [DETAIL_FIELD]: VerificationDetail
}

export interface VerificationDetail {
  index: { mediaType: string; digest: string; size: number }
  tags: string[]
  source: { revision: string | null; uri: string | null }
  /** The effective policy whose canonical JSON policy.digest hashes. */
  policy: EffectivePolicy
  platforms: PlatformOutcome[]
}

export function buildStatement(input: StatementInput): Statement {
  const { algorithm, hex } = parseDigest(input.index.digest)
  const result: Result = input.outcome.passed ? 'PASSED' : 'FAILED'
  const name = `${input.registry}/${input.repository}`
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name, digest: { [algorithm]: hex } }],
    predicateType: VSA_PREDICATE_TYPE,
    predicate: {
      verifier: { id: VERIFIER_ID, version: { 'multiarch-publish': input.verifierVersion } },
      timeVerified: input.timeVerified.toISOString(),
      resourceUri: `oci://${name}@${input.index.digest}`,
      policy: { uri: POLICY_URI, digest: { sha256: policyDigest(input.policy) } },
      verificationResult: result,
      verifiedLevels: verifiedLevels(input.policy, input.outcome),
      slsaVersion: '1.0',
      [DETAIL_FIELD]: {
        index: { mediaType: input.index.mediaType, digest: input.index.digest, size: input.index.size },
        tags: [...input.tags],
        source: { revision: input.source?.revision ?? null, uri: input.source?.uri ?? null },
        policy: input.policy,
        platforms: input.outcome.platforms
      }
    }
  }
}

/**
 * SLSA's verifiedLevels: FAILED alone when verification failed; otherwise SLSA_BUILD_LEVEL_UNEVALUATED
 * (this action does not evaluate the build track) and each MULTIARCH_* property whose check ran and
 * passed for every platform it concerns — a check that was off, or cut short by a read budget, is absent.
 */
export function verifiedLevels(policy: EffectivePolicy, outcome: VerificationOutcome): string[] {
  if (!outcome.passed) return [Levels.failed]
  const images = outcome.platforms.filter((p) => p.digest !== null)
  const required = outcome.platforms.filter((p) => p.required)
  const levels: string[] = [Levels.unevaluated, Levels.manifests]
  if (policy.platforms.length > 0 && required.every((p) => p.digest !== null)) levels.push(Levels.covered)
  if (policy.platforms.length > 0 && !policy.allowExtra && images.every((p) => p.required))
    levels.push(Levels.noExtra)
  if (images.length > 0 && images.every((p) => p.config === 'match')) levels.push(Levels.configs)
  if (
    policy.binaries.check &&
    required.length > 0 &&
    required.every(
      (p) => p.binaries.checked && p.binaries.entrypoint?.ok === true && p.binaries.wrongCpu.length === 0
    )
  )
    levels.push(Levels.binaries)
  const withLayers = required.filter((p) => p.layers !== null)
  if (
    withLayers.length > 0 &&
    withLayers.every((p) => p.layers?.unchecked === 0 && p.layers.verified === p.layers.read)
  )
    levels.push(Levels.layersRead)
  if (
    required.length > 0 &&
    required.every((p) => p.layers !== null && p.layers.total > 0 && p.layers.verified === p.layers.total)
  )
    levels.push(Levels.layersAll)
  if (policy.noRegress !== null) levels.push(Levels.noRegress)
  return levels
}

/** A VerifyResult (verify/checks.ts) as the statement's outcome: one PlatformOutcome per row. */
export function outcomeFromVerifyResult(
  result: VerifyResult,
  options: { checkBinaries: boolean }
): VerificationOutcome {
  return {
    passed: result.ok,
    platforms: result.rows.map((row) => platformOutcome(row, result.problems, options.checkBinaries))
  }
}

function platformOutcome(
  row: PlatformRow,
  problems: readonly string[],
  checkBinaries: boolean
): PlatformOutcome {
  const binary = row.binary
  const config = row.config.ok === true ? 'match' : row.config.ok === false ? 'mismatch' : 'not-checked'
  const failed =
    row.digest === undefined ||
    row.config.ok === false ||
    binary.ok === false ||
    problems.some((p) => p.startsWith(`${row.platform}:`) || p.startsWith(`${row.platform} `))
  return {
    platform: row.platform,
    required: row.required,
    digest: row.digest ?? null,
    config,
    layers: row.layers
      ? {
          total: row.layers.total,
          read: row.layers.read,
          verified: row.layers.verified,
          unchecked: row.layers.unchecked,
          bytesRead: row.layers.bytesRead,
          bytesTotal: row.layers.bytesTotal
        }
      : null,
    binaries: {
      checked: checkBinaries && row.digest !== undefined && binary.ok !== null,
      entrypoint:
        binary.path !== undefined
          ? { path: `/${binary.path}`, machine: binary.found ?? binary.detail, ok: binary.ok }
          : null,
      filesChecked: row.layers?.filesChecked ?? 0,
      wrongCpu: (row.layers?.wrongCpu ?? []).map((path) => `/${path}`)
    },
    result: failed ? 'FAILED' : 'PASSED'
  }
}
