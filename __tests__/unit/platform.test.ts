// Cases ported from github.com/containerd/platforms (platforms_test.go, compare_test.go,
// platform_windows_compat_test.go, defaults_windows_test.go, platforms_windows_test.go) unless marked
// "ours"; rows where we deliberately differ from upstream say so. Upstream's runtime.GOOS/GOARCH defaults
// are played by the `host` option (linux/amd64 here).
import { describe, expect, test } from '@jest/globals'
import type { Platform } from '../../src/oci/types.js'
import {
  bestMatch,
  formatPlatform,
  formatPlatformWithVersion,
  matchesLenient,
  matchesPlatform,
  matchesStrict,
  normalizePlatform,
  parsePlatform,
  parsePlatformList,
  parseSpecifier,
  platformIdentity,
  platformKey,
  platformLess,
  preferenceOrder,
  sortByPreference
} from '../../src/platform/index.js'
import { thrown } from '../support/thrown.js'

const HOST: Platform = { os: 'linux', architecture: 'amd64' }

/** `linux/arm/v7` → { os, architecture, variant } without going through the code under test. */
function p(os: string, architecture: string, variant?: string, extra: Partial<Platform> = {}): Platform {
  return { os, architecture, ...(variant === undefined ? {} : { variant }), ...extra }
}

/** Runs `fn` and returns the ActionError it throws, failing the test when it throws anything else. */
describe('parseSpecifier is containerd Parse (TestParseSelector)', () => {
  // input, expected, formatted, formatted with FormatAll (useV2Format)
  test.each<[string, Platform, string, boolean]>([
    ['linux/arm64', p('linux', 'arm64'), 'linux/arm64', false],
    ['linux/arm64/v8', p('linux', 'arm64', 'v8'), 'linux/arm64/v8', false],
    ['linux/arm', p('linux', 'arm'), 'linux/arm', false],
    ['linux/arm/v6', p('linux', 'arm', 'v6'), 'linux/arm/v6', false],
    ['linux/arm/v7', p('linux', 'arm', 'v7'), 'linux/arm/v7', false],
    ['arm', p('linux', 'arm'), 'linux/arm', false],
    ['armel', p('linux', 'arm', 'v6'), 'linux/arm/v6', false],
    ['armhf', p('linux', 'arm'), 'linux/arm', false],
    ['Aarch64', p('linux', 'arm64'), 'linux/arm64', false],
    ['x86_64', p('linux', 'amd64'), 'linux/amd64', false],
    ['Linux/x86_64', p('linux', 'amd64'), 'linux/amd64', false],
    ['i386', p('linux', '386'), 'linux/386', false],
    ['linux', p('linux', 'amd64'), 'linux/amd64', false],
    ['s390x', p('linux', 's390x'), 'linux/s390x', false],
    ['linux/s390x', p('linux', 's390x'), 'linux/s390x', false],
    ['macOS', p('darwin', 'amd64'), 'darwin/amd64', false],
    ['windows', p('windows', 'amd64'), 'windows/amd64', false],
    ['windows()', p('windows', 'amd64'), 'windows/amd64', true],
    [
      'windows(10.0.17763)',
      p('windows', 'amd64', undefined, { 'os.version': '10.0.17763' }),
      'windows(10.0.17763)/amd64',
      true
    ],
    [
      'windows(10.0.17763)/amd64',
      p('windows', 'amd64', undefined, { 'os.version': '10.0.17763' }),
      'windows(10.0.17763)/amd64',
      true
    ],
    [
      'macos(Abcd.Efgh.123-4)/aarch64',
      p('darwin', 'arm64', undefined, { 'os.version': 'Abcd.Efgh.123-4' }),
      'darwin(Abcd.Efgh.123-4)/arm64',
      true
    ],
    [
      'windows(10.0.17763+win32k)',
      p('windows', 'amd64', undefined, { 'os.version': '10.0.17763', 'os.features': ['win32k'] }),
      'windows(10.0.17763+win32k)/amd64',
      true
    ],
    ['linux(+gpu)', p('linux', 'amd64', undefined, { 'os.features': ['gpu'] }), 'linux(+gpu)/amd64', true],
    [
      'linux(+gpu+simd)',
      p('linux', 'amd64', undefined, { 'os.features': ['gpu', 'simd'] }),
      'linux(+gpu+simd)/amd64',
      true
    ],
    [
      'linux(+unsorted+erofs)',
      p('linux', 'amd64', undefined, { 'os.features': ['unsorted', 'erofs'] }),
      'linux(+erofs+unsorted)/amd64',
      true
    ],
    [
      'windows(10.0.17763%2Bbuild.42)',
      p('windows', 'amd64', undefined, { 'os.version': '10.0.17763+build.42' }),
      'windows(10.0.17763%2Bbuild.42)/amd64',
      true
    ],
    [
      'windows(10.0.17763%2Bbuild.42+win32k)',
      p('windows', 'amd64', undefined, { 'os.version': '10.0.17763+build.42', 'os.features': ['win32k'] }),
      'windows(10.0.17763%2Bbuild.42+win32k)/amd64',
      true
    ],
    [
      'windows(50%25done)',
      p('windows', 'amd64', undefined, { 'os.version': '50%done' }),
      'windows(50%25done)/amd64',
      true
    ],
    // ours: specifiers the action's users write
    ['linux/aarch64', p('linux', 'arm64'), 'linux/arm64', false],
    // os/arch drops arm's default v7 (Parse case 2)
    ['linux/armhf', p('linux', 'arm'), 'linux/arm', false],
    ['linux/armel', p('linux', 'arm', 'v6'), 'linux/arm/v6', false],
    ['linux/amd64/v1', p('linux', 'amd64'), 'linux/amd64', false],
    ['linux/amd64/v3', p('linux', 'amd64', 'v3'), 'linux/amd64/v3', false],
    ['linux/arm64/v9.0', p('linux', 'arm64', 'v9'), 'linux/arm64/v9', false],
    ['linux/arm64/v8.0', p('linux', 'arm64', 'v8'), 'linux/arm64/v8', false],
    ['linux/riscv64', p('linux', 'riscv64'), 'linux/riscv64', false],
    ['linux/mips64le', p('linux', 'mips64le'), 'linux/mips64le', false],
    ['linux/loong64', p('linux', 'loong64'), 'linux/loong64', false],
    ['linux/UNKNOWN_ARCH', p('linux', 'unknown_arch'), 'linux/unknown_arch', false],
    ['plan9/386', p('plan9', '386'), 'plan9/386', false],
    ['darwin/arm64', p('darwin', 'arm64'), 'darwin/arm64', false],
    ['windows/amd64', p('windows', 'amd64'), 'windows/amd64', false]
  ])('%s', (input, expected, formatted, useFormatAll) => {
    const parsed = parseSpecifier(input, { host: HOST })
    expect(parsed).toEqual(expected)
    const format = useFormatAll ? formatPlatformWithVersion : formatPlatform
    expect(format(parsed)).toBe(formatted)
    // re-parse the formatted output: stable
    expect(format(parseSpecifier(formatted, { host: HOST }))).toBe(formatted)
  })

  test.each<[string, Platform]>([
    // a known OS alone takes the host's architecture; arm's default v7 is left out (cpuVariant)
    ['linux', p('linux', 'arm64')],
    ['windows', p('windows', 'arm64')]
  ])('%s on an arm64/v8 host', (input, expected) => {
    expect(parseSpecifier(input, { host: p('linux', 'arm64', 'v8') })).toEqual(expected)
  })

  test.each<[Platform, Platform]>([
    [p('linux', 'arm', 'v7'), p('linux', 'arm')],
    [p('linux', 'arm', 'v6'), p('linux', 'arm', 'v6')]
  ])('linux on host %j', (host, expected) => {
    expect(parseSpecifier('linux', { host })).toEqual(expected)
  })

  test('ours: a bare architecture means linux when no host is given', () => {
    expect(parseSpecifier('arm64')).toEqual(p('linux', 'arm64'))
    expect(parseSpecifier('arm64', { host: p('windows', 'amd64') })).toEqual(p('windows', 'arm64'))
  })
})

