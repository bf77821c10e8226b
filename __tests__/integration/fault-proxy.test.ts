/**
 * The fault proxy itself, in front of the bench's real anonymous registry, with plain fetch: it must
 * pass traffic through untouched when told to, and misbehave exactly as configured when told to,
 * or the registry client's resilience tests would prove nothing.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import { bench, uniqueRepo } from '../support/bench.js'
import {
  startFaultProxy,
  startRecordingServer,
  type FaultProxy,
  type FaultProxyOptions,
  type RecordingServer
} from '../support/fault-proxy.js'
import { MANIFEST_ACCEPT, pushBlob, registryRequest, sha256, tinyImage } from '../support/raw-registry.js'

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'

const opened: { close(): Promise<void> }[] = []

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()))
})

async function proxy(options: Partial<FaultProxyOptions> = {}): Promise<FaultProxy> {
  const started = await startFaultProxy({
    upstream: `http://${bench().registries.anonymous.address}`,
    ...options
  })
  opened.push(started)
  return started
}

async function recorder(): Promise<RecordingServer> {
  const started = await startRecordingServer()
  opened.push(started)
  return started
}

/** Pushes a tiny image through `address` and returns its manifest bytes, tagged v1. */
async function pushTinyImage(address: string, repo: string): Promise<Buffer> {
  const image = tinyImage(repo)
  for (const blob of [image.layer, image.config])
    expect((await pushBlob(address, repo, blob)).status).toBe(201)
  await putManifest(address, repo, 'v1', image.manifest, OCI_MANIFEST)
  return image.manifest
}

async function putManifest(
  address: string,
  repo: string,
  ref: string,
  body: Buffer,
  type: string
): Promise<void> {
  const put = await registryRequest(address, 'PUT', `/v2/${repo}/manifests/${ref}`, {
    body,
    headers: { 'content-type': type }
  })
  expect(put.status).toBe(201)
}

async function getManifest(p: FaultProxy, repo: string, ref: string): Promise<Response> {
  return fetch(`${p.url}/v2/${repo}/manifests/${ref}`, { headers: { accept: MANIFEST_ACCEPT } })
}

