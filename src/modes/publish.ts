/**
 * publish mode, top-down: the protocol's request built once; every platform built in one BuildKit
 * session (the Builder port), each image read ahead for verification as soon as it is pushed (the
 * Prefetch port); then the same publishing as merge (sources → index by digest → verified → tags, arch
 * tags included). A failed build stops the rest and moves no tag.
 */
import type { EmulationReport } from '../binfmt/host.js'
import { indexAnnotationText } from '../buildx/annotations.js'
import type { BuildRun } from '../buildx/run.js'
import type { PublishPlan } from '../inputs/publish.js'
import { reachOtherRepositories, type Phase } from '../publish/publish.js'
import type { PublishRequest } from '../publish/request.js'
import { builderNotesSection } from '../report/builder-notes.js'
import { ganttChart } from '../report/gantt.js'
import { labelsFor } from '../revision/read.js'
import type { GanttTask } from '../timeline.js'
import { publishSources, type MergeModeResult, type MergePorts } from './merge.js'
import type { Builder, BuildResult, Prefetch } from './ports.js'
import { buildPublishRequest } from './request.js'

export interface PublishModeResult extends MergeModeResult {
  builds: BuildRun[]
  emulation: EmulationReport
  driver: string
  /** platform → the build metadata buildx wrote (the `metadata` output). */
  metadata: Record<string, Record<string, unknown>>
}

export interface PublishPorts extends MergePorts {
  builder: Builder
  prefetch: Prefetch
  stagingId: string
}

type ReadAhead = Awaited<ReturnType<Prefetch['settled']>>

export async function runPublishMode(plan: PublishPlan, ports: PublishPorts): Promise<PublishModeResult> {
  const started = Date.now()
  const requestsBefore = ports.registry.requestCounts()
  // metadata-action's `manifest:` lines go to the images in the build; the rest go to the index.
  const built = buildPublishRequest(plan, {
    ...ports,
    annotations: indexAnnotationText(plan.annotations),
    scans: ports.prefetch.scans
  })
  await reachOtherRepositories(ports.registry, built.request)
  const { result, reads } = await buildReadingAhead(plan, built.request, ports, started)
  // One multi-platform target pushed one index for every platform: each digest is merged once.
  const sources = [...new Set(result.digests.values())].map((digest) => ({ ...plan.target, digest }))
  const publishStarted = Date.now()
  const merged = await publishSources(built, sources, { ports, started: publishStarted, requestsBefore })
  const timeline: GanttTask[] = [
    ...result.tasks,
    ...reads.map((read) => ({
      section: 'publish',
      name: 'verify reads ahead, during the push',
      startMs: read.startedAt - started,
      durationMs: read.durationMs
    })),
    ...merged.outcome.phases.map((phase: Phase) => ({
      section: 'publish',
      name: phase.name,
      startMs: publishStarted - started + phase.startMs,
      durationMs: phase.durationMs
    }))
  ]
  return {
    ...merged,
    summary: ganttChart(timeline) + '\n' + merged.summary + builderNotesSection(result.notes),
    builds: result.runs,
    emulation: result.emulation,
    driver: result.driver,
    metadata: Object.fromEntries(result.metadata)
  }
}

/**
 * The build, each pushed image read ahead meanwhile (not in a dry run: nothing is verified there). The
 * reads are settled before anything else, the build's failure included: they only read, and their
 * failures are left for the verification that counts.
 */
async function buildReadingAhead(
  plan: PublishPlan,
  request: PublishRequest,
  ports: PublishPorts,
  started: number
): Promise<{ result: BuildResult; reads: ReadAhead }> {
  const building = ports.builder.build({
    target: plan.target,
    platforms: plan.platforms,
    // Each image records the commit it was built from: the record forward-only reads back (Docker lists too).
    build: { ...plan.build, labels: labelsFor(ports.context, plan.build.labels) },
    qemu: plan.qemu,
    stagingId: ports.stagingId,
    stageAlways: false,
    started,
    ...(plan.dryRun
      ? {}
      : {
          onPushed: (image) => {
            ports.prefetch.start(request, image)
          }
        })
  })
  try {
    const result = await building
    return { result, reads: await ports.prefetch.settled() }
  } catch (error) {
    await ports.prefetch.settled()
    throw error
  }
}
