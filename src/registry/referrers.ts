/**
 * Referrers (distribution-spec v1.1 "Listing Referrers", image-spec v1.1 artifacts): storing an artifact
 * manifest whose `subject` is an image or index, and listing what refers to one. The referrers API is
 * used only where the registry proves it has one (an OCI-Subject header on the manifest PUT, or a
 * referrers GET answering with an index from the registry itself); elsewhere the tag-schema fallback
 * index `sha256-<hex>` is kept here: read, appended to, written, read back, and written again when a
 * concurrent writer's PUT dropped ours. That index is never deleted.
 */
import { ActionError } from '../errors.js'
import { bareMediaType, parseManifest } from '../oci/parse.js'
import { MediaType, type Descriptor, type ImageIndex, type ImageManifest } from '../oci/types.js'
import { formatReference, parseDigest, type ImageReference } from '../reference/reference.js'
import { Blobs } from './blobs.js'
import { sha256Digest } from './digest.js'
import { RegistryError } from './errors.js'
import { Manifests } from './manifests.js'
import type { Repository } from './ports.js'
import { PULL, type RegistrySession } from './session.js'
import { drain, readBody } from './transport.js'
import { Uploads } from './uploads.js'

/** The empty config of an artifact manifest (image-spec manifest.md, "Guidance for an Empty Descriptor"). */
export const EMPTY_CONFIG: Descriptor = {
  mediaType: 'application/vnd.oci.empty.v1+json',
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2
}
const EMPTY_CONFIG_BYTES = Buffer.from('{}')
/** Bundles and statements are small; anything larger is not one of ours. */
const MAX_ARTIFACT_BYTES = 4 * 1024 * 1024
/** Rounds of read, append, write, read back before giving up on a fallback index others keep rewriting. */
const FALLBACK_ROUNDS = 6
/** Bounds of the wait before the read-back (see settleDelay). */
const MIN_SETTLE_MS = 20
const MAX_SETTLE_MS = 2_000

export type ReferrersVia = 'referrers-api' | 'tag-schema'

/** What to store: one blob (the layer) and how to describe it. */
export interface ArtifactToStore {
  /** The subject as the registry serves it (digest, media type, size of its exact bytes). */
  subject: Descriptor
  /** The artifact manifest's artifactType, also its single layer's media type. */
  artifactType: string
  bytes: Uint8Array
  /** Annotations of the artifact manifest (copied onto its fallback-index entry). */
  annotations: Record<string, string>
}

/**
 * What `prepare` started for one subject while it is still being verified: the empty config's upload, an
 * upload session for the layer, and the referrers API probe. Each settles; none rejects unobserved.
 */
export interface PreparedStore {
  readonly config: Promise<Error | undefined>
  readonly session: Promise<string | Error>
  readonly api: Promise<boolean>
}

export interface StoreOptions {
  /** From `prepare`, started earlier; absent: started now. */
  prepared?: PreparedStore
  /**
   * Return once the artifact manifest is stored by digest, leaving the fallback index's update (read,
   * append, write, read back) in `pending`: the caller moves its tags meanwhile and awaits it after.
   */
  deferFallback?: boolean
}

export interface StoredArtifact {
  /** The artifact manifest as stored: descriptor (with artifactType and annotations) and its digest. */
  descriptor: Descriptor
  via: ReferrersVia
  /** The fallback tag written (tag-schema only). */
  fallbackTag?: string
  /** Whether the manifest carries `subject` (a registry refusing a subject that is an index gets none). */
  withSubject: boolean
  /** deferFallback: the fallback index's update, still under way. */
  pending?: Promise<void>
}

/** A referrer read back: its manifest (digest-checked) and its single layer's bytes (digest-checked). */
export interface FetchedArtifact {
  descriptor: Descriptor
  manifest: ImageManifest
  layer: Descriptor
  bytes: Buffer
}

/** `sha256:abc…` → `sha256-abc…`, the referrers tag schema. */
export function fallbackTag(digest: string): string {
  const { algorithm, hex } = parseDigest(digest)
  return `${algorithm}-${hex}`
}

/** The artifact manifest bytes: empty config, one layer, the subject; what is hashed is what is PUT. */
export function artifactManifest(options: {
  artifactType: string
  layer: Descriptor
  subject?: Descriptor
  annotations: Record<string, string>
}): Buffer {
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    artifactType: options.artifactType,
    config: EMPTY_CONFIG,
    layers: [options.layer],
    ...(options.subject
      ? {
          subject: {
            mediaType: options.subject.mediaType,
            digest: options.subject.digest,
            size: options.subject.size
          }
        }
      : {}),
    annotations: options.annotations
  }
  return Buffer.from(JSON.stringify(manifest), 'utf8')
}

