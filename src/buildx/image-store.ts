/**
 * The docker driver's image store: `containerd` when the daemon runs the containerd snapshotter (it holds
 * multi-platform images, exports caches and attaches attestations), `classic` for overlay2 and friends
 * (GitHub's hosted Ubuntu runners unless a workflow enables the containerd store), `unknown` when it could
 * not be read.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { runProcess, type ProcessRunner } from '../process/exec.js'
import { dockerConfigDir } from './docker-config.js'
import { engineDriverStatus } from './engine-api.js'

export type ImageStore = 'containerd' | 'classic' | 'unknown'

/**
 * Asked of the Engine API on the daemon's unix socket where the docker CLI would talk to that socket too
 * (it answers before the CLI has started); else, and whenever that fails, with `docker info` — a builder
 * named after a docker context is asked there.
 */
export async function dockerImageStore(
  builder: string | undefined,
  options: { env?: NodeJS.ProcessEnv; run?: ProcessRunner } = {}
): Promise<ImageStore> {
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

/** The docker config's `currentContext` (undefined when none, or no readable config). */
async function currentContext(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const text = await readFile(path.join(dockerConfigDir(env), 'config.json'), 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  try {
    const context = (JSON.parse(text) as { currentContext?: unknown }).currentContext
    return typeof context === 'string' ? context : undefined
  } catch {
    // The CLI refuses a config it cannot read: let it say so.
    return 'unreadable-config'
  }
}

/** `docker info --format '{{json .DriverStatus}}'` → the image store. Pure. */
export function parseImageStore(driverStatus: string): ImageStore {
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
