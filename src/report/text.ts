/**
 * The step summary's Markdown as plain text for a terminal: tables become aligned columns, headings and
 * emphasis lose their marks, emoji become words, `<details>` and Mermaid charts go. Every summary the
 * modes write (verify, merge, publish, build, failures) passes through here, so the terminal shows the same
 * facts as the step summary without a Markdown renderer. Pure.
 */

/** Status emoji as the words a terminal reader scans for; any other pictograph is dropped. */
const EMOJI_WORDS: readonly (readonly [RegExp, string])[] = [
  [/✅/gu, 'ok'],
  [/❌/gu, 'FAILED'],
  [/⚠️?/gu, 'warning:'],
  [/⏭️?/gu, 'skipped:'],
  [/➖/gu, '-']
]

function plainInline(text: string): string {
  let out = text
  for (const [emoji, word] of EMOJI_WORDS) out = out.replace(emoji, word)
  return out
    .replace(/\p{Extended_Pictographic}\uFE0F?/gu, '')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/\\\|/g, '|')
    .replace(/ {2,}/g, ' ')
    .trim()
}

/** A heading's status emoji says what its words say already ("Verified", "failed"): drop it there. */
function plainHeading(text: string): string {
  return plainInline(text.replace(/^[\p{Extended_Pictographic}\uFE0F\s]+/u, ''))
}

/** Cells of a Markdown table row; `\|` inside a cell is a pipe, not a border. */
function cellsOf(row: string): string[] {
  const inner = row.trim().replace(/^\|/, '').replace(/\|$/, '')
  return inner.split(/(?<!\\)\|/).map(plainInline)
}

const isSeparator = (row: string): boolean => /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/.test(row.trim())

/** Columns padded to their widest cell, the header in capitals as docker's own tables print it. */
export function alignColumns(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [header.map((h) => h.toUpperCase()), ...rows]
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)))
  return all.map(
    (cells) =>
      '  ' +
      header
        .map((_, i) => {
          const cell = cells[i] ?? ''
          return i === header.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)
        })
        .join('  ')
        .trimEnd()
  )
}

function table(rows: readonly string[]): string[] {
  const [head, ...body] = rows
  if (head === undefined) return []
  return alignColumns(cellsOf(head), body.filter((r) => !isSeparator(r)).map(cellsOf))
}

/** A Mermaid gantt as one line per task: section and task name, which carries its duration. */
function timeline(block: readonly string[]): string[] {
  const lines = ['Timeline:']
  let section = ''
  for (const line of block) {
    const sectionMatch = /^\s*section\s+(.*)$/.exec(line)
    if (sectionMatch) {
      section = sectionMatch[1]?.trim() ?? ''
      continue
    }
    const task = /^\s*([^:]+?)\s*:/.exec(line)
    if (task && !/^\s*(gantt|dateFormat|axisFormat|title)\b/.test(line))
      lines.push(`  ${section ? `${section}: ` : ''}${task[1] ?? ''}`)
  }
  return lines
}

export function markdownToText(markdown: string): string {
  const lines = markdown.split('\n')
  const out: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const fence = /^```(\w*)\s*$/.exec(line)
    if (fence) {
      const block: string[] = []
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ''); i++) block.push(lines[i] ?? '')
      out.push(...(fence[1] === 'mermaid' ? timeline(block) : block))
      continue
    }
    if (line.trimStart().startsWith('|')) {
      const rows: string[] = []
      for (; i < lines.length && (lines[i] ?? '').trimStart().startsWith('|'); i++) rows.push(lines[i] ?? '')
      i--
      out.push(...table(rows))
      continue
    }
    const summary = /<summary>(.*?)<\/summary>/.exec(line)
    if (summary) {
      out.push(`${plainInline(summary[1] ?? '')}:`)
      continue
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line)
    if (heading) {
      out.push(plainHeading(heading[1] ?? ''))
      continue
    }
    if (/^\s*<\/?details>\s*$/.test(line)) continue
    const bold = /^\*\*([^*]+)\*\*$/.exec(line.trim())
    out.push(bold ? `${plainInline(bold[1] ?? '')}:` : plainInline(line).replace(/^(-|\d+\.)\s+/, '  $1 '))
  }
  return collapseBlankLines(out).join('\n').replace(/^\n+/, '').trimEnd() + '\n'
}

/** Removing `<details>` and fences leaves runs of blank lines; one is enough. */
function collapseBlankLines(lines: readonly string[]): string[] {
  return lines.filter((line, i) => line.trim() !== '' || (i > 0 && (lines[i - 1] ?? '').trim() !== ''))
}
