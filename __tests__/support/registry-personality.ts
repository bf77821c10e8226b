/**
 * A proxy in front of a real bench registry that answers as another registry does where that registry
 * has rules of its own (taken from their issue trackers and docs); every other request goes to the real
 * registry, which stores what it stores. Not a mock: the client talks HTTP to a real registry, and only
 * the answers these registries are known to give are changed.
 * - 'ghcr-secondary-limit': 403 DENIED `denied: permission_denied: You have exceeded a secondary rate limit`
 * - 'ghcr-429': 429 TOOMANYREQUESTS with the wait in the body (`retry-after: 10.48ms, allowed: 2000/minute`)
 * - 'ghcr-chunks': a PATCH chunk over 4 MiB answered 416
 * - 'dockerhub-429': 429 toomanyrequests, `ratelimit-limit`/`ratelimit-remaining` headers, no Retry-After
 * - 'ecr': immutable tags (a manifest PUT by tag where the tag exists: 400 TAG_INVALID) and broken
 *   chunking (a PATCH answered 201 instead of 202; a part under 5 MB refused)
 * - 'zot': OCI only (a Docker manifest or list PUT: 400 MANIFEST_INVALID, the media type in `detail`)
 * - 'nexus': a PUT, POST or PATCH without Content-Length answered 411
 * - 'relink-race': a manifest PUT by tag where the tag already holds those bytes answered 500 once, as
 *   distribution does when it meets its own link rewrite
 * The throttling personalities answer the first `times` requests (default: every request) and then forward.
 */
import { createHash } from 'node:crypto'
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type Personality =
  | 'ghcr-secondary-limit'
  | 'ghcr-429'
  | 'ghcr-chunks'
  | 'dockerhub-429'
  | 'ecr'
  | 'zot'
  | 'nexus'
  | 'relink-race'

export interface PersonalityRecord {
  method: string
  path: string
  status: number
  /** The Content-Length the client sent, if any. */
  contentLength: string | undefined
  /** True when the personality answered instead of the registry. */
  answeredByPersonality: boolean
}

export interface PersonalityProxy {
  url: string
  /** '127.0.0.1:PORT': a loopback registry name, so plain HTTP. */
  address: string
  records: PersonalityRecord[]
  close(): Promise<void>
}

export interface PersonalityOptions {
  /** The registry behind, e.g. 'http://127.0.0.1:5000'. */
  upstream: string
  personality: Personality
  /** Throttling personalities: how many requests are throttled before the rest go through; default all. */
  times?: number
}

interface Answer {
  status: number
  headers?: Record<string, string>
  body?: unknown
}

const MANIFEST_PATH = /^\/v2\/(.+)\/manifests\/([^/]+)$/
const GHCR_CHUNK_LIMIT = 4 * 1024 * 1024
const ECR_MIN_PART = 5 * 1024 * 1024
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade']

function errors(code: string, message: string, detail?: unknown): unknown {
  return { errors: [{ code, message, ...(detail !== undefined ? { detail } : {}) }] }
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      resolve(Buffer.concat(chunks))
    })
    req.on('error', reject)
  })
}

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out = { ...headers }
  for (const name of HOP_BY_HOP) Reflect.deleteProperty(out, name)
  return out
}

interface Upstream {
  url: URL
  agent: http.Agent
}

function send(
  upstream: Upstream,
  request: { method: string; path: string; headers: IncomingHttpHeaders; body?: Buffer }
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: upstream.url.hostname,
        port: upstream.url.port,
        method: request.method,
        path: request.path,
        headers: request.headers,
        agent: upstream.agent
      },
      (res) => {
        readAll(res).then((body) => {
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body })
        }, reject)
      }
    )
    req.on('error', reject)
    req.end(request.body)
  })
}

/** The digest a tag holds on the real registry, or undefined when it has none. */
async function tagDigest(
  upstream: Upstream,
  name: string,
  tag: string,
  headers: IncomingHttpHeaders
): Promise<string | undefined> {
  const accept = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.docker.distribution.manifest.v2+json'
  ].join(', ')
  const head = await send(upstream, {
    method: 'HEAD',
    path: `/v2/${name}/manifests/${tag}`,
    headers: { ...(headers.authorization ? { authorization: headers.authorization } : {}), accept }
  })
  const digest = head.headers['docker-content-digest']
  return head.status === 200 && typeof digest === 'string' ? digest : undefined
}

interface State {
  options: PersonalityOptions
  upstream: Upstream
  throttled: number
  raced: Set<string>
}

