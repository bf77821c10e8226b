/**
 * An ImageSource that answers from what this run already holds: the index it assembled, manifests it
 * copied. Content is addressed by digest and was checked when first read, so serving it again is safe
 * and saves the registry a request per child.
 */
import type { ImageReference } from '../reference/reference.js'
import type { ImageSource, SourceManifest } from '../registry/ports.js'
import type { Readable } from 'node:stream'

export class KnownContentSource implements ImageSource {
  private readonly manifests = new Map<string, SourceManifest>()
  private readonly client: ImageSource

  constructor(client: ImageSource) {
    this.client = client
  }

  remember(manifest: SourceManifest): void {
    this.manifests.set(manifest.digest, manifest)
  }

  async getManifest(ref: ImageReference): Promise<SourceManifest> {
    const known = ref.digest ? this.manifests.get(ref.digest) : undefined
    return known ?? this.client.getManifest(ref)
  }

  readBlob(repo: { registry: string; repository: string }, digest: string, limit?: number): Promise<Buffer> {
    return this.client.readBlob(repo, digest, limit)
  }

  getBlob(repo: { registry: string; repository: string }, digest: string): Promise<Readable> {
    return this.client.getBlob(repo, digest)
  }
}
