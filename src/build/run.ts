/**
 * What a build of one platform looked like (BuildRun) and the builder's driver. Every process starts
 * through the process edge.
 */
import { readdir, readFile } from 'node:fs/promises'
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

/**
 * The docker driver's image store: `containerd` when the daemon runs the containerd snapshotter (it can
 * hold multi-platform images, so one multi-platform target can build every platform), `classic` for
 * overlay2 and friends (GitHub's hosted Ubuntu runners unless a workflow enables the containerd store),
 * `unknown` when `docker info` could not say. A builder named after a docker context is asked there.
 */
export async function dockerImageStore(
  builder: string | undefined,
  options: { env?: NodeJS.ProcessEnv; run?: ProcessRunner } = {}
): Promise<'containerd' | 'classic' | 'unknown'> {
  const args = [...(builder ? ['--context', builder] : []), 'info', '--format', '{{json .DriverStatus}}']
  const result = await (options.run ?? runProcess)('docker', args, {
    ignoreReturnCode: true,
    ...(options.env ? { env: options.env } : {})
  })
  return result.code === 0 ? parseImageStore(result.stdout) : 'unknown'
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
