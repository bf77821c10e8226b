/** The PublishError a call throws (or a promise rejects with); anything else fails the test. */
import { PublishError } from '../../src/errors.js'

export function thrown(fn: () => unknown): PublishError {
  try {
    fn()
  } catch (error) {
    if (error instanceof PublishError) return error
    throw error
  }
  throw new Error('expected a PublishError, nothing was thrown')
}

export async function rejected(promise: Promise<unknown>): Promise<PublishError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof PublishError) return error
    throw error
  }
  throw new Error('expected a PublishError, the promise resolved')
}
