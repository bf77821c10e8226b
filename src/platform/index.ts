/**
 * Platforms by containerd's rules (github.com/containerd/platforms): parse, normalise, format, match and
 * order. Pure: no I/O.
 */
export { KNOWN_ARCHITECTURES, KNOWN_OPERATING_SYSTEMS, isKnownArch, isKnownOs } from './database.js'
export { normalizePlatform } from './normalize.js'
export { formatPlatform, formatPlatformWithVersion, platformIdentity, platformKey } from './format.js'
export {
  DEFAULT_OS,
  type ParsePlatformOptions,
  parsePlatform,
  parsePlatformList,
  parseSpecifier
} from './parse.js'
export { matchesPlatform, matchesStrict } from './match.js'
export { bestMatch, matchesLenient, platformLess, preferenceOrder, sortByPreference } from './compare.js'
export {
  type WindowsVersion,
  WindowsBuild,
  parseWindowsVersion,
  windowsHostRunsContainer,
  windowsVersionMatches
} from './windows.js'
