/**
 * merge through the composition root (app/run.ts) with the real registry client, attesting with a key made
 * by real cosign: on distribution 2.8 anonymous and with Basic auth (no referrers API: the sha256-<hex>
 * fallback index) and on go-containerregistry's registry (the API, no fallback tag); cosign verifies what
 * was stored; verify mode's gate reads it back; the default with neither key nor token writes nothing.
 */
import { mkdtempSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, test } from '@jest/globals'
import { layerPrefetch } from '../../src/app/adapters.js'
import type { Command, Host } from '../../src/app/host.js'
import { registryFor, run, type Edges } from '../../src/app/run.js'
import { RegistryClient, type Repository } from '../../src/registry/client.js'
import { fallbackTag } from '../../src/registry/referrers.js'
import { bench, uniqueRepo, type BenchRegistry } from '../support/bench.js'
import { cosignKeyPair, cosignVerifyAttestation, type CosignKeyPair } from '../support/cosign.js'
import { fakeHost, type Seen } from '../support/fake-host.js'
import { pushIndex } from '../support/images.js'

const PASSWORD = 'attest-merge-password'
const TWO = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64' }
]

let keys: CosignKeyPair
let otherPub = ''
beforeAll(async () => {
  const pair = (): Promise<CosignKeyPair> => cosignKeyPair(PASSWORD, 'attest-merge-key-')
  const [mine, other] = await Promise.all([pair(), pair()])
  keys = mine
  otherPub = other.pub
})

async function runCommand(command: Command, inputs: Record<string, string>): Promise<Seen> {
  const { host, seen } = fakeHost(inputs, {
    reportDir: mkdtempSync(path.join(tmpdir(), 'attest-merge-report-'))
  })
  const edges: Edges = {
    registry: registryFor,
    builder: () => {
      throw new Error('merge builds nothing')
    },
    prefetch: (source) => layerPrefetch(source),
    referrers: (registry) => (registry instanceof RegistryClient ? registry.referrers : undefined),
    env: { COSIGN_PASSWORD: PASSWORD }
  }
  await run(command, host, edges)
  return seen
}

function credentialsOf(registry: BenchRegistry): Record<string, string> {
  return registry.username ? { username: registry.username, password: registry.password ?? '' } : {}
}

/** The real client for a bench registry, with its credentials (as the composition root builds it). */
function clientFor(registry: BenchRegistry): RegistryClient {
  const host = {
    input: (name: string) => credentialsOf(registry)[name] ?? '',
    secret: () => undefined,
    insecureRegistries: [],
    log: { info: () => undefined }
  } as unknown as Host
  return registryFor(host, registry.address)
}

/** Two platform images pushed into `repo` (under a scratch tag), as merge sources. */
async function sources(repo: Repository, registry: BenchRegistry): Promise<string> {
  const { children } = await pushIndex(clientFor(registry), repo, TWO, 'sources')
  return children.map((c) => `${repo.registry}/${repo.repository}@${c.digest}`).join('\n')
}

async function mergeInto(
  registry: BenchRegistry,
  prefix: string,
  extra: Record<string, string>
): Promise<{ repo: Repository; seen: Seen }> {
  const repo = { registry: registry.address, repository: uniqueRepo(prefix) }
  const seen = await runCommand('merge', {
    image: `${repo.registry}/${repo.repository}`,
    tags: 'latest',
    platforms: 'linux/amd64,linux/arm64',
    sources: await sources(repo, registry),
    'check-binaries': 'false',
    ...credentialsOf(registry),
    ...extra
  })
  return { repo, seen }
}

const headTag = async (repo: Repository, tag: string, registry: BenchRegistry): Promise<string | undefined> =>
  (await clientFor(registry).headManifest({ ...repo, tag }))?.digest

const registries = (): [string, BenchRegistry, 'tag-schema' | 'referrers-api'][] => {
  const b = bench()
  const referrers = b.registries.referrers
  if (!referrers) throw new Error('bench.json has no referrers registry: run `npm run bench:up`')
  return [
    ['distribution 2.8, anonymous', b.registries.anonymous, 'tag-schema'],
    ['distribution 2.8, Basic auth', b.registries.basic, 'tag-schema'],
    ['go-containerregistry with the referrers API', referrers, 'referrers-api']
  ]
}

describe.each(registries())('merge with a key on %s', (_name, registry, via) => {
  test('the attestation is stored where the registry keeps referrers, cosign verifies it, the gate passes; a wrong key fails', async () => {
    const { repo, seen } = await mergeInto(registry, 'attest/merge', { 'attest-key': keys.key })
    expect(seen.failures).toEqual([])
    const digest = seen.outputs.get('digest') ?? ''
    const attestation = seen.outputs.get('attestation') ?? ''
    expect(attestation).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(await headTag(repo, 'latest', registry)).toBe(digest)
    const fallback = await headTag(repo, fallbackTag(digest), registry)
    expect(fallback === undefined).toBe(via === 'referrers-api')
    expect(seen.summaries.join('\n')).toContain(via === 'tag-schema' ? 'fallback tag' : 'referrers API')
    const bundle = JSON.parse(await readFile(seen.outputs.get('attestation-bundle') ?? '', 'utf8')) as {
      mediaType: string
    }
    expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json')

    const image = `${repo.registry}/${repo.repository}@${digest}`
    expect(await cosignVerifyAttestation(image, keys.pub, registry)).toContain(
      '"payloadType":"application/vnd.in-toto+json"'
    )
    await expect(cosignVerifyAttestation(image, otherPub, registry)).rejects.toThrow()

    const gate = await runCommand('verify', {
      image: `${repo.registry}/${repo.repository}:latest`,
      platforms: 'linux/arm64',
      'require-attestation': 'true',
      'attestation-public-key': keys.pub,
      ...credentialsOf(registry)
    })
    expect(gate.failures).toEqual([])
    expect(gate.outputs.get('attestation')).toBe(attestation)
    const wrong = await runCommand('verify', {
      image: `${repo.registry}/${repo.repository}:latest`,
      'require-attestation': 'true',
      'attestation-public-key': otherPub,
      ...credentialsOf(registry)
    })
    expect(wrong.failures.map((f) => f.line)).toEqual([expect.stringContaining('wrong-signer')])

    const inspected = await runCommand('inspect', {
      image: `${repo.registry}/${repo.repository}:latest`,
      ...credentialsOf(registry)
    })
    expect(inspected.failures).toEqual([])
    expect(inspected.printed.join('')).toContain(
      `  ${attestation}  application/vnd.dev.sigstore.bundle.v0.3+json`
    )
  })

  test('the default with neither key nor token writes no attestation and says so', async () => {
    const { repo, seen } = await mergeInto(registry, 'attest/none', {})
    expect(seen.failures).toEqual([])
    const digest = seen.outputs.get('digest') ?? ''
    expect(seen.outputs.has('attestation')).toBe(false)
    expect(seen.info.filter((l) => l.startsWith('No attestation written'))).toHaveLength(1)
    expect(await headTag(repo, fallbackTag(digest), registry)).toBeUndefined()
    const listed = await clientFor(registry).referrers.list(repo, digest)
    expect(listed.referrers).toEqual([])
  })
})
