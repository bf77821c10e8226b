/**
 * verify's rules over plain evidence: no registry, each index built here from small factories, each rule
 * as a table of index → problems, notes or rows.
 */
import { describe, expect, test } from '@jest/globals'
import { MediaType, type Platform } from '../../src/oci/types.js'
import { parsePlatform } from '../../src/platform/index.js'
import { evaluate, type VerifyResult, type VerifyRules } from '../../src/verify/checks.js'
import type { BinaryEvidence, EntryEvidence, ImageEvidence } from '../../src/verify/evidence.js'
import {
  AMD64_ELF,
  ARM64_ELF,
  attestation,
  chosen,
  digest,
  entry,
  index,
  label,
  REF,
  short,
  unlabelled
} from '../support/evidence.js'

const PREVIOUS = 'registry.test/acme/app:0.9'

function rules(required: string[], overrides: Partial<VerifyRules> = {}): VerifyRules {
  return {
    required: required.map((spec) => parsePlatform(spec)),
    allowExtra: true,
    checkBinaries: true,
    ...overrides
  }
}

const rowOf = (result: VerifyResult, platform: string): VerifyResult['rows'][number] | undefined =>
  result.rows.find((r) => r.platform === platform)

const missing = (platform: string): string =>
  `${platform} is missing from ${REF} — add it to \`platforms\` of the build`

describe('evaluate: coverage', () => {
  test.each<[string, string[], string[]]>([
    ['both present', ['linux/amd64', 'linux/arm64'], ['linux/amd64', 'linux/arm64']],
    ['arm64 labelled aarch64', ['linux/arm64'], ['linux/aarch64']],
    ['arm64 labelled arm64/v8', ['linux/arm64'], ['linux/arm64/v8']],
    ['required as aarch64', ['aarch64'], ['linux/arm64']],
    ['required as arm64/v8', ['linux/arm64/v8'], ['linux/arm64']],
    ['required as x86_64', ['x86_64'], ['linux/amd64']],
    ['required as armhf, labelled arm', ['linux/armhf'], ['linux/arm']],
    ['required as arm, labelled arm/v7', ['linux/arm'], ['linux/arm/v7']],
    ['required as i386', ['i386'], ['linux/386']]
  ])('%s: covered, no problems', (_name, required, labels) => {
    const result = evaluate(index(labels.map((l, i) => entry(l, String(i + 1)))), rules(required))
    expect(result.problems).toEqual([])
    expect(result.ok).toBe(true)
  })

  test.each<[string, string[], string[], string[]]>([
    ['one of two', ['linux/amd64', 'linux/arm64'], ['linux/amd64'], ['linux/arm64']],
    ['all', ['linux/amd64', 'linux/s390x'], ['linux/ppc64le'], ['linux/amd64', 'linux/s390x']],
    ['arm/v6 is not arm/v7', ['linux/arm/v6'], ['linux/arm/v7'], ['linux/arm/v6']],
    ['386 is not amd64', ['linux/386'], ['linux/amd64'], ['linux/386']],
    ['amd64 is not amd64/v2', ['linux/amd64'], ['linux/amd64/v2'], ['linux/amd64']],
    ['an empty index', ['linux/amd64'], [], ['linux/amd64']]
  ])('%s missing: one problem each, in required order', (_name, required, labels, absent) => {
    const result = evaluate(index(labels.map((l, i) => entry(l, String(i + 1)))), rules(required))
    expect(result.problems).toEqual(absent.map(missing))
    expect(result.ok).toBe(false)
  })

  test('a missing platform still has its row, without digest or checks', () => {
    const result = evaluate(index([entry('linux/amd64', '1')]), rules(['linux/amd64', 'linux/s390x']))
    expect(rowOf(result, 'linux/s390x')).toEqual({
      platform: 'linux/s390x',
      required: true,
      config: { ok: null, detail: 'not checked' },
      binary: { ok: null, detail: 'not checked' },
      attestation: { ok: null, detail: 'not checked' }
    })
  })

  test('rows are labelled with the normalised required platform, in required order', () => {
    const result = evaluate(
      index([entry('linux/arm', '1'), entry('linux/x86_64', '2'), entry('linux/aarch64', '3')]),
      rules(['aarch64', 'linux/amd64', 'linux/armhf'])
    )
    expect(result.rows.map((r) => [r.platform, r.digest])).toEqual([
      ['linux/arm64', digest('3')],
      ['linux/amd64', digest('2')],
      ['linux/arm/v7', digest('1')]
    ])
  })

  test('the verdict carries the reference, digest and media type of the evidence', () => {
    const result = evaluate(index([entry('linux/amd64', '1')]), rules(['linux/amd64']))
    expect([result.reference, result.digest, result.mediaType]).toEqual([
      REF,
      digest('f'),
      MediaType.ociIndex
    ])
  })
})