describe('passing through', () => {
  test('forwards GET /v2/ and records it', async () => {
    const p = await proxy()
    const res = await fetch(`${p.url}/v2/`, { headers: { authorization: 'Basic eDp5' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('docker-distribution-api-version')).toBe('registry/2.0')
    await res.text()
    expect(p.records).toEqual([
      { method: 'GET', path: '/v2/', status: 200, forwarded: true, hadAuthorization: true }
    ])
    expect(p.counts()).toEqual({
      total: 1,
      forwarded: 1,
      faults: { '503': 0, '429': 0, drop: 0 },
      lostReplies: 0,
      byMethod: { GET: 1 }
    })
  })

  test('streams a blob upload whose Location points back at the proxy', async () => {
    const p = await proxy()
    const repo = uniqueRepo('fault-proxy/upload')
    const start = await fetch(`${p.url}/v2/${repo}/blobs/uploads/`, { method: 'POST' })
    expect(start.status).toBe(202)
    expect(new URL(start.headers.get('location') ?? '', p.url).host).toBe(p.address)
    await start.body?.cancel()

    const data = Buffer.alloc(3 * 1024 * 1024, 7)
    const pushed = await pushBlob(p.address, repo, data)
    expect(pushed.status).toBe(201)
    const back = await fetch(`${p.url}/v2/${repo}/blobs/${pushed.digest}`)
    expect(sha256(Buffer.from(await back.arrayBuffer()))).toBe(pushed.digest)
  })
})

describe('faults', () => {
  test('429 carries Retry-After and a registry error body', async () => {
    const p = await proxy({ faultRate: 1, faults: ['429'], retryAfterSeconds: 3 })
    const res = await fetch(`${p.url}/v2/`)
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('3')
    expect(await res.json()).toMatchObject({ errors: [{ code: 'TOOMANYREQUESTS' }] })
    expect(p.records[0]).toMatchObject({ status: 429, fault: '429', forwarded: false })
  })

  test('503 answers with a registry error body', async () => {
    const p = await proxy({ faultRate: 1, faults: ['503'] })
    const res = await fetch(`${p.url}/v2/`)
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ errors: [{ code: 'UNAVAILABLE' }] })
  })

  test('drop closes the connection without an answer', async () => {
    const p = await proxy({ faultRate: 1, faults: ['drop'] })
    await expect(fetch(`${p.url}/v2/`)).rejects.toThrow('fetch failed')
    expect(p.counts().faults.drop).toBe(1)
    expect(p.records[0]).toMatchObject({ status: 0, fault: 'drop' })
  })

  test('an upload body is drained, never half-forwarded', async () => {
    const p = await proxy({ faultRate: 1, faults: ['503'] })
    const res = await fetch(`${p.url}/v2/x/blobs/uploads/`, {
      method: 'POST',
      body: Buffer.alloc(1024 * 1024)
    })
    expect(res.status).toBe(503)
    await res.text()
    expect(p.counts().forwarded).toBe(0)
  })

  test('the same seed replays the same faults', async () => {
    const run = async (): Promise<number[]> => {
      const p = await proxy({ faultRate: 0.5, faults: ['503', '429'], seed: 42 })
      const statuses: number[] = []
      for (let i = 0; i < 12; i += 1) {
        const res = await fetch(`${p.url}/v2/`)
        await res.text()
        statuses.push(res.status)
      }
      return statuses
    }
    const first = await run()
    expect(new Set(first).size).toBeGreaterThan(1)
    expect(await run()).toEqual(first)
  })

  test('setFaultRate switches faults off and reset clears the records', async () => {
    const p = await proxy({ faultRate: 1, faults: ['503'] })
    await (await fetch(`${p.url}/v2/`)).text()
    p.setFaultRate(0)
    p.reset()
    const res = await fetch(`${p.url}/v2/`)
    await res.text()
    expect(res.status).toBe(200)
    expect(p.counts().total).toBe(1)
  })
})

describe('lost replies', () => {
  test('a write is performed by the registry and its answer never reaches the client', async () => {
    const p = await proxy({ lostReplyRate: 1 })
    const repo = uniqueRepo('fault-proxy/lost')
    const data = Buffer.from(`lost reply ${Math.random()}`)
    const direct = bench().registries.anonymous.address
    const start = await registryRequest(direct, 'POST', `/v2/${repo}/blobs/uploads/`)
    const location = new URL(start.headers.get('location') ?? '', `http://${direct}`)
    const put = `${p.url}${location.pathname}${location.search}&digest=${encodeURIComponent(sha256(data))}`
    await expect(fetch(put, { method: 'PUT', body: data })).rejects.toThrow('fetch failed')
    expect(p.records).toEqual([
      expect.objectContaining({
        method: 'PUT',
        status: 0,
        forwarded: true,
        lostReply: true,
        upstreamStatus: 201
      })
    ])
    expect(p.counts().lostReplies).toBe(1)
    // The registry has the blob although the client heard nothing.
    expect((await registryRequest(direct, 'HEAD', `/v2/${repo}/blobs/${sha256(data)}`)).status).toBe(200)
  })

  test('reads are never lost', async () => {
    const p = await proxy({ lostReplyRate: 1 })
    const res = await fetch(`${p.url}/v2/`)
    await res.text()
    expect(res.status).toBe(200)
    expect(p.counts().lostReplies).toBe(0)
  })

  test('the same seed loses the same writes, and leaves the faults where they were', async () => {
    const run = async (lostReplyRate: number): Promise<string[]> => {
      const p = await proxy({ faultRate: 0.3, faults: ['503'], lostReplyRate, seed: 7 })
      const outcomes: string[] = []
      for (let i = 0; i < 16; i += 1) {
        const res = await fetch(`${p.url}/v2/fault-proxy/seeded/blobs/uploads/`, { method: 'POST' }).catch(
          () => undefined
        )
        await res?.text()
        outcomes.push(res ? String(res.status) : 'lost')
      }
      return outcomes
    }
    const first = await run(0.5)
    expect(first).toContain('lost')
    expect(first).toContain('503')
    expect(await run(0.5)).toEqual(first)
    // Without lost replies the 503s fall on the same requests: the two draws are independent.
    const faultsOnly = await run(0)
    expect(faultsOnly.map((o) => o === '503')).toEqual(first.map((o) => o === '503'))
  })

  test('setLostReplyRate refuses a rate outside 0..1', async () => {
    const p = await proxy()
    expect(() => {
      p.setLostReplyRate(1.5)
    }).toThrow('lostReplyRate must be within 0..1, got 1.5')
  })
})

