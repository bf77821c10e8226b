/**
 * Attestations against real registries and real tools: stored by registry/referrers.ts on distribution 2.8
 * (no referrers API: the sha256-<hex> fallback index) and on go-containerregistry's registry (with the
 * API), then read by cosign 3.1.1 (`verify-attestation`, `tree`) and oras 1.3.3 (`discover`), and by the
 * gate. cosign and oras come from the bench (bench.json `tools`).
 */
import { beforeAll, describe, expect, test } from '@jest/globals'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import {
  attestIndex,
  attestedRevision,
  readAttestations,
  requireAttestation,
  type Attested,
  type ReferrerStore
} from '../../src/attest/attest.js'
import { effectivePolicy } from '../../src/attest/policy.js'
import type { StatementInput, VerificationOutcome } from '../../src/attest/statement.js'
import { VSA_PREDICATE_TYPE } from '../../src/attest/statement.js'
import type { Platform } from '../../src/oci/types.js'
import { RegistryClient, type Repository } from '../../src/registry/client.js'
import { fallbackTag, Referrers } from '../../src/registry/referrers.js'
import { RegistrySession } from '../../src/registry/session.js'
import { bench, uniqueRepo } from '../support/bench.js'
import { cosignKeyPair, cosignVerifyAttestation, type CosignKeyPair } from '../support/cosign.js'
import { pushIndex } from '../support/images.js'

const run = promisify(execFile)
const PASSWORD = 'attest-test-password'
const linux = (architecture: string): Platform => ({ os: 'linux', architecture })
const TWO = [linux('amd64'), linux('arm64')]

function tool(name: 'cosign' | 'oras'): string {
  const found = bench().tools?.[name]?.path
  if (!found)
    throw new Error(`bench.json has no tools.${name}: run \`npm run bench:up\` (it extracts cosign and oras)`)
  return found
}

type KeyPair = CosignKeyPair

function outcome(passed: boolean): VerificationOutcome {
  return {
    passed,
    platforms: TWO.map((p, i) => ({
      platform: `linux/${p.architecture}`,
      required: true,
      digest: `sha256:${String(i).repeat(64)}`,
      config: 'match' as const,
      layers: null,
      binaries: { checked: false, entrypoint: null, filesChecked: 0, wrongCpu: [] },
      result: passed ? ('PASSED' as const) : ('FAILED' as const)
    }))
  }
}

function input(
  repo: Repository,
  index: { digest: string; mediaType: string; size: number },
  options: { passed?: boolean; platforms?: Platform[]; revision?: string; time?: Date } = {}
): StatementInput {
  return {
    ...repo,
    index,
    tags: ['latest'],
    source: { revision: options.revision ?? 'a'.repeat(40), uri: 'https://github.com/acme/app' },
    verifierVersion: '0.0.0-test',
    timeVerified: options.time ?? new Date(),
    policy: effectivePolicy({ platforms: options.platforms ?? TWO, allowExtra: false, checkBinaries: false }),
    outcome: outcome(options.passed ?? true)
  }
}

const client = new RegistryClient()
const newReferrers = (): Referrers => new Referrers(new RegistrySession())

async function pushTwoPlatformIndex(
  repo: Repository
): Promise<{ digest: string; mediaType: string; size: number }> {
  const { index } = await pushIndex(client, repo, TWO, 'latest')
  return index.descriptor
}

async function attestWithKey(
  referrers: Referrers,
  repo: Repository,
  index: { digest: string; mediaType: string; size: number },
  keys: KeyPair,
  options: Parameters<typeof input>[2] = {}
): Promise<Attested> {
  const attested = await attestIndex({
    referrers,
    input: input(repo, index, options),
    signing: { kind: 'key', key: keys.key },
    sign: { env: { COSIGN_PASSWORD: PASSWORD } }
  })
  if (!attested) throw new Error('attestIndex wrote nothing for a key')
  return attested
}

let keys: KeyPair
let otherKeys: KeyPair
beforeAll(async () => {
  ;[keys, otherKeys] = await Promise.all([
    cosignKeyPair(PASSWORD, 'attest-key-'),
    cosignKeyPair(PASSWORD, 'attest-key-')
  ])
})

