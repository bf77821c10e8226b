/**
 * Registry rules from other registries' issue trackers, each against the bench's real registry behind a
 * proxy that answers as that registry does (support/registry-personality.ts): the client ends as a user
 * of that registry wants — published, or one line naming the registry's rule and the fix.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import type { ActionError } from '../../src/errors.js'
import { RegistryClient, sha256Digest, type Repository } from '../../src/registry/client.js'
import { isImmutableTag, refusesMediaType } from '../../src/registry/errors.js'
import type { RetryPolicy } from '../../src/registry/retry.js'
import { bench, uniqueRepo } from '../support/bench.js'
import { pushIndex } from '../support/images.js'
import {
  startPersonalityProxy,
  type Personality,
  type PersonalityProxy
} from '../support/registry-personality.js'
import { rejected } from '../support/thrown.js'

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

const PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64' }
]

async function behind(personality: Personality, times?: number): Promise<PersonalityProxy> {
  const proxy = await startPersonalityProxy({
    upstream: `http://${bench().registries.anonymous.address}`,
    personality,
    ...(times !== undefined ? { times } : {})
  })
  closers.push(() => proxy.close())
  return proxy
}

/** A client whose waits are recorded instead of slept; backoff jitter 0, so a wait is what was asked. */
function recordingClient(options: { retry?: Partial<RetryPolicy>; chunkSize?: number } = {}): {
  client: RegistryClient
  waits: number[]
} {
  const waits: number[] = []
  const client = new RegistryClient({
    transport: {
      retry: { baseDelayMs: 1, ...options.retry },
      random: () => 0,
      sleep: (ms) => {
        waits.push(ms)
        return Promise.resolve()
      }
    },
    ...(options.chunkSize !== undefined ? { chunkSize: options.chunkSize } : {})
  })
  return { client, waits }
}

function repoOn(proxy: PersonalityProxy, name: string): Repository {
  return { registry: proxy.address, repository: uniqueRepo(`personality/${name}`) }
}

const blob = (): Buffer => randomBytes(64)

describe('GHCR', () => {
  test('a 403 naming the secondary rate limit is throttling: waited out and retried', async () => {
    const proxy = await behind('ghcr-secondary-limit', 2)
    const { client, waits } = recordingClient()
    const bytes = blob()
    await client.uploadBlob(repoOn(proxy, 'ghcr'), sha256Digest(bytes), bytes)
    expect(proxy.records.filter((r) => r.answeredByPersonality).map((r) => r.status)).toEqual([403, 403])
    expect(waits).toHaveLength(2)
  })

  test('a secondary limit that does not lift: one line naming it and the wait, no permissions hint', async () => {
    const proxy = await behind('ghcr-secondary-limit')
    const { client } = recordingClient({ retry: { maxAttempts: 3 } })
    const bytes = blob()
    const error = await rejected(client.uploadBlob(repoOn(proxy, 'ghcr'), sha256Digest(bytes), bytes))
    expect(proxy.records).toHaveLength(3)
    expect(error.kind).toBe('registry')
    expect(error.oneLine()).toMatch(/rate-limiting \(secondary rate limit; it named no wait\)/)
    expect(error.oneLine()).not.toMatch(/grant push|permissions/)
  })

  test('a 429 with the wait in its body: that wait is honoured', async () => {
    const proxy = await behind('ghcr-429', 1)
    const { client, waits } = recordingClient()
    const bytes = blob()
    await client.uploadBlob(repoOn(proxy, 'ghcr'), sha256Digest(bytes), bytes)
    // `retry-after: 10.48ms` in the body, rounded up; backoff alone would have waited 0 ms.
    expect(waits).toEqual([11])
  })

  test('a 6 MiB blob goes in one PUT, so the 4 MiB chunk cap never meets it', async () => {
    const proxy = await behind('ghcr-chunks')
    const { client } = recordingClient()
    const big = randomBytes(6 * 1024 * 1024)
    const repo = repoOn(proxy, 'ghcr')
    await client.uploadBlob(repo, sha256Digest(big), big)
    expect(proxy.records.map((r) => `${r.method} ${r.status} ${r.contentLength ?? '-'}`)).toEqual([
      'POST 202 0',
      `PUT 201 ${big.length}`
    ])
    expect(await new RegistryClient().headBlob(repo, sha256Digest(big))).toBe(big.length)
    // The proxy does refuse what GHCR refuses: a client told to send 5 MiB chunks fails on it.
    const chunked = recordingClient({ chunkSize: 5 * 1024 * 1024, retry: { maxAttempts: 2 } }).client
    const other = randomBytes(6 * 1024 * 1024)
    await rejected(chunked.uploadBlob(repo, sha256Digest(other), other))
  })
})

