/**
 * The statement: its shape (in-toto v1, SLSA VSA v1), that it validates against docs/schema, the policy
 * digest a consumer can recompute, verifiedLevels naming only checks that ran and passed, and the outcome
 * drawn from verify's rows.
 */
import { describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { canonicalJson } from '../../src/attest/jcs.js'
import { effectivePolicy, policyDigest } from '../../src/attest/policy.js'
import {
  buildStatement,
  DETAIL_FIELD,
  Levels,
  outcomeFromVerifyResult,
  verifiedLevels,
  type PlatformOutcome,
  type StatementInput
} from '../../src/attest/statement.js'
import type { PlatformRow, VerifyResult } from '../../src/verify/checks.js'

const schemaDir = path.resolve(import.meta.dirname, '..', '..', 'docs', 'schema')
const schema = (name: string): object =>
  JSON.parse(readFileSync(path.join(schemaDir, name), 'utf8')) as object
const ajv = new Ajv2020({ allErrors: true, strict: true })
ajv.addSchema(schema('verification-detail-v1.json'))
const validate = ajv.compile(schema('verification-summary-v1.json'))

const DIGEST = `sha256:${'ab'.repeat(32)}`
const linux = (architecture: string): { os: string; architecture: string } => ({ os: 'linux', architecture })

function platform(overrides: Partial<PlatformOutcome> = {}): PlatformOutcome {
  return {
    platform: 'linux/amd64',
    required: true,
    digest: `sha256:${'01'.repeat(32)}`,
    config: 'match',
    layers: { total: 3, read: 3, verified: 3, unchecked: 0, bytesRead: 300, bytesTotal: 300 },
    binaries: {
      checked: true,
      entrypoint: { path: '/bin/busybox', machine: 'ELF 64-bit LSB x86-64', ok: true },
      filesChecked: 1,
      wrongCpu: []
    },
    result: 'PASSED',
    ...overrides
  }
}

function input(overrides: Partial<StatementInput> = {}): StatementInput {
  return {
    registry: 'ghcr.io',
    repository: 'acme/app',
    index: { mediaType: 'application/vnd.oci.image.index.v1+json', digest: DIGEST, size: 1234 },
    tags: ['latest', '1.2.3'],
    source: { revision: 'c'.repeat(40), uri: 'https://github.com/acme/app' },
    verifierVersion: '0.2.0',
    timeVerified: new Date('2026-12-07T10:00:00.000Z'),
    policy: effectivePolicy({
      platforms: [linux('arm64'), linux('amd64')],
      allowExtra: false,
      checkBinaries: true,
      verifyLayers: 'all'
    }),
    outcome: { passed: true, platforms: [platform(), platform({ platform: 'linux/arm64' })] },
    ...overrides
  }
}

describe('buildStatement', () => {
  test('an in-toto Statement v1 about the index, with a SLSA Verification Summary', () => {
    const statement = buildStatement(input())
    expect(statement).toMatchObject({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'ghcr.io/acme/app', digest: { sha256: 'ab'.repeat(32) } }],
      predicateType: 'https://slsa.dev/verification_summary/v1',
      predicate: {
        verifier: {
          id: 'https://github.com/multiarch-publish/multiarch-publish',
          version: { 'multiarch-publish': '0.2.0' }
        },
        timeVerified: '2026-12-07T10:00:00.000Z',
        resourceUri: `oci://ghcr.io/acme/app@${DIGEST}`,
        verificationResult: 'PASSED',
        slsaVersion: '1.0'
      }
    })
    expect(statement.predicate[DETAIL_FIELD]).toMatchObject({
      index: { digest: DIGEST, size: 1234 },
      tags: ['latest', '1.2.3'],
      source: { revision: 'c'.repeat(40) }
    })
  })

  test.each([
    ['passed', input()],
    [
      'failed, no source',
      input({
        outcome: { passed: false, platforms: [platform({ result: 'FAILED', config: 'mismatch' })] },
        source: {}
      })
    ],
    [
      'a missing platform',
      input({
        outcome: { passed: false, platforms: [platform({ digest: null, layers: null, result: 'FAILED' })] }
      })
    ]
  ])('validates against docs/schema (%s)', (_name, given) => {
    const ok = validate(JSON.parse(JSON.stringify(buildStatement(given))))
    expect(validate.errors ?? []).toEqual([])
    expect(ok).toBe(true)
  })

  test('the schema refuses a statement missing its detail', () => {
    const { predicate, ...rest } = buildStatement(input())
    const { [DETAIL_FIELD]: _detail, ...withoutDetail } = predicate
    expect(validate(JSON.parse(JSON.stringify({ ...rest, predicate: withoutDetail })))).toBe(false)
  })

  test("policy.digest is the sha256 of the detail's policy in RFC 8785 canonical JSON", () => {
    const statement = buildStatement(input())
    const policy = statement.predicate[DETAIL_FIELD].policy
    const recomputed = createHash('sha256').update(canonicalJson(policy)).digest('hex')
    expect(statement.predicate.policy.digest.sha256).toBe(recomputed)
    expect(policy.platforms).toEqual(['linux/amd64', 'linux/arm64'])
  })

  test('the policy digest changes with any field and not with the order platforms were given in', () => {
    const base = { platforms: [linux('amd64'), linux('arm64')], allowExtra: false, checkBinaries: true }
    const digest = policyDigest(effectivePolicy(base))
    expect(policyDigest(effectivePolicy({ ...base, platforms: [linux('arm64'), linux('amd64')] }))).toBe(
      digest
    )
    expect(
      policyDigest(
        effectivePolicy({ ...base, platforms: [{ os: 'linux', architecture: 'aarch64' }, linux('amd64')] })
      )
    ).toBe(digest)
    expect(policyDigest(effectivePolicy({ ...base, allowExtra: true }))).not.toBe(digest)
    expect(policyDigest(effectivePolicy({ ...base, readBudget: 1024 }))).not.toBe(digest)
  })
})

