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
import { ActionError } from '../errors.js'
import type { Platform } from '../oci/types.js'
import { formatPlatform, platformKey } from '../platform/index.js'
import type { ProcessRunner } from '../process/exec.js'
import { stagingRef } from './staging.js'
import { formatReference, parseReference } from '../reference/reference.js'
import type { Repository } from '../registry/ports.js'
import type { GanttTask } from '../timeline.js'
import type { BuildOutput } from './args.js'
import {
  bakeDefinition,
  bakeTargetName,
  type BakeLeg,
  GROUPED_TARGET,
  groupedBakeDefinition,
  sessionShape
} from './bake.js'
import type { BuildOptions } from './options.js'
import { parseBakeMetadata, type TargetMetadata } from './metadata.js'
import type { PushedManifest, TargetProgress } from './progress.js'
import { builderDriver, dockerImageStore, dockerPush, failureTail, type BuildRun } from './run.js'
import { runBakeSession, type SessionResult } from './session.js'

/** What the build writes to: log groups (title + body) and single lines. */
export interface BuildLog {
  group(title: string, body: string): void
  info(line: string): void
}

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
  const facts = { platforms: platforms.length, stageAlways: options.stageAlways }
  // QEMU (a /proc read, an installer run only where a handler is missing), the driver probe and the
  // image store at once (the default builder's driver needs no process, so the store is asked at once).
  // The docker driver's store decides the session's shape and who pushes (bake.ts, outputSpec).
  const [emulation, [driver, imageStore]] = await Promise.all([
    timed('setup', 'QEMU', () => ensureEmulation(plan.platforms, plan.qemu, options.emulation)),
    timed('setup', 'driver probe', async () => {
      const found = await builderDriver(plan.build.builder, processes)
      const store = found === 'docker' ? await dockerImageStore(plan.build.builder, processes) : undefined
      return [found, store] as const
    })
  ])
  log.info(
    `QEMU: ${emulation.before.map((r) => `${r.platform} ${r.readiness}`).join(', ')}` +
      (emulation.installed.length > 0 ? `; installed ${emulation.installed.join(', ')}` : '')
  )

  const shape = sessionShape({ ...facts, driver, ...(imageStore ? { imageStore } : {}) })
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
    const runSession = (): ReturnType<typeof runBakeSession> =>
      runBakeSession(definition, {
        ...(plan.build.builder ? { builder: plan.build.builder } : {}),
        ...(plan.build.allow.length > 0 ? { allow: plan.build.allow } : {}),
        now: () => Date.now() - started,
        keys: [...targetPlatform.keys()],
        // BuildKit names steps by the normalised platform: `linux/arm64` for `linux/arm64/v8`.
        ...(grouped ? { aliases: normalisedNames(plan.platforms) } : {}),
        onTargetExported: (t) => {
          log.info(
            `${targetPlatform.get(t.target) ?? t.target}: built and pushed (${seconds(duration(t))} s)`
          )
        },
        ...(options.onPushed ? { onManifestPushed: pushedInto(plan.target, options.onPushed) } : {}),
        workDir: work,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.run ? { run: options.run } : {}),
        ...(options.env ? { env: options.env } : {})
      })
    let session = await runSession()
    // One multi-platform target: the image is built, only its push is repeated (never the session).
    const pushOnly = grouped && (outputs[0] as BakeLeg).output.kind === 'staging-tag'
    if (pushOnly && isTagLinkRace(session)) {
      session = await pushAgain(session, (outputs[0] as BakeLeg).output, plan.build.builder, processes, log)
    }
    for (let attempt = 1; !pushOnly && attempt < TAG_LINK_ATTEMPTS && isTagLinkRace(session); attempt++) {
      // distribution 2.x (registry:2, what many self-hosted registries run) links a tag non-atomically;
      // the docker driver's second push ("pushing … with docker") can HEAD it mid-write and get a 500.
      // The build itself succeeded; the session is run again (cached) rather than failing the publish.
      log.info(
        `the registry answered 500 to a HEAD of a tag it was writing (${session.errorLine ?? ''}); running the session again`
      )
      session = await runSession()
    }
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
      throw sessionError(session, runs, targetPlatform)
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
      tasks
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
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

