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

  test('every file runs names (main, and pre and post when given) exists', () => {
    const files = (['main', 'pre', 'post'] as const).flatMap((key) => action.runs?.[key] ?? [])
    expect(files).toContain('dist/index.js')
    expect(files.filter((file) => !existsSync(path.join(repoRoot, file)))).toEqual([])
  })

  test('every input is described and has a default unless required', () => {
    const inputs = Object.entries(action.inputs ?? {})
    expect(inputs.length).toBeGreaterThan(0)
    expect(inputs.filter(([, input]) => !input.description?.trim()).map(([name]) => name)).toEqual([])
    const optional = inputs.filter(([, input]) => input.required !== true)
    expect(optional.filter(([, input]) => input.default === undefined).map(([name]) => name)).toEqual([])
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
