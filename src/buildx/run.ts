/** What the build of one platform looked like, for the log, the timeline and the report. */

export interface BuildRun {
  platform: string
  status: 'ok' | 'failed' | 'cancelled'
  /** Milliseconds since the run started. */
  startMs: number
  durationMs: number
  /** That platform's build lines only. */
  log: string
  exitCode?: number
}

/** The last lines of a failed build's log that say why (buildx prints the error at the end). */
export function failureTail(log: string, lines = 12): string {
  return log.trimEnd().split('\n').slice(-lines).join('\n')
}
