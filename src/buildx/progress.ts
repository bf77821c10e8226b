/**
 * `--progress=rawjson` of one bake session, split by target or by platform: BuildKit's SolveStatus
 * objects (`{"vertexes": […], "statuses": […], "logs": […], "warnings": […]}`, json-stream.ts splits
 * them out of the text). With one target per platform every vertex name starts with its target in brackets
 * (`[linux-s390x 2/2] RUN …`, `[linux-s390x internal] load build context`, `[linux-s390x] exporting to
 * image`); with one multi-platform target most start with the platform (`[linux/s390x 1/2] COPY …`) and
 * the rest are found by their inputs. This module turns that stream into one readable log per platform
 * (plain-progress style), with per-key start, end, status and the failing step. Pure: the caller feeds
 * text and the clock.
 */
import { isCancellation } from './attribution.js'

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
  /** The vertices this one reads from. */
  inputs?: string[]
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
  /** The key its name starts with (`[linux-arm64 2/2] …`, `[linux/arm64 2/2] …`), when it names one. */
  key?: string
  name: string
  inputs: string[]
  startedAt?: number
  completedAt?: number
  /** Completion order, so the first failure is known. */
  completedSeq?: number
  failed: boolean
  error?: string
  isExport: boolean
}

/** One line of some vertex's log (or of the session's, `vertex` undefined), in arrival order. */
interface LogEvent {
  vertex?: string
  line: string
}

/** The session's own steps (`[internal] load local bake definitions`) and anything not named by target. */
export const SESSION_TARGET = ''

/**
 * Reads SolveStatus objects of one session and keeps each key's log, timing and outcome. A key is a
 * bake target (one target per platform: every vertex name starts with it) or a platform (one
 * multi-platform target: BuildKit starts most step names with `[linux/arm64 …]`). A vertex whose name
 * names no key belongs to the key of its inputs when they all have one (a RUN after a platform's COPY is
 * often named plain `[2/2] RUN …`); otherwise to the session. Ownership is settled when asked, because a
 * vertex may arrive before its inputs do.
 */
export class SessionProgress {
  private readonly keys: Set<string>
  private readonly aliases: ReadonlyMap<string, string>
  private readonly vertices = new Map<string, VertexState>()
  private readonly events: LogEvent[] = []
  private readonly doneStatuses = new Set<string>()
  private readonly pushedManifests: PushedManifest[] = []
  private next = 1
  private completions = 0
  /** Who owns each vertex, kept until a vertex or its inputs arrive (log lines change nobody's owner). */
  private ownerCache: Map<string, string> | undefined

  /** `aliases`: other names of a key in step names (BuildKit prints `linux/arm64` for `linux/arm64/v8`). */
  constructor(keys: readonly string[], aliases: ReadonlyMap<string, string> = new Map()) {
    this.keys = new Set(keys.filter((k) => k !== SESSION_TARGET))
    this.aliases = aliases
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
    this.events.push({ line })
  }

  /** What is known of one key (or of the session, SESSION_TARGET) so far. */
  target(name: string): TargetProgress {
    const owners = this.owners()
    const p = emptyProgress(name)
    const mine = [...this.vertices].filter(([digest]) => owners.get(digest) === name).map(([, v]) => v)
    p.lines = this.events
      .filter((e) => (e.vertex === undefined ? SESSION_TARGET : owners.get(e.vertex)) === name)
      .map((e) => e.line)
    for (const v of mine) {
      if (v.startedAt !== undefined) p.startMs = Math.min(p.startMs ?? v.startedAt, v.startedAt)
      if (v.completedAt !== undefined) p.endMs = Math.max(p.endMs ?? v.completedAt, v.completedAt)
    }
    const failures = mine
      .filter((v) => v.failed)
      .sort((a, b) => (a.completedSeq ?? 0) - (b.completedSeq ?? 0))
    p.cancelledSteps = failures.filter((v) => isCancellation(v.error ?? '')).length
    const own = failures.find((v) => !isCancellation(v.error ?? ''))
    if (own) p.error = { step: own.name, message: own.error ?? '' }
    p.exported = isExported(mine)
    return p
  }