describe('hostile manifests', () => {
  test('tamper-manifest changes the bytes but keeps the digest header', async () => {
    const p = await proxy()
    const repo = uniqueRepo('fault-proxy/tamper')
    const manifest = await pushTinyImage(p.address, repo)
    p.setHostile('tamper-manifest')
    const res = await getManifest(p, repo, 'v1')
    const body = Buffer.from(await res.arrayBuffer())
    expect(res.headers.get('docker-content-digest')).toBe(sha256(manifest))
    expect(Number(res.headers.get('content-length'))).toBe(body.length)
    expect(sha256(body)).not.toBe(sha256(manifest))
  })

  test('oversize-manifest answers 5 MiB of valid JSON', async () => {
    const p = await proxy()
    const repo = uniqueRepo('fault-proxy/oversize')
    await pushTinyImage(p.address, repo)
    p.setHostile('oversize-manifest')
    const res = await getManifest(p, repo, 'v1')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBe(String(5 * 1024 * 1024))
    const body = Buffer.from(await res.arrayBuffer())
    expect(body.length).toBe(5 * 1024 * 1024)
    expect(JSON.parse(body.toString('utf8'))).toMatchObject({ schemaVersion: 2, mediaType: OCI_MANIFEST })
  })

  test('wrong-content-type labels an index as a manifest', async () => {
    const p = await proxy()
    const repo = uniqueRepo('fault-proxy/content-type')
    const manifest = await pushTinyImage(p.address, repo)
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [{ mediaType: OCI_MANIFEST, digest: sha256(manifest), size: manifest.length }]
      })
    )
    await putManifest(p.address, repo, 'multi', index, OCI_INDEX)
    p.setHostile('wrong-content-type')
    const res = await getManifest(p, repo, 'multi')
    expect(res.headers.get('content-type')).toBe(OCI_MANIFEST)
    expect(Buffer.from(await res.arrayBuffer()).equals(index)).toBe(true)
  })
})

describe('redirect-blobs and the recording server', () => {
  test('a blob GET answers 307 to the recording server, which records the headers it gets', async () => {
    const target = await recorder()
    target.respondWith(Buffer.from('elsewhere'), { 'content-type': 'text/plain' })
    const p = await proxy({ hostile: 'redirect-blobs', redirectTo: target.url })
    const digest = sha256('anything')
    const res = await fetch(`${p.url}/v2/some/repo/blobs/${digest}`, {
      headers: { authorization: 'Bearer secret' },
      redirect: 'manual'
    })
    expect(res.status).toBe(307)
    const location = res.headers.get('location') ?? ''
    expect(location).toBe(`${target.url}/blobs/${digest}`)
    expect(new URL(location).hostname).toBe('127.0.0.2')
    expect(p.records[0]).toMatchObject({ status: 307, hostile: 'redirect-blobs', forwarded: false })

    const followed = await fetch(location, { headers: { 'x-probe': 'yes' } })
    expect(await followed.text()).toBe('elsewhere')
    expect(target.received).toEqual([expect.objectContaining({ method: 'GET', path: `/blobs/${digest}` })])
    expect(target.received[0]?.headers['x-probe']).toBe('yes')
    expect(target.received[0]?.headers.authorization).toBeUndefined()
  })
})
