/** verify mode's inputs → a typed plan. Pure: reads through an InputReader, never from the environment. */
import { ActionError } from '../errors.js'
import type { Platform } from '../oci/types.js'
import { parsePlatformList } from '../platform/index.js'
import { formatReference, parseReference, type ImageReference } from '../reference/reference.js'
import type { VerifyLayers } from '../verify/evidence.js'
import type { LayerPolicy, VerifyPlan } from '../verify/verify-image.js'
import { DEFAULT_READ_BUDGET } from '../verify/gather.js'
import { Inputs } from '../names.js'
import { parseBoolean, parseList, type InputReader } from './values.js'

export type { LayerPolicy, VerifyPlan }

/** A reference that must pin a tag or digest: verifying "whatever latest is" would be a silent default. */
function pinnedReference(name: string, raw: string): ImageReference {
  const value = raw.trim()
  if (value === '') {
    throw new ActionError('invalid-input', `input \`${name}\` is required in verify mode`, {
      hint: `set \`${name}\` to the image to check, with a tag or digest, e.g. ghcr.io/acme/app:1.2`
    })
  }
  const ref = namingInput(name, () => parseReference(value, { defaultTag: false }))
  if (!ref.tag && !ref.digest) {
    throw new ActionError('invalid-input', `input \`${name}\` is "${value}", which names no tag or digest`, {
      hint: `add the tag or digest to check, e.g. ${formatReference({ ...ref, tag: 'latest' })}`
    })
  }
  return ref
}

export function parseVerifyInputs(read: InputReader): VerifyPlan {
  const noRegress = read(Inputs.noRegress).trim()
  return {
    image: pinnedReference(Inputs.image, read(Inputs.image)),
    platforms: readPlatforms(read(Inputs.platforms)),
    checkBinaries: parseBoolean(Inputs.checkBinaries, read(Inputs.checkBinaries), true),
    ...(noRegress ? { noRegress: pinnedReference(Inputs.noRegress, noRegress) } : {}),
    allowExtra: parseBoolean(Inputs.allowExtra, read(Inputs.allowExtra), true),
    layers: parseLayerPolicy(read)
  }
}

const VERIFY_LAYERS: readonly VerifyLayers[] = ['read', 'all']
const BUDGET_EXCEEDED: readonly LayerPolicy['budgetExceeded'][] = ['warn', 'fail']

/** The layer-reading inputs, shared by verify, merge and publish. */
export function parseLayerPolicy(read: InputReader): LayerPolicy {
  return {
    verifyLayers: oneOf(Inputs.verifyLayers, read(Inputs.verifyLayers), VERIFY_LAYERS, 'read'),
    readBudget: parseBudget(read(Inputs.verifyBudget)),
    budgetExceeded: oneOf(
      Inputs.verifyBudgetExceeded,
      read(Inputs.verifyBudgetExceeded),
      BUDGET_EXCEEDED,
      'warn'
    ),
    ignoreBinaries: parseList(read(Inputs.checkBinariesIgnore))
  }
}

function oneOf<T extends string>(name: string, raw: string, values: readonly T[], fallback: T): T {
  const value = raw.trim()
  if (value === '') return fallback
  const found = values.find((v) => v === value)
  if (!found) {
    throw new ActionError('invalid-input', `input \`${name}\` is "${value}"`, {
      hint: `set \`${name}\` to ${values.join(' or ')}`
    })
  }
  return found
}

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1000,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1000 ** 3,
  gib: 1024 ** 3
}

/** `512MiB`, `1GiB`, `300MB`, `1073741824`; `none` (or `0`) for no budget. */
export function parseBudget(raw: string): number {
  const value = raw.trim()
  if (value === '') return DEFAULT_READ_BUDGET
  if (/^(none|unlimited|0)$/i.test(value)) return Number.POSITIVE_INFINITY
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value)
  const unit = match ? UNITS[(match[2] ?? '').toLowerCase()] : undefined
  if (!match || unit === undefined) {
    throw new ActionError(
      'invalid-input',
      `input \`${Inputs.verifyBudget}\` is "${value}", which is not a size`,
      {
        hint: `set \`${Inputs.verifyBudget}\` to a size of compressed layer bytes per platform, e.g. 512MiB or 2GiB, or none`
      }
    )
  }
  return Math.round(Number(match[1]) * unit)
}

function readPlatforms(raw: string): Platform[] {
  return namingInput(Inputs.platforms, () => parsePlatformList(raw))
}

/** Parsers say what is wrong with a value; this adds which input it came from. */
export function namingInput<T>(name: string, parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    if (error instanceof ActionError) {
      throw new ActionError('invalid-input', `input \`${name}\`: ${error.message}`, {
        ...(error.hint ? { hint: error.hint } : {})
      })
    }
    throw error
  }
}
