/**
 * One BuildKit session for every platform: a `docker buildx bake` definition with one multi-platform
 * target (one index pushed; its children are the per-platform images), or, where a platform needs an
 * output or cache of its own, one target per platform, each with its own `containerimage.digest` in the
 * metadata file (by target name). The definition and the command line are pure functions of the options (the
 * docker/actions-toolkit way), run by session.ts.
 */
import path from 'node:path'
import { scopedCache, type BuildOutput } from './args.js'
import type { BuildOptions } from './options.js'
import { platformSlug } from './staging.js'

export interface BakeLeg {
  platform: string
  output: BuildOutput
}

/** The part of a bake target this action writes (buildx bake's JSON keys). */
export interface BakeTarget {
  context: string
  dockerfile?: string
  contexts?: Record<string, string>
  args?: Record<string, string>
  labels?: Record<string, string>
  target?: string
  platforms: string[]
  output: [string]
  secret?: string[]
  ssh?: string[]
  'cache-from'?: string[]
  'cache-to'?: string[]
  attest?: string[]
  annotations?: string[]
  'no-cache'?: boolean
  'no-cache-filter'?: string[]
  pull?: boolean
  network?: string
  'shm-size'?: string
  ulimits?: string[]
  'extra-hosts'?: Record<string, string>
  entitlements?: string[]
}

export interface BakeDefinition {
  group: { default: { targets: string[] } }
  target: Record<string, BakeTarget>
}

/**
 * Keys bake versions before 0.15–0.18 drop without a word (buildx 0.13 does): when set, session.ts asks
 * `bake --print` whether they survived, and fails naming the input instead of building without them.
 */
export const RECENT_BAKE_KEYS = ['network', 'extra-hosts', 'entitlements'] as const

/**
 * The bake target name of a platform: its tag slug with the characters bake refuses in names
 * (`[a-zA-Z0-9_-]` only) as `_` — `linux/arm/v7` → `linux-arm-v7`. Distinct platforms stay distinct:
 * the slug keeps every letter and digit, and the separators of a platform never become `_`.
 */
export function bakeTargetName(platform: string): string {
  return platformSlug(platform).replace(/[^A-Za-z0-9_-]/g, '_')
}

/**
 * How the session is laid out: one multi-platform target (what `buildx build --platform a,b,c` runs:
 * one frontend solve, one export, one push — the fastest shape measured), or one target per platform
 * where a platform needs an output or a cache of its own.
 */
export type SessionShape = 'one-target' | 'target-per-platform'

export interface ShapeFacts {
  platforms: number
  /** build mode: every platform must land under its own staging tag, for merge to find by run id. */
  stageAlways: boolean
  driver: string
  /** The docker driver's image store ('unknown' when it could not be read). */
  imageStore?: 'containerd' | 'classic' | 'unknown'
}

/** The shape and, for the log, why. Pure. */
export function sessionShape(facts: ShapeFacts): { shape: SessionShape; reason: string } {
  const perPlatform = (reason: string): { shape: SessionShape; reason: string } => ({
    shape: 'target-per-platform',
    reason
  })
  if (facts.platforms <= 1) return perPlatform('one platform')
  if (facts.stageAlways) return perPlatform('build mode stages every platform under a tag of its own')
  if (facts.driver === 'docker' && facts.imageStore !== 'containerd') {
    return perPlatform(
      facts.imageStore === 'classic'
        ? "the docker driver's classic image store builds one platform per image"
        : "the docker driver's image store could not be read"
    )
  }
  return { shape: 'one-target', reason: 'every platform in one multi-platform target' }
}

/** The name of the one target of a multi-platform session (bake's `[a-zA-Z0-9_-]`). */
export const GROUPED_TARGET = 'multiarch-publish'

/** One multi-platform target with one output (its index holds every platform's image). */
export function groupedBakeDefinition(
  options: BuildOptions,
  platforms: readonly string[],
  output: BuildOutput,
  cwd: string
): BakeDefinition {
  return {
    group: { default: { targets: [GROUPED_TARGET] } },
    target: { [GROUPED_TARGET]: bakeTarget(options, [...platforms], output, cwd, 'as-given') }
  }
}

/**
 * The definition. `cwd` resolves the local context and the Dockerfile: bake reads a target's `dockerfile`
 * relative to its context, while `file` (like buildx build's `--file`) is relative to the working
 * directory. Every string is escaped for HCL templates: bake reads JSON as HCL, where `${` and `%{` start
 * an interpolation, so a build arg `${HOME}` would otherwise be expanded (or refused) by bake.
 */
export function bakeDefinition(options: BuildOptions, legs: readonly BakeLeg[], cwd: string): BakeDefinition {
  const target: Record<string, BakeTarget> = {}
  for (const leg of legs) {
    target[bakeTargetName(leg.platform)] = bakeTarget(
      options,
      [leg.platform],
      leg.output,
      cwd,
      'per-platform'
    )
  }
  return { group: { default: { targets: Object.keys(target) } }, target }
}

