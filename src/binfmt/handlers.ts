/**
 * QEMU user-mode emulation through binfmt_misc, decided over data: what an entry of
 * /proc/sys/fs/binfmt_misc says (Documentation/admin-guide/binfmt-misc.rst), which handler each platform
 * needs, whether that handler is usable from inside a container, and the installer's command line.
 * Pure: no I/O — host.ts reads /proc and runs the installer.
 */
import { ActionError } from '../errors.js'
import { Inputs } from '../names.js'
import type { Platform } from '../oci/types.js'
import { normalizePlatform, platformKey } from '../platform/index.js'
import { parseReference } from '../reference/reference.js'
import type { ProbeArchitecture } from './probe-program.js'

/** One registered handler as the kernel prints it (fs/binfmt_misc.c, entry_status). */
export interface BinfmtEntry {
  name: string
  enabled: boolean
  interpreter?: string
  /** The flag letters, e.g. `PF` (P preserve-argv0, O open-binary, C credentials, F fix-binary). */
  flags: string
  offset?: number
  /** Hex as the kernel prints it, e.g. `7f454c46…`; absent for extension (E) entries. */
  magic?: string
  mask?: string
}

/** The emulator a platform needs: the binfmt_misc entry name and the name the installer image takes. */
export interface HandlerNeed {
  handler: string
  installName: string
}

export type Readiness = 'native' | 'ready' | 'missing' | 'disabled' | 'no-fix-binary' | 'unsupported'

export interface PlatformReadiness {
  platform: string
  readiness: Readiness
  handler?: string
  installName?: string
  interpreter?: string
  /** Why, when the readiness alone does not say it (AArch32 caveat, binfmt_misc switched off, …). */
  note?: string
}

export interface BinfmtState {
  /** binfmt_misc is mounted (its `status` file exists). */
  mounted: boolean
  /** `status` reads `enabled`: with it off, no handler runs at all. */
  enabled: boolean
  entries: Map<string, BinfmtEntry>
}

export type QemuSetting = { kind: 'auto'; image: string } | { kind: 'off' }

/**
 * The installer `qemu: auto` runs, pinned so a new upstream release cannot change a working pipeline.
 * tonistiigi/binfmt is what docker/setup-qemu-action runs (its default is the moving `latest`).
 * Release deploy/v9.2.0-51 (https://github.com/tonistiigi/binfmt/releases/tag/deploy%2Fv9.2.0-51, announced
 * by the maintainer as the image behind `latest` in tonistiigi/binfmt#197) is published as `qemu-v9.2.0-51`:
 * the release workflow tags mainline images `qemu-<version>-<run>` (.github/workflows/release.yml).
 */
export const DEFAULT_INSTALLER_IMAGE = 'tonistiigi/binfmt:qemu-v9.2.0-51'

/**
 * Emulators by architecture: tonistiigi/binfmt's install names and the handler names it registers
 * (cmd/binfmt/config.go), which are also Debian's qemu-user-static names.
 */
const EMULATORS: ReadonlyMap<string, HandlerNeed> = new Map([
  ['amd64', { handler: 'qemu-x86_64', installName: 'amd64' }],
  ['arm64', { handler: 'qemu-aarch64', installName: 'arm64' }],
  ['arm', { handler: 'qemu-arm', installName: 'arm' }],
  ['s390x', { handler: 'qemu-s390x', installName: 's390x' }],
  ['ppc64le', { handler: 'qemu-ppc64le', installName: 'ppc64le' }],
  ['riscv64', { handler: 'qemu-riscv64', installName: 'riscv64' }],
  ['386', { handler: 'qemu-i386', installName: '386' }],
  ['mips64le', { handler: 'qemu-mips64el', installName: 'mips64le' }],
  ['mips64', { handler: 'qemu-mips64', installName: 'mips64' }],
  ['loong64', { handler: 'qemu-loongarch64', installName: 'loong64' }]
])