describe('the parsed specifier matches its spellings (TestParseSelector matches)', () => {
  test.each<[string, Platform]>([
    ['linux/arm64', p('linux', 'aarch64')],
    ['linux/arm64', p('linux', 'aarch64', 'v8')],
    ['linux/arm64', p('linux', 'arm64', 'v8')],
    ['linux/arm64/v8', p('linux', 'aarch64')],
    ['linux/arm64/v8', p('linux', 'aarch64', 'v8')],
    ['linux/arm64/v8', p('linux', 'arm64')],
    ['linux/arm', p('linux', 'arm', 'v7')],
    ['linux/arm', p('linux', 'armhf')],
    ['linux/arm', p('linux', 'arm', '7')],
    ['linux/arm/v6', p('linux', 'armel')],
    ['linux/arm/v7', p('linux', 'arm')],
    ['linux/arm/v7', p('linux', 'armhf')]
  ])('%s matches %j', (spec, have) => {
    const want = parseSpecifier(spec)
    expect(matchesPlatform(want, have)).toBe(true)
    expect(matchesPlatform(want, want)).toBe(true)
    expect(matchesStrict(want, have)).toBe(true)
  })
})

describe('invalid specifiers (TestParseSelectorInvalid)', () => {
  test.each([
    '', // empty
    '/linux/arm', // leading slash
    'linux/arm/', // trailing slash
    'linux /arm', // spaces
    'linux/&arm', // invalid character
    'linux/arm/foo/bar', // too many components
    'amd64/windows(10.0.17763)/foo', // only the first element accepts os[(osVersion)]
    'linux)()---()..../arm/foo',
    '../arm/foo',
    '*',
    'linux/*',
    '*/arm64',
    'windows(%zz)/amd64', // malformed %-escape
    'windows(10.0%2)/amd64',
    'foo', // neither a known OS nor a known architecture
    'arm64(1.0)',
    // ours
    'linux/',
    'linux/amd64/v7/extra',
    'foo bar',
    'linux/UNKNOWN_ARCH!!',
    'linux/amd64 ',
    'windows/amd64:10.0.17763.1697'
  ])('%j', (input) => {
    const error = thrown(() => parsePlatform(input, { host: HOST }))
    expect(error.kind).toBe('invalid-input')
    expect(error.message.startsWith(`invalid platform "${input}": `)).toBe(true)
    expect(error.oneLine()).not.toContain('\n')
    expect(error.hint).toBeDefined()
  })

  test.each<[string, string, string]>([
    ['linux/', 'the architecture is empty', 'e.g. linux/arm64'],
    ['linux/amd64/v7/extra', 'too many "/"-separated parts', 'os/arch[/variant]'],
    ['foo bar', '"foo bar" is not a valid operating system', 'os/arch[/variant]'],
    ['', 'the operating system is empty', 'os/arch[/variant]'],
    ['linux/UNKNOWN_ARCH!!', '"UNKNOWN_ARCH!!" is not a valid architecture', 'os/arch[/variant]'],
    ['linux/arm/v7!', '"v7!" is not a valid variant', 'os/arch[/variant]'],
    ['foo', '"foo" is neither a known operating system nor a known architecture', 'os/arch[/variant]'],
    [
      'windows/amd64:10.0.17763.1697',
      'the os.version goes in parentheses',
      'write it as windows(10.0.17763.1697)/amd64'
    ]
  ])('ours: %j says what is wrong', (input, problem, hint) => {
    const error = thrown(() => parsePlatform(input))
    expect(error.message).toContain(problem)
    expect(error.hint).toContain(hint)
  })

  test('ours: a bare OS needs a host to take the architecture from', () => {
    expect(thrown(() => parsePlatform('linux')).message).toBe(
      'invalid platform "linux": "linux" names an operating system but no architecture'
    )
  })
})