function bakeTarget(
  options: BuildOptions,
  platforms: string[],
  output: BuildOutput,
  cwd: string,
  cacheScopes: 'per-platform' | 'as-given'
): BakeTarget {
  const remote = isRemoteContext(options.context)
  const context = remote ? options.context : path.resolve(cwd, options.context)
  const file =
    options.file && !remote && options.file !== '-' ? path.resolve(cwd, options.file) : options.file
  const attest = [
    ...attestFlag('provenance', options.provenance),
    ...attestFlag('sbom', options.sbom),
    ...options.attests
  ]
  const hosts = Object.fromEntries(options.addHosts.map(hostEntry))
  const raw: BakeTarget = {
    context,
    ...(file ? { dockerfile: file } : {}),
    ...nonEmptyMap('contexts', options.buildContexts),
    ...nonEmptyMap('args', options.buildArgs),
    ...nonEmptyMap('labels', options.labels),
    ...(options.target ? { target: options.target } : {}),
    platforms,
    output: [outputSpec(output)],
    ...nonEmpty('secret', options.secrets),
    ...nonEmpty('ssh', options.ssh),
    // Targets of one platform each: gha caches scoped per platform (one scope would be overwritten by
    // each). One multi-platform target exports one cache holding every platform, as buildx build does.
    ...nonEmpty('cache-from', cacheEntries(options.cacheFrom, platforms, cacheScopes)),
    ...nonEmpty('cache-to', cacheEntries(options.cacheTo, platforms, cacheScopes)),
    ...nonEmpty('attest', attest),
    ...nonEmpty('annotations', options.annotations),
    ...(options.noCache ? { 'no-cache': true } : {}),
    ...nonEmpty('no-cache-filter', options.noCacheFilters),
    ...(options.pull ? { pull: true } : {}),
    ...(options.network ? { network: options.network } : {}),
    ...(options.shmSize ? { 'shm-size': options.shmSize } : {}),
    ...nonEmpty('ulimits', options.ulimits),
    ...(Object.keys(hosts).length > 0 ? { 'extra-hosts': hosts } : {}),
    ...nonEmpty('entitlements', options.allow)
  }
  return escapeTemplates(raw)
}

/**
 * What `--output` would say: by digest (no tag), or an image pushed under the staging tag.
 * Where the daemon's BuildKit pushes the image itself (containerd store), an empty `push=` keeps buildx
 * from pushing it a second time with docker: BuildKit's exporter reads an empty value as true, buildx's
 * own push runs only for a non-empty true. On the classic store buildx's docker push is the only one.
 */
export function outputSpec(output: BuildOutput): string {
  switch (output.kind) {
    case 'push-by-digest':
      return `type=image,name=${output.repository},push-by-digest=true,name-canonical=true,push=true`
    case 'staging-tag':
      return `type=image,name=${output.ref},push=${output.builderPushes === true ? '' : 'true'}`
  }
}

/**
 * buildx build's `--provenance` / `--sbom` value as an attest spec: `true` → `type=X`, `false` →
 * `type=X,disabled=true`, anything else (`mode=max`, `generator=…`) → `type=X,<value>`.
 */
export function attestFlag(type: 'provenance' | 'sbom', value: string | undefined): string[] {
  if (value === undefined || value === '') return []
  const lower = value.toLowerCase()
  if (['true', '1'].includes(lower)) return [`type=${type}`]
  if (['false', '0'].includes(lower)) return [`type=${type},disabled=true`]
  return [`type=${type},${value}`]
}

export interface BakeArgsOptions {
  builder?: string
  definitionFile: string
  metadataFile: string
  targets: readonly string[]
  /** Entitlements granted on the command line too (bake ≥ 0.18 asks for them there). */
  allow?: readonly string[]
  /** `--print`: what bake understood, no build. */
  print?: boolean
}

/** argv after `docker`. */
export function bakeArgs(options: BakeArgsOptions): string[] {
  return [
    'buildx',
    'bake',
    ...(options.builder ? ['--builder', options.builder] : []),
    '--file',
    options.definitionFile,
    ...(options.print ? ['--print'] : ['--metadata-file', options.metadataFile, '--progress', 'rawjson']),
    ...(options.allow ?? []).flatMap((entitlement) => ['--allow', entitlement]),
    ...options.targets
  ]
}

function cacheEntries(
  entries: readonly string[],
  platforms: readonly string[],
  scopes: 'per-platform' | 'as-given'
): string[] {
  const [platform] = platforms
  return scopes === 'per-platform' && platform !== undefined
    ? entries.map((entry) => scopedCache(entry, platform))
    : [...entries]
}

function isRemoteContext(context: string): boolean {
  // buildx (docker/cli urlutil.IsGitURL) also takes a bare `github.com/…` for a git repository.
  return /^(https?:\/\/|git@|git:\/\/|ssh:\/\/|github\.com\/)/.test(context) || context === '-'
}

/** `host:ip` / `host=ip` → [host, ip]; the first ':' splits, so an IPv6 address stays whole. */
function hostEntry(entry: string): [string, string] {
  const at = entry.includes('=') ? entry.indexOf('=') : entry.indexOf(':')
  return [entry.slice(0, at), entry.slice(at + 1)]
}

/**
 * `KEY=value` lines → a map; the value may hold `=`; a later line wins, as with repeated flags; a line
 * without `=` is a key with an empty value (buildx's `--label key`).
 */
function toMap(lines: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {}
  for (const line of lines) {
    const eq = line.indexOf('=')
    if (eq < 0) map[line] = ''
    else map[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return map
}

function nonEmptyMap<K extends 'contexts' | 'args' | 'labels'>(
  key: K,
  lines: readonly string[]
): Partial<Record<K, Record<string, string>>> {
  return lines.length === 0 ? {} : ({ [key]: toMap(lines) } as Partial<Record<K, Record<string, string>>>)
}

function nonEmpty(key: keyof BakeTarget, values: readonly string[]): Partial<BakeTarget> {
  return values.length === 0 ? {} : { [key]: [...values] }
}

/** HCL template escapes: `${` → `$${`, `%{` → `%%{`, in every string value (not in map keys). */
export function escapeTemplate(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')
}

function escapeTemplates<T>(value: T): T {
  if (typeof value === 'string') return escapeTemplate(value) as T
  if (Array.isArray(value)) return value.map((v: unknown) => escapeTemplates(v)) as T
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]: [string, unknown]) => [k, escapeTemplates(v)])
    ) as T
  }
  return value
}
