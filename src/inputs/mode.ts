import { ActionError } from '../errors.js'
import { Inputs } from '../names.js'

export const MODES = ['publish', 'build', 'merge', 'verify'] as const
export type Mode = (typeof MODES)[number]

/** Parses the `mode` input. Empty means the default, `publish`; case and surrounding blanks are ignored. */
export function parseMode(raw: string): Mode {
  const value = raw.trim().toLowerCase()
  if (value === '') return 'publish'
  const mode = MODES.find((m) => m === value)
  if (mode === undefined) {
    throw new ActionError(
      'invalid-input',
      `input \`${Inputs.mode}\` is "${raw.trim()}", which is not a mode`,
      {
        hint: `set \`${Inputs.mode}\` to one of: ${MODES.join(', ')}`
      }
    )
  }
  return mode
}
