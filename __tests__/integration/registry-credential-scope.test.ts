/**
 * A credential goes to the registry it was given for and to the token realm that registry's own
 * challenge names — nowhere else. Against the bench's Basic registry behind the fault proxy, with
 * recording servers on 127.0.0.2 playing the other hosts (an object store a blob redirect leads to, an
 * upload host, a token realm): a challenge from a host a redirect reached is not answered, an upload
 * Location on another host gets no Authorization, and a realm on a host that has credentials of its own
 * gets the challenging registry's (here: none), never the realm host's.
 */
import { afterEach, expect, test } from '@jest/globals'
import { RegistryClient, sha256Digest, type Repository } from '../../src/registry/client.js'
import { explicitCredentials, type CredentialSource } from '../../src/registry/credentials.js'
import { bench, uniqueRepo } from '../support/bench.js'
import { startFaultProxy, startRecordingServer, type RecordingServer } from '../support/fault-proxy.js'
import { rejected } from '../support/thrown.js'

const closers: (() => Promise<void>)[] = []

afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

async function recorder(): Promise<RecordingServer> {
  const started = await startRecordingServer()
  closers.push(() => started.close())
  return started
}

/** The Basic registry's login, answering only `address` (the proxy in front of it). */
function basicOnly(address: string): CredentialSource {
  const { basic } = bench().registries
  return explicitCredentials(basic.username, basic.password, { registry: address })
}

const basicHeader = (): string => {
  const { basic } = bench().registries
  return 'Basic ' + Buffer.from(`${basic.username}:${basic.password}`).toString('base64')
}

test('a challenge from the host a blob redirect led to is not answered with our credentials', async () => {
  const { basic } = bench().registries
  const repo: Repository = { registry: basic.address, repository: uniqueRepo('scope/redirect-challenge') }
  const blob = Buffer.from(`redirected ${Math.random()}`)
  await new RegistryClient({ credentials: basicOnly(basic.address) }).uploadBlob(
    repo,
    sha256Digest(blob),
    blob
  )

  const store = await recorder()
  // The other host asks for a Bearer token from a realm of its own: answering would hand it the login.
  store.respondWith(
    Buffer.from('{"errors":[{"code":"UNAUTHORIZED"}]}'),
    {
      'content-type': 'application/json',
      'www-authenticate': `Bearer realm="${store.url}/token",service="elsewhere"`
    },
    401
  )
  const proxy = await startFaultProxy({
    upstream: `http://${basic.address}`,
    hostile: 'redirect-blobs',
    redirectTo: store.url
  })
  closers.push(() => proxy.close())
  const client = new RegistryClient({ credentials: basicOnly(proxy.address) })
  const via: Repository = { ...repo, registry: proxy.address }
  expect(await client.headBlob(via, sha256Digest(blob))).toBe(blob.length) // learns the Basic challenge

  const error = await rejected(client.readBlob(via, sha256Digest(blob)))
  expect(error.kind).toBe('auth')
  expect(store.received.map((r) => `${r.method} ${r.path.split('?')[0] ?? ''}`)).toEqual([
    `GET /blobs/${sha256Digest(blob)}`
  ])
  expect(store.received.map((r) => r.headers.authorization)).toEqual([undefined])
  expect(client.auth.tokenRequests).toBe(0)
})

test('an upload session on another host gets no Authorization', async () => {
  const { basic } = bench().registries
  const uploads = await recorder()
  uploads.respondWith(Buffer.alloc(0), { 'content-type': 'text/plain' }, 500)
  const proxy = await startFaultProxy({
    upstream: `http://${basic.address}`,
    hostile: 'foreign-upload-location',
    redirectTo: uploads.url,
    seed: 1
  })
  closers.push(() => proxy.close())
  const client = new RegistryClient({
    credentials: basicOnly(proxy.address),
    transport: { retry: { maxAttempts: 1 } }
  })
  const repo: Repository = { registry: proxy.address, repository: uniqueRepo('scope/upload-host') }
  const blob = Buffer.from(`upload elsewhere ${Math.random()}`)

  await rejected(client.uploadBlob(repo, sha256Digest(blob), blob))
  // The POST that opened the session went to the registry with the login…
  expect(proxy.records.filter((r) => r.method === 'POST' && r.status === 202)).toEqual([
    expect.objectContaining({ hadAuthorization: true, hostile: 'foreign-upload-location' })
  ])
  // …the upload host got the bytes and nothing else.
  expect(uploads.received.map((r) => r.method)).toEqual(['PUT'])
  expect(uploads.received.map((r) => r.headers.authorization)).toEqual([undefined])
})

test('a realm on a host that has credentials of its own gets the registry’s, not that host’s', async () => {
  const realm = await recorder()
  realm.respondWith(Buffer.from('{"token":"t"}'), { 'content-type': 'application/json' }, 200)
  const registry = await recorder()
  registry.respondWith(
    Buffer.from('{"errors":[{"code":"UNAUTHORIZED"}]}'),
    {
      'content-type': 'application/json',
      'www-authenticate': `Bearer realm="${realm.url}/token",service="registry",scope="repository:app:pull"`
    },
    401
  )
  const { basic } = bench().registries
  // A login given for the realm's host:port only; the challenging registry has none.
  const realmHost = new URL(realm.url).host
  const client = new RegistryClient({
    credentials: explicitCredentials(basic.username, basic.password, { registry: realmHost }),
    insecureRegistries: [new URL(registry.url).host],
    transport: { retry: { maxAttempts: 1 } }
  })
  const repo: Repository = { registry: new URL(registry.url).host, repository: 'app' }

  await rejected(client.getManifest({ ...repo, tag: 'v1' }))
  expect(realm.received.map((r) => r.path.split('?')[0])).toEqual(['/token'])
  expect(realm.received.map((r) => r.headers.authorization)).toEqual([undefined])
  // The registry got the anonymous token it asked for, and never the login.
  const sent = registry.received.map((r) => r.headers.authorization)
  expect(sent).toEqual([undefined, 'Bearer t'])
  expect(sent).not.toContain(basicHeader())
})
