/**
 * action.yml's own structure: what the runner needs (node24, a main that exists) and what users read
 * (every input and output described; inputs with defaults), kept equal to src/inputs/names.ts.
 */
import { describe, expect, test } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { Inputs, Outputs } from '../../src/names.js'
import { MODE_INPUTS } from '../../src/inputs/usage.js'
import { repoRoot } from '../support/bench.js'

interface ActionYml {
  name?: string
  description?: string
  branding?: { icon?: string; color?: string }
  inputs?: Record<string, { description?: string; required?: boolean; default?: unknown }>
  outputs?: Record<string, { description?: string }>
  runs?: { using?: string; main?: string; pre?: string; post?: string }
}

const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as ActionYml

describe('action.yml', () => {
  test('has a name, a description and branding', () => {
    expect(action.name).toBeTruthy()
    expect(action.description).toBeTruthy()
    expect(action.branding?.icon).toBeTruthy()
    expect(action.branding?.color).toBeTruthy()
  })

  test('runs on node24 from dist/index.js', () => {
    expect(action.runs?.using).toBe('node24')
    expect(action.runs?.main).toBe('dist/index.js')
  })

  test.each(['main', 'pre', 'post'] as const)('runs.%s, when given, names a file that exists', (key) => {
    const file = action.runs?.[key]
    if (file !== undefined) expect(existsSync(path.join(repoRoot, file))).toBe(true)
  })

  test('every input is described and has a default unless required', () => {
    for (const [name, input] of Object.entries(action.inputs ?? {})) {
      expect({ name, described: Boolean(input.description?.trim()) }).toEqual({ name, described: true })
      if (input.required !== true)
        expect({ name, hasDefault: input.default !== undefined }).toEqual({ name, hasDefault: true })
    }
  })

  test('every output is described', () => {
    for (const [name, output] of Object.entries(action.outputs ?? {})) {
      expect({ name, described: Boolean(output.description?.trim()) }).toEqual({ name, described: true })
    }
  })

  test('input and output names equal the constants the code uses', () => {
    expect(Object.keys(action.inputs ?? {}).sort()).toEqual(Object.values(Inputs).sort())
    expect(Object.keys(action.outputs ?? {}).sort()).toEqual(Object.values(Outputs).sort())
  })

  test('every input but mode is read by at least one mode (the CLI offers it as a flag there)', () => {
    const used = new Set(Object.values(MODE_INPUTS).flat())
    const unused = Object.keys(action.inputs ?? {}).filter(
      (name) => name !== Inputs.mode && !used.has(name as never)
    )
    expect(unused).toEqual([])
  })
})
