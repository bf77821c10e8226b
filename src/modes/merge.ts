/** merge mode end to end, shared by the action and the CLI: resolve sources, publish, report. */
import { chooseMediaType } from '../index/assemble.js'
import { defaultIndexAnnotations, mergeAnnotations, parseAnnotations } from '../index/annotations.js'
import type { MergePlan } from '../inputs/merge.js'
import { MediaType } from '../oci/types.js'
import type { RegistryClient } from '../registry/client.js'
import { mergeSummary, mergeReport, type MergeReport } from '../report/merge.js'
import { writeReport } from '../report/write.js'
import { publishIndex, type PublishOutcome } from '../publish/publish.js'
import { resolveSources } from '../publish/sources.js'
import { findStagedLegs } from '../publish/staged.js'
import { PublishError } from '../errors.js'

export interface WorkflowContext {
  serverUrl?: string
  repository?: string
  sha?: string
  runId?: string
}

/** The workflow's server, repository and commit, from the variables the runner sets (as @actions/github reads them). */
export function workflowContextFromEnv(env: NodeJS.ProcessEnv): WorkflowContext {
  return {
    serverUrl: env.GITHUB_SERVER_URL ?? '',
    repository: env.GITHUB_REPOSITORY ?? '',
    sha: env.GITHUB_SHA ?? '',
    runId: env.GITHUB_RUN_ID ?? ''
  }
}

export interface MergeModeResult {
  outcome: PublishOutcome
  report: MergeReport
  reportPath: string
  summary: string
  ok: boolean
}

export async function runMergeMode(
  plan: MergePlan,
  options: { client: RegistryClient; reportDir: string; context: WorkflowContext }
): Promise<MergeModeResult> {
  const { client } = options
  const started = Date.now()
  const sources =
    plan.sources.length > 0
      ? plan.sources
      : await findStagedLegs(
          client,
          plan.target,
          plan.platforms,
          stagingIdOf(plan.stagingId, options.context)
        )
  plan = { ...plan, sources }
  const images = await resolveSources(client, sources)
  // Defaults (source, revision) go on OCI indexes only: they must not turn a Docker list into OCI.
  const parsed = parseAnnotations(plan.annotations)
  const user = parsed.index
  const mediaType = chooseMediaType(images, plan.mediaType, Object.keys(user).length > 0)
  const annotations =
    mediaType === MediaType.ociIndex ? mergeAnnotations(defaultIndexAnnotations(options.context), user) : user
  const outcome = await publishIndex(client, {
    target: plan.target,
    tags: plan.tags,
    platforms: plan.platforms,
    images,
    annotations,
    // Decided above, on the user's annotations alone; the defaults added since must not change it.
    mediaType: mediaType === MediaType.ociIndex ? 'oci' : 'docker',
    checkBinaries: plan.checkBinaries,
    ...(plan.noRegress ? { noRegress: plan.noRegress } : {}),
    dryRun: plan.dryRun
  })
  const report = mergeReport(plan, outcome, {
    durationMs: Date.now() - started,
    requests: {
      registry: client.transport.stats.requests - client.auth.tokenRequests,
      tokens: client.auth.tokenRequests,
      retries: client.transport.stats.retries
    }
  })
  const reportPath = await writeReport(options.reportDir, 'merge', outcome.assembled.digest, report)
  const ok = outcome.dryRun || (outcome.verification?.result.ok ?? false)
  // metadata-action with levels manifest,index writes each annotation twice; the manifest copy is skipped.
  const skipped = parsed.ignored.map(
    (l) => `- annotations line ${l.line} skipped (also given at index level): \`${l.text}\``
  )
  const summary = mergeSummary(plan, outcome) + (skipped.length > 0 ? `\n${skipped.join('\n')}\n` : '')
  return { outcome, report, reportPath, summary, ok }
}

/** The id staging tags derive from: the input, else the workflow run id (the same for every job of a run). */
export function stagingIdOf(input: string, context: WorkflowContext): string {
  const id = input || context.runId || ''
  if (!id) {
    throw new PublishError('invalid-input', 'input `staging-id` is empty and GITHUB_RUN_ID is not set', {
      hint: 'set `staging-id` to the same value in the build and merge jobs'
    })
  }
  return id
}
