/**
 * Which platforms a client accepts for a requested one, and in which order it prefers them:
 * containerd/platforms compare.go (platformVector, Only, Ordered and its Less). This is what `docker pull`,
 * `nerdctl pull` and BuildKit's `FROM` resolve with; it feeds the resolution report, never coverage.
 *
 * Follows the vector-based Only of containerd/platforms v1.0.0-rc.x (the one containerd 2.x, BuildKit and
 * Moby vendor). Pure: no I/O.
 */
import type { Platform } from '../oci/types.js'
import { matchesPlatform } from './match.js'
import { normalizePlatform, setOptional } from './normalize.js'

/**
 * Variant numbers above this are treated as not numeric. containerd would enumerate every lower variant
 * (`arm/v1000000` → a million entries); no real variant comes near.
 */
const MAX_VARIANT_NUMBER = 1000
/** Armv9.N carries the baseline of Armv8.(N+5), and Armv8 stops at .9 (compare.go). */
const ARM64_V9_TO_V8_OFFSET = 5
const ARM64_MAX_V8_MINOR = 9

/**
 * The platforms containerd's Only(want) accepts, most preferred first (compare.go, platformVector), in
 * normalised form:
 * - amd64/vN: amd64/vN … amd64/v2, amd64, then 386
 * - arm/vN (N > 5): arm/vN … arm/v5
 * - arm64/v8.N: arm64/v8.N … arm64/v8.1, arm64, then arm/v8 … arm/v5
 * - arm64/v9.N: arm64/v9.N … arm64/v9, arm64/v8.(N+5, at most 9) … arm64, then arm/v8 … arm/v5
 *   (plain arm64/v9 falls back to arm/v9 … arm/v5, as upstream does)
 * - anything else: itself only.
 * `os`, `os.version` and `os.features` are carried to every entry.
 */
export function preferenceOrder(want: Platform): Platform[] {
  return platformVector(normalizePlatform(want)).map(normalizePlatform)
}

/** containerd's Only(want).Match(have): `have` is runnable where `want` is asked for. */
export function matchesLenient(want: Platform, have: Platform): boolean {
  return preferenceOrder(want).some((candidate) => matchesPlatform(candidate, have))
}

/**
 * containerd's Only(want).Less(p1, p2) (compare.go, orderedPlatformComparer): p1 sorts before p2 when it
 * matches an earlier entry of preferenceOrder(want); at the same entry, the one declaring more
 * `os.features` wins; when neither matches, the comparison is retried with features ignored.
 */
export function platformLess(want: Platform, p1: Platform, p2: Platform): boolean {
  return orderedLess(preferenceOrder(want), p1, p2)
}

/**
 * The candidates containerd's Only(want) accepts, best first: its filter, then a stable sort by Less —
 * what images.Manifest and LimitManifests do with an index. Candidates without a platform are left out
 * (containerd would fetch their config to decide; that is I/O).
 */
export function sortByPreference<T extends { platform?: Platform }>(
  want: Platform,
  candidates: readonly T[]
): T[] {
  const order = preferenceOrder(want)
  const matching = candidates.filter((c) => c.platform !== undefined && matchesAny(order, c.platform))
  return matching
    .map((candidate, index) => ({ candidate, index }))
    .sort((a, b) => compareWith(order, a.candidate, b.candidate) || a.index - b.index)
    .map(({ candidate }) => candidate)
}

/** What a containerd client pulls for `want` from these index entries: the first of sortByPreference. */
export function bestMatch<T extends { platform?: Platform }>(
  want: Platform,
  candidates: readonly T[]
): T | undefined {
  return sortByPreference(want, candidates)[0]
}

function matchesAny(order: readonly Platform[], have: Platform): boolean {
  return order.some((candidate) => matchesPlatform(candidate, have))
}

function compareWith<T extends { platform?: Platform }>(order: readonly Platform[], a: T, b: T): number {
  if (a.platform === undefined || b.platform === undefined) return 0
  if (orderedLess(order, a.platform, b.platform)) return -1
  if (orderedLess(order, b.platform, a.platform)) return 1
  return 0
}

function orderedLess(order: readonly Platform[], p1: Platform, p2: Platform): boolean {
  for (const candidate of order) {
    const m1 = matchesPlatform(candidate, p1)
    const m2 = matchesPlatform(candidate, p2)
    if (m1 && !m2) return true
    if (m1 || m2) {
      // both match here: prefer the one with more OS features
      return m1 && m2 && featureCount(p1) > featureCount(p2)
    }
  }
  if (featureCount(p1) > 0 || featureCount(p2) > 0) {
    return orderedLess(order, withoutFeatures(p1), withoutFeatures(p2))
  }
  return false
}

