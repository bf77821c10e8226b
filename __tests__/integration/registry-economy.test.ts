/**
 * What a merge + verify costs in requests, counted by a pass-through proxy in front of the bench's
 * token-auth registry (an independent witness: every request that reached the registry) and by the
 * client's own token count. N Windows children (distinct os.version, a shared base layer each, as
 * Windows images have), staged as tags in a legs repository and merged into a target repository of the
 * same registry: sources resolved, children mounted across, index pushed by digest, verified, tagged.
 * Content by digest is immutable, so within one run no manifest or config is read twice and no HEAD
 * is repeated; one token per repository and action set.
 */
import { afterAll, describe, expect, test } from '@jest/globals'
import { gzipSync } from 'node:zlib'
import { MediaType, type Platform } from '../../src/oci/types.js'
import { publishIndex } from '../../src/publish/publish.js'
import { resolveSources } from '../../src/publish/sources.js'
import { RegistryClient, sha256Digest, type Repository } from '../../src/registry/client.js'
import type { CredentialSource } from '../../src/registry/credentials.js'
import { bench, uniqueRepo } from '../support/bench.js'
import { startFaultProxy, type FaultProxy, type RequestRecord } from '../support/fault-proxy.js'
import { tarBytes } from '../support/tar-writer.js'

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value))
const proxies: FaultProxy[] = []

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()))
})

function tokenCredentials(): CredentialSource {
  const { token } = bench().registries
  // The proxy is another host:port in front of the token registry; this test's login answers it.
  return { get: () => Promise.resolve({ kind: 'basic', username: token.username, password: token.password }) }
}

/** N single-platform Windows images under tags leg-0 … leg-(N-1), sharing one base layer. */
async function stageLegs(
  client: RegistryClient,
  legs: Repository,
  n: number
): Promise<{ platforms: Platform[]; configs: Set<string> }> {
  const base = gzipSync(
    Buffer.from(tarBytes([{ path: 'Windows/base.txt', content: `base ${Math.random()}\n` }]))
  )
  await client.uploadBlob(legs, sha256Digest(base), base)
  const platforms: Platform[] = []
  const configs = new Set<string>()
  for (let i = 0; i < n; i++) {
    const platform: Platform = {
      os: 'windows',
      architecture: 'amd64',
      'os.version': `10.0.17763.${1000 + i}`
    }
    const own = gzipSync(Buffer.from(tarBytes([{ path: `app/leg-${i}.txt`, content: `leg ${i}\n` }])))
    const config = json({
      ...platform,
      rootfs: { type: 'layers', diff_ids: [sha256Digest(base), sha256Digest(own)] },
      config: {}
    })
    for (const blob of [own, config]) await client.uploadBlob(legs, sha256Digest(blob), blob)
    const manifest = json({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, digest: sha256Digest(config), size: config.length },
      layers: [base, own].map((b) => ({
        mediaType: MediaType.ociLayerGzip,
        digest: sha256Digest(b),
        size: b.length
      }))
    })
    await client.putManifest({ ...legs, tag: `leg-${i}` }, manifest, MediaType.ociManifest)
    platforms.push(platform)
    configs.add(sha256Digest(config))
  }
  return { platforms, configs }
}

/**
 * GETs of manifests by digest and of configs, and HEADs by digest, that the registry answered more than once
 * (layer reads are the scanner's business; a 401 is the auth handshake, counted apart).
 */
function repeated(records: RequestRecord[], configs: ReadonlySet<string>): string[] {
  const seen = new Map<string, number>()
  for (const r of records.filter((record) => record.status !== 401)) {
    const path = r.path.split('?')[0] ?? r.path
    const isManifest = /\/manifests\/sha256:/.test(path)
    const isConfig = configs.has(path.slice(path.lastIndexOf('/') + 1))
    // A tag is mutable: re-reading it before and after moving it is the publish protocol's business.
    const isHead = r.method === 'HEAD' && /\/(manifests|blobs)\/sha256:/.test(path)
    if ((r.method === 'GET' && (isManifest || isConfig)) || isHead) {
      const key = `${r.method} ${path}`
      seen.set(key, (seen.get(key) ?? 0) + 1)
    }
  }
  return [...seen].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`)
}

describe.each([7, 64])('merge + verify of %i Windows children', (n) => {
  test('reads each manifest and config once, and repeats no HEAD', async () => {
    const { token } = bench().registries
    const proxy = await startFaultProxy({ upstream: `http://${token.address}`, faultRate: 0 })
    proxies.push(proxy)
    const name = uniqueRepo(`economy/n${n}`)
    const legs: Repository = { registry: proxy.address, repository: `${name}/legs` }
    const target: Repository = { registry: proxy.address, repository: `${name}/app` }
    const { platforms, configs } = await stageLegs(
      new RegistryClient({ credentials: tokenCredentials() }),
      legs,
      n
    )
    proxy.reset()

    const client = new RegistryClient({ credentials: tokenCredentials() })
    const started = Date.now()
    const images = await resolveSources(
      client,
      platforms.map((_, i) => ({ ...legs, tag: `leg-${i}` }))
    )
    const outcome = await publishIndex(
      client,
      {
        target,
        tags: ['v1'],
        platforms,
        annotations: {},
        mediaType: 'auto',
        checkBinaries: true,
        dryRun: false
      },
      images
    )
    const ms = Date.now() - started
    expect(outcome.verification?.result.ok).toBe(true)
    expect(outcome.refs).toEqual([`${target.registry}/${target.repository}:v1`])

    const counts = proxy.counts()
    const method = (m: string): number => counts.byMethod[m] ?? 0
    const unauthorized = proxy.records.filter((r) => r.status === 401).length
    console.log(
      `economy N=${n}: ${counts.total} registry requests (GET ${method('GET')}, HEAD ${method('HEAD')}, ` +
        `POST ${method('POST')}, PUT ${method('PUT')}, PATCH ${method('PATCH')}), ` +
        `${client.auth.tokenRequests} token requests, ${unauthorized} answered 401, ${ms} ms`
    )
    expect(repeated(proxy.records, configs)).toEqual([])
    // Only the first request learns that the registry wants a token; later ones carry one up front.
    expect(unauthorized).toBeLessThanOrEqual(1)
    // One token per repository and action set: the legs (pull), the target (pull,push) and a mount (both).
    expect(client.auth.tokenRequests).toBeLessThanOrEqual(3)
  })
})
