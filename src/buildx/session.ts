/**
 * Runs one bake session (one multi-platform target, or every platform a target of its own) through the process edge and reads its
 * rawjson progress as it arrives: per target its own log, start, end and outcome. bake stops the other
 * targets by itself when one fails (BuildKit cancels the session); a stop from us (abort signal, or
 * SIGINT/SIGTERM to this process) reaches buildx through the process edge.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ActionError } from '../errors.js'
import { runProcess, type ProcessRunner } from '../process/exec.js'
import { bakeArgs, RECENT_BAKE_KEYS, type BakeDefinition, type BakeTarget } from './bake.js'
import { failedTarget as whichTargetFailed, lastErrorLine } from './attribution.js'
import { JsonObjectStream } from './json-stream.js'
import { SessionProgress, type PushedManifest, type TargetProgress } from './progress.js'

export interface SessionOptions {
  builder?: string
  /** Entitlements for the command line (`allow`). */
  allow?: readonly string[]
  /** The clock the progress is timed by (ms); default Date.now. */
  now?: () => number
  /**
   * What the progress is split by: the bake targets (default; one per platform), or the platforms of one
   * multi-platform target (BuildKit names their steps `[linux/arm64 …]`).
   */
  keys?: readonly string[]
  /** Other names of keys in step names (a platform as BuildKit normalises it). */
  aliases?: ReadonlyMap<string, string>
  /** Called once per key when its image is exported (per-platform targets: a live "built" line). */
  onTargetExported?: (target: TargetProgress) => void
  /**
   * Called once per manifest BuildKit's exporter has pushed (its digest is in the registry, children and
   * blobs too), while buildx may still be finishing: reads of it can start before the session ends.
   */
  onManifestPushed?: (pushed: PushedManifest) => void
  signal?: AbortSignal
  run?: ProcessRunner
  env?: NodeJS.ProcessEnv
  /** Where the definition and metadata files go; default a new temporary folder, removed after. */
  workDir?: string
}

export interface SessionResult {
  code: number
  /** Per key (target or platform): its own log, timing and outcome. */
  targets: Map<string, TargetProgress>
  /** The session's own lines: its internal steps and buildx's closing report. */
  sessionLines: string[]
  /** The metadata file's text ('' when bake wrote none, as on failure). */
  metadataText: string
  /** The target that failed for a reason of its own, when one did. */
  failedTarget?: string
  /** buildx's last error line, when it failed. */
  errorLine?: string
  /** The first step of the session's own (named by no target, as the docker driver's push) that failed. */
  sessionStepError?: { step: string; message: string }
  stopped: boolean
}

