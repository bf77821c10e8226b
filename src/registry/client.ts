/**
 * The registry client: manifests, blobs, mounts and tags over the distribution API
 * (opencontainers/distribution-spec, spec.md). Every digest is computed over the exact bytes received or
 * sent and compared with what was asked for and with what the registry says; nothing is re-serialised.
 */
import { createHash } from 'node:crypto'
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream'
import { parseManifest, type ParsedManifest } from '../oci/parse.js'
import { MANIFEST_MEDIA_TYPES, MAX_MANIFEST_BYTES } from '../oci/types.js'
import {
  formatReference,
  isLoopbackRegistry,
  parseDigest,
  registryApiHost,
  type ImageReference
} from '../reference/reference.js'
import { Authenticator } from './auth.js'
import type {
  BlobCopyResult,
  ManifestHead,
  RegistryStore,
  Repository,
  RequestCounter,
  RequestCounts,
  SourceManifest,
  TagLister
} from './ports.js'
import { repositoryScope } from './challenge.js'
import { chainCredentials, dockerConfigCredentials, type CredentialSource } from './credentials.js'
import { errorForResponse, RegistryError } from './errors.js'
import {
  drain,
  readBody,
  Transport,
  type HttpResponse,
  type RequestBody,
  type TransportOptions
} from './transport.js'

/** What getManifest returns: a SourceManifest plus its kind. */
export interface FetchedManifest extends SourceManifest, Pick<ParsedManifest, 'kind'> {}

export type { BlobCopyResult, ManifestHead, Repository } from './ports.js'

export interface RegistryClientOptions {
  /** Default: the docker config ($DOCKER_CONFIG or ~/.docker), as docker/login-action leaves it. */
  credentials?: CredentialSource
  transport?: Transport | TransportOptions
  /** Registries (host[:port]) to reach over plain HTTP, besides loopback ones (as Docker's insecure-registries). */
  insecureRegistries?: readonly string[]
  /** Receives every secret as it is read or made: core.setSecret in the action. */
  onSecret?: (secret: string) => void
  /** Blob uploads larger than this go in PATCH chunks of this size; default: one PUT. */
  chunkSize?: number
  /** Read-after-write: how often a just-pushed manifest that answers 404 is asked for again (ECR). */
  readAfterWriteRetries?: number
}

const PULL = ['pull'] as const
const PUSH = ['pull', 'push'] as const
const MAX_CONFIG_BYTES = 8 * 1024 * 1024
const DEFAULT_READ_AFTER_WRITE_RETRIES = 4

export function sha256Digest(bytes: Uint8Array): string {
  return 'sha256:' + createHash('sha256').update(bytes).digest('hex')
}

export function digestOf(bytes: Uint8Array, algorithm: string): string {
  return `${algorithm}:` + createHash(algorithm).update(bytes).digest('hex')
}

export class RegistryClient implements RegistryStore, TagLister, RequestCounter {
  readonly transport: Transport
  readonly auth: Authenticator
  private readonly insecure: ReadonlySet<string>
  private readonly chunkSize: number | undefined
  private readonly readAfterWriteRetries: number
  private readonly pushed = new Set<string>()

  constructor(options: RegistryClientOptions = {}) {
    this.transport =
      options.transport instanceof Transport ? options.transport : new Transport(options.transport)
    this.insecure = new Set(options.insecureRegistries ?? [])
    const onSecret = options.onSecret ?? ((): void => undefined)
    this.auth = new Authenticator({
      transport: this.transport,
      credentials: options.credentials ?? chainCredentials(dockerConfigCredentials({ onSecret })),
      onSecret,
      insecureHosts: this.insecure
    })
    this.chunkSize = options.chunkSize
    this.readAfterWriteRetries = options.readAfterWriteRetries ?? DEFAULT_READ_AFTER_WRITE_RETRIES
  }