/** What this personality answers in the registry's place, or undefined to let the registry answer. */
async function personalAnswer(state: State, req: IncomingMessage, body: Buffer): Promise<Answer | undefined> {
  const method = req.method ?? 'GET'
  const path = new URL(req.url ?? '/', 'http://proxy.invalid').pathname
  const manifest = MANIFEST_PATH.exec(path)
  const tagPut = method === 'PUT' && manifest?.[2] !== undefined && !manifest[2].includes(':')
  const throttle = (): boolean => state.throttled++ < (state.options.times ?? Infinity)
  switch (state.options.personality) {
    case 'ghcr-secondary-limit':
      if (!throttle()) return undefined
      return {
        status: 403,
        body: errors(
          'DENIED',
          'denied: permission_denied: You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'
        )
      }
    case 'ghcr-429':
      if (!throttle()) return undefined
      return { status: 429, body: errors('TOOMANYREQUESTS', 'retry-after: 10.48ms, allowed: 2000/minute') }
    case 'dockerhub-429':
      if (!throttle()) return undefined
      return {
        status: 429,
        headers: { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600' },
        body: errors(
          'TOOMANYREQUESTS',
          'You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit'
        )
      }
    case 'ghcr-chunks':
      if (method === 'PATCH' && body.length > GHCR_CHUNK_LIMIT) return { status: 416 }
      return undefined
    case 'ecr':
      if (method === 'PATCH' && body.length < ECR_MIN_PART && req.headers['content-range'] !== undefined)
        return {
          status: 400,
          body: errors('PART_TOO_SMALL', 'Upload part size is less than the minimum of 5242880 bytes')
        }
      if (tagPut && manifest[1] && manifest[2]) {
        if ((await tagDigest(state.upstream, manifest[1], manifest[2], req.headers)) === undefined) return
        return {
          status: 400,
          body: errors(
            'TAG_INVALID',
            `The image tag '${manifest[2]}' already exists in the '${manifest[1]}' repository and cannot be overwritten because the repository is immutable.`
          )
        }
      }
      return undefined
    case 'zot': {
      const contentType = req.headers['content-type'] ?? ''
      if (method === 'PUT' && manifest && contentType.startsWith('application/vnd.docker.'))
        return {
          status: 400,
          body: errors('MANIFEST_INVALID', 'manifest invalid', { mediaType: contentType })
        }
      return undefined
    }
    case 'nexus':
      if (['PUT', 'POST', 'PATCH'].includes(method) && req.headers['content-length'] === undefined)
        return { status: 411 }
      return undefined
    case 'relink-race': {
      if (!tagPut || !manifest[1] || !manifest[2]) return undefined
      const key = `${manifest[1]}:${manifest[2]}`
      const digest = 'sha256:' + createHash('sha256').update(body).digest('hex')
      const held = await tagDigest(state.upstream, manifest[1], manifest[2], req.headers)
      if (held !== digest || state.raced.has(key)) return undefined
      state.raced.add(key)
      return { status: 500, body: errors('UNKNOWN', 'unknown error', 'link rewrite in progress') }
    }
  }
}

/** ECR answers a chunk 201 where the distribution spec says 202: the rest of a chunked upload is lost. */
function ecrChunkStatus(state: State, method: string, status: number): number {
  return state.options.personality === 'ecr' && method === 'PATCH' && status === 202 ? 201 : status
}

async function handle(
  state: State,
  req: IncomingMessage,
  res: ServerResponse,
  records: PersonalityRecord[]
): Promise<void> {
  const record: PersonalityRecord = {
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    status: 0,
    contentLength: req.headers['content-length'],
    answeredByPersonality: false
  }
  records.push(record)
  const body = await readAll(req)
  const own = await personalAnswer(state, req, body)
  if (own) {
    const bytes = own.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(own.body))
    record.status = own.status
    record.answeredByPersonality = true
    res.writeHead(own.status, {
      'content-type': 'application/json',
      ...own.headers,
      'content-length': bytes.length
    })
    res.end(bytes)
    return
  }
  const answer = await send(state.upstream, {
    method: record.method,
    path: record.path,
    headers: withoutHopByHop(req.headers),
    body
  })
  record.status = ecrChunkStatus(state, record.method, answer.status)
  const headers = withoutHopByHop(answer.headers)
  Reflect.deleteProperty(headers, 'transfer-encoding')
  // A HEAD's Content-Length is the size of what a GET would send: keep the registry's.
  if (record.method === 'HEAD') res.writeHead(record.status, headers)
  else res.writeHead(record.status, { ...headers, 'content-length': answer.body.length })
  res.end(record.method === 'HEAD' ? undefined : answer.body)
}

export async function startPersonalityProxy(options: PersonalityOptions): Promise<PersonalityProxy> {
  const records: PersonalityRecord[] = []
  const state: State = {
    options,
    upstream: { url: new URL(options.upstream), agent: new http.Agent({ keepAlive: true }) },
    throttled: 0,
    raced: new Set()
  }
  const server = http.createServer((req, res) => {
    handle(state, req, res, records).catch(() => {
      res.destroy()
    })
  })
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      resolve(server.address() as AddressInfo)
    })
  })
  return {
    url: `http://127.0.0.1:${address.port}`,
    address: `127.0.0.1:${address.port}`,
    records,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => {
          state.upstream.agent.destroy()
          if (error) reject(error)
          else resolve()
        })
        server.closeAllConnections()
      })
  }
}