export async function runBakeSession(
  definition: BakeDefinition,
  options: SessionOptions = {}
): Promise<SessionResult> {
  const run = options.run ?? runProcess
  const now = options.now ?? Date.now
  const work = options.workDir ?? (await mkdtemp(path.join(tmpdir(), 'multiarch-publish-bake-')))
  const definitionFile = path.join(work, 'bake.json')
  const metadataFile = path.join(work, 'bake-metadata.json')
  const targets = definition.group.default.targets
  try {
    await writeFile(definitionFile, JSON.stringify(definition, null, 2))
    const common = {
      definitionFile,
      metadataFile,
      targets,
      ...(options.allow ? { allow: options.allow } : {})
    }
    const withBuilder = options.builder ? { ...common, builder: options.builder } : common
    await checkRecentKeys(definition, bakeArgs({ ...withBuilder, print: true }), run, options.env)

    const keys = options.keys ?? targets
    const progress = new SessionProgress(keys, options.aliases)
    // One reader per pipe: text on stdout arriving mid-object on stderr must not split an object.
    const streams = { stdout: new JsonObjectStream(), stderr: new JsonObjectStream() }
    const reported = new Set<string>()
    let completedSeen = 0
    let pushedSeen = 0
    const reportPushes = (): void => {
      const pushed = progress.pushed
      for (; pushedSeen < pushed.length; pushedSeen++)
        options.onManifestPushed?.(pushed[pushedSeen] as PushedManifest)
    }
    const reportExports = (): void => {
      // Only a completed step can finish an export: chunks of log lines cost nothing more here.
      if (!options.onTargetExported || progress.completed === completedSeen) return
      completedSeen = progress.completed
      for (const name of keys) {
        if (!reported.has(name) && progress.exported(name)) {
          reported.add(name)
          options.onTargetExported(progress.target(name))
        }
      }
    }
    const feed = (stream: JsonObjectStream, chunk: string): void => {
      const { objects, lines } = stream.push(chunk)
      const at = now()
      for (const object of objects) progress.add(object, at)
      for (const line of lines) progress.addLine(line)
      reportPushes()
      reportExports()
    }
    const result = await run('docker', bakeArgs(withBuilder), {
      ignoreReturnCode: true,
      onStderr: (chunk) => {
        feed(streams.stderr, chunk)
      },
      onStdout: (chunk) => {
        feed(streams.stdout, chunk)
      },
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.env ? { env: options.env } : {})
    })
    for (const line of [...streams.stdout.end(), ...streams.stderr.end()]) progress.addLine(line)
    const session = progress.target('')
    if (result.startError !== undefined) session.lines.push(result.startError)
    const byKey = new Map(keys.map((k) => [k, progress.target(k)]))
    const failedTarget =
      result.code === 0
        ? undefined
        : whichTargetFailed(
            new Map(keys.map((k) => [k, byKey.get(k)?.error])),
            [...keys],
            // A stop we asked for ends with `ERROR: target x: … context canceled` for whichever target
            // buildx names: that names no failure. Only a step that failed by itself does.
            result.stopped ? [] : session.lines
          )
    const errorLine = result.code === 0 ? undefined : lastErrorLine(session.lines)
    return {
      code: result.code,
      targets: byKey,
      sessionLines: session.lines,
      metadataText: result.code === 0 ? await readFile(metadataFile, 'utf8').catch(() => '') : '',
      ...(failedTarget !== undefined ? { failedTarget } : {}),
      ...(errorLine !== undefined ? { errorLine } : {}),
      ...(session.error ? { sessionStepError: session.error } : {}),
      stopped: result.stopped
    }
  } finally {
    if (options.workDir === undefined) await rm(work, { recursive: true, force: true })
  }
}

/**
 * Older bake versions drop keys they do not know without a word (buildx 0.13: `network`, `extra-hosts`,
 * `entitlements`). When the definition uses one, `bake --print` shows what bake understood; a key that
 * did not survive fails the run naming the input, rather than building without it.
 */
async function checkRecentKeys(
  definition: BakeDefinition,
  printArgs: string[],
  run: ProcessRunner,
  env: NodeJS.ProcessEnv | undefined
): Promise<void> {
  const used = RECENT_BAKE_KEYS.filter((key) =>
    Object.values(definition.target).some((t) => t[key] !== undefined)
  )
  if (used.length === 0) return
  const result = await run('docker', printArgs, { ignoreReturnCode: true, ...(env ? { env } : {}) })
  const inputOf: Record<(typeof RECENT_BAKE_KEYS)[number], string> = {
    network: 'network',
    'extra-hosts': 'add-hosts',
    entitlements: 'allow'
  }
  let printed: { target?: Record<string, Partial<BakeTarget>> } = {}
  try {
    printed = JSON.parse(result.stdout) as typeof printed
  } catch {
    // A bake that refuses the command line (an unknown --allow) prints no JSON; reported below.
  }
  const first = Object.values(printed.target ?? {})[0] ?? {}
  const dropped = used.filter((key) => first[key] === undefined)
  if (result.code === 0 && dropped.length === 0) return
  const inputs = (dropped.length > 0 ? dropped : used).map((k) => `\`${inputOf[k]}\``).join(', ')
  const why =
    result.code !== 0
      ? (lastErrorLine(result.stderr.split('\n')) ?? `exit ${result.code}`)
      : `its bake ignores ${dropped.join(', ')}`
  throw new ActionError('environment', `input ${inputs} needs a newer buildx: ${why}`, {
    hint: 'use a buildx whose bake supports these (0.18 or later, e.g. docker/setup-buildx-action), or drop the input'
  })
}
