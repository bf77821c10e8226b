/**
 * One read per content key at a time: a caller asking for a manifest or config another caller is reading
 * joins that read (merge's read ahead and verification ask for the same children at once); a joiner whose
 * read failed reads on its own, so no caller is handed another's failure.
 */
import { describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { RegistryClient } from '../../src/registry/client.js'
import { ReadsInFlight } from '../../src/registry/content-cache.js'
import { Transport, type HttpRequest, type HttpResponse } from '../../src/registry/transport.js'

const digestOf = (bytes: Buffer): string => 'sha256:' + createHash('sha256').update(bytes).digest('hex')
const manifest = Buffer.from(
  JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] })
)
const config = Buffer.from(JSON.stringify({ os: 'linux', architecture: 'arm64' }))

/** Answers every GET after a few milliseconds (so concurrent callers overlap), counting what it was sent. */
class SlowRegistry extends Transport {
  readonly sent: string[] = []

  override async send(req: HttpRequest): Promise<HttpResponse> {
    const path = new URL(req.url).pathname
    this.sent.push(`${req.method} ${path}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
    const body = path.includes('/manifests/') ? manifest : config
    const headers: Record<string, string> = {
      'content-type': path.includes('/manifests/')
        ? 'application/vnd.oci.image.index.v1+json'
        : 'application/octet-stream',
      'content-length': String(body.length),
      'docker-content-digest': digestOf(body)
    }
    return {
      method: req.method,
      status: 200,
      url: req.url,
      header: (name) => headers[name.toLowerCase()],
      body: Readable.from([body])
    }
  }
}

const repo = { registry: 'reg.example', repository: 'acme/app' }

describe('ReadsInFlight', () => {
  test('callers of one key while its read is in flight share that read', async () => {
    const reads = new ReadsInFlight<string>()
    let calls = 0
    const read = async (): Promise<string> => {
      calls++
      await new Promise((resolve) => setTimeout(resolve, 5))
      return `value ${calls}`
    }
    const answers = await Promise.all([reads.once('k', read), reads.once('k', read), reads.once('k', read)])
    expect(answers).toEqual(['value 1', 'value 1', 'value 1'])
    expect(calls).toBe(1)
    // Settled reads are not kept here (the caches are the client's): the next caller reads again.
    expect(await reads.once('k', read)).toBe('value 2')
    expect(await reads.once('other', read)).toBe('value 3')
  })

  test('a joiner whose read failed reads on its own; the first caller gets its own failure', async () => {
    const reads = new ReadsInFlight<string>()
    const first = reads.once('k', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      throw new Error('connection reset')
    })
    const joiner = reads.once('k', () => Promise.resolve('read again'))
    await expect(first).rejects.toThrow('connection reset')
    await expect(joiner).resolves.toBe('read again')
  })
})

describe('the registry client reads content by digest once, however many ask at once', () => {
  test('a manifest by digest: one GET for three concurrent callers', async () => {
    const transport = new SlowRegistry()
    const client = new RegistryClient({ transport })
    const ref = { ...repo, digest: digestOf(manifest) }
    const read = await Promise.all([
      client.getManifest(ref),
      client.getManifest(ref),
      client.getManifest(ref)
    ])
    expect(read.map((m) => m.digest)).toEqual([ref.digest, ref.digest, ref.digest])
    expect(transport.sent).toEqual([`GET /v2/acme/app/manifests/${ref.digest}`])
  })

  test('a config: one GET for concurrent callers; a tag is always asked of the registry', async () => {
    const transport = new SlowRegistry()
    const client = new RegistryClient({ transport })
    const digest = digestOf(config)
    const [a, b] = await Promise.all([client.readBlob(repo, digest), client.readBlob(repo, digest)])
    expect(a.equals(config) && b.equals(config)).toBe(true)
    expect(transport.sent).toEqual([`GET /v2/acme/app/blobs/${digest}`])
    await Promise.all([
      client.getManifest({ ...repo, tag: 'v1' }),
      client.getManifest({ ...repo, tag: 'v1' })
    ])
    expect(transport.sent.filter((s) => s.endsWith('/manifests/v1'))).toHaveLength(2)
  })

  test('a caller allowing fewer bytes than the read it joined gets its own refusal', async () => {
    const transport = new SlowRegistry()
    const client = new RegistryClient({ transport })
    const digest = digestOf(config)
    const [whole, capped] = await Promise.allSettled([
      client.readBlob(repo, digest),
      client.readBlob(repo, digest, 8)
    ])
    expect(whole.status).toBe('fulfilled')
    expect(capped.status === 'rejected' && String(capped.reason)).toMatch(/larger than 8 bytes/)
    // The capped caller's refusal comes from a read of its own.
    expect(transport.sent).toHaveLength(2)
  })
})