describe('Docker Hub', () => {
  test('a 429 with ratelimit headers and no Retry-After: the limit is named in the final line', async () => {
    const proxy = await behind('dockerhub-429')
    const { client } = recordingClient({ retry: { maxAttempts: 2 } })
    const error = await rejected(client.getManifest({ ...repoOn(proxy, 'hub'), tag: 'latest' }))
    expect(error.oneLine()).toMatch(/rate-limiting \(100 per 21600 s, 0 remaining; it named no wait\)/)
  })
})

describe('ECR', () => {
  test('a tag PUT refused as immutable: one line saying so and how to publish instead', async () => {
    const proxy = await behind('ecr')
    const { client } = recordingClient()
    const repo = repoOn(proxy, 'ecr')
    const { index } = await pushIndex(client, repo, PLATFORMS, 'v1')
    const error: ActionError = await rejected(
      client.putManifest({ ...repo, tag: 'v1' }, index.bytes, index.mediaType)
    )
    expect(isImmutableTag(error)).toBe(true)
    expect(error.oneLine()).toMatch(/cannot be overwritten because the repository is immutable/)
    expect(error.oneLine()).toMatch(/tags are immutable: publish each release under a new tag/)
    expect(error.oneLine()).not.toMatch(/status page/)
  })

  test('a 6 MiB blob goes in one PUT: no chunk for ECR to answer 201 or refuse as too small', async () => {
    const proxy = await behind('ecr')
    const { client } = recordingClient()
    const big = randomBytes(6 * 1024 * 1024)
    await client.uploadBlob(repoOn(proxy, 'ecr'), sha256Digest(big), big)
    expect(proxy.records.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 202', 'PUT 201'])
  })
})

describe('zot (OCI only)', () => {
  test('a Docker list refused: the detail is in the line, and the refusal is recognisable', async () => {
    const proxy = await behind('zot')
    const { client } = recordingClient()
    const repo = repoOn(proxy, 'zot')
    const error = await rejected(pushIndex(client, repo, PLATFORMS, 'v1', { docker: true }))
    expect(refusesMediaType(error)).toBe(true)
    expect(error.oneLine()).toContain(
      'detail: {"mediaType":"application/vnd.docker.distribution.manifest.v2+json"}'
    )
    expect(error.oneLine()).toMatch(/refuses Docker media types: publish as OCI/)
    // The same content as OCI goes through.
    await pushIndex(client, repo, PLATFORMS, 'v1')
  })
})

describe('Nexus / Artifact Registry', () => {
  test('every PUT and POST carries Content-Length: an index with a mount publishes', async () => {
    const proxy = await behind('nexus')
    const { client } = recordingClient()
    const repo = repoOn(proxy, 'nexus')
    const { children } = await pushIndex(client, repo, PLATFORMS, 'v1')
    const config = children[0]?.blobs[1] ?? Buffer.alloc(0)
    const other = { ...repo, repository: `${repo.repository}-copy` }
    expect(await client.copyBlob(repo, other, sha256Digest(config), config.length)).toBe('mounted')
    const writes = proxy.records.filter((r) => ['PUT', 'POST', 'PATCH'].includes(r.method))
    expect(writes.length).toBeGreaterThan(0)
    expect(writes.filter((r) => r.contentLength === undefined || r.status === 411)).toEqual([])
  })
})

describe('distribution re-PUT of an unchanged index', () => {
  test('the 500 from its link rewrite is retried', async () => {
    const proxy = await behind('relink-race')
    const { client } = recordingClient()
    const repo = repoOn(proxy, 'relink')
    const { index } = await pushIndex(client, repo, PLATFORMS, 'v1')
    expect(await client.putManifest({ ...repo, tag: 'v1' }, index.bytes, index.mediaType)).toBe(index.digest)
    const tagPuts = proxy.records.filter((r) => r.method === 'PUT' && r.path.endsWith('/manifests/v1'))
    expect(tagPuts.map((r) => r.status)).toEqual([201, 500, 201])
  })
})
