/**
 * Writes whose answer is lost after the registry performed them: the fault proxy, in front of the
 * bench's Basic registry, forwards 20 % of writes (PUT, POST, PATCH), lets the registry carry them out,
 * then cuts the client off. A blind repeat of an upload's closing PUT meets a consumed session
 * (404 BLOB_UPLOAD_UNKNOWN); the client must instead look (HEAD) and carry on. Each trial is a merge as
 * the product runs it (resolveSources + publishIndex): one source pushed through the proxy in PATCH
 * chunks (then mounted across), one on another registry (streamed copy: POST + PUT), one index PUT by
 * digest and by tag — then everything is read back directly from the registry, byte for byte.
 */
import { afterAll, describe, expect, test } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { MediaType, type Platform } from '../../src/oci/types.js'
import { publishIndex } from '../../src/publish/publish.js'
import { resolveSources } from '../../src/publish/sources.js'
import { RegistryClient, sha256Digest, type Repository } from '../../src/registry/client.js'
import type { CredentialSource } from '../../src/registry/credentials.js'
import { bench, uniqueRepo } from '../support/bench.js'
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js'
import { tarBytes } from '../support/tar-writer.js'

const TRIALS = 20
const LOST_REPLY_RATE = 0.2
const SEED = 20261202
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value))

const tally = {
  trials: 0,
  succeeded: 0,
  lostReplies: 0,
  writes: 0,
  retries: 0,
  sessionsLost: 0,
  lostByMethod: {} as Record<string, number>
}

afterAll(() => {
  console.log(
    `lost replies: ${tally.succeeded}/${tally.trials} merges succeeded; ${tally.lostReplies} of ` +
      `${tally.writes} writes lost their answer after the registry performed them; ` +
      `(${JSON.stringify(tally.lostByMethod)}); ${tally.retries} repeats; ` +
      `${tally.sessionsLost} closing PUTs met a consumed session`
  )
})

/** The Basic registry's login, for the proxy in front of it (another host:port) and nothing else. */
function basicFor(proxy: FaultProxy): CredentialSource {
  const { basic } = bench().registries
  return {
    get: (registry) =>
      Promise.resolve(
        registry === proxy.address
          ? { kind: 'basic', username: basic.username, password: basic.password }
          : undefined
      )
  }
}

interface Staged {
  ref: { registry: string; repository: string; tag: string }
  platform: Platform
  manifest: Buffer
  blobs: Buffer[]
}

/** One image: a gzip layer of `layerBytes` random bytes, a config naming the platform, an OCI manifest. */
async function stage(
  client: RegistryClient,
  repo: Repository,
  platform: Platform,
  tag: string,
  layerBytes: number
): Promise<Staged> {
  const layer = gzipSync(Buffer.from(tarBytes([{ path: 'data.bin', content: randomBytes(layerBytes) }])))
  const config = json({ ...platform, rootfs: { type: 'layers', diff_ids: [] }, config: {} })
  for (const blob of [layer, config]) await client.uploadBlob(repo, sha256Digest(blob), blob)
  const manifest = json({
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: { mediaType: MediaType.ociConfig, digest: sha256Digest(config), size: config.length },
    layers: [{ mediaType: MediaType.ociLayerGzip, digest: sha256Digest(layer), size: layer.length }]
  })
  await client.putManifest({ ...repo, tag }, manifest, MediaType.ociManifest)
  return { ref: { ...repo, tag }, platform, manifest, blobs: [layer, config] }
}

async function trial(seed: number): Promise<void> {
  const { basic, anonymous } = bench().registries
  const proxy = await startFaultProxy({
    upstream: `http://${basic.address}`,
    lostReplyRate: LOST_REPLY_RATE,
    seed
  })
  try {
    const name = uniqueRepo('lost-replies/trial')
    const transport = { retry: { baseDelayMs: 5, maxAttempts: 8 } }
    // Chunked through the proxy: PATCHes, whose lost answers are resumed or restarted.
    const chunked = new RegistryClient({ credentials: basicFor(proxy), chunkSize: 64 * 1024, transport })
    const legs: Repository = { registry: proxy.address, repository: `${name}/legs` }
    const arm64 = await stage(chunked, legs, { os: 'linux', architecture: 'arm64' }, 'leg-arm64', 200 * 1024)
    const amd64 = await stage(chunked, legs, { os: 'linux', architecture: 'amd64' }, 'leg-amd64', 1024)
    // On another registry, pushed directly: the merge streams its blobs across.
    const elsewhere: Repository = { registry: anonymous.address, repository: `${name}/elsewhere` }
    const s390x = await stage(
      new RegistryClient(),
      elsewhere,
      { os: 'linux', architecture: 's390x' },
      'leg',
      96 * 1024
    )
    const sources = [arm64, amd64, s390x]

    const client = new RegistryClient({ credentials: basicFor(proxy), transport })
    const target: Repository = { registry: proxy.address, repository: `${name}/app` }
    const images = await resolveSources(
      client,
      sources.map((s) => s.ref)
    )
    const outcome = await publishIndex(client, {
      target,
      tags: ['v1'],
      platforms: sources.map((s) => s.platform),
      images,
      annotations: {},
      mediaType: 'auto',
      checkBinaries: false,
      dryRun: false
    })
    expect(outcome.verification?.result.ok).toBe(true)
    expect(outcome.refs).toEqual([`${proxy.address}/${target.repository}:v1`])

    // Read back from the registry itself, past the proxy and with a client that remembers nothing.
    const reader = new RegistryClient({
      credentials: {
        get: () => Promise.resolve({ kind: 'basic', username: basic.username, password: basic.password })
      }
    })
    const direct: Repository = { registry: basic.address, repository: target.repository }
    const index = await reader.getManifest({ ...direct, tag: 'v1' })
    expect(index.bytes.equals(outcome.assembled.bytes)).toBe(true)
    for (const source of sources) {
      const child = await reader.getManifest({ ...direct, digest: sha256Digest(source.manifest) })
      expect(child.bytes.equals(source.manifest)).toBe(true)
      for (const blob of source.blobs)
        expect((await reader.readBlob(direct, sha256Digest(blob), 1024 * 1024)).equals(blob)).toBe(true)
    }

    const writes = proxy.records.filter((r) => ['PUT', 'POST', 'PATCH'].includes(r.method))
    tally.lostReplies += proxy.counts().lostReplies
    for (const r of proxy.records.filter((record) => record.lostReply))
      tally.lostByMethod[r.method] = (tally.lostByMethod[r.method] ?? 0) + 1
    tally.writes += writes.length
    tally.retries += chunked.transport.stats.retries + client.transport.stats.retries
    tally.sessionsLost += proxy.records.filter(
      (r) => r.method === 'PUT' && r.path.includes('/blobs/uploads/') && r.status === 404
    ).length
  } finally {
    await proxy.close()
  }
}

describe(`${TRIALS} merges through a proxy that loses the answer to ${LOST_REPLY_RATE * 100} % of writes`, () => {
  test.each(Array.from({ length: TRIALS }, (_, i) => i + 1))('trial %i', async (i) => {
    tally.trials++
    await trial(SEED + i)
    tally.succeeded++
  })

  test('the proxy really lost answers of every write kind', () => {
    expect(tally.succeeded).toBe(TRIALS)
    // About a fifth of writes; far from zero, or the trials above proved nothing.
    expect(tally.lostReplies).toBeGreaterThan(tally.writes * 0.1)
    for (const method of ['PUT', 'POST', 'PATCH']) expect(tally.lostByMethod[method]).toBeGreaterThan(0)
  })
})