describe('formatPlatformWithVersion is containerd FormatAll (TestFormatAllEncoding)', () => {
  test.each<[Platform, string]>([
    [
      p('windows', 'amd64', undefined, { 'os.version': '10.0.17763+build.42' }),
      'windows(10.0.17763%2Bbuild.42)/amd64'
    ],
    [
      p('windows', 'amd64', undefined, { 'os.version': '10.0.17763+build.42', 'os.features': ['win32k'] }),
      'windows(10.0.17763%2Bbuild.42+win32k)/amd64'
    ],
    [p('windows', 'amd64', undefined, { 'os.version': '50%done' }), 'windows(50%25done)/amd64'],
    [p('windows', 'amd64', undefined, { 'os.version': '1.0(beta)' }), 'windows(1.0%28beta%29)/amd64'],
    [p('windows', 'amd64', undefined, { 'os.version': 'a/b' }), 'windows(a%2Fb)/amd64'],
    [p('windows', 'amd64', undefined, { 'os.version': '10.0.17763' }), 'windows(10.0.17763)/amd64'],
    [p('linux', 'amd64', undefined, { 'os.features': ['feat+v2'] }), 'linux(+feat%2Bv2)/amd64'],
    [p('linux', 'amd64', undefined, { 'os.features': ['100%gpu'] }), 'linux(+100%25gpu)/amd64'],
    [
      p('windows', 'amd64', undefined, { 'os.version': '10.0+build', 'os.features': ['feat+1'] }),
      'windows(10.0%2Bbuild+feat%2B1)/amd64'
    ]
  ])('%j → %s, and back', (platform, expected) => {
    const formatted = formatPlatformWithVersion(platform)
    expect(formatted).toBe(expected)
    const reparsed = parseSpecifier(formatted)
    expect(reparsed['os.version']).toBe(platform['os.version'])
    expect(reparsed['os.features']).toEqual(platform['os.features'])
  })

  test('empty os.features are skipped (TestFormatAllSkipsEmptyOSFeatures)', () => {
    const platform = p('linux', 'amd64', undefined, { 'os.features': ['', 'gpu', '', 'simd'] })
    expect(formatPlatformWithVersion(platform)).toBe('linux(+gpu+simd)/amd64')
  })

  test.each<[Platform, string, string]>([
    [p('', 'amd64'), 'unknown', 'unknown'],
    [p('linux', 'arm', 'v7'), 'linux/arm/v7', 'linux/arm/v7'],
    [
      p('windows', 'amd64', undefined, { 'os.version': '10.0.17763.1697' }),
      'windows/amd64',
      'windows(10.0.17763.1697)/amd64'
    ],
    [p('linux', 'aarch64', 'v8'), 'linux/aarch64/v8', 'linux/aarch64/v8']
  ])('ours: Format and FormatAll of %j, as given', (platform, formatted, formattedAll) => {
    expect(formatPlatform(platform)).toBe(formatted)
    expect(formatPlatformWithVersion(platform)).toBe(formattedAll)
  })
})

describe('normalizePlatform is containerd Normalize (database.go normalizeArch)', () => {
  test.each<[Platform, Platform]>([
    [p('linux', 'aarch64'), p('linux', 'arm64')],
    [p('linux', 'aarch64', 'v8'), p('linux', 'arm64')],
    [p('linux', 'arm64', 'v8'), p('linux', 'arm64')],
    [p('linux', 'arm64', '8'), p('linux', 'arm64')],
    [p('linux', 'arm64', 'v8.0'), p('linux', 'arm64')],
    [p('linux', 'arm64', 'v8.2'), p('linux', 'arm64', 'v8.2')],
    [p('linux', 'arm64', '9'), p('linux', 'arm64', 'v9')],
    [p('linux', 'arm64', '9.0'), p('linux', 'arm64', 'v9')],
    [p('linux', 'arm64', 'v9.0'), p('linux', 'arm64', 'v9')],
    [p('linux', 'arm'), p('linux', 'arm', 'v7')],
    [p('linux', 'arm', '7'), p('linux', 'arm', 'v7')],
    [p('linux', 'arm', '5'), p('linux', 'arm', 'v5')],
    [p('linux', 'arm', '6'), p('linux', 'arm', 'v6')],
    [p('linux', 'arm', '8'), p('linux', 'arm', 'v8')],
    [p('linux', 'arm', '4'), p('linux', 'arm', '4')],
    [p('linux', 'armhf'), p('linux', 'arm', 'v7')],
    [p('linux', 'armhf', 'v6'), p('linux', 'arm', 'v7')],
    [p('linux', 'armel'), p('linux', 'arm', 'v6')],
    [p('linux', 'x86_64'), p('linux', 'amd64')],
    [p('linux', 'x86-64'), p('linux', 'amd64')],
    [p('linux', 'amd64', 'v1'), p('linux', 'amd64')],
    [p('linux', 'amd64', 'V3'), p('linux', 'amd64', 'v3')],
    [p('linux', 'i386'), p('linux', '386')],
    [p('linux', 'i386', 'foo'), p('linux', '386')],
    [p('Linux', 'AMD64'), p('linux', 'amd64')],
    [p('macos', 'arm64'), p('darwin', 'arm64')],
    [p('MacOS', 'arm64'), p('darwin', 'arm64')],
    [p('linux', 'riscv64'), p('linux', 'riscv64')],
    [p('linux', 'ppc64le'), p('linux', 'ppc64le')],
    [p('linux', 's390x'), p('linux', 's390x')],
    // containerd has no i686 or x64 spelling: they stay unknown architectures
    [p('linux', 'i686'), p('linux', 'i686')],
    [p('linux', 'x64'), p('linux', 'x64')],
    // os.version is kept, os.features sorted and de-duplicated
    [
      p('windows', 'AMD64', undefined, {
        'os.version': '10.0.17763.1697',
        'os.features': ['win32k', 'a', 'win32k']
      }),
      p('windows', 'amd64', undefined, { 'os.version': '10.0.17763.1697', 'os.features': ['a', 'win32k'] })
    ],
    [p('unknown', 'unknown'), p('unknown', 'unknown')]
  ])('%j → %j', (input, expected) => {
    const before = structuredClone(input)
    expect(normalizePlatform(input)).toEqual(expected)
    expect(input).toEqual(before)
  })
})

