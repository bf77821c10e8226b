/**
 * A reverse proxy in front of a real bench registry that misbehaves on purpose, so the registry
 * client's retries, timeouts and refusals are tested against real HTTP instead of a mocking library:
 * - faults (503, 429 with Retry-After, a dropped connection) drawn from a seeded PRNG, so a failing run
 *   replays exactly with the same seed;
 * - lost replies: a fraction of writes (PUT, POST, PATCH) is performed by the registry, then the answer
 *   is thrown away and the client's connection cut — the case where a blind repeat meets a consumed
 *   upload session (seeded by its own PRNG, so it does not shift the faults' sequence);
 * - hostile answers to manifest and blob GETs (tampered bytes, oversize bodies, lying Content-Type,
 *   blob redirects to another host), the attacks a client must refuse.
 * Also a recording server that stands in for a blob store on another host, to prove credentials are
 * not forwarded across a redirect.
 */
import { createHash } from 'node:crypto'
import http, {
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { pipeline } from 'node:stream'

export type Fault = '503' | '429' | 'drop'
export type Hostile =
  | 'none'
  | 'tamper-manifest'
  | 'oversize-manifest'
  | 'wrong-content-type'
  | 'redirect-blobs'
  | 'foreign-upload-location'

/** The hostile modes that rewrite a manifest GET's answer. */
type ManifestHostile = Exclude<Hostile, 'none' | 'redirect-blobs' | 'foreign-upload-location'>

export interface FaultProxyOptions {
  /** The registry behind the proxy, e.g. 'http://127.0.0.1:5000'. */
  upstream: string
  /** Fraction (0..1) of requests answered with a fault instead of being forwarded; default 0. */
  faultRate?: number
  /** Which faults to draw from; default all three. */
  faults?: Fault[]
  /** Value of Retry-After on a 429; default 1. */
  retryAfterSeconds?: number
  /** Seed of the PRNG that decides faults; default random (read it back from `FaultProxy.seed`). */
  seed?: number
  /** Default 'none'; change it later with `setHostile`. */
  hostile?: Hostile
  /**
   * For 'redirect-blobs': GET /v2/<name>/blobs/<digest> answers 307 to `${redirectTo}/blobs/<digest>`.
   * For 'foreign-upload-location': an upload session's Location points at `${redirectTo}` (same path),
   * as a registry whose uploads go to another host would answer.
   */
  redirectTo?: string
  /**
   * Fraction (0..1) of writes (PUT, POST, PATCH) not faulted that are forwarded, performed by the registry,
   * and whose answer is then dropped (the client's connection is cut); default 0.
   */
  lostReplyRate?: number
}

export interface RequestRecord {
  method: string
  /** Path and query as the client sent them. */
  path: string
  /** Status sent to the client; 0 while unanswered and for a dropped connection. */
  status: number
  fault?: Fault
  /** The hostile mode that changed this answer, if one did. */
  hostile?: Exclude<Hostile, 'none'>
  /** Whether the upstream registry saw this request. */
  forwarded: boolean
  hadAuthorization: boolean
  /** The registry performed this write and answered `upstreamStatus`, but the client never got it. */
  lostReply?: boolean
  upstreamStatus?: number
}

export interface FaultProxyCounts {
  total: number
  forwarded: number
  faults: Record<Fault, number>
  /** Writes the registry performed whose answer was dropped. */
  lostReplies: number
  byMethod: Record<string, number>
}

export interface FaultProxy {
  /** 'http://127.0.0.1:PORT' */
  url: string
  /** '127.0.0.1:PORT', usable as an image reference's registry (loopback, so plain HTTP). */
  address: string
  /** The PRNG seed in use: pass it back as `seed` to replay a failing run. */
  seed: number
  /** Every request in arrival order, faulted ones included; cleared by `reset`. */
  records: RequestRecord[]
  counts(): FaultProxyCounts
  reset(): void
  setHostile(h: Hostile): void
  setFaultRate(rate: number): void
  setLostReplyRate(rate: number): void
  close(): Promise<void>
}

const ALL_FAULTS: Fault[] = ['503', '429', 'drop']
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
const INDEX_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'
]
// Distribution refuses manifests over 4 MiB; a client must refuse to read one past its own limit too.
const OVERSIZE_BYTES = 5 * 1024 * 1024
// RFC 7230 §6.1: connection-scoped headers belong to one hop and must not be relayed.
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade']
const MANIFEST_PATH = /^\/v2\/.+\/manifests\/[^/]+$/
// A digest always holds ':', which keeps upload paths (/blobs/uploads/<uuid>) out of this match.
const BLOB_PATH = /^\/v2\/.+\/blobs\/([a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+)$/

/** mulberry32: tiny, fast and good enough to spread faults; the point is that a seed replays a run. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function checkRate(rate: number, name = 'faultRate'): number {
  if (!(rate >= 0 && rate <= 1)) throw new Error(`${name} must be within 0..1, got ${rate}`)
  return rate
}

const WRITE_METHODS: ReadonlySet<string> = new Set(['PUT', 'POST', 'PATCH'])

function registryError(code: string, message: string): Buffer {
  return Buffer.from(JSON.stringify({ errors: [{ code, message, detail: null }] }))
}

/** Reads and discards a request body, so the fault answer never races the client's upload. */
function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    req.on('end', resolve)
    req.on('error', () => {
      resolve()
    })
    req.on('close', resolve)
    req.resume()
  })
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => {
      resolve(Buffer.concat(chunks))
    })
    stream.on('error', reject)
  })
}

