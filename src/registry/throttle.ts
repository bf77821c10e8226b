/**
 * Registries that say "slow down" in their own ways, read as one thing: throttling, which is waited out
 * and retried, never reported as a verdict on the credentials. Pure, so the rules are unit-tested by tables.
 * - GHCR answers its secondary rate limit with 403 `denied: permission_denied: … You have exceeded a
 *   secondary rate limit`, and its 429 carries the wait in the body (`retry-after: 10.48ms, allowed:
 *   2000/minute`, a Go duration), not in a Retry-After header.
 * - Docker Hub answers 429 `toomanyrequests` with `ratelimit-limit: 100;w=21600` and
 *   `ratelimit-remaining: 0;w=21600` (IETF RateLimit header fields draft) and no Retry-After.
 */

export interface Throttling {
  /** The wait the answer asked for, in ms, when its body or RateLimit headers name one. */
  waitMs?: number
  /** What the registry said its limit is, for the final line: "secondary rate limit", "100 per 21600 s, 0 remaining". */
  limit: string
}

/** Answers whose body is read to tell throttling from a refusal. */
export function mayBeThrottling(status: number): boolean {
  return status === 403 || status === 429
}

/** Throttling, or undefined when the answer is something else (a 403 that really is about permissions). */
export function throttling(
  status: number,
  body: string,
  header: (name: string) => string | undefined
): Throttling | undefined {
  const rateLimitBody = /rate.?limit|too many requests|toomanyrequests/i.test(body)
  if (status !== 429 && !(status === 403 && rateLimitBody)) return undefined
  const waitMs = bodyWaitMs(body)
  const limit = headerLimit(header) ?? bodyLimit(body)
  return { ...(waitMs !== undefined ? { waitMs } : {}), limit }
}

const GO_DURATION_UNITS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000
}

/** `retry-after: 10.48ms` (or `1.5s`, `880.092µs`) in a body: the wait in ms, rounded up. */
export function bodyWaitMs(body: string): number | undefined {
  const match = /retry.after:?\s*((?:\d+(?:\.\d+)?(?:ns|us|µs|μs|ms|s|m|h))+)/i.exec(body)
  if (!match?.[1]) return undefined
  let ms = 0
  for (const part of match[1].matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/g)) {
    ms += Number(part[1]) * (GO_DURATION_UNITS[part[2] ?? ''] ?? 0)
  }
  return Math.ceil(ms)
}

/** `ratelimit-limit: 100;w=21600` + `ratelimit-remaining: 0;w=21600` → "100 per 21600 s, 0 remaining". */
function headerLimit(header: (name: string) => string | undefined): string | undefined {
  const limit = header('ratelimit-limit')
  if (limit === undefined) return undefined
  const [count, ...params] = limit.split(';').map((s) => s.trim())
  const window = params.find((p) => p.startsWith('w='))?.slice(2)
  const remaining = header('ratelimit-remaining')?.split(';')[0]?.trim()
  return [
    `${count ?? limit}${window ? ` per ${window} s` : ''}`,
    ...(remaining !== undefined ? [`${remaining} remaining`] : [])
  ].join(', ')
}

/** "secondary rate limit", or GHCR's `allowed: 2000/minute`, or plain "rate limit". */
function bodyLimit(body: string): string {
  if (/secondary rate limit/i.test(body)) return 'secondary rate limit'
  const allowed = /allowed:\s*([\d]+\/\w+)/i.exec(body)?.[1]
  return allowed ? `rate limit of ${allowed}` : 'rate limit'
}
