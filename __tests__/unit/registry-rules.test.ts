/** The registry client's pure rules, by table: retry timing, challenges, error mapping, links, config keys. */
import { describe, expect, test } from '@jest/globals'
import { grantedScopes, parseScopes, scopeCovers } from '../../src/registry/auth.js'
import { parseChallenges, repositoryScope } from '../../src/registry/challenge.js'
import { nextPage, resumeOffset } from '../../src/registry/client.js'
import { ByteBoundedCache } from '../../src/registry/content-cache.js'
import { configKeysFor } from '../../src/registry/credentials.js'
import { errorForResponse, isImmutableTag, redactUrl, refusesMediaType } from '../../src/registry/errors.js'
import { bodyWaitMs, throttling } from '../../src/registry/throttle.js'
import {
  DEFAULT_RETRY_POLICY,
  isRepeatableMethod,
  isRetryableNetworkError,
  mayHaveReachedServer,
  parseRetryAfter,
  retryDelay
} from '../../src/registry/retry.js'

const NOW = Date.parse('2026-11-23T12:00:00Z')

describe('parseRetryAfter', () => {
  test.each([
    [undefined, undefined],
    ['', undefined],
    ['0', 0],
    ['3', 3000],
    ['120', 120_000],
    ['Mon, 23 Nov 2026 12:00:05 GMT', 5000],
    ['Mon, 23 Nov 2026 11:59:00 GMT', 0],
    ['soon', undefined],
    ['-1', undefined]
  ])('%j → %j ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected)
  })
})

describe('retryDelay', () => {
  const policy = DEFAULT_RETRY_POLICY
  test.each([
    // attempt, random, retry-after, expected
    [1, 0.999, undefined, 249],
    [2, 0.5, undefined, 250],
    [3, 1 - 1e-9, undefined, 999],
    [10, 0.5, undefined, 4000], // capped at maxDelayMs (8 s) before jitter
    [1, 0, '2', 2000], // the server asked for longer than backoff
    [1, 0.999, '0', 249], // backoff wins when longer
    [1, 0, '3600', 30_000], // an hour is cut to the cap
    [1, 0, 'Mon, 23 Nov 2026 12:00:04 GMT', 4000]
  ])('attempt %i, random %d, Retry-After %j → %i ms', (attempt, random, retryAfter, expected) => {
    expect(retryDelay({ attempt, policy, retryAfter, now: NOW, random })).toBe(expected)
  })
})

describe('isRetryableNetworkError', () => {
  const withCode = (code: string, cause?: Error): Error =>
    Object.assign(new Error(code, cause ? { cause } : {}), { code })
  test.each([
    [withCode('ECONNRESET'), true],
    [withCode('UND_ERR_SOCKET'), true],
    [new TypeError('fetch failed', { cause: withCode('ECONNREFUSED') }), true],
    [withCode('ERR_INVALID_URL'), false],
    [new Error('plain'), false],
    ['not an error', false]
  ])('%s → %s', (error, expected) => {
    expect(isRetryableNetworkError(error)).toBe(expected)
  })
})

describe('parseChallenges', () => {
  test.each([
    [undefined, []],
    ['Basic realm="registry"', [{ scheme: 'basic', params: { realm: 'registry' } }]],
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull,push"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.docker.io/token',
            service: 'registry.docker.io',
            scope: 'repository:library/ubuntu:pull,push'
          }
        }
      ]
    ],
    [
      'Bearer realm="https://ghcr.io/token", service="ghcr.io", scope="repository:a/b:pull",error="insufficient_scope"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://ghcr.io/token',
            service: 'ghcr.io',
            scope: 'repository:a/b:pull',
            error: 'insufficient_scope'
          }
        }
      ]
    ],
    [
      'Basic realm="a", Bearer realm="https://t/x",service=svc',
      [
        { scheme: 'basic', params: { realm: 'a' } },
        { scheme: 'bearer', params: { realm: 'https://t/x', service: 'svc' } }
      ]
    ],
    ['Bearer realm="with \\"quotes\\""', [{ scheme: 'bearer', params: { realm: 'with "quotes"' } }]]
  ])('%j', (header, expected) => {
    expect(parseChallenges(header)).toEqual(expected)
  })

  test('repositoryScope', () => {
    expect(repositoryScope('acme/app', ['pull', 'push'])).toBe('repository:acme/app:pull,push')
  })
})

