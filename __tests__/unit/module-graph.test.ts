/**
 * The folder-level cycle check that `npm run lint` runs (scripts/check-module-graph.mjs): it finds a
 * cycle introduced on purpose, names the imports that close it, and finds none in src/.
 */
import { afterAll, describe, expect, test } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { repoRoot } from '../support/bench.js'

interface Cycle {
  folders: string[]
  edges: string[]
}
const graph = (await import(path.join(repoRoot, 'scripts', 'check-module-graph.mjs'))) as {
  folderGraph(root: string): Map<string, Map<string, string>>
  findCycles(graph: Map<string, Map<string, string>>): Cycle[]
}

const made: string[] = []
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'module-graph-'))
  made.push(root)
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), text)
  }
  return root
}

describe('check-module-graph', () => {
  test('a cycle between folders introduced on purpose is found, with the imports that close it', () => {
    const root = tree({
      'inputs/publish.ts': "import { parse } from '../build/inputs.js'\nexport const x = parse\n",
      'build/inputs.ts':
        "import type { Names } from '../inputs/names.js'\nexport const parse = (n: Names) => n\n",
      'inputs/names.ts': 'export type Names = string\n',
      'errors.ts': "import { x } from './inputs/publish.js'\nexport const e = x\n"
    })
    expect(graph.findCycles(graph.folderGraph(root))).toEqual([
      {
        folders: ['build', 'inputs', 'build'],
        edges: ['build/inputs.ts → ../inputs/names.js', 'inputs/publish.ts → ../build/inputs.js']
      }
    ])
  })

  test('a chain without a way back is no cycle', () => {
    const root = tree({
      'app/run.ts': "import { m } from '../modes/merge.js'\nexport const r = m\n",
      'modes/merge.ts': "import { p } from '../publish/publish.js'\nexport const m = p\n",
      'publish/publish.ts': "import { e } from '../errors.js'\nexport const p = e\n",
      'errors.ts': 'export const e = 1\n'
    })
    expect(graph.findCycles(graph.folderGraph(root))).toEqual([])
  })

  test('src/ has no folder cycle', () => {
    expect(graph.findCycles(graph.folderGraph(path.join(repoRoot, 'src')))).toEqual([])
  })
})
