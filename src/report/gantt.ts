/**
 * The run as a picture: a Mermaid gantt chart (GitHub renders Mermaid in step summaries) with each
 * platform's build and push, then assembly, verification and tagging — a slow platform shows at a glance.
 * Pure.
 */
import type { GanttTask } from '../timeline.js'

export type { GanttTask }

/** Mermaid task names may not hold ':' or '#'; keep them readable. */
const clean = (text: string): string => text.replace(/[:#;]/g, ' ').trim()

export function ganttChart(tasks: readonly GanttTask[]): string {
  const lines = ['```mermaid', 'gantt', '  dateFormat x', '  axisFormat %M:%S']
  const sections = [...new Set(tasks.map((t) => t.section))]
  let id = 0
  for (const section of sections) {
    lines.push(`  section ${clean(section)}`)
    for (const task of tasks.filter((t) => t.section === section)) {
      const tag = task.status === 'failed' ? 'crit, ' : task.status === 'cancelled' ? 'done, ' : ''
      const seconds = (task.durationMs / 1000).toFixed(1)
      lines.push(
        `  ${clean(task.name)} ${seconds}s :${tag}t${id++}, ${Math.round(task.startMs)}, ${Math.round(task.startMs + Math.max(task.durationMs, 1))}`
      )
    }
  }
  lines.push('```')
  return lines.join('\n') + '\n'
}
