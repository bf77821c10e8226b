/** The step summary's Markdown shapes, as a terminal shows them (src/report/text.ts). */
import { describe, expect, test } from '@jest/globals'
import { alignColumns, markdownToText } from '../../src/report/text.js'

describe('markdownToText', () => {
  test.each<[string, string, string]>([
    ['a heading loses its marks and its status emoji', '### ✅ Verified `r/a:1`', 'Verified r/a:1'],
    ['a bold line becomes a label', '**Problems**', 'Problems:'],
    ['bold inside a line loses its marks', '**No tag was moved**: the index', 'No tag was moved: the index'],
    ['a warning item says warning', '- ⚠️ layer not checked', '  - warning: layer not checked'],
    ['a skipped tag says skipped', '- ⏭️ tag `v1` not moved', '  - skipped: tag v1 not moved'],
    ['a numbered item keeps its number', '1. linux/arm64: wrong CPU', '  1. linux/arm64: wrong CPU'],
    ['a number that starts a sentence is no list', '512.5 MiB read', '512.5 MiB read'],
    ['another pictograph is dropped', '### 🧪 Dry run: nothing was written', 'Dry run: nothing was written']
  ])('%s', (_name, markdown, text) => {
    expect(markdownToText(markdown)).toBe(`${text}\n`)
  })

  test('a table becomes aligned columns, the separator row gone, an escaped pipe kept', () => {
    const markdown = [
      '| platform | note |',
      '|---|---|',
      '| linux/amd64 | ✅ a \\| b |',
      '| linux/s390x | ➖ |'
    ].join('\n')
    expect(markdownToText(markdown)).toBe(
      ['  PLATFORM     NOTE', '  linux/amd64  ok a | b', '  linux/s390x  -', ''].join('\n')
    )
  })

  test('<details> becomes a label over its content', () => {
    const markdown = [
      'before',
      '',
      '<details><summary>What a containerd client pulls</summary>',
      '',
      '- linux/arm64 → linux/arm64',
      '',
      '</details>'
    ].join('\n')
    expect(markdownToText(markdown)).toBe(
      ['before', '', 'What a containerd client pulls:', '', '  - linux/arm64 → linux/arm64', ''].join('\n')
    )
  })

  test('a Mermaid gantt becomes one line per task; other code blocks keep their content', () => {
    const markdown = [
      '```mermaid',
      'gantt',
      '  dateFormat x',
      '  axisFormat %M:%S',
      '  section build',
      '  linux/amd64 1.2s :t0, 0, 1200',
      '  section publish',
      '  verify 0.3s :crit, t1, 1200, 1500',
      '```',
      '```json',
      '{ "a": 1 }',
      '```'
    ].join('\n')
    expect(markdownToText(markdown)).toBe(
      ['Timeline:', '  build: linux/amd64 1.2s', '  publish: verify 0.3s', '{ "a": 1 }', ''].join('\n')
    )
  })

  test('blank lines left by removed blocks collapse to one', () => {
    expect(markdownToText('a\n\n</details>\n\nb')).toBe('a\n\nb\n')
  })
})

test('alignColumns: every column as wide as its widest cell, the last not padded', () => {
  expect(alignColumns(['a', 'bb', 'c'], [['xxx', 'y', 'zzzz']])).toEqual(['  A    BB  C', '  xxx  y   zzzz'])
})
