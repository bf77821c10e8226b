/**
 * Manifests and indexes over the distribution API (GET, HEAD, PUT /v2/<name>/manifests/<reference>).
 * Every digest is computed over the exact bytes received or sent and compared with what was asked for
 * and with what the registry says; nothing is re-serialised.
 */
import { ActionError } from '../errors.js'
import { parseManifest, type ParsedManifest } from '../oci/parse.js'
import { MANIFEST_MEDIA_TYPES, MAX_MANIFEST_BYTES } from '../oci/types.js'
import { formatReference, parseDigest, type ImageReference } from '../reference/reference.js'
import { contentKey, ReadsInFlight } from './content-cache.js'
import { digestOf, mismatch, sha256Digest, type RequestLine } from './digest.js'
import { RegistryError, redactUrl } from './errors.js'
import type { ManifestHead, Repository } from './ports.js'
import { PULL, type FetchedManifest, type RegistrySession } from './session.js'
import { drain, readBody, type HttpResponse } from './transport.js'

/** How often a manifest PUT is sent when the registry read a blob link another client was writing. */
const MANIFEST_LINK_ATTEMPTS = 3

export class Manifests {
  private readonly session: RegistrySession
  private readonly reading = new ReadsInFlight<FetchedManifest>()

  constructor(session: RegistrySession) {
    this.session = session
  }

  /**
   * GET a manifest or index by tag or digest, checked: size cap, digest, Content-Type, structure. One
   * read by digest per repository and run: the bytes are kept (bounded) and served again, and a caller
   * asking while that read is in flight joins it.
   */
  async get(ref: ImageReference): Promise<FetchedManifest> {
    if (!ref.digest) return this.fetch(ref)
    const cached = this.cached(ref, ref.digest)
    if (cached) return cached
    return this.reading.once(contentKey(ref, ref.digest), () => this.fetch(ref))
  }

  private async fetch(ref: ImageReference): Promise<FetchedManifest> {
    const reference = manifestReference(ref)
    const what = formatReference(ref)
    const response = await this.read(ref, 'GET', reference, what)
    const bytes = await readBody(response, MAX_MANIFEST_BYTES, `manifest ${what}`)
    const digest = checkDigest(ref, bytes, response, what)
    const parsed = parseManifest(bytes, response.header('content-type'), what)
    const fetched: FetchedManifest = { kind: parsed.kind, mediaType: parsed.mediaType, digest, bytes, parsed }
    this.remember(ref, fetched)
    return fetched
  }

  /**
   * HEAD a manifest: its digest, media type and size, or undefined when it does not exist. By digest it
   * may come from the run's memory; by tag it is always asked of the registry (a tag moves).
   */
  async head(ref: ImageReference): Promise<ManifestHead | undefined> {
    if (ref.digest) {
      const known = this.session.knownManifests.get(contentKey(ref, ref.digest))
      if (known) return known
    }
    const head = await this.headFromRegistry(ref)
    if (head) this.session.knownManifests.set(contentKey(ref, head.digest), head, 1)
    return head
  }

  /**
   * PUT manifest bytes under a tag or digest; the registry's Docker-Content-Digest must be theirs. When
   * the answer is lost, the registry is asked (HEAD) whether it stored them before they are sent again
   * (for a tag: another publish may have moved it since, and repeating ours would undo theirs).
   */
  async put(ref: ImageReference, bytes: Uint8Array, mediaType: string): Promise<string> {
    const digest = sha256Digest(bytes)
    const what = formatReference(ref)
    const reference = ref.digest ?? ref.tag
    const path = `${ref.repository}/manifests/${reference ?? ''}`
    const request: RequestLine = { method: 'PUT', url: this.session.urlOf(ref, { path }) }
    if (bytes.byteLength > MAX_MANIFEST_BYTES) throw oversizeManifest(request, what, bytes.byteLength)
    if (ref.digest && ref.digest !== digest) throw mismatch(request, what, ref.digest, digest)
    if (!reference) throw needsTagOrDigest(what)
    for (let attempt = 1; ; attempt++) {
      const response = await this.session.write(
        ref,
        { method: 'PUT', path, headers: { 'content-type': mediaType }, body: bytes },
        {
          landed: async () => (await this.headFromRegistry(ref))?.digest === digest,
          missing: `${what} does not hold ${digest.slice(0, 19)}: PUT again`
        }
      )
      if (response === undefined) break
      try {
        await this.session.expectStatus(response, [201], `push manifest ${what}`)
      } catch (error) {
        if (!isRacedLink(error) || attempt >= MANIFEST_LINK_ATTEMPTS) throw error
        // distribution 2.8 writes a repository's blob links non-atomically: while another client mounts
        // the same blob into this repository, a manifest PUT can read a half-written link and answer
        // DIGEST_INVALID or MANIFEST_BLOB_UNKNOWN for bytes we hashed ourselves. It settles in moments.
        await this.session.transport.pause(
          request,
          attempt,
          `${what}: the registry read a blob link mid-write (${error.details.code ?? ''}); PUT again`
        )
        continue
      }
      await drain(response)
      const answered = response.header('docker-content-digest')
      if (answered && answered !== digest)
        throw mismatch(request, `${what} (as stored by the registry)`, digest, answered)
      break
    }
    this.session.pushed.add(`${ref.registry}/${ref.repository}@${digest}`)
    this.rememberPushed(ref, { digest, bytes, mediaType })
    return digest
  }

