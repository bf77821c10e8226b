// The forward-only check of one tag over the registry ports: what it reads for each media type, when it asks
// ancestry, and the decision it hands back — against an in-memory store of real manifest bytes.
import { describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { parseManifest } from '../../src/oci/parse.js'
import { MediaType, type Descriptor } from '../../src/oci/types.js'
import type { ImageReference } from '../../src/reference/reference.js'
import type { BlobReader, ManifestHead, ManifestReader, SourceManifest } from '../../src/registry/ports.js'
import type { AncestryLookup } from '../../src/revision/ancestry.js'
import type { Ancestry, OnOlder, TagDecision } from '../../src/revision/decide.js'
import { checkTagForward, readTagState } from '../../src/revision/tag.js'

const REVISION = 'org.opencontainers.image.revision'
const RUN = 'a'.repeat(40)
const NEWER = 'b'.repeat(40)
const REF = { registry: 'registry.test', repository: 'acme/app', tag: 'latest' }

const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`

/** A repository in memory: manifests by digest and tag, blobs by digest; counts what is read. */
class MemoryRepository implements ManifestReader, BlobReader {
  readonly manifests = new Map<string, SourceManifest>()
  readonly tags = new Map<string, string>()
  readonly blobs = new Map<string, Buffer>()
  readonly reads: string[] = []

  blob(json: unknown): Descriptor {
    const bytes = Buffer.from(JSON.stringify(json))
    const digest = sha256(bytes)
    this.blobs.set(digest, bytes)
    return { mediaType: MediaType.dockerConfig, digest, size: bytes.length }
  }

  manifest(json: { mediaType: string; [key: string]: unknown }, tag?: string): Descriptor {
    const bytes = Buffer.from(JSON.stringify(json))
    const digest = sha256(bytes)
    this.manifests.set(digest, {
      digest,
      mediaType: json.mediaType,
      bytes,
      parsed: parseManifest(bytes, json.mediaType, digest)
    })
    if (tag !== undefined) this.tags.set(tag, digest)
    return { mediaType: json.mediaType, digest, size: bytes.length }
  }

  /** An image whose config carries `labels`. */
  image(
    labels: Record<string, string>,
    platform = { os: 'linux', architecture: 'amd64' },
    tag?: string
  ): Descriptor {
    const config = this.blob({ ...platform, config: { Labels: labels } })
    const descriptor = this.manifest(
      { schemaVersion: 2, mediaType: MediaType.dockerManifest, config, layers: [] },
      tag
    )
    return { ...descriptor, platform }
  }

  private find(ref: ImageReference): SourceManifest | undefined {
    const digest = ref.digest ?? (ref.tag === undefined ? undefined : this.tags.get(ref.tag))
    return digest === undefined ? undefined : this.manifests.get(digest)
  }

  headManifest(ref: ImageReference): Promise<ManifestHead | undefined> {
    const found = this.find(ref)
    return Promise.resolve(
      found && { digest: found.digest, mediaType: found.mediaType, size: found.bytes.length }
    )
  }

  getManifest(ref: ImageReference): Promise<SourceManifest> {
    this.reads.push(`manifest ${ref.digest ?? ref.tag ?? ''}`)
    const found = this.find(ref)
    return found ? Promise.resolve(found) : Promise.reject(new Error(`no manifest ${JSON.stringify(ref)}`))
  }

  readBlob(_repo: unknown, digest: string): Promise<Buffer> {
    this.reads.push(`blob ${digest}`)
    const found = this.blobs.get(digest)
    return found ? Promise.resolve(found) : Promise.reject(new Error(`no blob ${digest}`))
  }

  getBlob(repo: unknown, digest: string): Promise<Readable> {
    return this.readBlob(repo, digest).then((bytes) => Readable.from(bytes))
  }
}

/** An ancestry lookup that answers `answer` and records the questions. */
function ancestryOf(answer: Ancestry): AncestryLookup & { asked: [string, string][] } {
  const asked: [string, string][] = []
  const lookup = (run: string, tag: string): Promise<Ancestry> => {
    asked.push([run, tag])
    return Promise.resolve(answer)
  }
  return Object.assign(lookup, { asked })
}

const older: Ancestry = { relation: 'ancestor', source: 'git' }

describe('readTagState', () => {
  test('an absent tag', async () => {
    expect(await readTagState(new MemoryRepository(), REF)).toEqual({ exists: false })
  })

  test('an OCI index with the annotation: no child is read', async () => {
    const store = new MemoryRepository()
    const child = store.image({ [REVISION]: RUN })
    store.reads.length = 0
    const index = store.manifest(
      {
        schemaVersion: 2,
        mediaType: MediaType.ociIndex,
        manifests: [child],
        annotations: { [REVISION]: NEWER }
      },
      'latest'
    )
    expect(await readTagState(store, REF)).toEqual({
      exists: true,
      digest: index.digest,
      revision: { revision: NEWER, from: 'index-annotation' }
    })
    expect(store.reads).toEqual(['manifest latest'])
  })

  test("a Docker list: every image's config", async () => {
    const store = new MemoryRepository()
    const amd64 = store.image({ [REVISION]: NEWER })
    const arm64 = store.image({ [REVISION]: NEWER }, { os: 'linux', architecture: 'arm64' })
    const list = store.manifest(
      { schemaVersion: 2, mediaType: MediaType.dockerList, manifests: [amd64, arm64] },
      'latest'
    )
    expect(await readTagState(store, REF)).toEqual({
      exists: true,
      digest: list.digest,
      revision: { revision: NEWER, from: 'child-labels' }
    })
    expect(store.reads.filter((r) => r.startsWith('blob'))).toHaveLength(2)
  })

  test('a single image: its own config', async () => {
    const store = new MemoryRepository()
    const image = store.image({ [REVISION]: NEWER }, undefined, 'latest')
    expect(await readTagState(store, REF)).toEqual({
      exists: true,
      digest: image.digest,
      revision: { revision: NEWER, from: 'config-label' }
    })
  })
})

describe('checkTagForward', () => {
  /** A Docker list tagged latest whose images record `revision`. */
  function published(revision: string): MemoryRepository {
    const store = new MemoryRepository()
    const child = store.image({ [REVISION]: revision })
    store.manifest({ schemaVersion: 2, mediaType: MediaType.dockerList, manifests: [child] }, 'latest')
    return store
  }

  // tag's revision, ancestry answer, on-older → action, whether ancestry was asked
  test.each<[string, MemoryRepository, Ancestry, OnOlder, TagDecision['action'], boolean]>([
    ['absent tag', new MemoryRepository(), older, 'skip', 'move', false],
    ['a re-run', published(RUN), older, 'fail', 'move', false],
    ['tag newer, skip', published(NEWER), older, 'skip', 'skip', true],
    ['tag newer, fail', published(NEWER), older, 'fail', 'fail', true],
    ['tag newer, force', published(NEWER), older, 'force', 'move-with-note', true],
    ['tag older', published(NEWER), { relation: 'descendant', source: 'github' }, 'fail', 'move', true],
    [
      'cannot tell',
      published(NEWER),
      { relation: 'unknown', reason: 'shallow' },
      'fail',
      'move-with-note',
      true
    ]
  ])('%s', async (_name, store, answer, onOlder, action, asks) => {
    const ancestry = ancestryOf(answer)
    const { decision } = await checkTagForward({ store, ref: REF, revision: RUN, ancestry, onOlder })
    expect({ action: decision.action, asked: ancestry.asked }).toEqual({
      action,
      asked: asks ? [[RUN, NEWER]] : []
    })
  })
})
