/**
 * The registry client through the fault-injecting proxy, in front of the bench's real registries:
 * a flaky path (20 % of requests failing with 503, 429 + Retry-After, or a dropped connection) still
 * pushes and pulls byte-identical images; hostile answers are refused with a clear error; a redirect to
 * another host is followed without our Authorization.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import path from 'node:path'
import type { ActionError } from '../../src/errors.js'
import { RegistryClient, sha256Digest, type Repository } from '../../src/registry/client.js'
import { RegistryError } from '../../src/registry/errors.js'
import { bench, repoRoot, uniqueRepo } from '../support/bench.js'
import { exec } from '../support/docker.js'
import {
  startFaultProxy,
  startRecordingServer,
  type FaultProxy,
  type Hostile
} from '../support/fault-proxy.js'
import { pushIndex } from '../support/images.js'
import { mergeTrialSeries } from '../support/merge-trial.js'
import { rejected } from '../support/thrown.js'

const FAULT_SEED = 20261123
const closers: (() => Promise<void>)[] = []
const seen: string[] = []

afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

async function proxyFor(
  upstream: string,
  options: { faultRate?: number; hostile?: Hostile; redirectTo?: string } = {}
): Promise<FaultProxy> {
  const proxy = await startFaultProxy({
    upstream: `http://${upstream}`,
    seed: FAULT_SEED,
    retryAfterSeconds: 1,
    ...options
  })
  closers.push(() => proxy.close())
  return proxy
}

function basicClient(onRetry?: (line: string) => void): RegistryClient {
  const { basic } = bench().registries
  return new RegistryClient({
    // Every proxy in front of the basic registry is another host:port: this test's credential answers all.
    credentials: {
      get: () => Promise.resolve({ kind: 'basic', username: basic.username, password: basic.password })
    },
    transport: {
      retry: { baseDelayMs: 20, maxAttempts: 8 },
      onRetry: (info) =>
        onRetry?.(
          `retry ${info.method} ${info.url} #${info.attempt} after ${info.delayMs} ms: ${info.reason}`
        )
    }
  })
}

async function failure(promise: Promise<unknown>): Promise<ActionError> {
  const error = await rejected(promise)
  seen.push(error.oneLine())
  return error
}

const PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64' },
  { os: 'linux', architecture: 'arm', variant: 'v7' },
  { os: 'linux', architecture: 's390x' }
]

describe('behind a proxy failing 20 % of requests', () => {
  test('a 4-platform index is pushed and pulled back byte for byte', async () => {
    const proxy = await proxyFor(bench().registries.basic.address, { faultRate: 0.2 })
    const repo: Repository = { registry: proxy.address, repository: uniqueRepo('faults/index') }
    const pusher = basicClient((line) => seen.push(line))
    const { index, children } = await pushIndex(pusher, repo, PLATFORMS, 'flaky')

    const puller = basicClient((line) => seen.push(line))
    const got = await puller.getManifest({ ...repo, tag: 'flaky' })
    expect(got.bytes.equals(index.bytes)).toBe(true)
    for (const child of children) {
      expect((await puller.getManifest({ ...repo, digest: child.digest })).bytes.equals(child.bytes)).toBe(
        true
      )
      for (const blob of child.blobs)
        expect((await puller.readBlob(repo, sha256Digest(blob))).equals(blob)).toBe(true)
    }

    const counts = proxy.counts()
    const faults = counts.faults['503'] + counts.faults['429'] + counts.faults.drop
    // The proxy really failed requests of every kind, and the client made up for each one.
    expect(counts.faults['503']).toBeGreaterThan(0)
    expect(counts.faults['429']).toBeGreaterThan(0)
    expect(counts.faults.drop).toBeGreaterThan(0)
    expect(pusher.transport.stats.retries + puller.transport.stats.retries).toBe(faults)
    console.log(
      `faults: ${counts.total} requests through the proxy, ${faults} failed ` +
        `(503 ×${counts.faults['503']}, 429 ×${counts.faults['429']}, drop ×${counts.faults.drop}), ` +
        `retries ${pusher.transport.stats.retries + puller.transport.stats.retries}`
    )
  })

  test('`inspect` from the CLI still lists every platform', async () => {
    const { basic } = bench().registries
    const repo: Repository = { registry: basic.address, repository: uniqueRepo('faults/cli') }
    await pushIndex(basicClient(), repo, PLATFORMS, 'cli')
    const proxy = await proxyFor(basic.address, { faultRate: 0.2 })
    let result = { code: -1, stdout: '', stderr: '' }
    // Several runs, so the 20 % lands on the CLI's few requests more than once.
    for (let run = 0; run < 5; run++) {
      result = await exec(
        process.execPath,
        [
          path.join(repoRoot, 'dist', 'cli.js'),
          'inspect',
          `${proxy.address}/${repo.repository}:cli`,
          '--username',
          basic.username,
          '--password-stdin'
        ],
        { input: basic.password }
      )
      expect(result.code).toBe(0)
      expect(result.stdout).toContain('Manifests: 4 image(s), 0 attestation(s)')
      for (const p of ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/s390x'])
        expect(result.stdout).toContain(p)
      seen.push(result.stdout, result.stderr)
    }
    expect(
      proxy.counts().faults['503'] + proxy.counts().faults['429'] + proxy.counts().faults.drop
    ).toBeGreaterThan(0)
  })
})

describe('50 merges behind a proxy failing 20 % of requests', () => {
  const series = mergeTrialSeries(
    50,
    // Retry-After 0: the 429s still come, without 50 merges' worth of one-second waits.
    (i) => ({ faultRate: 0.2, seed: FAULT_SEED + i, retryAfterSeconds: 0 }),
    'faults/merge'
  )
  // mergeTrial itself asserts the merge and reads everything back: a trial that returns succeeded.
  test.each(series.numbers)('merge %i', async (i) => {
    const { records, retries } = await series.trial(i)
    expect(retries).toBe(records.filter((r) => r.fault).length)
  })

  test(
    'every fault was met by a repeat',
    async () => {
      const results = await series.all()
      const faults = results.reduce((sum, r) => sum + r.records.filter((f) => f.fault).length, 0)
      const retries = results.reduce((sum, r) => sum + r.retries, 0)
      console.log(
        `faults: ${results.length}/50 merges succeeded through ${faults} faults, ${retries} repeats`
      )
      expect(faults).toBeGreaterThan(0)
      // A fault is a request the registry never saw: each costs exactly one repeat, none more.
      expect(retries).toBe(faults)
    },
    series.timeoutMs
  )
})

describe('hostile answers are refused', () => {
  async function pushedThrough(
    hostile: Hostile
  ): Promise<{ client: RegistryClient; repo: Repository; indexDigest: string }> {
    const { anonymous } = bench().registries
    const direct: Repository = { registry: anonymous.address, repository: uniqueRepo('faults/hostile') }
    const { index } = await pushIndex(new RegistryClient(), direct, PLATFORMS.slice(0, 2), 'h')
    const proxy = await proxyFor(anonymous.address, { hostile })
    return {
      client: new RegistryClient(),
      repo: { ...direct, registry: proxy.address },
      indexDigest: index.digest
    }
  }

  /** The request that brought the refused answer, as the error's details carry it. */
  function requestOf(error: ActionError): { method: string; url: string } {
    if (!(error instanceof RegistryError)) throw new Error(`not a RegistryError: ${error.oneLine()}`)
    const { method, url } = error.details
    return { method, url }
  }

  test('a manifest whose bytes do not match its digest', async () => {
    const { client, repo, indexDigest } = await pushedThrough('tamper-manifest')
    const byTag = await failure(client.getManifest({ ...repo, tag: 'h' }))
    expect(byTag.kind).toBe('digest-mismatch')
    expect(requestOf(byTag)).toEqual({
      method: 'GET',
      url: `http://${repo.registry}/v2/${repo.repository}/manifests/h`
    })
    const byDigest = await failure(client.getManifest({ ...repo, digest: indexDigest }))
    expect(byDigest.kind).toBe('digest-mismatch')
    expect(byDigest.oneLine()).toContain(`expected digest ${indexDigest}`)
    expect(requestOf(byDigest)).toEqual({
      method: 'GET',
      url: `http://${repo.registry}/v2/${repo.repository}/manifests/${indexDigest}`
    })
  })

  test('a 5 MiB manifest', async () => {
    const { client, repo } = await pushedThrough('oversize-manifest')
    const error = await failure(client.getManifest({ ...repo, tag: 'h' }))
    expect(error.oneLine()).toMatch(/larger than 4194304 bytes/)
    expect(requestOf(error)).toEqual({
      method: 'GET',
      url: `http://${repo.registry}/v2/${repo.repository}/manifests/h`
    })
  })

  test('a wrong Content-Type', async () => {
    const { client, repo } = await pushedThrough('wrong-content-type')
    const error = await failure(client.getManifest({ ...repo, tag: 'h' }))
    expect(error.oneLine()).toMatch(
      /Content-Type application\/vnd\.oci\.image\.manifest\.v1\+json but the body's mediaType is application\/vnd\.oci\.image\.index\.v1\+json/
    )
  })
})

