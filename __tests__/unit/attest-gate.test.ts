/**
 * The gate over attestations already read (pure): accepted only when signed by the trusted key (or a
 * certificate naming the workflow), about this subject, PASSED, under a policy covering the required
 * platforms; otherwise the reason, naming how far the best candidate got. And forward-only's revision.
 */
import { describe, expect, test } from '@jest/globals'
import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { BUNDLE_MEDIA_TYPE, type Bundle } from '../../src/attest/bundle.js'
import { envelope, IN_TOTO_PAYLOAD_TYPE, preAuthEncoding } from '../../src/attest/dsse.js'
import {
  gate,
  KEYLESS_NOT_CHECKED,
  newestRevision,
  oidcIssuer,
  type Candidate,
  type Requirement
} from '../../src/attest/gate.js'
import { parseSigningKey, signMessage, type SigningKey } from '../../src/attest/keys.js'
import { effectivePolicy } from '../../src/attest/policy.js'
import { signWithKey, unsignedAttestation } from '../../src/attest/sign.js'
import { buildStatement, type Statement } from '../../src/attest/statement.js'
import type { Platform } from '../../src/oci/types.js'

/** A self-signed test certificate shaped like Fulcio's: SAN URI of a workflow, OIDC issuer extensions. */
const CERT_DER = Buffer.from(
  'MIICIjCCAcmgAwIBAgIUCcU2O2Km5i3fYzvQltvGapdNTswwCgYIKoZIzj0EAwIwFzEVMBMGA1UECgwMc2lnc3RvcmUuZGV2MB4XDTI2MTIwNzE3MTEyMFoXDTM2MTIwNDE3MTEyMFowFzEVMBMGA1UECgwMc2lnc3RvcmUuZGV2MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE4uRFYlPasYvqJsNi/Z0Flv9j3STzh486mlV6XyWpzqijnJc7fgQ1QclxtLGetCLN4ZrDd861Nn9hIR4ABBvcJ6OB8jCB7zBUBgNVHREETTBLhklodHRwczovL2dpdGh1Yi5jb20vYWNtZS9hcHAvLmdpdGh1Yi93b3JrZmxvd3MvcmVsZWFzZS55bWxAcmVmcy9oZWFkcy9tYWluMDsGCisGAQQBg78wAQEELQwraHR0cHM6Ly90b2tlbi5hY3Rpb25zLmdpdGh1YnVzZXJjb250ZW50LmNvbTA7BgorBgEEAYO/MAEIBC0MK2h0dHBzOi8vdG9rZW4uYWN0aW9ucy5naXRodWJ1c2VyY29udGVudC5jb20wHQYDVR0OBBYEFHEF0WYKgRrnZzx2LjVN30fGrNoXMAoGCCqGSM49BAMCA0cAMEQCIGxfH9NtO1yj+ZdZSKv7+0PmowH6jvhyHoEguN7rjHw+AiBTXzqoYfAIUWPbV0Ais4oPHE9x2NVtJbtxIbLqU6nQlA==',
  'base64'
)
const CERT_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgP64lcVx+Sspv3R52
WE63X3UJMRQjRAB6j/ASBGOToiqhRANCAATi5EViU9qxi+omw2L9nQWW/2PdJPOH
jzqaVXpfJanOqKOclzt+BDVByXG0sZ60Is3hmsN3zrU2f2EhHgAEG9wn
-----END PRIVATE KEY-----
`
const WORKFLOW = 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main'
const ISSUER = 'https://token.actions.githubusercontent.com'

const linux = (architecture: string): Platform => ({ os: 'linux', architecture })
const DIGEST = `sha256:${'ab'.repeat(32)}`
const subject = { registry: 'ghcr.io', repository: 'acme/app', digest: DIGEST }

async function newKey(): Promise<SigningKey> {
  const pem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString()
  return parseSigningKey(pem, undefined)
}

function statement(
  options: {
    passed?: boolean
    platforms?: Platform[]
    digest?: string
    repository?: string
    revision?: string
    time?: string
  } = {}
): Statement {
  return buildStatement({
    registry: 'ghcr.io',
    repository: options.repository ?? 'acme/app',
    index: {
      mediaType: 'application/vnd.oci.image.index.v1+json',
      digest: options.digest ?? DIGEST,
      size: 10
    },
    tags: ['latest'],
    source: { revision: options.revision ?? 'a'.repeat(40) },
    verifierVersion: '0.2.0',
    timeVerified: new Date(options.time ?? '2026-12-07T10:00:00Z'),
    policy: effectivePolicy({
      platforms: options.platforms ?? [linux('amd64'), linux('arm64')],
      allowExtra: false,
      checkBinaries: true
    }),
    outcome: { passed: options.passed ?? true, platforms: [] }
  })
}

let n = 0
function candidate(key: SigningKey, s: Statement): Candidate {
  const signed = signWithKey(s, key)
  return { digest: `sha256:${String(++n % 10).repeat(64)}`, mediaType: signed.mediaType, bytes: signed.bytes }
}

function keylessCandidate(s: Statement): Candidate {
  const body = Buffer.from(JSON.stringify(s))
  const sig = signMessage(
    { privateKey: createPrivateKey(CERT_KEY), publicKeyPem: '' },
    preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, body)
  )
  const bundle: Bundle = {
    mediaType: BUNDLE_MEDIA_TYPE,
    verificationMaterial: { certificate: { rawBytes: CERT_DER.toString('base64') }, tlogEntries: [] },
    dsseEnvelope: envelope(IN_TOTO_PAYLOAD_TYPE, body, sig)
  }
  return {
    digest: `sha256:${'e'.repeat(64)}`,
    mediaType: BUNDLE_MEDIA_TYPE,
    bytes: Buffer.from(JSON.stringify(bundle))
  }
}

const requirement = (key: SigningKey, platforms: Platform[] = [linux('arm64')]): Requirement => ({
  subject,
  trust: { kind: 'key', publicKeyPem: key.publicKeyPem },
  platforms
})

describe('gate with a key', () => {
  test('accepts a PASSED attestation whose policy covers the platforms (normalised: aarch64 = arm64)', async () => {
    const key = await newKey()
    const c = candidate(key, statement())
    const verdict = gate([c], requirement(key, [{ os: 'linux', architecture: 'aarch64' }]))
    expect(verdict.ok && [verdict.attestation.digest, verdict.notChecked]).toEqual([c.digest, []])
  })

  test('the newest accepted attestation wins', async () => {
    const key = await newKey()
    const older = candidate(key, statement({ time: '2026-12-01T00:00:00Z' }))
    const newer = candidate(key, statement({ time: '2026-12-05T00:00:00Z' }))
    const verdict = gate([older, newer], requirement(key))
    expect(verdict.ok && verdict.attestation.digest).toBe(newer.digest)
  })

  test.each([
    ['none-found', (): Promise<Candidate[]> => Promise.resolve([])],
    ['wrong-signer', async (): Promise<Candidate[]> => [candidate(await newKey(), statement())]],
    [
      'wrong-signer',
      (): Promise<Candidate[]> => {
        const u = unsignedAttestation(statement())
        return Promise.resolve([{ digest: DIGEST, mediaType: u.mediaType, bytes: u.bytes }])
      }
    ],
    [
      'subject-mismatch',
      (key: SigningKey): Promise<Candidate[]> =>
        Promise.resolve([candidate(key, statement({ digest: `sha256:${'cd'.repeat(32)}` }))])
    ],
    [
      'subject-mismatch',
      (key: SigningKey): Promise<Candidate[]> =>
        Promise.resolve([candidate(key, statement({ repository: 'acme/other' }))])
    ],
    [
      'failed',
      (key: SigningKey): Promise<Candidate[]> =>
        Promise.resolve([candidate(key, statement({ passed: false }))])
    ],
    [
      'policy-too-narrow',
      (key: SigningKey): Promise<Candidate[]> =>
        Promise.resolve([candidate(key, statement({ platforms: [linux('amd64')] }))])
    ]
  ])('%s', async (reason, make) => {
    const key = await newKey()
    const verdict = gate(await make(key), requirement(key))
    expect(verdict.ok ? 'ok' : verdict.reason).toBe(reason)
    expect(verdict.ok ? '' : verdict.message).toMatch(
      reason === 'none-found'
        ? /no attestation found for ghcr.io\/acme\/app@sha256:/
        : new RegExp(`none accepted: ${reason} — `)
    )
  })

  test('names the reason of the candidate that got furthest: FAILED beats a wrong signer', async () => {
    const key = await newKey()
    const verdict = gate(
      [candidate(await newKey(), statement()), candidate(key, statement({ passed: false }))],
      requirement(key)
    )
    expect(verdict.ok ? 'ok' : verdict.reason).toBe('failed')
  })

  test('a tampered payload is a wrong signer', async () => {
    const key = await newKey()
    const c = candidate(key, statement())
    const bundle = JSON.parse(c.bytes.toString()) as Bundle
    bundle.dsseEnvelope.payload = Buffer.from(
      JSON.stringify(statement({ revision: 'f'.repeat(40) }))
    ).toString('base64')
    const verdict = gate([{ ...c, bytes: Buffer.from(JSON.stringify(bundle)) }], requirement(key))
    expect(verdict.ok ? 'ok' : verdict.reason).toBe('wrong-signer')
  })
})

describe('gate keyless (offline: signature, SAN and issuer; not the Fulcio chain)', () => {
  const identity = (id: string | RegExp, issuer?: string): Requirement => ({
    subject,
    trust: { kind: 'identity', identity: id, ...(issuer ? { issuer } : {}) },
    platforms: []
  })

  test('reads the OIDC issuer extension', () => {
    expect(oidcIssuer(CERT_DER)).toBe(ISSUER)
  })

  test('accepts the workflow identity and issuer, saying what was not checked', () => {
    const verdict = gate([keylessCandidate(statement())], identity(WORKFLOW, ISSUER))
    expect(verdict.ok && verdict.notChecked).toEqual(KEYLESS_NOT_CHECKED)
  })

  test.each([
    ['another workflow', identity('https://github.com/acme/app/.github/workflows/other.yml@refs/heads/main')],
    ['a pattern that does not match', identity(/^https:\/\/github\.com\/evil\//)],
    ['another issuer', identity(WORKFLOW, 'https://accounts.google.com')]
  ])('refuses %s as a wrong signer', (_name, req) => {
    const verdict = gate([keylessCandidate(statement())], req)
    expect(verdict.ok ? 'ok' : verdict.reason).toBe('wrong-signer')
  })

  test('a key signature does not pass an identity requirement', async () => {
    const verdict = gate([candidate(await newKey(), statement())], identity(WORKFLOW))
    expect(verdict.ok ? 'ok' : verdict.reason).toBe('wrong-signer')
  })
})

describe('newestRevision', () => {
  test("the newest trusted attestation's revision, FAILED ones included; other signers and subjects ignored", async () => {
    const key = await newKey()
    const found = newestRevision(
      [
        candidate(key, statement({ revision: 'a'.repeat(40), time: '2026-12-01T00:00:00Z' })),
        candidate(key, statement({ revision: 'b'.repeat(40), time: '2026-12-03T00:00:00Z', passed: false })),
        candidate(await newKey(), statement({ revision: 'c'.repeat(40), time: '2026-12-05T00:00:00Z' })),
        candidate(
          key,
          statement({
            revision: 'd'.repeat(40),
            time: '2026-12-06T00:00:00Z',
            digest: `sha256:${'cd'.repeat(32)}`
          })
        )
      ],
      { subject, trust: { kind: 'key', publicKeyPem: key.publicKeyPem } }
    )
    expect(found?.revision).toBe('b'.repeat(40))
  })

  test('none when nothing trusted records one', async () => {
    const key = await newKey()
    expect(
      newestRevision([candidate(await newKey(), statement())], {
        subject,
        trust: { kind: 'key', publicKeyPem: key.publicKeyPem }
      })
    ).toBeUndefined()
  })
})
