/**
 * HTTP for the registry client: one place that sends requests, retries what may succeed on a second try,
 * follows redirects itself (so Authorization never reaches another host) and counts what it did.
 * Proxies come from HTTPS_PROXY / HTTP_PROXY / NO_PROXY, as every other tool on the runner reads them.
 */
import type { Dispatcher } from 'undici'
// One module each instead of undici's index (see undici-modules.d.ts): start-up evaluates only these.
import Agent from 'undici/lib/dispatcher/agent.js'
import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js'
import dispatcherRequest from 'undici/lib/api/api-request.js'
import { Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { ActionError } from '../errors.js'
import { RegistryError, redactUrl, RETRYABLE_STATUS } from './errors.js'
import {
  DEFAULT_RETRY_POLICY,
  isRepeatableMethod,
  isRetryableNetworkError,
  mayHaveReachedServer,
  retryDelay,
  type RetryPolicy
} from './retry.js'
import { mayBeThrottling, throttling, type Throttling } from './throttle.js'

/** A body that can be sent again: bytes, or a factory that opens a fresh stream for each attempt. */
export type RequestBody =
  Uint8Array | { size: number; open: () => Promise<Readable | AsyncIterable<Uint8Array>> }

export interface HttpRequest {
  method: string
  url: string
  headers?: Record<string, string>
  body?: RequestBody
  /**
   * Whether a request whose answer was lost may simply be sent again; default by method (GET, HEAD, PUT,
   * DELETE yes; POST, PATCH no). When not, a lost answer is thrown as a RegistryError with
   * `details.replyLost`, so the caller can ask the registry whether the write took effect first.
   */
  repeatable?: boolean
}

export interface HttpResponse {
  /** The method that answered: the request's, or GET after a 303. */
  method: string
  status: number
  /** The URL that answered, after redirects. */
  url: string
  header(name: string): string | undefined
  body: Readable
}

export interface TransportStats {
  requests: number
  retries: number
  redirects: number
  byMethod: Record<string, number>
}

export interface TransportOptions {
  retry?: Partial<RetryPolicy>
  /** Waits between attempts; tests pass a recorder. */
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  dispatcher?: Dispatcher
  userAgent?: string
  /** Called before each wait, for logs: what is retried and why. */
  onRetry?: (info: { method: string; url: string; attempt: number; delayMs: number; reason: string }) => void
}

const MAX_REDIRECTS = 5
/**
 * Connections kept per registry: a 64-child merge's sources, configs and layer reads all go out in one
 * round trip instead of queueing behind each other (each queued wave costs a round trip), and no more
 * than that, so a registry does not see a connection storm.
 */
export const CONNECTIONS_PER_ORIGIN = 64
const REDIRECT_STATUS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308])
const BODY_METHODS: ReadonlySet<string> = new Set(['PUT', 'POST', 'PATCH'])

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export class Transport {
  readonly stats: TransportStats = { requests: 0, retries: 0, redirects: 0, byMethod: {} }
  private readonly policy: RetryPolicy
  private readonly dispatcher: Dispatcher
  private readonly sleep: (ms: number) => Promise<void>
  private readonly random: () => number
  private readonly userAgent: string
  private readonly onRetry: TransportOptions['onRetry']

  constructor(options: TransportOptions = {}) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry }
    this.dispatcher = options.dispatcher ?? defaultDispatcher(process.env)
    this.sleep = options.sleep ?? defaultSleep
    this.random = options.random ?? Math.random
    this.userAgent = options.userAgent ?? 'multiarch-publish'
    this.onRetry = options.onRetry
  }

  /**
   * Sends the request, repeating it on 408/429/5xx and broken connections with backoff, up to the
   * policy's attempts. The last answer is returned whatever its status; only network failures throw.
   */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const repeatable = req.repeatable ?? isRepeatableMethod(req.method)
    for (let attempt = 1; ; attempt++) {
      let response: HttpResponse
      try {
        response = await this.sendFollowingRedirects(req)
      } catch (error) {
        // A failing body (a streamed copy whose source broke or did not match its digest) says so itself.
        if (error instanceof ActionError) throw error
        if (!isRetryableNetworkError(error)) throw networkError(req, error)
        if (!repeatable && mayHaveReachedServer(error)) throw networkError(req, error, { replyLost: true })
        if (attempt >= this.policy.maxAttempts) throw networkError(req, error)
        await this.wait(req, attempt, { reason: errorCode(error) })
        continue
      }
      let throttled: Throttling | undefined
      if (mayBeThrottling(response.status)) {
        const read = await buffered(response)
        response = read.response
        throttled = throttling(read.response.status, read.text, (name) => read.response.header(name))
      }
      const retryable = RETRYABLE_STATUS.has(response.status) || throttled !== undefined
      if (!retryable || attempt >= this.policy.maxAttempts) return response
      await drain(response)
      await this.wait(req, attempt, {
        retryAfter: response.header('retry-after'),
        askedMs: throttled?.waitMs,
        reason: `status ${response.status}${throttled ? ` (${throttled.limit})` : ''}`
      })
    }
  }

  /** Attempts in all a request gets, the first included; callers repeating writes themselves keep to it too. */
  get maxAttempts(): number {
    return this.policy.maxAttempts
  }

  /**
   * The wait before a caller repeats a request itself (a write checked after a lost answer, an upload
   * restarted): the same backoff as the transport's own retries, and counted with them.
   */
  async pause(req: Pick<HttpRequest, 'method' | 'url'>, attempt: number, reason: string): Promise<void> {
    await this.wait(req, attempt, { reason })
  }

  private async wait(
    req: Pick<HttpRequest, 'method' | 'url'>,
    attempt: number,
    why: { reason: string; retryAfter?: string | undefined; askedMs?: number | undefined }
  ): Promise<void> {
    const delayMs = retryDelay({
      attempt,
      policy: this.policy,
      retryAfter: why.retryAfter,
      askedMs: why.askedMs,
      now: Date.now(),
      random: this.random()
    })
    this.stats.retries++
    this.onRetry?.({ method: req.method, url: redactUrl(req.url), attempt, delayMs, reason: why.reason })
    await this.sleep(delayMs)
  }

  private async sendFollowingRedirects(req: HttpRequest): Promise<HttpResponse> {
    const origin = new URL(req.url).origin
    let url = req.url
    let method = req.method
    for (let hop = 0; ; hop++) {
      // Blob GETs redirect to object stores (S3, GCS, a CDN); their signed URL is the credential there,
      // and our Authorization must not leak to them (the same rule as Go's net/http and curl).
      const sameOrigin = new URL(url).origin === origin
      const headers = sameOrigin ? req.headers : withoutAuthorization(req.headers)
      const response = await this.sendOnce({ ...req, method, url, ...(headers ? { headers } : {}) })
      if (!REDIRECT_STATUS.has(response.status)) return response
      const location = response.header('location')
      if (location === undefined || hop >= MAX_REDIRECTS) return response
      await drain(response)
      this.stats.redirects++
      url = new URL(location, url).toString()
      if (response.status === 303) method = 'GET'
    }
  }

  private async sendOnce(req: HttpRequest): Promise<HttpResponse> {
    this.stats.requests++
    this.stats.byMethod[req.method] = (this.stats.byMethod[req.method] ?? 0) + 1
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...req.headers }
    let body: Dispatcher.DispatchOptions['body'] = undefined
    if (req.body instanceof Uint8Array) {
      body = req.body
      headers['content-length'] = String(req.body.byteLength)
    } else if (req.body) {
      body = (await req.body.open()) as Readable
      headers['content-length'] = String(req.body.size)
    } else if (BODY_METHODS.has(req.method)) {
      // Nexus and Artifact Registry answer 411 to a PUT or POST without Content-Length (a mount, an
      // upload's start, the PUT closing a chunked upload).
      headers['content-length'] = '0'
    }
    const url = new URL(req.url)
    const res = await dispatcherRequest.call(this.dispatcher, {
      origin: url.origin,
      path: url.pathname + url.search,
      method: req.method as Dispatcher.HttpMethod,
      headers,
      body
    })
    return {
      method: req.method,
      status: res.statusCode,
      url: req.url,
      header: (name: string) => headerValue(res.headers[name.toLowerCase()]),
      body: res.body
    }
  }
}