  /** Whether a key's image was exported (cheaper than target(): no log assembled). */
  exported(name: string): boolean {
    const owners = this.owners()
    return isExported([...this.vertices].filter(([d]) => owners.get(d) === name).map(([, v]) => v))
  }

  /**
   * The images pushed so far, in order: by BuildKit's exporter (`pushing manifest for <name>@sha256:…`
   * done), or by the docker driver's own push under a tag. From then on the registry holds that image,
   * its children and its blobs, while buildx may still be finishing (its second push, its last reads).
   */
  get pushed(): readonly PushedManifest[] {
    return this.pushedManifests
  }

  /** How many steps have completed so far: an export can only have finished when this changed. */
  get completed(): number {
    return this.completions
  }

  private owners(): Map<string, string> {
    if (this.ownerCache) return this.ownerCache
    const owners = new Map<string, string>()
    const resolve = (digest: string, visiting: Set<string>): string => {
      const known = owners.get(digest)
      if (known !== undefined) return known
      const v = this.vertices.get(digest)
      if (!v || visiting.has(digest)) return SESSION_TARGET
      if (v.key !== undefined) {
        owners.set(digest, v.key)
        return v.key
      }
      visiting.add(digest)
      const from = new Set(v.inputs.map((i) => resolve(i, visiting)).filter((k) => k !== SESSION_TARGET))
      visiting.delete(digest)
      const owner = from.size === 1 ? ([...from][0] as string) : SESSION_TARGET
      owners.set(digest, owner)
      return owner
    }
    for (const digest of this.vertices.keys()) resolve(digest, new Set())
    this.ownerCache = owners
    return owners
  }