function pathnameOf(path: string): string {
  return new URL(path, 'http://proxy.invalid').pathname
}

function withoutHopByHop(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = { ...headers }
  for (const name of HOP_BY_HOP) Reflect.deleteProperty(out, name)
  return out
}

/**
 * Distribution builds upload URLs from the Host header, which is forwarded unchanged, so they already
 * point at the proxy; an absolute URL naming the upstream (a registry configured with http.host) is
 * turned back towards the proxy so the client never bypasses it.
 */
function rewriteLocation(location: string, upstream: URL, proxyUrl: string): string {
  if (!/^https?:\/\//i.test(location)) return location
  const target = new URL(location)
  if (target.origin !== upstream.origin) return location
  return proxyUrl + target.pathname + target.search
}

/** Appends a space after the opening brace: still valid JSON, but no longer the bytes the digest names. */
function tamper(body: Buffer): Buffer {
  const brace = body.indexOf('{')
  if (brace < 0) return Buffer.concat([body, Buffer.from(' ')])
  return Buffer.concat([body.subarray(0, brace + 1), Buffer.from(' '), body.subarray(brace + 1)])
}

let oversizeCache: Buffer | undefined

/** A well-formed OCI manifest of exactly 5 MiB, its bulk in one annotation. */
function oversizeManifest(): Buffer {
  if (oversizeCache) return oversizeCache
  const emptyConfig = Buffer.from('{}')
  const manifest = (padding: string): string =>
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: 'sha256:' + createHash('sha256').update(emptyConfig).digest('hex'),
        size: emptyConfig.length
      },
      layers: [],
      annotations: { 'org.example.padding': padding }
    })
  const overhead = Buffer.byteLength(manifest(''))
  oversizeCache = Buffer.from(manifest('x'.repeat(OVERSIZE_BYTES - overhead)))
  return oversizeCache
}

function isIndex(body: Buffer, contentType: string | undefined): boolean {
  if (contentType && INDEX_TYPES.includes(contentType.split(';')[0]?.trim() ?? '')) return true
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { mediaType?: unknown; manifests?: unknown }
    return (
      (typeof parsed.mediaType === 'string' && INDEX_TYPES.includes(parsed.mediaType)) ||
      Array.isArray(parsed.manifests)
    )
  } catch {
    return false
  }
}

