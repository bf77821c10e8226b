/**
 * Runs one buildx build per platform, at most `maxParallel` at once. Each build's output is kept and
 * handed over when it ends (so parallel logs never interleave); the first failure stops the builds
 * still running, and no later one starts. The exec edge of the build module.
 */
import { spawn, type ChildProcess } from 'node:child_process'

export interface PlatformBuild {
  platform: string
  /** argv after `docker`. */
  args: string[]
}

export interface BuildRun {
  platform: string
  status: 'ok' | 'failed' | 'cancelled'
  /** Milliseconds since the first build started. */
  startMs: number
  durationMs: number
  /** Everything buildx printed (stdout and stderr). */
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

export async function runBuilds(
  builds: readonly PlatformBuild[],
  options: RunBuildsOptions
): Promise<BuildRun[]> {
  const started = Date.now()
  const results: BuildRun[] = []
  const running = new Set<ChildProcess>()
  let failed = false
  let next = 0

  const runOne = (build: PlatformBuild): Promise<BuildRun> =>
    new Promise((resolve) => {
      const start = Date.now()
      // Its own process group, so a stop reaches docker and the buildx plugin it runs, as Ctrl-C does.
      const child = spawn(options.command ?? 'docker', build.args, {
        env: options.env ?? process.env,
        detached: true
      })
      running.add(child)
      let log = ''
      child.stdout.on('data', (d: Buffer) => (log += d.toString()))
      child.stderr.on('data', (d: Buffer) => (log += d.toString()))
      const finish = (code: number | null, error?: Error): void => {
        running.delete(child)
        const status = code === 0 ? 'ok' : failed ? 'cancelled' : 'failed'
        resolve({
          platform: build.platform,
          status,
          startMs: start - started,
          durationMs: Date.now() - start,
          log: error ? `${log}${error.message}\n` : log,
          ...(code !== null ? { exitCode: code } : {})
        })
      }
      child.on('error', (error) => {
        finish(-1, error)
      })
      child.on('close', (code) => {
        finish(code)
      })
    })

  const worker = async (): Promise<void> => {
    while (next < builds.length && !failed) {
      const build = builds[next++] as PlatformBuild
      const run = await runOne(build)
      if (run.status === 'failed') {
        failed = true
        for (const child of running) stop(child)
      }
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

/** buildx cancels a build on SIGINT (Ctrl-C); one that ignores it is killed after a grace period. */
const STOP_GRACE_MS = 10_000

function stop(child: ChildProcess): void {
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal)
    } catch {
      // Already gone.
    }
  }
  signalGroup('SIGINT')
  const timer = setTimeout(() => {
    signalGroup('SIGKILL')
  }, STOP_GRACE_MS)
  timer.unref()
  child.once('close', () => {
    clearTimeout(timer)
  })
}

/** The last lines of a failed build's log that say why (buildx prints the error at the end). */
export function failureTail(log: string, lines = 12): string {
  return log.trimEnd().split('\n').slice(-lines).join('\n')
}

/** `docker buildx inspect` → the builder's driver ("docker", "docker-container", "remote", …). */
export async function builderDriver(builder: string | undefined, env?: NodeJS.ProcessEnv): Promise<string> {
  const args = ['buildx', 'inspect', ...(builder ? [builder] : [])]
  const output = await new Promise<string>((resolve) => {
    const child = spawn('docker', args, { env: env ?? process.env })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.on('error', () => {
      resolve('')
    })
    child.on('close', () => {
      resolve(out)
    })
  })
  return /^Driver:\s*(\S+)/m.exec(output)?.[1] ?? 'unknown'
}
