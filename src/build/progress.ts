/**
 * `--progress=rawjson` of one bake session, split by target: buildx prints BuildKit's SolveStatus
 * objects (`{"vertexes": […], "statuses": […], "logs": […], "warnings": […]}`) pretty-printed over several
 * lines, and with several targets every vertex name starts with its target in brackets
 * (`[linux-s390x 2/2] RUN …`, `[linux-s390x internal] load build context`, `[linux-s390x] exporting to
 * image`). This module turns that stream into one readable log per platform (plain-progress style), with
 * per-target start, end, status and the failing step. Pure: the caller feeds text and the clock.
 */

/** One object of the stream, as far as this module reads it (BuildKit's client.SolveStatus). */
export interface SolveStatus {
  vertexes?: RawVertex[]
  statuses?: RawStatus[]
  logs?: RawLog[]
  warnings?: RawWarning[]
}

interface RawVertex {
  digest: string
  name?: string
  started?: string
  completed?: string
  cached?: boolean
  error?: string
}

interface RawStatus {
  id: string
  vertex: string
  current?: number
  total?: number
  completed?: string
}

interface RawLog {
  vertex: string
  stream?: number
  /** base64 */
  data: string
}

interface RawWarning {
  vertex: string
  /** base64 */
  short?: string
}

/**
 * Splits a text stream into the JSON objects rawjson prints and the plain lines around them (buildx's
 * closing error report). An object starts with `{` at the start of a line, which is how buildx prints
 * them; braces inside strings are skipped. Text that does not parse is passed on as plain lines.
 */
export class JsonObjectStream {
  private buffer = ''
  private depth = 0
  private inString = false
  private escaped = false
  private scanned = 0

  /** Feeds a chunk; returns what it completed. */
  push(chunk: string): { objects: unknown[]; lines: string[] } {
    this.buffer += chunk
    const objects: unknown[] = []
    const lines: string[] = []
    for (;;) {
      if (this.depth === 0) {
        // Between objects: whole lines are plain text, until a line starts with '{'.
        if (this.buffer.startsWith('{')) {
          this.depth = 1
          this.scanned = 1
          continue
        }
        const newline = this.buffer.indexOf('\n')
        if (newline < 0) break
        const line = this.buffer.slice(0, newline).replace(/\r$/, '')
        if (line.trim() !== '') lines.push(line)
        this.buffer = this.buffer.slice(newline + 1)
        continue
      }
      const end = this.scanObject()
      if (end < 0) break
      const text = this.buffer.slice(0, end)
      this.buffer = this.buffer.slice(end)
      try {
        objects.push(JSON.parse(text))
      } catch {
        lines.push(...text.split('\n').filter((l) => l.trim() !== ''))
      }
    }
    return { objects, lines }
  }

  /** Whatever is left when the stream ends, as plain lines. */
  end(): string[] {
    const rest = this.buffer
    this.buffer = ''
    this.depth = 0
    return rest.split('\n').filter((l) => l.trim() !== '')
  }

  /** Continues scanning the open object; the index just after its closing brace, or -1 if not complete. */
  private scanObject(): number {
    for (let i = this.scanned; i < this.buffer.length; i++) {
      const ch = this.buffer[i]
      if (this.inString) {
        if (this.escaped) this.escaped = false
        else if (ch === '\\') this.escaped = true
        else if (ch === '"') this.inString = false
        continue
      }
      if (ch === '"') this.inString = true
      else if (ch === '{') this.depth++
      else if (ch === '}' && --this.depth === 0) {
        this.scanned = 0
        return i + 1
      }
    }
    this.scanned = this.buffer.length
    return -1
  }
}

export type TargetStatus = 'ok' | 'failed' | 'cancelled'

export interface TargetProgress {
  target: string
  /** The readable log of this target's steps only. */
  lines: string[]
  /** Clock values (as fed) of its first started step and its last completed one. */
  startMs?: number
  endMs?: number
  /** The first step that failed for a reason of its own (not a cancellation by the session). */
  error?: { step: string; message: string }
  /** Every step seen has completed without error, and the image was exported. */
  exported: boolean
  cancelledSteps: number
}

interface VertexState {
  number: number
  target: string
  name: string
  startedAt?: number
  completed: boolean
  failed: boolean
  isExport: boolean
}

/** The session's own steps (`[internal] load local bake definitions`) and anything not named by target. */
export const SESSION_TARGET = ''

const CANCELLED = /context canceled|canceled|cancelled/i

/** Reads SolveStatus objects of one session and keeps each target's log, timing and outcome. */
export class SessionProgress {
  private readonly targets = new Map<string, TargetProgress>()
  private readonly vertices = new Map<string, VertexState>()
  private next = 1

  constructor(targetNames: readonly string[]) {
    for (const name of [SESSION_TARGET, ...targetNames]) this.targets.set(name, emptyProgress(name))
  }

  /** Feeds one object of the stream, received at `nowMs`. */
  add(status: unknown, nowMs: number): void {
    if (typeof status !== 'object' || status === null) return
    const s = status as SolveStatus
    for (const v of Array.isArray(s.vertexes) ? s.vertexes : []) this.addVertex(v, nowMs)
    for (const log of Array.isArray(s.logs) ? s.logs : []) this.addLog(log)
    for (const st of Array.isArray(s.statuses) ? s.statuses : []) this.addStatus(st)
    for (const w of Array.isArray(s.warnings) ? s.warnings : []) this.addWarning(w)
  }

  /** A plain line outside the JSON (buildx's closing report): the session's. */
  addLine(line: string): void {
    this.progress(SESSION_TARGET).lines.push(line)
  }

  target(name: string): TargetProgress {
    return this.progress(name)
  }

