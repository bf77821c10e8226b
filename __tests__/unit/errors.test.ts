import { describe, expect, test } from '@jest/globals'
import { isActionError, ActionError } from '../../src/errors.js'

describe('ActionError.oneLine', () => {
  test.each([
    [{ message: 'linux/arm64 is missing', hint: undefined }, 'linux/arm64 is missing'],
    [{ message: 'linux/arm64 is missing', hint: 'add it' }, 'linux/arm64 is missing — add it'],
    [{ message: 'two\nlines', hint: 'and\n  more' }, 'two lines — and more']
  ])('%j → %j', ({ message, hint }, line) => {
    const error = new ActionError('coverage', message, hint === undefined ? {} : { hint })
    expect(error.oneLine()).toBe(line)
  })

  test('keeps kind and cause, and is recognised as ours', () => {
    const cause = new Error('socket hang up')
    const error = new ActionError('registry', 'GET failed', { cause })
    expect(error.kind).toBe('registry')
    expect(error.cause).toBe(cause)
    expect(isActionError(error)).toBe(true)
    expect(isActionError(cause)).toBe(false)
  })
})
