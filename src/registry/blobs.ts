/**
 * Reading blobs (GET, HEAD /v2/<name>/blobs/<digest>), digest-checked: configs whole and kept for the
 * run, layers streamed. Writing them is uploads.ts.
 */
import { pipeline, type Readable } from 'node:stream'
import { parseDigest } from '../reference/reference.js'
import { contentKey, ReadsInFlight } from './content-cache.js'
import { DigestCheck, digestOf, mismatch } from './digest.js'
import type { Repository } from './ports.js'
import { PULL, type RegistrySession } from './session.js'
import { drain, readBody } from './transport.js'

const MAX_CONFIG_BYTES = 8 * 1024 * 1024
/** Blobs up to this size (configs, attestation statements) are kept once read; layers are streamed. */
const CACHED_BLOB_BYTES = 1024 * 1024

export class Blobs {
  private readonly session: RegistrySession
  private readonly reading = new ReadsInFlight<Buffer>()

  constructor(session: RegistrySession) {
    this.session = session
  }

  /** HEAD a blob: its size, or undefined when the repository does not have it. */
  async head(repo: Repository, digest: string): Promise<number | undefined> {
    const known = this.session.knownBlobs.get(contentKey(repo, digest))
    if (known?.size !== undefined) return known.size
    return this.headFromRegistry(repo, digest)
  }

  /**
   * GET a blob as a stream whose digest is checked while it flows: the stream errors at its end when the
   * bytes do not match. Redirects (object stores) are followed without our Authorization.
   */
  async get(repo: Repository, digest: string): Promise<Readable> {
    const what = describe(repo, digest)
    const response = await this.session.call(repo, PULL, {
      method: 'GET',
      path: `${repo.repository}/blobs/${digest}`
    })
    await this.session.expectStatus(response, [200], what)
    this.session.knownBlob(repo, digest, Number(response.header('content-length')))
    const checked = new DigestCheck({ expected: digest, request: response, what })
    // pipeline, not pipe: a connection that breaks mid-blob must fail the stream the caller reads.
    pipeline(response.body, checked, (error) => {
      if (error) checked.destroy(error)
    })
    return checked
  }

  /**
   * A whole small blob (a config), digest-checked, refusing more than `limit` bytes. Read once per
   * repository and run (a caller asking while that read is in flight joins it); callers must not change
   * the Buffer they get.
   */
  async read(repo: Repository, digest: string, limit = MAX_CONFIG_BYTES): Promise<Buffer> {
    const key = contentKey(repo, digest)
    const cached = this.session.knownBlobs.has(key) ? this.session.smallBlobs.get(digest) : undefined
    if (cached && cached.byteLength <= limit) return cached
    const bytes = await this.reading.once(key, () => this.fetchWhole(repo, digest, limit))
    // Joined a read allowed more bytes than this caller allows: its own read refuses them.
    return bytes.byteLength <= limit ? bytes : this.fetchWhole(repo, digest, limit)
  }

  private async fetchWhole(repo: Repository, digest: string, limit: number): Promise<Buffer> {
    const what = describe(repo, digest)
    const response = await this.session.call(repo, PULL, {
      method: 'GET',
      path: `${repo.repository}/blobs/${digest}`
    })
    await this.session.expectStatus(response, [200], what)
    const bytes = await readBody(response, limit, what)
    const actual = digestOf(bytes, parseDigest(digest).algorithm)
    if (actual !== digest) throw mismatch(response, what, digest, actual)
    this.session.knownBlob(repo, digest, bytes.byteLength)
    if (bytes.byteLength <= CACHED_BLOB_BYTES) this.session.smallBlobs.set(digest, bytes, bytes.byteLength)
    return bytes
  }

  /** Asks the registry, never the run's memory: used to check whether a write took effect. */
  async headFromRegistry(repo: Repository, digest: string): Promise<number | undefined> {
    const response = await this.session.call(repo, PULL, {
      method: 'HEAD',
      path: `${repo.repository}/blobs/${digest}`
    })
    if (response.status === 404) {
      await drain(response)
      return undefined
    }
    await this.session.expectStatus(response, [200], describe(repo, digest))
    await drain(response)
    const size = Number(response.header('content-length'))
    this.session.knownBlob(repo, digest, size)
    return size
  }
}

function describe(repo: Repository, digest: string): string {
  return `blob ${repo.registry}/${repo.repository}@${digest}`
}
