import { describe, expect, test } from '@jest/globals'
import { parseBoolean, parseList, type InputReader } from '../../src/inputs/values.js'
import {
  parseBudget,
  parseLayerPolicy,
  parseVerifyInputs,
  type LayerPolicy,
  type VerifyPlan
} from '../../src/inputs/verify.js'
import type { Platform } from '../../src/oci/types.js'
import type { ImageReference } from '../../src/reference/reference.js'
import { thrown } from '../support/thrown.js'

const DEFAULT_LAYERS: LayerPolicy = {
  verifyLayers: 'read',
  readBudget: 512 * 1024 * 1024,
  budgetExceeded: 'warn',
  ignoreBinaries: []
}

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`

/** An InputReader over a plain table; inputs not in it read as '' (as core.getInput does). */
function reader(values: Record<string, string>): InputReader {
  return (name: string): string => values[name] ?? ''
}

/** verify's inputs with a valid image, overridden per test. */
function plan(values: Record<string, string> = {}): VerifyPlan {
  return parseVerifyInputs(reader({ image: 'ghcr.io/acme/app:1.2', ...values }))
}

/** The ActionError thrown by `fn`; fails the test when it throws nothing or something else. */
const linux = (architecture: string, variant?: string): Platform => ({
  os: 'linux',
  architecture,
  ...(variant ? { variant } : {})
})

describe('parseVerifyInputs: image', () => {
  test.each<[string, string, ImageReference]>([
    ['a tag', 'ghcr.io/acme/app:1.2', { registry: 'ghcr.io', repository: 'acme/app', tag: '1.2' }],
    [
      'a digest',
      `ghcr.io/acme/app@${DIGEST}`,
      { registry: 'ghcr.io', repository: 'acme/app', digest: DIGEST }
    ],
    [
      'a tag and a digest',
      `ghcr.io/acme/app:1.2@${DIGEST}`,
      { registry: 'ghcr.io', repository: 'acme/app', tag: '1.2', digest: DIGEST }
    ],
    [
      'a Docker Hub name',
      'alpine:3.20',
      { registry: 'docker.io', repository: 'library/alpine', tag: '3.20' }
    ],
    [
      'surrounding whitespace',
      '  localhost:5000/app:v1\n',
      { registry: 'localhost:5000', repository: 'app', tag: 'v1' }
    ]
  ])('an image with %s is accepted', (_name, image, expected) => {
    expect(plan({ image }).image).toEqual(expected)
  })

  test.each([
    ['ghcr.io/acme/app', 'ghcr.io/acme/app:latest'],
    ['alpine', 'docker.io/library/alpine:latest'],
    ['localhost:5000/app', 'localhost:5000/app:latest']
  ])('%j without a tag or digest is refused on one line suggesting %s', (image, suggestion) => {
    const error = thrown(() => plan({ image }))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toContain('`image`')
    expect(error.message).toContain(`"${image}"`)
    expect(error.hint).toContain(suggestion)
    expect(error.oneLine()).not.toContain('\n')
  })

  test.each(['', '   ', '\n'])('an empty image %j is required', (image) => {
    const error = thrown(() => plan({ image }))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toBe('input `image` is required in verify mode')
    expect(error.hint).toContain('`image`')
  })

  test.each([
    ['an uppercase repository', 'ghcr.io/Acme/app:1'],
    ['a bad tag', 'ghcr.io/acme/app:-1'],
    ['a short digest', 'ghcr.io/acme/app@sha256:abc'],
    ['an image ID', '0123456789abcdef'.repeat(4)],
    ['an empty path component', 'ghcr.io/acme//app:1']
  ])('a reference with %s is refused quoting it', (_name, image) => {
    const error = thrown(() => plan({ image }))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toContain(JSON.stringify(image))
    expect(error.oneLine()).not.toContain('\n')
  })
})

describe('parseVerifyInputs: platforms', () => {
  test.each<[string, Platform[]]>([
    ['', []],
    ['linux/amd64,linux/arm64', [linux('amd64'), linux('arm64')]],
    ['linux/amd64\nlinux/arm64\n', [linux('amd64'), linux('arm64')]],
    ['aarch64', [linux('arm64')]],
    ['linux/arm64/v8', [linux('arm64')]],
    ['x86_64, i386', [linux('amd64'), linux('386')]],
    ['linux/armhf', [linux('arm', 'v7')]],
    ['linux/arm', [linux('arm', 'v7')]],
    ['linux/armel', [linux('arm', 'v6')]],
    ['linux/arm/v6, linux/arm/v7', [linux('arm', 'v6'), linux('arm', 'v7')]],
    [
      'windows(10.0.17763.1697)/amd64',
      [{ os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.1697' }]
    ]
  ])('%j → normalised platforms', (platforms, expected) => {
    expect(plan({ platforms }).platforms).toEqual(expected)
  })

  test.each([
    ['linux/arm64,linux/arm64', 'platform "linux/arm64" is listed twice'],
    ['linux/arm64,aarch64', 'platforms "linux/arm64" and "aarch64" are the same platform (linux/arm64)'],
    [
      'linux/arm64/v8\nlinux/aarch64',
      'platforms "linux/arm64/v8" and "linux/aarch64" are the same platform (linux/arm64)'
    ],
    ['linux/arm, linux/armhf', 'platforms "linux/arm" and "linux/armhf" are the same platform (linux/arm/v7)']
  ])('duplicates %j are refused naming `platforms`', (platforms, problem) => {
    const error = thrown(() => plan({ platforms }))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toBe(`input \`platforms\`: ${problem}`)
    expect(error.hint).toBe('list each platform once')
  })

  test.each(['linux/', 'linux/arm64/v8/extra', 'linux', 'linux/*', 'windows/amd64:10.0.17763'])(
    'an invalid platform %j is refused naming `platforms`',
    (platforms) => {
      const error = thrown(() => plan({ platforms }))
      expect(error.kind).toBe('invalid-input')
      expect(error.message).toMatch(/^input `platforms`: invalid platform /)
      expect(error.message).toContain(`"${platforms}"`)
      expect(error.hint).toBeDefined()
    }
  )
})