describe('parsePlatform gives the canonical form (ours)', () => {
  test.each<[string, string]>([
    ['linux/arm64/v8', 'linux/arm64'],
    ['linux/arm64', 'linux/arm64'],
    ['linux/aarch64', 'linux/arm64'],
    ['linux/aarch64/v8', 'linux/arm64'],
    ['arm64', 'linux/arm64'],
    ['x86_64', 'linux/amd64'],
    ['linux/x86-64', 'linux/amd64'],
    ['linux/amd64/v1', 'linux/amd64'],
    ['linux/amd64/v2', 'linux/amd64/v2'],
    ['linux/386', 'linux/386'],
    ['linux/i386', 'linux/386'],
    ['i386', 'linux/386'],
    ['linux/arm', 'linux/arm/v7'],
    ['linux/arm/7', 'linux/arm/v7'],
    ['linux/armhf', 'linux/arm/v7'],
    ['armhf', 'linux/arm/v7'],
    ['linux/armel', 'linux/arm/v6'],
    ['linux/arm/v5', 'linux/arm/v5'],
    ['linux/ppc64le', 'linux/ppc64le'],
    ['linux/s390x', 'linux/s390x'],
    ['darwin/arm64', 'darwin/arm64'],
    ['macos/arm64', 'darwin/arm64'],
    ['windows/amd64', 'windows/amd64'],
    ['Windows/AMD64', 'windows/amd64']
  ])('%s → %s', (input, key) => {
    const platform = parsePlatform(input)
    expect(formatPlatform(platform)).toBe(key)
    expect(platformKey(platform)).toBe(key)
    expect(parsePlatform(key)).toEqual(platform)
  })

  test('windows os.version is kept and formatted with containerd syntax', () => {
    const platform = parsePlatform('windows(10.0.17763.1697)/amd64')
    expect(platform).toEqual(p('windows', 'amd64', undefined, { 'os.version': '10.0.17763.1697' }))
    expect(formatPlatform(platform)).toBe('windows/amd64')
    expect(platformKey(platform)).toBe('windows/amd64')
    expect(platformIdentity(platform)).toBe('windows(10.0.17763.1697)/amd64')
  })
})

describe('platformKey normalises index entries (ours)', () => {
  test.each<[Platform, string]>([
    [p('linux', 'arm64', 'v8'), 'linux/arm64'],
    [p('linux', 'arm'), 'linux/arm/v7'],
    [p('linux', 'amd64', 'v1'), 'linux/amd64'],
    [p('unknown', 'unknown'), 'unknown/unknown'],
    [p('windows', 'amd64', undefined, { 'os.version': '10.0.20348.2113' }), 'windows/amd64']
  ])('%j → %s', (platform, key) => {
    expect(platformKey(platform)).toBe(key)
  })
})

/** Expands containerd's `{platform, matches: {true: [...], false: [...]}}` tables into rows. */
function rows(table: Record<string, { true: string[]; false: string[] }>): [string, string, boolean][] {
  return Object.entries(table).flatMap(([want, matches]) => [
    ...matches.true.map((have): [string, string, boolean] => [want, have, true]),
    ...matches.false.map((have): [string, string, boolean] => [want, have, false])
  ])
}

const NOT_LINUX = ['windows/amd64', 'windows/arm']

describe('matchesLenient is containerd Only (TestOnly)', () => {
  test.each(
    rows({
      'linux/amd64': {
        true: ['linux/amd64', 'linux/386'],
        false: ['linux/amd64/v2', 'linux/arm/v7', 'linux/arm64', ...NOT_LINUX]
      },
      'linux/amd64/v2': {
        true: ['linux/amd64', 'linux/amd64/v1', 'linux/amd64/v2', 'linux/386'],
        false: ['linux/amd64/v3', 'linux/amd64/v4', 'linux/arm/v7', 'linux/arm64', ...NOT_LINUX]
      },
      'linux/386': {
        true: ['linux/386'],
        false: ['linux/amd64', 'linux/arm/v7', 'linux/arm64', ...NOT_LINUX]
      },
      'windows/amd64': {
        true: ['windows/amd64', 'windows(10.0.17763)/amd64'],
        false: ['linux/amd64', 'linux/arm/v7', 'linux/arm64', 'windows/arm']
      },
      'linux/arm/v8': {
        true: ['linux/arm', 'linux/arm/v5', 'linux/arm/v6', 'linux/arm/v7', 'linux/arm/v8'],
        false: ['linux/amd64', 'linux/arm/v4', 'linux/arm64', ...NOT_LINUX]
      },
      'linux/arm/v7': {
        true: ['linux/arm', 'linux/arm/v5', 'linux/arm/v6', 'linux/arm/v7'],
        false: ['linux/amd64', 'linux/arm/v4', 'linux/arm/v8', 'linux/arm64', ...NOT_LINUX]
      },
      'linux/arm/v6': {
        true: ['linux/arm/v5', 'linux/arm/v6'],
        false: [
          'linux/amd64',
          'linux/arm',
          'linux/arm/v4',
          'linux/arm/v7',
          'linux/arm/v8',
          'linux/arm64',
          ...NOT_LINUX
        ]
      },
      'linux/arm/v5': {
        true: ['linux/arm/v5'],
        false: [
          'linux/amd64',
          'linux/arm',
          'linux/arm/v4',
          'linux/arm/v6',
          'linux/arm/v7',
          'linux/arm/v8',
          'linux/arm64',
          ...NOT_LINUX
        ]
      },
      'linux/arm/v4': {
        true: ['linux/arm/v4'],
        false: [
          'linux/amd64',
          'linux/arm',
          'linux/arm/v5',
          'linux/arm/v6',
          'linux/arm/v7',
          'linux/arm/v8',
          'linux/arm64',
          ...NOT_LINUX
        ]
      },
      'linux/arm64': {
        true: [
          'linux/arm',
          'linux/arm/v5',
          'linux/arm/v6',
          'linux/arm/v7',
          'linux/arm/v8',
          'linux/arm64',
          'linux/arm64/v8'
        ],
        false: [
          'linux/amd64',
          'linux/arm/v4',
          'linux/arm/v9',
          'linux/arm64/v7',
          'linux/arm64/v9',
          ...NOT_LINUX
        ]
      },
      'linux/arm64/v9': {
        true: [
          'linux/arm',
          'linux/arm/v5',
          'linux/arm/v6',
          'linux/arm/v7',
          'linux/arm/v8',
          'linux/arm64',
          'linux/arm64/v8',
          'linux/arm64/v8.1',
          'linux/arm64/v8.2',
          'linux/arm64/v8.3',
          'linux/arm64/v8.4',
          'linux/arm64/v8.5',
          'linux/arm64/v9',
          'linux/arm64/v9.0'
        ],
        false: [
          'linux/amd64',
          'linux/arm/v4',
          'linux/arm64/v7',
          'linux/arm64/v10',
          'linux/arm64/v8.6',
          'windows/arm64',
          ...NOT_LINUX
        ]
      },
      'linux/arm64/v8.1': {
        true: [
          'linux/arm',
          'linux/arm/v5',
          'linux/arm/v6',
          'linux/arm/v7',
          'linux/arm/v8',
          'linux/arm64',
          'linux/arm64/v8',
          'linux/arm64/v8.1'
        ],
        false: ['linux/amd64', 'linux/arm/v4', 'linux/arm/v9', 'linux/arm64/v9', ...NOT_LINUX]
      },
      // ours
      'linux/arm64/v9.4': {
        true: [
          'linux/arm64/v9.3',
          'linux/arm64/v9.1',
          'linux/arm64/v8.9',
          'linux/arm64/v8.6',
          'linux/arm/v8'
        ],
        false: ['linux/arm64/v9.5', 'linux/arm/v9']
      },
      'linux/aarch64': {
        true: ['linux/arm64', 'linux/arm64/v8', 'linux/armhf', 'linux/armel', 'linux/arm/v5'],
        false: ['linux/arm64/v8.1', 'linux/amd64']
      },
      'linux/armhf': {
        true: ['linux/arm', 'linux/arm/v7', 'linux/armel', 'linux/arm/v5'],
        false: ['linux/arm64', 'linux/arm/v8']
      },
      'linux/x86_64': {
        true: ['linux/amd64', 'linux/i386', 'linux/386'],
        false: ['linux/amd64/v2', 'linux/arm64']
      },
      'linux/riscv64': { true: ['linux/riscv64'], false: ['linux/riscv64/rva23u64', 'linux/amd64'] },
      'linux/ppc64le/power10': {
        true: ['linux/ppc64le/power10'],
        false: ['linux/ppc64le/power9', 'linux/ppc64le']
      }
    })
  )('Only(%s).Match(%s) is %s', (want, have, expected) => {
    expect(matchesLenient(parseSpecifier(want), parseSpecifier(have))).toBe(expected)
  })
})

