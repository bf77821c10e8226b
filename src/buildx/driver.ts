/** The builder's driver ("docker", "docker-container", "remote", …), asked before the build. */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { runProcess, type ProcessRunner } from '../process/exec.js'
import { dockerConfigDir } from './docker-config.js'

/**
 * `docker buildx inspect` → the builder's driver. Without a builder named (input, BUILDX_BUILDER), buildx
 * uses the current one; when that is a default builder (none created: `buildx/instances` empty, or
 * `buildx/current` naming none) it has the docker driver, so no process is started.
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
  const buildx = path.join(dockerConfigDir(env), 'buildx')
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
