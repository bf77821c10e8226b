/**
 * build mode, one matrix leg: build the leg's platform(s) and push each under its staging tag, so the
 * merge job of the same run finds it without artifacts. A re-run of a failed leg replaces its tag.
 */
import { builderNotesSection } from '../report/builder-notes.js'
import { ganttChart } from '../report/gantt.js'
import type { BuildModePlan } from '../inputs/publish.js'
import type { Builder, ReportWriter, WorkflowContext } from './ports.js'
import { labelsFor } from '../revision/read.js'

export interface BuildModeResult {
  /** platform → the digest pushed under the staging tag. */
  platforms: Record<string, string>
  refs: string[]
  /** platform → the build metadata buildx wrote (the `metadata` output). */
  metadata: Record<string, Record<string, unknown>>
  summary: string
  reportPath: string
}

export async function runBuildMode(
  plan: BuildModePlan,
  ports: {
    stagingId: string
    reports: ReportWriter
    builder: Builder
    context: WorkflowContext
  }
): Promise<BuildModeResult> {
  const started = Date.now()
  const legs = await ports.builder.build({
    target: plan.target,
    platforms: plan.platforms,
    // Each image records the commit it was built from: the record forward-only reads back (Docker lists too).
    build: { ...plan.build, labels: labelsFor(ports.context, plan.build.labels) },
    qemu: plan.qemu,
    stagingId: ports.stagingId,
    stageAlways: true,
    started
  })
  const platforms = Object.fromEntries(legs.digests)
  const refs = [...legs.digests.keys()].map((platform) => legs.stagingRefs.get(platform) ?? '')
  const rows = Object.entries(platforms).map(
    ([platform, digest], i) => `| ${platform} | \`${refs[i] ?? ''}\` | \`${digest.slice(0, 19)}\` |`
  )
  const summary =
    ganttChart(legs.tasks) +
    `\n### 🧱 Built ${Object.keys(platforms).length} leg(s) for staging id \`${ports.stagingId}\`\n\n` +
    '| platform | staging tag | digest |\n|---|---|---|\n' +
    rows.join('\n') +
    '\n\nA `mode: merge` job of this run with the same `image` and `platforms` publishes them.\n' +
    builderNotesSection(legs.notes)
  const firstDigest = Object.values(platforms)[0] ?? 'sha256:none'
  const reportPath = await ports.reports.write('build', firstDigest, {
    tool: 'multiarch-publish',
    mode: 'build',
    stagingId: ports.stagingId,
    platforms,
    refs,
    builds: legs.runs.map(({ log: _log, ...run }) => run),
    emulation: legs.emulation,
    driver: legs.driver,
    durationMs: Date.now() - started
  })
  return { platforms, refs, metadata: Object.fromEntries(legs.metadata), summary, reportPath }
}
