/**
 * What a build of one platform looked like (BuildRun) and the builder's driver. Every process starts
 * through the process edge.
 */
import { readdir, readFile } from 'node:fs/promises'
import { request } from 'node:http'
import { homedir } from 'node:os'
import path from 'node:path'
import { runProcess, type ProcessRunner } from '../process/exec.js'

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
  const buildx = path.join(env.DOCKER_CONFIG || path.join(env.HOME || homedir(), '.docker'), 'buildx')
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

/**
 * The docker driver's image store: `containerd` when the daemon runs the containerd snapshotter (it can
 * hold multi-platform images, so one multi-platform target can build every platform), `classic` for
 * overlay2 and friends (GitHub's hosted Ubuntu runners unless a workflow enables the containerd store),
 * `unknown` when it could not be read. Asked of the Engine API on the daemon's unix socket where the docker
 * CLI would talk to that socket too (~10 ms; the CLI takes ~120 ms to start, on every run's critical path
 * before the build); else, and whenever that fails, with `docker info` — a builder named after a docker
 * context is asked there.
 */
export async function dockerImageStore(
  builder: string | undefined,
  options: { env?: NodeJS.ProcessEnv; run?: ProcessRunner } = {}
): Promise<'containerd' | 'classic' | 'unknown'> {
  const env = options.env ?? process.env
  const socket = builder ? undefined : engineSocket(env, await currentContext(env))
  const fromEngine = socket === undefined ? undefined : await engineDriverStatus(socket)
  if (fromEngine !== undefined) {
    const store = parseImageStore(fromEngine)
    if (store !== 'unknown') return store
  }
  const args = [...(builder ? ['--context', builder] : []), 'info', '--format', '{{json .DriverStatus}}']
  const result = await (options.run ?? runProcess)('docker', args, {
    ignoreReturnCode: true,
    ...(options.env ? { env: options.env } : {})
  })
  return result.code === 0 ? parseImageStore(result.stdout) : 'unknown'
}

/**
 * The unix socket the docker CLI would use, when it would use one: the docker CLI's own order
 * (docker/cli resolveContextName) — `DOCKER_HOST` (the default context with that host), then
 * `DOCKER_CONTEXT`, then the config's `currentContext`, then the default context on
 * /var/run/docker.sock. Any other context or a tcp/ssh/npipe host: undefined (ask the CLI). Pure.
 */
export function engineSocket(env: NodeJS.ProcessEnv, configContext: string | undefined): string | undefined {
  const host = env.DOCKER_HOST ?? ''
  if (host !== '') return host.startsWith('unix://') ? host.slice('unix://'.length) : undefined
  const context = env.DOCKER_CONTEXT || configContext || 'default'
  return context === 'default' ? '/var/run/docker.sock' : undefined
}

/** The docker config's `currentContext` ('' when none, or no readable config). */
async function currentContext(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const file = path.join(env.DOCKER_CONFIG || path.join(env.HOME || homedir(), '.docker'), 'config.json')
  const text = await readFile(file, 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  try {
    const context = (JSON.parse(text) as { currentContext?: unknown }).currentContext
    return typeof context === 'string' ? context : undefined
  } catch {
    // The CLI refuses a config it cannot read: let it say so.
    return 'unreadable-config'
  }
}

/** `GET /info` on the Engine API's unix socket → its DriverStatus as JSON text; undefined on any failure. */
function engineDriverStatus(socketPath: string, timeoutMs = 2000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/info', method: 'GET', timeout: timeoutMs }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('error', () => {
        resolve(undefined)
      })
      res.on('end', () => {
        if (res.statusCode !== 200) {
          resolve(undefined)
          return
        }
        try {
          const status = (JSON.parse(body) as { DriverStatus?: unknown }).DriverStatus
          resolve(Array.isArray(status) ? JSON.stringify(status) : undefined)
        } catch {
          resolve(undefined)
        }
      })
    })
    req.on('timeout', () => {
      req.destroy()
    })
    req.on('error', () => {
      resolve(undefined)
    })
    req.end()
  })
}

/** `docker info --format '{{json .DriverStatus}}'` → the image store. Pure. */
export function parseImageStore(driverStatus: string): 'containerd' | 'classic' | 'unknown' {
  let status: unknown
  try {
    status = JSON.parse(driverStatus)
  } catch {
    return 'unknown'
  }
  if (!Array.isArray(status)) return 'unknown'
  const pairs = status.filter((p): p is [string, string] => Array.isArray(p) && p.length === 2)
  return pairs.some(([k, v]) => k === 'driver-type' && v.startsWith('io.containerd.snapshotter'))
    ? 'containerd'
    : 'classic'
}

/** What `docker push` said: the digest it pushed, or why it failed. */
export interface PushResult {
  digest?: string
  errorLine?: string
}

/**
 * `docker push REF`: the image the docker driver exported to the image store, pushed again (the
 * driver's own push is this same push). A builder named after a docker context is pushed from there.
 */
export async function dockerPush(
  ref: string,
  builder: string | undefined,
  options: { env?: NodeJS.ProcessEnv; run?: ProcessRunner } = {}
): Promise<PushResult> {
  const args = [...(builder ? ['--context', builder] : []), 'push', ref]
  const result = await (options.run ?? runProcess)('docker', args, {
    ignoreReturnCode: true,
    ...(options.env ? { env: options.env } : {})
  })
  if (result.code === 0) {
    const digest = pushedDigest(result.stdout)
    if (digest) return { digest }
  }
  // docker prints progress on stdout and the error on stderr.
  const lastOf = (text: string): string | undefined =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .at(-1)
  return {
    errorLine:
      result.startError ??
      lastOf(result.stderr) ??
      lastOf(result.stdout) ??
      `docker push exited ${result.code}`
  }
}

/** The `<tag>: digest: sha256:… size: N` line docker push ends with. Pure. */
export function pushedDigest(stdout: string): string | undefined {
  return /\bdigest: (sha256:[a-f0-9]{64})\b/.exec(stdout)?.[1]
}
