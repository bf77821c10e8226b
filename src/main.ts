import * as core from '@actions/core'
import { isPublishError, PublishError } from './errors.js'
import { Inputs } from './inputs/names.js'
import { parseMode, type Mode } from './inputs/mode.js'

/**
 * Runs one mode. No mode is built yet: each says so honestly and fails, so nobody mistakes this
 * foundation for a working publisher.
 */
async function runMode(mode: Mode): Promise<void> {
  await Promise.resolve()
  throw new PublishError(
    'not-implemented',
    `mode \`${mode}\` is not available in this version of multiarch-publish`,
    {
      hint: 'pin a release that provides it'
    }
  )
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.stack ?? cause.message
  return typeof cause === 'string' ? cause : JSON.stringify(cause)
}

/** The action's entry: read inputs, run the mode, turn any error into one `setFailed` line. */
export async function run(): Promise<void> {
  try {
    const mode = parseMode(core.getInput(Inputs.mode))
    await runMode(mode)
  } catch (error) {
    if (isPublishError(error)) {
      core.setFailed(error.oneLine())
      if (error.cause !== undefined) core.debug(describeCause(error.cause))
    } else {
      core.setFailed(error instanceof Error ? error.message : String(error))
      if (error instanceof Error && error.stack) core.debug(error.stack)
    }
  }
}
