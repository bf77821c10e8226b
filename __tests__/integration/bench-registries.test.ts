/**
 * The bench's three real registries answer as users' registries do: a round trip of blobs and a
 * manifest with plain HTTP through each, Basic and token auth enforced, wrong passwords refused.
 */
import { describe, expect, test } from '@jest/globals'
import { bench, uniqueRepo, type BenchRegistry } from '../support/bench.js'
import {
  MANIFEST_ACCEPT,
  pushBlob,
  registryRequest,
  sha256,
  tinyImage,
  type Credentials
} from '../support/raw-registry.js'

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'

function credsOf(registry: BenchRegistry): Credentials | undefined {
  return registry.username && registry.password
    ? { username: registry.username, password: registry.password }
    : undefined
}

/** Pushes a tiny image and reads every piece back, byte for byte. */
async function roundTrip(
  registry: BenchRegistry,
  repo: string,
  creds: Credentials | undefined
): Promise<void> {
  const image = tinyImage(repo)
  for (const blob of [image.layer, image.config]) {
    const pushed = await pushBlob(registry.address, repo, blob, creds)
    expect(pushed.status).toBe(201)
  }
  const put = await registryRequest(registry.address, 'PUT', `/v2/${repo}/manifests/v1`, {
    body: image.manifest,
    headers: { 'content-type': OCI_MANIFEST },
    ...(creds ? { creds } : {})
  })
  expect(put.status).toBe(201)
  expect(put.headers.get('docker-content-digest')).toBe(sha256(image.manifest))

  const got = await registryRequest(registry.address, 'GET', `/v2/${repo}/manifests/v1`, {
    headers: { accept: MANIFEST_ACCEPT },
    ...(creds ? { creds } : {})
  })
  expect(got.status).toBe(200)
  expect(got.headers.get('content-type')).toBe(OCI_MANIFEST)
  expect(got.body.equals(image.manifest)).toBe(true)

  for (const blob of [image.layer, image.config]) {
    const read = await registryRequest(
      registry.address,
      'GET',
      `/v2/${repo}/blobs/${sha256(blob)}`,
      creds ? { creds } : {}
    )
    expect(read.status).toBe(200)
    expect(read.body.equals(blob)).toBe(true)
  }
}

describe('anonymous registry', () => {
  test('round trip of blobs and a manifest', async () => {
    await roundTrip(bench().registries.anonymous, uniqueRepo('bench/anon'), undefined)
  })
})

describe('Basic-auth registry', () => {
  const registry = bench().registries.basic

  test('round trip with the right password', async () => {
    await roundTrip(registry, uniqueRepo('bench/basic'), credsOf(registry))
  })

  test('anonymous requests are challenged with Basic', async () => {
    const res = await fetch(`http://${registry.address}/v2/`)
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic /)
  })

  test('a wrong password is refused', async () => {
    const res = await registryRequest(registry.address, 'GET', '/v2/', {
      creds: { username: registry.username, password: 'wrong-password' }
    })
    expect(res.status).toBe(401)
    const upload = await pushBlob(registry.address, uniqueRepo('bench/basic'), Buffer.from('x'), {
      username: registry.username,
      password: 'wrong-password'
    })
    expect(upload.status).toBe(401)
  })
})

describe('token-auth registry', () => {
  const registry = bench().registries.token

  test('challenges with Bearer naming the realm and service', async () => {
    const res = await fetch(`http://${registry.address}/v2/`)
    expect(res.status).toBe(401)
    const header = res.headers.get('www-authenticate') ?? ''
    expect(header).toMatch(/^Bearer /)
    expect(header).toContain(`realm="${registry.realm}"`)
    expect(header).toContain(`service="${registry.service}"`)
  })

  test('round trip with the right password', async () => {
    await roundTrip(registry, uniqueRepo('bench/token'), credsOf(registry))
  })

  test('an anonymous push is refused', async () => {
    const pushed = await pushBlob(
      registry.address,
      uniqueRepo('bench/token'),
      Buffer.from('anonymous'),
      undefined
    )
    expect(pushed.status).toBe(401)
  })

  test('a wrong password is refused by the token server', async () => {
    const pushed = await pushBlob(registry.address, uniqueRepo('bench/token'), Buffer.from('wrong'), {
      username: registry.username,
      password: 'wrong-password'
    })
    expect(pushed.status).toBe(401)
  })

  test('an unknown user is refused', async () => {
    const pushed = await pushBlob(registry.address, uniqueRepo('bench/token'), Buffer.from('who'), {
      username: 'nobody',
      password: registry.password
    })
    expect(pushed.status).toBe(401)
  })

  test('anonymous pull is granted only where configured', async () => {
    const creds = credsOf(registry)
    const publicRepo = uniqueRepo('public/bench')
    const privateRepo = uniqueRepo('private/bench')
    const blob = Buffer.from('readable by anyone in public/*')
    for (const repo of [publicRepo, privateRepo]) {
      expect((await pushBlob(registry.address, repo, blob, creds)).status).toBe(201)
    }
    const open = await registryRequest(registry.address, 'GET', `/v2/${publicRepo}/blobs/${sha256(blob)}`)
    expect(open.status).toBe(200)
    expect(open.body.equals(blob)).toBe(true)
    const closed = await registryRequest(registry.address, 'GET', `/v2/${privateRepo}/blobs/${sha256(blob)}`)
    expect(closed.status).toBe(401)
  })
})