/**
 * Architectures a host CPU may execute without emulation besides its own. amd64 runs i386 code in
 * compatibility mode when the kernel has IA32 emulation on (some VM and hardened kernels do not). arm64 runs
 * 32-bit arm when the CPU implements AArch32 at EL0 — many do (Cortex-A53/A72, Neoverse N1, Ampere Altra),
 * some do not (Apple M-series, Graviton 3 and later, Neoverse N2), where arm images then fail with "exec
 * format error". So host.ts asks the kernel (probe-program.ts) rather than assuming either way.
 */
const COMPATIBLE: ReadonlyMap<string, readonly string[]> = new Map([
  ['amd64', ['386']],
  ['arm64', ['arm']]
])

/**
 * The architectures worth asking the kernel about: ones a platform needs that this host may run natively
 * (COMPATIBLE) and that no enabled handler serves — binfmt_misc is asked before the kernel's own ELF loader,
 * so with a handler the answer would say nothing about native support.
 */
export function architecturesToProbe(
  platforms: readonly Platform[],
  host: Platform,
  state: BinfmtState
): ProbeArchitecture[] {
  const have = normalizePlatform(host)
  if (have.os !== 'linux') return []
  const wanted = new Set(
    platforms
      .map((p) => normalizePlatform(p))
      .filter((p) => p.os === 'linux')
      .map((p) => p.architecture)
  )
  const compatible = COMPATIBLE.get(have.architecture) ?? []
  return compatible.filter(
    (architecture): architecture is ProbeArchitecture =>
      isProbeArchitecture(architecture) &&
      wanted.has(architecture) &&
      servingHandler(architecture, state) === undefined
  )
}

function isProbeArchitecture(architecture: string): architecture is ProbeArchitecture {
  return architecture === '386' || architecture === 'arm'
}

/** The enabled handler registered for `architecture`, when binfmt_misc is on. */
function servingHandler(architecture: string, state: BinfmtState): BinfmtEntry | undefined {
  const need = EMULATORS.get(architecture)
  const entry = need && state.mounted && state.enabled ? state.entries.get(need.handler) : undefined
  return entry?.enabled === true ? entry : undefined
}

/**
 * What the kernel answered when a probe program of an architecture was run on the host: `true` it ran (natively,
 * or through a binfmt_misc handler), `false` it did not. An architecture never probed is assumed native, as a
 * CPU of this kind usually runs it.
 */
export type ProbeResults = ReadonlyMap<string, boolean>

const AARCH32_NOTE =
  'runs natively only if this arm64 CPU implements AArch32 (many do; Apple M, Graviton 3+ and Neoverse N2 do not)'

/**
 * Parses an entry file. Throws ActionError('environment') when the text is not one (the first line must be
 * `enabled` or `disabled`), since deciding on a misread entry would be worse than stopping.
 */
export function parseBinfmtEntry(name: string, text: string): BinfmtEntry {
  const lines = text.split('\n').map((line) => line.trim())
  const status = lines[0]
  if (status !== 'enabled' && status !== 'disabled') {
    throw new ActionError(
      'environment',
      `binfmt_misc entry "${name}" does not start with "enabled" or "disabled": ${JSON.stringify(status ?? '')}`,
      { hint: 'check that /proc/sys/fs/binfmt_misc is a binfmt_misc mount' }
    )
  }
  const entry: BinfmtEntry = { name, enabled: status === 'enabled', flags: '' }
  for (const line of lines.slice(1)) applyField(entry, line)
  return entry
}

/** One `key value` line; `flags:` is the only key the kernel prints with a colon. */
function applyField(entry: BinfmtEntry, line: string): void {
  const space = line.indexOf(' ')
  const key = space < 0 ? line : line.slice(0, space)
  const value = space < 0 ? '' : line.slice(space + 1).trim()
  switch (key) {
    case 'interpreter':
      entry.interpreter = value
      break
    case 'flags:':
      entry.flags = value
      break
    case 'offset':
      entry.offset = Number(value)
      break
    case 'magic':
      entry.magic = value
      break
    case 'mask':
      entry.mask = value
      break
    default:
      // `extension .jar` of E entries and anything a newer kernel adds do not matter here
      break
  }
}

