/**
 * containerd/platforms Normalize (platforms.go): the canonical form two platforms are compared in.
 * Pure: no I/O.
 */
import type { Platform } from '../oci/types.js'
import { normalizeArch, normalizeOs } from './database.js'

/**
 * The canonical value of a platform (platforms.go, Normalize): `aarch64`→`arm64`, `arm64/v8`→`arm64`,
 * `arm`→`arm/v7`, `armhf`→`arm/v7`, `armel`→`arm/v6`, `x86_64`→`amd64`, `amd64/v1`→`amd64`, `i386`→`386`,
 * `macos`→`darwin`, OS, architecture and variant lower-cased, `os.features` sorted without repeats.
 * `os.version` and `features` are kept as they are. The input is not modified.
 */
export function normalizePlatform(platform: Platform): Platform {
  const { architecture, variant } = normalizeArch(platform.architecture, platform.variant ?? '')
  const normalized: Platform = { ...platform, os: normalizeOs(platform.os), architecture }
  setOptional(normalized, 'variant', variant === '' ? undefined : variant)
  const osFeatures = platform['os.features']
  if (osFeatures !== undefined && osFeatures.length > 0) {
    normalized['os.features'] = sortedUnique(osFeatures)
  }
  return normalized
}

/** Sets an optional field, or removes it so that `{}` and `{ variant: undefined }` never differ. */
export function setOptional<K extends 'variant' | 'os.version' | 'os.features'>(
  platform: Platform,
  key: K,
  value: Platform[K] | undefined
): void {
  if (value === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- key is one of three literal names
    delete platform[key]
  } else {
    platform[key] = value
  }
}

/** Go's slices.Sort + slices.Compact: byte order of UTF-8 is code point order. */
export function sortedUnique(values: readonly string[]): string[] {
  const sorted = [...values].sort(compareCodePoints)
  return sorted.filter((value, i) => i === 0 || value !== sorted[i - 1])
}

/** Compares like Go compares strings (UTF-8 bytes, i.e. code points), not by UTF-16 code units. */
export function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a, (c) => c.codePointAt(0) ?? 0)
  const right = Array.from(b, (c) => c.codePointAt(0) ?? 0)
  const length = Math.min(left.length, right.length)
  for (let i = 0; i < length; i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0)
    if (diff !== 0) return diff
  }
  return left.length - right.length
}
