/**
 * The README's inputs and outputs tables say what action.yml says (same names, same defaults), and they
 * render: the README is parsed as GitHub parses it (GFM, with `marked`), tables found by their header row.
 */
import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { marked, type Tokens } from 'marked'
import { parse } from 'yaml'
import { repoRoot } from '../support/bench.js'

interface ActionYml {
  inputs?: Record<string, { default?: string | number | boolean }>
  outputs?: Record<string, unknown>
}

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8')
const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as ActionYml

const INPUTS_HEADER = ['name', 'type', 'default', 'description']
const OUTPUTS_HEADER = ['name', 'type', 'description']

/** A table as GitHub renders it: header cells and rows of cells, as text with backticks removed. */
interface Table {
  header: string[]
  rows: string[][]
}

const cellText = (cell: Tokens.TableCell): string => cell.text.replace(/`/g, '').trim()

/** Every table of a Markdown text, parsed as GFM (nested ones too, e.g. inside <details> or lists). */
function tablesOf(markdown: string): Table[] {
  const tables: Table[] = []
  void marked.walkTokens(marked.lexer(markdown, { gfm: true }), (token) => {
    if (token.type !== 'table') return
    const table = token as Tokens.Table
    tables.push({ header: table.header.map(cellText), rows: table.rows.map((row) => row.map(cellText)) })
  })
  return tables
}

/** Lines that look like table rows (`| a | b |`) but render as text: a table cut by a blank line or a bad row. */
function strayTableLines(markdown: string): string[] {
  const stray: string[] = []
  void marked.walkTokens(marked.lexer(markdown, { gfm: true }), (token) => {
    if (token.type !== 'paragraph') return
    stray.push(...token.raw.split('\n').filter((line) => /^\s*\|.*\|\s*$/.test(line)))
  })
  return stray
}

/** The tables of `markdown` whose header row is `header`. */
function tablesWithHeader(markdown: string, header: string[]): Table[] {
  return tablesOf(markdown).filter((table) => table.header.join('|') === header.join('|'))
}

describe('README tables', () => {
  test('there is one inputs table (name, type, default, description) and one outputs table', () => {
    expect(tablesWithHeader(readme, INPUTS_HEADER)).toHaveLength(1)
    expect(tablesWithHeader(readme, OUTPUTS_HEADER)).toHaveLength(1)
  })

  test('the inputs table lists every input of action.yml with its default, in order', () => {
    const expected = Object.entries(action.inputs ?? {}).map(([name, input]) => [
      name,
      String(input.default ?? '')
    ])
    const rows = tablesWithHeader(readme, INPUTS_HEADER)[0]?.rows ?? []
    expect(rows.map(([name, , fallback]) => [name, fallback])).toEqual(expected)
  })

  test('every input has a type', () => {
    const rows = tablesWithHeader(readme, INPUTS_HEADER)[0]?.rows ?? []
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.filter(([, type]) => !type).map(([name]) => name)).toEqual([])
  })

  test('the outputs table lists every output of action.yml, in order, each with a type', () => {
    const rows = tablesWithHeader(readme, OUTPUTS_HEADER)[0]?.rows ?? []
    expect(rows.map(([name]) => name)).toEqual(Object.keys(action.outputs ?? {}))
    expect(rows.filter(([, type]) => !type).map(([name]) => name)).toEqual([])
  })

  test('no line that looks like a table row renders as text', () => {
    expect(strayTableLines(readme)).toEqual([])
  })

  test('names the two set-up commands: the tests and the bench', () => {
    expect(readme).toContain('npm ci && npm test')
    expect(readme).toContain('scripts/bench-up')
  })
})

describe('the table checks catch a table GitHub would not render whole', () => {
  const table = [
    '| name | type | default | description |',
    '| ---- | ---- | ------- | ----------- |',
    '| `a`  | Bool | `true`  | first       |',
    '| `b`  | List |         | second      |',
    '| `c`  | List |         | third       |'
  ]

  test('a whole table: three rows, nothing stray', () => {
    const markdown = ['## Inputs', '', ...table, ''].join('\n')
    expect(tablesWithHeader(markdown, INPUTS_HEADER).map((t) => t.rows.map(([name]) => name))).toEqual([
      ['a', 'b', 'c']
    ])
    expect(strayTableLines(markdown)).toEqual([])
  })

  test('a blank line inside it: the rows after it are text, and found', () => {
    const markdown = ['## Inputs', '', ...table.slice(0, 3), '', ...table.slice(3), ''].join('\n')
    expect(tablesWithHeader(markdown, INPUTS_HEADER).map((t) => t.rows.map(([name]) => name))).toEqual([
      ['a']
    ])
    expect(strayTableLines(markdown)).toEqual([table[3], table[4]])
  })

  test('a missing delimiter row: no table at all', () => {
    const markdown = ['## Inputs', '', table[0], ...table.slice(2), ''].join('\n')
    expect(tablesWithHeader(markdown, INPUTS_HEADER)).toEqual([])
    expect(strayTableLines(markdown)).toHaveLength(4)
  })
})

describe('README workflows', () => {
  /** The ```yaml blocks under `## Workflows`, each with the examples/ file its heading names. */
  function workflowBlocks(): { file: string; yaml: string }[] {
    const section = readme.split('\n## Workflows\n')[1]?.split('\n## ')[0] ?? ''
    return [...section.matchAll(/### .*`(examples\/[^`]+\.yml)`\n\n```yaml\n([\s\S]*?)```/g)].map((m) => ({
      file: m[1] ?? '',
      yaml: m[2] ?? ''
    }))
  }

  test('shows the three workflows users copy: single job, native-runner matrix, release gate', () => {
    expect(workflowBlocks().map((b) => b.file)).toEqual([
      'examples/publish.yml',
      'examples/matrix.yml',
      'examples/release-gate.yml'
    ])
  })

  test('each is byte for byte the example file CI lints with actionlint', () => {
    for (const block of workflowBlocks()) {
      expect({ file: block.file, yaml: block.yaml }).toEqual({
        file: block.file,
        yaml: readFileSync(path.join(repoRoot, block.file), 'utf8')
      })
    }
  })

  test('the native-runner matrix for two platforms fits in 25 lines', () => {
    const matrix = readFileSync(path.join(repoRoot, 'examples/matrix.yml'), 'utf8')
    expect(matrix.trimEnd().split('\n').length).toBeLessThanOrEqual(25)
  })

  test('the demo is the first set-up command, the tests the second', () => {
    const setup = readme.split('\n## Set up\n')[1]?.split('\n## ')[0] ?? ''
    expect([...setup.matchAll(/`(npm ci && npm (?:run demo|test))`/g)].map((m) => m[1])).toEqual([
      'npm ci && npm run demo',
      'npm ci && npm test'
    ])
  })
})
