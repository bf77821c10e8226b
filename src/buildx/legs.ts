/**
 * Building every platform of a publish or build run in ONE BuildKit session: QEMU only where needed,
 * overlapped with the driver probe; one bake target per platform with its own output (push by digest
 * where the driver can, the staging tag on the docker driver, which refuses push-by-digest); then per
 * platform its log group, duration, digest and build metadata. A failed platform is named, the session
 * stops the others, and nothing is tagged (callers move tags only after this returns).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  ensureEmulation,
  type EmulationReport,
  type EmulationSetting,
  type EnsureEmulationOptions
} from '../binfmt/host.js'
import type { Platform } from '../oci/types.js'
import { formatPlatform, platformKey } from '../platform/index.js'
import type { ProcessRunner } from '../process/exec.js'
import { formatReference, parseReference } from '../reference/reference.js'
import type { Repository } from '../registry/ports.js'
import type { GanttTask } from '../timeline.js'
import type { BuildOutput } from './args.js'
import {
  bakeDefinition,
  bakeTargetName,
  type BakeDefinition,
  type BakeLeg,
  GROUPED_TARGET,
  groupedBakeDefinition,
  sessionShape
} from './bake.js'
import { bakeGrants } from './bake-grants.js'
import { builderNotes, builderRefusal, type BuilderFacts } from './capabilities.js'
import { builderDriver } from './driver.js'
import { dockerImageStore } from './image-store.js'
import type { BuildLog } from './log.js'
import { withRegistryLogin } from './login-config.js'
import type { BuildOptions } from './options.js'
import { parseBakeMetadata, type TargetMetadata } from './metadata.js'
import type { PushedManifest, TargetProgress } from './progress.js'
import type { BuildRun } from './run.js'
import { runBakeSession, type SessionResult } from './session.js'
import { sessionError } from './session-error.js'
import { stagingRef } from './staging.js'
import { isTagLinkRace, pushAgain, TAG_LINK_ATTEMPTS } from './tag-link-race.js'

export type { BuildLog } from './log.js'

export interface LegsPlan {
  target: Repository
  platforms: Platform[]
  build: BuildOptions
  qemu: EmulationSetting
  /** Retired: one session schedules every platform's steps itself (see README, max-parallel). */
  maxParallel?: number
}

/** An image the session pushed into the target repository: by its digest, or under a (staging) tag. */
export type PushedImage = { digest: string } | { tag: string }

export interface BuildLegsOptions {
  stagingId: string
  /** build mode: every platform under its staging tag, whatever the driver. */
  stageAlways: boolean
  log: BuildLog
  /** Date.now() when the run started: every GanttTask and BuildRun is timed from it. */
  started: number
  signal?: AbortSignal
  /**
   * Called with each image pushed into the target repository (a multi-platform target: its index), by
   * digest when BuildKit pushed it, else (the classic store's docker push) under its staging tag, as soon
   * as the push is done, while the session may still be building other platforms or finishing: publish
   * reads ahead for verification there. Reads only: nothing may be written on it.
   */
  onPushed?: (image: PushedImage) => void
  /**
   * The `username`/`password` inputs, for the target's registry only: buildx pushes with them (a docker
   * config of its own for the session, login-config.ts). Absent: buildx uses the docker config as it is.
   */
  targetLogin?: { username: string; password: string }
  /** For tests: the process edge, emulation options, the working directory for relative paths. */
  run?: ProcessRunner
  emulation?: EnsureEmulationOptions
  cwd?: string
  env?: NodeJS.ProcessEnv
}

export interface BuiltLegs {
  /** Per platform, in the plan's order: status, start/duration since `started`, its own log lines. */
  runs: BuildRun[]
  /**
   * platform → the digest buildx pushed: its own (an index with its attestation, or a manifest), or, from
   * one multi-platform target, the one index holding every platform's image.
   */
  digests: Map<string, string>
  /** platform → the build metadata buildx wrote for its target (the `metadata` output). */
  metadata: Map<string, Record<string, unknown>>
  /** platform → the staging tag it was pushed under (docker driver, build mode); absent when by digest. */
  stagingRefs: Map<string, string>
  emulation: EmulationReport
  driver: string
  /** setup (QEMU, driver probe), one per platform (build and push), session overhead (metadata read). */
  tasks: GanttTask[]
  /** What the builder left out without being asked (a provenance it drops), for the summary. */
  notes: string[]
}