/**
 * The line that registers an entry again (`:name:type:offset:magic:mask:interpreter:flags`), magic and mask
 * written with the `\xHH` escapes the kernel decodes itself, so the text stays printable and no tool on the
 * way can turn `\x00` into a NUL byte that would end the line early.
 */
export function registrationLine(entry: BinfmtEntry): string {
  if (entry.magic === undefined || entry.interpreter === undefined) {
    throw new ActionError('environment', `binfmt_misc entry "${entry.name}" has no magic or no interpreter`)
  }
  const offset = entry.offset === undefined || entry.offset === 0 ? '' : String(entry.offset)
  const mask = entry.mask === undefined ? '' : hexEscapes(entry.mask)
  return `:${entry.name}:M:${offset}:${hexEscapes(entry.magic)}:${mask}:${entry.interpreter}:${entry.flags}`
}

function hexEscapes(hex: string): string {
  return (hex.match(/../g) ?? []).map((byte) => `\\x${byte}`).join('')
}

/**
 * What running `platform` on `host` takes. `native` for the host's own architecture and the ones its CPU also
 * executes (386 on amd64, 32-bit arm on arm64 — see COMPATIBLE); `unsupported` when binfmt_misc cannot help:
 * another OS (windows/amd64 needs a Windows host: binfmt_misc runs Linux ELF binaries only), an architecture
 * no QEMU emulator is known for, or a newer arm variant than an arm host's own (a qemu-arm handler would
 * also capture the host's native binaries).
 */
export function handlerFor(platform: Platform, host: Platform): HandlerNeed | 'native' | 'unsupported' {
  const want = normalizePlatform(platform)
  const have = normalizePlatform(host)
  if (runsNatively(want, have)) return 'native'
  if (want.os !== 'linux' || have.os !== 'linux' || want.architecture === have.architecture)
    return 'unsupported'
  return EMULATORS.get(want.architecture) ?? 'unsupported'
}

function runsNatively(want: Platform, have: Platform): boolean {
  if (want.os !== have.os) return false
  if (want.architecture === have.architecture) {
    // amd64 levels and arm64 versions are CPU features, not something emulation could add: treated as native
    return want.architecture !== 'arm' || armLevel(want) <= armLevel(have)
  }
  return COMPATIBLE.get(have.architecture)?.includes(want.architecture) ?? false
}

function armLevel(platform: Platform): number {
  const level = Number.parseInt((platform.variant ?? 'v7').slice(1), 10)
  return Number.isNaN(level) ? 7 : level
}

/**
 * The readiness of each platform on this host: `ready` needs an enabled handler with the F (fix-binary) flag,
 * because without it the kernel opens the interpreter path inside the container at exec time, where
 * /usr/libexec/qemu-binfmt/… does not exist — the handler works on the host and fails in every build.
 * An architecture the host may run natively (386 on amd64, arm on arm64) is native when `probes` says the
 * kernel ran it, or when it was not probed; one the kernel refused needs its handler like any other.
 */
export function assessEmulation(
  platforms: Platform[],
  host: Platform,
  state: BinfmtState,
  probes: ProbeResults = new Map()
): PlatformReadiness[] {
  return platforms.map((platform) => assessOne(platform, host, state, probes))
}

function assessOne(
  platform: Platform,
  host: Platform,
  state: BinfmtState,
  probes: ProbeResults
): PlatformReadiness {
  const key = platformKey(platform)
  const need = handlerFor(platform, host)
  if (need === 'native') return assessNative(key, platform, host, state, probes)
  if (need === 'unsupported')
    return { platform: key, readiness: 'unsupported', note: unsupportedNote(platform, host) }
  return assessHandler(key, need, state)
}

