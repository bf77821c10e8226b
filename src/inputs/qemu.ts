/**
 * The `qemu` input: whether to install missing QEMU emulators, and with which installer image. Pure.
 */
import { ActionError } from '../errors.js'
import { Inputs } from '../names.js'
import { parseReference } from '../reference/reference.js'

/** Install missing emulators with this image, or install none (the shape binfmt's EmulationSetting takes). */
export type QemuSetting = { kind: 'auto'; image: string } | { kind: 'off' }

/**
 * The installer `qemu: auto` runs, pinned so a new upstream release cannot change a working pipeline.
 * tonistiigi/binfmt is what docker/setup-qemu-action runs (its default is the moving `latest`).
 * Release deploy/v9.2.0-51 (https://github.com/tonistiigi/binfmt/releases/tag/deploy%2Fv9.2.0-51, announced
 * by the maintainer as the image behind `latest` in tonistiigi/binfmt#197) is published as `qemu-v9.2.0-51`:
 * the release workflow tags mainline images `qemu-<version>-<run>` (.github/workflows/release.yml).
 */
export const DEFAULT_INSTALLER_IMAGE = 'tonistiigi/binfmt:qemu-v9.2.0-51'

/**
 * The `qemu` input: empty, `auto` or `true` install what is missing with DEFAULT_INSTALLER_IMAGE; `false`
 * installs nothing; anything else is the installer image to use instead (a mirror, or a pinned digest).
 * The YAML 1.2 spellings of true and false are accepted, as @actions/core's getBooleanInput does.
 */
export function parseQemuInput(raw: string): QemuSetting {
  const value = raw.trim()
  if (value === '' || value === 'auto' || ['true', 'True', 'TRUE'].includes(value)) {
    return { kind: 'auto', image: DEFAULT_INSTALLER_IMAGE }
  }
  if (['false', 'False', 'FALSE'].includes(value)) return { kind: 'off' }
  if (SWITCH_WORDS.has(value.toLowerCase())) {
    throw invalidQemuInput(value, 'it reads as a switch, not an image', 'write auto or false')
  }
  try {
    parseReference(value)
  } catch (error) {
    if (!(error instanceof ActionError)) throw error
    throw invalidQemuInput(
      value,
      error.message,
      `write auto, false, or an image such as ${DEFAULT_INSTALLER_IMAGE}`
    )
  }
  return { kind: 'auto', image: value }
}

/**
 * Words that are valid Docker Hub names (`no` is docker.io/library/no) but surely mean a switch: guessing
 * on or off could install emulators nobody asked for, or skip needed ones, so they are rejected.
 */
const SWITCH_WORDS: ReadonlySet<string> = new Set([
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  '0',
  '1',
  'none',
  'enabled',
  'disabled'
])

function invalidQemuInput(value: string, problem: string, hint: string): ActionError {
  return new ActionError(
    'invalid-input',
    `input \`${Inputs.qemu}\` is "${value}": expected auto, false or an installer image reference (${problem})`,
    { hint }
  )
}
