/**
 * The small ports the modes take besides the registry's (src/registry/ports.ts): the builder, the read
 * ahead, reports, logs, the workflow. The composition root (src/app/) adapts the real ones to them.
 */
import type { EmulationReport } from '../binfmt/host.js'
import type { QemuSetting } from '../inputs/qemu.js'
import type { BuildOptions } from '../buildx/options.js'
import type { BuildRun } from '../buildx/run.js'
import type { Platform } from '../oci/types.js'
import type { VerifiedRequest } from '../publish/request.js'
import type { Repository, RequestCounts } from '../registry/ports.js'
import type { GanttTask } from '../timeline.js'
import type { LayerReads } from '../verify/layers.js'

/** The workflow a run belongs to: who publishes, from which commit, in which run. */
export interface WorkflowContext {
  serverUrl: string
  repository: string
  /** The commit being published (GITHUB_SHA); empty outside a workflow. */
  sha: string
  /** The workflow run (GITHUB_RUN_ID), shared by every job of a run; empty outside a workflow. */
  runId: string
  /** The checkout (GITHUB_WORKSPACE, else the current folder), for the git history. */
  workspace: string
}

/** Keeps a run's JSON report; returns where it went. */
export interface ReportWriter {
  write(mode: string, digest: string, report: unknown): Promise<string>
}

/** Progress lines of a mode; the host decides where they go. */
export interface ModeLog {
  info(line: string): void
  warning(line: string): void
  group(title: string, body: string): void
}

export function requestsSince(before: RequestCounts, now: RequestCounts): RequestCounts {
  return {
    registry: now.registry - before.registry,
    tokens: now.tokens - before.tokens,
    retries: now.retries - before.retries
  }
}

/** An image the build pushed into the target repository: by its digest, or under a (staging) tag. */
export type PushedImage = { digest: string } | { tag: string }

/** What to build: every platform of the run, in one session, each pushed into the target repository. */
export interface BuildRequest {
  target: Repository
  platforms: Platform[]
  build: BuildOptions
  qemu: QemuSetting
  /** What staging tags derive from (with the image and platform). */
  stagingId: string
  /** build mode: every platform under its staging tag, whatever the driver; else by digest where it can. */
  stageAlways: boolean
  /** Date.now() when the run started: every timing of the result counts from it. */
  started: number
  /** Told of each image as soon as it is pushed, while others may still build. Reads only. */
  onPushed?: (image: PushedImage) => void
}

export interface BuildResult {
  /** Per platform: status, timing, its own log lines. */
  runs: BuildRun[]
  /** platform → the digest pushed (one multi-platform target: the same index for every platform). */
  digests: ReadonlyMap<string, string>
  /** platform → the build metadata buildx wrote (the `metadata` output). */
  metadata: ReadonlyMap<string, Record<string, unknown>>
  /** platform → the staging tag it was pushed under; absent when pushed by digest. */
  stagingRefs: ReadonlyMap<string, string>
  emulation: EmulationReport
  driver: string
  /** The build's bars of the timeline. */
  tasks: readonly GanttTask[]
  /** What the builder silently leaves out (e.g. provenance on the classic image store), for the summary. */
  notes?: readonly string[]
}

/** Builds and pushes; a failed platform rejects, naming it, and nothing is tagged. */
export interface Builder {
  build(request: BuildRequest): Promise<BuildResult>
}

/**
 * Verification's reads, made ahead: each image the build pushes is read while the build goes on, and
 * the verification after it reuses every layer read (each layer is read once per run).
 */
export interface Prefetch {
  /** The run's layer scans, for verification to share. */
  readonly scans: LayerReads
  /** Starts verification's reads of `image` in `request.target` (once per image); a failure is left for verification to meet. */
  start(request: VerifiedRequest, image: PushedImage): void
  /** Resolves when every read started has ended (never rejects): when each began and how long it took. */
  settled(): Promise<{ startedAt: number; durationMs: number }[]>
  /** Starts nothing more and cuts the layer reads no verification has joined (the run failed before verifying). */
  stop(): void
}
