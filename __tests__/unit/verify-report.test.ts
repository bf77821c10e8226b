/**
 * What a person reads after verify, over results that `evaluate` made from plain evidence: the step
 * summary's Markdown and the JSON report.
 */
import { describe, expect, test } from '@jest/globals'
import { MediaType } from '../../src/oci/types.js'
import { parsePlatform } from '../../src/platform/index.js'
import { markdownToText } from '../../src/report/text.js'
import { verifyReport, verifySummary } from '../../src/report/verify.js'
import { evaluate, type VerifyResult, type VerifyRules } from '../../src/verify/checks.js'
import type { EntryEvidence, ImageEvidence } from '../../src/verify/evidence.js'
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
  short
} from '../support/evidence.js'

function rules(required: string[], overrides: Partial<VerifyRules> = {}): VerifyRules {
  return {
    required: required.map((spec) => parsePlatform(spec)),
    allowExtra: true,
    checkBinaries: true,
    ...overrides
  }
}

/** amd64 and arm64 with matching binaries and bound attestations: nothing to complain about. */
const GOOD = index(
  [
    entry(label('linux/amd64'), '1', { binary: chosen(AMD64_ELF) }),
    entry(label('linux/arm64'), '2', { binary: chosen(ARM64_ELF) })
  ],
  { attestations: [attestation('a', digest('1')), attestation('b', digest('2'))] }
)
const good = (): VerifyResult => evaluate(GOOD, rules(['linux/amd64', 'linux/arm64']))

/**
 * Three problems: arm64 carries an amd64 binary, s390x is missing (an arm64 client has no fallback
 * problem; an s390x one finds nothing), and riscv64 is an extra that is not allowed.
 */
const BAD = index([
  entry(label('linux/amd64'), '1', { binary: chosen(AMD64_ELF) }),
  entry(label('linux/arm64'), '2', { binary: chosen(AMD64_ELF) }),
  entry(label('linux/riscv64'), '3')
])
const bad = (): VerifyResult =>
  evaluate(BAD, rules(['linux/amd64', 'linux/arm64', 'linux/s390x'], { allowExtra: false }))

const lines = (markdown: string): string[] => markdown.split('\n')

describe('verifySummary: heading', () => {
  test.each<[string, () => VerifyResult, { title?: string }, string]>([
    ['a passing result', good, {}, `### ✅ Verified \`${REF}\``],
    ['a passing result with a title', good, { title: 'Published' }, `### ✅ Published \`${REF}\``],
    ['a failing result', bad, {}, `### ❌ Verification failed for \`${REF}\`: 3 problem(s)`],
    ['a failing result with a title', bad, { title: 'Broken' }, `### ❌ Broken \`${REF}\`: 3 problem(s)`]
  ])('%s', (_name, result, options, heading) => {
    expect(lines(verifySummary(result(), options))[0]).toBe(heading)
  })

  test.each<[string, () => VerifyResult, string]>([
    ['two images', good, `\`${digest('f')}\` · ${MediaType.ociIndex} · 2 platform(s)`],
    ['a missing platform is not counted', bad, `\`${digest('f')}\` · ${MediaType.ociIndex} · 3 platform(s)`]
  ])('the line under it names the digest, media type and images: %s', (_name, result, line) => {
    expect(lines(verifySummary(result()))[2]).toBe(line)
  })

  test('the Markdown ends with one newline', () => {
    expect(verifySummary(good())).toMatch(/[^\n]\n$/)
  })
})

describe('verifySummary: table', () => {
  test('one header, then one row per platform in the order of the result', () => {
    const table = lines(verifySummary(bad())).filter((l) => l.startsWith('|'))
    expect(table.map((l) => l.split(' | ')[0])).toEqual([
      '| platform',
      '|---|---|---|---|---|',
      '| linux/amd64',
      '| linux/arm64',
      '| linux/s390x',
      '| linux/riscv64 (extra)'
    ])
  })

  test.each<[string, () => VerifyResult, string]>([
    [
      'a good image with binary and attestation',
      good,
      `| linux/amd64 | \`${short('1')}\` | ✅ | ✅ \`/bin/busybox\` ELF 64-bit LSB x86-64 | ✅ \`${short('a')}\` |`
    ],
    ['a missing platform', bad, '| linux/s390x | ❌ missing | | | |'],
    [
      'an extra, binary not scanned',
      bad,
      `| linux/riscv64 (extra) | \`${short('3')}\` | ✅ | ➖ not asked | ➖ |`
    ],
    [
      'a config for another platform',
      () =>
        evaluate(
          index([entry(label('linux/arm64'), '2', { config: label('linux/amd64') })]),
          rules(['linux/arm64'])
        ),
      `| linux/arm64 | \`${short('2')}\` | ❌ config says linux/amd64 | ➖ not asked | ➖ |`
    ],
    [
      'check-binaries off',
      () => evaluate(GOOD, rules(['linux/amd64'], { checkBinaries: false })),
      `| linux/amd64 | \`${short('1')}\` | ✅ | ➖ check-binaries is off | ✅ \`${short('a')}\` |`
    ],
    [
      'an unreadable image',
      () => evaluate(index([entry(label('linux/amd64'), '1', { error: 'manifest unknown' })]), rules([])),
      `| linux/amd64 | \`${short('1')}\` | ❌ unreadable | ➖ not checked | ➖ |`
    ],
    [
      'a Windows image keeps its os.version',
      () => evaluate(index([entry(label('windows/amd64', '10.0.17763.1697'), '1')]), rules([])),
      `| windows(10.0.17763.1697)/amd64 | \`${short('1')}\` | ✅ | ➖ not asked | ➖ |`
    ]
  ])('%s', (_name, result, row) => {
    expect(lines(verifySummary(result()))).toContain(row)
  })

  test('a binary for the wrong CPU: the cell names the path, what was found and what was expected', () => {
    const row = lines(verifySummary(bad())).find((l) => l.startsWith('| linux/arm64 |')) ?? ''
    expect(row.split(' | ')[3]).toMatch(
      /^❌ `\/bin\/busybox` ELF 64-bit LSB x86-64\b.*expected ELF 64-bit LSB AArch64\)?$/
    )
  })
})

