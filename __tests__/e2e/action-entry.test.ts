/** The bundled action, run as the runner runs it, refuses what it cannot do in one clear line. */
import { describe, expect, test } from '@jest/globals'
import { runAction } from '../support/action-runner.js'

describe('node dist/index.js', () => {
  test('an unknown mode exits non-zero with one error line naming the input', async () => {
    const run = await runAction({ mode: 'bogus' })
    expect(run.code).not.toBe(0)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toMatch(
      /^::error::input `mode` is "bogus", which is not a mode — set `mode` to one of: /
    )
  })

  test.each([
    ['build', 'input `image` is required in build mode'],
    ['publish', 'input `image` is required in publish mode']
  ])('mode %s without an image names the input', async (mode, message) => {
    const run = await runAction({ mode })
    expect(run.code).not.toBe(0)
    expect(run.errors).toEqual([expect.stringContaining(`::error::${message}`)])
  })

  test('mode verify without an image names the input', async () => {
    const run = await runAction({ mode: 'verify' })
    expect(run.code).not.toBe(0)
    expect(run.errors).toEqual([
      '::error::input `image` is required in verify mode — set `image` to the image to check, with a tag or digest, e.g. ghcr.io/acme/app:1.2'
    ])
  })

  test('mode merge with neither sources nor platforms names both inputs', async () => {
    const run = await runAction({ mode: 'merge', image: 'localhost:5000/app', tags: 'latest' })
    expect(run.code).not.toBe(0)
    expect(run.errors).toEqual([
      "::error::inputs `sources` and `platforms` are both empty: there is nothing to merge — set `platforms` to merge this run's build legs, or list images in `sources`"
    ])
  })
})
