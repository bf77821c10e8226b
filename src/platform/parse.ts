/**
 * Platform specifiers: containerd/platforms Parse (platforms.go), its syntax
 * `<os>[(<os.version>[+<os.feature>]*)]|<arch>|<os>[(<os.version>[+<os.feature>]*)]/<arch>[/<variant>]`,
 * e.g. `linux/arm64`, `linux/arm/v7`, `windows(10.0.17763.1697)/amd64`, `arm64`. Pure: no I/O.
 */
import { ActionError } from '../errors.js'
import type { Platform } from '../oci/types.js'
import { isKnownArch, isKnownOs, normalizeArch, normalizeOs } from './database.js'
import { platformIdentity } from './format.js'
import { normalizePlatform, setOptional } from './normalize.js'

export interface ParsePlatformOptions {
  /**
   * Stands in for containerd's runtime.GOOS/GOARCH when a specifier names only one half: `arm64` takes
   * this OS, `linux` takes this architecture and variant. Without it, a bare architecture means Linux
   * and a bare OS is an error (a pure module cannot know the host, and guessing would differ by runner).
   */
  host?: Platform
}

/** The OS a bare architecture (`arm64`, `x86_64`) runs on when no host is given: images here are Linux. */
export const DEFAULT_OS = 'linux'

const HINT = 'write it as os/arch[/variant], e.g. linux/arm64'
/** specifierRe (platforms.go): the architecture and variant components. */
const COMPONENT = /^[A-Za-z0-9_.-]+$/
/** osRe (platforms.go): `<os>[(<os.version>[+<feature>]*)]`. */
const OS_COMPONENT = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$/
/** `windows/amd64:10.0.17763` — a spelling people try; containerd puts the version in parentheses. */
const VERSION_AFTER_COLON = /^([^/:]+)(\/[^:]+):([^/]+)$/

/**
 * containerd's Parse, exactly: the specifier's own form, only partly normalised (`linux/arm` stays
 * without a variant, `linux/arm64/v8` keeps its v8, `armhf` becomes plain `arm`). Use parsePlatform for
 * the canonical form.
 */
export function parseSpecifier(spec: string, options: ParsePlatformOptions = {}): Platform {
  if (spec.includes('*')) throw invalidPlatform(spec, 'wildcards are not supported')
  const parts = spec.split('/')
  if (parts.length > 3) {
    throw invalidPlatform(
      spec,
      `too many "/"-separated parts (${parts.length}), expected at most os/arch/variant`
    )
  }
  const platform = parseOsComponent(spec, parts[0] ?? '')
  parts.slice(1).forEach((part, i) => {
    checkComponent(spec, part, i === 0 ? 'architecture' : 'variant')
  })
  const [, arch, variant] = parts
  if (arch === undefined) return parseSingleComponent(spec, platform, options)
  if (variant === undefined) {
    // os/arch: the OS and architecture need not be known ones (platforms.go, Parse case 2)
    const normalized = normalizeArch(arch, '')
    const shortVariant = isArmV7(normalized) ? '' : normalized.variant
    return withArch(platform, normalized.architecture, shortVariant)
  }
  const normalized = normalizeArch(arch, variant)
  // Parse case 3 keeps an explicit arm64 v8, which Normalize would drop
  const keptVariant =
    normalized.architecture === 'arm64' && normalized.variant === '' ? 'v8' : normalized.variant
  return withArch(platform, normalized.architecture, keptVariant)
}

/**
 * A specifier in canonical form (containerd's Parse, then Normalize): `linux/aarch64`, `linux/arm64/v8`
 * and `arm64` are all `{ os: 'linux', architecture: 'arm64' }`; `linux/arm` and `linux/armhf` are
 * `linux/arm/v7`. Throws ActionError('invalid-input') quoting the input and saying what is wrong.
 */
export function parsePlatform(spec: string, options: ParsePlatformOptions = {}): Platform {
  return normalizePlatform(parseSpecifier(spec, options))
}

/**
 * A list of specifiers as the `platforms` input holds them: separated by commas and/or newlines, blanks
 * ignored, each parsed and normalised. Every invalid entry and every platform named twice (after
 * normalisation, so `linux/arm64/v8` and `linux/aarch64` collide) is reported in one error.
 */
export function parsePlatformList(input: string, options: ParsePlatformOptions = {}): Platform[] {
  const platforms: Platform[] = []
  const problems: string[] = []
  const seen = new Map<string, string>()
  for (const spec of splitList(input)) {
    let platform: Platform
    try {
      platform = parsePlatform(spec, options)
    } catch (error) {
      if (!(error instanceof ActionError)) throw error
      problems.push(error.message)
      continue
    }
    const identity = platformIdentity(platform)
    const first = seen.get(identity)
    if (first === undefined) {
      seen.set(identity, spec)
      platforms.push(platform)
    } else {
      problems.push(duplicateMessage(first, spec, identity))
    }
  }
  if (problems.length > 0) {
    const hint = problems.some((p) => p.startsWith('invalid platform')) ? HINT : 'list each platform once'
    throw new ActionError('invalid-input', problems.join('; '), { hint })
  }
  return platforms
}

