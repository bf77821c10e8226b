/**
 * The registry client against the bench's real registries: every auth mode, credentials from inputs,
 * a docker config and a credential helper, mounts, copies, chunked uploads, tag pagination.
 */
import { describe, expect, test } from '@jest/globals'
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { RegistryClient, sha256Digest, type Repository } from '../../src/registry/client.js'
import {
  chainCredentials,
  dockerConfigCredentials,
  explicitCredentials
} from '../../src/registry/credentials.js'
import { bench, uniqueRepo, type BenchRegistry } from '../support/bench.js'
import { pushImage, pushIndex } from '../support/images.js'
import { rejected } from '../support/thrown.js'

const secrets: string[] = []
const onSecret = (s: string): void => {
  secrets.push(s)
}

function clientFor(registry: BenchRegistry, password = registry.password): RegistryClient {
  const credentials =
    registry.username && password
      ? explicitCredentials(registry.username, password, { registry: registry.address, onSecret })
      : chainCredentials()
  return new RegistryClient({ credentials, onSecret, transport: { retry: { baseDelayMs: 10 } } })
}

const repoOn = (registry: BenchRegistry, prefix: string): Repository => ({
  registry: registry.address,
  repository: uniqueRepo(prefix)
})

/** No password, token or Basic blob may appear in anything a user sees. */
function expectNoSecrets(text: string): void {
  const { basic, token } = bench().registries
  const forbidden = [
    basic.password,
    token.password,
    Buffer.from(`${basic.username}:${basic.password}`).toString('base64'),
    ...secrets
  ]
  for (const secret of forbidden) expect(text.includes(secret)).toBe(false)
}

describe.each(['anonymous', 'basic', 'token'] as const)('%s registry', (name) => {
  const registry = bench().registries[name]

  test('an index and its children round-trip byte for byte', async () => {
    const client = clientFor(registry)
    const repo = repoOn(registry, `client/${name}`)
    const platforms = [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64' }
    ]
    const { index, children } = await pushIndex(client, repo, platforms, 'v1')
    const got = await client.getManifest({ ...repo, tag: 'v1' })
    expect(got.kind).toBe('index')
    expect(got.digest).toBe(index.digest)
    expect(got.bytes.equals(index.bytes)).toBe(true)
    for (const child of children) {
      const fetched = await client.getManifest({ ...repo, digest: child.digest })
      expect(fetched.bytes.equals(child.bytes)).toBe(true)
      const head = await client.headManifest({ ...repo, digest: child.digest })
      expect(head).toEqual({ digest: child.digest, mediaType: child.mediaType, size: child.bytes.length })
      for (const blob of child.blobs) {
        expect(await client.headBlob(repo, sha256Digest(blob))).toBe(blob.length)
        expect((await client.readBlob(repo, sha256Digest(blob))).equals(blob)).toBe(true)
      }
    }
  })
})

describe('wrong credentials', () => {
  test.each(['basic', 'token'] as const)(
    '%s: refused with one auth line that names the registry and no secret',
    async (name) => {
      const registry = bench().registries[name]
      const client = clientFor(registry, 'wrong-password')
      const error = await rejected(
        client.uploadBlob(repoOn(registry, 'client/wrong'), sha256Digest(Buffer.from('x')), Buffer.from('x'))
      )
      expect(error.kind).toBe('auth')
      expect(error.oneLine()).toContain(registry.address.split(':')[1] ?? '')
      expect(error.oneLine()).not.toContain('\n')
      expectNoSecrets(error.oneLine())
    }
  )

  test('an anonymous push to the token registry is refused as auth', async () => {
    const registry = bench().registries.token
    const client = new RegistryClient({ credentials: chainCredentials() })
    const error = await rejected(
      client.uploadBlob(repoOn(registry, 'client/anon'), sha256Digest(Buffer.from('y')), Buffer.from('y'))
    )
    expect(error.kind).toBe('auth')
    expect(error.oneLine()).toMatch(/log in/)
  })
})

describe('credentials from the docker config', () => {
  const registry = bench().registries.token

  test('an `auths` entry (base64 auth) logs in to the token registry, and its secrets are masked', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'docker-config-'))
    const auth = Buffer.from(`${registry.username}:${registry.password}`).toString('base64')
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: { [registry.address]: { auth } } }))
    const masked: string[] = []
    const client = new RegistryClient({
      credentials: dockerConfigCredentials({ configDir: dir, onSecret: (s) => masked.push(s) }),
      onSecret: (s) => masked.push(s)
    })
    const repo = repoOn(registry, 'client/config')
    const image = await pushImage(client, repo, { os: 'linux', architecture: 'amd64' }, { tag: 'cfg' })
    expect((await client.getManifest({ ...repo, tag: 'cfg' })).digest).toBe(image.digest)
    expect(masked).toEqual(expect.arrayContaining([auth, registry.password]))
    expect(masked.some((s) => s.split('.').length === 3)).toBe(true) // the JWT it was issued
  })

  test('a credential helper on PATH is asked once per registry', async () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'cred-helper-'))
    const calls = path.join(bin, 'calls')
    const helper = path.join(bin, 'docker-credential-benchtest')
    writeFileSync(
      helper,
      `#!/bin/sh\nread server\necho "$1 $server" >> ${calls}\n` +
        `printf '{"ServerURL":"%s","Username":"${registry.username}","Secret":"${registry.password}"}' "$server"\n`
    )
    chmodSync(helper, 0o755)
    const dir = mkdtempSync(path.join(tmpdir(), 'docker-config-'))
    writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ credHelpers: { [registry.address]: 'benchtest' } })
    )
    const savedPath = process.env.PATH
    process.env.PATH = `${bin}:${savedPath ?? ''}`
    try {
      const client = new RegistryClient({
        credentials: dockerConfigCredentials({ configDir: dir, onSecret }),
        onSecret
      })
      const repo = repoOn(registry, 'client/helper')
      await pushImage(client, repo, { os: 'linux', architecture: 'arm64' }, { tag: 'h' })
      expect((await client.getManifest({ ...repo, tag: 'h' })).kind).toBe('manifest')
    } finally {
      process.env.PATH = savedPath
    }
    expect(readFileSync(calls, 'utf8')).toBe(`get ${registry.address}\n`)
  })
})