/** The fallback index with `entry` appended, unless an entry of that digest is there already. */
export function appendReferrer(current: ImageIndex | undefined, entry: Descriptor): ImageIndex | undefined {
  const manifests = current?.manifests ?? []
  if (manifests.some((m) => m.digest === entry.digest)) return undefined
  return {
    schemaVersion: 2,
    mediaType: MediaType.ociIndex,
    ...(current?.annotations ? { annotations: current.annotations } : {}),
    manifests: [...manifests, entry]
  }
}

/**
 * How long to wait before reading the fallback index back: as long as our own read-to-write took, so a
 * writer that read before our write landed (and takes as long as we do from its read to its write) has
 * written by then. Without a compare-and-swap on tags (distribution has none) this is the window that
 * can be closed, not all of it.
 */
export function settleDelay(readToWriteMs: number): number {
  return Math.min(MAX_SETTLE_MS, Math.max(MIN_SETTLE_MS, readToWriteMs))
}

export class Referrers {
  private readonly session: RegistrySession
  private readonly manifests: Manifests
  private readonly blobs: Blobs
  private readonly uploads: Uploads
  /** Registries (host) proven to have the referrers API this run. */
  private readonly withApi = new Set<string>()
  private readonly sleep: (ms: number) => Promise<void>

  constructor(session: RegistrySession, options: { sleep?: (ms: number) => Promise<void> } = {}) {
    this.session = session
    this.manifests = new Manifests(session)
    this.blobs = new Blobs(session)
    this.uploads = new Uploads({ session, blobs: this.blobs })
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
  }