interface ProxyState {
  upstream: URL
  proxyUrl: string
  agent: http.Agent
  random: () => number
  faultRate: number
  faults: Fault[]
  retryAfterSeconds: number
  hostile: Hostile
  redirectTo: string | undefined
  records: RequestRecord[]
  lostReplyRate: number
  lostReplyRandom: () => number
}

function drawFault(state: ProxyState): Fault | undefined {
  if (state.faultRate === 0 || state.random() >= state.faultRate) return undefined
  return state.faults[Math.floor(state.random() * state.faults.length)]
}

function answer(
  res: ServerResponse,
  record: RequestRecord,
  status: number,
  headers: OutgoingHttpHeaders
): void {
  record.status = status
  res.writeHead(status, headers)
}

function sendBody(
  res: ServerResponse,
  record: RequestRecord,
  status: number,
  headers: OutgoingHttpHeaders,
  body: Buffer
): void {
  answer(res, record, status, { ...headers, 'content-length': body.length })
  res.end(body)
}

async function answerFault(
  fault: Fault,
  req: IncomingMessage,
  res: ServerResponse,
  record: RequestRecord,
  state: ProxyState
): Promise<void> {
  await drain(req)
  const json = { 'content-type': 'application/json; charset=utf-8' }
  if (fault === 'drop') {
    // No answer at all: the client sees ECONNRESET / "socket hang up", as with a crashed load balancer.
    req.socket.destroy()
    return
  }
  if (fault === '429') {
    const headers = { ...json, 'retry-after': String(state.retryAfterSeconds) }
    sendBody(res, record, 429, headers, registryError('TOOMANYREQUESTS', 'too many requests (injected)'))
    return
  }
  sendBody(res, record, 503, json, registryError('UNAVAILABLE', 'service unavailable (injected)'))
}

function redirectBlob(res: ServerResponse, record: RequestRecord, state: ProxyState, digest: string): void {
  record.hostile = 'redirect-blobs'
  record.forwarded = false
  sendBody(res, record, 307, { location: `${state.redirectTo ?? ''}/blobs/${digest}` }, Buffer.alloc(0))
}

/** The hostile rewrites of a buffered manifest GET; only a 200 is rewritten so 404s stay real. */
function hostileManifest(
  mode: ManifestHostile,
  headers: OutgoingHttpHeaders,
  body: Buffer
): { headers: OutgoingHttpHeaders; body: Buffer } {
  if (mode === 'tamper-manifest') return { headers, body: tamper(body) }
  if (mode === 'oversize-manifest') {
    const big = oversizeManifest()
    // The digest header matches the big body, so the size is the only thing a client can object to.
    const digest = 'sha256:' + createHash('sha256').update(big).digest('hex')
    return {
      headers: { ...headers, 'content-type': OCI_MANIFEST, 'docker-content-digest': digest },
      body: big
    }
  }
  const contentType = headers['content-type']
  const lie = isIndex(body, typeof contentType === 'string' ? contentType : undefined)
    ? OCI_MANIFEST
    : 'text/plain'
  return { headers: { ...headers, 'content-type': lie }, body }
}

/** The registry has answered, so the write is done: read its answer to the end, then cut the client off. */
function loseReply(upstreamRes: IncomingMessage, res: ServerResponse, record: RequestRecord): void {
  record.lostReply = true
  record.upstreamStatus = upstreamRes.statusCode ?? 0
  upstreamRes.resume()
  upstreamRes.on('end', () => {
    res.socket?.destroy()
  })
  upstreamRes.on('error', () => {
    res.socket?.destroy()
  })
}

