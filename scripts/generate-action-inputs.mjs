#!/usr/bin/env node
// Writes src/host/action-inputs.ts from action.yml: each input's description and default, so the CLI's
// flags and `help COMMAND` say what the action says without reading action.yml at run time (the bundle
// does not know where it is). __tests__/unit/cli-args.test.ts fails when the two differ.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as prettier from 'prettier'
import { parse } from 'yaml'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const action = parse(readFileSync(path.join(repo, 'action.yml'), 'utf8'))

const entries = Object.entries(action.inputs ?? {}).map(
  ([name, input]) =>
    `  ${JSON.stringify(name)}: {\n    description: ${JSON.stringify(String(input.description ?? '').trim())},\n    default: ${JSON.stringify(String(input.default ?? ''))}\n  }`
)
const text = `/**
 * Generated from action.yml by scripts/generate-action-inputs.mjs: do not edit, run the script.
 * Every input's description and default, for the CLI's flags and help (a unit test compares it with action.yml).
 */
export const ACTION_INPUTS = {
${entries.join(',\n')}
} as const satisfies Readonly<Record<string, { description: string; default: string }>>
`
const file = path.join(repo, 'src/host/action-inputs.ts')
const options = (await prettier.resolveConfig(file)) ?? {}
writeFileSync(file, await prettier.format(text, { ...options, filepath: file }))
