/** verify mode's inputs → a typed plan. Pure: reads through an InputReader, never from the environment. */
import { PublishError } from '../errors.js'
import type { Platform } from '../oci/types.js'
import { parsePlatformList } from '../platform/index.js'
import { formatReference, parseReference, type ImageReference } from '../reference/reference.js'
import { Inputs } from './names.js'
import { parseBoolean, type InputReader } from './values.js'

export interface VerifyPlan {
  image: ImageReference
  /** The required set; empty means "check every platform the image has, require none". */
  platforms: Platform[]
  checkBinaries: boolean
  noRegress?: ImageReference
  allowExtra: boolean
}

/** A reference that must pin a tag or digest: verifying "whatever latest is" would be a silent default. */
function pinnedReference(name: string, raw: string): ImageReference {
  const value = raw.trim()
  if (value === '') {
    throw new PublishError('invalid-input', `input \`${name}\` is required in verify mode`, {
      hint: `set \`${name}\` to the image to check, with a tag or digest, e.g. ghcr.io/acme/app:1.2`
    })
  }
  const ref = namingInput(name, () => parseReference(value, { defaultTag: false }))
  if (!ref.tag && !ref.digest) {
    throw new PublishError('invalid-input', `input \`${name}\` is "${value}", which names no tag or digest`, {
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
    allowExtra: parseBoolean(Inputs.allowExtra, read(Inputs.allowExtra), true)
  }
}

function readPlatforms(raw: string): Platform[] {
  return namingInput(Inputs.platforms, () => parsePlatformList(raw))
}

/** Parsers say what is wrong with a value; this adds which input it came from. */
export function namingInput<T>(name: string, parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    if (error instanceof PublishError) {
      throw new PublishError('invalid-input', `input \`${name}\`: ${error.message}`, {
        ...(error.hint ? { hint: error.hint } : {})
      })
    }
    throw error
  }
}
