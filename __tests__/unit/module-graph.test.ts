/**
 * The cycle check that `npm run lint` runs (scripts/check-module-graph.mjs), between folders and between
 * files, type-only imports counted: it finds a cycle introduced on purpose, names the import lines that
 * close it, and finds none in src/.
 */
import { afterAll, describe, expect, test } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { repoRoot } from '../support/bench.js'

interface Cycle {
  nodes: string[]
  edges: string[]
}
type Graph = Map<string, Map<string, string>>
const graph = (await import(path.join(repoRoot, 'scripts', 'check-module-graph.mjs'))) as {
  folderGraph(root: string): Graph
  fileGraph(root: string): Graph
  findCycles(graph: Graph): Cycle[]
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

describe('check-module-graph: folders', () => {
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
        nodes: ['build', 'inputs', 'build'],
        edges: ['build/inputs.ts:1 → ../inputs/names.js', 'inputs/publish.ts:1 → ../build/inputs.js']
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

describe('check-module-graph: files', () => {
  test('a cycle made of a type-only import and a re-export is found, with the lines that close it', () => {
    const root = tree({
      'verify/tar.ts':
        "// a reader\nexport { choose } from './candidate.js'\nexport interface Entry { path: string }\n",
      'verify/candidate.ts':
        "import type {\n  Entry\n} from './tar.js'\nexport const choose = (e: Entry) => e.path\n"
    })
    expect(graph.findCycles(graph.fileGraph(root))).toEqual([
      {
        nodes: ['verify/candidate.ts', 'verify/tar.ts', 'verify/candidate.ts'],
        edges: ['verify/candidate.ts:1 → ./tar.js', 'verify/tar.ts:2 → ./candidate.js']
      }
    ])
  })

  test('a cycle through three files and a dynamic import is found once', () => {
    const root = tree({
      'a.ts': "import { b } from './b.js'\nexport const a = b\n",
      'b.ts': "export const b = async () => (await import('./c.js')).c\n",
      'c.ts': "import type { A } from './a.js'\nexport const c: A | 1 = 1\n"
    })
    expect(graph.findCycles(graph.fileGraph(root)).map((cycle) => cycle.nodes)).toEqual([
      ['a.ts', 'b.ts', 'c.ts', 'a.ts']
    ])
  })

  test('files of one folder importing one way only are no cycle', () => {
    const root = tree({
      'verify/tar.ts': 'export interface Entry { path: string }\n',
      'verify/image-files.ts': "import type { Entry } from './tar.js'\nexport type F = Entry\n",
      'verify/entrypoint.ts': "import type { F } from './image-files.js'\nexport type G = F\n"
    })
    expect(graph.findCycles(graph.fileGraph(root))).toEqual([])
  })

  test('src/ has no file cycle, type-only imports counted', () => {
    expect(graph.findCycles(graph.fileGraph(path.join(repoRoot, 'src')))).toEqual([])
  })
})