describe('errorForResponse', () => {
  const body = (code: string, message = 'm'): string => JSON.stringify({ errors: [{ code, message }] })
  test.each([
    [401, body('UNAUTHORIZED', 'authentication required'), 'auth', /log in with docker\/login-action/],
    [403, body('DENIED', 'requested access to the resource is denied'), 'auth', /grant push/],
    [404, body('MANIFEST_UNKNOWN', 'manifest unknown'), 'not-found', /tag or digest/],
    [404, body('NAME_UNKNOWN'), 'not-found', /repository name/],
    [400, body('MANIFEST_BLOB_UNKNOWN'), 'registry', /children and blobs/],
    [429, body('TOOMANYREQUESTS'), 'registry', /rate-limiting/],
    [429, 'slow down', 'registry', /rate-limiting/],
    [500, '<html>oops</html>', 'registry', /retry/],
    [403, '', 'auth', /grant push/]
  ])('%i %s → %s', (status, text, kind, hint) => {
    const error = errorForResponse({
      method: 'PUT',
      url: 'https://r.example/v2/a/manifests/t',
      status,
      body: text,
      what: 'push'
    })
    expect(error.kind).toBe(kind)
    expect(error.hint).toMatch(hint)
    expect(error.details.status).toBe(status)
    expect(error.details.temporary).toBe([408, 429, 500, 502, 503, 504].includes(status))
    expect(error.oneLine()).not.toContain('\n')
  })

  test('carries the OCI code in the message and details', () => {
    const error = errorForResponse({
      method: 'GET',
      url: 'https://r.example/v2/a/manifests/t',
      status: 404,
      body: body('MANIFEST_UNKNOWN', 'manifest unknown'),
      what: 'manifest r.example/a:t'
    })
    expect(error.details.code).toBe('MANIFEST_UNKNOWN')
    expect(error.message).toBe(
      'manifest r.example/a:t failed: GET https://r.example/v2/a/manifests/t answered 404 (MANIFEST_UNKNOWN: manifest unknown)'
    )
  })
})

describe('redactUrl', () => {
  test.each([
    [
      'https://r.example/v2/a/blobs/uploads/u1?_state=secret&digest=sha256:ab',
      'https://r.example/v2/a/blobs/uploads/u1?_state=REDACTED&digest=sha256%3Aab'
    ],
    [
      'https://s3.example/blob?X-Amz-Signature=sig&X-Amz-Credential=c',
      'https://s3.example/blob?X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED'
    ],
    ['https://user:pw@r.example/v2/', 'https://r.example/v2/'],
    ['not a url', '(unparseable URL)']
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected)
  })
})

describe('nextPage (RFC 8288 Link)', () => {
  const base = 'https://r.example/v2/'
  test.each([
    [undefined, undefined],
    ['</v2/a/tags/list?n=2&last=b>; rel="next"', 'a/tags/list?n=2&last=b'],
    ['<https://r.example/v2/a/tags/list?last=b&n=2>; rel=next', 'a/tags/list?last=b&n=2'],
    ['</v2/a/tags/list?n=2&last=b>; rel="prev"', undefined],
    // Another host's page is not this registry's to follow.
    ['<https://elsewhere.example/v2/a/tags/list?last=b>; rel="next"', undefined],
    ['</v1/a/tags/list?last=b>; rel="next"', undefined]
  ])('%j → %j', (link, expected) => {
    expect(nextPage(link, base)).toBe(expected)
  })
})

describe('configKeysFor', () => {
  test.each([
    ['docker.io', 'https://index.docker.io/v1/'],
    ['index.docker.io', 'https://index.docker.io/v1/'],
    ['ghcr.io', 'ghcr.io'],
    ['localhost:5000', 'localhost:5000']
  ])('%s is looked up first under %s', (registry, first) => {
    expect(configKeysFor(registry)[0]).toBe(first)
  })

  test('a registry is also found under its https:// URL form', () => {
    expect(configKeysFor('ghcr.io')).toContain('https://ghcr.io')
  })
})

const withCode = (code: string): Error => Object.assign(new Error(code), { code })