describe('on distribution 2.8 (no referrers API): the tag-schema fallback', () => {
  const registry = bench().registries.anonymous.address
  const newRepo = (): Repository => ({ registry, repository: uniqueRepo('attest/fallback') })

  test('a key-signed attestation is stored under sha256-<hex> and cosign verifies it with the key', async () => {
    const repo = newRepo()
    const index = await pushTwoPlatformIndex(repo)
    const attested = await attestWithKey(newReferrers(), repo, index, keys)
    expect(attested.stored.via).toBe('tag-schema')
    expect(attested.stored.fallbackTag).toBe(fallbackTag(index.digest))
    const fallback = await new RegistryClient().getManifest({ ...repo, tag: fallbackTag(index.digest) })
    expect(fallback.parsed.kind === 'index' && fallback.parsed.index.manifests.map((m) => m.digest)).toEqual([
      attested.stored.descriptor.digest
    ])

    const image = `${registry}/${repo.repository}@${index.digest}`
    const verify = (pub: string): Promise<string> =>
      cosignVerifyAttestation(image, pub, bench().registries.anonymous)
    const stdout = await verify(keys.pub)
    const printed = JSON.parse(stdout.trim().split('\n')[0] ?? '') as { payload: string }
    const statement = JSON.parse(Buffer.from(printed.payload, 'base64').toString('utf8')) as {
      predicateType: string
      subject: { digest: { sha256: string } }[]
    }
    expect(statement.predicateType).toBe(VSA_PREDICATE_TYPE)
    expect(`sha256:${statement.subject[0]?.digest.sha256 ?? ''}`).toBe(index.digest)
    await expect(verify(otherKeys.pub)).rejects.toThrow()
  })

  test('oras discover and cosign tree list the attestation', async () => {
    const repo = newRepo()
    const index = await pushTwoPlatformIndex(repo)
    const attested = await attestWithKey(newReferrers(), repo, index, keys)
    const image = `${registry}/${repo.repository}@${index.digest}`
    const discover = await run(tool('oras'), ['discover', '--plain-http', '--format', 'json', image])
    const listed = JSON.parse(discover.stdout) as { referrers?: { digest: string; artifactType: string }[] }
    expect(listed.referrers?.map((r) => [r.digest, r.artifactType])).toEqual([
      [attested.stored.descriptor.digest, attested.signed.mediaType]
    ])
    const tree = await run(tool('cosign'), ['tree', '--allow-http-registry', image])
    expect(tree.stdout + tree.stderr).toContain(attested.stored.descriptor.digest)
  })

  test('two writers attesting two indexes of one digest at once: both survive in the fallback index', async () => {
    const repo = newRepo()
    const index = await pushTwoPlatformIndex(repo)
    const [a, b] = await Promise.all([
      attestWithKey(newReferrers(), repo, index, keys, { revision: 'a'.repeat(40) }),
      attestWithKey(newReferrers(), repo, index, otherKeys, { revision: 'b'.repeat(40) })
    ])
    const { candidates, via } = await readAttestations(newReferrers(), repo, index.digest)
    expect(via).toBe('tag-schema')
    expect(candidates.map((c) => c.digest).sort()).toEqual(
      [a.stored.descriptor.digest, b.stored.descriptor.digest].sort()
    )
  })
})

