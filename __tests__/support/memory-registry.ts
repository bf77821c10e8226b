/**
 * An in-memory registry behind the registry ports, for unit tests of pure protocol logic (the publish
 * protocol's order of writes, what moves and what does not). It keeps the rules of a real registry that
 * the protocol relies on — content addressed by the sha256 of its exact bytes, an index refused while a
 * child is missing (MANIFEST_BLOB_UNKNOWN), tags as pointers — and records every write in order.
 * The real-registry tests (integration, e2e) stay; this never replaces them.
 */
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { ActionError } from '../../src/errors.js'
import { parseManifest } from '../../src/oci/parse.js'
import { formatReference, type ImageReference } from '../../src/reference/reference.js'
import type {
  BlobCopyResult,
  ManifestHead,
  RegistryStore,
  Repository,
  RequestCounter,
  RequestCounts,
  SourceManifest
} from '../../src/registry/ports.js'

export const sha256 = (bytes: Uint8Array): string =>
  'sha256:' + createHash('sha256').update(bytes).digest('hex')

interface StoredManifest {
  bytes: Buffer
  mediaType: string
}

interface Repo {
  manifests: Map<string, StoredManifest>
  tags: Map<string, string>
  blobs: Map<string, Buffer>
}

export interface WriteRecord {
  kind: 'blob' | 'manifest' | 'tag'
  repository: string
  /** Digest for blobs and manifests, tag name for tags. */
  name: string
  digest: string
}

export class MemoryRegistry implements RegistryStore, RequestCounter {
  readonly writes: WriteRecord[] = []
  requests = 0
  /** Called before each tag PUT lands, so a test can act "between" the check and the write. */
  beforeTagWrite?: (ref: ImageReference) => void | Promise<void>
  private readonly repos = new Map<string, Repo>()

  requestCounts(): RequestCounts {
    return { registry: this.requests, tokens: 0, retries: 0 }
  }

  private repo(r: Repository): Repo {
    const key = `${r.registry}/${r.repository}`
    let repo = this.repos.get(key)
    if (!repo) {
      repo = { manifests: new Map(), tags: new Map(), blobs: new Map() }
      this.repos.set(key, repo)
    }
    return repo
  }

  /** Test set-up: a blob, with no write recorded. */
  seedBlob(r: Repository, bytes: Buffer): string {
    const digest = sha256(bytes)
    this.repo(r).blobs.set(digest, bytes)
    return digest
  }

  /** Test set-up: a manifest (and optionally a tag), with no write recorded. */
  seedManifest(r: Repository, bytes: Buffer, mediaType: string, tag?: string): string {
    const digest = sha256(bytes)
    this.repo(r).manifests.set(digest, { bytes, mediaType })
    if (tag) this.repo(r).tags.set(tag, digest)
    return digest
  }

  /** Where a tag points now, without counting a request. */
  tagged(r: Repository, tag: string): string | undefined {
    return this.repo(r).tags.get(tag)
  }

  private resolve(ref: ImageReference): { digest: string; stored: StoredManifest } | undefined {
    const repo = this.repo(ref)
    const digest = ref.digest ?? (ref.tag ? repo.tags.get(ref.tag) : undefined)
    const stored = digest ? repo.manifests.get(digest) : undefined
    return digest && stored ? { digest, stored } : undefined
  }

  getManifest(ref: ImageReference): Promise<SourceManifest> {
    this.requests++
    const found = this.resolve(ref)
    if (!found) return Promise.reject(notFound(`manifest ${formatReference(ref)}`))
    const { digest, stored } = found
    return Promise.resolve({
      digest,
      mediaType: stored.mediaType,
      bytes: stored.bytes,
      parsed: parseManifest(stored.bytes, stored.mediaType, formatReference(ref))
    })
  }

  /** Called on each HEAD of a manifest, before it answers: lets a test move a tag "meanwhile". */
  onHeadManifest?: (ref: ImageReference) => void | Promise<void>

  async headManifest(ref: ImageReference): Promise<ManifestHead | undefined> {
    this.requests++
    await this.onHeadManifest?.(ref)
    const found = this.resolve(ref)
    return Promise.resolve(
      found
        ? { digest: found.digest, mediaType: found.stored.mediaType, size: found.stored.bytes.length }
        : undefined
    )
  }

