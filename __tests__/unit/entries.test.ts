/**
 * The entries (action and CLI) set the engine flags before any other module is evaluated: ESM evaluates
 * imports in order, and undici starts compiling its WebAssembly HTTP parser as its module loads, so a flag
 * set after another import would come too late for it (src/engine-flags.ts says why the flag matters).
 */
import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { repoRoot } from '../support/bench.js'

function firstImport(file: string): string | undefined {
  const text = readFileSync(path.join(repoRoot, 'src', file), 'utf8')
  return /^import\s[^\n]*$/m.exec(text)?.[0]
}

describe('entries import engine-flags first', () => {
  test.each(['index.ts', 'cli.ts'])('%s', (file) => {
    expect(firstImport(file)).toBe("import './engine-flags.js'")
  })

  test('engine-flags imports nothing but node:v8', () => {
    const text = readFileSync(path.join(repoRoot, 'src', 'engine-flags.ts'), 'utf8')
    const imports = [...text.matchAll(/^import .* from '([^']+)'$/gm)].map((m) => m[1])
    expect(imports).toEqual(['node:v8'])
    expect(text).toContain("setFlagsFromString('--liftoff-only')")
  })
})
