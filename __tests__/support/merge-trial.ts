/**
 * One merge as the product runs it (resolveSources + publishIndex) through a fault proxy in front of the
 * bench's Basic registry: one source pushed through the proxy in PATCH chunks (then mounted across), one
 * pushed whole, one on another registry (streamed copy: POST + PUT), an index PUT by digest and by tag —
 * then everything read back directly from the registry, byte for byte. Used by the fault trials, as a
 * TrialSeries: each verdict awaits the trials it judges, so no verdict depends on which tests ran before.
 */
import { expect } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { MediaType, type Platform } from '../../src/oci/types.js'
import { publishIndex } from '../../src/publish/publish.js'
import { resolveSources } from '../../src/publish/sources.js'
import { RegistryClient, sha256Digest, type Repository } from '../../src/registry/client.js'
import type { CredentialSource } from '../../src/registry/credentials.js'
import { bench, uniqueRepo } from './bench.js'
import {
  startFaultProxy,
  type FaultProxy,
  type FaultProxyOptions,
  type RequestRecord
} from './fault-proxy.js'
import { tarBytes } from './tar-writer.js'

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value))

export interface TrialResult {
  /** Every request the proxy saw, in order. */
  records: RequestRecord[]
  /** Repeats the clients made (transport retries and checked repeats of writes). */
  retries: number
}

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

/** Runs one merge through a proxy started with `proxy` (upstream: the Basic registry); throws on any failure. */
export async function mergeTrial(
  proxyOptions: Omit<FaultProxyOptions, 'upstream'>,
  prefix: string
): Promise<TrialResult> {
  const { basic, anonymous } = bench().registries
  const proxy = await startFaultProxy({ upstream: `http://${basic.address}`, ...proxyOptions })
  try {
    const name = uniqueRepo(prefix)
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
    const outcome = await publishIndex(
      client,
      {
        target,
        tags: ['v1'],
        platforms: sources.map((s) => s.platform),
        annotations: {},
        mediaType: 'auto',
        checkBinaries: false,
        dryRun: false
      },
      images
    )
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

    return {
      records: [...proxy.records],
      retries: chunked.transport.stats.retries + client.transport.stats.retries
    }
  } finally {
    await proxy.close()
  }
}

/** Time one trial may take when a verdict runs a whole series by itself (a test's timeout is per test). */
export const TRIAL_TIMEOUT_MS = 15_000

/**
 * Numbered trials (1..count) that run once each, when a test first asks for one: `trial %i` tests and a
 * verdict over all of them share the runs, and a verdict run alone (`jest -t`) runs every trial it judges
 * itself. A failed trial fails its own test and every verdict over it.
 */
export class TrialSeries {
  readonly #runs = new Map<number, Promise<TrialResult>>()
  readonly #run: (trial: number) => Promise<TrialResult>

  constructor(
    readonly count: number,
    run: (trial: number) => Promise<TrialResult>
  ) {
    this.#run = run
  }

  /** The numbers of the trials, for `test.each`. */
  get numbers(): number[] {
    return Array.from({ length: this.count }, (_, i) => i + 1)
  }

  trial(trial: number): Promise<TrialResult> {
    let run = this.#runs.get(trial)
    if (!run) {
      run = this.#run(trial)
      this.#runs.set(trial, run)
    }
    return run
  }

  /** Every trial's result, in order, running (one after another) those not run yet. */
  async all(): Promise<TrialResult[]> {
    const results: TrialResult[] = []
    for (const trial of this.numbers) results.push(await this.trial(trial))
    return results
  }

  /** A timeout for a test that awaits the whole series. */
  get timeoutMs(): number {
    return this.count * TRIAL_TIMEOUT_MS
  }
}

/** A series of merge trials, trial `i` through a proxy started with `proxyOptions(i)`. */
export function mergeTrialSeries(
  count: number,
  proxyOptions: (trial: number) => Omit<FaultProxyOptions, 'upstream'>,
  prefix: string
): TrialSeries {
  return new TrialSeries(count, (trial) => mergeTrial(proxyOptions(trial), prefix))
}