function splitList(input: string): string[] {
  return input
    .split(/[,\r\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

function duplicateMessage(first: string, second: string, identity: string): string {
  if (first === second) return `platform "${first}" is listed twice`
  return `platforms "${first}" and "${second}" are the same platform (${identity})`
}

/** The first component: `<os>[(<os.version>[+<feature>]*)]`, options percent-decoded. */
function parseOsComponent(spec: string, component: string): Platform {
  const match = OS_COMPONENT.exec(component)
  if (match === null) throw invalidOs(spec, component)
  const [, os = '', rawVersion = '', rawFeatures = ''] = match
  const platform: Platform = { os: normalizeOs(os), architecture: '' }
  const osVersion = decodeOsOption(spec, rawVersion, 'os.version')
  setOptional(platform, 'os.version', osVersion === '' ? undefined : osVersion)
  if (rawFeatures !== '') {
    platform['os.features'] = rawFeatures
      .slice(1)
      .split('+')
      .map((feature) => decodeOsOption(spec, feature, 'os feature'))
  }
  return platform
}

function invalidOs(spec: string, component: string): ActionError {
  if (component === '') return invalidPlatform(spec, 'the operating system is empty')
  return invalidPlatform(
    spec,
    `"${component}" is not a valid operating system (letters, digits, "_" and "-", optionally followed by "(os.version)")`
  )
}

function checkComponent(spec: string, component: string, what: 'architecture' | 'variant'): void {
  if (COMPONENT.test(component)) return
  if (component === '') throw invalidPlatform(spec, `the ${what} is empty`)
  const colon = VERSION_AFTER_COLON.exec(spec)
  if (colon !== null && component.includes(':')) {
    const [, os = '', rest = '', version = ''] = colon
    throw invalidPlatform(spec, 'the os.version goes in parentheses after the operating system', {
      hint: `write it as ${os}(${version})${rest}`
    })
  }
  throw invalidPlatform(
    spec,
    `"${component}" is not a valid ${what} (letters, digits, ".", "_" and "-" only)`
  )
}

/**
 * Parse case 1: a known OS takes the host's architecture; otherwise the value is tried as an architecture,
 * which must then be a known one, and takes the host's OS.
 */
function parseSingleComponent(spec: string, platform: Platform, options: ParsePlatformOptions): Platform {
  if (isKnownOs(platform.os)) {
    const host = options.host
    if (host === undefined) {
      throw invalidPlatform(spec, `"${platform.os}" names an operating system but no architecture`)
    }
    // cpuVariant: the host's variant is kept unless it is arm's default v7
    const normalized = normalizeArch(host.architecture, host.variant ?? '')
    return withArch(platform, normalized.architecture, isArmV7(normalized) ? '' : normalized.variant)
  }
  const normalized = normalizeArch(spec, '')
  if (!isKnownArch(normalized.architecture)) {
    throw invalidPlatform(spec, `"${spec}" is neither a known operating system nor a known architecture`)
  }
  const os = options.host === undefined ? DEFAULT_OS : normalizeOs(options.host.os)
  const variant = isArmV7(normalized) ? '' : normalized.variant
  return { os, architecture: normalized.architecture, ...(variant === '' ? {} : { variant }) }
}

function isArmV7(arch: { architecture: string; variant: string }): boolean {
  return arch.architecture === 'arm' && arch.variant === 'v7'
}

function withArch(platform: Platform, architecture: string, variant: string): Platform {
  const result: Platform = { ...platform, architecture }
  setOptional(result, 'variant', variant === '' ? undefined : variant)
  return result
}

/** decodeOSOption: url.PathUnescape when the value holds a `%`; a malformed escape is an error. */
function decodeOsOption(spec: string, value: string, what: string): string {
  if (!value.includes('%')) return value
  const bytes: number[] = []
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c !== 0x25) {
      bytes.push(c) // the syntax only admits ASCII here
      continue
    }
    const hex = value.slice(i + 1, i + 3)
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
      throw invalidPlatform(spec, `the ${what} "${value}" has a malformed %-escape`)
    }
    bytes.push(parseInt(hex, 16))
    i += 2
  }
  return new TextDecoder().decode(new Uint8Array(bytes))
}

function invalidPlatform(spec: string, problem: string, options: { hint?: string } = {}): ActionError {
  return new ActionError('invalid-input', `invalid platform "${spec}": ${problem}`, {
    hint: options.hint ?? HINT
  })
}
