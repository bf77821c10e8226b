/** The `on-older` input → the forward-only policy's choice. Pure. */
import { ActionError } from '../errors.js'
import { Inputs } from '../names.js'
import { DEFAULT_ON_OLDER, ON_OLDER_VALUES, type OnOlder } from '../revision/decide.js'
import type { InputReader } from './values.js'

/** The `on-older` input: skip (default), fail or force. */
export function parseOnOlder(read: InputReader): OnOlder {
  const raw = read(Inputs.onOlder).trim()
  if (raw === '') return DEFAULT_ON_OLDER
  const value = raw.toLowerCase()
  if ((ON_OLDER_VALUES as readonly string[]).includes(value)) return value as OnOlder
  throw new ActionError(
    'invalid-input',
    `input \`${Inputs.onOlder}\` is "${raw}", which is not one of skip, fail, force`,
    {
      hint: `set \`${Inputs.onOlder}\` to skip (leave a newer tag where it is), fail (move no tag) or force (move it back)`
    }
  )
}
