/** publish mode's inputs → a typed plan: what merge needs (target, tags, platforms, …) plus how to build. Pure. */
import { parseQemuInput, type QemuSetting } from './qemu.js'
import { parseBuildOptions, type BuildOptions } from './build.js'
import { ActionError } from '../errors.js'
import { parsePublishingInputs, type MergePlan } from './merge.js'
import { Inputs } from '../names.js'
import { parseBoolean, type InputReader } from './values.js'
import { namingInput } from './verify.js'
import { parsePlatformList } from '../platform/index.js'
import { parseRepository } from '../reference/reference.js'

export interface PublishPlan extends Omit<MergePlan, 'sources'> {
  build: BuildOptions
  qemu: QemuSetting
  archTags: boolean
}

export function parsePublishInputs(read: InputReader): PublishPlan {
  // Everything merge reads is read the same way; sources come from the builds, not from an input.
  const merge = parsePublishingInputs(read, 'publish')
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
    archTags: parseBoolean(Inputs.archTags, read(Inputs.archTags), false)
  }
}

// `max-parallel` is accepted and ignored (action.yml says so): one BuildKit session builds every
// platform and schedules the steps itself.

export type BuildModePlan = Pick<PublishPlan, 'target' | 'platforms' | 'build' | 'qemu' | 'stagingId'>

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
    stagingId: read(Inputs.stagingId).trim()
  }
}
