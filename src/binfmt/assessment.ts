/**
 * What QEMU user-mode emulation a platform needs on this host, decided over data: which binfmt_misc handler
 * each platform needs, which architectures the host CPU may run natively (and so are worth probing), and
 * whether the handler found is usable from inside a container. Pure: host.ts reads /proc and probes.
 */
import type { Platform } from '../oci/types.js'
import { normalizePlatform, platformKey } from '../platform/index.js'
import type { BinfmtEntry, BinfmtState } from './entry.js'
import type { ProbeArchitecture } from './probe-program.js'

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
