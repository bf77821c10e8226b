/** Writes a JSON report where the action (RUNNER_TEMP) or the CLI (--report-dir) keeps them. */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

/** `<dir>/<mode>-sha256-<12 hex>-<time>.json`: one file per run, named by what it describes. */
export async function writeReport(
  dir: string,
  mode: string,
  digest: string,
  report: unknown
): Promise<string> {
  await mkdir(dir, { recursive: true })
  const file = path.join(dir, `${mode}-${digest.replace(':', '-').slice(0, 19)}-${Date.now()}.json`)
  await writeFile(file, JSON.stringify(report, null, 2) + '\n')
  return file
}
