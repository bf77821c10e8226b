/**
 * The unit layer runs on a machine with no Docker and no registry (`npm run test:unit`): the bench is out
 * of reach here (support/unit-layer.ts), and unit tests take nothing from support/bench.ts but repoRoot.
 */
import { describe, expect, test } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { bench, benchDir, repoRoot } from '../support/bench.js'
import { NO_BENCH_DIR } from '../support/unit-layer.js'

const UNIT_DIR = path.join(repoRoot, '__tests__', 'unit')
const unitFiles = readdirSync(UNIT_DIR).filter(
  (name) => name.endsWith('.ts') && name !== 'unit-layer.test.ts'
)

describe('the unit layer without a bench', () => {
  test('BENCH_DIR points nowhere, so bench() fails', () => {
    expect(benchDir()).toBe(NO_BENCH_DIR)
    expect(() => bench()).toThrow(/the test bench is not up/)
  })

  test('unit tests import only repoRoot from support/bench.ts', () => {
    const imported = unitFiles.flatMap((name) => {
      const text = readFileSync(path.join(UNIT_DIR, name), 'utf8')
      const names = /import\s*\{([^}]*)\}\s*from\s*'\.\.\/support\/bench\.js'/.exec(text)?.[1] ?? ''
      return names
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '' && n !== 'repoRoot')
        .map((n) => `${name}: ${n}`)
    })
    expect(imported).toEqual([])
  })

  test('no unit test names the bench folder', () => {
    const naming = unitFiles.filter((name) =>
      /['"`/]\.bench\b/.test(readFileSync(path.join(UNIT_DIR, name), 'utf8'))
    )
    expect(naming).toEqual([])
  })
})
