/**
 * publish mode, shared by the action and the CLI: QEMU only where needed → one buildx build per platform
 * (parallel, bounded), each pushed by digest or under a staging tag → the merge protocol (index pushed by
 * digest, verified, then tagged) → arch tags. A failed build stops the rest and moves no tag.
 */
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ensureEmulation, type EmulationReport } from '../binfmt/host.js'
import { buildxArgs, type BuildOutput } from '../build/args.js'
import { parseBuildMetadata } from '../build/metadata.js'
import { builderDriver, failureTail, runBuilds, type BuildRun } from '../build/run.js'
import { archTag } from '../build/staging.js'
import { stagingRef } from '../publish/staged.js'
import { PublishError } from '../errors.js'
import type { PublishPlan } from '../inputs/publish.js'
import { formatPlatform } from '../platform/index.js'
import { formatReference } from '../reference/reference.js'
import type { ManifestReader, ManifestWriter } from '../registry/ports.js'
import { ganttChart, type GanttTask } from '../report/gantt.js'
import type { ModeLog } from './ports.js'
import { labelsFor } from '../revision/read.js'
import { runMergeMode, type MergeModeResult, type MergePorts } from './merge.js'

export type PublishLog = Pick<ModeLog, 'group' | 'info'>

export interface PublishModeResult extends MergeModeResult {
  builds: BuildRun[]
  emulation: EmulationReport
  driver: string
}

export interface BuiltLegs {
  runs: BuildRun[]
  /** platform → the digest buildx pushed (an index with its attestation, or a manifest). */
  digests: Map<string, string>
  emulation: EmulationReport
  driver: string
  tasks: GanttTask[]
}

/**
 * QEMU where needed, then one build per platform. `stageAlways` (build mode) pushes every leg under its
 * staging tag, whatever the driver; otherwise the docker driver stages and others push by digest.
 */
export async function buildLegs(
  plan: Pick<PublishPlan, 'target' | 'platforms' | 'build' | 'qemu' | 'maxParallel'>,
  options: { stagingId: string; stageAlways: boolean; log: PublishLog; started: number }
): Promise<BuiltLegs> {
  const { log, started } = options
  const tasks: GanttTask[] = []
  const platforms = plan.platforms.map((p) => formatPlatform(p))
  const repository = formatReference({ ...plan.target })

  const qemuStart = Date.now()
  const emulation = await ensureEmulation(plan.platforms, plan.qemu)
  tasks.push({
    section: 'setup',
    name: 'QEMU',
    startMs: qemuStart - started,
    durationMs: Date.now() - qemuStart
  })
  log.info(
    `QEMU: ${emulation.before.map((r) => `${r.platform} ${r.readiness}`).join(', ')}` +
      (emulation.installed.length > 0 ? `; installed ${emulation.installed.join(', ')}` : '')
  )

  const driver = await builderDriver(plan.build.builder)
  const work = await mkdtemp(path.join(tmpdir(), 'multiarch-publish-'))
  const builds = platforms.map((platform, i) => {
    // The docker driver refuses push-by-digest ("create a new builder instance"): stage under a tag.
    const output: BuildOutput =
      options.stageAlways || driver === 'docker'
        ? { kind: 'staging-tag', ref: formatReference(stagingRef(plan.target, options.stagingId, platform)) }
        : { kind: 'push-by-digest', repository }
    const metadataFile = path.join(work, `metadata-${i}.json`)
    return { platform, metadataFile, args: buildxArgs(plan.build, platform, output, metadataFile) }
  })
  log.info(`building ${platforms.join(', ')} with the ${driver} driver, ${plan.maxParallel} at a time`)
  const buildStart = Date.now()
  const runs = await runBuilds(builds, {
    maxParallel: plan.maxParallel,
    onDone: (run) => {
      log.group(`build ${run.platform}: ${run.status} in ${(run.durationMs / 1000).toFixed(1)} s`, run.log)
    }
  })
  for (const run of runs) {
    tasks.push({
      section: 'build and push',
      name: run.platform,
      startMs: buildStart - started + run.startMs,
      durationMs: run.durationMs,
      status: run.status
    })
  }
  const failed = runs.find((r) => r.status === 'failed')
  if (failed) {
    const cancelled = runs.filter((r) => r.status === 'cancelled').map((r) => r.platform)
    throw new PublishError(
      'build',
      `${failed.platform} failed to build: ${lastErrorLine(failed.log)}${cancelled.length > 0 ? ` (stopped ${cancelled.join(', ')})` : ''}`,
      {
        hint: `see the log group "build ${failed.platform}"; no tag was moved`,
        cause: failureTail(failed.log)
      }
    )
  }
  const digests = new Map<string, string>()
  for (const b of builds) {
    digests.set(b.platform, parseBuildMetadata(await readFile(b.metadataFile, 'utf8'), b.platform).digest)
  }
  return { runs, digests, emulation, driver, tasks }
}

export interface PublishPorts extends MergePorts {
  /** Builds every platform and pushes each (by digest, or under its staging tag). */
  build: typeof buildLegs
  log: PublishLog
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
  const sources = [...legs.digests.values()].map((digest) => ({ ...plan.target, digest }))
  const mergeStart = Date.now()
  const merged = await runMergeMode({ ...plan, sources }, options)
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
    merged.outcome.refs.push(...(await pushArchTags(options.registry, plan, merged)))
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
    driver: legs.driver
  }
}

/** `<tag>-<os>-<arch>[-<variant>]` → that platform's image, for users who pull one architecture by name. */
async function pushArchTags(
  client: ManifestReader & ManifestWriter,
  plan: PublishPlan,
  merged: MergeModeResult
): Promise<string[]> {
  const refs: string[] = []
  const platforms = merged.outcome.verification?.result.platforms ?? {}
  for (const [platform, digest] of Object.entries(platforms)) {
    const child = await client.getManifest({ ...plan.target, digest })
    for (const tag of plan.tags) {
      const ref = { ...plan.target, tag: archTag(tag, platform) }
      await client.putManifest(ref, child.bytes, child.mediaType)
      refs.push(formatReference(ref))
    }
  }
  return refs
}

/** buildx ends a failed build with "ERROR: …"; that line says why. */
function lastErrorLine(log: string): string {
  const lines = log.trimEnd().split('\n')
  const error = [...lines].reverse().find((l) => /ERROR[:\]]|error:/i.test(l))
  return (error ?? lines.at(-1) ?? 'no output')
    .replace(/^\s*#\d+\s+/, '')
    .trim()
    .slice(0, 300)
}
