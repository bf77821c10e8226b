/** publish mode's inputs → a typed plan: what merge needs (target, tags, platforms, …) plus how to build. Pure. */
import { parseQemuInput, type QemuSetting } from '../binfmt/handlers.js'
import { parseBuildOptions, type BuildOptions } from './build.js'
import { ActionError } from '../errors.js'
import { parseMergeInputs, type MergePlan } from './merge.js'
import { Inputs } from '../names.js'
import { parseBoolean, type InputReader } from './values.js'
import { namingInput } from './verify.js'
import { parsePlatformList } from '../platform/index.js'
import { parseRepository } from '../reference/reference.js'

export interface PublishPlan extends Omit<MergePlan, 'sources'> {
  build: BuildOptions
  qemu: QemuSetting
  maxParallel: number
  archTags: boolean
}

export function parsePublishInputs(read: InputReader): PublishPlan {
  // Everything merge reads is read the same way; sources come from the builds, not from an input.
  const placeholder = (name: string): string =>
    name === Inputs.sources ? 'localhost/placeholder:x' : read(name)
  const { sources, ...merge } = parseMergeInputs(placeholder, 'publish')
  if (merge.platforms.length === 0) {
    throw new ActionError(
      'invalid-input',
      `input \`${Inputs.platforms}\` is empty: publish needs the platforms to build`,
      {
        hint: `set \`${Inputs.platforms}\`, e.g. linux/amd64,linux/arm64`
      }
    )
  }
  return {
    ...merge,
    build: parseBuildOptions(read),
    qemu: parseQemuInput(read(Inputs.qemu)),
    maxParallel: parseMaxParallel(read(Inputs.maxParallel), merge.platforms.length),
    archTags: parseBoolean(Inputs.archTags, read(Inputs.archTags), false)
  }
}

/** Default: every platform at once, up to 4 (a 2-core runner gains nothing from more emulated builds). */
function parseMaxParallel(raw: string, platforms: number): number {
  const value = raw.trim()
  if (value === '') return Math.min(platforms, 4)
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) {
    throw new ActionError(
      'invalid-input',
      `input \`${Inputs.maxParallel}\` is "${value}", not a positive whole number`,
      {
        hint: `set \`${Inputs.maxParallel}\` to how many platforms may build at once, e.g. 2`
      }
    )
  }
  return n
}

export type BuildModePlan = Pick<
  PublishPlan,
  'target' | 'platforms' | 'build' | 'qemu' | 'maxParallel' | 'stagingId'
>

/** build mode (one matrix leg): the repository, the leg's platform(s), how to build; no tags. */
export function parseBuildModeInputs(read: InputReader): BuildModePlan {
  const image = read(Inputs.image).trim()
  if (image === '') {
    throw new ActionError('invalid-input', `input \`${Inputs.image}\` is required in build mode`, {
      hint: `set \`${Inputs.image}\` to the repository the merge job publishes, e.g. ghcr.io/acme/app`
    })
  }
  const platforms = namingInput(Inputs.platforms, () => parsePlatformList(read(Inputs.platforms)))
  if (platforms.length === 0) {
    throw new ActionError(
      'invalid-input',
      `input \`${Inputs.platforms}\` is empty: build mode needs the leg's platform`,
      {
        hint: 'set `platforms` from the matrix, e.g. platforms: ${{ matrix.platform }}'
      }
    )
  }
  return {
    target: namingInput(Inputs.image, () => parseRepository(image)),
    platforms,
    build: parseBuildOptions(read),
    qemu: parseQemuInput(read(Inputs.qemu)),
    maxParallel: parseMaxParallel(read(Inputs.maxParallel), platforms.length),
    stagingId: read(Inputs.stagingId).trim()
  }
}