function relayResponse(
  upstreamRes: IncomingMessage,
  res: ServerResponse,
  record: RequestRecord,
  state: ProxyState,
  hostile: ManifestHostile | undefined,
  lost: boolean
): void {
  if (lost) {
    loseReply(upstreamRes, res, record)
    return
  }
  const headers = withoutHopByHop(upstreamRes.headers)
  const location = upstreamRes.headers.location
  if (location) headers.location = rewriteLocation(location, state.upstream, state.proxyUrl)
  if (location && state.hostile === 'foreign-upload-location' && upstreamRes.statusCode === 202) {
    const target = new URL(location, state.proxyUrl)
    headers.location = `${state.redirectTo ?? ''}${target.pathname}${target.search}`
    record.hostile = 'foreign-upload-location'
  }
  const status = upstreamRes.statusCode ?? 502
  if (hostile && status === 200) {
    record.hostile = hostile
    readBody(upstreamRes).then(
      (body) => {
        const changed = hostileManifest(hostile, headers, body)
        Reflect.deleteProperty(changed.headers, 'transfer-encoding')
        sendBody(res, record, status, changed.headers, changed.body)
      },
      () => res.destroy()
    )
    return
  }
  answer(res, record, status, headers)
  pipeline(upstreamRes, res, () => undefined)
}

function forward(req: IncomingMessage, res: ServerResponse, record: RequestRecord, state: ProxyState): void {
  const isManifestGet = req.method === 'GET' && MANIFEST_PATH.test(pathnameOf(req.url ?? '/'))
  const mode = state.hostile
  const hostile =
    isManifestGet && mode !== 'none' && mode !== 'redirect-blobs' && mode !== 'foreign-upload-location'
      ? mode
      : undefined
  const lost =
    WRITE_METHODS.has(req.method ?? '') &&
    state.lostReplyRate > 0 &&
    state.lostReplyRandom() < state.lostReplyRate
  record.forwarded = true
  const upstreamReq = http.request({
    host: state.upstream.hostname,
    port: state.upstream.port,
    method: req.method,
    path: req.url,
    headers: withoutHopByHop(req.headers),
    agent: state.agent
  })
  // Also after the upload is done (pipeline has stopped listening by then): the client must get an answer.
  upstreamReq.on('error', (error) => {
    upstreamFailed(res, record, error)
  })
  upstreamReq.on('response', (upstreamRes) => {
    relayResponse(upstreamRes, res, record, state, hostile, lost)
  })
  // Streams the upload (blobs can be MBs); an error on either side tears both down.
  pipeline(req, upstreamReq, (error) => {
    if (error) upstreamFailed(res, record, error)
  })
}

function upstreamFailed(res: ServerResponse, record: RequestRecord, error: Error): void {
  if (res.writableEnded) return
  if (res.headersSent) {
    res.destroy()
    return
  }
  const json = { 'content-type': 'application/json; charset=utf-8' }
  sendBody(
    res,
    record,
    502,
    json,
    registryError('UNAVAILABLE', `fault proxy: upstream failed: ${error.message}`)
  )
}

function handle(req: IncomingMessage, res: ServerResponse, state: ProxyState): void {
  const path = req.url ?? '/'
  const record: RequestRecord = {
    method: req.method ?? 'GET',
    path,
    status: 0,
    forwarded: false,
    hadAuthorization: req.headers.authorization !== undefined
  }
  state.records.push(record)
  const fault = drawFault(state)
  if (fault) {
    record.fault = fault
    void answerFault(fault, req, res, record, state)
    return
  }
  const blob = BLOB_PATH.exec(pathnameOf(path))
  if (state.hostile === 'redirect-blobs' && req.method === 'GET' && blob?.[1]) {
    void drain(req).then(() => {
      redirectBlob(res, record, state, blob[1] as string)
    })
    return
  }
  forward(req, res, record, state)
}

function listen(server: http.Server, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, () => {
      resolve(server.address() as AddressInfo)
    })
  })
}

/** Stops listening and ends kept-alive connections too, which `server.close` alone waits for. */
function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => {
      if (error) reject(error)
      else resolve()
    })
    server.closeAllConnections()
  })
}