  private progress(name: string): TargetProgress {
    let p = this.targets.get(name)
    if (!p) {
      p = emptyProgress(name)
      this.targets.set(name, p)
    }
    return p
  }

  /** `[linux-arm64 2/2] RUN x` → target `linux-arm64`, shown as `[2/2] RUN x` in its own log. */
  private split(name: string): { target: string; shown: string } {
    const match = /^\[([A-Za-z0-9_-]+)(?:\s+([^\]]*))?\]\s?(.*)$/s.exec(name)
    if (match?.[1] !== undefined && match[1] !== SESSION_TARGET && this.targets.has(match[1])) {
      const rest = match[2]
      return { target: match[1], shown: rest ? `[${rest}] ${match[3] ?? ''}` : (match[3] ?? '') }
    }
    return { target: SESSION_TARGET, shown: name }
  }

  private addVertex(v: RawVertex, nowMs: number): void {
    if (typeof v.digest !== 'string') return
    let state = this.vertices.get(v.digest)
    if (!state) {
      if (typeof v.name !== 'string') return
      const { target, shown } = this.split(v.name)
      state = {
        number: this.next++,
        target,
        name: shown,
        completed: false,
        failed: false,
        isExport: /^exporting to image|^pushing /.test(shown)
      }
      this.vertices.set(v.digest, state)
      this.progress(target).lines.push(`#${state.number} ${shown}`)
    }
    const p = this.progress(state.target)
    if (v.started && state.startedAt === undefined) {
      state.startedAt = nowMs
      p.startMs ??= nowMs
    }
    if (v.cached && !state.completed) {
      state.completed = true
      p.lines.push(`#${state.number} CACHED`)
      p.endMs = nowMs
      return
    }
    if (v.completed && !state.completed) {
      state.completed = true
      p.endMs = nowMs
      p.startMs ??= nowMs
      if (v.error) {
        state.failed = true
        p.lines.push(`#${state.number} ERROR: ${v.error}`)
        if (CANCELLED.test(v.error)) p.cancelledSteps++
        else p.error ??= { step: state.name, message: v.error }
      } else {
        const seconds = state.startedAt === undefined ? 0 : (nowMs - state.startedAt) / 1000
        p.lines.push(`#${state.number} DONE ${seconds.toFixed(1)}s`)
      }
      this.updateExported(state.target)
    }
  }

  private updateExported(target: string): void {
    const mine = [...this.vertices.values()].filter((v) => v.target === target)
    this.progress(target).exported =
      mine.some((v) => v.isExport) && mine.every((v) => v.completed && !v.failed)
  }

  private addLog(log: RawLog): void {
    const state = this.vertices.get(log.vertex)
    if (!state || typeof log.data !== 'string') return
    const text = Buffer.from(log.data, 'base64').toString('utf8')
    const p = this.progress(state.target)
    for (const line of text.replace(/\n$/, '').split('\n')) p.lines.push(`#${state.number} ${line}`)
  }

  private addStatus(st: RawStatus): void {
    const state = this.vertices.get(st.vertex)
    if (!state || !st.completed || typeof st.id !== 'string') return
    // Only the finished sub-steps (a pushed layer, a sent context), as plain progress shows them.
    const key = `${st.vertex} ${st.id}`
    if (this.doneStatuses.has(key)) return
    this.doneStatuses.add(key)
    this.progress(state.target).lines.push(`#${state.number} ${st.id} done`)
  }

  private readonly doneStatuses = new Set<string>()

  private addWarning(w: RawWarning): void {
    const state = this.vertices.get(w.vertex)
    const text = typeof w.short === 'string' ? Buffer.from(w.short, 'base64').toString('utf8') : ''
    this.progress(state?.target ?? SESSION_TARGET).lines.push(`WARNING: ${text}`)
  }
}

function emptyProgress(target: string): TargetProgress {
  return { target, lines: [], exported: false, cancelledSteps: 0 }
}

/**
 * The target a failed session names in its closing report, for buildx versions that print it
 * (`ERROR: target linux-s390x: failed to solve: …`, buildx ≥ 0.14).
 */
export function targetNamedInError(lines: readonly string[], targets: readonly string[]): string | undefined {
  for (const line of lines) {
    const match = /target "?([A-Za-z0-9_-]+)"?:/.exec(line)
    if (match?.[1] !== undefined && targets.includes(match[1])) return match[1]
  }
  return undefined
}

/**
 * The target that failed, when several report an error: once one target's step fails, BuildKit cancels
 * the others, and their push or export vertices end in errors too — often carrying the same root message.
 * A failed build step (a RUN, a COPY: not a push, an export, nor a cancellation) is the cause; bake's
 * closing `target "x":` line settles a tie; definition order breaks what remains.
 */
export function failedTarget(
  errors: ReadonlyMap<string, { step: string; message: string } | undefined>,
  targets: readonly string[],
  sessionLines: readonly string[]
): string | undefined {
  const failed = targets.filter((t) => errors.get(t) !== undefined)
  const isCause = (t: string): boolean => {
    const error = errors.get(t)
    if (!error) return false
    return (
      !/^(pushing|exporting|naming|writing|sending)\b/i.test(error.step) && !/cancel/i.test(error.message)
    )
  }
  const causes = failed.filter(isCause)
  const named = targetNamedInError(sessionLines, targets)
  if (named !== undefined && (causes.length === 0 || causes.includes(named))) return named
  return causes[0] ?? named ?? failed[0]
}

/** buildx ends a failed run with "ERROR: …"; that line says why. */
export function lastErrorLine(lines: readonly string[]): string | undefined {
  const error = [...lines].reverse().find((l) => /^ERROR[:\]]|error:/i.test(l.trim()))
  return error?.trim().replace(/^ERROR:\s*/, '')
}
