/**
 * publish mode: every platform built in one BuildKit session (build/legs.ts), each pushed by digest or
 * under a staging tag → the merge protocol (index pushed by digest, verified, then tagged) → arch tags.
 * A failed build stops the rest and moves no tag.
 */
import type { EmulationReport } from '../binfmt/host.js'
import { indexAnnotationText } from '../buildx/annotations.js'
import type { buildLegs, BuildLog, PushedImage } from '../buildx/legs.js'
import type { BuildRun } from '../buildx/run.js'
import { archTag } from '../buildx/staging.js'
import type { PublishPlan } from '../inputs/publish.js'
import { formatReference } from '../reference/reference.js'
import type { ManifestReader, ManifestWriter, RequestCounts } from '../registry/ports.js'
import { readAhead } from '../publish/publish.js'
import type { GanttTask } from '../timeline.js'
import { LayerScanner } from '../verify/layers.js'
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
  const ahead = readingAhead(plan, options, started)
  let legs: Awaited<ReturnType<typeof buildLegs>>
  try {
    legs = await options.build(labelled, {
      stagingId: options.stagingId,
      stageAlways: false,
      log: options.log,
      started,
      ...(plan.dryRun ? {} : { onPushed: ahead.start })
    })
  } finally {
    // Reads only, their failures kept for the verification that counts: settled before anything else.
    await ahead.settled()
  }
  const { tasks } = legs
  tasks.push(...ahead.tasks)
  // One multi-platform target pushed one index for every platform: each digest is merged once.
  const sources = [...new Set(legs.digests.values())].map((digest) => ({ ...plan.target, digest }))
  const mergeStart = Date.now()
  // metadata-action's `manifest:` lines went to the images in the build; the rest go to the index.
  const merged = await runMergeMode(
    { ...plan, annotations: indexAnnotationText(plan.annotations), sources },
    options,
    { scanner: ahead.scanner, requestsBefore: ahead.requestsBefore }
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

/**
 * Verification's reads of each image the session has pushed, started as soon as its push is done (buildx
 * is then still building other platforms, or finishing: on the docker driver, its second push):
 * manifests and configs stay in the client, layer scans in `scanner`, so the verification after the
 * session finds them read. Once per image; timed for the timeline.
 */
function readingAhead(
  plan: PublishPlan,
  options: PublishPorts,
  started: number
): {
  scanner: LayerScanner
  requestsBefore: RequestCounts
  start: (image: PushedImage) => void
  settled: () => Promise<void>
  tasks: GanttTask[]
} {
  const scanner = new LayerScanner()
  const requestsBefore = options.registry.requestCounts()
  const reads = new Map<string, Promise<void>>()
  const tasks: GanttTask[] = []
  const request = {
    target: plan.target,
    platforms: plan.platforms,
    checkBinaries: plan.checkBinaries,
    ...(plan.layers ? { layers: plan.layers } : {})
  }
  const start = (image: PushedImage): void => {
    const key = 'digest' in image ? image.digest : `:${image.tag}`
    if (reads.has(key)) return
    const begun = Date.now()
    reads.set(
      key,
      readAhead(options.registry, request, image, scanner).then(() => {
        tasks.push({
          section: 'publish',
          name: 'verify reads ahead, during the push',
          startMs: begun - started,
          durationMs: Date.now() - begun
        })
      })
    )
  }
  const settled = async (): Promise<void> => {
    await Promise.all(reads.values())
  }
  return { scanner, requestsBefore, start, settled, tasks }
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
