/**
 * The binfmt edge: reads /proc/sys/fs/binfmt_misc and, with `qemu: auto`, runs the installer image for the
 * handlers that are missing, then reads /proc again — the installer's exit code proves nothing, since
 * tonistiigi/binfmt logs a failed registration and still exits 0.
 */
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { endianness, tmpdir } from 'node:os'
import path from 'node:path'
import { ActionError } from '../errors.js'
import { runProcess } from '../process/exec.js'
import { Inputs } from '../names.js'
import type { Platform } from '../oci/types.js'
import { platformKey } from '../platform/index.js'
import {
  assessEmulation,
  architecturesToProbe,
  describeReadiness,
  isInstallable,
  type PlatformReadiness,
  type ProbeResults
} from './assessment.js'
import { parseBinfmtEntry, type BinfmtEntry, type BinfmtState } from './entry.js'
import { nodePlatform } from './host-platform.js'
import { installArgs } from './installer.js'
import { probeProgram, type ProbeArchitecture } from './probe-program.js'

export const BINFMT_DIR = '/proc/sys/fs/binfmt_misc'

export interface DockerResult {
  code: number
  stdout: string
  stderr: string
}

export type DockerRunner = (args: string[]) => Promise<DockerResult>

export interface EmulationReport {
  before: PlatformReadiness[]
  /** Install names passed to the installer (`arm64`, `s390x`); empty when nothing was missing. */
  installed: string[]
  after: PlatformReadiness[]
}

/** Whether this kernel runs `architecture`'s code: true, false, or undefined when it could not tell. */
export type NativeProbe = (architecture: ProbeArchitecture) => Promise<boolean | undefined>

export interface EnsureEmulationOptions {
  dir?: string
  docker?: DockerRunner
  host?: Platform
  /** Default: run probe-program.ts's program for the architecture on this host. */
  probe?: NativeProbe
}

/**
 * The kernel's view of emulation. Not mounted is a state, not an error: the installer image mounts
 * binfmt_misc itself. Only `qemu-*` entries are read; one unregistered while we read is skipped.
 */
export async function readBinfmtState(dir = BINFMT_DIR): Promise<BinfmtState> {
  const status = await readOptional(path.join(dir, 'status'))
  if (status === undefined) return { mounted: false, enabled: false, entries: new Map() }
  const entries = new Map<string, BinfmtEntry>()
  for (const name of (await readdir(dir)).filter((n) => n.startsWith('qemu-')).sort()) {
    const text = await readOptional(path.join(dir, name))
    if (text !== undefined) entries.set(name, parseBinfmtEntry(name, text))
  }
  return { mounted: true, enabled: status.trim() === 'enabled', entries }
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    if (isNotFound(error)) return undefined
    throw new ActionError('environment', `cannot read ${file}: ${String(error)}`, {
      hint: 'run where /proc/sys/fs/binfmt_misc is readable (a Linux runner), or set `qemu: false`',
      cause: error
    })
  }
}

/** Duck-typed: Node's fs errors need not be instances of this realm's Error (jest's vm modules). */
function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT'
}

/** The platform this process runs on, in containerd's terms. */
export function hostPlatform(): Platform {
  const variables = process.config.variables as Record<string, unknown>
  const armVersion = variables.arm_version
  return nodePlatform(process.platform, process.arch, {
    endianness: endianness(),
    ...(typeof armVersion === 'string' && armVersion !== '' ? { armVersion } : {})
  })
}

/**
 * What to do about platforms that need an emulator: install it with this installer image, or nothing.
 * (The `qemu` input, inputs/qemu.ts, parses into this shape.)
 */
export type EmulationSetting = { kind: 'auto'; image: string } | { kind: 'off' }

/**
 * Makes every platform that needs emulation runnable, or says which cannot run and why. Native and ready
 * platforms need nothing (no docker call at all); `unsupported` ones (another OS, an unknown architecture)
 * are reported, not fatal, because binfmt_misc cannot help them and a Dockerfile without RUN still builds.
 * `auto` installs the missing, disabled and fix-binary-less handlers in one installer run, replacing the
 * latter two; `off` fails if any of them is needed.
 */
export async function ensureEmulation(
  platforms: Platform[],
  setting: EmulationSetting,
  options: EnsureEmulationOptions = {}
): Promise<EmulationReport> {
  const dir = options.dir ?? BINFMT_DIR
  const host = options.host ?? hostPlatform()
  const state = await readBinfmtState(dir)
  const probes = await probeCompatible(platforms, host, state, options.probe ?? executesNatively)
  const before = assessEmulation(platforms, host, state, probes)
  const needed = before.filter(isInstallable)
  if (needed.length === 0) return { before, installed: [], after: before }
  if (setting.kind === 'off') throw qemuOffError(needed, host)

  const installed = unique(needed.map((r) => r.installName ?? ''))
  const replaced = unique(needed.filter((r) => r.readiness !== 'missing').map((r) => r.handler ?? ''))
  const args = installArgs(setting.image, installed, { uninstall: replaced })
  const result = await (options.docker ?? runDocker)(args)
  const after = assessEmulation(platforms, host, await readBinfmtState(dir), probes)
  const still = after.filter(isInstallable)
  if (still.length > 0) throw installFailedError({ image: setting.image, installed, still, host, result })
  return { before, installed, after }
}