describe('mayHaveReachedServer', () => {
  test.each([
    ['ECONNREFUSED', false],
    ['ENOTFOUND', false],
    ['EAI_AGAIN', false],
    ['EHOSTUNREACH', false],
    ['UND_ERR_CONNECT_TIMEOUT', false],
    ['ECONNRESET', true],
    ['EPIPE', true],
    ['UND_ERR_SOCKET', true],
    ['UND_ERR_HEADERS_TIMEOUT', true]
  ])('%s → %s', (code, expected) => {
    expect(mayHaveReachedServer(withCode(code))).toBe(expected)
  })

  test('looks through causes, as undici nests them', () => {
    expect(mayHaveReachedServer(new Error('fetch failed', { cause: withCode('ECONNREFUSED') }))).toBe(false)
    expect(mayHaveReachedServer(new Error('fetch failed', { cause: withCode('ECONNRESET') }))).toBe(true)
  })
})

describe('isRepeatableMethod (RFC 9110 §9.2.2)', () => {
  test.each([
    ['GET', true],
    ['HEAD', true],
    ['PUT', true],
    ['DELETE', true],
    ['POST', false],
    ['PATCH', false],
    ['patch', false]
  ])('%s → %s', (method, expected) => {
    expect(isRepeatableMethod(method)).toBe(expected)
  })
})

describe('resumeOffset (a chunk [start, end) whose answer was lost)', () => {
  test.each([
    ['the chunk landed', '0-131071', 65536, 131072, 131072],
    ['the chunk did not land', '0-65535', 65536, 131072, 65536],
    ['a first chunk that landed', '0-65535', 0, 65536, 65536],
    ['a first chunk that did not land (distribution says 0-0 for empty)', '0-0', 0, 65536, 0],
    ['a 1-byte first chunk: 0-0 cannot tell', '0-0', 0, 1, undefined],
    ['half a chunk landed', '0-99999', 65536, 131072, undefined],
    ['more than was sent', '0-200000', 65536, 131072, undefined],
    ['a Range that is not from 0', '5-65535', 65536, 131072, undefined],
    ['no Range at the start', undefined, 0, 65536, 0],
    ['no Range later', undefined, 65536, 131072, undefined],
    ['a bytes= prefix', 'bytes=0-131071', 65536, 131072, 131072]
  ])('%s', (_name, range, start, end, expected) => {
    expect(resumeOffset(range, start, end)).toBe(expected)
  })
})

describe('token scopes', () => {
  const scopes = (...s: string[]): ReturnType<typeof parseScopes> => parseScopes(s)
  test.each([
    ['the same scope', ['repository:a:pull'], ['repository:a:pull'], true],
    ['push covers pull', ['repository:a:pull,push'], ['repository:a:pull'], true],
    ['pull does not cover push', ['repository:a:pull'], ['repository:a:pull,push'], false],
    [
      'a mount token covers its source',
      ['repository:t:pull,push', 'repository:s:pull'],
      ['repository:s:pull'],
      true
    ],
    ['another repository', ['repository:a:pull,push'], ['repository:b:pull'], false],
    ['a prefix is not the repository', ['repository:a:pull'], ['repository:a/b:pull'], false],
    ['* grants every action', ['repository:a:*'], ['repository:a:pull,push,delete'], true],
    ['names with a port-like colon', ['repository:a:b:pull'], ['repository:a:b:pull'], true],
    ['other resource types are not repositories', ['registry:catalog:*'], ['repository:catalog:pull'], false]
  ])('%s', (_name, granted, needed, expected) => {
    expect(scopeCovers(scopes(...granted), scopes(...needed))).toBe(expected)
  })

  const jwt = (claims: unknown): string =>
    ['{"alg":"RS256"}', JSON.stringify(claims), 'signature']
      .map((part, i) => (i < 2 ? Buffer.from(part).toString('base64url') : part))
      .join('.')

  test.each([
    [
      'a JWT access claim',
      jwt({ access: [{ type: 'repository', name: 'a', actions: ['pull'] }] }),
      { a: ['pull'] }
    ],
    [
      'a grant narrower than asked (anonymous push refused)',
      jwt({ access: [{ type: 'repository', name: 'a', actions: [] }] }),
      { a: [] }
    ],
    ['an opaque token', 'djEuYWJjZGVm', undefined],
    ['a JWT without access', jwt({ sub: 'x' }), undefined],
    ['three parts that are not JSON', 'a.b.c', undefined]
  ])('%s', (_name, token, expected) => {
    const granted = grantedScopes(token)
    expect(
      granted && Object.fromEntries([...granted].map(([name, actions]) => [name, [...actions].sort()]))
    ).toEqual(expected)
  })
})