describe('matchesStrict is containerd OnlyStrict (TestOnlyStrict)', () => {
  test.each(
    rows({
      'linux/amd64': {
        true: ['linux/amd64'],
        false: ['linux/386', 'linux/arm/v7', 'linux/arm64', ...NOT_LINUX]
      },
      'linux/386': {
        true: ['linux/386'],
        false: ['linux/amd64', 'linux/arm/v7', 'linux/arm64', ...NOT_LINUX]
      },
      'windows/amd64': {
        true: ['windows/amd64', 'windows(10.0.17763)/amd64'],
        false: ['linux/amd64', 'linux/arm/v7', 'linux/arm64', 'windows/arm']
      },
      // upstream also accepts "windows/amd64" (no os.version) here; ours requires the pinned version, see below
      'windows(10.0.17763)/amd64': {
        true: ['windows(10.0.17763)/amd64'],
        false: ['linux/amd64', 'linux/arm/v7', 'linux/arm64', 'windows/arm']
      },
      'linux/arm/v8': {
        true: ['linux/arm/v8'],
        false: [
          'linux/arm',
          'linux/arm/v5',
          'linux/arm/v6',
          'linux/arm/v7',
          'linux/amd64',
          'linux/arm/v4',
          'linux/arm64',
          ...NOT_LINUX
        ]
      },
      'linux/arm/v7': {
        true: ['linux/arm', 'linux/arm/v7'],
        false: [
          'linux/arm/v5',
          'linux/arm/v6',
          'linux/amd64',
          'linux/arm/v4',
          'linux/arm/v8',
          'linux/arm64',
          ...NOT_LINUX
        ]
      },
      'linux/arm/v6': {
        true: ['linux/arm/v6'],
        false: [
          'linux/arm/v5',
          'linux/amd64',
          'linux/arm',
          'linux/arm/v4',
          'linux/arm/v7',
          'linux/arm/v8',
          'linux/arm64',
          ...NOT_LINUX
        ]
      },
      'linux/arm/v5': {
        true: ['linux/arm/v5'],
        false: [
          'linux/amd64',
          'linux/arm',
          'linux/arm/v4',
          'linux/arm/v6',
          'linux/arm/v7',
          'linux/arm/v8',
          'linux/arm64',
          ...NOT_LINUX
        ]
      },
      'linux/arm/v4': {
        true: ['linux/arm/v4'],
        false: [
          'linux/amd64',
          'linux/arm',
          'linux/arm/v5',
          'linux/arm/v6',
          'linux/arm/v7',
          'linux/arm/v8',
          'linux/arm64',
          ...NOT_LINUX
        ]
      },
      'linux/arm64': {
        true: ['linux/arm64', 'linux/arm64/v8'],
        false: [
          'linux/arm',
          'linux/arm/v5',
          'linux/arm/v6',
          'linux/arm/v7',
          'linux/arm/v8',
          'linux/amd64',
          'linux/arm/v4',
          'linux/arm/v9',
          'linux/arm64/v7',
          'linux/arm64/v9',
          ...NOT_LINUX
        ]
      },
      'linux/arm64/v9': {
        true: ['linux/arm64/v9', 'linux/arm64/v9.0'],
        false: [
          'linux/arm',
          'linux/arm/v5',
          'linux/arm/v6',
          'linux/arm/v7',
          'linux/arm/v8',
          'linux/amd64',
          'linux/arm/v4',
          'linux/arm/v9',
          'linux/arm64/v7',
          'linux/arm64',
          'linux/arm64/v8',
          'linux/arm64/v8.1',
          'linux/arm64/v10',
          'windows/arm64',
          ...NOT_LINUX
        ]
      },
      'linux/arm64/v8.1': {
        true: ['linux/arm64/v8.1'],
        false: [
          'linux/arm',
          'linux/arm/v5',
          'linux/arm/v6',
          'linux/arm/v7',
          'linux/arm/v8',
          'linux/amd64',
          'linux/arm/v4',
          'linux/arm/v9',
          'linux/arm64/v8',
          'linux/arm64/v9',
          ...NOT_LINUX
        ]
      },
      // ours: the spellings users and registries mix
      'linux/arm64/v8': {
        true: ['linux/arm64', 'linux/aarch64', 'linux/aarch64/v8'],
        false: ['linux/arm64/v8.2']
      },
      'linux/arm': {
        true: ['linux/arm/v7', 'linux/armhf', 'linux/arm/7'],
        false: ['linux/armel', 'linux/arm/v6']
      },
      'linux/armel': { true: ['linux/arm/v6', 'linux/arm/6'], false: ['linux/arm', 'linux/arm/v5'] },
      'linux/x86_64': {
        true: ['linux/amd64', 'linux/amd64/v1', 'linux/x86-64'],
        false: ['linux/386', 'linux/amd64/v2']
      },
      'linux/i386': { true: ['linux/386'], false: ['linux/amd64'] },
      'Linux/AMD64': { true: ['linux/amd64'], false: ['darwin/amd64'] },
      'macos/arm64': { true: ['darwin/arm64'], false: ['linux/arm64'] }
    })
  )('OnlyStrict(%s).Match(%s) is %s', (want, have, expected) => {
    expect(matchesStrict(parseSpecifier(want), parseSpecifier(have))).toBe(expected)
  })
})

