/** The README's inputs and outputs tables say what action.yml says: same names, same defaults. */
import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { repoRoot } from '../support/bench.js'

interface ActionYml {
  inputs?: Record<string, { default?: string | number | boolean }>
  outputs?: Record<string, unknown>
}

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8')
const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as ActionYml

/** Rows of the first table under `## <heading>`: the first two cells, backticks removed. */
function tableRows(heading: string): [string, string][] {
  const section = readme.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? ''
  return section
    .split('\n')
    .filter((line) => /^\| `/.test(line))
    .map((line) => {
      const cells = line.split('|').map((c) => c.trim().replace(/`/g, ''))
      return [cells[1] ?? '', cells[2] ?? '']
    })
}

describe('README', () => {
  test('the inputs table lists every input of action.yml with its default, in order', () => {
    const expected = Object.entries(action.inputs ?? {}).map(([name, input]) => [
      name,
      String(input.default ?? '')
    ])
    expect(tableRows('Inputs')).toEqual(expected)
  })

  test('the outputs table lists every output of action.yml, in order', () => {
    expect(tableRows('Outputs').map(([name]) => name)).toEqual(Object.keys(action.outputs ?? {}))
  })

  test('names the two set-up commands: the tests and the bench', () => {
    expect(readme).toContain('npm ci && npm test')
    expect(readme).toContain('scripts/bench-up')
  })
})
