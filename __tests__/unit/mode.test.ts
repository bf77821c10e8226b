import { describe, expect, test } from '@jest/globals'
import { ActionError } from '../../src/errors.js'
import { parseMode } from '../../src/inputs/mode.js'

describe('parseMode', () => {
  test.each([
    ['', 'publish'],
    ['  ', 'publish'],
    ['publish', 'publish'],
    ['build', 'build'],
    ['merge', 'merge'],
    ['verify', 'verify'],
    [' Verify\n', 'verify'],
    ['MERGE', 'merge']
  ])('%j → %s', (raw, mode) => {
    expect(parseMode(raw)).toBe(mode)
  })

  test.each(['bogus', 'publish,verify', 'push', 'verify-only'])('%j is refused naming the input', (raw) => {
    let caught: unknown
    try {
      parseMode(raw)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ActionError)
    const error = caught as ActionError
    expect(error.kind).toBe('invalid-input')
    expect(error.oneLine()).toContain('`mode`')
    expect(error.oneLine()).toContain(`"${raw}"`)
    expect(error.oneLine()).toContain('publish, build, merge, verify')
    expect(error.oneLine()).not.toContain('\n')
  })
})
