/** One bar of a run's timeline (the step summary's Mermaid gantt chart): builds, setup, publish phases. */
export interface GanttTask {
  section: string
  name: string
  startMs: number
  durationMs: number
  status?: 'ok' | 'failed' | 'cancelled'
}
