/**
 * The `--allow` entries this machine's bake needs for a definition (entitlements.ts decides): paths
 * resolved as bake resolves them, and the buildx version asked only when something needs a grant.
 */
import { realpathSync } from 'node:fs'
import path from 'node:path'
import { runProcess, type ProcessRunner } from '../process/exec.js'
import type { BakeDefinition } from './bake.js'
import { allowEntries, entitlementNeeds, parseBuildxVersion, type BuildxVersion } from './entitlements.js'

export async function bakeGrants(
  definition: BakeDefinition,
  options: { cwd: string; env?: NodeJS.ProcessEnv; run?: ProcessRunner }
): Promise<string[]> {
  const cwd = existingRealPath(options.cwd)
  const needs = entitlementNeeds(definition, options.cwd, existingRealPath)
  const asked =
    needs.networkHost ||
    needs.securityInsecure ||
    needs.sshAgent ||
    needs.read.length + needs.write.length > 0
  if (!asked) return []
  return allowEntries(needs, cwd, await buildxVersion(options))
}

/** `docker buildx version` → its version; undefined when it does not say. */
export async function buildxVersion(
  options: { env?: NodeJS.ProcessEnv; run?: ProcessRunner } = {}
): Promise<BuildxVersion | undefined> {
  const result = await (options.run ?? runProcess)('docker', ['buildx', 'version'], {
    ignoreReturnCode: true,
    ...(options.env ? { env: options.env } : {})
  })
  return result.code === 0 ? parseBuildxVersion(result.stdout) : undefined
}

/**
 * A path as bake compares it: symbolic links resolved, and for a path that does not exist yet (a cache
 * folder bake will create), its nearest existing folder — bake asks for a grant of that folder.
 */
export function existingRealPath(absolute: string): string {
  try {
    return realpathSync(absolute)
  } catch {
    const parent = path.dirname(absolute)
    return parent === absolute ? absolute : existingRealPath(parent)
  }
}