describe('the gate, on attestations read back from distribution', () => {
  const registry = bench().registries.anonymous.address
  const newRepo = (): Repository => ({ registry, repository: uniqueRepo('attest/gate') })
  const subject = (
    repo: Repository,
    digest: string
  ): { registry: string; repository: string; digest: string } => ({
    ...repo,
    digest
  })
  const trust = (pair: KeyPair): { kind: 'key'; publicKeyPem: string } => ({
    kind: 'key',
    publicKeyPem: readFileSync(pair.pub, 'utf8')
  })

  test('passes with the right key and the required platforms, reading no layer', async () => {
    const repo = newRepo()
    const index = await pushTwoPlatformIndex(repo)
    const attested = await attestWithKey(newReferrers(), repo, index, keys)
    const verdict = await requireAttestation(newReferrers(), {
      subject: subject(repo, index.digest),
      trust: trust(keys),
      platforms: [linux('arm64')]
    })
    expect(verdict.ok && verdict.attestation.digest).toBe(attested.stored.descriptor.digest)
  })

  test.each([
    ['none-found', 'nothing stored'],
    ['wrong-signer', 'another key'],
    ['failed', 'a FAILED verification'],
    ['policy-too-narrow', 'a policy without s390x'],
    ['subject-mismatch', "another index's statement"]
  ])('fails naming %s (%s)', async (reason) => {
    const repo = newRepo()
    const index = await pushTwoPlatformIndex(repo)
    const referrers = newReferrers()
    let required = TWO
    if (reason === 'wrong-signer') await attestWithKey(referrers, repo, index, otherKeys)
    if (reason === 'failed') await attestWithKey(referrers, repo, index, keys, { passed: false })
    if (reason === 'policy-too-narrow') {
      await attestWithKey(referrers, repo, index, keys)
      required = [...TWO, linux('s390x')]
    }
    if (reason === 'subject-mismatch') {
      // A statement about another index, stored as a referrer of this one.
      const other = await pushTwoPlatformIndex(newRepo())
      const mismatched: ReferrerStore = {
        store: (_repo, artifact) => referrers.store(repo, { ...artifact, subject: index }),
        list: (...args) => referrers.list(...args),
        fetch: (...args) => referrers.fetch(...args)
      }
      await attestIndex({
        referrers: mismatched,
        input: input(repo, other),
        signing: { kind: 'key', key: keys.key },
        sign: { env: { COSIGN_PASSWORD: PASSWORD } }
      })
    }
    const verdict = await requireAttestation(newReferrers(), {
      subject: subject(repo, index.digest),
      trust: trust(keys),
      platforms: required
    })
    expect(verdict.ok ? 'ok' : verdict.reason).toBe(reason)
  })

  test("forward-only: the newest trusted attestation's revision", async () => {
    const repo = newRepo()
    const index = await pushTwoPlatformIndex(repo)
    const referrers = newReferrers()
    await attestWithKey(referrers, repo, index, keys, {
      revision: 'b'.repeat(40),
      time: new Date('2026-01-02T00:00:00Z')
    })
    await attestWithKey(referrers, repo, index, keys, {
      revision: 'a'.repeat(40),
      time: new Date('2026-01-01T00:00:00Z')
    })
    await attestWithKey(referrers, repo, index, otherKeys, {
      revision: 'c'.repeat(40),
      time: new Date('2026-01-03T00:00:00Z')
    })
    const found = await attestedRevision(newReferrers(), {
      subject: subject(repo, index.digest),
      trust: trust(keys)
    })
    expect(found?.revision).toBe('b'.repeat(40))
  })
})

describe('on a registry with the referrers API (go-containerregistry)', () => {
  const address = (): string => {
    const found = (bench().registries as { referrers?: { address: string } }).referrers?.address
    if (!found)
      throw new Error(
        'bench.json has no registries.referrers: run `npm run bench:up` (bench-toolchain referrers)'
      )
    return found
  }

  test('found through the API, no fallback tag written; cosign verifies it', async () => {
    const repo = { registry: address(), repository: uniqueRepo('attest/api') }
    const index = await pushTwoPlatformIndex(repo)
    const attested = await attestWithKey(newReferrers(), repo, index, keys)
    expect(attested.stored.via).toBe('referrers-api')
    expect(await client.headManifest({ ...repo, tag: fallbackTag(index.digest) })).toBeUndefined()
    const { via, candidates } = await readAttestations(newReferrers(), repo, index.digest)
    expect([via, candidates.map((c) => c.digest)]).toEqual([
      'referrers-api',
      [attested.stored.descriptor.digest]
    ])
    // Anonymous, like the bench's referrers registry.
    await cosignVerifyAttestation(`${repo.registry}/${repo.repository}@${index.digest}`, keys.pub, {
      address: repo.registry
    })
  })
})