  /** Requests made so far: registry requests (token requests excluded), token requests, retries. */
  requestCounts(): RequestCounts {
    const tokens = this.auth.tokenRequests
    return { registry: this.transport.stats.requests - tokens, tokens, retries: this.transport.stats.retries }
  }

  /** `http(s)://HOST/v2/` for a registry: plain HTTP only for loopback or listed insecure registries. */
  apiBase(registry: string): string {
    const scheme = isLoopbackRegistry(registry) || this.insecure.has(registry) ? 'http' : 'https'
    return `${scheme}://${registryApiHost(registry)}/v2/`
  }

  /** GET a manifest or index by tag or digest, checked: size cap, digest, Content-Type, structure. */
  async getManifest(ref: ImageReference): Promise<FetchedManifest> {
    const reference = manifestReference(ref)
    const what = formatReference(ref)
    const response = await this.readManifestResponse(ref, 'GET', reference, what)
    const bytes = await readBody(response, MAX_MANIFEST_BYTES, `manifest ${what}`)
    const digest = this.checkManifestDigest(ref, bytes, response.header('docker-content-digest'), what)
    const parsed = parseManifest(bytes, response.header('content-type'), what)
    return { kind: parsed.kind, mediaType: parsed.mediaType, digest, bytes, parsed }
  }

  /** HEAD a manifest: its digest, media type and size, or undefined when it does not exist. */
  async headManifest(ref: ImageReference): Promise<ManifestHead | undefined> {
    const what = formatReference(ref)
    const response = await this.readManifestResponse(ref, 'HEAD', manifestReference(ref), what, {
      allowMissing: true
    })
    if (response.status === 404) return undefined
    const digest = response.header('docker-content-digest') ?? ref.digest
    const mediaType = response.header('content-type')?.split(';')[0]?.trim()
    const size = Number(response.header('content-length'))
    if (!digest || !mediaType || !Number.isFinite(size)) {
      throw new RegistryError(
        'registry',
        `HEAD of manifest ${what} answered without Docker-Content-Digest, Content-Type or Content-Length`,
        { method: 'HEAD', url: what, status: response.status, temporary: false },
        { hint: 'use a registry that implements the distribution spec’s HEAD, or fetch by digest' }
      )
    }
    if (ref.digest && digest !== ref.digest) throw mismatch(what, ref.digest, digest)
    if (size > MAX_MANIFEST_BYTES) throw oversizeManifest(what, size)
    return { digest, mediaType, size }
  }

  /** PUT manifest bytes under a tag or digest; the registry's Docker-Content-Digest must be theirs. */
  async putManifest(ref: ImageReference, bytes: Uint8Array, mediaType: string): Promise<string> {
    const digest = sha256Digest(bytes)
    const what = formatReference(ref)
    if (bytes.byteLength > MAX_MANIFEST_BYTES) throw oversizeManifest(what, bytes.byteLength)
    if (ref.digest && ref.digest !== digest) throw mismatch(what, ref.digest, digest)
    const reference = ref.digest ?? ref.tag
    if (!reference) throw new Error(`putManifest needs a tag or digest: ${what}`)
    const response = await this.call(ref, PUSH, {
      method: 'PUT',
      path: `${ref.repository}/manifests/${reference}`,
      headers: { 'content-type': mediaType },
      body: bytes
    })
    await this.expectStatus(response, [201], 'PUT', `push manifest ${what}`)
    const answered = response.header('docker-content-digest')
    if (answered && answered !== digest)
      throw mismatch(`${what} (as stored by the registry)`, digest, answered)
    this.pushed.add(`${ref.registry}/${ref.repository}@${digest}`)
    return digest
  }

  /** HEAD a blob: its size, or undefined when the repository does not have it. */
  async headBlob(repo: Repository, digest: string): Promise<number | undefined> {
    const response = await this.call(repo, PULL, {
      method: 'HEAD',
      path: `${repo.repository}/blobs/${digest}`
    })
    if (response.status === 404) return undefined
    await this.expectStatus(response, [200], 'HEAD', `blob ${repo.registry}/${repo.repository}@${digest}`)
    return Number(response.header('content-length'))
  }