function featureCount(platform: Platform): number {
  return platform['os.features']?.length ?? 0
}

function withoutFeatures(platform: Platform): Platform {
  const copy: Platform = { ...platform }
  setOptional(copy, 'os.features', undefined)
  return copy
}

/** compare.go platformVector, over a normalised platform. */
function platformVector(platform: Platform): Platform[] {
  switch (platform.architecture) {
    case 'amd64':
      return [platform, ...amd64Fallbacks(platform)]
    case 'arm':
      return [platform, ...armFallbacks(platform)]
    case 'arm64':
      return [platform, ...arm64Fallbacks(platform)]
    default:
      return [platform]
  }
}

/** amd64/vN also runs vN-1 … v1, and every amd64 runs 386. */
function amd64Fallbacks(platform: Platform): Platform[] {
  const level = variantNumber(platform.variant ?? '')
  const lower = level !== undefined && level > 1 ? countDown(level - 1, 1).map((n) => `v${n}`) : []
  return [...lower.map((v) => sibling(platform, 'amd64', v)), sibling(platform, '386', '')]
}

/** arm/vN (N > 5) also runs vN-1 … v5. */
function armFallbacks(platform: Platform): Platform[] {
  const level = variantNumber(platform.variant ?? '')
  if (level === undefined || level <= 5) return []
  return countDown(level - 1, 5).map((n) => sibling(platform, 'arm', `v${n}`))
}

/** arm64: the earlier v8.x/v9.x levels, then 32-bit arm from v8 down (compare.go, case "arm64"). */
function arm64Fallbacks(platform: Platform): Platform[] {
  const variant = platform.variant === undefined || platform.variant === '' ? 'v8' : platform.variant
  const fallbacks = arm64Levels(variant).map((v) => sibling(platform, 'arm64', v))
  // every arm64/v8.x and v9.x runs 32-bit arm/v8 and below
  const armVariant = variant.startsWith('v8.') || variant.startsWith('v9.') ? 'v8' : variant
  return [...fallbacks, ...platformVector(sibling(platform, 'arm', armVariant))]
}

/** The arm64 variants below `variant`, highest first (compare.go keeps upstream's quirks: see the tests). */
function arm64Levels(variant: string): string[] {
  const dot = variant.indexOf('.')
  const majorPart = dot < 0 ? variant : variant.slice(0, dot)
  let major = variantNumber(majorPart)
  if (major === undefined || major < 8) return []
  // only a one-digit minor ("v8.3", four characters) counts; "v8.10" is read as v8
  const minorNumber = dot >= 0 && variant.length === 4 ? goAtoi(variant.slice(dot + 1)) : undefined
  let minor = minorNumber ?? 0
  const levels: string[] = []
  if (major === 9) {
    levels.push(...countDown(minor - 1, 0).map((n) => arm64Level(9, n)))
    minor = Math.min(minor + ARM64_V9_TO_V8_OFFSET, ARM64_MAX_V8_MINOR)
    major = 8
    levels.push(`v8.${minor}`)
  }
  levels.push(...countDown(minor - 1, 0).map((n) => arm64Level(major, n)))
  return levels
}

function arm64Level(major: number, minor: number): string {
  return minor === 0 ? `v${major}` : `v${major}.${minor}`
}

/** A fallback entry: same OS, os.version and os.features, another architecture/variant. */
function sibling(platform: Platform, architecture: string, variant: string): Platform {
  const result: Platform = { os: platform.os, architecture }
  setOptional(result, 'variant', variant === '' ? undefined : variant)
  setOptional(result, 'os.version', platform['os.version'])
  setOptional(result, 'os.features', platform['os.features'])
  return result
}

/** `from`, `from - 1`, … `to` (empty when from < to). */
function countDown(from: number, to: number): number[] {
  const out: number[] = []
  for (let n = from; n >= to; n--) out.push(n)
  return out
}

/** strconv.Atoi(strings.TrimPrefix(variant, "v")), bounded by MAX_VARIANT_NUMBER. */
function variantNumber(variant: string): number | undefined {
  return goAtoi(variant.startsWith('v') ? variant.slice(1) : variant)
}

/** Go's strconv.Atoi: optional sign, decimal digits; undefined where Go returns an error. */
function goAtoi(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined
  const value = Number(text)
  return Math.abs(value) <= MAX_VARIANT_NUMBER ? value : undefined
}