  readBlob(r: Repository, digest: string): Promise<Buffer> {
    this.requests++
    const blob = this.repo(r).blobs.get(digest)
    return blob ? Promise.resolve(blob) : Promise.reject(notFound(`blob ${digest}`))
  }

  getBlob(r: Repository, digest: string): Promise<Readable> {
    return this.readBlob(r, digest).then((b) => Readable.from([b]))
  }

  async putManifest(ref: ImageReference, bytes: Uint8Array, mediaType: string): Promise<string> {
    this.requests++
    const buffer = Buffer.from(bytes)
    const digest = sha256(buffer)
    if (ref.digest && ref.digest !== digest)
      throw new ActionError('digest-mismatch', `PUT ${ref.digest}: bytes hash to ${digest}`)
    const repo = this.repo(ref)
    const parsed = parseManifest(buffer, mediaType, formatReference(ref))
    const missing =
      parsed.kind === 'index'
        ? parsed.index.manifests.filter((m) => !repo.manifests.has(m.digest)).map((m) => m.digest)
        : [parsed.manifest.config, ...parsed.manifest.layers]
            .filter((b) => !repo.blobs.has(b.digest))
            .map((b) => b.digest)
    if (missing.length > 0) {
      throw new ActionError(
        'registry',
        `MANIFEST_BLOB_UNKNOWN: ${formatReference(ref)} refers to ${missing.join(', ')}`
      )
    }
    if (ref.tag && !ref.digest) await this.beforeTagWrite?.(ref)
    repo.manifests.set(digest, { bytes: buffer, mediaType })
    if (ref.tag && !ref.digest) {
      repo.tags.set(ref.tag, digest)
      this.writes.push({ kind: 'tag', repository: ref.repository, name: ref.tag, digest })
    } else {
      this.writes.push({ kind: 'manifest', repository: ref.repository, name: digest, digest })
    }
    return digest
  }

  copyBlob(from: Repository, to: Repository, digest: string): Promise<BlobCopyResult> {
    this.requests++
    const target = this.repo(to)
    if (target.blobs.has(digest)) return Promise.resolve('exists')
    const blob = this.repo(from).blobs.get(digest)
    if (!blob) return Promise.reject(notFound(`blob ${digest} in ${from.repository}`))
    target.blobs.set(digest, blob)
    this.writes.push({ kind: 'blob', repository: to.repository, name: digest, digest })
    return Promise.resolve(from.registry === to.registry ? 'mounted' : 'copied')
  }
}

function notFound(what: string): ActionError {
  return new ActionError('not-found', `${what} not found`, { hint: 'push it first' })
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value))

/** A small image (config + one layer, no ELF files) seeded into `repo`; returns its manifest digest and bytes. */
export function seedImage(
  registry: MemoryRegistry,
  repo: Repository,
  platform: { os: string; architecture: string; variant?: string },
  options: {
    configPlatform?: { os: string; architecture: string; variant?: string }
    tag?: string
    labels?: Record<string, string>
    /** An uncompressed layer tar instead of the default bytes (which are no tar), and its entrypoint. */
    layer?: { tar: Buffer; entrypoint: string[] }
  } = {}
): { digest: string; size: number; mediaType: string } {
  const layer =
    options.layer?.tar ?? Buffer.from(`layer ${platform.os}/${platform.architecture} ${Math.random()}`)
  const config = json({
    ...(options.configPlatform ?? platform),
    rootfs: { type: 'layers', diff_ids: [sha256(layer)] },
    config: {
      Labels: options.labels ?? {},
      ...(options.layer ? { Entrypoint: options.layer.entrypoint } : {})
    }
  })
  const mediaType = 'application/vnd.oci.image.manifest.v1+json'
  const manifest = json({
    schemaVersion: 2,
    mediaType,
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: registry.seedBlob(repo, config),
      size: config.length
    },
    layers: [
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar',
        digest: registry.seedBlob(repo, layer),
        size: layer.length
      }
    ]
  })
  return {
    digest: registry.seedManifest(repo, manifest, mediaType, options.tag),
    size: manifest.length,
    mediaType
  }
}
