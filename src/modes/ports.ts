/** The small ports the modes take besides the registry's (src/registry/ports.ts). */
import type { RequestCounts } from '../registry/ports.js'

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