  /**
   * What storing a referrer of `subjectDigest` needs before the artifact exists, started at once: the
   * empty config's upload, a session for the layer, the API probe (skipped where the API is proven).
   */
  prepare(repo: Repository, subjectDigest: string): PreparedStore {
    const settle = <T>(work: Promise<T>): Promise<T | Error> =>
      work.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))
    return {
      config: settle(this.uploadOnce(repo, EMPTY_CONFIG.digest, EMPTY_CONFIG_BYTES)).then((r) =>
        r instanceof Error ? r : undefined
      ),
      session: settle(this.uploads.start(repo)),
      api: this.withApi.has(repo.registry)
        ? Promise.resolve(true)
        : this.apiAnswers(repo, subjectDigest).catch(() => false)
    }
  }

  /**
   * Stores an artifact as a referrer of `repo`'s subject: the empty config and the layer (into the session
   * `prepare` opened), then the manifest PUT by digest; then, unless the registry proved its referrers
   * API (an OCI-Subject answer, or the probe answered with an index), the fallback index — read afresh
   * when it is written, so a writer that wrote while the subject was verified is not overwritten.
   */
  async store(
    repo: Repository,
    artifact: ArtifactToStore,
    options: StoreOptions = {}
  ): Promise<StoredArtifact> {
    if (artifact.bytes.byteLength > MAX_ARTIFACT_BYTES)
      throw new ActionError('invalid-input', `the attestation is ${artifact.bytes.byteLength} bytes`, {
        hint: `attestations over ${MAX_ARTIFACT_BYTES} bytes are refused; this is a bug, report it`
      })
    const prepared = options.prepared ?? this.prepare(repo, artifact.subject.digest)
    const layer: Descriptor = {
      mediaType: artifact.artifactType,
      digest: sha256Digest(artifact.bytes),
      size: artifact.bytes.byteLength
    }
    await Promise.all([
      this.uploadLayer(repo, layer.digest, artifact.bytes, prepared),
      this.configUploaded(repo, prepared)
    ])
    const tag = fallbackTag(artifact.subject.digest)
    // Where the API is not known, the fallback index is read while the manifest goes up (its entry needs
    // only the manifest's digest): read afresh, not while the subject was verified.
    const apiKnown = this.withApi.has(repo.registry) || (await prepared.api)
    const reading = apiKnown ? undefined : this.timedFallbackRead(repo, tag)
    reading?.catch(() => undefined)
    const put = await this.putArtifact(repo, { ...artifact, layer })
    const descriptor: Descriptor = {
      mediaType: MediaType.ociManifest,
      digest: put.digest,
      size: put.size,
      artifactType: artifact.artifactType,
      annotations: artifact.annotations
    }
    if (put.subjectHeader === artifact.subject.digest) this.withApi.add(repo.registry)
    if (put.withSubject && (apiKnown || this.withApi.has(repo.registry))) {
      this.withApi.add(repo.registry)
      return { descriptor, via: 'referrers-api', withSubject: true }
    }
    const stored: StoredArtifact = {
      descriptor,
      via: 'tag-schema',
      fallbackTag: tag,
      withSubject: put.withSubject
    }
    const fallback = this.appendToFallback(repo, tag, descriptor, reading)
    if (!options.deferFallback) {
      await fallback
      return stored
    }
    // Observed here so an early rejection is not reported as unhandled; the caller awaits `pending`.
    fallback.catch(() => undefined)
    return { ...stored, pending: fallback }
  }

  /** The layer into the prepared session (one PUT); where opening it failed, a whole upload. */
  private async uploadLayer(
    repo: Repository,
    digest: string,
    bytes: Uint8Array,
    prepared: PreparedStore
  ): Promise<void> {
    const location = await prepared.session
    if (location instanceof Error) return this.uploadOnce(repo, digest, bytes)
    // A session the registry lost meanwhile is replaced there (Uploads.finish).
    await this.uploads.finish(repo, digest, bytes, location)
  }

  /** The empty config as `prepare` uploaded it, or again when that failed. */
  private async configUploaded(repo: Repository, prepared: PreparedStore): Promise<void> {
    if ((await prepared.config) !== undefined)
      await this.uploadOnce(repo, EMPTY_CONFIG.digest, EMPTY_CONFIG_BYTES)
  }

  /**
   * The referrers of `subjectDigest` in `repo`: from the API where the registry answers it with an index,
   * else from the fallback tag; filtered by artifactType when given. Descriptors only, nothing checked yet.
   */
  async list(
    repo: Repository,
    subjectDigest: string,
    artifactTypes?: readonly string[]
  ): Promise<{ via: ReferrersVia; referrers: Descriptor[] }> {
    const api = await this.readApi(repo, subjectDigest)
    const via: ReferrersVia = api ? 'referrers-api' : 'tag-schema'
    const index = api ?? (await this.readFallback(repo, fallbackTag(subjectDigest)))
    const all = index?.manifests ?? []
    const referrers = artifactTypes
      ? all.filter((m) => m.artifactType !== undefined && artifactTypes.includes(m.artifactType))
      : all
    return { via, referrers }
  }

  /**
   * A referrer's manifest and its single layer, both checked against their digests; its `subject`, when
   * it has one, must be `subjectDigest`.
   */
  async fetch(repo: Repository, descriptor: Descriptor, subjectDigest: string): Promise<FetchedArtifact> {
    const ref: ImageReference = { ...repo, digest: descriptor.digest }
    const what = formatReference(ref)
    const fetched = await this.manifests.get(ref)
    if (fetched.parsed.kind !== 'manifest') throw notArtifact(what, 'it is an index')
    const manifest = fetched.parsed.manifest
    if (manifest.subject && manifest.subject.digest !== subjectDigest)
      throw notArtifact(what, `its subject is ${manifest.subject.digest}, not ${subjectDigest}`)
    const [layer, ...more] = manifest.layers
    if (!layer || more.length > 0) throw notArtifact(what, `it has ${manifest.layers.length} layers, not one`)
    if (layer.size > MAX_ARTIFACT_BYTES) throw notArtifact(what, `its layer is ${layer.size} bytes`)
    const bytes = await this.blobs.read(repo, layer.digest, MAX_ARTIFACT_BYTES)
    return { descriptor: { ...descriptor, digest: fetched.digest }, manifest, layer, bytes }
  }

  private async uploadOnce(repo: Repository, digest: string, bytes: Uint8Array): Promise<void> {
    if ((await this.blobs.head(repo, digest)) !== undefined) return
    await this.uploads.upload(repo, digest, bytes)
  }

  /**
   * PUT the artifact manifest by digest, reading the registry's OCI-Subject answer. A registry that
   * refuses a subject which is an index (ECR answers 405) gets the manifest without one; the fallback
   * index then carries the link.
   */
  private async putArtifact(
    repo: Repository,
    artifact: ArtifactToStore & { layer: Descriptor }
  ): Promise<{ digest: string; size: number; subjectHeader: string | undefined; withSubject: boolean }> {
    const withSubject = artifactManifest({ ...artifact, subject: artifact.subject })
    const first = await this.putManifest(repo, withSubject)
    if (first.ok) return { ...first, withSubject: true }
    const bare = artifactManifest({
      artifactType: artifact.artifactType,
      layer: artifact.layer,
      annotations: artifact.annotations
    })
    const second = await this.putManifest(repo, bare)
    if (!second.ok) throw first.error
    return { ...second, withSubject: false }
  }

  private async putManifest(
    repo: Repository,
    bytes: Buffer
  ): Promise<
    | { ok: true; digest: string; size: number; subjectHeader: string | undefined }
    | { ok: false; error: RegistryError }
  > {
    const digest = sha256Digest(bytes)
    const ref: ImageReference = { ...repo, digest }
    const what = `referrer ${formatReference(ref)}`
    const response = await this.session.write(
      repo,
      {
        method: 'PUT',
        path: `${repo.repository}/manifests/${digest}`,
        headers: { 'content-type': MediaType.ociManifest },
        body: bytes
      },
      {
        landed: async () => (await this.manifests.headFromRegistry(ref))?.digest === digest,
        missing: `${digest.slice(0, 19)} is not stored: PUT again`
      }
    )
    const size = bytes.byteLength
    if (response === undefined) return { ok: true, digest, size, subjectHeader: undefined }
    if (response.status === 201) {
      await drain(response)
      const answered = response.header('docker-content-digest')
      if (answered && answered !== digest)
        throw new RegistryError(
          'digest-mismatch',
          `${what}: the registry stored it as ${answered}`,
          { method: 'PUT', url: response.url, status: 201, temporary: false },
          { hint: 'the registry rewrote the manifest; do not trust it, report it' }
        )
      return { ok: true, digest, size, subjectHeader: response.header('oci-subject') }
    }
    const error = await this.session.failure(response, `push ${what}`)
    if (refusesSubject(error)) return { ok: false, error }
    throw error
  }

  /** True when the registry answers the referrers API for `digest` with an index, from its own origin. */
  private async apiAnswers(repo: Repository, digest: string): Promise<boolean> {
    return (await this.readApi(repo, digest)) !== undefined
  }

  private async readApi(repo: Repository, digest: string): Promise<ImageIndex | undefined> {
    const what = `referrers of ${repo.registry}/${repo.repository}@${digest}`
    const url = this.session.urlOf(repo, { path: `${repo.repository}/referrers/${digest}` })
    const response = await this.session.call(repo, PULL, { method: 'GET', url })
    // GHCR answers 404, or 303 to a rate-limited API elsewhere: only the registry's own 200 counts.
    if (response.status !== 200 || new URL(response.url).origin !== new URL(url).origin) {
      await drain(response)
      return undefined
    }
    if (bareMediaType(response.header('content-type')) !== MediaType.ociIndex) {
      await drain(response)
      return undefined
    }
    const bytes = await readBody(response, MAX_ARTIFACT_BYTES, what)
    try {
      const parsed = parseManifest(bytes, MediaType.ociIndex, what)
      return parsed.kind === 'index' ? parsed.index : undefined
    } catch {
      return undefined
    }
  }

  private async timedFallbackRead(
    repo: Repository,
    tag: string
  ): Promise<{ index: ImageIndex | undefined; startedAt: number }> {
    const startedAt = Date.now()
    return { index: await this.readFallback(repo, tag), startedAt }
  }

  /** The fallback index under `tag`, or undefined when the tag does not exist. */
  private async readFallback(repo: Repository, tag: string): Promise<ImageIndex | undefined> {
    const ref: ImageReference = { ...repo, tag }
    let fetched
    try {
      fetched = await this.manifests.get(ref)
    } catch (error) {
      if (error instanceof ActionError && error.kind === 'not-found') return undefined
      throw error
    }
    if (fetched.parsed.kind !== 'index' || fetched.mediaType !== MediaType.ociIndex) {
      throw new ActionError(
        'conflict',
        `${formatReference(ref)} holds a ${fetched.mediaType}, not a referrers index`,
        {
          hint: 'that tag belongs to the referrers tag schema; move what is there to another tag'
        }
      )
    }
    return fetched.parsed.index
  }

  /**
   * Read, append, write, read back — again while a concurrent writer's PUT has dropped our entry. Others'
   * entries are kept as read; nothing is ever removed.
   */
  private async appendToFallback(
    repo: Repository,
    tag: string,
    entry: Descriptor,
    reading: Promise<{ index: ImageIndex | undefined; startedAt: number }> | undefined
  ): Promise<void> {
    const ref: ImageReference = { ...repo, tag }
    let read = await (reading ?? this.timedFallbackRead(repo, tag))
    for (let round = 1; round <= FALLBACK_ROUNDS; round++) {
      const next = appendReferrer(read.index, entry)
      if (next) {
        await this.manifests.put(ref, Buffer.from(JSON.stringify(next), 'utf8'), MediaType.ociIndex)
        await this.sleep(settleDelay(Date.now() - read.startedAt))
      }
      read = await this.timedFallbackRead(repo, tag)
      if (read.index?.manifests.some((m) => m.digest === entry.digest)) return
    }
    throw new ActionError(
      'conflict',
      `${formatReference(ref)} kept losing the attestation ${entry.digest.slice(0, 19)} to other writers`,
      {
        hint: 'other jobs are writing attestations for the same digest at once; run this job again'
      }
    )
  }
}

/** ECR: 405 for a manifest whose subject is an index; other registries: MANIFEST_INVALID naming it. */
function refusesSubject(error: RegistryError): boolean {
  return error.details.status === 405 || (error.details.status === 400 && /subject/i.test(error.message))
}

function notArtifact(what: string, problem: string): ActionError {
  return new ActionError('registry', `${what} is not an attestation artifact: ${problem}`, {
    hint: 'the referrer was not written by this action; it is ignored'
  })
}
