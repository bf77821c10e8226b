/**
 * What a build of one platform looked like (BuildRun), the builder's driver, and the older engine: one
 * buildx process per platform, at most `maxParallel` at once, kept until modes/ call build/legs.ts (the
 * one-session engine). Every process starts through the process edge.
 */
import { readdir, readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import path from 'node:path'
import { runProcess, type ProcessRunner } from '../process/exec.js'

export interface PlatformBuild {
  platform: string
  /** argv after `docker`. */
  args: string[]
}

export interface BuildRun {
  platform: string
  status: 'ok' | 'failed' | 'cancelled'
  /** Milliseconds since the first build started (legs.ts: since the run started). */
  startMs: number
  durationMs: number
  /** That platform's build lines only. */
  log: string
  exitCode?: number
}

export interface RunBuildsOptions {
  maxParallel: number
  env?: NodeJS.ProcessEnv
  /** Called as each build ends, in the order they end. */
  onDone?: (run: BuildRun) => void
  command?: string
}

/** One process per platform; the first failure stops the builds still running, and no later one starts. */
export async function runBuilds(
  builds: readonly PlatformBuild[],
  options: RunBuildsOptions
): Promise<BuildRun[]> {
  const started = Date.now()
  const results: BuildRun[] = []
  const stop = new AbortController()
  let next = 0

  const runOne = async (build: PlatformBuild): Promise<BuildRun> => {
    const start = Date.now()
    let log = ''
    const result = await runProcess(options.command ?? 'docker', build.args, {
      ignoreReturnCode: true,
      signal: stop.signal,
      onStdout: (text) => (log += text),
      onStderr: (text) => (log += text),
      ...(options.env ? { env: options.env } : {})
    })
    const status = result.code === 0 ? 'ok' : stop.signal.aborted ? 'cancelled' : 'failed'
    return {
      platform: build.platform,
      status,
      startMs: start - started,
      durationMs: Date.now() - start,
      log: result.startError === undefined ? log : `${log}${result.startError}\n`,
      exitCode: result.code
    }
  }

  const worker = async (): Promise<void> => {
    while (next < builds.length && !stop.signal.aborted) {
      const build = builds[next++] as PlatformBuild
      const run = await runOne(build)
      if (run.status === 'failed') stop.abort()
      results.push(run)
      options.onDone?.(run)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.maxParallel, builds.length)) }, worker))
  for (const build of builds.slice(next)) {
    results.push({
      platform: build.platform,
      status: 'cancelled',
      startMs: Date.now() - started,
      durationMs: 0,
      log: ''
    })
  }
  return builds.map((b) => results.find((r) => r.platform === b.platform) as BuildRun)
}

/** The last lines of a failed build's log that say why (buildx prints the error at the end). */
export function failureTail(log: string, lines = 12): string {
  return log.trimEnd().split('\n').slice(-lines).join('\n')
}

/**
 * `docker buildx inspect` → the builder's driver ("docker", "docker-container", "remote", …). Without a
 * builder named (input, BUILDX_BUILDER), buildx uses the current one; when that is a default builder (no
 * builder created at all: `buildx/instances` empty, or `buildx/current` naming none), it has the docker
 * driver, so no process is needed — half a second of CLI start-up saved on every run without
 * docker/setup-buildx-action.
 */
export async function builderDriver(
  builder: string | undefined,
  options: { env?: NodeJS.ProcessEnv; run?: ProcessRunner } = {}
): Promise<string> {
  const env = options.env ?? process.env
  if (!builder && !env.BUILDX_BUILDER && (await usesDefaultBuilder(env))) return 'docker'
  const args = ['buildx', 'inspect', ...(builder ? [builder] : [])]
  const result = await (options.run ?? runProcess)('docker', args, {
    ignoreReturnCode: true,
    ...(options.env ? { env: options.env } : {})
  })
  return parseDriver(result.stdout)
}

/** The `Driver:` line of `buildx inspect`. Pure. */
export function parseDriver(inspect: string): string {
  return /^Driver:\s*(\S+)/m.exec(inspect)?.[1] ?? 'unknown'
}

async function usesDefaultBuilder(env: NodeJS.ProcessEnv): Promise<boolean> {
  const buildx = path.join(env.DOCKER_CONFIG ?? path.join(homedir(), '.docker'), 'buildx')
  const instances = await readdir(path.join(buildx, 'instances')).catch(() => [])
  if (instances.length === 0) return true
  const current = await readFile(path.join(buildx, 'current'), 'utf8').catch(() => undefined)
  if (current === undefined) return false
  try {
    return (JSON.parse(current) as { Name?: unknown }).Name === ''
  } catch {
    return false
  }
}