  /**
   * GET a blob as a stream whose digest is checked while it flows: the stream errors at its end when the
   * bytes do not match. Redirects (object stores) are followed without our Authorization.
   */
  async getBlob(repo: Repository, digest: string): Promise<Readable> {
    const what = `blob ${repo.registry}/${repo.repository}@${digest}`
    const response = await this.call(repo, PULL, {
      method: 'GET',
      path: `${repo.repository}/blobs/${digest}`
    })
    await this.expectStatus(response, [200], 'GET', what)
    const checked = new DigestCheck(digest, what)
    // pipeline, not pipe: a connection that breaks mid-blob must fail the stream the caller reads.
    pipeline(response.body, checked, (error) => {
      if (error) checked.destroy(error)
    })
    return checked
  }

  /** A whole small blob (a config), digest-checked, refusing more than `limit` bytes. */
  async readBlob(repo: Repository, digest: string, limit = MAX_CONFIG_BYTES): Promise<Buffer> {
    const what = `blob ${repo.registry}/${repo.repository}@${digest}`
    const response = await this.call(repo, PULL, {
      method: 'GET',
      path: `${repo.repository}/blobs/${digest}`
    })
    await this.expectStatus(response, [200], 'GET', what)
    const bytes = await readBody(response, limit, what)
    const actual = digestOf(bytes, parseDigest(digest).algorithm)
    if (actual !== digest) throw mismatch(what, digest, actual)
    return bytes
  }

  /** Upload a blob: one PUT, or PATCH chunks when larger than chunkSize. The body is sent again on retries. */
  async uploadBlob(repo: Repository, digest: string, body: RequestBody): Promise<void> {
    const location = await this.startUpload(repo)
    await this.finishUpload(repo, digest, body, location)
  }

  /**
   * Mount a blob from another repository of the same registry; returns false (and abandons nothing: the
   * 202's session is used for an upload by copyBlob) when the registry answers 202 instead of 201.
   */
  async mountBlob(
    repo: Repository,
    digest: string,
    from: Repository
  ): Promise<{ mounted: true } | { mounted: false; location: string }> {
    const query = new URLSearchParams({ mount: digest, from: from.repository })
    const response = await this.call(repo, PUSH, {
      method: 'POST',
      path: `${repo.repository}/blobs/uploads/?${query.toString()}`,
      extraScopes: [repositoryScope(from.repository, PULL)]
    })
    await this.expectStatus(
      response,
      [201, 202],
      'POST',
      `mount ${digest} from ${from.repository} into ${repo.repository}`
    )
    if (response.status === 201) return { mounted: true }
    return { mounted: false, location: this.uploadLocation(repo, response) }
  }

  /**
   * Make a blob present in `to`: nothing when it is there, a mount within one registry, else a streamed
   * copy (GET from the source, digest-checked, PUT to the target).
   */
  async copyBlob(from: Repository, to: Repository, digest: string, size: number): Promise<BlobCopyResult> {
    if ((await this.headBlob(to, digest)) !== undefined) return 'exists'
    let location: string | undefined
    if (from.registry === to.registry) {
      const mount = await this.mountBlob(to, digest, from)
      if (mount.mounted) return 'mounted'
      location = mount.location
    }
    const body: RequestBody = { size, open: () => this.getBlob(from, digest) }
    await this.finishUpload(to, digest, body, location ?? (await this.startUpload(to)))
    return 'copied'
  }