describe('ByteBoundedCache', () => {
  test('evicts the least recently used entries once over its limit', () => {
    const cache = new ByteBoundedCache<string>(10)
    cache.set('a', 'A', 4)
    cache.set('b', 'B', 4)
    expect(cache.get('a')).toBe('A') // a is now the most recently used
    cache.set('c', 'C', 4)
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true])
    expect(cache.bytes).toBe(8)
  })

  test('keeps nothing larger than its whole limit, and replacing an entry counts it once', () => {
    const cache = new ByteBoundedCache<string>(10)
    cache.set('big', 'X', 11)
    expect(cache.has('big')).toBe(false)
    cache.set('a', 'A', 3)
    cache.set('a', 'A2', 5)
    expect([cache.get('a'), cache.bytes, cache.size]).toEqual(['A2', 5, 1])
  })
})

describe('throttling', () => {
  const none = (): undefined => undefined
  const headers =
    (values: Record<string, string>) =>
    (name: string): string | undefined =>
      values[name]
  const body = (code: string, message: string): string => JSON.stringify({ errors: [{ code, message }] })
  test.each([
    [
      403,
      body('DENIED', 'denied: permission_denied: You have exceeded a secondary rate limit'),
      none,
      { limit: 'secondary rate limit' }
    ],
    [403, body('DENIED', 'requested access to the resource is denied'), none, undefined],
    [
      429,
      body('TOOMANYREQUESTS', 'retry-after: 10.48ms, allowed: 2000/minute'),
      none,
      { waitMs: 11, limit: 'rate limit of 2000/minute' }
    ],
    [
      429,
      body('TOOMANYREQUESTS', 'retry-after: 880.092µs, allowed: 44000/minute'),
      none,
      { waitMs: 1, limit: 'rate limit of 44000/minute' }
    ],
    [
      429,
      body('TOOMANYREQUESTS', 'pull rate limit'),
      headers({ 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600' }),
      { limit: '100 per 21600 s, 0 remaining' }
    ],
    [429, '', none, { limit: 'rate limit' }],
    [500, body('UNKNOWN', 'rate limit'), none, undefined]
  ])('%i %s', (status, text, header, expected) => {
    expect(throttling(status, text, header)).toEqual(expected)
  })

  test.each([
    ['retry-after: 10.48ms', 11],
    ['retry-after: 1.5s', 1500],
    ['retry-after: 1m30s', 90_000],
    ['no wait here', undefined]
  ])('bodyWaitMs(%j) = %j', (text, ms) => {
    expect(bodyWaitMs(text)).toBe(ms)
  })
})

describe('registry rules read from errors', () => {
  const refusal = (status: number, error: Record<string, unknown>): ReturnType<typeof errorForResponse> =>
    errorForResponse({
      method: 'PUT',
      url: 'https://r.example/v2/a/manifests/v1',
      status,
      body: JSON.stringify({ errors: [error] }),
      what: 'push'
    })

  test('ECR immutable tag: named, with how to publish instead, not "retry"', () => {
    const error = refusal(400, {
      code: 'TAG_INVALID',
      message:
        "The image tag 'v1' already exists in the 'a' repository and cannot be overwritten because the repository is immutable."
    })
    expect(isImmutableTag(error)).toBe(true)
    expect(error.hint).toMatch(/immutable: publish each release under a new tag/)
    expect(isImmutableTag(refusal(400, { code: 'TAG_INVALID', message: 'invalid tag' }))).toBe(false)
  })

  test('zot: MANIFEST_INVALID naming a Docker media type; the detail is in the message', () => {
    const error = refusal(400, {
      code: 'MANIFEST_INVALID',
      message: 'manifest invalid',
      detail: { mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json' }
    })
    expect(refusesMediaType(error)).toBe(true)
    expect(error.message).toContain(
      '(MANIFEST_INVALID: manifest invalid; detail: {"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json"})'
    )
    const other = refusal(400, {
      code: 'MANIFEST_INVALID',
      message: 'manifest invalid',
      detail: 'layers: empty'
    })
    expect(refusesMediaType(other)).toBe(false)
    expect(other.message).toContain('detail: layers: empty')
  })

  test('a GHCR secondary-limit 403 gets no permissions hint', () => {
    const error = refusal(403, {
      code: 'DENIED',
      message: 'denied: permission_denied: You have exceeded a secondary rate limit'
    })
    expect(error.kind).toBe('registry')
    expect(error.hint).not.toMatch(/grant push/)
    expect(error.details.throttled).toEqual({ limit: 'secondary rate limit' })
  })
})