  /** `[linux-arm64 2/2] RUN x` → key `linux-arm64`, shown as `[2/2] RUN x` in its own log. */
  private split(name: string): { key?: string; shown: string } {
    const match = /^\[([^\s\]]+)(?:\s+([^\]]*))?\]\s?(.*)$/s.exec(name)
    const named = match?.[1]
    const key = named === undefined ? undefined : this.keyNamed(named)
    if (match && key !== undefined) {
      const rest = match[2]
      return { key, shown: rest ? `[${rest}] ${match[3] ?? ''}` : (match[3] ?? '') }
    }
    return { shown: name }
  }

  /**
   * The key a step's platform part names. A stage built on the build platform for another
   * (`FROM --platform=$BUILDPLATFORM`) is named `<build platform>-><target>` by BuildKit's Dockerfile
   * frontend: the target's arch[/variant] when its OS is the build platform's (`linux/amd64->arm64`,
   * `linux/amd64->arm/v7`), else the whole platform (`linux/amd64->windows/amd64`). The step belongs to
   * the target platform, whose image it goes into.
   */
  private keyNamed(named: string): string | undefined {
    const lookup = (name: string): string | undefined => (this.keys.has(name) ? name : this.aliases.get(name))
    const arrow = named.indexOf('->')
    if (arrow < 0) return lookup(named)
    const base = named.slice(0, arrow)
    const target = named.slice(arrow + 2)
    const os = base.split('/')[0] ?? ''
    return lookup(`${os}/${target}`) ?? lookup(target)
  }

  private addVertex(v: RawVertex, nowMs: number): void {
    if (typeof v.digest !== 'string') return
    let state = this.vertices.get(v.digest)
    if (!state) {
      if (typeof v.name !== 'string') return
      const { key, shown } = this.split(v.name)
      state = {
        number: this.next++,
        ...(key !== undefined ? { key } : {}),
        name: shown,
        inputs: [],
        failed: false,
        isExport: /^exporting to image|^pushing /.test(shown)
      }
      this.vertices.set(v.digest, state)
      this.ownerCache = undefined
      this.log(v.digest, `#${state.number} ${shown}`)
    }
    if (state.inputs.length === 0 && Array.isArray(v.inputs)) {
      state.inputs = v.inputs.filter((i): i is string => typeof i === 'string')
      this.ownerCache = undefined
    }
    if (v.started && state.startedAt === undefined) state.startedAt = nowMs
    if (state.completedAt !== undefined) return
    if (v.cached) {
      this.complete(state, nowMs)
      this.log(v.digest, `#${state.number} CACHED`)
      return
    }
    if (!v.completed) return
    this.complete(state, nowMs)
    if (v.error) {
      state.failed = true
      state.error = v.error
      this.log(v.digest, `#${state.number} ERROR: ${v.error}`)
    } else {
      const seconds = (nowMs - (state.startedAt ?? nowMs)) / 1000
      this.log(v.digest, `#${state.number} DONE ${seconds.toFixed(1)}s`)
      this.addDockerPush(state.name)
    }
  }

  /**
   * The docker driver's own push (`pushing <name> with docker`) done: the image is in the registry under
   * that tag. Announced only for a name BuildKit's exporter did not push already (with the containerd
   * store it did, by digest); with the classic store this push is the only one.
   */
  private addDockerPush(name: string): void {
    const pushed = /^pushing (\S+) with docker$/.exec(name)?.[1]
    if (pushed === undefined || this.pushedManifests.some((p) => p.name === pushed)) return
    this.pushedManifests.push({ name: pushed })
  }

  private complete(state: VertexState, nowMs: number): void {
    state.completedAt = nowMs
    state.startedAt ??= nowMs
    state.completedSeq = ++this.completions
  }

  private log(vertex: string, line: string): void {
    this.events.push({ vertex, line })
  }

  private addLog(log: RawLog): void {
    const state = this.vertices.get(log.vertex)
    if (!state || typeof log.data !== 'string') return
    const text = Buffer.from(log.data, 'base64').toString('utf8')
    for (const line of text.replace(/\n$/, '').split('\n')) this.log(log.vertex, `#${state.number} ${line}`)
  }

  private addStatus(st: RawStatus): void {
    const state = this.vertices.get(st.vertex)
    if (!state || !st.completed || typeof st.id !== 'string') return
    // Only the finished sub-steps (a pushed layer, a sent context), as plain progress shows them.
    const key = `${st.vertex} ${st.id}`
    if (this.doneStatuses.has(key)) return
    this.doneStatuses.add(key)
    this.log(st.vertex, `#${state.number} ${st.id} done`)
    const pushed = pushedManifest(st.id)
    if (pushed && state.isExport) this.pushedManifests.push(pushed)
  }

  private addWarning(w: RawWarning): void {
    const text = typeof w.short === 'string' ? Buffer.from(w.short, 'base64').toString('utf8') : ''
    const line = `WARNING: ${text}`
    if (this.vertices.has(w.vertex)) this.log(w.vertex, line)
    else this.addLine(line)
  }
}

/** An image pushed: the name it was pushed as, and its digest when the push said it (BuildKit's does). */
export interface PushedManifest {
  name: string
  digest?: string
}

/** `pushing manifest for 127.0.0.1:5000/app:tag@sha256:…` (BuildKit's push status) → name and digest. */
export function pushedManifest(statusId: string): Required<PushedManifest> | undefined {
  const match = /^pushing manifest for (\S+)@(sha256:[a-f0-9]{64})$/.exec(statusId)
  return match ? { name: match[1] as string, digest: match[2] as string } : undefined
}

/** Exported: an export step among them, and every step completed without error. */
function isExported(vertices: readonly VertexState[]): boolean {
  return vertices.some((v) => v.isExport) && vertices.every((v) => v.completedAt !== undefined && !v.failed)
}

function emptyProgress(target: string): TargetProgress {
  return { target, lines: [], exported: false, cancelledSteps: 0 }
}