function countRecords(records: RequestRecord[]): FaultProxyCounts {
  const faults: Record<Fault, number> = { '503': 0, '429': 0, drop: 0 }
  const byMethod: Record<string, number> = {}
  for (const r of records) {
    if (r.fault) faults[r.fault] += 1
    byMethod[r.method] = (byMethod[r.method] ?? 0) + 1
  }
  return {
    total: records.length,
    forwarded: records.filter((r) => r.forwarded).length,
    faults,
    lostReplies: records.filter((r) => r.lostReply).length,
    byMethod
  }
}

function checkHostile(hostile: Hostile, redirectTo: string | undefined): Hostile {
  if ((hostile === 'redirect-blobs' || hostile === 'foreign-upload-location') && !redirectTo)
    throw new Error(`hostile '${hostile}' needs redirectTo`)
  return hostile
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32)
  const faults = options.faults ?? ALL_FAULTS
  if (faults.length === 0) throw new Error('faults must name at least one fault')
  const redirectTo = options.redirectTo?.replace(/\/+$/, '')
  const state: ProxyState = {
    upstream: new URL(options.upstream),
    proxyUrl: '',
    agent: new http.Agent({ keepAlive: true }),
    random: mulberry32(seed),
    faultRate: checkRate(options.faultRate ?? 0),
    faults,
    retryAfterSeconds: options.retryAfterSeconds ?? 1,
    hostile: checkHostile(options.hostile ?? 'none', redirectTo),
    redirectTo,
    records: [],
    lostReplyRate: checkRate(options.lostReplyRate ?? 0, 'lostReplyRate'),
    // Its own stream from the same seed: turning lost replies on does not move the faults.
    lostReplyRandom: mulberry32(seed ^ 0x5bd1e995)
  }
  const server = http.createServer((req, res) => {
    handle(req, res, state)
  })
  const { port } = await listen(server, '127.0.0.1')
  state.proxyUrl = `http://127.0.0.1:${port}`
  return {
    url: state.proxyUrl,
    address: `127.0.0.1:${port}`,
    seed,
    records: state.records,
    counts: () => countRecords(state.records),
    reset: () => {
      state.records.length = 0
    },
    setHostile: (h) => {
      state.hostile = checkHostile(h, state.redirectTo)
    },
    setFaultRate: (rate) => {
      state.faultRate = checkRate(rate)
    },
    setLostReplyRate: (rate) => {
      state.lostReplyRate = checkRate(rate, 'lostReplyRate')
    },
    close: async () => {
      await closeServer(server)
      state.agent.destroy()
    }
  }
}

export interface ReceivedRequest {
  method: string
  path: string
  headers: Record<string, string | string[] | undefined>
}

export interface RecordingServer {
  url: string
  received: ReceivedRequest[]
  /** What every request gets from now on; status default 200. */
  respondWith(body: Buffer, headers?: Record<string, string>, status?: number): void
  close(): Promise<void>
}

/**
 * A plain HTTP server that records every request and answers with the configured body (200 unless told
 * otherwise: a 401 with a challenge plays a token realm or a host that asks for credentials). It listens
 * on 127.0.0.2 by default: a different host from the registry's 127.0.0.1 (Linux routes all of
 * 127.0.0.0/8 to lo), which is what makes a redirect to it cross-host for a client's credential rules.
 */
export async function startRecordingServer(host = '127.0.0.2'): Promise<RecordingServer> {
  const received: ReceivedRequest[] = []
  let reply: { body: Buffer; headers: Record<string, string>; status: number } = {
    body: Buffer.alloc(0),
    headers: { 'content-type': 'application/octet-stream' },
    status: 200
  }
  const server = http.createServer((req, res) => {
    received.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: { ...req.headers } })
    void drain(req).then(() => {
      res.writeHead(reply.status, { ...reply.headers, 'content-length': reply.body.length })
      res.end(reply.body)
    })
  })
  const { port } = await listen(server, host)
  return {
    url: `http://${host}:${port}`,
    received,
    respondWith: (body, headers = { 'content-type': 'application/octet-stream' }, status = 200) => {
      reply = { body, headers, status }
    },
    close: () => closeServer(server)
  }
}