describe('evaluate: duplicates', () => {
  test.each<[string, string[]]>([
    ['the same label twice', ['linux/arm64', 'linux/arm64']],
    ['arm64 and arm64/v8', ['linux/arm64', 'linux/arm64/v8']],
    ['aarch64 and arm64/v8', ['linux/aarch64', 'linux/arm64/v8']]
  ])('%s for a required linux/arm64: one problem naming both digests', (_name, labels) => {
    const result = evaluate(
      index([entry('linux/amd64', '1'), ...labels.map((l, i) => entry(l, String(i + 2)))]),
      rules(['linux/amd64', 'linux/arm64'])
    )
    expect(result.problems).toEqual([
      `linux/arm64 appears 2 times in ${REF} (${short('2')}, ${short('3')}) — an index must have one entry per platform; rebuild it from one source per platform`
    ])
  })

  test('both duplicate entries get a row (both are checked), neither is an extra; the output takes the first', () => {
    const result = evaluate(
      index([entry('linux/arm64', '2'), entry('linux/arm64/v8', '3')]),
      rules(['linux/arm64'], { allowExtra: false })
    )
    expect(result.rows.map((r) => [r.platform, r.digest, r.required])).toEqual([
      ['linux/arm64', digest('2'), true],
      ['linux/arm64', digest('3'), true]
    ])
    expect(result.problems).toHaveLength(1)
    expect(result.platforms).toEqual({ 'linux/arm64': digest('2') })
  })

  test.each<[string, string[], boolean]>([
    ['no required set', [], false],
    ['a duplicate among extras', ['linux/amd64'], true]
  ])('%s: a duplicate is still a problem', (_name, required, allowExtra) => {
    const result = evaluate(
      index([entry('linux/amd64', '1'), entry('linux/s390x', '2'), entry('linux/s390x', '3')]),
      rules(required, { allowExtra })
    )
    expect(result.problems).toEqual([expect.stringMatching(/^linux\/s390x appears 2 times in /)])
  })

  test('one entry per Windows build is not a duplicate, and each is checked against windows/amd64', () => {
    const result = evaluate(
      index([
        entry({ os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.1697' }, '1'),
        entry({ os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.2113' }, '2')
      ]),
      rules(['windows/amd64'])
    )
    expect(result.problems).toEqual([])
    expect(result.rows.map((r) => r.platform)).toEqual([
      'windows(10.0.17763.1697)/amd64',
      'windows(10.0.20348.2113)/amd64'
    ])
  })
})

describe('evaluate: extras', () => {
  test.each<[string, string[], boolean, string[]]>([
    ['allowed', ['linux/amd64'], true, []],
    [
      'not allowed',
      ['linux/amd64'],
      false,
      [`linux/s390x is in ${REF} but not required — add it to \`platforms\`, or set \`allow-extra: true\``]
    ],
    ['not allowed, no required set', [], false, []],
    ['allowed, no required set', [], true, []]
  ])('%s: problems', (_name, required, allowExtra, problems) => {
    const result = evaluate(
      index([entry('linux/amd64', '1'), entry('linux/s390x', '2')]),
      rules(required, { allowExtra })
    )
    expect(result.problems).toEqual(problems)
  })

  test.each<[string, string[], boolean[]]>([
    ['a required set: extras are not required', ['linux/amd64'], [true, false]],
    ['no required set: every row is required', [], [true, true]]
  ])('%s', (_name, required, flags) => {
    const result = evaluate(
      index([entry('linux/amd64', '1'), entry('linux/s390x', '2')]),
      rules(required, { allowExtra: false })
    )
    expect(result.rows.map((r) => [r.platform, r.required])).toEqual([
      ['linux/amd64', flags[0]],
      ['linux/s390x', flags[1]]
    ])
  })

  test.each<[string, string[], boolean]>([
    ['no required set', [], true],
    ['a required set', ['linux/amd64'], false]
  ])('with %s, the note about no required set is given: %s', (_name, required, noted) => {
    const result = evaluate(index([entry('linux/amd64', '1')]), rules(required))
    const note = 'no required platforms given: every platform of the image was checked, none required'
    expect(result.notes.includes(note)).toBe(noted)
  })

  test('an extra is labelled as the index labels it, normalised', () => {
    const result = evaluate(
      index([entry('linux/amd64', '1'), entry('linux/aarch64', '2'), entry('linux/armhf', '3')]),
      rules(['linux/amd64'])
    )
    expect(result.rows.map((r) => r.platform)).toEqual(['linux/amd64', 'linux/arm64', 'linux/arm/v7'])
  })
})

describe('evaluate: config agreement', () => {
  test.each<[string, Platform, Platform, string]>([
    ['arm vs arm/v7', label('linux/arm'), label('linux/arm/v7'), 'linux/arm/v7'],
    ['arm/v7 vs arm', label('linux/arm/v7'), label('linux/arm'), 'linux/arm/v7'],
    ['arm64 vs arm64/v8', label('linux/arm64'), label('linux/arm64/v8'), 'linux/arm64'],
    ['aarch64 vs arm64', label('linux/aarch64'), label('linux/arm64'), 'linux/arm64'],
    ['amd64 vs x86_64', label('linux/amd64'), label('linux/x86_64'), 'linux/amd64'],
    [
      'windows with equal os.version',
      label('windows/amd64', '10.0.17763.1697'),
      label('windows/amd64', '10.0.17763.1697'),
      'windows(10.0.17763.1697)/amd64'
    ],
    [
      'windows labelled without os.version',
      label('windows/amd64'),
      label('windows/amd64', '10.0.17763.1697'),
      'windows(10.0.17763.1697)/amd64'
    ]
  ])('%s: agree', (_name, labelled, config, detail) => {
    const result = evaluate(index([entry(labelled, '1', { config })]), rules([]))
    expect(result.problems).toEqual([])
    expect(result.rows[0]?.config).toEqual({ ok: true, detail })
  })

  test.each<[string, string, Platform, Platform, string]>([
    ['arm64 vs amd64', 'linux/arm64', label('linux/arm64'), label('linux/amd64'), 'linux/amd64'],
    ['arm/v7 vs arm/v6', 'linux/arm/v7', label('linux/arm/v7'), label('linux/arm/v6'), 'linux/arm/v6'],
    ['linux vs windows', 'linux/amd64', label('linux/amd64'), label('windows/amd64'), 'windows/amd64'],
    [
      'windows os.version mismatch',
      'windows/amd64',
      label('windows/amd64', '10.0.17763.1697'),
      label('windows/amd64', '10.0.20348.2113'),
      'windows/amd64 os.version 10.0.20348.2113'
    ],
    [
      'windows config without os.version',
      'windows/amd64',
      label('windows/amd64', '10.0.17763.1697'),
      label('windows/amd64'),
      'windows/amd64 os.version (none)'
    ]
  ])('%s: the index labels it wrongly', (_name, required, labelled, config, found) => {
    const result = evaluate(index([entry(labelled, '1', { config })]), rules([required]))
    expect(result.problems).toEqual([
      `${required} entry ${short('1')} has a config for ${found} — the index labels it wrongly; rebuild or re-assemble the index from images built for ${required}`
    ])
    expect(result.rows[0]?.config).toEqual({ ok: false, detail: `config says ${found}` })
  })

  test('an entry whose config was not read is not checked', () => {
    const result = evaluate(index([entry('linux/amd64', '1', { config: false })]), rules(['linux/amd64']))
    expect(result.rows[0]?.config).toEqual({ ok: null, detail: 'not checked' })
  })
})

describe('evaluate: binaries', () => {
  const NONE: BinaryEvidence = { status: 'none', reason: 'only scripts', layersRead: 2 }
  const ERROR: BinaryEvidence = { status: 'error', message: 'blob unknown' }
  const SKIPPED: BinaryEvidence = { status: 'not-checked', reason: 'foreign layers' }

  test.each<[string, string, BinaryEvidence, boolean, object]>([
    [
      'a matching amd64 binary',
      'linux/amd64',
      chosen(AMD64_ELF),
      true,
      { ok: true, detail: 'ELF 64-bit LSB x86-64', path: 'bin/busybox', found: 'ELF 64-bit LSB x86-64' }
    ],
    [
      'a matching arm64 binary',
      'linux/arm64',
      chosen(ARM64_ELF, 'usr/bin/app'),
      true,
      { ok: true, detail: 'ELF 64-bit LSB AArch64', path: 'usr/bin/app', found: 'ELF 64-bit LSB AArch64' }
    ],
    [
      'an amd64 binary under arm64',
      'linux/arm64',
      chosen(AMD64_ELF),
      true,
      {
        ok: false,
        detail: 'ELF 64-bit LSB x86-64, expected ELF 64-bit LSB AArch64',
        path: 'bin/busybox',
        found: 'ELF 64-bit LSB x86-64'
      }
    ],
    [
      'a platform without a rule',
      'linux/riscv32',
      chosen(AMD64_ELF),
      true,
      { ok: null, detail: 'no rule for linux/riscv32', path: 'bin/busybox', found: 'ELF 64-bit LSB x86-64' }
    ],
    ['no ELF or PE file', 'linux/amd64', NONE, true, { ok: null, detail: 'no ELF/PE file in the image' }],
    ['unreadable layers', 'linux/amd64', ERROR, true, { ok: false, detail: 'layers unreadable' }],
    ['a scan not done', 'linux/amd64', SKIPPED, true, { ok: null, detail: 'foreign layers' }],
    [
      'check-binaries off',
      'linux/arm64',
      chosen(AMD64_ELF),
      false,
      { ok: null, detail: 'check-binaries is off' }
    ],
    [
      'check-binaries off, layers unreadable',
      'linux/amd64',
      ERROR,
      false,
      { ok: null, detail: 'check-binaries is off' }
    ]
  ])('%s: the row', (_name, platform, binary, checkBinaries, expected) => {
    const result = evaluate(index([entry(platform, '1', { binary })]), rules([platform], { checkBinaries }))
    expect(result.rows[0]?.binary).toEqual(expected)
  })

  test.each<[string, string, BinaryEvidence, boolean, string[]]>([
    ['a matching binary', 'linux/amd64', chosen(AMD64_ELF), true, []],
    [
      'an amd64 binary under arm64',
      'linux/arm64',
      chosen(AMD64_ELF),
      true,
      [
        'linux/arm64: /bin/busybox is ELF 64-bit LSB x86-64, but linux/arm64 needs ELF 64-bit LSB AArch64 — the image was built for the wrong CPU; build it with --platform linux/arm64 (QEMU) or on a matching runner'
      ]
    ],
    [
      'an arm64 binary under amd64',
      'linux/amd64',
      chosen(ARM64_ELF, 'app'),
      true,
      [
        'linux/amd64: /app is ELF 64-bit LSB AArch64, but linux/amd64 needs ELF 64-bit LSB x86-64 — the image was built for the wrong CPU; build it with --platform linux/amd64 (QEMU) or on a matching runner'
      ]
    ],
    [
      'unreadable layers',
      'linux/amd64',
      ERROR,
      true,
      [
        'linux/amd64: the layers could not be read to check binaries: blob unknown — retry, or set `check-binaries: false`'
      ]
    ],
    ['no ELF or PE file', 'linux/amd64', NONE, true, []],
    ['a scan not done', 'linux/amd64', SKIPPED, true, []],
    ['check-binaries off', 'linux/arm64', chosen(AMD64_ELF), false, []]
  ])('%s: problems', (_name, platform, binary, checkBinaries, problems) => {
    const result = evaluate(index([entry(platform, '1', { binary })]), rules([platform], { checkBinaries }))
    expect(result.problems).toEqual(problems)
  })

  test.each<[string, string, BinaryEvidence, string[]]>([
    [
      'no ELF or PE file',
      'linux/amd64',
      NONE,
      ['linux/amd64: no ELF or PE file found (only scripts); nothing to check']
    ],
    [
      'a platform without a rule',
      'linux/riscv32',
      chosen(AMD64_ELF),
      ['linux/riscv32: bin/busybox is ELF 64-bit LSB x86-64; no rule for this platform, so not judged']
    ],
    ['a matching binary', 'linux/amd64', chosen(AMD64_ELF), []]
  ])('%s: notes', (_name, platform, binary, notes) => {
    const result = evaluate(index([entry(platform, '1', { binary })]), rules([platform]))
    expect(result.notes).toEqual(notes)
  })
})

describe('evaluate: attestations', () => {
  test('an attestation bound to an image shows on its row with its digest', () => {
    const result = evaluate(
      index([entry('linux/amd64', '1'), entry('linux/arm64', '2')], {
        attestations: [attestation('a', digest('1')), attestation('b', digest('2'))]
      }),
      rules(['linux/amd64', 'linux/arm64'])
    )
    expect(result.rows.map((r) => [r.platform, r.attestation])).toEqual([
      ['linux/amd64', { ok: true, detail: digest('a') }],
      ['linux/arm64', { ok: true, detail: digest('b') }]
    ])
  })

  test('an image without an attestation has none, which is no problem', () => {
    const result = evaluate(index([entry('linux/amd64', '1')]), rules(['linux/amd64']))
    expect([result.rows[0]?.attestation, result.problems]).toEqual([{ ok: null, detail: 'none' }, []])
  })

  test.each<[string, string | undefined, string]>([
    ['an image not in the index', digest('9'), short('9')],
    ['nothing', undefined, 'nothing']
  ])('an attestation pointing at %s is a problem', (_name, subject, named) => {
    const result = evaluate(
      index([entry('linux/amd64', '1')], { attestations: [attestation('a', subject)] }),
      rules(['linux/amd64'])
    )
    expect(result.problems).toEqual([
      `attestation ${short('a')} of ${REF} points at ${named}, which is not an image of the index — re-assemble the index keeping each attestation with its image`
    ])
  })

  test('attestations never appear as platforms, rows or extras', () => {
    const result = evaluate(
      index([entry('linux/amd64', '1')], { attestations: [attestation('a', digest('1'))] }),
      rules(['linux/amd64'], { allowExtra: false })
    )
    expect([result.rows.map((r) => r.platform), result.platforms, result.problems]).toEqual([
      ['linux/amd64'],
      { 'linux/amd64': digest('1') },
      []
    ])
  })
})

describe('evaluate: entries that are not images', () => {
  test.each<[string, ImageEvidence, string]>([
    [
      'a nested index',
      index([entry('linux/amd64', '1')], {
        nestedIndexes: [{ mediaType: MediaType.ociIndex, digest: digest('c'), size: 500 }]
      }),
      `entry ${short('c')} of ${REF} is itself an index — clients cannot pull nested indexes; list its images directly`
    ],
    [
      'an entry without platform',
      index([entry('linux/amd64', '1'), unlabelled('d')]),
      `entry ${short('d')} of ${REF} has no platform — every image in an index needs its platform`
    ],
    [
      'an entry without platform, unreadable',
      index([entry('linux/amd64', '1'), unlabelled('d', 'manifest unknown')]),
      `entry ${short('d')} of ${REF} has no platform: manifest unknown — every image in an index needs its platform`
    ]
  ])('%s is a problem', (_name, evidence, problem) => {
    expect(evaluate(evidence, rules(['linux/amd64'])).problems).toEqual([problem])
  })

  test('an entry without platform has no row and no key in the platforms output', () => {
    const result = evaluate(index([entry('linux/amd64', '1'), unlabelled('d')]), rules([]))
    expect([result.rows.map((r) => r.digest), result.platforms]).toEqual([
      [digest('1')],
      { 'linux/amd64': digest('1') }
    ])
  })
})

describe('evaluate: unreadable children', () => {
  test.each<[string, string[]]>([
    ['a required platform', ['linux/amd64']],
    ['an extra', []]
  ])('%s that cannot be read is a problem naming the error', (_name, required) => {
    const result = evaluate(
      index([entry('linux/amd64', '1', { error: 'manifest unknown', binary: chosen(ARM64_ELF) })]),
      rules(required)
    )
    expect(result.problems).toEqual([
      `linux/amd64 (${short('1')}) of ${REF} cannot be read: manifest unknown`
    ])
  })

  test('its row says unreadable and checks nothing else', () => {
    const result = evaluate(
      index([entry('linux/amd64', '1', { error: 'digest mismatch', binary: chosen(ARM64_ELF) })]),
      rules(['linux/amd64'])
    )
    expect([result.rows[0]?.config, result.rows[0]?.binary]).toEqual([
      { ok: false, detail: 'unreadable' },
      { ok: null, detail: 'not checked' }
    ])
  })
})

describe('evaluate: no-regress', () => {
  const noRegress = (specs: string[]): VerifyRules['noRegress'] => ({
    reference: PREVIOUS,
    platforms: specs.map((spec) => label(spec))
  })

  test.each<[string, string[], string[]]>([
    ['every previous platform kept', ['linux/amd64', 'linux/arm64'], []],
    ['kept under another spelling', ['linux/x86_64', 'linux/arm64/v8'], []],
    ['one lost', ['linux/amd64', 'linux/s390x'], ['linux/s390x']],
    ['two lost', ['linux/ppc64le', 'linux/amd64', 'linux/s390x'], ['linux/ppc64le', 'linux/s390x']],
    ['arm/v6 is not kept by arm/v7', ['linux/arm/v6'], ['linux/arm/v6']]
  ])('%s', (_name, previous, lost) => {
    const result = evaluate(
      index([entry('linux/amd64', '1'), entry('linux/aarch64', '2'), entry('linux/arm/v7', '3')]),
      rules([], { noRegress: noRegress(previous) })
    )
    expect(result.problems).toEqual(
      lost.map(
        (p) =>
          `${p} was in ${PREVIOUS} but is missing from ${REF} — keep building it, or drop \`no-regress\` if removing it is intended`
      )
    )
  })
})

describe('evaluate: resolution', () => {
  test.each<[string, string, string[], string]>([
    [
      'arm64 with only arm/v7',
      'linux/arm64',
      ['linux/amd64', 'linux/arm/v7'],
      `a linux/arm64 client would pull linux/arm/v7 (${short('2')}) instead: a compatible fallback, not coverage`
    ],
    [
      'amd64 with only 386',
      'linux/amd64',
      ['linux/386'],
      `a linux/amd64 client would pull linux/386 (${short('1')}) instead: a compatible fallback, not coverage`
    ],
    [
      '386 with only amd64',
      'linux/386',
      ['linux/amd64'],
      'a linux/386 client finds no compatible entry at all ("no matching manifest for linux/386")'
    ],
    [
      'arm/v6 with only arm/v7',
      'linux/arm/v6',
      ['linux/arm/v7'],
      'a linux/arm/v6 client finds no compatible entry at all ("no matching manifest for linux/arm/v6")'
    ]
  ])('a missing %s: the note says what a client gets', (_name, required, labels, note) => {
    const result = evaluate(index(labels.map((l, i) => entry(l, String(i + 1)))), rules([required]))
    expect(result.notes).toEqual([note])
  })

  test.each<[string, string, string[], object | undefined]>([
    [
      'present',
      'linux/amd64',
      ['linux/amd64'],
      { digest: digest('1'), platform: 'linux/amd64', exact: true }
    ],
    [
      'present under another spelling',
      'linux/arm64',
      ['linux/aarch64'],
      { digest: digest('1'), platform: 'linux/arm64', exact: true }
    ],
    [
      'missing, with a fallback',
      'linux/arm64',
      ['linux/amd64', 'linux/arm/v7'],
      { digest: digest('2'), platform: 'linux/arm/v7', exact: false }
    ],
    [
      'missing, fallback to the highest arm variant',
      'linux/arm64',
      ['linux/arm/v6', 'linux/arm/v7'],
      { digest: digest('2'), platform: 'linux/arm/v7', exact: false }
    ],
    ['missing, nothing compatible', 'linux/386', ['linux/amd64'], undefined]
  ])('required %s: the row carries the resolution', (_name, required, labels, resolution) => {
    const result = evaluate(index(labels.map((l, i) => entry(l, String(i + 1)))), rules([required]))
    expect(result.rows[0]?.resolution).toEqual(resolution)
  })

  test('extras carry no resolution', () => {
    const result = evaluate(
      index([entry('linux/amd64', '1'), entry('linux/s390x', '2')]),
      rules(['linux/amd64'])
    )
    expect(result.rows.map((r) => 'resolution' in r)).toEqual([true, false])
  })
})

describe('evaluate: the platforms output', () => {
  test.each<[string, EntryEvidence[], Record<string, string>]>([
    [
      'normalised identity keys',
      [
        entry('linux/aarch64', '1'),
        entry('linux/arm', '2'),
        entry('linux/x86_64', '3'),
        entry('linux/arm64/v8', '4')
      ],
      { 'linux/arm64': digest('1'), 'linux/arm/v7': digest('2'), 'linux/amd64': digest('3') }
    ],
    [
      'windows keys include os.version',
      [
        entry(label('windows/amd64', '10.0.17763.1697'), '1'),
        entry(label('windows/amd64', '10.0.20348.2113'), '2'),
        entry('linux/amd64', '3')
      ],
      {
        'windows(10.0.17763.1697)/amd64': digest('1'),
        'windows(10.0.20348.2113)/amd64': digest('2'),
        'linux/amd64': digest('3')
      }
    ],
    ['an empty index', [], {}]
  ])('%s', (_name, entries, platforms) => {
    expect(evaluate(index(entries), rules([])).platforms).toEqual(platforms)
  })

  test('a missing required platform has no key', () => {
    const result = evaluate(index([entry('linux/amd64', '1')]), rules(['linux/amd64', 'linux/arm64']))
    expect(result.platforms).toEqual({ 'linux/amd64': digest('1') })
  })
})

describe('evaluate: the order of problems', () => {
  test('required platforms in order, then extras, then entries and attestations, then no-regress', () => {
    const evidence = index(
      [
        entry('linux/s390x', '1'),
        entry('linux/arm64', '2', { config: label('linux/amd64') }),
        entry('linux/riscv64', '3', { error: 'manifest unknown' }),
        unlabelled('4')
      ],
      {
        attestations: [attestation('a', digest('9'))],
        nestedIndexes: [{ mediaType: MediaType.ociIndex, digest: digest('c'), size: 500 }]
      }
    )
    const result = evaluate(
      evidence,
      rules(['linux/amd64', 'linux/arm64', 'linux/s390x'], {
        allowExtra: false,
        noRegress: { reference: PREVIOUS, platforms: [label('linux/ppc64le')] }
      })
    )
    expect(result.problems).toEqual([
      expect.stringMatching(/^linux\/amd64 is missing from /),
      expect.stringMatching(/^linux\/arm64 entry sha256:2{12} has a config for linux\/amd64 /),
      expect.stringMatching(/^linux\/riscv64 is in .* but not required /),
      expect.stringMatching(/^linux\/riscv64 \(sha256:3{12}\) of .* cannot be read: manifest unknown$/),
      expect.stringMatching(/^entry sha256:4{12} of .* has no platform /),
      expect.stringMatching(/^entry sha256:c{12} of .* is itself an index /),
      expect.stringMatching(/^attestation sha256:a{12} of .* points at sha256:9{12}/),
      expect.stringMatching(/^linux\/ppc64le was in .* but is missing from /)
    ])
  })

  test('a clean index has no problems and is ok', () => {
    const result = evaluate(
      index(
        [
          entry('linux/amd64', '1', { binary: chosen(AMD64_ELF) }),
          entry('linux/arm64', '2', { binary: chosen(ARM64_ELF) })
        ],
        {
          attestations: [attestation('a', digest('1')), attestation('b', digest('2'))]
        }
      ),
      rules(['linux/amd64', 'linux/arm64'], { allowExtra: false })
    )
    expect([result.ok, result.problems]).toEqual([true, []])
  })
})
