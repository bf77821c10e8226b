/**
 * The one process edge: every external program (docker, buildx, credential helpers, the QEMU installer)
 * starts here, through @actions/exec — the way docker/actions-toolkit starts everything through one `Exec`.
 *
 * Stopping. @actions/exec does not hand out the child (nor its pid), yet a stop — our own failure, or
 * SIGINT/SIGTERM sent to us by the runner's cancel — must reach buildx, which cancels its build on SIGINT
 * as it does on Ctrl-C. So, on Linux:
 * - the program is started through `setsid` (util-linux, also busybox): the child @actions/exec spawns is
 *   never a process-group leader, so setsid execs the program in place, as the leader of a new group that
 *   holds docker and the buildx plugin it runs — signalling that group is what a terminal's Ctrl-C does,
 *   and a signal to our own group (a runner's) no longer reaches it unasked;
 * - every process gets a marker in its environment; to stop one, /proc is searched for the processes
 *   carrying its marker (descendants inherit it), and their groups get SIGINT, then SIGKILL after a grace
 *   period. Matching by marker, not by parent pid, also finds the process when setsid was unavailable
 *   (then each marked process is signalled on its own, never our group).
 * Where there is no /proc or no setsid (macOS CLI users), processes run the same, and a stop falls back to
 * what the OS gives: nothing reaches a child we cannot name, so the caller still waits for it to end.
 */
import { randomUUID } from 'node:crypto'
import { access, constants, readdir, readFile } from 'node:fs/promises'
import { StringDecoder } from 'node:string_decoder'
import { ActionError, type ErrorKind } from '../errors.js'

export interface ProcessOptions {
  /** Written to the program's stdin, which is then closed. */
  input?: string | Buffer
  /** The whole environment (default: ours). */
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** Each chunk of output as it arrives, decoded as UTF-8 (never split inside a character). */
  onStdout?: (chunk: string) => void
  onStderr?: (chunk: string) => void
  /**
   * Default false: a non-zero exit, or a program that cannot start, throws a ActionError of `errorKind`.
   * True: the result carries the code (-1 when it could not start, with `startError`).
   */
  ignoreReturnCode?: boolean
  /** The kind of the thrown error (default `environment`). */
  errorKind?: ErrorKind
  /** Aborting stops the program: SIGINT to its process group, SIGKILL after `graceMs`. */
  signal?: AbortSignal
  /** Default 10 s: buildx needs a moment to cancel and tell BuildKit. */
  graceMs?: number
}

export interface ProcessResult {
  /** The exit code; -1 when the program could not start or was ended by a signal. */
  code: number
  stdout: string
  stderr: string
  /** A stop was requested (abort signal, or a signal to us) while it ran. */
  stopped: boolean
  /** Why it could not start (e.g. not on PATH). */
  startError?: string
}

export type ProcessRunner = (
  command: string,
  args: readonly string[],
  options?: ProcessOptions
) => Promise<ProcessResult>

/** The environment variable carrying each process's marker (the /proc search looks for it). */
export const PROCESS_MARKER = 'MULTIARCH_PUBLISH_PROCESS'
const DEFAULT_GRACE_MS = 10_000

interface Running {
  stop: () => void
}

const running = new Map<string, Running>()

/** Runs `command args`, output captured (and streamed to the listeners); see the module comment for stops. */
export async function runProcess(
  command: string,
  args: readonly string[],
  options: ProcessOptions = {}
): Promise<ProcessResult> {
  const id = randomUUID()
  const env = processEnv(options.env ?? process.env, id)
  const wrap = await setsidPath()
  // Loaded at the first program run: verify and merge usually run none (a credential helper at most).
  const { exec } = await import('@actions/exec')
  let stdout = ''
  let stderr = ''
  const outDecoder = new StringDecoder('utf8')
  const errDecoder = new StringDecoder('utf8')
  let stopped = false
  let settled = false
  const stop = (): void => {
    if (stopped || settled) return
    stopped = true
    void stopMarked(id, options.graceMs ?? DEFAULT_GRACE_MS, () => settled)
  }
  if (options.signal?.aborted) stop()
  options.signal?.addEventListener('abort', stop, { once: true })

  const execution = exec(wrap ?? command, wrap ? [command, ...args] : [...args], {
    silent: true,
    ignoreReturnCode: true,
    env,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.input !== undefined
      ? { input: typeof options.input === 'string' ? Buffer.from(options.input) : options.input }
      : {}),
    listeners: {
      stdout: (data: Buffer) => {
        const text = outDecoder.write(data)
        stdout += text
        if (text !== '') options.onStdout?.(text)
      },
      stderr: (data: Buffer) => {
        const text = errDecoder.write(data)
        stderr += text
        if (text !== '') options.onStderr?.(text)
      }
    }
  })
  track(id, { stop })
  let code: number
  let startError: string | undefined
  try {
    code = await execution
  } catch (error) {
    // @actions/exec rejects when the program is not on PATH, or when the spawn itself fails.
    code = -1
    startError = error instanceof Error ? error.message : String(error)
  } finally {
    settled = true
    options.signal?.removeEventListener('abort', stop)
    untrack(id)
  }
  stdout += outDecoder.end()
  stderr += errDecoder.end()
  // setsid itself reports a missing program (exit 127 with "failed to execute"), not @actions/exec.
  if (wrap && code === 127 && /setsid: failed to execute/.test(stderr)) startError ??= stderr.trim()
  const result: ProcessResult = {
    code,
    stdout,
    stderr,
    stopped,
    ...(startError !== undefined ? { startError } : {})
  }
  if (!options.ignoreReturnCode && (code !== 0 || startError !== undefined)) {
    throw failure(command, args, result, options.errorKind ?? 'environment')
  }
  return result
}