const AGENT_OPTIONS = {
  headersTimeout: 60_000,
  bodyTimeout: 120_000,
  connections: CONNECTIONS_PER_ORIGIN
} as const

/** Proxies as curl and Go read them; undici warns that its env-proxy agent is experimental, so use it only when needed. */
export function defaultDispatcher(env: NodeJS.ProcessEnv): Dispatcher {
  const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((k) => Boolean(env[k]))
  return proxied ? new EnvHttpProxyAgent(AGENT_OPTIONS) : new Agent(AGENT_OPTIONS)
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value
}

function withoutAuthorization(
  headers: Record<string, string> | undefined
): Record<string, string> | undefined {
  if (!headers) return headers
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'))
}

function errorCode(error: unknown): string {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as Error & { code?: unknown }).code
    if (typeof code === 'string') return code
  }
  return error instanceof Error ? error.message : String(error)
}

function networkError(
  req: HttpRequest,
  error: unknown,
  options: { replyLost?: boolean } = {}
): RegistryError {
  const host = new URL(req.url).host
  const lost = options.replyLost === true
  return new RegistryError(
    'registry',
    `${req.method} ${redactUrl(req.url)} failed: ${errorCode(error)}${lost ? ' (the answer was lost; the registry may have performed it)' : ''}`,
    {
      method: req.method,
      url: redactUrl(req.url),
      temporary: isRetryableNetworkError(error),
      ...(lost ? { replyLost: true } : {})
    },
    {
      hint: `check that ${host} is reachable from the runner (proxy settings: HTTPS_PROXY, NO_PROXY)`,
      cause: error
    }
  )
}

