/**
 * Matching one platform against another: containerd/platforms NewMatcher (platforms.go) and OnlyStrict
 * (compare.go), with this action's stricter reading of a pinned `os.version` for coverage. Pure: no I/O.
 */
import type { Platform } from '../oci/types.js'
import { compareCodePoints, normalizePlatform } from './normalize.js'
import { windowsVersionMatches } from './windows.js'

/**
 * containerd's NewMatcher(want).Match(have): OS, architecture and variant equal after normalisation; for a
 * Windows `want`, the `os.version` compatibility of platform_windows_compat.go; and `have`'s `os.features`
 * a subset of `want`'s (an image needing a feature runs only where the request offers it).
 */
export function matchesPlatform(want: Platform, have: Platform): boolean {
  const w = normalizePlatform(want)
  const h = normalizePlatform(have)
  return (
    sameArchitecture(w, h) &&
    (w.os !== 'windows' || windowsVersionMatches(w['os.version'] ?? '', have['os.version'] ?? '')) &&
    isSortedSubset(h['os.features'] ?? [], w['os.features'] ?? [])
  )
}

/**
 * Coverage: `have` is the platform `want` names — equal after normalisation (containerd's OnlyStrict:
 * `arm64` is `arm64/v8` and `aarch64`, `arm` is `arm/v7`, but `amd64` is not `386` and `arm/v7` is not
 * `arm/v6`). One deliberate difference from OnlyStrict: a pinned `os.version` must be present on `have`
 * and equal to it in every part the pin gives (`10.0.17763` accepts `10.0.17763.1697`, and
 * `10.0.17763.1697` only itself), where containerd would accept any compatible build or none at all.
 * A request without `os.version` accepts any.
 */
export function matchesStrict(want: Platform, have: Platform): boolean {
  const w = normalizePlatform(want)
  const h = normalizePlatform(have)
  return (
    sameArchitecture(w, h) &&
    osVersionPinHolds(w['os.version'] ?? '', have['os.version'] ?? '') &&
    isSortedSubset(h['os.features'] ?? [], w['os.features'] ?? [])
  )
}

/** Both already normalised. */
function sameArchitecture(want: Platform, have: Platform): boolean {
  return (
    want.os === have.os &&
    want.architecture === have.architecture &&
    (want.variant ?? '') === (have.variant ?? '')
  )
}

/** Ours: a pin is a dotted prefix of the entry's version, compared part by part. */
function osVersionPinHolds(pin: string, version: string): boolean {
  if (pin === '') return true
  return version === pin || version.startsWith(`${pin}.`)
}

/** platforms.go matcher.Match: every one of `needed` (sorted) is in `offered` (sorted). */
function isSortedSubset(needed: readonly string[], offered: readonly string[]): boolean {
  let j = 0
  for (const feature of needed) {
    while (j < offered.length && compareCodePoints(offered[j] ?? '', feature) < 0) j++
    if (j >= offered.length || offered[j] !== feature) return false
    j++
  }
  return true
}
