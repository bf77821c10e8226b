import { describe, expect, test } from '@jest/globals'
import { PublishError } from '../../src/errors.js'
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
    expect(caught).toBeInstanceOf(PublishError)
    const error = caught as PublishError
    expect(error.kind).toBe('invalid-input')
    expect(error.oneLine()).toContain('`mode`')
    expect(error.oneLine()).toContain(`"${raw}"`)
    expect(error.oneLine()).toContain('publish, build, merge, verify')
    expect(error.oneLine()).not.toContain('\n')
  })
})