/** A Readable's chunks, typed: node's own typing yields `any`. */
export function chunksOf(stream: Readable): AsyncIterable<Uint8Array> {
  return stream as AsyncIterable<Uint8Array>
}

/** Stops reading a body for good; the abort error undici then emits is expected, not a failure. */
function abandon(body: Readable): void {
  body.on('error', () => undefined)
  body.destroy()
}

/** Error bodies are small: read this much to tell throttling from a refusal, and keep it for the caller. */
const MAX_THROTTLE_BODY = 64 * 1024

/** The response with its body read into memory (bounded) and its text, so the caller can still read it. */
async function buffered(response: HttpResponse): Promise<{ response: HttpResponse; text: string }> {
  const bytes = await readBody(response, MAX_THROTTLE_BODY, 'error body').catch(() => Buffer.alloc(0))
  return {
    response: { ...response, body: Readable.from([bytes], { objectMode: false }) },
    text: bytes.toString('utf8')
  }
}

/** Discards a body we will not read, so the connection can be reused. */
export async function drain(response: HttpResponse): Promise<void> {
  response.body.resume()
  // A body that fails while being discarded changes nothing.
  await finished(response.body).catch(() => undefined)
}

/** Reads a whole body, refusing more than `limit` bytes (checked on Content-Length and while reading). */
export async function readBody(response: HttpResponse, limit: number, what: string): Promise<Buffer> {
  const declared = Number(response.header('content-length') ?? NaN)
  if (declared > limit) {
    abandon(response.body)
    throw oversize(response, { what, size: declared, limit })
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of chunksOf(response.body)) {
    size += chunk.byteLength
    if (size > limit) {
      abandon(response.body)
      throw oversize(response, { what, size, limit })
    }
    chunks.push(Buffer.from(chunk))
  }
  return Buffer.concat(chunks)
}

function oversize(
  response: HttpResponse,
  { what, size, limit }: { what: string; size: number; limit: number }
): RegistryError {
  return new RegistryError(
    'registry',
    `${what} is larger than ${limit} bytes (${size}+), refused`,
    { method: response.method, url: redactUrl(response.url), status: response.status, temporary: false },
    { hint: 'manifests over 4 MiB are refused by registries and by this action; check the reference' }
  )
}
