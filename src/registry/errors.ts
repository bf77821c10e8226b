import { ActionError, type ErrorKind } from '../errors.js'
import { throttling, type Throttling } from './throttle.js'

/** What a registry said about a failed request, kept for the one-line error and for retries. */
export interface RegistryErrorDetails {
  method: string
  /** The URL with query values that could hold secrets removed (see redactUrl). */
  url: string
  status?: number
  /** The OCI distribution error code, e.g. MANIFEST_UNKNOWN, DENIED, TOOMANYREQUESTS. */
  code?: string
  /** The registry's message and `detail` (as text), as it gave them: predicates below read them. */
  message?: string
  detail?: string
  /** The answer was throttling (a 429, or GHCR's rate-limit 403): what limit the registry named. */
  throttled?: Throttling
  /** True when repeating the same request may succeed (drives retries). */
  temporary: boolean
  /**
   * The request may have been performed but its answer never came (a connection broken after sending):
   * a write must be checked (HEAD) before it is sent again.
   */
  replyLost?: boolean
}

export class RegistryError extends ActionError {
  readonly details: RegistryErrorDetails

  constructor(
    kind: ErrorKind,
    message: string,
    details: RegistryErrorDetails,
    options: { hint?: string; cause?: unknown } = {}
  ) {
    super(kind, message, options)
    this.name = 'RegistryError'
    this.details = details
  }
}

/** A write whose answer was lost: check whether it took effect before repeating it. */
export function isReplyLost(error: unknown): error is RegistryError {
  return error instanceof RegistryError && error.details.replyLost === true
}

/** Upload URLs carry state tokens (_state=…) and pre-signed URLs carry signatures: drop query values. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    for (const key of [...parsed.searchParams.keys()]) {
      if (key !== 'digest' && key !== 'n' && key !== 'last') parsed.searchParams.set(key, 'REDACTED')
    }
    parsed.username = ''
    parsed.password = ''
    return parsed.toString()
  } catch {
    return '(unparseable URL)'
  }
}

/** The registry error codes of the distribution spec, with what a user should do about each. */
const CODE_HINTS: Readonly<Record<string, { kind: ErrorKind; hint: string }>> = {
  UNAUTHORIZED: {
    kind: 'auth',
    hint: "log in with docker/login-action first, or set `username`/`password` (for `image`'s registry) or a `registry-auth` line (for any other)"
  },
  DENIED: {
    kind: 'auth',
    hint: 'the credentials lack access to this repository: grant push (e.g. `permissions: packages: write` for GHCR) or use an account that has it'
  },
  NAME_UNKNOWN: { kind: 'not-found', hint: 'check the repository name; it does not exist on this registry' },
  MANIFEST_UNKNOWN: {
    kind: 'not-found',
    hint: 'check the tag or digest; it does not exist in this repository'
  },
  BLOB_UNKNOWN: {
    kind: 'not-found',
    hint: 'push the blob (or the image that holds it) to this repository first'
  },
  MANIFEST_BLOB_UNKNOWN: {
    kind: 'registry',
    hint: 'push the manifest’s children and blobs into this repository before the manifest'
  },
  MANIFEST_INVALID: {
    kind: 'registry',
    hint: 'the registry refused the manifest as invalid, for the reason in its detail'
  },
  TAG_INVALID: { kind: 'registry', hint: 'the registry refused the tag; check its name' },
  DIGEST_INVALID: {
    kind: 'digest-mismatch',
    hint: 'the uploaded bytes do not match their digest; retry the push'
  },
  SIZE_INVALID: { kind: 'registry', hint: 'the uploaded size does not match the descriptor; retry the push' },
  TOOMANYREQUESTS: {
    kind: 'registry',
    hint: 'the registry is rate-limiting: retry later or log in for a higher limit'
  },
  UNSUPPORTED: { kind: 'registry', hint: 'this registry does not support the operation' }
}

export interface RegistryErrorBody {
  errors?: { code?: string; message?: string; detail?: unknown }[]
}

/** Reads the first error of a registry's JSON error body; tolerant of non-JSON bodies. */
export function parseErrorBody(body: string): { code?: string; message?: string; detail?: string } {
  try {
    const parsed = JSON.parse(body) as RegistryErrorBody
    const first = parsed.errors?.[0]
    const detail = detailText(first?.detail)
    return {
      ...(first?.code ? { code: first.code } : {}),
      ...(first?.message ? { message: first.message } : {}),
      ...(detail ? { detail } : {})
    }
  } catch {
    return {}
  }
}

/** `detail` is any JSON (zot: `{"mediaType": …}`, distribution: a string or an object): as one line of text. */
function detailText(detail: unknown): string | undefined {
  if (detail === undefined || detail === null || detail === '') return undefined
  return typeof detail === 'string' ? detail : JSON.stringify(detail)
}

