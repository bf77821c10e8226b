/**
 * The registry client: manifests, blobs, mounts and tags over the distribution API
 * (opencontainers/distribution-spec, spec.md). Every digest is computed over the exact bytes received or
 * sent and compared with what was asked for and with what the registry says; nothing is re-serialised.
 */
import { createHash } from 'node:crypto'
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream'
import { ActionError } from '../errors.js'
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
import { ByteBoundedCache, contentKey } from './content-cache.js'
import { errorForResponse, isReplyLost, RegistryError } from './errors.js'
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
  /** Bytes of manifests and configs kept for the run, so none is fetched twice; default 64 MiB. */
  cacheBytes?: number
}

const PULL = ['pull'] as const
const PUSH = ['pull', 'push'] as const
const MAX_CONFIG_BYTES = 8 * 1024 * 1024
const DEFAULT_READ_AFTER_WRITE_RETRIES = 4
const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024
/** Blobs up to this size (configs, attestation statements) are kept once read; layers are streamed. */
const CACHED_BLOB_BYTES = 1024 * 1024
/** Digests remembered as present per repository (an entry is a short string; the bound keeps memory flat). */
const MAX_KNOWN_DIGESTS = 100_000

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
  /**
   * Manifests and small blobs (configs) by digest, as read or written this run: the digest names the
   * bytes, so they are the same in every repository. They are served for a repository only where this run
   * has seen that digest exist (the known sets below).
   */
  private readonly manifests: ByteBoundedCache<FetchedManifest>
  private readonly smallBlobs: ByteBoundedCache<Buffer>
  /** Manifests known to be in a repository: read, written or HEADed this run. */
  private readonly knownManifests = new ByteBoundedCache<ManifestHead>(MAX_KNOWN_DIGESTS)
  /** Blobs known to be in a repository (pushed, mounted, read or HEADed this run), with their size when known. */
  private readonly knownBlobs = new ByteBoundedCache<{ size?: number }>(MAX_KNOWN_DIGESTS)
  /** Copies in flight per target and digest: a layer several children share is brought over once. */
  private readonly copying = new Map<string, Promise<BlobCopyResult>>()
  /** Registries answered at least once, and the first request to each while it is in flight. */
  private readonly contacted = new Set<string>()
  private readonly firstContact = new Map<string, Promise<void>>()

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
    const cacheBytes = options.cacheBytes ?? DEFAULT_CACHE_BYTES
    this.manifests = new ByteBoundedCache(cacheBytes)
    this.smallBlobs = new ByteBoundedCache(Math.floor(cacheBytes / 4))
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

  /**
   * GET a manifest or index by tag or digest, checked: size cap, digest, Content-Type, structure. One
   * read by digest per repository and run: the bytes are kept (bounded) and served again.
   */
  async getManifest(ref: ImageReference): Promise<FetchedManifest> {
    const reference = manifestReference(ref)
    const cached = ref.digest ? this.cachedManifest(ref, ref.digest) : undefined
    if (cached) return cached
    const what = formatReference(ref)
    const response = await this.readManifestResponse(ref, 'GET', reference, what)
    const bytes = await readBody(response, MAX_MANIFEST_BYTES, `manifest ${what}`)
    const digest = this.checkManifestDigest(ref, bytes, response.header('docker-content-digest'), what)
    const parsed = parseManifest(bytes, response.header('content-type'), what)
    const fetched: FetchedManifest = { kind: parsed.kind, mediaType: parsed.mediaType, digest, bytes, parsed }
    this.rememberManifest(ref, fetched)
    return fetched
  }

  /** HEAD a manifest: its digest, media type and size, or undefined when it does not exist. */
  async headManifest(ref: ImageReference): Promise<ManifestHead | undefined> {
    if (ref.digest) {
      const known = this.knownManifests.get(contentKey(ref, ref.digest))
      if (known) return known
    }
    const head = await this.headManifestFromRegistry(ref)
    if (head) this.knownManifests.set(contentKey(ref, head.digest), head, 1)
    return head
  }

  /**
   * PUT manifest bytes under a tag or digest; the registry's Docker-Content-Digest must be theirs. When
   * the answer is lost, the registry is asked (HEAD) whether it stored them before they are sent again.
   */
  async putManifest(ref: ImageReference, bytes: Uint8Array, mediaType: string): Promise<string> {
    const digest = sha256Digest(bytes)
    const what = formatReference(ref)
    if (bytes.byteLength > MAX_MANIFEST_BYTES) throw oversizeManifest(what, bytes.byteLength)
    if (ref.digest && ref.digest !== digest) throw mismatch(what, ref.digest, digest)
    const reference = ref.digest ?? ref.tag
    if (!reference) throw needsTagOrDigest(what)
    const path = `${ref.repository}/manifests/${reference}`
    for (let attempt = 1; ; attempt++) {
      let response: HttpResponse
      try {
        response = await this.call(ref, PUSH, {
          method: 'PUT',
          path,
          headers: { 'content-type': mediaType },
          body: bytes,
          // Not repeated blindly: a tag PUT repeated after another publish moved the tag would move it back.
          repeatable: false
        })
      } catch (error) {
        if (!isReplyLost(error) || attempt >= this.transport.maxAttempts) throw error
        // For a tag: another publish may have moved it since, but then repeating ours would undo theirs.
        if ((await this.headManifestFromRegistry(ref))?.digest === digest) break
        await this.transport.pause(
          { method: 'PUT', url: this.apiBase(ref.registry) + path },
          attempt,
          `answer lost and ${what} does not hold ${digest.slice(0, 19)}: PUT again`
        )
        continue
      }
      try {
        await this.expectStatus(response, [201], 'PUT', `push manifest ${what}`)
      } catch (error) {
        if (!isRacedLink(error) || attempt >= MANIFEST_LINK_ATTEMPTS) throw error
        // distribution 2.8 writes a repository's blob links non-atomically: while another client mounts
        // the same blob into this repository, a manifest PUT can read a half-written link and answer
        // DIGEST_INVALID or MANIFEST_BLOB_UNKNOWN for bytes we hashed ourselves. It settles in moments.
        await this.transport.pause(
          { method: 'PUT', url: this.apiBase(ref.registry) + path },
          attempt,
          `${what}: the registry read a blob link mid-write (${(error as RegistryError).details.code ?? ''}); PUT again`
        )
        continue
      }
      await drain(response)
      const answered = response.header('docker-content-digest')
      if (answered && answered !== digest)
        throw mismatch(`${what} (as stored by the registry)`, digest, answered)
      break
    }
    this.pushed.add(`${ref.registry}/${ref.repository}@${digest}`)
    this.rememberPushedManifest(ref, digest, bytes, mediaType)
    return digest
  }

  /** HEAD a blob: its size, or undefined when the repository does not have it. */
  async headBlob(repo: Repository, digest: string): Promise<number | undefined> {
    const known = this.knownBlobs.get(contentKey(repo, digest))
    if (known?.size !== undefined) return known.size
    return this.headBlobFromRegistry(repo, digest)
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
    this.knownBlob(repo, digest, Number(response.header('content-length')))
    const checked = new DigestCheck(digest, what)
    // pipeline, not pipe: a connection that breaks mid-blob must fail the stream the caller reads.
    pipeline(response.body, checked, (error) => {
      if (error) checked.destroy(error)
    })
    return checked
  }

  /**
   * A whole small blob (a config), digest-checked, refusing more than `limit` bytes. Read once per
   * repository and run; callers must not change the Buffer they get.
   */
  async readBlob(repo: Repository, digest: string, limit = MAX_CONFIG_BYTES): Promise<Buffer> {
    const cached = this.knownBlobs.has(contentKey(repo, digest)) ? this.smallBlobs.get(digest) : undefined
    if (cached && cached.byteLength <= limit) return cached
    const what = `blob ${repo.registry}/${repo.repository}@${digest}`
    const response = await this.call(repo, PULL, {
      method: 'GET',
      path: `${repo.repository}/blobs/${digest}`
    })
    await this.expectStatus(response, [200], 'GET', what)
    const bytes = await readBody(response, limit, what)
    const actual = digestOf(bytes, parseDigest(digest).algorithm)
    if (actual !== digest) throw mismatch(what, digest, actual)
    this.knownBlob(repo, digest, bytes.byteLength)
    if (bytes.byteLength <= CACHED_BLOB_BYTES) this.smallBlobs.set(digest, bytes, bytes.byteLength)
    return bytes
  }

  /**
   * Upload a blob: one PUT, or PATCH chunks when larger than chunkSize. A lost answer is checked (HEAD)
   * before anything is sent again, and a session the registry forgot is started anew; a streamed body
   * is opened again for each attempt.
   */
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
    const path = `${repo.repository}/blobs/uploads/?${query.toString()}`
    const what = `mount ${digest} from ${from.repository} into ${repo.repository}`
    for (let attempt = 1; ; attempt++) {
      let response: HttpResponse
      try {
        response = await this.call(repo, PUSH, {
          method: 'POST',
          path,
          extraScopes: [repositoryScope(from.repository, PULL)]
        })
      } catch (error) {
        if (!isReplyLost(error) || attempt >= this.transport.maxAttempts) throw error
        if ((await this.headBlobFromRegistry(repo, digest)) !== undefined) return { mounted: true }
        await this.transport.pause(
          { method: 'POST', url: this.apiBase(repo.registry) + path },
          attempt,
          `answer lost and ${digest.slice(0, 19)} is not in ${repo.repository}: mount again`
        )
        continue
      }
      await this.expectStatus(response, [201, 202], 'POST', what)
      await drain(response)
      if (response.status === 201) {
        this.knownBlob(repo, digest, undefined)
        return { mounted: true }
      }
      return { mounted: false, location: this.uploadLocation(repo, response) }
    }
  }

  /**
   * Make a blob present in `to`: nothing when it is there (known this run, or by HEAD), a mount within one
   * registry, else a streamed copy (GET from the source, digest-checked, PUT to the target).
   */
  async copyBlob(from: Repository, to: Repository, digest: string, size: number): Promise<BlobCopyResult> {
    const key = contentKey(to, digest)
    if (this.knownBlobs.has(key)) return 'exists'
    const running = this.copying.get(key)
    if (running) return running.then(() => 'exists')
    const copy = this.copyMissingBlob(from, to, digest, size).finally(() => {
      this.copying.delete(key)
    })
    this.copying.set(key, copy)
    return copy
  }

  private async copyMissingBlob(
    from: Repository,
    to: Repository,
    digest: string,
    size: number
  ): Promise<BlobCopyResult> {
    if ((await this.headBlobFromRegistry(to, digest)) !== undefined) return 'exists'
    let location: string | undefined
    if (from.registry === to.registry) {
      const mount = await this.mountBlob(to, digest, from)
      if (mount.mounted) {
        this.knownBlob(to, digest, size)
        return 'mounted'
      }
      location = mount.location
    }
    // Each attempt opens the source again: a copy whose target connection broke starts from byte 0.
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

  private cachedManifest(repo: Repository, digest: string): FetchedManifest | undefined {
    return this.knownManifests.has(contentKey(repo, digest)) ? this.manifests.get(digest) : undefined
  }

  private rememberManifest(repo: Repository, manifest: FetchedManifest): void {
    this.manifests.set(manifest.digest, manifest, manifest.bytes.byteLength)
    this.knownManifests.set(
      contentKey(repo, manifest.digest),
      { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.byteLength },
      1
    )
  }

  /** What was pushed is known to be there, and its bytes are what a later read by digest would get. */
  private rememberPushedManifest(
    repo: Repository,
    digest: string,
    bytes: Uint8Array,
    mediaType: string
  ): void {
    let parsed: ParsedManifest
    try {
      parsed = parseManifest(Buffer.from(bytes), mediaType, `${repo.registry}/${repo.repository}@${digest}`)
    } catch {
      // The registry took bytes this client cannot read back as a manifest: only their presence is known.
      this.knownManifests.set(contentKey(repo, digest), { digest, mediaType, size: bytes.byteLength }, 1)
      return
    }
    this.rememberManifest(repo, {
      kind: parsed.kind,
      mediaType: parsed.mediaType,
      digest,
      bytes: Buffer.from(bytes),
      parsed
    })
  }

  private knownBlob(repo: Repository, digest: string, size: number | undefined): void {
    const known = size !== undefined && Number.isFinite(size) ? { size } : {}
    this.knownBlobs.set(contentKey(repo, digest), known, 1)
  }

  private async headManifestFromRegistry(ref: ImageReference): Promise<ManifestHead | undefined> {
    const what = formatReference(ref)
    const response = await this.readManifestResponse(ref, 'HEAD', manifestReference(ref), what, {
      allowMissing: true
    })
    if (response.status === 404) return undefined
    await drain(response)
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

  /** Asks the registry, never the run's memory: used to check whether a write took effect. */
  private async headBlobFromRegistry(repo: Repository, digest: string): Promise<number | undefined> {
    const response = await this.call(repo, PULL, {
      method: 'HEAD',
      path: `${repo.repository}/blobs/${digest}`
    })
    if (response.status === 404) {
      await drain(response)
      return undefined
    }
    await this.expectStatus(response, [200], 'HEAD', `blob ${repo.registry}/${repo.repository}@${digest}`)
    await drain(response)
    const size = Number(response.header('content-length'))
    this.knownBlob(repo, digest, size)
    return size
  }

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
      path: `${repo.repository}/blobs/uploads/`,
      // A lost answer leaves a session nobody uses, which the registry expires: asking again is harmless.
      repeatable: true
    })
    await this.expectStatus(response, [202], 'POST', `start upload to ${repo.registry}/${repo.repository}`)
    await drain(response)
    return this.uploadLocation(repo, response)
  }

  /**
   * Sends the blob into the session at `location` (PATCH chunks first when chunked) and closes it with
   * the PUT ?digest=. The closing PUT consumes the session, so it is never repeated blindly: after a lost
   * answer the blob is looked for (HEAD) and, when missing, sent again; a session the registry no longer
   * knows (BLOB_UPLOAD_UNKNOWN: consumed by a PUT whose answer was lost, expired, another replica's) is
   * replaced by a new one and the whole blob sent again.
   */
  private async finishUpload(
    repo: Repository,
    digest: string,
    body: RequestBody,
    location: string
  ): Promise<void> {
    const size = body instanceof Uint8Array ? body.byteLength : body.size
    const what = `upload of ${digest} to ${repo.registry}/${repo.repository}`
    const chunked =
      this.chunkSize !== undefined && size > this.chunkSize && body instanceof Uint8Array ? body : undefined
    const fill = (url: string): Promise<string> =>
      chunked ? this.sendChunks(repo, digest, chunked, url) : Promise.resolve(url)
    let url = await fill(location)
    for (let attempt = 1; ; attempt++) {
      let response: HttpResponse
      try {
        response = await this.call(repo, PUSH, {
          method: 'PUT',
          url: withDigest(url, digest),
          ...(chunked ? {} : { headers: { 'content-type': 'application/octet-stream' }, body }),
          repeatable: false
        })
      } catch (error) {
        if (!isReplyLost(error) || attempt >= this.transport.maxAttempts) throw error
        if ((await this.headBlobFromRegistry(repo, digest)) !== undefined) break
        // Not stored: the PUT never reached the registry, so its session is still open.
        await this.transport.pause(
          { method: 'PUT', url },
          attempt,
          `answer lost and ${digest.slice(0, 19)} is not stored: PUT again`
        )
        continue
      }
      if (response.status === 201) {
        await drain(response)
        break
      }
      const error = await this.failure(response, 'PUT', what)
      if (!isSessionLost(error) || attempt >= this.transport.maxAttempts) throw error
      if ((await this.headBlobFromRegistry(repo, digest)) !== undefined) break
      await this.transport.pause(
        { method: 'PUT', url },
        attempt,
        `${error.details.code ?? 'session'} unknown to the registry: new upload session`
      )
      url = await fill(await this.startUpload(repo))
    }
    this.knownBlob(repo, digest, size)
  }

  /**
   * PATCHes `bytes` in chunks from offset 0 into the session at `location`; returns the URL to close it
   * with. A chunk whose answer was lost: the session is asked where it is (GET, Range) and the upload
   * resumes there; a session that cannot say (distribution refuses the pre-chunk URL once the chunk
   * landed) or is gone is replaced by a new one, from byte 0.
   */
  private async sendChunks(
    repo: Repository,
    digest: string,
    bytes: Uint8Array,
    location: string
  ): Promise<string> {
    const chunkSize = this.chunkSize ?? bytes.byteLength
    const what = `upload of ${digest} to ${repo.registry}/${repo.repository}`
    const max = this.transport.maxAttempts
    let url = location
    let offset = 0
    let failures = 0
    let restarts = 0
    const restart = async (reason: string): Promise<void> => {
      if (++restarts >= max) throw sessionFailed(what, reason)
      await this.transport.pause({ method: 'PATCH', url }, restarts, `${reason}: new upload session`)
      url = await this.startUpload(repo)
      offset = 0
    }
    while (offset < bytes.byteLength) {
      const end = Math.min(bytes.byteLength, offset + chunkSize)
      let response: HttpResponse
      try {
        response = await this.call(repo, PUSH, {
          method: 'PATCH',
          url,
          headers: {
            'content-type': 'application/octet-stream',
            'content-range': `${offset}-${end - 1}`
          },
          body: bytes.subarray(offset, end)
        })
      } catch (error) {
        if (!isReplyLost(error) || ++failures >= max) throw error
        const status = await this.uploadStatus(repo, url)
        const resumed = status ? resumeOffset(status.range, offset, end) : undefined
        if (status && resumed !== undefined) {
          if (resumed === offset)
            await this.transport.pause(
              { method: 'PATCH', url },
              failures,
              `chunk answer lost and the session holds ${offset} bytes: PATCH again`
            )
          url = status.url
          offset = resumed
          continue
        }
        await restart('chunk answer lost and the session cannot say how much it holds')
        continue
      }
      if (response.status === 202) {
        await drain(response)
        url = this.uploadLocation(repo, response)
        offset = end
        failures = 0
        continue
      }
      const error = await this.failure(response, 'PATCH', what)
      if (!isSessionLost(error)) throw error
      await restart(`${error.details.code ?? String(error.details.status)} from the registry`)
    }
    return url
  }

  /** Where an upload session is (distribution spec: GET on the upload URL, 204 with Range), or undefined. */
  private async uploadStatus(
    repo: Repository,
    url: string
  ): Promise<{ url: string; range: string | undefined } | undefined> {
    const response = await this.call(repo, PUSH, { method: 'GET', url })
    await drain(response)
    if (response.status !== 204) return undefined
    const location = response.header('location')
    return {
      url: location ? new URL(location, this.apiBase(repo.registry)).toString() : url,
      range: response.header('range')
    }
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
   *
   * Credentials are for the registry's own origin only: a URL on another host (an upload Location, a
   * redirect) gets no Authorization, and a 401 that did not come from the registry itself is not answered
   * (a challenge from elsewhere could name a realm that would collect this registry's password).
   * The first request to a registry goes alone: the others wait for its challenge instead of each
   * collecting a 401 of their own.
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
      repeatable?: boolean
    }
  ): Promise<HttpResponse> {
    const base = this.apiBase(repo.registry)
    const url = req.url ?? base + (req.path ?? '')
    const origin = new URL(base).origin
    const own = new URL(url).origin === origin
    const scopes = [repositoryScope(repo.repository, actions), ...(req.extraScopes ?? [])]
    const send = (authorization: string | undefined): Promise<HttpResponse> =>
      this.transport.send({
        method: req.method,
        url,
        headers: { ...req.headers, ...(authorization ? { authorization } : {}) },
        ...(req.body ? { body: req.body } : {}),
        ...(req.repeatable !== undefined ? { repeatable: req.repeatable } : {})
      })
    const release = await this.turnToContact(repo.registry)
    try {
      const first = own ? await this.auth.headerFor(repo.registry, scopes) : undefined
      const response = await send(first)
      if (response.status !== 401 || !own || new URL(response.url).origin !== origin) return response
      await drain(response)
      const second = await this.auth.answer(repo.registry, scopes, response.header('www-authenticate'))
      // The challenge is learned and its token (or Basic header) is held: the requests waiting on first
      // contact go now, authorised up front, instead of one round trip later, after this retry's answer.
      release()
      if (second === undefined || second === first) return response
      return await send(second)
    } finally {
      release()
    }
  }

  /**
   * Waits while another request makes first contact with `registry`; returns what ends this one's turn
   * (called once the registry has answered, or its challenge has been answered; calling it again does nothing).
   */
  private async turnToContact(registry: string): Promise<() => void> {
    const nothing = (): void => undefined
    if (this.contacted.has(registry)) return nothing
    const pending = this.firstContact.get(registry)
    if (pending) {
      await pending
      return nothing
    }
    let done = nothing
    this.firstContact.set(
      registry,
      new Promise<void>((resolve) => {
        done = resolve
      })
    )
    return () => {
      this.contacted.add(registry)
      this.firstContact.delete(registry)
      done()
    }
  }

  private async failure(response: HttpResponse, method: string, what: string): Promise<RegistryError> {
    const body =
      method === 'HEAD'
        ? ''
        : (await readBody(response, 64 * 1024, what).catch(() => Buffer.alloc(0))).toString('utf8')
    if (method === 'HEAD') await drain(response)
    return errorForResponse({ method, url: response.url, status: response.status, body, what })
  }

  private async expectStatus(
    response: HttpResponse,
    ok: readonly number[],
    method: string,
    what: string
  ): Promise<void> {
    if (ok.includes(response.status)) return
    throw await this.failure(response, method, what)
  }
}

