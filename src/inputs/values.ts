/** Readers for input values shared by every mode: booleans, lists. Pure. */
import { ActionError } from '../errors.js'

/** Reads one input's raw text; the action passes core.getInput, the CLI its flags, tests a table. */
export type InputReader = (name: string) => string

// YAML 1.2 core schema booleans, the ones core.getBooleanInput accepts.
const TRUE = new Set(['true', 'True', 'TRUE'])
const FALSE = new Set(['false', 'False', 'FALSE'])

export function parseBoolean(name: string, raw: string, fallback: boolean): boolean {
  const value = raw.trim()
  if (value === '') return fallback
  if (TRUE.has(value)) return true
  if (FALSE.has(value)) return false
  throw new ActionError('invalid-input', `input \`${name}\` is "${value}", which is not a boolean`, {
    hint: `set \`${name}\` to true or false`
  })
}

/** A newline- or comma-separated list, blanks dropped (how docker/build-push-action reads its lists). */
export function parseList(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
}