describe('Windows os.version', () => {
  const LTSC2019 = 17763
  const LTSC2022 = 20348
  const WIN11_22H2 = 22621
  const V23H2 = 25398
  const LTSC2025 = 26100
  const win = (build: number | string): Platform =>
    p('windows', 'amd64', undefined, { 'os.version': `10.0.${build}` })

  // Test_PlatformCompat (platform_windows_compat_test.go): can a host of this build run that container?
  test.each<[number, number, boolean]>([
    [LTSC2019, LTSC2019, true],
    [LTSC2019, LTSC2022, false],
    [LTSC2022, LTSC2019, false],
    [LTSC2022, LTSC2022, true],
    [WIN11_22H2, LTSC2019, false],
    [WIN11_22H2, LTSC2022, true],
    [V23H2, LTSC2019, false],
    [V23H2, LTSC2022, true],
    [LTSC2025, LTSC2022, true],
    [LTSC2022, LTSC2025, false],
    [LTSC2022, WIN11_22H2, false],
    [LTSC2025, WIN11_22H2, true]
  ])('host 10.0.%d runs container 10.0.%d: %s', (host, container, expected) => {
    expect(matchesLenient(win(host), win(container))).toBe(expected)
  })

  // TestMatchComparerMatch_ABICheckWCOW (defaults_windows_test.go) and TestFallbackOnOSVersion
  test.each<[Platform, Platform, boolean]>([
    [win(LTSC2019), win(LTSC2019), true],
    [win(LTSC2019), win(LTSC2022), false],
    [win(LTSC2022), win(LTSC2019), false],
    [win(LTSC2022), win(LTSC2022), true],
    [win(WIN11_22H2), win(LTSC2019), false],
    [win(WIN11_22H2), win(LTSC2022), true],
    [p('windows', 'amd64'), win(LTSC2019), true],
    [p('windows', 'amd64'), p('windows', 'amd64'), true],
    [p('windows', 'amd64'), win(WIN11_22H2), true],
    [win('17763.1'), win('17763.2'), true],
    [win(LTSC2019), win('17762.1'), false],
    [win(LTSC2019), win('17764.1'), false],
    [win(LTSC2019), p('windows', 'amd64'), true],
    [win(LTSC2019), p('linux', 'amd64'), false],
    [p('windows', 'amd64', undefined, { 'os.version': '99.99.99.99' }), p('windows', 'amd64'), true],
    // ours: a version that is not major.minor.build does not constrain, as upstream
    [p('windows', 'amd64', undefined, { 'os.version': '10.0' }), win(LTSC2019), true],
    [p('windows', 'amd64', undefined, { 'os.version': '10.0.99999' }), win(LTSC2019), true]
  ])('Only(%j).Match(%j) is %s', (want, have, expected) => {
    expect(matchesLenient(want, have)).toBe(expected)
  })

  // ours: coverage wants the pinned build itself
  test.each<[string, Platform, boolean]>([
    ['windows/amd64', win('17763.1697'), true],
    ['windows/amd64', p('windows', 'amd64'), true],
    ['windows(10.0.17763)/amd64', win('17763.1697'), true],
    ['windows(10.0.17763)/amd64', win('17763'), true],
    ['windows(10.0.17763)/amd64', win('20348.2113'), false],
    ['windows(10.0.17763)/amd64', win('177630.1'), false],
    ['windows(10.0.17763)/amd64', p('windows', 'amd64'), false],
    ['windows(10.0.17763.1697)/amd64', win('17763.1697'), true],
    ['windows(10.0.17763.1697)/amd64', win('17763.1698'), false],
    ['windows(10.0.20348)/amd64', win('20348.2113'), true],
    ['windows(10.0.26100)/amd64', win('20348.2113'), false],
    ['windows(10.0.17763)/arm64', win('17763.1697'), false]
  ])('matchesStrict(%s, %j) is %s', (want, have, expected) => {
    expect(matchesStrict(parsePlatform(want), have)).toBe(expected)
  })

  test.each<[string, Platform, boolean]>([
    // lenient follows containerd: same build (or the LTSC range) at any revision, or no version at all
    ['windows(10.0.17763.1697)/amd64', win('17763.1698'), true],
    ['windows(10.0.17763)/amd64', p('windows', 'amd64'), true],
    ['windows(10.0.26100)/amd64', win('20348.2113'), true]
  ])('ours: matchesLenient(%s, %j) is %s', (want, have, expected) => {
    expect(matchesLenient(parsePlatform(want), have)).toBe(expected)
  })
})

describe('os.features', () => {
  const feat = (...features: string[]): Platform =>
    p('windows', 'amd64', undefined, { 'os.features': features })
  test.each<[Platform, Platform, boolean]>([
    // an entry's features must all be offered by the request (platforms.go, matcher.Match)
    [p('windows', 'amd64'), p('windows', 'amd64'), true],
    [p('windows', 'amd64'), feat('win32k'), false],
    [feat('win32k'), p('windows', 'amd64'), true],
    [feat('win32k'), feat('win32k'), true],
    [feat('a', 'win32k'), feat('win32k'), true],
    [feat('win32k', 'a'), feat('a', 'win32k'), true],
    [feat('win32k'), feat('a', 'win32k'), false]
  ])('%j accepts %j: %s', (want, have, expected) => {
    expect(matchesPlatform(want, have)).toBe(expected)
    expect(matchesStrict(want, have)).toBe(expected)
    expect(matchesLenient(want, have)).toBe(expected)
  })
})

