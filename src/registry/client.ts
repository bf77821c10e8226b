/**
 * The registry client the composition root hands to the modes: one session (the authorised request, the
 * lost-reply loop, the run's caches) and one object per resource of the distribution API
 * (opencontainers/distribution-spec): manifests.ts, blobs.ts, uploads.ts, tags.ts. This class only
 * delegates, so the ports (ports.ts) have one object to point at.
 */
import type { Readable } from 'node:stream'
import type { ImageReference } from '../reference/reference.js'
import type { Authenticator } from './auth.js'
import { Blobs } from './blobs.js'
import { Manifests } from './manifests.js'
import type {
  BlobCopyResult,
  ManifestHead,
  RegistryStore,
  Repository,
  RequestCounter,
  RequestCounts,
  TagLister
} from './ports.js'
import { Referrers } from './referrers.js'
import { RegistrySession, type FetchedManifest, type RegistryClientOptions } from './session.js'
import { Tags } from './tags.js'
import type { Transport, RequestBody } from './transport.js'
import { Uploads } from './uploads.js'

export type { BlobCopyResult, ManifestHead, Repository } from './ports.js'
export type { FetchedManifest, RegistryClientOptions } from './session.js'
export { digestOf, sha256Digest } from './digest.js'
export { nextPage } from './tags.js'
export { resumeOffset } from './uploads.js'

export class RegistryClient implements RegistryStore, TagLister, RequestCounter {
  readonly transport: Transport
  readonly auth: Authenticator
  private readonly session: RegistrySession
  private readonly manifests: Manifests
  private readonly blobs: Blobs
  private readonly uploads: Uploads
  private readonly tags: Tags
  /** OCI 1.1 referrers (attestations): the API where the registry proves it, else the tag-schema fallback. */
  readonly referrers: Referrers

  constructor(options: RegistryClientOptions = {}) {
    this.session = new RegistrySession(options)
    this.transport = this.session.transport
    this.auth = this.session.auth
    this.manifests = new Manifests(this.session)
    this.blobs = new Blobs(this.session)
    this.uploads = new Uploads({ session: this.session, blobs: this.blobs, chunkSize: options.chunkSize })
    this.tags = new Tags(this.session)
    this.referrers = new Referrers(this.session)
  }

  /** Requests made so far: registry requests (token requests excluded), token requests, retries. */
  requestCounts(): RequestCounts {
    const tokens = this.auth.tokenRequests
    return { registry: this.transport.stats.requests - tokens, tokens, retries: this.transport.stats.retries }
  }

  /** `http(s)://HOST/v2/` for a registry: plain HTTP only for loopback or listed insecure registries. */
  apiBase(registry: string): string {
    return this.session.apiBase(registry)
  }

  getManifest(ref: ImageReference): Promise<FetchedManifest> {
    return this.manifests.get(ref)
  }

  /** By tag this is always asked of the registry: one HEAD reads the tag's current digest. */
  headManifest(ref: ImageReference): Promise<ManifestHead | undefined> {
    return this.manifests.head(ref)
  }

  putManifest(ref: ImageReference, bytes: Uint8Array, mediaType: string): Promise<string> {
    return this.manifests.put(ref, bytes, mediaType)
  }

  headBlob(repo: Repository, digest: string): Promise<number | undefined> {
    return this.blobs.head(repo, digest)
  }

  getBlob(repo: Repository, digest: string): Promise<Readable> {
    return this.blobs.get(repo, digest)
  }

  readBlob(repo: Repository, digest: string, limit?: number): Promise<Buffer> {
    return this.blobs.read(repo, digest, limit)
  }

  uploadBlob(repo: Repository, digest: string, body: RequestBody): Promise<void> {
    return this.uploads.upload(repo, digest, body)
  }

  mountBlob(
    repo: Repository,
    digest: string,
    from: Repository
  ): Promise<{ mounted: true } | { mounted: false; location: string }> {
    return this.uploads.mount(repo, digest, from)
  }

  copyBlob(from: Repository, to: Repository, digest: string, size: number): Promise<BlobCopyResult> {
    return this.uploads.copy(from, to, digest, size)
  }

  listTags(repo: Repository, pageSize?: number): Promise<string[]> {
    return this.tags.list(repo, pageSize)
  }
}