/**
 * The builder's driver and, for the docker driver, its image store: they decide what the builder can do
 * (capabilities.ts), the session's shape and who pushes (bake.ts). The default builder's driver needs no
 * process, so the store is asked at once.
 */
export async function probeBuilder(
  builder: string | undefined,
  processes: { env?: NodeJS.ProcessEnv; run?: ProcessRunner } = {}
): Promise<BuilderFacts> {
  const driver = await builderDriver(builder, processes)
  return driver === 'docker' ? { driver, imageStore: await dockerImageStore(builder, processes) } : { driver }
}

export async function buildLegs(plan: LegsPlan, options: BuildLegsOptions): Promise<BuiltLegs> {
  const { log, started } = options
  const tasks: GanttTask[] = []
  const platforms = plan.platforms.map((p) => formatPlatform(p))
  const repository = formatReference({ ...plan.target })
  const timed = async <T>(section: string, name: string, work: () => Promise<T>): Promise<T> => {
    const start = Date.now()
    try {
      return await work()
    } finally {
      tasks.push({ section, name, startMs: start - started, durationMs: Date.now() - start })
    }
  }

  const processes = {
    ...(options.run ? { run: options.run } : {}),
    ...(options.env ? { env: options.env } : {})
  }
  // QEMU (a /proc read, an installer run only where a handler is missing) and the builder probe at once;
  // both are awaited before a refusal is thrown, so no installer is left running.
  const [emulated, probed] = await Promise.allSettled([
    timed('setup', 'QEMU', () => ensureEmulation(plan.platforms, plan.qemu, options.emulation)),
    timed('setup', 'driver probe', () => probeBuilder(plan.build.builder, processes))
  ])
  if (probed.status === 'rejected') throw probed.reason
  const builder = probed.value
  const refusal = builderRefusal(plan.build, builder)
  if (refusal) throw refusal
  if (emulated.status === 'rejected') throw emulated.reason
  const emulation = emulated.value
  const { driver, imageStore } = builder
  const notes = builderNotes(plan.build, builder)
  log.info(
    `QEMU: ${emulation.before.map((r) => `${r.platform} ${r.readiness}`).join(', ')}` +
      (emulation.installed.length > 0 ? `; installed ${emulation.installed.join(', ')}` : '')
  )
  for (const note of notes) log.info(note)

  const shape = sessionShape({
    platforms: platforms.length,
    stageAlways: options.stageAlways,
    driver,
    ...(imageStore ? { imageStore } : {})
  })
  const grouped = shape.shape === 'one-target'
  const stagingRefs = new Map<string, string>()
  // The docker driver refuses push-by-digest ("create a new builder instance"): stage under a tag —
  // one per platform, or one for the index of one multi-platform target (each platform's image is in it).
  const outputFor = (platform: string): BuildOutput => {
    if (!options.stageAlways && driver !== 'docker') return { kind: 'push-by-digest', repository }
    const ref = formatReference(
      stagingRef(plan.target, options.stagingId, grouped ? GROUPED_STAGE : platform)
    )
    stagingRefs.set(platform, ref)
    return { kind: 'staging-tag', ref, ...(imageStore === 'containerd' ? { builderPushes: true } : {}) }
  }
  const outputs = platforms.map((platform) => ({ platform, output: outputFor(platform) }))
  const cwd = options.cwd ?? process.cwd()
  const definition = grouped
    ? groupedBakeDefinition(plan.build, platforms, (outputs[0] as BakeLeg).output, cwd)
    : bakeDefinition(plan.build, outputs, cwd)
  const allow = [...new Set([...plan.build.allow, ...(await bakeGrants(definition, { cwd, ...processes }))])]
  // Progress and results by key: the platform itself (one target), or its target's name.
  const keyOf = (platform: string): string => (grouped ? platform : bakeTargetName(platform))
  const targetPlatform = new Map(platforms.map((p) => [keyOf(p), p]))
  log.info(
    `building ${platforms.join(', ')} in one BuildKit session with the ${driver} driver: ` +
      (grouped ? shape.reason : `one target per platform (${shape.reason})`)
  )

  const sessionStart = Date.now()
  const work = await mkdtemp(path.join(tmpdir(), 'multiarch-publish-'))
  try {
    const login = options.targetLogin && { registry: plan.target.registry, ...options.targetLogin }
    const session = await withRegistryLogin(login, options.env ?? process.env, (env) =>
      runPushedSession(definition, {
        plan,
        options,
        outputs,
        grouped,
        allow,
        keys: [...targetPlatform.keys()],
        targetPlatform,
        workDir: work,
        env
      })
    )
    const sessionEnd = Date.now() - started
    const failed = session.failedTarget
    const runs = platforms.map((platform): BuildRun => {
      const t = session.targets.get(keyOf(platform)) as TargetProgress
      const status =
        session.code === 0 ? 'ok' : t.target === failed ? 'failed' : t.exported ? 'ok' : 'cancelled'
      const startMs = t.startMs ?? sessionStart - started
      const lines = t.target === failed ? [...t.lines, ...session.sessionLines] : t.lines
      return {
        platform,
        status,
        startMs,
        durationMs: Math.max(0, (t.endMs ?? sessionEnd) - startMs),
        log: lines.join('\n') + '\n',
        ...(session.code !== 0 ? { exitCode: session.code } : {})
      }
    })
    for (const run of runs) {
      log.group(`build ${run.platform}: ${run.status} in ${seconds(run.durationMs)} s`, run.log)
      tasks.push({
        section: 'build and push',
        name: run.platform,
        startMs: run.startMs,
        durationMs: run.durationMs,
        status: run.status
      })
    }
    const sessionMs = sessionEnd - (sessionStart - started)
    if (grouped) {
      // The shared steps (context, export, the one push) as one bar next to the platforms'.
      tasks.push({
        section: 'session',
        name: 'context, shared steps, export, push',
        startMs: sessionStart - started,
        durationMs: sessionMs,
        status: session.code === 0 ? 'ok' : 'failed'
      })
    }
    if (session.code !== 0) {
      if (failed === undefined) log.group('build session: failed', session.sessionLines.join('\n') + '\n')
      throw sessionError(session, runs, targetPlatform, plan.target.registry)
    }
    if (grouped) log.info(`${platforms.join(', ')}: built and pushed as one index (${seconds(sessionMs)} s)`)
    const metadataStart = Date.now()
    const parsed = grouped
      ? groupedMetadata(session.metadataText, platforms)
      : parseBakeMetadata(session.metadataText, targetPlatform)
    tasks.push({
      section: 'setup',
      name: 'metadata read',
      startMs: metadataStart - started,
      durationMs: Date.now() - metadataStart
    })
    return {
      runs,
      digests: new Map([...parsed].map(([p, m]) => [p, m.digest])),
      metadata: new Map([...parsed].map(([p, m]) => [p, m.raw])),
      stagingRefs,
      emulation,
      driver,
      tasks,
      notes
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

interface SessionPlan {
  plan: LegsPlan
  options: BuildLegsOptions
  outputs: readonly BakeLeg[]
  grouped: boolean
  allow: readonly string[]
  keys: readonly string[]
  targetPlatform: ReadonlyMap<string, string>
  workDir: string
  env: NodeJS.ProcessEnv
}

/**
 * The bake session, and what repairs a push that met distribution's half-written tag link. Each platform
 * image is said to be "pushed" only once its push is done: BuildKit's exporter pushes inside the export
 * step (by digest, or the containerd store's push); the classic store's docker push comes after it.
 */
async function runPushedSession(definition: BakeDefinition, s: SessionPlan): Promise<SessionResult> {
  const { plan, options, env } = s
  const log = options.log
  const platformOfRef = new Map(
    s.outputs.flatMap((o) => (o.output.kind === 'staging-tag' ? [[o.output.ref, o.platform] as const] : []))
  )
  const exporterPushes = (s.outputs[0] as BakeLeg).output
  const pushedOnExport = exporterPushes.kind === 'push-by-digest' || exporterPushes.builderPushes === true
  const onPushed = options.onPushed ? pushedInto(plan.target, options.onPushed) : undefined
  const runSession = (): Promise<SessionResult> =>
    runBakeSession(definition, {
      ...(plan.build.builder ? { builder: plan.build.builder } : {}),
      ...(s.allow.length > 0 ? { allow: s.allow } : {}),
      now: () => Date.now() - options.started,
      keys: s.keys,
      // BuildKit names steps by the normalised platform: `linux/arm64` for `linux/arm64/v8`.
      ...(s.grouped ? { aliases: normalisedNames(plan.platforms) } : {}),
      onTargetExported: (t) => {
        const platform = s.targetPlatform.get(t.target) ?? t.target
        log.info(`${platform}: built${pushedOnExport ? ' and pushed' : ''} (${seconds(duration(t))} s)`)
      },
      onManifestPushed: (pushed) => {
        const platform = platformOfRef.get(pushed.name)
        if (!pushedOnExport && platform !== undefined && !s.grouped)
          log.info(`${platform}: pushed ${pushed.name}`)
        onPushed?.(pushed)
      },
      workDir: s.workDir,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.run ? { run: options.run } : {}),
      env
    })
  let session = await runSession()
  // One multi-platform target: the image is built, only its push is repeated (never the session).
  const pushOnly = s.grouped && exporterPushes.kind === 'staging-tag'
  if (pushOnly && isTagLinkRace(session)) {
    session = await pushAgain(session, exporterPushes, {
      builder: plan.build.builder,
      env,
      ...(options.run ? { run: options.run } : {}),
      log
    })
  }
  for (let attempt = 1; !pushOnly && attempt < TAG_LINK_ATTEMPTS && isTagLinkRace(session); attempt++) {
    log.info(
      `the registry answered 500 to a HEAD of a tag it was writing (${session.errorLine ?? ''}); running the session again`
    )
    session = await runSession()
  }
  return session
}

/** A push into `target` passed on as its digest, or its tag when the push did not say the digest; a push elsewhere is not ours. */
function pushedInto(
  target: Repository,
  onPushed: (image: PushedImage) => void
): (pushed: PushedManifest) => void {
  return (pushed) => {
    let ref
    try {
      ref = parseReference(pushed.name, { defaultTag: false })
    } catch {
      return
    }
    if (ref.registry !== target.registry || ref.repository !== target.repository) return
    if (pushed.digest !== undefined) onPushed({ digest: pushed.digest })
    else if (ref.tag !== undefined) onPushed({ tag: ref.tag })
  }
}

/** normalised `os/arch[/variant]` → the platform as the plan gives it, where the two differ. */
function normalisedNames(platforms: readonly Platform[]): Map<string, string> {
  return new Map(
    platforms
      .map((p) => [platformKey(p), formatPlatform(p)] as const)
      .filter(([normalised, given]) => normalised !== given)
  )
}

/** The staging tag's platform part for the index of one multi-platform target. */
const GROUPED_STAGE = 'all'

/** The one target's metadata, as every platform's: the index it pushed holds each platform's image. */
function groupedMetadata(text: string, platforms: readonly string[]): Map<string, TargetMetadata> {
  const one = parseBakeMetadata(text, new Map([[GROUPED_TARGET, platforms.join(', ')]]))
  const entry = [...one.values()][0] as TargetMetadata
  return new Map(platforms.map((p) => [p, entry]))
}

function duration(t: TargetProgress): number {
  return Math.max(0, (t.endMs ?? 0) - (t.startMs ?? 0))
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1)
}