describe('a blob redirect to another host', () => {
  async function redirected(body: (blob: Buffer) => Buffer): Promise<{
    read: Promise<Buffer>
    received: () => string[]
    hadAuthorization: () => boolean
    blobUrl: string
  }> {
    const { basic } = bench().registries
    const recorder = await startRecordingServer()
    closers.push(() => recorder.close())
    const repo: Repository = { registry: basic.address, repository: uniqueRepo('faults/redirect') }
    const blob = Buffer.from(`a blob served by an object store ${Math.random()}`)
    await basicClient().uploadBlob(repo, sha256Digest(blob), blob)
    recorder.respondWith(body(blob))
    const proxy = await proxyFor(basic.address, { hostile: 'redirect-blobs', redirectTo: recorder.url })
    const client = basicClient()
    // A HEAD first (never redirected) teaches the client the registry's challenge, so the GET carries credentials.
    expect(await client.headBlob({ ...repo, registry: proxy.address }, sha256Digest(blob))).toBe(blob.length)
    return {
      read: client.readBlob({ ...repo, registry: proxy.address }, sha256Digest(blob)),
      received: () =>
        recorder.received.map(
          (r) => `${r.method} ${r.path} authorization=${String(r.headers.authorization)}`
        ),
      hadAuthorization: () =>
        proxy.records.some((r) => r.path.includes('/blobs/sha256:') && r.hadAuthorization),
      blobUrl: `${recorder.url}/blobs/${sha256Digest(blob)}`
    }
  }

  test('is followed without the Authorization header', async () => {
    const { read, received, hadAuthorization } = await redirected((blob) => blob)
    expect((await read).toString()).toMatch(/^a blob served by an object store/)
    expect(hadAuthorization()).toBe(true) // the registry got our credentials…
    expect(received()).toEqual([
      expect.stringMatching(/^GET \/blobs\/sha256:[0-9a-f]{64} authorization=undefined$/)
    ]) // …the other host did not
  })

  test('and what it serves is still checked against the digest', async () => {
    const { read, blobUrl } = await redirected(() => Buffer.from('something else'))
    const error = await failure(read)
    expect(error.kind).toBe('digest-mismatch')
    // The URL that served the bytes: the other host's, after the redirect.
    if (!(error instanceof RegistryError)) throw new Error(`not a RegistryError: ${error.oneLine()}`)
    expect(error.details).toMatchObject({ method: 'GET', url: blobUrl })
  })
})

test('nothing a user sees in this file holds a credential', () => {
  const { basic, token } = bench().registries
  const forbidden = [
    basic.password,
    token.password,
    Buffer.from(`${basic.username}:${basic.password}`).toString('base64')
  ]
  expect(seen.length).toBeGreaterThan(0)
  for (const text of seen) for (const secret of forbidden) expect(text.includes(secret)).toBe(false)
})