describe('parseVerifyInputs: check-binaries and allow-extra', () => {
  test.each([
    ['', true],
    ['true', true],
    ['True', true],
    ['TRUE', true],
    [' true\n', true],
    ['false', false],
    ['False', false],
    ['FALSE', false]
  ])('check-binaries %j → %s', (raw, expected) => {
    expect(plan({ 'check-binaries': raw }).checkBinaries).toBe(expected)
  })

  test.each([
    ['', true],
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false]
  ])('allow-extra %j → %s', (raw, expected) => {
    expect(plan({ 'allow-extra': raw }).allowExtra).toBe(expected)
  })

  test.each([
    ['check-binaries', 'yes'],
    ['check-binaries', 'no'],
    ['check-binaries', '1'],
    ['allow-extra', 'yes'],
    ['allow-extra', 'tRUE'],
    ['allow-extra', 'off']
  ])('%s %j is refused naming the input', (name, raw) => {
    const error = thrown(() => plan({ [name]: raw }))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toBe(`input \`${name}\` is "${raw}", which is not a boolean`)
    expect(error.hint).toBe(`set \`${name}\` to true or false`)
  })
})

describe('parseVerifyInputs: no-regress', () => {
  test.each(['', '  ', '\n'])('%j leaves no-regress out of the plan', (raw) => {
    expect(plan({ 'no-regress': raw })).not.toHaveProperty('noRegress')
  })

  test.each<[string, ImageReference]>([
    ['ghcr.io/acme/app:1.1', { registry: 'ghcr.io', repository: 'acme/app', tag: '1.1' }],
    [` ghcr.io/acme/app@${DIGEST} `, { registry: 'ghcr.io', repository: 'acme/app', digest: DIGEST }]
  ])('%j is read as a pinned reference', (raw, expected) => {
    expect(plan({ 'no-regress': raw }).noRegress).toEqual(expected)
  })

  test('a reference without tag or digest is refused naming `no-regress`', () => {
    const error = thrown(() => plan({ 'no-regress': 'ghcr.io/acme/app' }))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toContain('`no-regress`')
    expect(error.hint).toContain('ghcr.io/acme/app:latest')
  })
})

describe('parseVerifyInputs: the whole plan', () => {
  test('every input is read into one typed plan', () => {
    expect(
      parseVerifyInputs(
        reader({
          image: 'ghcr.io/acme/app:2',
          platforms: 'linux/amd64\nlinux/arm64',
          'check-binaries': 'false',
          'no-regress': 'ghcr.io/acme/app:1',
          'allow-extra': 'False'
        })
      )
    ).toEqual({
      image: { registry: 'ghcr.io', repository: 'acme/app', tag: '2' },
      platforms: [linux('amd64'), linux('arm64')],
      checkBinaries: false,
      noRegress: { registry: 'ghcr.io', repository: 'acme/app', tag: '1' },
      allowExtra: false,
      layers: DEFAULT_LAYERS
    })
  })

  test('only an image is needed: everything else takes its default', () => {
    expect(parseVerifyInputs(reader({ image: 'ghcr.io/acme/app:2' }))).toEqual({
      image: { registry: 'ghcr.io', repository: 'acme/app', tag: '2' },
      platforms: [],
      checkBinaries: true,
      allowExtra: true,
      layers: DEFAULT_LAYERS
    })
  })
})

