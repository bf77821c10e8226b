/**
 * Signing: the DSSE pre-authentication encoding, the Sigstore bundle a key signature goes in (empty keyid
 * and hint), the choice the `attest` inputs make, and keyless refusing a job without an OIDC token.
 */
import { describe, expect, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { BUNDLE_MEDIA_TYPE, readBundle } from '../../src/attest/bundle.js'
import { IN_TOTO_PAYLOAD_TYPE, preAuthEncoding } from '../../src/attest/dsse.js'
import { parseSigningKey, verifyMessage } from '../../src/attest/keys.js'
import { signStatement, signWithKey, unsignedAttestation } from '../../src/attest/sign.js'
import { chooseSigning } from '../../src/attest/signing.js'
import { effectivePolicy } from '../../src/attest/policy.js'
import { buildStatement } from '../../src/attest/statement.js'

const statement = buildStatement({
  registry: 'ghcr.io',
  repository: 'acme/app',
  index: {
    mediaType: 'application/vnd.oci.image.index.v1+json',
    digest: `sha256:${'ab'.repeat(32)}`,
    size: 10
  },
  tags: ['latest'],
  verifierVersion: '0.2.0',
  timeVerified: new Date('2026-12-07T10:00:00Z'),
  policy: effectivePolicy({ platforms: [], allowExtra: true, checkBinaries: false }),
  outcome: { passed: true, platforms: [] }
})

describe('preAuthEncoding', () => {
  test('the DSSE protocol example', () => {
    expect(preAuthEncoding('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe(
      'DSSEv1 29 http://example.com/HelloWorld 11 hello world'
    )
  })

  test('lengths are bytes, not characters', () => {
    expect(preAuthEncoding('t', Buffer.from('€')).toString()).toBe('DSSEv1 1 t 3 €')
  })
})

describe('signWithKey', () => {
  test('a bundle v0.3 with publicKey {hint: ""}, one DSSE signature with keyid "", over the PAE', async () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    const key = await parseSigningKey(
      pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      undefined
    )
    const signed = signWithKey(statement, key)
    expect(signed.mediaType).toBe(BUNDLE_MEDIA_TYPE)
    const bundle = JSON.parse(signed.bytes.toString()) as Record<string, unknown>
    expect(bundle).toMatchObject({
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: { publicKey: { hint: '' } },
      dsseEnvelope: { payloadType: IN_TOTO_PAYLOAD_TYPE, signatures: [{ keyid: '' }] }
    })
    const read = readBundle(signed.bytes, 'bundle')
    expect(JSON.parse(read.payload.toString())).toEqual(statement)
    const sig = Buffer.from(read.bundle.dsseEnvelope.signatures[0]?.sig ?? '', 'base64')
    expect(verifyMessage(key.publicKeyPem, preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, read.payload), sig)).toBe(
      true
    )
    expect(verifyMessage(key.publicKeyPem, read.payload, sig)).toBe(false)
  })

  test('unsigned: the bare statement as in-toto JSON', () => {
    const signed = unsignedAttestation(statement)
    expect([signed.mediaType, JSON.parse(signed.bytes.toString())]).toEqual([IN_TOTO_PAYLOAD_TYPE, statement])
  })
})

describe('chooseSigning', () => {
  test.each([
    ['auto with a key', { mode: '', key: 'cosign.key', oidc: true }, { kind: 'key', key: 'cosign.key' }],
    ['auto with an OIDC token', { mode: 'auto', key: '', oidc: true }, { kind: 'keyless' }],
    ['key', { mode: 'key', key: 'k.pem', oidc: false }, { kind: 'key', key: 'k.pem' }],
    ['keyless', { mode: 'keyless', key: '', oidc: true }, { kind: 'keyless' }],
    ['unsigned', { mode: 'unsigned', key: '', oidc: true }, { kind: 'unsigned' }],
    ['false', { mode: 'false', key: '', oidc: true }, { kind: 'none' }]
  ])('%s', (_name, context, expected) => {
    expect(chooseSigning(context)).toEqual(expected)
  })

  test('auto with neither key nor token writes nothing and says so once, naming both ways', () => {
    const choice = chooseSigning({ mode: 'auto', key: '', oidc: false })
    expect(choice.kind).toBe('none')
    expect(choice.kind === 'none' && choice.notice).toMatch(/id-token: write.*attest-key.*attest: false/)
  })

  test.each([
    ['keyless without a token', { mode: 'keyless', key: '', oidc: false }, /id-token: write/],
    ['key without attest-key', { mode: 'key', key: '', oidc: true }, /needs `attest-key`/],
    [
      'a key with keyless',
      { mode: 'keyless', key: 'k', oidc: true },
      /attest-key` is set but `attest` is keyless/
    ],
    ['an unknown mode', { mode: 'sometimes', key: '', oidc: true }, /`attest` is "sometimes"/]
  ])('refuses %s in one line', (_name, context, message) => {
    expect(() => chooseSigning(context)).toThrow(message)
  })
})

describe('signStatement keyless', () => {
  test('without an OIDC token: fails naming id-token: write, before any signing', async () => {
    let called = false
    const error = await signStatement(
      statement,
      { kind: 'keyless' },
      {
        env: {},
        keyless: () => {
          called = true
          return Promise.resolve({ bundle: {} })
        }
      }
    ).catch((e: unknown) => e)
    expect([called, (error as Error).message]).toEqual([false, expect.stringMatching(/id-token: write/)])
  })

  test('with a token: hands subject, predicate type and predicate to @actions/attest, skipWrite unless asked', async () => {
    const seen: unknown[] = []
    const env = { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://oidc', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' }
    const signed = await signStatement(
      statement,
      { kind: 'keyless' },
      {
        env,
        keyless: (options) => {
          seen.push(options)
          return Promise.resolve({ bundle: { mediaType: BUNDLE_MEDIA_TYPE } })
        }
      }
    )
    expect(seen).toEqual([
      {
        subjects: statement.subject,
        predicateType: statement.predicateType,
        predicate: statement.predicate,
        token: '',
        skipWrite: true
      }
    ])
    expect(signed?.mediaType).toBe(BUNDLE_MEDIA_TYPE)
  })
})