function assessHandler(key: string, need: HandlerNeed, state: BinfmtState, why?: string): PlatformReadiness {
  const base = { platform: key, handler: need.handler, installName: need.installName }
  const entry = state.mounted ? state.entries.get(need.handler) : undefined
  if (entry === undefined) {
    const note = state.mounted ? why : 'binfmt_misc is not mounted'
    return { ...base, readiness: 'missing', ...(note === undefined ? {} : { note }) }
  }
  const withInterpreter = entry.interpreter === undefined ? base : { ...base, interpreter: entry.interpreter }
  if (!state.enabled) return { ...withInterpreter, readiness: 'disabled', note: 'binfmt_misc is disabled' }
  if (!entry.enabled)
    return { ...withInterpreter, readiness: 'disabled', ...(why === undefined ? {} : { note: why }) }
  if (!entry.flags.includes('F')) return { ...withInterpreter, readiness: 'no-fix-binary' }
  return { ...withInterpreter, readiness: 'ready' }
}

/**
 * The host's own architecture is native. Another it may run (COMPATIBLE): an enabled handler for it wins,
 * since binfmt_misc is asked before the kernel's own ELF loader — so it must have F like any handler;
 * without one, the probe decides.
 */
function assessNative(
  key: string,
  platform: Platform,
  host: Platform,
  state: BinfmtState,
  probes: ProbeResults
): PlatformReadiness {
  const architecture = normalizePlatform(platform).architecture
  const need = EMULATORS.get(architecture)
  if (architecture === normalizePlatform(host).architecture || need === undefined) {
    return { platform: key, readiness: 'native' }
  }
  if (servingHandler(architecture, state) !== undefined) return assessHandler(key, need, state)
  const probed = probes.get(architecture)
  if (probed === true) return { platform: key, readiness: 'native' }
  if (probed === false) {
    return assessHandler(key, need, state, `this kernel does not run ${architecture} code natively`)
  }
  return architecture === 'arm'
    ? { platform: key, readiness: 'native', note: AARCH32_NOTE }
    : { platform: key, readiness: 'native' }
}

function unsupportedNote(platform: Platform, host: Platform): string {
  const want = normalizePlatform(platform)
  const have = normalizePlatform(host)
  if (want.os !== 'linux' || have.os !== 'linux') {
    return `binfmt_misc cannot run ${want.os} binaries on a ${have.os} host; it builds only if its Dockerfile runs no commands`
  }
  if (want.architecture === have.architecture) {
    return `a ${platformKey(host)} CPU cannot run ${platformKey(platform)} code, and emulating arm here would capture native binaries`
  }
  return `no QEMU emulator is known for ${want.architecture}; it builds only if its Dockerfile runs no commands`
}

/** Whether a build for this platform can execute code here now. */
export function isRunnable(readiness: PlatformReadiness): boolean {
  return readiness.readiness === 'native' || readiness.readiness === 'ready'
}

/** Whether the installer image can make this platform runnable. */
export function isInstallable(readiness: PlatformReadiness): boolean {
  return (
    readiness.readiness === 'missing' ||
    readiness.readiness === 'disabled' ||
    readiness.readiness === 'no-fix-binary'
  )
}

/** The reason a platform cannot run, as the tail of a one-line message: "no qemu-s390x handler". */
export function describeReadiness(readiness: PlatformReadiness): string {
  const handler = readiness.handler ?? 'QEMU'
  const note = readiness.note === undefined ? '' : ` (${readiness.note})`
  switch (readiness.readiness) {
    case 'native':
      return `runs natively${note}`
    case 'ready':
      return `emulated by ${handler}`
    case 'missing':
      return `no ${handler} handler${note}`
    case 'disabled':
      return `the ${handler} handler is disabled${note}`
    case 'no-fix-binary':
      return `the ${handler} handler lacks the F (fix-binary) flag, so containers cannot open its interpreter ${readiness.interpreter ?? ''}`.trimEnd()
    case 'unsupported':
      return readiness.note ?? 'binfmt_misc cannot run it'
  }
}