describe('verifySummary: problems', () => {
  test('listed numbered, in the order of the result, under a heading', () => {
    const result = bad()
    const text = lines(verifySummary(result))
    const start = text.indexOf('**Problems**')
    expect(text.slice(start, start + 5)).toEqual([
      '**Problems**',
      '',
      `1. ${result.problems[0] ?? ''}`,
      `2. ${result.problems[1] ?? ''}`,
      `3. ${result.problems[2] ?? ''}`
    ])
  })

  test('the numbered items name what is wrong', () => {
    expect(lines(verifySummary(bad())).filter((l) => /^\d+\. /.test(l))).toEqual([
      expect.stringMatching(
        /^1\. linux\/arm64: \/bin\/busybox is ELF 64-bit LSB x86-64, but linux\/arm64 needs /
      ),
      expect.stringMatching(/^2\. linux\/s390x is missing from /),
      expect.stringMatching(/^3\. linux\/riscv64 is in .* but not required /)
    ])
  })

  test('a passing result has no problems section', () => {
    expect(verifySummary(good())).not.toContain('**Problems**')
  })
})

describe('verifySummary: resolution and notes', () => {
  test('the details block says what a client pulls for each required platform', () => {
    const result = evaluate(
      index([entry(label('linux/amd64'), '1'), entry(label('linux/arm/v7'), '2')]),
      rules(['linux/amd64', 'linux/arm64', 'linux/386'])
    )
    const text = lines(verifySummary(result))
    const start = text.indexOf(
      '<details><summary>What a containerd client pulls for each required platform</summary>'
    )
    expect(text.slice(start, start + 6)).toEqual([
      '<details><summary>What a containerd client pulls for each required platform</summary>',
      '',
      `- linux/amd64 → linux/amd64 \`${short('1')}\``,
      `- linux/arm64 → linux/arm/v7 \`${short('2')}\` (fallback)`,
      '',
      '</details>'
    ])
  })

  test('no required platforms: no details block', () => {
    const result = evaluate(GOOD, rules([]))
    expect(verifySummary(result)).not.toContain('<details>')
  })

  test('notes are listed as bullets under a heading', () => {
    const result = evaluate(
      index([
        entry(label('linux/amd64'), '1', {
          binary: { status: 'none', reason: 'only scripts', layersRead: 1 }
        })
      ]),
      rules([])
    )
    const text = lines(verifySummary(result))
    const start = text.indexOf('**Notes**')
    expect(text.slice(start)).toEqual([
      '**Notes**',
      '',
      '- linux/amd64: no ELF or PE file found (only scripts); nothing to check',
      '- no required platforms given: every platform of the image was checked, none required',
      ''
    ])
  })

  test('a result without notes has no notes section', () => {
    expect(verifySummary(good())).not.toContain('**Notes**')
  })
})