/** The registry no longer knows the upload session (or its state token no longer matches it). */
function isSessionLost(error: RegistryError): boolean {
  const code = error.details.code
  return (
    code === 'BLOB_UPLOAD_UNKNOWN' ||
    code === 'BLOB_UPLOAD_INVALID' ||
    (error.details.status === 404 && code === undefined) ||
    error.details.status === 416
  )
}

/**
 * Where to resume a chunked upload whose chunk [start, end) got no answer, from the session's Range
 * (`0-N`: bytes 0..N held): `end` when the chunk landed, `start` when it did not, undefined when the
 * session holds something else (then only a new session is safe). Distribution answers `0-0` for an
 * empty session as for a 1-byte one, so `0-0` at start 0 counts as nothing held.
 */
export function resumeOffset(range: string | undefined, start: number, end: number): number | undefined {
  const match = range ? /^(?:bytes=)?0-(\d+)$/.exec(range.trim()) : null
  if (!match?.[1]) return start === 0 && range === undefined ? 0 : undefined
  const last = Number(match[1])
  if (last === 0 && start === 0) return end === 1 ? undefined : 0
  if (last + 1 === end) return end
  if (last + 1 === start) return start
  return undefined
}

function sessionFailed(what: string, reason: string): RegistryError {
  return new RegistryError(
    'registry',
    `${what} failed: ${reason}, and new upload sessions did not get further`,
    { method: 'PATCH', url: what, temporary: true },
    {
      hint: 'the registry keeps losing upload sessions; retry the job, and check the registry or proxy in between'
    }
  )
}

function needsTagOrDigest(what: string): ActionError {
  return new ActionError('invalid-input', `${what} names neither a tag nor a digest`, {
    hint: 'write the reference as NAME:TAG or NAME@sha256:DIGEST'
  })
}

/** How often a manifest PUT is sent when the registry read a blob link another client was writing. */
const MANIFEST_LINK_ATTEMPTS = 3

function isRacedLink(error: unknown): boolean {
  return (
    error instanceof RegistryError &&
    error.details.status === 400 &&
    (error.details.code === 'DIGEST_INVALID' || error.details.code === 'MANIFEST_BLOB_UNKNOWN')
  )
}

/** The manifest path element: the digest when there is one (it pins the content), else the tag. */
function manifestReference(ref: ImageReference): string {
  const reference = ref.digest ?? ref.tag
  if (!reference) throw needsTagOrDigest(formatReference(ref))
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
  const url = new URL(match[1], base).toString()
  // A next page on another host or outside /v2/ is not this registry's: stop rather than follow it.
  return url.startsWith(base) ? url.slice(base.length) : undefined
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
