/** merge mode: resolve the sources (or this run's staged legs), then the publish protocol; report. */
import { chooseMediaType } from '../image-index/assemble.js'
import { defaultIndexAnnotations, mergeAnnotations, parseAnnotations } from '../image-index/annotations.js'
import type { MergePlan } from '../inputs/merge.js'
import { MediaType } from '../oci/types.js'
import { publishIndex, type PublishOutcome } from '../publish/publish.js'
import type { ForwardPolicy } from '../publish/tags.js'
import { resolveSources } from '../publish/sources.js'
import { stagingIdOf } from '../buildx/staging.js'
import { findStagedLegs } from '../publish/staged.js'
import type { RegistryStore, RequestCounter, RequestCounts } from '../registry/ports.js'
import type { LayerScanner } from '../verify/layers.js'
import { mergeReport, mergeSummary, type MergeReport } from '../report/merge.js'
import { requestsSince, type ReportWriter, type WorkflowContext } from './ports.js'

export interface MergePorts {
  registry: RegistryStore & RequestCounter
  reports: ReportWriter
  context: WorkflowContext
  /** Tags only move forward: this run's commit vs the tag's (on-older). */
  forward?: ForwardPolicy
}

export interface MergeModeResult {
  outcome: PublishOutcome
  report: MergeReport
  reportPath: string
  summary: string
  ok: boolean
}

/** What publish mode brings from its build: scans read ahead, and the request counts before them. */
export interface MergeAhead {
  scanner: LayerScanner
  requestsBefore: RequestCounts
}

export async function runMergeMode(
  plan: MergePlan,
  ports: MergePorts,
  ahead?: MergeAhead
): Promise<MergeModeResult> {
  const { registry } = ports
  const started = Date.now()
  // The report counts the reads made ahead too: they are this merge's.
  const before = ahead?.requestsBefore ?? registry.requestCounts()
  const sources =
    plan.sources.length > 0
      ? plan.sources
      : await findStagedLegs(
          registry,
          plan.target,
          plan.platforms,
          stagingIdOf(plan.stagingId, ports.context.runId)
        )
  plan = { ...plan, sources }
  const images = await resolveSources(registry, sources)
  // Defaults (source, revision) go on OCI indexes only: they must not turn a Docker list into OCI.
  const parsed = parseAnnotations(plan.annotations)
  const user = parsed.index
  const mediaType = chooseMediaType(images, plan.mediaType, Object.keys(user).length > 0)
  const annotations =
    mediaType === MediaType.ociIndex ? mergeAnnotations(defaultIndexAnnotations(ports.context), user) : user
  const outcome = await publishIndex(registry, {
    target: plan.target,
    tags: plan.tags,
    platforms: plan.platforms,
    images,
    annotations,
    // Decided above, on the user's annotations alone; the defaults added since must not change it.
    mediaType: mediaType === MediaType.ociIndex ? 'oci' : 'docker',
    checkBinaries: plan.checkBinaries,
    ...(plan.noRegress ? { noRegress: plan.noRegress } : {}),
    ...(ports.forward ? { forward: ports.forward } : {}),
    ...(plan.layers ? { layers: plan.layers } : {}),
    ...(ahead ? { scanner: ahead.scanner } : {}),
    dryRun: plan.dryRun
  })
  const report = mergeReport(plan, outcome, {
    durationMs: Date.now() - started,
    requests: requestsSince(before, registry.requestCounts())
  })
  const reportPath = await ports.reports.write('merge', outcome.assembled.digest, report)
  const ok = outcome.dryRun || ((outcome.verification?.result.ok ?? false) && !outcome.refused)
  // metadata-action with levels manifest,index writes each annotation twice; the manifest copy is skipped.
  const skipped = parsed.ignored.map(
    (l) => `- annotations line ${l.line} skipped (also given at index level): \`${l.text}\``
  )
  const summary = mergeSummary(plan, outcome) + (skipped.length > 0 ? `\n${skipped.join('\n')}\n` : '')
  return { outcome, report, reportPath, summary, ok }
}
