/** merge mode's inputs → a typed plan. Pure: reads through an InputReader. */
import { ActionError } from '../errors.js'
import type { Platform } from '../oci/types.js'
import { parsePlatformList } from '../platform/index.js'
import {
  formatReference,
  isValidTag,
  parseReference,
  parseRepository,
  type ImageReference
} from '../reference/reference.js'
import { Inputs } from '../names.js'
import { parseBoolean, parseList, type InputReader } from './values.js'
import { refuseReferrersTags } from './attest.js'
import { namingInput, parseLayerPolicy, type LayerPolicy } from './verify.js'

import type { MediaTypeChoice } from '../image-index/assemble.js'

export interface MergePlan {
  /** The target repository. */
  target: { registry: string; repository: string }
  tags: string[]
  platforms: Platform[]
  sources: ImageReference[]
  annotations: string
  mediaType: MediaTypeChoice
  checkBinaries: boolean
  /** `previous-tags`: compare with what each tag points to now; a reference: compare with that. */
  noRegress?: { kind: 'previous-tags' } | { kind: 'reference'; reference: ImageReference }
  dryRun: boolean
  /** What staging tags derive from (build mode legs); empty: the workflow run id. */
  stagingId: string
  /** How verification reads layers before any tag moves; absent: the defaults. */
  layers?: LayerPolicy
}

const MEDIA_TYPES: readonly MediaTypeChoice[] = ['auto', 'oci', 'docker']

export function parseMergeInputs(read: InputReader): MergePlan {
  const plan = parsePublishingInputs(read, 'merge')
  const sources = parseList(read(Inputs.sources)).map((s) =>
    namingInput(Inputs.sources, () => parseReference(s))
  )
  if (sources.length === 0 && plan.platforms.length === 0) {
    throw new ActionError(
      'invalid-input',
      `inputs \`${Inputs.sources}\` and \`${Inputs.platforms}\` are both empty: there is nothing to merge`,
      {
        hint: `set \`${Inputs.platforms}\` to merge this run's build legs, or list images in \`${Inputs.sources}\``
      }
    )
  }
  return { ...plan, sources }
}

/** What merge and publish read alike: where to publish, what to require, how to check (no sources). */
export function parsePublishingInputs(
  read: InputReader,
  mode: 'merge' | 'publish'
): Omit<MergePlan, 'sources'> {
  const image = read(Inputs.image).trim()
  if (image === '') {
    throw new ActionError('invalid-input', `input \`${Inputs.image}\` is required in ${mode} mode`, {
      hint: `set \`${Inputs.image}\` to the repository to publish, e.g. ghcr.io/acme/app`
    })
  }
  const target = namingInput(Inputs.image, () => parseRepository(image))
  const dryRun = parseBoolean(Inputs.dryRun, read(Inputs.dryRun), false)
  const tags = parseTags(read(Inputs.tags), target)
  if (tags.length === 0 && !dryRun) {
    throw new ActionError(
      'invalid-input',
      `input \`${Inputs.tags}\` is empty: ${mode} would publish nothing`,
      {
        hint: `set \`${Inputs.tags}\` (e.g. "latest" or docker/metadata-action's tags output), or set \`${Inputs.dryRun}: true\``
      }
    )
  }
  const platforms = namingInput(Inputs.platforms, () => parsePlatformList(read(Inputs.platforms)))
  const noRegress = parseNoRegress(read(Inputs.noRegress))
  return {
    target,
    tags,
    platforms,
    annotations: read(Inputs.annotations),
    mediaType: parseMediaType(read(Inputs.mediaType)),
    checkBinaries: parseBoolean(Inputs.checkBinaries, read(Inputs.checkBinaries), true),
    ...(noRegress ? { noRegress } : {}),
    dryRun,
    stagingId: read(Inputs.stagingId).trim(),
    layers: parseLayerPolicy(read)
  }
}

/** Bare tags, or full references in the target repository (docker/metadata-action's `tags` output). */
function parseTags(raw: string, target: { registry: string; repository: string }): string[] {
  const tags: string[] = []
  for (const item of parseList(raw)) {
    if (isValidTag(item)) {
      tags.push(item)
      continue
    }
    const ref = namingInput(Inputs.tags, () => parseReference(item, { defaultTag: false }))
    if (ref.registry !== target.registry || ref.repository !== target.repository || !ref.tag || ref.digest) {
      throw new ActionError(
        'invalid-input',
        `input \`${Inputs.tags}\` has "${item}", which is not a tag of ${formatReference({ ...target })}`,
        {
          hint: `give bare tags, or references in \`${Inputs.image}\`'s repository (${target.registry}/${target.repository}:TAG)`
        }
      )
    }
    tags.push(ref.tag)
  }
  return refuseReferrersTags([...new Set(tags)])
}

function parseMediaType(raw: string): MediaTypeChoice {
  const value = raw.trim() || 'auto'
  const choice = MEDIA_TYPES.find((m) => m === value)
  if (!choice) {
    throw new ActionError('invalid-input', `input \`${Inputs.mediaType}\` is "${value}"`, {
      hint: `set \`${Inputs.mediaType}\` to auto, oci or docker`
    })
  }
  return choice
}

function parseNoRegress(raw: string): MergePlan['noRegress'] {
  const value = raw.trim()
  if (value === '' || value === 'false') return undefined
  if (value === 'true') return { kind: 'previous-tags' }
  const reference = namingInput(Inputs.noRegress, () => parseReference(value, { defaultTag: false }))
  if (!reference.tag && !reference.digest) {
    throw new ActionError(
      'invalid-input',
      `input \`${Inputs.noRegress}\` is "${value}", which names no tag or digest`,
      {
        hint: 'use true (compare with what each tag points to now) or a reference with a tag or digest'
      }
    )
  }
  return { kind: 'reference', reference }
}