describe('parseBoolean', () => {
  test.each([
    ['', true, true],
    ['', false, false],
    ['  ', false, false],
    ['true', false, true],
    ['True', false, true],
    ['TRUE', false, true],
    ['false', true, false],
    ['False', true, false],
    ['FALSE', true, false],
    ['\tfalse\n', true, false]
  ])('%j with fallback %s → %s', (raw, fallback, expected) => {
    expect(parseBoolean('flag', raw, fallback)).toBe(expected)
  })

  test.each(['yes', 'no', 'on', 'off', '1', '0', 'y', 'tRuE', 'falsey'])(
    '%j is refused naming the input',
    (raw) => {
      const error = thrown(() => parseBoolean('flag', raw, true))
      expect(error.kind).toBe('invalid-input')
      expect(error.oneLine()).toBe(
        `input \`flag\` is "${raw}", which is not a boolean — set \`flag\` to true or false`
      )
    }
  )
})

describe('parseList', () => {
  test.each<[string, string[]]>([
    ['', []],
    ['  \n , \n', []],
    ['a', ['a']],
    ['a,b,c', ['a', 'b', 'c']],
    ['a\nb\nc\n', ['a', 'b', 'c']],
    ['a, b\nc ,d', ['a', 'b', 'c', 'd']],
    [' a , ,b ', ['a', 'b']],
    ['a\r\nb\r\n', ['a', 'b']],
    ['a,a', ['a', 'a']]
  ])('%j → %j', (raw, expected) => {
    expect(parseList(raw)).toEqual(expected)
  })
})

describe('parseVerifyInputs names the input a bad reference came from', () => {
  test.each([
    [
      { image: 'ghcr.io/Acme/app:1' },
      /^input `image`: invalid image reference "ghcr.io\/Acme\/app:1": repository name must be lowercase/
    ],
    [
      { image: 'ghcr.io/acme/app:1', 'no-regress': 'ghcr.io/A/b:1' },
      /^input `no-regress`: invalid image reference "ghcr.io\/A\/b:1"/
    ]
  ])('%j', (values, message) => {
    const error = thrown(() => plan(values))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toMatch(message)
  })
})

describe('parseLayerPolicy: verify-layers, verify-budget, verify-budget-exceeded, check-binaries-ignore', () => {
  test('nothing set: read, 512 MiB, warn, no ignores', () => {
    expect(parseLayerPolicy(reader({}))).toEqual(DEFAULT_LAYERS)
  })

  test('every input read', () => {
    expect(
      parseLayerPolicy(
        reader({
          'verify-layers': 'all',
          'verify-budget': '2GiB',
          'verify-budget-exceeded': 'fail',
          'check-binaries-ignore': 'usr/bin/qemu-*-static\n**/prebuilds/**'
        })
      )
    ).toEqual({
      verifyLayers: 'all',
      readBudget: 2 * 1024 ** 3,
      budgetExceeded: 'fail',
      ignoreBinaries: ['usr/bin/qemu-*-static', '**/prebuilds/**']
    })
  })

  test.each<[string, number]>([
    ['', 512 * 1024 * 1024],
    ['256MiB', 256 * 1024 * 1024],
    ['256 MiB', 256 * 1024 * 1024],
    ['256m', 256 * 1024 * 1024],
    ['300MB', 300 * 1000 * 1000],
    ['1.5GiB', 1.5 * 1024 ** 3],
    ['1048576', 1048576],
    ['none', Number.POSITIVE_INFINITY],
    ['0', Number.POSITIVE_INFINITY]
  ])('verify-budget %j', (raw, expected) => {
    expect(parseBudget(raw)).toBe(expected)
  })

  test.each<[string, Record<string, string>, string]>([
    ['verify-layers', { 'verify-layers': 'some' }, 'input `verify-layers` is "some"'],
    [
      'verify-budget-exceeded',
      { 'verify-budget-exceeded': 'error' },
      'input `verify-budget-exceeded` is "error"'
    ],
    ['verify-budget', { 'verify-budget': 'lots' }, 'input `verify-budget` is "lots", which is not a size'],
    ['verify-budget unit', { 'verify-budget': '5 parsecs' }, 'which is not a size']
  ])('a bad %s names the input', (_name, values, message) => {
    const error = thrown(() => parseLayerPolicy(reader(values)))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toContain(message)
    expect(error.hint).toBeDefined()
  })
})
