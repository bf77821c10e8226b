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

/** Another repository (on any registry) the same index is published to, and its tags there. */
export interface RepositoryTags {
  target: { registry: string; repository: string }
  tags: string[]
}

export interface MergePlan {
  /** The target repository: where the build pushes, the `digest` output's. */
  target: { registry: string; repository: string }
  /** The target's tags. */
  tags: string[]
  /** `tags` naming other repositories (docker/metadata-action with several `images`); absent: none. */
  others?: RepositoryTags[]
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
  const { tags, others } = parseTags(read(Inputs.tags), target)
  if (tags.length === 0 && others.length === 0 && !dryRun) {
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
    ...(others.length > 0 ? { others } : {}),
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

/**
 * Bare tags (the target's), or full references as docker/metadata-action emits them: in the target
 * repository, or in other repositories and registries (its `images` listing several), grouped by
 * repository in the order first named.
 */
function parseTags(
  raw: string,
  target: { registry: string; repository: string }
): { tags: string[]; others: RepositoryTags[] } {
  const byRepository = new Map<string, RepositoryTags>()
  const key = (repo: { registry: string; repository: string }): string =>
    `${repo.registry}/${repo.repository}`
  const primary: RepositoryTags = { target, tags: [] }
  byRepository.set(key(target), primary)
  for (const item of parseList(raw)) {
    if (isValidTag(item)) {
      primary.tags.push(item)
      continue
    }
    const ref = namingInput(Inputs.tags, () => parseReference(item, { defaultTag: false }))
    if (!ref.tag || ref.digest) {
      throw new ActionError(
        'invalid-input',
        `input \`${Inputs.tags}\` has "${item}", which is not a tag (${ref.digest ? 'it names a digest' : 'it names no tag'})`,
        {
          hint: `give bare tags, or references with a tag (${formatReference({ ...target })}:TAG, or another repository's REGISTRY/REPOSITORY:TAG)`
        }
      )
    }
    const repo = { registry: ref.registry, repository: ref.repository }
    const entry = byRepository.get(key(repo)) ?? { target: repo, tags: [] }
    byRepository.set(key(repo), entry)
    entry.tags.push(ref.tag)
  }
  const all = [...byRepository.values()].map((r) => ({ target: r.target, tags: [...new Set(r.tags)] }))
  refuseReferrersTags(all.flatMap((r) => r.tags))
  const [first, ...others] = all
  return { tags: first?.tags ?? [], others }
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
