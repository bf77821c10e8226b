import { ActionError, type ErrorKind } from '../errors.js'

/** What a registry said about a failed request, kept for the one-line error and for retries. */
export interface RegistryErrorDetails {
  method: string
  /** The URL with query values that could hold secrets removed (see redactUrl). */
  url: string
  status?: number
  /** The OCI distribution error code, e.g. MANIFEST_UNKNOWN, DENIED, TOOMANYREQUESTS. */
  code?: string
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
    hint: 'log in with docker/login-action first, or set `username` and `password`'
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
    hint: 'the registry refused the manifest as invalid; see the message'
  },
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
export function parseErrorBody(body: string): { code?: string; message?: string } {
  try {
    const parsed = JSON.parse(body) as RegistryErrorBody
    const first = parsed.errors?.[0]
    return {
      ...(first?.code ? { code: first.code } : {}),
      ...(first?.message ? { message: first.message } : {})
    }
  } catch {
    return {}
  }
}

export const RETRYABLE_STATUS: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504])

/** Builds the error for a non-success answer: kind and hint from the OCI code, else from the status. */
export function errorForResponse(options: {
  method: string
  url: string
  status: number
  body: string
  what: string
}): RegistryError {
  const { code, message } = parseErrorBody(options.body)
  const known = code ? CODE_HINTS[code] : undefined
  const byStatus = statusKind(options.status)
  const kind = known?.kind ?? byStatus.kind
  const hint = known?.hint ?? byStatus.hint
  const said = [code, message].filter(Boolean).join(': ')
  const text = `${options.what} failed: ${options.method} ${redactUrl(options.url)} answered ${options.status}${said ? ` (${said})` : ''}`
  return new RegistryError(
    kind,
    text,
    {
      method: options.method,
      url: redactUrl(options.url),
      status: options.status,
      ...(code ? { code } : {}),
      temporary: RETRYABLE_STATUS.has(options.status)
    },
    { hint }
  )
}

function statusKind(status: number): { kind: ErrorKind; hint: string } {
  if (status === 401) return CODE_HINTS.UNAUTHORIZED as { kind: ErrorKind; hint: string }
  if (status === 403) return CODE_HINTS.DENIED as { kind: ErrorKind; hint: string }
  if (status === 404) return { kind: 'not-found', hint: 'check the reference; the registry does not have it' }
  if (status === 429) return CODE_HINTS.TOOMANYREQUESTS as { kind: ErrorKind; hint: string }
  return { kind: 'registry', hint: 'the registry failed; retry, and check its status page if it persists' }
}