/** The kernel's answer for each architecture worth a probe (handlers.ts, architecturesToProbe). */
async function probeCompatible(
  platforms: Platform[],
  host: Platform,
  state: BinfmtState,
  probe: NativeProbe
): Promise<ProbeResults> {
  const results = new Map<string, boolean>()
  for (const architecture of architecturesToProbe(platforms, host, state)) {
    const ran = await probe(architecture)
    if (ran !== undefined) results.set(architecture, ran)
  }
  return results
}

/** Runs the probe program of `architecture` on this host (runProbe). */
export function executesNatively(architecture: ProbeArchitecture): Promise<boolean | undefined> {
  return runProbe(probeProgram(architecture))
}

/**
 * Runs `program` from a temporary file. Its only effect is exit(0), so exit 0 means this kernel runs that
 * code (natively, or through a handler) and any other outcome means it does not. Not "exec format error"
 * alone: a refused ELF reaches the process edge's setsid (and Node's spawn) through glibc's execvp, which
 * then hands the file to /bin/sh, whose complaint is "not found", exit 127. What says nothing is a program
 * that could not be written or was not allowed to start (a temporary folder mounted noexec: EACCES): then
 * the architecture is assumed native, as before the probe.
 */
export async function runProbe(program: Uint8Array): Promise<boolean | undefined> {
  let dir: string | undefined
  try {
    dir = await mkdtemp(path.join(tmpdir(), 'multiarch-publish-probe-'))
    const file = path.join(dir, 'probe')
    await writeFile(file, program)
    await chmod(file, 0o755)
    const result = await runProcess(file, [], { ignoreReturnCode: true })
    if (result.code === 0 && result.startError === undefined) return true
    const said = `${result.startError ?? ''}\n${result.stderr}`
    return /EACCES|EPERM|permission denied|operation not permitted/i.test(said) ? undefined : false
  } catch {
    return undefined
  } finally {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))]
}

function qemuOffError(needed: PlatformReadiness[], host: Platform): ActionError {
  const these = needed.length === 1 ? 'this platform' : 'these platforms'
  return new ActionError('environment', `\`${Inputs.qemu}: false\` but ${cannotRun(needed, host)}`, {
    hint: `set ${Inputs.qemu}: auto, or run ${these} on a native runner`
  })
}

function installFailedError(failure: {
  image: string
  installed: string[]
  still: PlatformReadiness[]
  host: Platform
  result: DockerResult
}): ActionError {
  const { image, installed, still, host, result } = failure
  const ran = `\`${Inputs.qemu}\` ran ${image} --install ${installed.join(',')}`
  return new ActionError(
    'environment',
    `${ran}, but ${cannotRun(still, host, 'still ')}${dockerOutcome(result)}`,
    {
      hint:
        'the installer needs `docker run --privileged` and an image that provides these emulators; ' +
        'check both, or run these platforms on native runners'
    }
  )
}

/** "linux/s390x cannot run on this linux/amd64 host: no qemu-s390x handler", or the list form for several. */
function cannotRun(readiness: PlatformReadiness[], host: Platform, still = ''): string {
  const where = `on this ${platformKey(host)} host`
  const [only] = readiness
  if (readiness.length === 1 && only !== undefined) {
    return `${only.platform} ${still}cannot run ${where}: ${describeReadiness(only)}`
  }
  const each = readiness.map((r) => `${r.platform} (${describeReadiness(r)})`).join(', ')
  return `${readiness.length} platforms ${still}cannot run ${where}: ${each}`
}

/** The installer's own words when it failed visibly: its exit code and last line of output. */
function dockerOutcome(result: DockerResult): string {
  const lastLine = (result.stderr.trim() || result.stdout.trim()).split('\n').pop()?.trim() ?? ''
  if (result.code === 0) return lastLine === '' ? '' : ` (installer: ${lastLine})`
  return ` (docker exited ${result.code}${lastLine === '' ? '' : `: ${lastLine}`})`
}

/** `docker ARGS` through the process edge, output collected; a docker that cannot start is exit code -1. */
async function runDocker(args: string[]): Promise<DockerResult> {
  const result = await runProcess('docker', args, { ignoreReturnCode: true })
  return {
    code: result.code,
    stdout: result.stdout,
    stderr: result.startError === undefined ? result.stderr : `${result.stderr}${result.startError}`
  }
}
