/**
 * The registry's ports: the small interfaces the modes, the publish protocol and verification take, so
 * they can run against the real client (RegistryClient) or an in-memory registry in unit tests. Declared
 * here, in the layer that owns the concept; no runtime code, so pure modules may import these types.
 */
import type { Readable } from 'node:stream'
import type { ParsedManifest } from '../oci/parse.js'
import type { ImageReference } from '../reference/reference.js'

/** A repository on a registry; image references carry more, which these methods ignore. */
export interface Repository {
  registry: string
  repository: string
}

/** A manifest or index as read: the exact bytes (hash and push these, never a re-serialisation). */
export interface SourceManifest {
  digest: string
  mediaType: string
  bytes: Buffer
  parsed: ParsedManifest
}

export interface ManifestHead {
  digest: string
  mediaType: string
  size: number
}

export type BlobCopyResult = 'exists' | 'mounted' | 'copied'

/** Reading manifests by tag or digest, each checked against its bytes. */
export interface ManifestReader {
  getManifest(ref: ImageReference): Promise<SourceManifest>
  /** Undefined when the manifest does not exist. */
  headManifest(ref: ImageReference): Promise<ManifestHead | undefined>
}

/** Reading blobs, digest-checked: whole small ones (configs) or streamed (layers; the stream errors at its end on a mismatch). */
export interface BlobReader {
  readBlob(repo: Repository, digest: string, limit?: number): Promise<Buffer>
  getBlob(repo: Repository, digest: string): Promise<Readable>
}

/** What verification and source resolution read. */
export interface ImageSource extends BlobReader {
  getManifest(ref: ImageReference): Promise<SourceManifest>
}

/** PUT manifest bytes under a digest or a tag; returns the digest of the bytes. */
export interface ManifestWriter {
  putManifest(ref: ImageReference, bytes: Uint8Array, mediaType: string): Promise<string>
}

/** Making a blob present in a repository: nothing when there, a mount within a registry, else a copy. */
export interface BlobCopier {
  copyBlob(from: Repository, to: Repository, digest: string, size: number): Promise<BlobCopyResult>
}

export interface TagLister {
  listTags(repo: Repository): Promise<string[]>
}

/** Everything the publish protocol needs from a registry. */
export interface RegistryStore extends ManifestReader, ImageSource, ManifestWriter, BlobCopier {}

/** Request counts for reports: registry requests (tokens excluded), token requests, retries. */
export interface RequestCounts {
  registry: number
  tokens: number
  retries: number
}

export interface RequestCounter {
  requestCounts(): RequestCounts
}