/** A tag PUT refused because the repository's tags cannot move (ECR's immutable tags; TAG_IMMUTABLE elsewhere). */
export function isImmutableTag(error: unknown): error is RegistryError {
  return error instanceof RegistryError && saysImmutableTag(error.details)
}

type Said = Pick<RegistryErrorDetails, 'status' | 'code' | 'message' | 'detail'>

function saysImmutableTag({ code, message = '', detail = '' }: Said): boolean {
  return code === 'TAG_IMMUTABLE' || (code === 'TAG_INVALID' && /immutable/i.test(`${message} ${detail}`))
}

/**
 * A manifest refused for its media type: OCI-only registries (zot) answer a Docker manifest or list with
 * 400 MANIFEST_INVALID whose detail names the media type. The caller may send the same content as OCI.
 */
export function refusesMediaType(error: unknown): error is RegistryError {
  return error instanceof RegistryError && saysMediaTypeRefused(error.details)
}

function saysMediaTypeRefused({ status, code, message = '', detail = '' }: Said): boolean {
  if (status === 415) return true
  if (code !== 'MANIFEST_INVALID' && code !== 'UNSUPPORTED') return false
  return /media.?type|application\/vnd\.docker\./i.test(`${message} ${detail}`)
}

export const RETRYABLE_STATUS: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504])

/**
 * Builds the error for a non-success answer: kind and hint from the OCI code, else from the status; the
 * registry's message and detail always in the text. Throttling is named as such, with the limit and the
 * wait, and never gets the permissions hint its 403 would otherwise get.
 */
export function errorForResponse(options: {
  method: string
  url: string
  status: number
  body: string
  what: string
  header?: (name: string) => string | undefined
}): RegistryError {
  const { code, message, detail } = parseErrorBody(options.body)
  const header = options.header ?? ((): undefined => undefined)
  const throttled = throttling(options.status, options.body, header)
  const { kind, hint } = throttled
    ? { kind: 'registry' as const, hint: throttledHint(throttled, header('retry-after')) }
    : kindAndHint({
        status: options.status,
        ...(code ? { code } : {}),
        ...(message ? { message } : {}),
        ...(detail ? { detail } : {})
      })
  const said = [code, message].filter(Boolean).join(': ') + (detail ? `; detail: ${detail}` : '')
  const text = `${options.what} failed: ${options.method} ${redactUrl(options.url)} answered ${options.status}${said ? ` (${said})` : ''}`
  return new RegistryError(
    kind,
    text,
    {
      method: options.method,
      url: redactUrl(options.url),
      status: options.status,
      ...(code ? { code } : {}),
      ...(message ? { message } : {}),
      ...(detail ? { detail } : {}),
      ...(throttled ? { throttled } : {}),
      temporary: RETRYABLE_STATUS.has(options.status) || throttled !== undefined
    },
    { hint }
  )
}

function kindAndHint(said: Said & { status: number }): { kind: ErrorKind; hint: string } {
  if (saysImmutableTag(said)) {
    return {
      kind: 'registry',
      hint: 'the repository’s tags are immutable: publish each release under a new tag (the version or commit SHA), or make the repository’s tags mutable'
    }
  }
  if (saysMediaTypeRefused(said)) {
    return {
      kind: 'registry',
      hint: 'this registry refuses Docker media types: publish as OCI (`media-type: oci`)'
    }
  }
  const known = said.code ? CODE_HINTS[said.code] : undefined
  return known ?? statusKind(said.status)
}

/** "rate-limited (secondary rate limit; it asked to wait 10 ms)": the limit, the wait, what to do. */
function throttledHint(throttled: Throttling, retryAfter: string | undefined): string {
  const wait =
    throttled.waitMs !== undefined
      ? `it asked to wait ${throttled.waitMs} ms`
      : retryAfter
        ? `it asked to wait ${retryAfter} s`
        : 'it named no wait'
  return `the registry is rate-limiting (${throttled.limit}; ${wait}) and the retries ran out: run again in a few minutes, with fewer jobs pushing to it at once, or log in for a higher limit`
}

function statusKind(status: number): { kind: ErrorKind; hint: string } {
  if (status === 401) return CODE_HINTS.UNAUTHORIZED as { kind: ErrorKind; hint: string }
  if (status === 403) return CODE_HINTS.DENIED as { kind: ErrorKind; hint: string }
  if (status === 404) return { kind: 'not-found', hint: 'check the reference; the registry does not have it' }
  if (status === 429) return CODE_HINTS.TOOMANYREQUESTS as { kind: ErrorKind; hint: string }
  return { kind: 'registry', hint: 'the registry failed; retry, and check its status page if it persists' }
}
