/**
 * verify mode: check an existing tag or digest against the plan, write the JSON report. Writes nothing to a
 * registry unless asked to attest (`attest`): then the verified index gets its statement, PASSED or FAILED,
 * stored as its referrer by the same step publish and merge use.
 */
import type { VerifyPlan } from '../inputs/verify.js'
import type { ImageSource, RequestCounter } from '../registry/ports.js'
import { verifyReport, verifySummary, type VerifyReport } from '../report/verify.js'
import type { VerifyResult } from '../verify/checks.js'
import { verifyImage } from '../verify/verify-image.js'
import {
  attestationSummary,
  attestVerifiedIndex,
  verifyPolicy,
  type AttestationRecord,
  type AttestationSetup
} from './attestation.js'
import { requestsSince, type ReportWriter } from './ports.js'

export interface VerifyModeResult {
  result: VerifyResult
  report: VerifyReport
  reportPath: string
  summary: string
  /** The attestation written, when one was asked for. */
  attestation?: AttestationRecord
}

export async function runVerifyMode(
  plan: VerifyPlan,
  ports: {
    registry: ImageSource & RequestCounter
    reports: ReportWriter
    /** Absent (the default in verify mode) or a notice: no attestation is written. */
    attestation?: AttestationSetup
  }
): Promise<VerifyModeResult> {
  const before = ports.registry.requestCounts()
  const { result, evidence, durationMs } = await verifyImage(ports.registry, plan)
  const report = verifyReport(result, evidence, {
    durationMs,
    requests: requestsSince(before, ports.registry.requestCounts())
  })
  const attestation = await attestVerified(plan, result, ports)
  const reportPath = await ports.reports.write('verify', result.digest, report)
  const summary = verifySummary(result) + attestationSummary(ports.attestation, attestation)
  return { result, report, reportPath, summary, ...(attestation ? { attestation } : {}) }
}

/**
 * The statement of what was just verified, for the index by digest: its media type and size from the bytes
 * the registry serves under that digest (checked over them); the tags field names the tag verified, if any.
 */
async function attestVerified(
  plan: VerifyPlan,
  result: VerifyResult,
  ports: { registry: ImageSource; attestation?: AttestationSetup }
): Promise<AttestationRecord | undefined> {
  const setup = ports.attestation
  if (!setup || !('ports' in setup)) return undefined
  const repository = { registry: plan.image.registry, repository: plan.image.repository }
  const served = await ports.registry.getManifest({ ...repository, digest: result.digest })
  return attestVerifiedIndex({
    ports: setup.ports,
    repository,
    index: { mediaType: served.mediaType, digest: served.digest, size: served.bytes.length },
    result,
    policy: verifyPolicy(plan),
    tags: plan.image.tag ? [plan.image.tag] : []
  })
}
