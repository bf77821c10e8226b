/** The ActionError a call throws (or a promise rejects with); anything else fails the test. */
import { ActionError } from '../../src/errors.js'

export function thrown(fn: () => unknown): ActionError {
  try {
    fn()
  } catch (error) {
    if (error instanceof ActionError) return error
    throw error
  }
  throw new Error('expected a ActionError, nothing was thrown')
}

export async function rejected(promise: Promise<unknown>): Promise<ActionError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ActionError) return error
    throw error
  }
  throw new Error('expected a ActionError, the promise resolved')
}
