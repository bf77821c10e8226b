import { describe, expect, test } from '@jest/globals'
import { DEFAULT_STAGING_PREFIX, archTag, platformSlug, stagingTag } from '../../src/buildx/staging.js'
import { isValidTag } from '../../src/reference/reference.js'
import { thrown } from '../support/thrown.js'

const IMAGE = '127.0.0.1:5000/acme/app'
const BASE = { runId: '1234567890', image: IMAGE, platform: 'linux/arm64' }

describe('platformSlug', () => {
  test.each([
    ['linux/amd64', 'linux-amd64'],
    ['linux/arm64', 'linux-arm64'],
    ['linux/arm/v7', 'linux-arm-v7'],
    ['linux/arm64/v8', 'linux-arm64-v8'],
    ['windows(10.0.17763)/amd64', 'windows-10.0.17763-amd64'],
    ['windows(10.0.17763.1697+win32k)/amd64', 'windows-10.0.17763.1697-win32k-amd64'],
    ['windows/amd64', 'windows-amd64'],
    [' linux/s390x\n', 'linux-s390x'],
    ['linux//riscv64', 'linux-riscv64'],
    ['freebsd/amd64', 'freebsd-amd64'],
    ['linux/mips64_le', 'linux-mips64_le']
  ])('%j → %s', (platform, slug) => {
    expect(platformSlug(platform)).toBe(slug)
  })

  test.each(['', '/', ' () '])('%j has no slug', (platform) => {
    expect(thrown(() => platformSlug(platform)).kind).toBe('invalid-input')
  })
})

describe('stagingTag', () => {
  const hash = (tag: string): string => tag.split('-')[3] ?? ''

  test.each([
    [BASE, /^mp-staging-1234567890-[a-f0-9]{8}-linux-arm64$/],
    [{ ...BASE, platform: 'linux/arm/v7' }, /^mp-staging-1234567890-[a-f0-9]{8}-linux-arm-v7$/],
    [
      { ...BASE, platform: 'windows(10.0.20348)/amd64' },
      /^mp-staging-1234567890-[a-f0-9]{8}-windows-10.0.20348-amd64$/
    ],
    [{ ...BASE, prefix: 'ci_stage' }, /^ci_stage-1234567890-[a-f0-9]{8}-linux-arm64$/],
    [{ ...BASE, runId: '12/3 attempt' }, /^mp-staging-12-3-attempt-[a-f0-9]{8}-linux-arm64$/]
  ])('%j → %s', (options, pattern) => {
    const tag = stagingTag(options)
    expect(tag).toMatch(pattern)
    expect(isValidTag(tag)).toBe(true)
  })

  test('the default prefix', () => {
    expect(stagingTag(BASE).startsWith(`${DEFAULT_STAGING_PREFIX}-`)).toBe(true)
  })

  test('same inputs → same tag', () => {
    expect(stagingTag({ ...BASE })).toBe(stagingTag({ ...BASE }))
  })

  test.each<[string, Partial<typeof BASE>]>([
    ['platform', { platform: 'linux/amd64' }],
    ['variant', { platform: 'linux/arm64/v8' }],
    ['run', { runId: '1234567891' }],
    ['image', { image: '127.0.0.1:5000/acme/other' }],
    ['registry', { image: 'ghcr.io/acme/app' }]
  ])('a different %s → a different tag', (_name, change) => {
    expect(stagingTag({ ...BASE, ...change })).not.toBe(stagingTag(BASE))
  })

  test('the image is hashed with sha256 (8 hex)', () => {
    // sha256("127.0.0.1:5000/acme/app"), first 8 hex
    expect(hash(stagingTag(BASE))).toBe('2842f293')
    expect(hash(stagingTag({ ...BASE, platform: 'linux/amd64' }))).toBe(hash(stagingTag(BASE)))
  })

  test.each([
    ['a long prefix', { ...BASE, prefix: 'p'.repeat(128) }],
    ['a long run id', { ...BASE, runId: '9'.repeat(200) }],
    ['a long platform', { ...BASE, platform: `linux/${'x'.repeat(150)}` }]
  ])('%s is clipped to 128 characters', (_name, options) => {
    const tag = stagingTag(options)
    expect(tag.length).toBeLessThanOrEqual(128)
    expect(isValidTag(tag)).toBe(true)
  })

  test('clipping keeps the platform slug', () => {
    const tag = stagingTag({ ...BASE, prefix: 'p'.repeat(128), platform: 'linux/arm/v7' })
    expect(tag.length).toBe(128)
    expect(tag.endsWith('-linux-arm-v7')).toBe(true)
  })

  test('clipped tags still differ by run, platform and image', () => {
    const long = { ...BASE, prefix: 'p'.repeat(120) }
    const tags = [
      stagingTag(long),
      stagingTag({ ...long, runId: '1234567891' }),
      stagingTag({ ...long, platform: 'linux/amd64' }),
      stagingTag({ ...long, image: 'ghcr.io/acme/app' })
    ]
    expect(new Set(tags).size).toBe(tags.length)
  })

  test.each(['-bad', '.bad', 'has space', 'a/b', 'ü', '', 'x'.repeat(129)])(
    'prefix %j is refused naming staging-prefix',
    (prefix) => {
      const error = thrown(() => stagingTag({ ...BASE, prefix }))
      expect(error.kind).toBe('invalid-input')
      expect(error.oneLine()).toContain('`staging-prefix`')
      expect(error.hint).toBeTruthy()
    }
  )

  test('an empty run id is refused', () => {
    expect(thrown(() => stagingTag({ ...BASE, runId: ' ' })).kind).toBe('invalid-input')
  })
})

describe('archTag', () => {
  test.each([
    ['1.2', 'linux/arm64', '1.2-linux-arm64'],
    ['latest', 'linux/amd64', 'latest-linux-amd64'],
    ['v1.0.0', 'linux/arm/v7', 'v1.0.0-linux-arm-v7'],
    ['v1.0.0', 'linux/arm/v6', 'v1.0.0-linux-arm-v6'],
    ['_edge', 'linux/s390x', '_edge-linux-s390x'],
    ['sha-abc1234', 'windows(10.0.17763)/amd64', 'sha-abc1234-windows-10.0.17763-amd64'],
    ['main', 'windows/amd64', 'main-windows-amd64']
  ])('%s on %s → %s', (tag, platform, expected) => {
    expect(archTag(tag, platform)).toBe(expected)
  })

  test('a 128-character tag is clipped, keeping the platform and telling tags apart', () => {
    const a = archTag('a'.repeat(127) + 'x', 'linux/arm64')
    const b = archTag('a'.repeat(127) + 'y', 'linux/arm64')
    for (const tag of [a, b]) {
      expect(tag.length).toBe(128)
      expect(tag.endsWith('-linux-arm64')).toBe(true)
      expect(isValidTag(tag)).toBe(true)
    }
    expect(a).not.toBe(b)
  })

  test('a tag that just fits is not clipped', () => {
    const tag = 't'.repeat(128 - '-linux-arm64'.length)
    expect(archTag(tag, 'linux/arm64')).toBe(`${tag}-linux-arm64`)
  })

  test.each(['', '-x', 'a:b', 'a b', 'x'.repeat(129)])('tag %j is refused', (tag) => {
    const error = thrown(() => archTag(tag, 'linux/arm64'))
    expect(error.kind).toBe('invalid-input')
    expect(error.oneLine()).toContain('`tags`')
  })
})
