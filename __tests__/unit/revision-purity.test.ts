// The revision rules stay pure (CONTRIBUTING.md, module map): decide.ts, read.ts and tag.ts import no @actions/*, fs,
// child_process or network module — only ancestry.ts, the edge, does. src/revision is not among the lint
// rule's pure folders (the rule covers whole folders, and ancestry.ts shares this one), so this checks it.
import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { repoRoot } from '../support/bench.js'

const EFFECTFUL = /^(@actions\/|undici$|(node:)?(fs|child_process|http|https|net|tls|dns)(\/|$))/

function importsOf(file: string): string[] {
  const source = readFileSync(path.join(repoRoot, 'src/revision', file), 'utf8')
  const staticImports = source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)
  // Dynamic imports count too: a lazily loaded module is still an effect of the file.
  const dynamicImports = source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)
  return [...staticImports, ...dynamicImports].map((m) => m[1] ?? '')
}

describe('src/revision purity', () => {
  test.each(['decide.ts', 'read.ts', 'tag.ts'])('%s imports no effectful module', (file) => {
    const imports = importsOf(file)
    expect(imports.length).toBeGreaterThan(0)
    expect(imports.filter((name) => EFFECTFUL.test(name))).toEqual([])
  })

  test('the check sees the edge: ancestry.ts imports @actions/github', () => {
    expect(importsOf('ancestry.ts').filter((name) => EFFECTFUL.test(name))).toEqual(['@actions/github'])
  })
})