describe('preferenceOrder is containerd platformVector (compare.go)', () => {
  test.each<[string, string[]]>([
    ['linux/amd64', ['linux/amd64', 'linux/386']],
    ['linux/x86_64', ['linux/amd64', 'linux/386']],
    ['linux/amd64/v2', ['linux/amd64/v2', 'linux/amd64', 'linux/386']],
    ['linux/amd64/v3', ['linux/amd64/v3', 'linux/amd64/v2', 'linux/amd64', 'linux/386']],
    ['linux/amd64/v4', ['linux/amd64/v4', 'linux/amd64/v3', 'linux/amd64/v2', 'linux/amd64', 'linux/386']],
    ['linux/386', ['linux/386']],
    ['linux/arm/v8', ['linux/arm/v8', 'linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5']],
    ['linux/arm/v7', ['linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5']],
    ['linux/arm', ['linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5']],
    ['linux/armhf', ['linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5']],
    ['linux/arm/v6', ['linux/arm/v6', 'linux/arm/v5']],
    ['linux/armel', ['linux/arm/v6', 'linux/arm/v5']],
    ['linux/arm/v5', ['linux/arm/v5']],
    ['linux/arm/v4', ['linux/arm/v4']],
    ['linux/arm64', ['linux/arm64', 'linux/arm/v8', 'linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5']],
    ['linux/arm64/v8', ['linux/arm64', 'linux/arm/v8', 'linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5']],
    ['linux/aarch64', ['linux/arm64', 'linux/arm/v8', 'linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5']],
    [
      'linux/arm64/v8.2',
      [
        'linux/arm64/v8.2',
        'linux/arm64/v8.1',
        'linux/arm64',
        'linux/arm/v8',
        'linux/arm/v7',
        'linux/arm/v6',
        'linux/arm/v5'
      ]
    ],
    [
      'linux/arm64/v9',
      [
        'linux/arm64/v9',
        'linux/arm64/v8.5',
        'linux/arm64/v8.4',
        'linux/arm64/v8.3',
        'linux/arm64/v8.2',
        'linux/arm64/v8.1',
        'linux/arm64',
        // upstream only maps "v9.x" (with a dot) to arm/v8, so plain v9 falls back through arm/v9
        'linux/arm/v9',
        'linux/arm/v8',
        'linux/arm/v7',
        'linux/arm/v6',
        'linux/arm/v5'
      ]
    ],
    [
      'linux/arm64/v9.2',
      [
        'linux/arm64/v9.2',
        'linux/arm64/v9.1',
        'linux/arm64/v9',
        'linux/arm64/v8.7',
        'linux/arm64/v8.6',
        'linux/arm64/v8.5',
        'linux/arm64/v8.4',
        'linux/arm64/v8.3',
        'linux/arm64/v8.2',
        'linux/arm64/v8.1',
        'linux/arm64',
        'linux/arm/v8',
        'linux/arm/v7',
        'linux/arm/v6',
        'linux/arm/v5'
      ]
    ],
    [
      // v9.5 is compatible with v8.9 at most (Armv8 stops at .9)
      'linux/arm64/v9.5',
      [
        'linux/arm64/v9.5',
        'linux/arm64/v9.4',
        'linux/arm64/v9.3',
        'linux/arm64/v9.2',
        'linux/arm64/v9.1',
        'linux/arm64/v9',
        'linux/arm64/v8.9',
        'linux/arm64/v8.8',
        'linux/arm64/v8.7',
        'linux/arm64/v8.6',
        'linux/arm64/v8.5',
        'linux/arm64/v8.4',
        'linux/arm64/v8.3',
        'linux/arm64/v8.2',
        'linux/arm64/v8.1',
        'linux/arm64',
        'linux/arm/v8',
        'linux/arm/v7',
        'linux/arm/v6',
        'linux/arm/v5'
      ]
    ],
    ['linux/s390x', ['linux/s390x']],
    ['linux/ppc64le', ['linux/ppc64le']],
    ['linux/riscv64', ['linux/riscv64']],
    ['windows/amd64', ['windows/amd64', 'windows/386']],
    ['darwin/arm64', ['darwin/arm64', 'darwin/arm/v8', 'darwin/arm/v7', 'darwin/arm/v6', 'darwin/arm/v5']]
  ])('%s', (want, expected) => {
    expect(preferenceOrder(parsePlatform(want)).map(formatPlatform)).toEqual(expected)
  })

  test('os.version and os.features are carried to every fallback', () => {
    const order = preferenceOrder(parsePlatform('windows(10.0.17763+win32k)/amd64'))
    expect(order.map(formatPlatformWithVersion)).toEqual([
      'windows(10.0.17763+win32k)/amd64',
      'windows(10.0.17763+win32k)/386'
    ])
  })
})

interface Entry {
  name: string
  platform?: Platform
}

/** An index's manifest list: name → platform spec (or no platform at all). */
function entries(...specs: (string | undefined)[]): Entry[] {
  return specs.map((spec, i) => ({
    name: spec ?? `no-platform-${i}`,
    ...(spec === undefined ? {} : { platform: parseSpecifier(spec) })
  }))
}

