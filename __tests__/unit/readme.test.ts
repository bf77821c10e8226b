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
