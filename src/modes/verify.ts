/** verify mode: check an existing tag or digest against the plan, write the JSON report. Writes nothing to a registry. */
import type { VerifyPlan } from '../inputs/verify.js'
import type { ImageSource, RequestCounter } from '../registry/ports.js'
import { verifyReport, verifySummary, type VerifyReport } from '../report/verify.js'
import type { VerifyResult } from '../verify/checks.js'
import { verifyImage } from '../verify/verify-image.js'
import { requestsSince, type ReportWriter } from './ports.js'

export interface VerifyModeResult {
  result: VerifyResult
  report: VerifyReport
  reportPath: string
  summary: string
}

export async function runVerifyMode(
  plan: VerifyPlan,
  ports: { registry: ImageSource & RequestCounter; reports: ReportWriter }
): Promise<VerifyModeResult> {
  const before = ports.registry.requestCounts()
  const { result, evidence, durationMs } = await verifyImage(ports.registry, plan)
  const report = verifyReport(result, evidence, {
    durationMs,
    requests: requestsSince(before, ports.registry.requestCounts())
  })
  const reportPath = await ports.reports.write('verify', result.digest, report)
  return { result, report, reportPath, summary: verifySummary(result) }
}