describe('verifyReport', () => {
  const REQUESTS = { registry: 7, tokens: 1, retries: 0 }

  test.each<[string, () => VerifyResult, ImageEvidence, boolean]>([
    ['a passing result', good, GOOD, true],
    ['a failing result', bad, BAD, false]
  ])('%s: the verdict and identity of what was checked', (_name, result, evidence, ok) => {
    const report = verifyReport(result(), evidence, { durationMs: 1234 })
    expect([report.tool, report.mode, report.ok, report.reference, report.digest, report.mediaType]).toEqual([
      'multiarch-publish',
      'verify',
      ok,
      REF,
      digest('f'),
      MediaType.ociIndex
    ])
  })

  test('platforms, rows, problems and notes are the result’s own', () => {
    const result = bad()
    const report = verifyReport(result, BAD, { durationMs: 1 })
    expect([report.platforms, report.rows, report.problems, report.notes]).toEqual([
      result.platforms,
      result.rows,
      result.problems,
      result.notes
    ])
  })

  test.each<[string, { durationMs: number; requests?: typeof REQUESTS }, object]>([
    ['with requests', { durationMs: 50, requests: REQUESTS }, { durationMs: 50, requests: REQUESTS }],
    ['without requests', { durationMs: 50 }, { durationMs: 50 }]
  ])('%s: the measurements', (_name, extra, expected) => {
    const report = verifyReport(good(), GOOD, extra)
    const measured = {
      durationMs: report.durationMs,
      ...('requests' in report ? { requests: report.requests } : {})
    }
    expect(measured).toEqual(expected)
  })

  test('evidence entries carry digest, platform, the config’s os/architecture and the binary scan', () => {
    expect(verifyReport(good(), GOOD, { durationMs: 1 }).evidence.entries).toEqual([
      {
        digest: digest('1'),
        platform: { os: 'linux', architecture: 'amd64' },
        config: { os: 'linux', architecture: 'amd64' },
        binary: chosen(AMD64_ELF)
      },
      {
        digest: digest('2'),
        platform: { os: 'linux', architecture: 'arm64' },
        config: { os: 'linux', architecture: 'arm64' },
        binary: chosen(ARM64_ELF)
      }
    ])
  })

  test.each<[string, EntryEvidence, object]>([
    ['a variant', entry(label('linux/arm/v7'), '1'), { os: 'linux', architecture: 'arm', variant: 'v7' }],
    [
      'a Windows os.version',
      entry(label('windows/amd64', '10.0.17763.1697'), '1'),
      { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.1697' }
    ]
  ])('an entry’s config keeps %s', (_name, e, config) => {
    const evidence = index([e])
    expect(
      verifyReport(evaluate(evidence, rules([])), evidence, { durationMs: 1 }).evidence.entries[0]?.config
    ).toEqual(config)
  })

  test('an unreadable entry carries its error', () => {
    const evidence = index([entry(label('linux/amd64'), '1', { error: 'manifest unknown' })])
    const report = verifyReport(evaluate(evidence, rules([])), evidence, { durationMs: 1 })
    expect(report.evidence.entries[0]?.error).toBe('manifest unknown')
  })

  test('attestations carry their digest and, when annotated, their subject', () => {
    const evidence = index([entry(label('linux/amd64'), '1')], {
      attestations: [attestation('a', digest('1')), attestation('b')]
    })
    const report = verifyReport(evaluate(evidence, rules([])), evidence, { durationMs: 1 })
    expect(report.evidence.attestations).toEqual([
      { digest: digest('a'), subject: digest('1') },
      { digest: digest('b') }
    ])
  })

  test('the report survives JSON unchanged', () => {
    const report = verifyReport(bad(), BAD, { durationMs: 9, requests: REQUESTS })
    expect(JSON.parse(JSON.stringify(report))).toEqual(report)
  })
})

describe('the summary as plain text for a terminal (markdownToText)', () => {
  test.each<[string, () => VerifyResult]>([
    ['a passing result', good],
    ['a failing result', bad]
  ])('%s: no Markdown table, code mark, emoji or HTML is left', (_name, result) => {
    const text = markdownToText(verifySummary(result()))
    expect(text.split('\n').filter((l) => /^\s*\|/.test(l))).toEqual([])
    expect(text).not.toMatch(/[`#*<>]|\p{Extended_Pictographic}/u)
  })

  test('a passing result: the heading in words, one aligned row per platform', () => {
    const text = markdownToText(verifySummary(good()))
    const [heading, , meta, , header, amd64, arm64] = text.split('\n')
    expect(heading).toBe(`Verified ${REF}`)
    expect(meta).toBe(`${digest('f')} · ${MediaType.ociIndex} · 2 platform(s)`)
    expect(header).toMatch(/^ {2}PLATFORM {2,}DIGEST {2,}CONFIG {2,}BINARY {2,}ATTESTATION$/)
    expect(amd64).toMatch(
      /^ {2}linux\/amd64 {2,}sha256:1{12} {2,}ok {2,}ok \/bin\/busybox ELF 64-bit LSB x86-64 {2,}ok /
    )
    expect(arm64?.indexOf('sha256:')).toBe(header?.indexOf('DIGEST'))
  })

  test('a failing result: the problems as a numbered list, the missing platform in its row', () => {
    const text = markdownToText(verifySummary(bad()))
    expect(text.split('\n')[0]).toBe(`Verification failed for ${REF}: 3 problem(s)`)
    expect(text).toMatch(/^ {2}linux\/s390x {2,}FAILED missing$/m)
    expect(text).toMatch(/^Problems:\n\n {2}1\. \S/m)
  })
})
