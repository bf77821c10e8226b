/**
 * The `--allow` entries a bake definition needs. buildx bake (since 0.17 for `network.host` and
 * `security.insecure`, since 0.20 for the filesystem) refuses, when not run in a terminal, a build that
 * reads a context, Dockerfile, named context, secret or ssh file outside the working directory
 * (`fs.read`), writes a local cache or output there (`fs.write`), forwards the default ssh agent (`ssh`),
 * or runs with host networking or privileges — unless the command line grants it. Pure: the caller resolves
 * paths as bake will (symbolic links, the nearest existing folder).
 */
import path from 'node:path'
import { csvAttributes } from './csv.js'
import type { BakeDefinition, BakeTarget } from './bake.js'

export interface BuildxVersion {
  major: number
  minor: number
  patch: number
}

/**
 * `docker buildx version` → the version: `github.com/docker/buildx v0.36.1 abc123`, Debian's
 * `github.com/docker/buildx 0.13.1+ds1 0.13.1+ds1-3`, `0.29.1+ds1`, a bare `0.20`. Undefined when none is named.
 */
export function parseBuildxVersion(text: string): BuildxVersion | undefined {
  const after = text.includes('buildx') ? text.slice(text.indexOf('buildx') + 'buildx'.length) : text
  const match = /(?:^|[\s/])v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(after)
  if (!match) return undefined
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) }
}

function atLeast(version: BuildxVersion, major: number, minor: number): boolean {
  return version.major !== major ? version.major > major : version.minor >= minor
}

/** What a definition asks for, before any version is considered. */
export interface Needs {
  networkHost: boolean
  securityInsecure: boolean
  /** The default ssh agent (an ssh spec without paths). */
  sshAgent: boolean
  /** Absolute paths, as the resolver returned them. */
  read: string[]
  write: string[]
}

/** Resolves an absolute path as bake will compare it (pure callers: the identity). */
export type PathResolver = (absolute: string) => string

/** Everything the definition's targets read and write on the local filesystem, and the privileges they ask. */
export function entitlementNeeds(
  definition: BakeDefinition,
  cwd: string,
  resolve: PathResolver = (p) => p
): Needs {
  const needs: Needs = { networkHost: false, securityInsecure: false, sshAgent: false, read: [], write: [] }
  // The definition's strings are escaped for HCL templates (bake.ts): the paths are read unescaped.
  const local = (p: string): string => resolve(path.resolve(cwd, unescapeTemplate(p)))
  for (const target of Object.values(definition.target)) {
    const entitlements = target.entitlements ?? []
    needs.networkHost ||= target.network === 'host' || entitlements.includes('network.host')
    needs.securityInsecure ||= entitlements.includes('security.insecure')
    needs.read.push(...readPaths(target).map(local))
    needs.write.push(...writePaths(target).map(local))
    needs.sshAgent ||= (target.ssh ?? []).some((spec) => sshPaths(spec).length === 0)
  }
  return needs
}

/**
 * The `--allow` entries for these needs on this buildx (undefined: assume a current one): the privileges
 * from 0.17, the filesystem and the ssh agent from 0.20 (where bake enforces them); a path only when it is
 * outside `cwd` (bake grants the working directory itself), and once under a granted folder.
 */
export function allowEntries(needs: Needs, cwd: string, version: BuildxVersion | undefined): string[] {
  const privileges = version === undefined || atLeast(version, 0, 17)
  const filesystem = version === undefined || atLeast(version, 0, 20)
  return [
    ...(privileges && needs.networkHost ? ['network.host'] : []),
    ...(privileges && needs.securityInsecure ? ['security.insecure'] : []),
    ...(filesystem && needs.sshAgent ? ['ssh'] : []),
    ...(filesystem ? outside(needs.read, cwd).map((p) => `fs.read=${p}`) : []),
    ...(filesystem ? outside(needs.write, cwd).map((p) => `fs.write=${p}`) : [])
  ]
}

function unescapeTemplate(text: string): string {
  return text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{')
}

/** Paths outside `cwd`, without those inside another one of them, sorted. */
function outside(paths: readonly string[], cwd: string): string[] {
  const out = [...new Set(paths.map((p) => path.normalize(p)))].filter((p) => !within(p, cwd))
  return out.filter((p) => !out.some((other) => other !== p && within(p, other))).sort()
}

function within(p: string, folder: string): boolean {
  const rel = path.relative(folder, p)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

function readPaths(target: BakeTarget): string[] {
  return [
    ...(isLocal(target.context) ? [target.context] : []),
    ...(target.dockerfile !== undefined && isLocal(target.context) && isLocal(target.dockerfile)
      ? [path.resolve(target.context, target.dockerfile)]
      : []),
    ...Object.values(target.contexts ?? {}).filter(isLocal),
    ...(target['cache-from'] ?? []).flatMap((entry) => localAttribute(entry, 'src')),
    ...(target.secret ?? []).flatMap(secretFile),
    ...(target.ssh ?? []).flatMap(sshPaths)
  ]
}

function writePaths(target: BakeTarget): string[] {
  return [
    ...(target['cache-to'] ?? []).flatMap((entry) => localAttribute(entry, 'dest')),
    ...target.output.flatMap((entry) => {
      const attributes = csvAttributes(entry)
      const type = attributes?.get('type')
      const dest = attributes?.get('dest')
      return (type === 'local' || type === 'tar') && dest !== undefined && dest !== '-' ? [dest] : []
    })
  ]
}

/** A context bake reads from the local filesystem (bake's isLocalPath): not a URL, a target or an image. */
function isLocal(context: string): boolean {
  return (
    !/^(https?:\/\/|git@|git:\/\/|ssh:\/\/|github\.com\/|target:|docker-image:|oci-layout:)/.test(context) &&
    context !== '-'
  )
}

/** `type=local,src=…` (cache-from) / `type=local,dest=…` (cache-to) → that path. */
function localAttribute(entry: string, key: 'src' | 'dest'): string[] {
  const attributes = csvAttributes(entry)
  const value = attributes?.get(key)
  return attributes?.get('type') === 'local' && value ? [value] : []
}

/** A secret read from a file: `src=` or `source=` (buildx's secret spec), not `env=`. */
function secretFile(spec: string): string[] {
  const attributes = csvAttributes(spec)
  const file = attributes?.get('src') ?? attributes?.get('source')
  return attributes?.get('type') !== 'env' && file ? [file] : []
}

/** `default`, `id=/path/key,/path/other` (buildx's ssh spec) → the paths; none for the agent socket. */
function sshPaths(spec: string): string[] {
  const eq = spec.indexOf('=')
  return eq < 0
    ? []
    : spec
        .slice(eq + 1)
        .split(',')
        .filter((p) => p !== '')
}
