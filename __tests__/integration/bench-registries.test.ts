/**
 * The bench's real registries answer as users' registries do: a round trip of blobs and a manifest with
 * plain HTTP through each, Basic and token auth enforced, wrong passwords refused; the fourth
 * (go-containerregistry) serves the OCI referrers API, and the bench's oras and cosign work against it.
 */
import { describe, expect, test } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { bench, uniqueRepo, type BenchRegistry } from '../support/bench.js'
import { run } from '../support/docker.js'
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

/** A registry with the OCI 1.1 referrers API (bench.json: registries.referrers, from bench-toolchain). */
function referrersRegistry(): BenchRegistry {
  const registry = bench().registries.referrers
  if (!registry) throw new Error('bench.json has no referrers registry: run `npm run bench:up` again')
  return registry
}

/** The bench's copy of a tool (cosign, oras) from bench.json. */
function tool(name: string): string {
  const found = bench().tools?.[name]
  if (!found) throw new Error(`bench.json has no ${name}: run \`npm run bench:up\` again`)
  return found.path
}

describe('registry with the referrers API', () => {
  test('round trip of blobs and a manifest', async () => {
    await roundTrip(referrersRegistry(), uniqueRepo('bench/referrers'), undefined)
  })

  test('a manifest with a subject is answered with OCI-Subject and listed with its artifactType and annotations', async () => {
    const { address } = referrersRegistry()
    const repo = uniqueRepo('bench/referrers')
    await roundTrip(referrersRegistry(), repo, undefined)
    const subject = await registryRequest(address, 'GET', `/v2/${repo}/manifests/v1`, {
      headers: { accept: MANIFEST_ACCEPT }
    })
    const empty = Buffer.from('{}')
    expect((await pushBlob(address, repo, empty, undefined)).status).toBe(201)
    const artifactType = 'application/vnd.example.bench+json'
    const artifact = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        artifactType,
        config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256(empty), size: 2 },
        layers: [{ mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256(empty), size: 2 }],
        subject: { mediaType: OCI_MANIFEST, digest: sha256(subject.body), size: subject.body.length },
        annotations: { 'org.opencontainers.image.created': '2026-12-07T00:00:00Z' }
      })
    )
    const put = await registryRequest(address, 'PUT', `/v2/${repo}/manifests/${sha256(artifact)}`, {
      body: artifact,
      headers: { 'content-type': OCI_MANIFEST }
    })
    expect(put.status).toBe(201)
    expect(put.headers.get('oci-subject')).toBe(sha256(subject.body))
    const listed = await registryRequest(address, 'GET', `/v2/${repo}/referrers/${sha256(subject.body)}`)
    expect(listed.status).toBe(200)
    const index = JSON.parse(listed.body.toString()) as {
      mediaType: string
      manifests: { digest: string; artifactType?: string }[]
    }
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json')
    expect(index.manifests).toEqual([
      {
        mediaType: OCI_MANIFEST,
        digest: sha256(artifact),
        size: artifact.length,
        artifactType,
        annotations: { 'org.opencontainers.image.created': '2026-12-07T00:00:00Z' }
      }
    ])
  })

  test('oras attaches to an image and discovers the attachment through it', async () => {
    const { address } = referrersRegistry()
    const repo = uniqueRepo('bench/oras')
    await roundTrip(referrersRegistry(), repo, undefined)
    const ref = `${address}/${repo}:v1`
    const oras = tool('oras')
    await run(oras, [
      'attach',
      '--plain-http',
      '--artifact-type',
      'application/vnd.example.note',
      '--annotation',
      'bench=note',
      ref
    ])
    const found = JSON.parse(await run(oras, ['discover', '--plain-http', '--format', 'json', ref])) as {
      referrers?: { artifactType: string }[]
      manifests?: { artifactType: string }[]
    }
    const referrers = found.referrers ?? found.manifests ?? []
    expect(referrers.map((r) => r.artifactType)).toEqual(['application/vnd.example.note'])
  })

  test('cosign makes a key pair (what signing tests start from)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cosign-'))
    await run(tool('cosign'), ['generate-key-pair', '--output-key-prefix', path.join(dir, 'cosign')], {
      env: { COSIGN_PASSWORD: 'bench-cosign-key-password' }
    })
    expect(readFileSync(path.join(dir, 'cosign.pub'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    expect(readFileSync(path.join(dir, 'cosign.key'), 'utf8')).toMatch(/ENCRYPTED SIGSTORE PRIVATE KEY/)
  })
})