/**
 * The `qemu` input: empty, `auto` or `true` install what is missing with DEFAULT_INSTALLER_IMAGE; `false`
 * installs nothing; anything else is the installer image to use instead (a mirror, or a pinned digest).
 * The YAML 1.2 spellings of true and false are accepted, as @actions/core's getBooleanInput does.
 */
export function parseQemuInput(raw: string): QemuSetting {
  const value = raw.trim()
  if (value === '' || value === 'auto' || ['true', 'True', 'TRUE'].includes(value)) {
    return { kind: 'auto', image: DEFAULT_INSTALLER_IMAGE }
  }
  if (['false', 'False', 'FALSE'].includes(value)) return { kind: 'off' }
  if (SWITCH_WORDS.has(value.toLowerCase())) {
    throw invalidQemuInput(value, 'it reads as a switch, not an image', 'write auto or false')
  }
  try {
    parseReference(value)
  } catch (error) {
    if (!(error instanceof ActionError)) throw error
    throw invalidQemuInput(
      value,
      error.message,
      `write auto, false, or an image such as ${DEFAULT_INSTALLER_IMAGE}`
    )
  }
  return { kind: 'auto', image: value }
}

/**
 * Words that are valid Docker Hub names (`no` is docker.io/library/no) but surely mean a switch: guessing
 * on or off could install emulators nobody asked for, or skip needed ones, so they are rejected.
 */
const SWITCH_WORDS: ReadonlySet<string> = new Set([
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  '0',
  '1',
  'none',
  'enabled',
  'disabled'
])

function invalidQemuInput(value: string, problem: string, hint: string): ActionError {
  return new ActionError(
    'invalid-input',
    `input \`${Inputs.qemu}\` is "${value}": expected auto, false or an installer image reference (${problem})`,
    { hint }
  )
}

/**
 * `docker` argv that registers the named emulators: `run --privileged --rm IMAGE --install arm64,s390x`.
 * Handlers to replace (disabled, or without F) are uninstalled in the same run first, because the installer
 * refuses to register a name that already exists ("already registered"); it uninstalls before installing.
 */
export function installArgs(
  image: string,
  installNames: string[],
  options: { uninstall?: string[] } = {}
): string[] {
  const uninstall = options.uninstall ?? []
  return [
    'run',
    '--privileged',
    '--rm',
    image,
    ...(uninstall.length > 0 ? ['--uninstall', uninstall.join(',')] : []),
    '--install',
    installNames.join(',')
  ]
}

/**
 * The platform of a Node.js process (`process.platform`, `process.arch`) in containerd's terms: x64 is amd64,
 * ia32 is 386, 32-bit arm takes the variant Node was built for (`arm_version`, v7 when unknown), and ppc64
 * is ppc64le on a little-endian CPU (Node's arch name does not tell them apart).
 */
export function nodePlatform(
  nodeOs: string,
  nodeArch: string,
  options: { endianness: 'BE' | 'LE'; armVersion?: string }
): Platform {
  const os = nodeOs === 'win32' ? 'windows' : nodeOs
  switch (nodeArch) {
    case 'x64':
      return { os, architecture: 'amd64' }
    case 'ia32':
      return { os, architecture: '386' }
    case 'arm':
      return { os, architecture: 'arm', variant: `v${options.armVersion ?? '7'}` }
    case 'ppc64':
      return { os, architecture: options.endianness === 'LE' ? 'ppc64le' : 'ppc64' }
    case 'mips64el':
      return { os, architecture: 'mips64le' }
    default:
      return { os, architecture: nodeArch }
  }
}