/**
 * One multi-platform target lost only its last step, the docker driver's push, to distribution's
 * half-written tag link: the image this session built is in the image store under its staging tag, so it
 * is pushed again (`docker push`, the same push) instead of running the session again — with `no-cache`
 * that would rebuild every platform. The push's own digest stands in for the metadata bake did not write.
 */
async function pushAgain(
  session: SessionResult,
  output: BuildOutput,
  builder: string | undefined,
  processes: { env?: NodeJS.ProcessEnv; run?: ProcessRunner },
  log: BuildLog
): Promise<SessionResult> {
  if (output.kind !== 'staging-tag') return session
  let errorLine = session.errorLine
  for (let attempt = 1; attempt <= TAG_LINK_ATTEMPTS; attempt++) {
    log.info(
      `the registry answered 500 to a HEAD of a tag it was writing (${errorLine ?? ''}); pushing ${output.ref} again`
    )
    const pushed = await dockerPush(output.ref, builder, processes)
    if (pushed.digest) {
      const metadata = {
        [GROUPED_TARGET]: { 'containerimage.digest': pushed.digest, 'image.name': output.ref }
      }
      const { errorLine: _dropped, failedTarget: _none, ...rest } = session
      return { ...rest, code: 0, metadataText: JSON.stringify(metadata) }
    }
    errorLine = pushed.errorLine
    if (!isTagLinkRace({ code: 1, stopped: false, ...(errorLine ? { errorLine } : {}) })) break
  }
  return { ...session, ...(errorLine ? { errorLine } : {}) }
}

/** How often a session is run when it failed only on distribution's half-written tag link. */
const TAG_LINK_ATTEMPTS = 3

/** The session failed on the docker driver's second push meeting a half-written tag (HEAD … 500), and on nothing else. */
export function isTagLinkRace(session: { code: number; errorLine?: string; stopped: boolean }): boolean {
  return (
    session.code !== 0 &&
    !session.stopped &&
    /unexpected status from HEAD request to \S+\/manifests\/\S+: 500 Internal Server Error/.test(
      session.errorLine ?? ''
    )
  )
}

function sessionError(
  session: Awaited<ReturnType<typeof runBakeSession>>,
  runs: BuildRun[],
  targetPlatform: ReadonlyMap<string, string>
): ActionError {
  const stopped = runs.filter((r) => r.status === 'cancelled').map((r) => r.platform)
  const also = stopped.length > 0 ? ` (stopped ${stopped.join(', ')})` : ''
  const failed = session.failedTarget
  if (failed !== undefined) {
    const platform = targetPlatform.get(failed) ?? failed
    const target = session.targets.get(failed)
    const why = target?.error
      ? `${clip(target.error.step, 100)}: ${stepFailure(target.error.message)}`
      : clip(session.errorLine ?? 'failed')
    return new ActionError('build', `${platform} failed to build: ${why}${also}`, {
      hint: `see the log group "build ${platform}"; no tag was moved`,
      cause: failureTail(runs.find((r) => r.platform === platform)?.log ?? '')
    })
  }
  const why = session.stopped ? 'stopped' : (session.errorLine ?? `buildx bake exited ${session.code}`)
  return new ActionError(
    'build',
    `the build session failed in a step no single platform owns: ${clip(why)}${also}`,
    {
      hint: 'see the log group "build session"; no tag was moved',
      cause: session.sessionLines.slice(-12).join('\n')
    }
  )
}

function duration(t: TargetProgress): number {
  return Math.max(0, (t.endMs ?? 0) - (t.startMs ?? 0))
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1)
}

function clip(text: string, length = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= length ? flat : `${flat.slice(0, length - 1)}…`
}

/** BuildKit repeats the whole command in its message; the exit code is what it adds. */
function stepFailure(message: string): string {
  const code = /did not complete successfully: (exit code: \d+)/.exec(message)?.[1]
  return code ?? clip(message, 200)
}
