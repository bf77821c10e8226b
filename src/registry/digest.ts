/**
 * Digests over the exact bytes sent or received, and the error for bytes that do not match their name.
 * Nothing here re-serialises: a digest is computed over what went over the wire.
 */
import { createHash } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'
import { parseDigest } from '../reference/reference.js'
import { RegistryError, redactUrl } from './errors.js'

export function sha256Digest(bytes: Uint8Array): string {
  return 'sha256:' + createHash('sha256').update(bytes).digest('hex')
}

export function digestOf(bytes: Uint8Array, algorithm: string): string {
  return `${algorithm}:` + createHash(algorithm).update(bytes).digest('hex')
}

/** The request that carried (or would have carried) the bytes: its method and URL go into the error. */
export interface RequestLine {
  method: string
  url: string
}

export function mismatch(
  request: RequestLine,
  what: string,
  expected: string,
  actual: string
): RegistryError {
  return new RegistryError(
    'digest-mismatch',
    `${what}: expected digest ${expected} but the bytes hash to ${actual}`,
    { method: request.method, url: redactUrl(request.url), temporary: false },
    {
      hint: 'the registry or something between returned different content; do not trust this image, and retry'
    }
  )
}

/** Passes bytes through while hashing them; fails the stream at its end if the digest differs. */
export class DigestCheck extends Transform {
  private readonly hash
  private readonly expected: string
  private readonly request: RequestLine
  private readonly what: string

  constructor(options: { expected: string; request: RequestLine; what: string }) {
    super()
    this.expected = options.expected
    this.request = options.request
    this.what = options.what
    this.hash = createHash(parseDigest(options.expected).algorithm)
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk)
    callback(null, chunk)
  }

  override _flush(callback: TransformCallback): void {
    const actual = `${parseDigest(this.expected).algorithm}:${this.hash.digest('hex')}`
    callback(actual === this.expected ? null : mismatch(this.request, this.what, this.expected, actual))
  }
}
