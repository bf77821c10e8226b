/**
 * Platform specifiers as strings: containerd/platforms Format and FormatAll (platforms.go), plus the keys
 * this action uses to index platforms. Pure: no I/O.
 */
import type { Platform } from '../oci/types.js'
import { compareCodePoints, normalizePlatform } from './normalize.js'

/**
 * containerd's Format: `os/arch[/variant]` exactly as given (not normalised), without `os.version`;
 * a platform without an OS is "unknown".
 */
export function formatPlatform(platform: Platform): string {
  if (platform.os === '') return 'unknown'
  return joinPath([platform.os, platform.architecture, platform.variant ?? ''])
}

/**
 * containerd's FormatAll: like formatPlatform, with `os.version` and sorted `os.features` in parentheses
 * after the OS — `windows(10.0.17763.1697)/amd64`, `windows(10.0.17763+win32k)/amd64`, `linux(+gpu)/amd64`.
 * Characters that would be ambiguous in that syntax are percent-encoded; empty features are skipped.
 */
export function formatPlatformWithVersion(platform: Platform): string {
  if (platform.os === '') return 'unknown'
  const options = osOptions(platform)
  const os = options === '' ? platform.os : `${platform.os}(${options})`
  return joinPath([os, platform.architecture, platform.variant ?? ''])
}

/** The normalised `os/arch[/variant]`, e.g. `linux/arm64`, `linux/arm/v7`: the key of the `platforms` output. */
export function platformKey(platform: Platform): string {
  return formatPlatform(normalizePlatform(platform))
}

/**
 * The normalised form including `os.version` and `os.features` (`windows(10.0.20348.2113)/amd64`): unlike
 * platformKey, it tells two Windows builds of the same architecture apart.
 */
export function platformIdentity(platform: Platform): string {
  return formatPlatformWithVersion(normalizePlatform(platform))
}

/** `<os.version>[+<feature>]*`, each part encoded (platforms.go, FormatAll). */
function osOptions(platform: Platform): string {
  const version = encodeOsOption(platform['os.version'] ?? '')
  // sorted but, as in FormatAll, not de-duplicated (Normalize does that)
  const features = [...(platform['os.features'] ?? [])]
    .sort(compareCodePoints)
    .filter((feature) => feature !== '')
    .map((feature) => `+${encodeOsOption(feature)}`)
  return version + features.join('')
}

/**
 * platforms.go osOptionReplacer: `%` first so nothing is encoded twice, then the characters of the
 * syntax itself (`+`, `(`, `)`, `/`).
 */
export function encodeOsOption(value: string): string {
  return value.replace(/[%+()/]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
}

/**
 * Go's path.Join, which containerd's Format uses: empty elements are skipped and the result is cleaned
 * (`.` dropped, `..` removes the element before it).
 */
function joinPath(elements: readonly string[]): string {
  const joined = elements.filter((element) => element !== '').join('/')
  if (joined === '') return ''
  return cleanPath(joined)
}

/** Go's path.Clean for the relative paths Format produces. */
function cleanPath(path: string): string {
  const rooted = path.startsWith('/')
  const out: string[] = []
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..' && out.length > 0 && out[out.length - 1] !== '..') {
      out.pop()
    } else if (segment !== '..' || !rooted) {
      out.push(segment)
    }
  }
  const cleaned = (rooted ? '/' : '') + out.join('/')
  return cleaned === '' ? '.' : cleaned
}