describe('verifiedLevels', () => {
  const policy = input().policy
  const all = [
    Levels.unevaluated,
    Levels.manifests,
    Levels.covered,
    Levels.noExtra,
    Levels.configs,
    Levels.binaries,
    Levels.layersRead,
    Levels.layersAll
  ]
  test.each([
    ['every check ran and passed', [platform()], policy, all],
    [
      'a read budget cut a layer: no "all layers" nor "read layers" claim',
      [
        platform({
          layers: { total: 3, read: 2, verified: 1, unchecked: 1, bytesRead: 150, bytesTotal: 300 }
        })
      ],
      policy,
      all.filter((l) => l !== Levels.layersAll && l !== Levels.layersRead)
    ],
    [
      'only the layers the binary check opened were read',
      [
        platform({
          layers: { total: 3, read: 1, verified: 1, unchecked: 0, bytesRead: 100, bytesTotal: 300 }
        })
      ],
      policy,
      all.filter((l) => l !== Levels.layersAll)
    ],
    [
      'binaries off, no layer read',
      [
        platform({
          layers: null,
          binaries: { checked: false, entrypoint: null, filesChecked: 0, wrongCpu: [] }
        })
      ],
      effectivePolicy({ platforms: [linux('amd64')], allowExtra: true, checkBinaries: false }),
      [Levels.unevaluated, Levels.manifests, Levels.covered, Levels.configs]
    ],
    [
      'no required platforms: no coverage claim',
      [platform({ required: false })],
      effectivePolicy({ platforms: [], allowExtra: true, checkBinaries: false }),
      [Levels.unevaluated, Levels.manifests, Levels.configs]
    ],
    [
      'an image with no ELF file: binaries not claimed',
      [platform({ binaries: { checked: true, entrypoint: null, filesChecked: 0, wrongCpu: [] } })],
      policy,
      all.filter((l) => l !== Levels.binaries)
    ]
  ])('%s', (_name, platforms, given, expected) => {
    expect(verifiedLevels(given, { passed: true, platforms })).toEqual(expected)
  })

  test('a failed verification says FAILED and claims nothing', () => {
    expect(verifiedLevels(policy, { passed: false, platforms: [platform()] })).toEqual([Levels.failed])
  })

  test('no-regress is claimed when it was part of the policy', () => {
    const withNoRegress = effectivePolicy({
      platforms: [linux('amd64')],
      allowExtra: true,
      checkBinaries: false,
      noRegress: 'ghcr.io/acme/app:latest'
    })
    expect(verifiedLevels(withNoRegress, { passed: true, platforms: [platform()] })).toContain(
      Levels.noRegress
    )
  })
})

describe('outcomeFromVerifyResult', () => {
  const row = (overrides: Partial<PlatformRow>): PlatformRow => ({
    platform: 'linux/amd64',
    required: true,
    digest: `sha256:${'01'.repeat(32)}`,
    config: { ok: true, detail: 'linux/amd64' },
    binary: {
      ok: true,
      detail: 'ELF 64-bit LSB x86-64',
      path: 'bin/busybox',
      found: 'ELF 64-bit LSB x86-64'
    },
    attestation: { ok: null, detail: 'none' },
    layers: {
      read: 1,
      total: 2,
      bytesRead: 10,
      bytesTotal: 20,
      verified: 1,
      unchecked: 0,
      shared: 0,
      filesChecked: 3,
      wrongCpu: []
    },
    ...overrides
  })
  const result = (rows: PlatformRow[], problems: string[] = []): VerifyResult => ({
    ok: problems.length === 0,
    reference: 'ghcr.io/acme/app:latest',
    digest: DIGEST,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    rows,
    problems,
    warnings: [],
    notes: [],
    platforms: {}
  })

  test('a passing row', () => {
    expect(outcomeFromVerifyResult(result([row({})]), { checkBinaries: true }).platforms).toEqual([
      {
        platform: 'linux/amd64',
        required: true,
        digest: `sha256:${'01'.repeat(32)}`,
        config: 'match',
        layers: { total: 2, read: 1, verified: 1, unchecked: 0, bytesRead: 10, bytesTotal: 20 },
        binaries: {
          checked: true,
          entrypoint: { path: '/bin/busybox', machine: 'ELF 64-bit LSB x86-64', ok: true },
          filesChecked: 3,
          wrongCpu: []
        },
        result: 'PASSED'
      }
    ])
  })

  test.each([
    ['missing', row({ digest: undefined, layers: undefined }), []],
    ['config mismatch', row({ config: { ok: false, detail: 'config says linux/arm64' } }), []],
    ['wrong CPU', row({ binary: { ok: false, detail: 'x' } }), []],
    ['a layer problem named by platform', row({}), ['linux/amd64: layer sha256:… does not match its digest']]
  ])('a failing row: %s', (_name, given, problems) => {
    const outcome = outcomeFromVerifyResult(result([given, row({ platform: 'linux/arm64' })], problems), {
      checkBinaries: true
    })
    expect(outcome.platforms.map((p) => p.result)).toEqual(['FAILED', 'PASSED'])
  })
})
