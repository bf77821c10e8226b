/**
 * An in-memory referrers store behind attest.ts's ReferrerStore port, for unit tests of what the modes
 * attest and gate on: artifact manifests built as registry/referrers.ts builds them, kept per repository
 * and subject, every store and read counted. The real protocol (API, fallback tag) is tested against real
 * registries in integration.
 */
import type { ReferrerStore } from '../../src/attest/attest.js'
import { parseManifest } from '../../src/oci/parse.js'
import { MediaType, type Descriptor } from '../../src/oci/types.js'
import type { Repository } from '../../src/registry/ports.js'
import {
  artifactManifest,
  type ArtifactToStore,
  type FetchedArtifact,
  type StoredArtifact
} from '../../src/registry/referrers.js'
import { sha256 } from './memory-registry.js'

interface Kept {
  key: string
  subject: string
  descriptor: Descriptor
  manifest: Buffer
  layer: Descriptor
  bytes: Buffer
}

export class MemoryReferrers implements ReferrerStore {
  readonly kept: Kept[] = []
  reads = 0

  store(repo: Repository, artifact: ArtifactToStore): Promise<StoredArtifact> {
    const bytes = Buffer.from(artifact.bytes)
    const layer: Descriptor = { mediaType: artifact.artifactType, digest: sha256(bytes), size: bytes.length }
    const manifest = artifactManifest({ ...artifact, layer })
    const descriptor: Descriptor = {
      mediaType: MediaType.ociManifest,
      digest: sha256(manifest),
      size: manifest.length,
      artifactType: artifact.artifactType,
      annotations: artifact.annotations
    }
    this.kept.push({ key: keyOf(repo), subject: artifact.subject.digest, descriptor, manifest, layer, bytes })
    return Promise.resolve({ descriptor, via: 'referrers-api', withSubject: true })
  }

  list(
    repo: Repository,
    subjectDigest: string,
    artifactTypes?: readonly string[]
  ): Promise<{ via: 'referrers-api'; referrers: Descriptor[] }> {
    this.reads++
    const referrers = this.of(repo, subjectDigest)
      .map((k) => k.descriptor)
      .filter(
        (d) => !artifactTypes || (d.artifactType !== undefined && artifactTypes.includes(d.artifactType))
      )
    return Promise.resolve({ via: 'referrers-api', referrers })
  }

  fetch(repo: Repository, descriptor: Descriptor, subjectDigest: string): Promise<FetchedArtifact> {
    this.reads++
    const found = this.of(repo, subjectDigest).find((k) => k.descriptor.digest === descriptor.digest)
    if (!found) return Promise.reject(new Error(`${descriptor.digest} not stored`))
    const parsed = parseManifest(found.manifest, MediaType.ociManifest, descriptor.digest)
    if (parsed.kind !== 'manifest') return Promise.reject(new Error('not a manifest'))
    return Promise.resolve({ descriptor, manifest: parsed.manifest, layer: found.layer, bytes: found.bytes })
  }

  /** What is stored for `subjectDigest` in `repo`. */
  of(repo: Repository, subjectDigest: string): Kept[] {
    return this.kept.filter((k) => k.key === keyOf(repo) && k.subject === subjectDigest)
  }
}

function keyOf(repo: Repository): string {
  return `${repo.registry}/${repo.repository}`
}