  /** Asks the registry, never the run's memory: used to check whether a write took effect. */
  async headFromRegistry(ref: ImageReference): Promise<ManifestHead | undefined> {
    const what = formatReference(ref)
    const response = await this.read(ref, 'HEAD', manifestReference(ref), what, { allowMissing: true })
    if (response.status === 404) return undefined
    await drain(response)
    const digest = response.header('docker-content-digest') ?? ref.digest
    const mediaType = response.header('content-type')?.split(';')[0]?.trim()
    const size = Number(response.header('content-length'))
    if (!digest || !mediaType || !Number.isFinite(size)) {
      throw new RegistryError(
        'registry',
        `HEAD of manifest ${what} answered without Docker-Content-Digest, Content-Type or Content-Length`,
        { method: 'HEAD', url: redactUrl(response.url), status: response.status, temporary: false },
        { hint: 'use a registry that implements the distribution spec’s HEAD, or fetch by digest' }
      )
    }
    if (ref.digest && digest !== ref.digest) throw mismatch(response, what, ref.digest, digest)
    if (size > MAX_MANIFEST_BYTES) throw oversizeManifest(response, what, size)
    return { digest, mediaType, size }
  }

  private cached(repo: Repository, digest: string): FetchedManifest | undefined {
    const known = this.session.knownManifests.has(contentKey(repo, digest))
    return known ? this.session.manifests.get(digest) : undefined
  }

  private remember(repo: Repository, manifest: FetchedManifest): void {
    this.session.manifests.set(manifest.digest, manifest, manifest.bytes.byteLength)
    this.session.knownManifests.set(
      contentKey(repo, manifest.digest),
      { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.byteLength },
      1
    )
  }

  /** What was pushed is known to be there, and its bytes are what a later read by digest would get. */
  private rememberPushed(
    repo: Repository,
    pushed: { digest: string; bytes: Uint8Array; mediaType: string }
  ): void {
    const { digest, bytes, mediaType } = pushed
    let parsed: ParsedManifest
    try {
      parsed = parseManifest(Buffer.from(bytes), mediaType, `${repo.registry}/${repo.repository}@${digest}`)
    } catch {
      // The registry took bytes this client cannot read back as a manifest: only their presence is known.
      this.session.knownManifests.set(
        contentKey(repo, digest),
        { digest, mediaType, size: bytes.byteLength },
        1
      )
      return
    }
    this.remember(repo, {
      kind: parsed.kind,
      mediaType: parsed.mediaType,
      digest,
      bytes: Buffer.from(bytes),
      parsed
    })
  }

  private async read(
    ref: ImageReference,
    method: 'GET' | 'HEAD',
    reference: string,
    what: string,
    options: { allowMissing?: boolean } = {}
  ): Promise<HttpResponse> {
    const key = `${ref.registry}/${ref.repository}@${reference}`
    for (let attempt = 0; ; attempt++) {
      const response = await this.session.call(ref, PULL, {
        method,
        path: `${ref.repository}/manifests/${reference}`,
        headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') }
      })
      // Some registries (ECR) answer 404 for a moment after a manifest was pushed: ask again.
      if (
        response.status === 404 &&
        this.session.pushed.has(key) &&
        attempt < this.session.readAfterWriteRetries
      ) {
        await drain(response)
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt))
        continue
      }
      if (response.status === 404 && options.allowMissing) {
        await drain(response)
        return response
      }
      await this.session.expectStatus(response, [200], `manifest ${what}`)
      return response
    }
  }
}

/** The digest of manifest bytes as read: the one asked for, checked; else theirs, checked against the registry's. */
function checkDigest(ref: ImageReference, bytes: Buffer, response: HttpResponse, what: string): string {
  if (ref.digest) {
    const actual = digestOf(bytes, parseDigest(ref.digest).algorithm)
    if (actual !== ref.digest) throw mismatch(response, what, ref.digest, actual)
    return ref.digest
  }
  const actual = sha256Digest(bytes)
  const answered = response.header('docker-content-digest')
  if (answered && answered.startsWith('sha256:') && answered !== actual)
    throw mismatch(response, what, answered, actual)
  return actual
}

/** The manifest path element: the digest when there is one (it pins the content), else the tag. */
export function manifestReference(ref: ImageReference): string {
  const reference = ref.digest ?? ref.tag
  if (!reference) throw needsTagOrDigest(formatReference(ref))
  return reference
}

function needsTagOrDigest(what: string): ActionError {
  return new ActionError('invalid-input', `${what} names neither a tag nor a digest`, {
    hint: 'write the reference as NAME:TAG or NAME@sha256:DIGEST'
  })
}

function isRacedLink(error: unknown): error is RegistryError {
  return (
    error instanceof RegistryError &&
    error.details.status === 400 &&
    (error.details.code === 'DIGEST_INVALID' || error.details.code === 'MANIFEST_BLOB_UNKNOWN')
  )
}

function oversizeManifest(request: RequestLine, what: string, size: number): RegistryError {
  return new RegistryError(
    'registry',
    `manifest ${what} is ${size} bytes, over the ${MAX_MANIFEST_BYTES}-byte limit`,
    { method: request.method, url: redactUrl(request.url), temporary: false },
    { hint: 'manifests over 4 MiB are refused by registries and by this action' }
  )
}
