/**
 * verify mode attesting on request, through the composition root (app/run.ts) with the real registry client
 * on distribution 2.8 (no referrers API: the sha256-<hex> fallback index), signed with a key made by real
 * cosign: cosign verifies what was stored, about the digest verified, naming the tag verified. Without
 * `attest`, verify writes nothing there.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, test } from '@jest/globals'
import { layerPrefetch } from '../../src/app/adapters.js'
import type { Host } from '../../src/app/host.js'
import { registryFor, run, type Edges } from '../../src/app/run.js'
import { RegistryClient, type Repository } from '../../src/registry/client.js'
import { fallbackTag } from '../../src/registry/referrers.js'
import { bench, uniqueRepo } from '../support/bench.js'
import { cosignKeyPair, cosignVerifyAttestation, type CosignKeyPair } from '../support/cosign.js'
import { fakeHost, type Seen } from '../support/fake-host.js'
import { pushIndex } from '../support/images.js'

const PASSWORD = 'attest-verify-password'
const TWO = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64' }
]

let keys: CosignKeyPair
beforeAll(async () => {
  keys = await cosignKeyPair(PASSWORD, 'attest-verify-key-')
})

async function verify(inputs: Record<string, string>): Promise<Seen> {
  const { host, seen } = fakeHost(inputs, {
    reportDir: mkdtempSync(path.join(tmpdir(), 'attest-verify-report-'))
  })
  const edges: Edges = {
    registry: registryFor,
    builder: () => {
      throw new Error('verify builds nothing')
    },
    prefetch: (source) => layerPrefetch(source),
    referrers: (registry) => (registry instanceof RegistryClient ? registry.referrers : undefined),
    env: { COSIGN_PASSWORD: PASSWORD }
  }
  await run('verify', host, edges)
  return seen
}

const anonymous = (): RegistryClient =>
  registryFor(
    {
      input: () => '',
      secret: () => undefined,
      insecureRegistries: [],
      log: { info: () => undefined }
    } as unknown as Host,
    bench().registries.anonymous.address
  )

/** A two-platform index under `v1` in a new repository of the anonymous distribution 2.8. */
async function published(): Promise<{ repo: Repository; digest: string }> {
  const repo = { registry: bench().registries.anonymous.address, repository: uniqueRepo('attest/verify') }
  const { index } = await pushIndex(anonymous(), repo, TWO, 'v1')
  return { repo, digest: index.digest }
}

const VERIFY = { platforms: 'linux/amd64,linux/arm64', 'check-binaries': 'false' }

describe('verify mode on distribution 2.8', () => {
  test('attest: key stores a statement cosign verifies: PASSED, about the digest verified, naming the tag', async () => {
    const { repo, digest } = await published()
    const seen = await verify({
      ...VERIFY,
      image: `${repo.registry}/${repo.repository}:v1`,
      attest: 'key',
      'attest-key': keys.key
    })
    expect(seen.failures).toEqual([])
    expect(seen.outputs.get('digest')).toBe(digest)
    expect(seen.outputs.get('attestation')).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect((await anonymous().headManifest({ ...repo, tag: fallbackTag(digest) }))?.digest).toMatch(
      /^sha256:/
    )

    const stdout = await cosignVerifyAttestation(
      `${repo.registry}/${repo.repository}@${digest}`,
      keys.pub,
      bench().registries.anonymous
    )
    const envelope = JSON.parse(stdout.trim().split('\n')[0] ?? '{}') as { payload: string }
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as {
      subject: { name: string; digest: { sha256: string } }[]
      predicate: Record<string, unknown> & { verificationResult: string }
    }
    expect(statement.subject).toEqual([
      { name: `${repo.registry}/${repo.repository}`, digest: { sha256: digest.replace('sha256:', '') } }
    ])
    expect(statement.predicate.verificationResult).toBe('PASSED')
    const detail = Object.entries(statement.predicate).find(([k]) =>
      k.endsWith('verification-detail-v1.json')
    )?.[1] as { tags: string[] } | undefined
    expect(detail?.tags).toEqual(['v1'])
  })

  test('without attest it writes nothing: no referrer, no fallback tag', async () => {
    const { repo, digest } = await published()
    const seen = await verify({ ...VERIFY, image: `${repo.registry}/${repo.repository}:v1` })
    expect(seen.failures).toEqual([])
    expect(seen.outputs.get('verified')).toBe('true')
    expect(seen.outputs.has('attestation')).toBe(false)
    expect(await anonymous().headManifest({ ...repo, tag: fallbackTag(digest) })).toBeUndefined()
    expect((await anonymous().referrers.list(repo, digest)).referrers).toEqual([])
  })
})
