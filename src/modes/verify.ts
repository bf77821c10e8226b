/** verify mode end to end, shared by the action and the CLI: check, then write the JSON report. */
import type { VerifyPlan } from '../inputs/verify.js'
import type { RegistryClient } from '../registry/client.js'
import { verifyReport, verifySummary, type VerifyReport } from '../report/verify.js'
import { writeReport } from '../report/write.js'
import type { VerifyResult } from '../verify/checks.js'
import { verifyImage } from '../verify/run.js'

export interface VerifyModeResult {
  result: VerifyResult
  report: VerifyReport
  reportPath: string
  summary: string
}

export async function runVerifyMode(
  plan: VerifyPlan,
  options: { client: RegistryClient; reportDir: string }
): Promise<VerifyModeResult> {
  const { client } = options
  const before = {
    requests: client.transport.stats.requests,
    tokens: client.auth.tokenRequests,
    retries: client.transport.stats.retries
  }
  const { result, evidence, durationMs } = await verifyImage(client, plan)
  const tokens = client.auth.tokenRequests - before.tokens
  const report = verifyReport(result, evidence, {
    durationMs,
    requests: {
      registry: client.transport.stats.requests - before.requests - tokens,
      tokens,
      retries: client.transport.stats.retries - before.retries
    }
  })
  const reportPath = await writeReport(options.reportDir, 'verify', result.digest, report)
  return { result, report, reportPath, summary: verifySummary(result) }
}