  /** All tags of a repository, following Link pagination. */
  async listTags(repo: Repository, pageSize = 1000): Promise<string[]> {
    const tags: string[] = []
    let path: string | undefined = `${repo.repository}/tags/list?n=${pageSize}`
    for (let page = 0; path !== undefined && page < 1000; page++) {
      const response = await this.call(repo, PULL, { method: 'GET', path })
      if (response.status === 404 && page === 0) {
        await drain(response)
        return []
      }
      await this.expectStatus(response, [200], 'GET', `tags of ${repo.registry}/${repo.repository}`)
      const body = JSON.parse((await readBody(response, 16 * 1024 * 1024, 'tag list')).toString('utf8')) as {
        tags?: string[] | null
      }
      tags.push(...(body.tags ?? []))
      path = nextPage(response.header('link'), this.apiBase(repo.registry))
    }
    return tags
  }

  // ——— internals ———

  private async readManifestResponse(
    ref: ImageReference,
    method: 'GET' | 'HEAD',
    reference: string,
    what: string,
    options: { allowMissing?: boolean } = {}
  ): Promise<HttpResponse> {
    const key = `${ref.registry}/${ref.repository}@${reference}`
    for (let attempt = 0; ; attempt++) {
      const response = await this.call(ref, PULL, {
        method,
        path: `${ref.repository}/manifests/${reference}`,
        headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') }
      })
      // Some registries (ECR) answer 404 for a moment after a manifest was pushed: ask again.
      if (response.status === 404 && this.pushed.has(key) && attempt < this.readAfterWriteRetries) {
        await drain(response)
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt))
        continue
      }
      if (response.status === 404 && options.allowMissing) {
        await drain(response)
        return response
      }
      await this.expectStatus(response, [200], method, `manifest ${what}`)
      return response
    }
  }

  private checkManifestDigest(
    ref: ImageReference,
    bytes: Buffer,
    answered: string | undefined,
    what: string
  ): string {
    if (ref.digest) {
      const actual = digestOf(bytes, parseDigest(ref.digest).algorithm)
      if (actual !== ref.digest) throw mismatch(what, ref.digest, actual)
      return ref.digest
    }
    const actual = sha256Digest(bytes)
    if (answered && answered.startsWith('sha256:') && answered !== actual)
      throw mismatch(what, answered, actual)
    return actual
  }

  private async startUpload(repo: Repository): Promise<string> {
    const response = await this.call(repo, PUSH, {
      method: 'POST',
      path: `${repo.repository}/blobs/uploads/`
    })
    await this.expectStatus(response, [202], 'POST', `start upload to ${repo.registry}/${repo.repository}`)
    return this.uploadLocation(repo, response)
  }

  private async finishUpload(
    repo: Repository,
    digest: string,
    body: RequestBody,
    location: string
  ): Promise<void> {
    const size = body instanceof Uint8Array ? body.byteLength : body.size
    const what = `upload of ${digest} to ${repo.registry}/${repo.repository}`
    let url = location
    if (this.chunkSize !== undefined && size > this.chunkSize && body instanceof Uint8Array) {
      for (let start = 0; start < size; start += this.chunkSize) {
        const chunk = body.subarray(start, Math.min(size, start + this.chunkSize))
        const response = await this.call(repo, PUSH, {
          method: 'PATCH',
          url,
          headers: {
            'content-type': 'application/octet-stream',
            'content-range': `${start}-${start + chunk.byteLength - 1}`
          },
          body: chunk
        })
        await this.expectStatus(response, [202], 'PATCH', what)
        url = this.uploadLocation(repo, response)
      }
      url = withDigest(url, digest)
      const done = await this.call(repo, PUSH, { method: 'PUT', url })
      await this.expectStatus(done, [201], 'PUT', what)
      return
    }
    const response = await this.call(repo, PUSH, {
      method: 'PUT',
      url: withDigest(url, digest),
      headers: { 'content-type': 'application/octet-stream' },
      body
    })
    await this.expectStatus(response, [201], 'PUT', what)
  }

  private uploadLocation(repo: Repository, response: HttpResponse): string {
    const location = response.header('location')
    if (!location) {
      throw new RegistryError(
        'registry',
        `${repo.registry} started an upload without a Location header`,
        { method: 'POST', url: repo.registry, status: response.status, temporary: false },
        { hint: 'the registry does not follow the distribution spec; report it' }
      )
    }
    return new URL(location, this.apiBase(repo.registry)).toString()
  }

  /**
   * One authorised request: the header learned before (if any), and after a 401 one more try with what
   * the challenge asks for. Bodies are bytes or stream factories, so the second try can send them again.
   */
  private async call(
    repo: Repository,
    actions: readonly string[],
    req: {
      method: string
      path?: string
      url?: string
      headers?: Record<string, string>
      body?: RequestBody
      extraScopes?: string[]
    }
  ): Promise<HttpResponse> {
    const url = req.url ?? this.apiBase(repo.registry) + (req.path ?? '')
    const scopes = [repositoryScope(repo.repository, actions), ...(req.extraScopes ?? [])]
    const send = (authorization: string | undefined): Promise<HttpResponse> =>
      this.transport.send({
        method: req.method,
        url,
        headers: { ...req.headers, ...(authorization ? { authorization } : {}) },
        ...(req.body ? { body: req.body } : {})
      })
    const first = await this.auth.headerFor(repo.registry, scopes)
    const response = await send(first)
    if (response.status !== 401) return response
    await drain(response)
    const second = await this.auth.answer(repo.registry, scopes, response.header('www-authenticate'))
    if (second === undefined || second === first) return response
    return send(second)
  }

  private async expectStatus(
    response: HttpResponse,
    ok: readonly number[],
    method: string,
    what: string
  ): Promise<void> {
    if (ok.includes(response.status)) return
    const body =
      method === 'HEAD'
        ? ''
        : (await readBody(response, 64 * 1024, what).catch(() => Buffer.alloc(0))).toString('utf8')
    if (method === 'HEAD') await drain(response)
    throw errorForResponse({ method, url: response.url, status: response.status, body, what })
  }
}