describe('bestMatch is what a containerd client pulls (Only + Less, ours)', () => {
  test.each<[string, (string | undefined)[], string | undefined]>([
    ['linux/arm64', ['linux/amd64', 'linux/arm/v7', 'linux/arm64/v8'], 'linux/arm64/v8'],
    ['linux/arm64/v8', ['linux/amd64', 'linux/aarch64'], 'linux/aarch64'],
    ['linux/arm64', ['linux/arm/v6', 'linux/arm/v7', 'linux/amd64'], 'linux/arm/v7'],
    ['linux/arm64', ['linux/arm/v5', 'linux/arm/v6'], 'linux/arm/v6'],
    ['linux/arm/v7', ['linux/arm/v5', 'linux/arm/v6', 'linux/arm64'], 'linux/arm/v6'],
    ['linux/arm/v7', ['linux/arm', 'linux/arm/v6'], 'linux/arm'],
    ['linux/arm/v6', ['linux/arm/v7', 'linux/arm64'], undefined],
    ['linux/amd64', ['linux/386', 'linux/arm64'], 'linux/386'],
    ['linux/amd64', ['linux/386', 'linux/amd64'], 'linux/amd64'],
    ['linux/amd64', ['linux/amd64/v2', 'linux/386'], 'linux/386'],
    ['linux/amd64/v3', ['linux/amd64', 'linux/amd64/v2', 'linux/amd64/v4'], 'linux/amd64/v2'],
    ['linux/amd64', [undefined, 'unknown/unknown', 'linux/amd64'], 'linux/amd64'],
    ['linux/s390x', ['linux/amd64', 'linux/arm64'], undefined],
    ['linux/amd64', [], undefined],
    // equal preference: the first in the index wins (stable sort)
    ['linux/amd64', ['linux/x86_64', 'linux/amd64'], 'linux/x86_64'],
    [
      'windows/amd64',
      ['linux/amd64', 'windows(10.0.17763.1697)/amd64', 'windows(10.0.20348.2113)/amd64'],
      'windows(10.0.17763.1697)/amd64'
    ],
    [
      'windows(10.0.20348)/amd64',
      ['windows(10.0.17763.1697)/amd64', 'windows(10.0.20348.2113)/amd64'],
      'windows(10.0.20348.2113)/amd64'
    ]
  ])('want %s from %j → %s', (want, index, expected) => {
    expect(bestMatch(parsePlatform(want), entries(...index))?.name).toBe(expected)
  })

  test('sortByPreference keeps only what Only accepts, in Less order', () => {
    const index = entries(
      'linux/arm/v5',
      'linux/amd64',
      'linux/arm64',
      'linux/arm/v7',
      undefined,
      'linux/arm/v7'
    )
    expect(sortByPreference(parsePlatform('linux/arm64'), index).map((e) => e.name)).toEqual([
      'linux/arm64',
      'linux/arm/v7',
      'linux/arm/v7',
      'linux/arm/v5'
    ])
  })

  test.each<[Platform, Platform, boolean]>([
    [p('linux', 'arm64'), p('linux', 'arm', 'v7'), true],
    [p('linux', 'arm', 'v7'), p('linux', 'arm64'), false],
    [p('linux', 'arm', 'v7'), p('linux', 'amd64'), true],
    [p('linux', 'amd64'), p('linux', 's390x'), false],
    [p('linux', 'arm64'), p('linux', 'aarch64'), false],
    // same entry matched: more os.features first
    [p('linux', 'arm64', undefined, { 'os.features': ['gpu'] }), p('linux', 'arm64'), true],
    [p('linux', 'arm64'), p('linux', 'arm64', undefined, { 'os.features': ['gpu'] }), false],
    // neither matches with features: compared again without them
    [
      p('linux', 'arm64', undefined, { 'os.features': ['x'] }),
      p('linux', 'arm', 'v7', { 'os.features': ['x'] }),
      true
    ]
  ])('Less for linux/arm64(+gpu): %j before %j is %s', (p1, p2, expected) => {
    const want = p('linux', 'arm64', undefined, { 'os.features': ['gpu'] })
    expect(platformLess(want, p1, p2)).toBe(expected)
  })

  test('more os.features wins when both are offered', () => {
    const want = parsePlatform('windows(10.0.20348+win32k)/amd64')
    const index = entries('windows(10.0.20348.1)/amd64', 'windows(10.0.20348.2+win32k)/amd64')
    expect(bestMatch(want, index)?.name).toBe('windows(10.0.20348.2+win32k)/amd64')
  })
})

describe('parsePlatformList (ours)', () => {
  test.each<[string, string[]]>([
    ['linux/amd64,linux/arm64', ['linux/amd64', 'linux/arm64']],
    ['linux/amd64, linux/arm64 ,linux/arm/v7', ['linux/amd64', 'linux/arm64', 'linux/arm/v7']],
    ['linux/amd64\nlinux/arm64\n', ['linux/amd64', 'linux/arm64']],
    ['\n  linux/amd64\r\n  linux/arm64,linux/s390x\n\n', ['linux/amd64', 'linux/arm64', 'linux/s390x']],
    ['linux/aarch64,linux/armhf,linux/x86_64', ['linux/arm64', 'linux/arm/v7', 'linux/amd64']],
    ['linux/amd64,,linux/386, ,', ['linux/amd64', 'linux/386']],
    ['', []],
    [' \n , ', []],
    // two Windows builds are two platforms
    [
      'windows(10.0.17763)/amd64,windows(10.0.20348)/amd64',
      ['windows(10.0.17763)/amd64', 'windows(10.0.20348)/amd64']
    ],
    ['linux/arm/v6,linux/arm/v7', ['linux/arm/v6', 'linux/arm/v7']]
  ])('%j', (input, expected) => {
    expect(parsePlatformList(input).map(formatPlatformWithVersion)).toEqual(expected)
  })

  test.each<[string, string]>([
    [
      'linux/arm64/v8,linux/aarch64',
      'platforms "linux/arm64/v8" and "linux/aarch64" are the same platform (linux/arm64)'
    ],
    [
      'linux/arm64\nlinux/arm64/v8',
      'platforms "linux/arm64" and "linux/arm64/v8" are the same platform (linux/arm64)'
    ],
    [
      'linux/arm,linux/arm/v7',
      'platforms "linux/arm" and "linux/arm/v7" are the same platform (linux/arm/v7)'
    ],
    ['linux/armhf,linux/arm', 'platforms "linux/armhf" and "linux/arm" are the same platform (linux/arm/v7)'],
    [
      'linux/armel,linux/arm/v6',
      'platforms "linux/armel" and "linux/arm/v6" are the same platform (linux/arm/v6)'
    ],
    [
      'linux/x86_64,linux/amd64',
      'platforms "linux/x86_64" and "linux/amd64" are the same platform (linux/amd64)'
    ],
    [
      'linux/amd64/v1,linux/amd64',
      'platforms "linux/amd64/v1" and "linux/amd64" are the same platform (linux/amd64)'
    ],
    ['linux/i386,linux/386', 'platforms "linux/i386" and "linux/386" are the same platform (linux/386)'],
    ['linux/amd64,linux/amd64', 'platform "linux/amd64" is listed twice'],
    ['arm64,linux/arm64', 'platforms "arm64" and "linux/arm64" are the same platform (linux/arm64)']
  ])('%j is an error naming both spellings', (input, message) => {
    const error = thrown(() => parsePlatformList(input))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toBe(message)
    expect(error.hint).toBe('list each platform once')
  })

  test('every problem is reported at once, on one line', () => {
    const error = thrown(() => parsePlatformList('linux/amd64\nlinux/\nlinux/x86_64\nfoo bar'))
    expect(error.message).toBe(
      'invalid platform "linux/": the architecture is empty; ' +
        'platforms "linux/amd64" and "linux/x86_64" are the same platform (linux/amd64); ' +
        'invalid platform "foo bar": "foo bar" is not a valid operating system ' +
        '(letters, digits, "_" and "-", optionally followed by "(os.version)")'
    )
    expect(error.hint).toBe('write it as os/arch[/variant], e.g. linux/arm64')
    expect(error.oneLine()).not.toContain('\n')
  })

  test('a bare OS in the list takes the host', () => {
    expect(parsePlatformList('linux', { host: p('linux', 'arm64') }).map(formatPlatform)).toEqual([
      'linux/arm64'
    ])
  })
})
