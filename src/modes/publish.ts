/**
 * publish mode: every platform built in one BuildKit session (build/legs.ts), each pushed by digest or
 * under a staging tag → the merge protocol (index pushed by digest, verified, then tagged) → arch tags.
 * A failed build stops the rest and moves no tag.
 */
import type { EmulationReport } from '../binfmt/host.js'
import { indexAnnotationText } from '../build/annotations.js'
import type { buildLegs, BuildLog } from '../build/legs.js'
import type { BuildRun } from '../build/run.js'
import { archTag } from '../build/staging.js'
import type { PublishPlan } from '../inputs/publish.js'
import { formatReference } from '../reference/reference.js'
import type { ManifestReader, ManifestWriter } from '../registry/ports.js'
import { ganttChart } from '../report/gantt.js'
import { labelsFor } from '../revision/read.js'
import { withRefsMoved } from '../publish/tags.js'
import { runMergeMode, type MergeModeResult, type MergePorts } from './merge.js'

export interface PublishModeResult extends MergeModeResult {
  builds: BuildRun[]
  emulation: EmulationReport
  driver: string
  /** platform → the build metadata buildx wrote (the `metadata` output). */
  metadata: Record<string, Record<string, unknown>>
}

export interface PublishPorts extends MergePorts {
  /** Builds every platform and pushes each (by digest, or under its staging tag). */
  build: typeof buildLegs
  log: BuildLog
  stagingId: string
}

export async function runPublishMode(plan: PublishPlan, options: PublishPorts): Promise<PublishModeResult> {
  const started = Date.now()
  // Each image records the commit it was built from: the record forward-only reads back (Docker lists too).
  const labelled = {
    ...plan,
    build: { ...plan.build, labels: labelsFor(options.context, plan.build.labels) }
  }
  const legs = await options.build(labelled, {
    stagingId: options.stagingId,
    stageAlways: false,
    log: options.log,
    started
  })
  const { tasks } = legs
  // One multi-platform target pushed one index for every platform: each digest is merged once.
  const sources = [...new Set(legs.digests.values())].map((digest) => ({ ...plan.target, digest }))
  const mergeStart = Date.now()
  // metadata-action's `manifest:` lines went to the images in the build; the rest go to the index.
  const merged = await runMergeMode(
    { ...plan, annotations: indexAnnotationText(plan.annotations), sources },
    options
  )
  for (const phase of merged.outcome.phases) {
    tasks.push({
      section: 'publish',
      name: phase.name,
      startMs: mergeStart - started + phase.startMs,
      durationMs: phase.durationMs
    })
  }
  if (merged.ok && plan.archTags && !merged.outcome.dryRun) {
    const tagStart = Date.now()
    try {
      await pushArchTags(options.registry, plan, merged)
    } catch (error) {
      // The tags moved already: the failure summary must name them, not say that none moved.
      throw withRefsMoved(error, merged.outcome.refs)
    }
    tasks.push({
      section: 'publish',
      name: 'arch tags',
      startMs: tagStart - started,
      durationMs: Date.now() - tagStart
    })
  }
  return {
    ...merged,
    summary: ganttChart(tasks) + '\n' + merged.summary,
    builds: legs.runs,
    emulation: legs.emulation,
    driver: legs.driver,
    metadata: Object.fromEntries(legs.metadata)
  }
}

/** `<tag>-<os>-<arch>[-<variant>]` → that platform's image, for users who pull one architecture by name. */
async function pushArchTags(
  client: ManifestReader & ManifestWriter,
  plan: PublishPlan,
  merged: MergeModeResult
): Promise<void> {
  // Each arch tag joins the refs as it lands, so a failure part-way names every tag that moved.
  const refs = merged.outcome.refs
  const platforms = merged.outcome.verification?.result.platforms ?? {}
  // Only next to the tags that moved: a tag left on a newer commit keeps its arch tags too.
  const moved = plan.tags.filter((tag) =>
    merged.outcome.refs.includes(formatReference({ ...plan.target, tag }))
  )
  for (const [platform, digest] of Object.entries(platforms)) {
    const child = await client.getManifest({ ...plan.target, digest })
    for (const tag of moved) {
      const ref = { ...plan.target, tag: archTag(tag, platform) }
      await client.putManifest(ref, child.bytes, child.mediaType)
      refs.push(formatReference(ref))
    }
  }
}
