/**
 * When and how long to wait before repeating a request. Pure, so the rules are unit-tested by tables.
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"),
 * and the server's Retry-After (RFC 9110 §10.2.3: delay-seconds or an HTTP-date) honoured up to a cap.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
  /** Retry-After values above this are cut to it: a registry asking for an hour must not hang a workflow. */
  maxRetryAfterMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000
}

/** Milliseconds to wait as the server asked, or undefined when the header is absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  // An HTTP-date names its day and month ("Wed, 21 Oct 2015 07:28:00 GMT"); Date.parse would take "-1".
  if (!/[A-Za-z]{3}/.test(text)) return undefined
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1). `random` is in [0, 1); tests pass a
 * constant. The server's Retry-After wins over backoff when it asks for longer.
 */
export function retryDelay(options: {
  attempt: number
  policy: RetryPolicy
  retryAfter?: string | undefined
  /** A wait the answer named elsewhere (GHCR: in its body), in ms; wins over the header. */
  askedMs?: number | undefined
  now: number
  random: number
}): number {
  const { attempt, policy } = options
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  const backoff = Math.floor(ceiling * options.random)
  const asked = options.askedMs ?? parseRetryAfter(options.retryAfter, options.now)
  if (asked === undefined) return backoff
  return Math.max(backoff, Math.min(asked, policy.maxRetryAfterMs))
}

/** Network failures worth another try: the connection broke or never came up, not a protocol error. */
const RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT'
])

export function isRetryableNetworkError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as Error & { code?: unknown }).code
    if (typeof code === 'string' && RETRYABLE_ERROR_CODES.has(code)) return true
  }
  return false
}

/**
 * Failures that happen before a request leaves: no connection was made, so the server cannot have acted
 * on it. Anything else (a reset, a closed socket, a timeout waiting for the answer) may come after the
 * server performed the request and only its reply was lost.
 */
const NEVER_SENT_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT'
])

/** Whether a failed request may have been performed by the server although no answer came back. */
export function mayHaveReachedServer(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as Error & { code?: unknown }).code
    if (typeof code === 'string' && NEVER_SENT_ERROR_CODES.has(code)) return false
  }
  return true
}

/**
 * Methods a transport may repeat blindly after a lost reply (RFC 9110 §9.2.2 idempotent methods). The
 * registry client marks its writes that are not (an upload's closing PUT consumes the session) itself.
 */
export function isRepeatableMethod(method: string): boolean {
  return ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'].includes(method.toUpperCase())
}