function failure(
  command: string,
  args: readonly string[],
  result: ProcessResult,
  kind: ErrorKind
): ActionError {
  const what = `\`${[command, ...args.slice(0, 2)].join(' ')}\``
  if (result.startError !== undefined) {
    return new ActionError('environment', `${what} cannot be run: ${result.startError}`, {
      hint: `install ${command} or put it on PATH`
    })
  }
  const last = (result.stderr.trim() || result.stdout.trim()).split('\n').pop()?.trim() ?? ''
  return new ActionError(kind, `${what} exited ${result.code}${last === '' ? '' : `: ${last}`}`, {
    hint: 'see the output above',
    cause: result.stderr
  })
}

function processEnv(source: NodeJS.ProcessEnv, id: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(source)) if (value !== undefined) env[key] = value
  env[PROCESS_MARKER] = id
  return env
}

let setsidLookup: Promise<string | undefined> | undefined

/** setsid's path on Linux, found once; undefined elsewhere or when it is not installed. */
function setsidPath(): Promise<string | undefined> {
  setsidLookup ??= (async () => {
    if (process.platform !== 'linux') return undefined
    const dirs = (process.env.PATH ?? '').split(':').filter((d) => d !== '')
    for (const dir of [...dirs, '/usr/bin', '/bin']) {
      try {
        await access(`${dir}/setsid`, constants.X_OK)
        return `${dir}/setsid`
      } catch {
        // Not here.
      }
    }
    return undefined
  })()
  return setsidLookup
}

// ── stopping ────────────────────────────────────────────────────────────────────────────────────────────

interface MarkedProcess {
  pid: number
  pgid: number
}

/** The live processes whose environment carries `id` (ours and our users' only: others' environ is unreadable). */
export async function findMarked(id: string): Promise<MarkedProcess[]> {
  const marker = `${PROCESS_MARKER}=${id}`
  let names: string[]
  try {
    names = await readdir('/proc')
  } catch {
    return []
  }
  const found: MarkedProcess[] = []
  await Promise.all(
    names
      .filter((n) => /^\d+$/.test(n) && Number(n) !== process.pid)
      .map(async (n) => {
        try {
          const environ = await readFile(`/proc/${n}/environ`, 'latin1')
          if (!environ.split('\0').includes(marker)) return
          const pgid = parsePgid(await readFile(`/proc/${n}/stat`, 'latin1'))
          if (pgid !== undefined) found.push({ pid: Number(n), pgid })
        } catch {
          // Gone, or not ours.
        }
      })
  )
  return found
}

/** Field 5 of /proc/PID/stat; the command name (field 2) is in parentheses and may hold spaces. */
export function parsePgid(stat: string): number | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const pgid = Number(fields[2])
  return Number.isInteger(pgid) && pgid > 0 ? pgid : undefined
}

let ownGroup: Promise<number | undefined> | undefined

function ownProcessGroup(): Promise<number | undefined> {
  ownGroup ??= readFile('/proc/self/stat', 'latin1')
    .then(parsePgid)
    .catch(() => undefined)
  return ownGroup
}

/** Signals the marked processes' groups (or the processes, when they share our group) until `done()`. */
async function stopMarked(id: string, graceMs: number, done: () => boolean): Promise<void> {
  const own = await ownProcessGroup()
  const deadline = Date.now() + graceMs
  const interrupted = new Set<number>()
  // Repeated: a process that had not exec'd yet at the first look is found at a later one.
  while (!done()) {
    const kill = Date.now() >= deadline
    for (const p of await findMarked(id)) {
      const target = own !== undefined && p.pgid !== own ? -p.pgid : p.pid
      if (!kill && interrupted.has(target)) continue
      interrupted.add(target)
      try {
        process.kill(target, kill ? 'SIGKILL' : 'SIGINT')
      } catch {
        // Already gone.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, kill ? 1_000 : 200).unref())
  }
}

// ── a signal to us stops our children first ─────────────────────────────────────────────────────────────

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']
let pendingSignal: NodeJS.Signals | undefined

function onSignal(signal: NodeJS.Signals): void {
  pendingSignal ??= signal
  for (const r of running.values()) r.stop()
  // Re-raised once every child has ended (untrack), or after the grace period at the latest.
  setTimeout(reraise, DEFAULT_GRACE_MS + 2_000).unref()
  if (running.size === 0) reraise()
}

function reraise(): void {
  const signal = pendingSignal
  if (signal === undefined) return
  pendingSignal = undefined
  for (const s of FORWARDED) process.removeListener(s, onSignal)
  process.kill(process.pid, signal)
}

function track(id: string, entry: Running): void {
  if (running.size === 0) for (const s of FORWARDED) process.on(s, onSignal)
  running.set(id, entry)
}

function untrack(id: string): void {
  running.delete(id)
  if (running.size > 0) return
  if (pendingSignal !== undefined) reraise()
  else for (const s of FORWARDED) process.removeListener(s, onSignal)
}
