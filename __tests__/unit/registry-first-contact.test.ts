/**
 * First contact with a registry, over a transport that answers like a token-auth registry: the first
 * request alone learns the challenge (one 401 per registry), and the requests that waited on it go as
 * soon as its token is held, not after the first request's retry has been answered.
 */
import { describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { RegistryClient } from '../../src/registry/client.js'
import { Transport, type HttpRequest, type HttpResponse } from '../../src/registry/transport.js'

const manifest = Buffer.from(
  JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] })
)
const digest = 'sha256:' + createHash('sha256').update(manifest).digest('hex')

function reply(
  url: string,
  status: number,
  headers: Record<string, string>,
  body = Buffer.alloc(0)
): HttpResponse {
  return {
    method: 'GET',
    status,
    url,
    header: (name) => headers[name.toLowerCase()],
    body: Readable.from([body])
  }
}

/** reg.example wants a Bearer token from auth.example; `hold` delays the answer to one request. */
class TokenRegistry extends Transport {
  readonly events: string[] = []
  hold: ((req: HttpRequest) => Promise<void> | undefined) | undefined

  override async send(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url)
    const name = `${req.method} ${url.pathname.replace('/v2/acme/app/manifests/', '')}${req.headers?.authorization ? ' (token)' : ''}`
    this.events.push(`send ${name}`)
    await this.hold?.(req)
    this.events.push(`answer ${name}`)
    if (url.host === 'auth.example') {
      return reply(req.url, 200, { 'content-type': 'application/json' }, Buffer.from('{"token":"t0k3n"}'))
    }
    if (req.headers?.authorization !== 'Bearer t0k3n') {
      return reply(req.url, 401, {
        'www-authenticate': 'Bearer realm="https://auth.example/token",service="reg.example"'
      })
    }
    return reply(
      req.url,
      200,
      {
        'content-type': 'application/vnd.oci.image.index.v1+json',
        'docker-content-digest': digest,
        'content-length': String(manifest.length)
      },
      manifest
    )
  }
}

describe('first contact with a token registry', () => {
  test('the requests that waited go once the token is held, before the first retry is answered', async () => {
    const transport = new TokenRegistry()
    const client = new RegistryClient({
      transport,
      credentials: { get: () => Promise.resolve({ kind: 'basic', username: 'u', password: 'p' }) }
    })
    // The first request's retry is answered only once the others were sent (or after 300 ms).
    let othersSent: () => void = () => undefined
    const others = new Promise<void>((resolve) => {
      othersSent = resolve
    })
    transport.hold = (req) => {
      if (transport.events.filter((e) => e.startsWith('send GET b (token)')).length > 0) othersSent()
      if (new URL(req.url).pathname.endsWith('/a') && req.headers?.authorization) {
        return Promise.race([others, new Promise<void>((resolve) => setTimeout(resolve, 300))])
      }
      return undefined
    }
    const refs = ['a', 'b', 'c'].map((tag) => ({ registry: 'reg.example', repository: 'acme/app', tag }))
    const read = await Promise.all(refs.map((ref) => client.getManifest(ref)))
    expect(read.map((m) => m.digest)).toEqual([digest, digest, digest])
    const { events } = transport
    // One 401 and one token for the registry, however many requests were waiting.
    expect(events.filter((e) => e.startsWith('send GET') && !e.endsWith('(token)'))).toEqual(['send GET a'])
    expect(events.filter((e) => e.startsWith('send GET /token'))).toHaveLength(1)
    expect(events.indexOf('send GET b (token)')).toBeGreaterThan(events.indexOf('answer GET /token'))
    expect(events.indexOf('send GET b (token)')).toBeLessThan(events.indexOf('answer GET a (token)'))
    expect(events.indexOf('send GET c (token)')).toBeLessThan(events.indexOf('answer GET a (token)'))
  })

  test('an anonymous registry: the others wait for the first answer, then go', async () => {
    const transport = new TokenRegistry()
    const client = new RegistryClient({ transport })
    transport.send = async function (req: HttpRequest): Promise<HttpResponse> {
      const name = `${req.method} ${new URL(req.url).pathname.replace('/v2/acme/app/manifests/', '')}`
      this.events.push(`send ${name}`)
      await new Promise((resolve) => setTimeout(resolve, 5))
      this.events.push(`answer ${name}`)
      return reply(
        req.url,
        200,
        { 'content-type': 'application/vnd.oci.image.index.v1+json', 'docker-content-digest': digest },
        manifest
      )
    }
    const refs = ['a', 'b'].map((tag) => ({ registry: 'reg.example', repository: 'acme/app', tag }))
    await Promise.all(refs.map((ref) => client.getManifest(ref)))
    expect(transport.events).toEqual(['send GET a', 'answer GET a', 'send GET b', 'answer GET b'])
  })
})