describe('blob transfer', () => {
  test('within one registry a blob is mounted, not uploaded', async () => {
    const registry = bench().registries.token
    const client = clientFor(registry)
    const source = repoOn(registry, 'client/mount-src')
    const target = repoOn(registry, 'client/mount-dst')
    const blob = Buffer.from(`mount me ${Math.random()}`)
    await client.uploadBlob(source, sha256Digest(blob), blob)
    const before = { ...client.transport.stats.byMethod }
    expect(await client.copyBlob(source, target, sha256Digest(blob), blob.length)).toBe('mounted')
    const after = client.transport.stats.byMethod
    expect((after.PUT ?? 0) - (before.PUT ?? 0)).toBe(0)
    expect((after.PATCH ?? 0) - (before.PATCH ?? 0)).toBe(0)
    expect((await client.readBlob(target, sha256Digest(blob))).equals(blob)).toBe(true)
    expect(await client.copyBlob(source, target, sha256Digest(blob), blob.length)).toBe('exists')
  })

  test('across registries (anonymous → token) a blob is streamed and arrives identical', async () => {
    const { anonymous, token } = bench().registries
    const from = repoOn(anonymous, 'client/copy-src')
    const to = repoOn(token, 'client/copy-dst')
    const blob = Buffer.alloc(3 * 1024 * 1024 + 17, 7)
    blob.write(`unique ${Math.random()}`)
    await clientFor(anonymous).uploadBlob(from, sha256Digest(blob), blob)
    const client = new RegistryClient({
      credentials: explicitCredentials(token.username, token.password, { registry: token.address, onSecret }),
      onSecret
    })
    expect(await client.copyBlob(from, to, sha256Digest(blob), blob.length)).toBe('copied')
    expect((await client.readBlob(to, sha256Digest(blob), 8 * 1024 * 1024)).equals(blob)).toBe(true)
  })

  test('a chunked upload (PATCH with Content-Range) stores the exact bytes', async () => {
    const registry = bench().registries.basic
    const client = new RegistryClient({
      credentials: explicitCredentials(registry.username, registry.password, { registry: registry.address }),
      chunkSize: 64 * 1024
    })
    const repo = repoOn(registry, 'client/chunked')
    const blob = Buffer.alloc(300 * 1024 + 5, 1)
    blob.write(`chunked ${Math.random()}`)
    await client.uploadBlob(repo, sha256Digest(blob), blob)
    expect(client.transport.stats.byMethod.PATCH).toBe(5)
    expect((await client.readBlob(repo, sha256Digest(blob))).equals(blob)).toBe(true)
  })

  test('a blob stream whose bytes do not match the digest fails at its end', async () => {
    const registry = bench().registries.anonymous
    const client = clientFor(registry)
    const repo = repoOn(registry, 'client/stream')
    const blob = Buffer.from('streamed and checked')
    await client.uploadBlob(repo, sha256Digest(blob), blob)
    const chunks: Buffer[] = []
    for await (const chunk of await client.getBlob(repo, sha256Digest(blob))) chunks.push(chunk as Buffer)
    expect(Buffer.concat(chunks).equals(blob)).toBe(true)
  })
})

describe('tags', () => {
  // distribution 2.8 answers every tag in one page (it ignores `n` on tags/list; pagination came in 3.0),
  // so following Link headers is covered by the unit table of nextPage.
  test('listTags returns every tag', async () => {
    const registry = bench().registries.anonymous
    const client = clientFor(registry)
    const repo = repoOn(registry, 'client/tags')
    const names = ['a', 'b', 'c', 'd', 'e']
    for (const tag of names)
      await pushImage(
        client,
        repo,
        { os: 'linux', architecture: 'amd64' },
        { tag, layer: Buffer.from('same') }
      )
    expect((await client.listTags(repo, 2)).sort()).toEqual(names)
    expect(await client.listTags(repoOn(registry, 'client/no-such-repo'))).toEqual([])
  })

  test('a missing manifest is not-found naming the reference', async () => {
    const registry = bench().registries.anonymous
    const client = clientFor(registry)
    const repo = repoOn(registry, 'client/missing')
    await pushImage(client, repo, { os: 'linux', architecture: 'amd64' }, { tag: 'there' })
    expect(await client.headManifest({ ...repo, tag: 'absent' })).toBeUndefined()
    const error = await rejected(client.getManifest({ ...repo, tag: 'absent' }))
    expect(error.kind).toBe('not-found')
    expect(error.oneLine()).toContain(`${repo.repository}:absent`)
  })
})