/** The manifest path element: the digest when there is one (it pins the content), else the tag. */
function manifestReference(ref: ImageReference): string {
  const reference = ref.digest ?? ref.tag
  if (!reference) throw new Error(`a manifest reference needs a tag or digest: ${formatReference(ref)}`)
  return reference
}

function withDigest(url: string, digest: string): string {
  const parsed = new URL(url)
  parsed.searchParams.set('digest', digest)
  return parsed.toString()
}

/** `Link: </v2/foo/tags/list?n=2&last=b>; rel="next"` (RFC 8288) → the path relative to /v2/. */
export function nextPage(link: string | undefined, base: string): string | undefined {
  const match = link ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(link) : null
  if (!match?.[1]) return undefined
  const url = new URL(match[1], base)
  return url.toString().slice(base.length)
}

function mismatch(what: string, expected: string, actual: string): RegistryError {
  return new RegistryError(
    'digest-mismatch',
    `${what}: expected digest ${expected} but the bytes hash to ${actual}`,
    { method: 'GET', url: what, temporary: false },
    {
      hint: 'the registry or something between returned different content; do not trust this image, and retry'
    }
  )
}

function oversizeManifest(what: string, size: number): RegistryError {
  return new RegistryError(
    'registry',
    `manifest ${what} is ${size} bytes, over the ${MAX_MANIFEST_BYTES}-byte limit`,
    { method: 'GET', url: what, temporary: false },
    { hint: 'manifests over 4 MiB are refused by registries and by this action' }
  )
}

/** Passes bytes through while hashing them; fails the stream at its end if the digest differs. */
class DigestCheck extends Transform {
  private readonly hash
  private readonly expected: string
  private readonly what: string

  constructor(expected: string, what: string) {
    super()
    this.expected = expected
    this.what = what
    this.hash = createHash(parseDigest(expected).algorithm)
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk)
    callback(null, chunk)
  }

  override _flush(callback: TransformCallback): void {
    const actual = `${parseDigest(this.expected).algorithm}:${this.hash.digest('hex')}`
    callback(actual === this.expected ? null : mismatch(this.what, this.expected, actual))
  }
}
