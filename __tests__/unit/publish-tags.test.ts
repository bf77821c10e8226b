/**
 * The tag phase of the publish protocol against the in-memory registry: tags only move forward
 * (on-older), no-regress is applied again at the moment of writing, and a tag changed by another
 * publish is named. Ancestry answers come from a table (the real git lookup is tested in
 * integration/revision-ancestry.test.ts).
 */
import { describe, expect, test } from '@jest/globals'
import type { Platform } from '../../src/oci/types.js'
import { publishIndex, type PublishOutcome } from '../../src/publish/publish.js'
import type { ForwardPolicy, PublishRequest } from '../../src/publish/request.js'
import type { LocatedImage } from '../../src/publish/sources.js'
import { resolveSources } from '../../src/publish/sources.js'
import type { Ancestry, OnOlder } from '../../src/revision/decide.js'
import { ActionError } from '../../src/errors.js'
import { MemoryRegistry, seedImage } from '../support/memory-registry.js'
import { rejected } from '../support/thrown.js'

/** A request with the images the sources gave: what publishIndex takes, as two arguments. */
type Order = PublishRequest & { images: readonly LocatedImage[] }

function publish(registry: MemoryRegistry, { images, ...request }: Order): Promise<PublishOutcome> {
  return publishIndex(registry, request, images)
}

const target = { registry: 'mem.example', repository: 'acme/app' }
const legs = { registry: 'mem.example', repository: 'acme/legs' }
const REVISION = 'org.opencontainers.image.revision'
const A = 'a'.repeat(40)
const B = 'b'.repeat(40)
const linux = (architecture: string): Platform => ({ os: 'linux', architecture })

/** Commit A is an ancestor of B. */
const history = (run: string, tag: string): Ancestry => ({
  relation: run === tag ? 'same' : run === A && tag === B ? 'ancestor' : 'descendant',
  source: 'git'
})

function forward(revision: string, onOlder: OnOlder = 'skip'): ForwardPolicy {
  return { revision, onOlder, ancestry: (run, tag) => Promise.resolve(history(run, tag)) }
}

async function request(
  registry: MemoryRegistry,
  platforms: Platform[],
  revision: string,
  overrides: Partial<Order> = {}
): Promise<Order> {
  const refs = platforms.map((p) => ({
    ...legs,
    digest: seedImage(registry, legs, p, { labels: { [REVISION]: revision } }).digest
  }))
  return {
    target,
    tags: ['latest', 'edge'],
    platforms,
    images: await resolveSources(registry, refs),
    annotations: { [REVISION]: revision },
    mediaType: 'oci',
    checkBinaries: false,
    dryRun: false,
    forward: forward(revision),
    ...overrides
  }
}

/** The tag phase's refusal: the outcome carries it (report and summary still get written). */
async function refusal(outcome: Promise<PublishOutcome>): Promise<ActionError> {
  const { refused, refs } = await outcome
  if (!refused) throw new Error(`expected the tags to be refused; moved ${refs.join(', ') || 'none'}`)
  expect(refused.refsMoved).toEqual(refs)
  return refused
}

describe('tags only move forward', () => {
  test('B then A (skip): both tags stay on B, the warning names both commits', async () => {
    const registry = new MemoryRegistry()
    const b = await publish(registry, await request(registry, [linux('amd64')], B))
    const a = await publish(registry, await request(registry, [linux('amd64')], A))
    expect(registry.tagged(target, 'latest')).toBe(b.assembled.digest)
    expect(a.refs).toEqual([])
    expect(a.tagging?.skipped.map((s) => s.tag)).toEqual(['latest', 'edge'])
    expect(a.tagging?.warnings[0]).toContain(B.slice(0, 12))
    expect(a.tagging?.warnings[0]).toContain(A.slice(0, 12))
  })

  test('B then A (fail): nothing moves, the error names both commits', async () => {
    const registry = new MemoryRegistry()
    const b = await publish(registry, await request(registry, [linux('amd64')], B))
    const error = await refusal(
      publish(registry, await request(registry, [linux('amd64')], A, { forward: forward(A, 'fail') }))
    )
    expect(error.kind).toBe('conflict')
    expect(error.message).toContain(B.slice(0, 12))
    expect(error.message).toContain(A.slice(0, 12))
    expect(error.refsMoved).toEqual([])
    expect(registry.tagged(target, 'latest')).toBe(b.assembled.digest)
    expect(registry.tagged(target, 'edge')).toBe(b.assembled.digest)
  })

  test('B then A (force): the tags move back, with a warning', async () => {
    const registry = new MemoryRegistry()
    await publish(registry, await request(registry, [linux('amd64')], B))
    const a = await publish(
      registry,
      await request(registry, [linux('amd64')], A, { forward: forward(A, 'force') })
    )
    expect(registry.tagged(target, 'latest')).toBe(a.assembled.digest)
    expect(a.tagging?.warnings.join('\n')).toContain('moved back')
  })

  test('A then B: the tags move forward', async () => {
    const registry = new MemoryRegistry()
    await publish(registry, await request(registry, [linux('amd64')], A))
    const b = await publish(registry, await request(registry, [linux('amd64')], B))
    expect(registry.tagged(target, 'latest')).toBe(b.assembled.digest)
    expect(b.tagging?.warnings).toEqual([])
  })

  test('skip applies per tag: a tag on an older commit moves, one on a newer stays', async () => {
    const registry = new MemoryRegistry()
    const b = await publish(registry, await request(registry, [linux('amd64')], B, { tags: ['latest'] }))
    const a = await publish(registry, await request(registry, [linux('amd64')], A))
    expect(registry.tagged(target, 'latest')).toBe(b.assembled.digest)
    expect(registry.tagged(target, 'edge')).toBe(a.assembled.digest)
  })
})

describe('no-regress at the moment of writing', () => {
  test('a tag widened by another publish after verification is not narrowed', async () => {
    const registry = new MemoryRegistry()
    await publish(registry, await request(registry, [linux('amd64')], A, { tags: ['latest'] }))
    const narrow = await request(registry, [linux('amd64')], A, {
      tags: ['latest'],
      noRegress: { kind: 'previous-tags' }
    })
    const wide = await request(registry, [linux('amd64'), linux('arm64')], A, { tags: ['latest'] })
    // The other publish lands after our check of the tag, just before the HEAD that precedes our PUT:
    // HEADs of latest in this run are no-regress at verification, the tag check, the re-read.
    let heads = 0
    let landed = false
    registry.onHeadManifest = async (ref) => {
      if (ref.tag !== 'latest' || ++heads < 3) return
      registry.onHeadManifest = undefined
      await publish(registry, wide)
      landed = true
    }
    const error = await refusal(publish(registry, narrow))
    expect(landed).toBe(true)
    expect(error.kind).toBe('conflict')
    expect(error.message).toContain('linux/arm64')
    expect(error.message).toContain('no-regress')
    const now = await registry.getManifest({ ...target, tag: 'latest' })
    expect(now.parsed.kind === 'index' ? now.parsed.index.manifests.length : 0).toBe(2)
  })

  test('a tag another publish moves right after ours is reported with the digest that won', async () => {
    const registry = new MemoryRegistry()
    const other = registry.seedManifest(
      target,
      Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}'),
      'application/vnd.oci.image.index.v1+json'
    )
    const req = await request(registry, [linux('amd64')], A, { tags: ['latest'], forward: undefined })
    let ours = false
    registry.onHeadManifest = (ref) => {
      // The HEAD that reads our PUT back: someone else's PUT landed in between.
      if (ref.tag === 'latest' && registry.writes.some((w) => w.kind === 'tag')) {
        if (ours) return
        ours = true
        registry.seedManifest(
          target,
          Buffer.from(
            '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}'
          ),
          'application/vnd.oci.image.index.v1+json',
          'latest'
        )
      }
    }
    const outcome = await publish(registry, req)
    expect(outcome.tagging?.raced).toEqual([{ tag: 'latest', digest: other }])
    expect(outcome.tagging?.warnings.join('\n')).toContain(other)
  })
})

describe('the tag phase fails honestly', () => {
  test('a tag changed again during its re-check is re-read before the PUT, not overwritten', async () => {
    const registry = new MemoryRegistry()
    await publish(registry, await request(registry, [linux('amd64')], A, { tags: ['latest'] }))
    const narrow = await request(registry, [linux('amd64')], A, {
      tags: ['latest'],
      noRegress: { kind: 'previous-tags' },
      forward: undefined
    })
    const same = await request(registry, [linux('amd64')], A, { tags: ['latest'], forward: undefined })
    const wide = await request(registry, [linux('amd64'), linux('arm64')], A, {
      tags: ['latest'],
      forward: undefined
    })
    // HEAD 3 of latest is the re-read before our PUT: another one-platform publish has landed, so the tag
    // is checked again; while that check reads the tag, a two-platform publish lands too.
    let heads = 0
    let armed = false
    registry.onHeadManifest = async (ref) => {
      if (ref.tag !== 'latest' || ++heads < 3) return
      registry.onHeadManifest = undefined
      await publish(registry, same)
      armed = true
    }
    const get = registry.getManifest.bind(registry)
    registry.getManifest = async (ref) => {
      const found = await get(ref)
      if (armed && ref.tag === 'latest') {
        armed = false
        await publish(registry, wide)
      }
      return found
    }
    const error = await refusal(publish(registry, narrow))
    expect(error.kind).toBe('conflict')
    expect(error.message).toContain('linux/arm64')
    const now = await get({ ...target, tag: 'latest' })
    expect(now.parsed.kind === 'index' ? now.parsed.index.manifests.length : 0).toBe(2)
  })

  test('a read-back that fails fails the run and names every tag that had moved', async () => {
    const registry = new MemoryRegistry()
    const req = await request(registry, [linux('amd64')], A, { tags: ['latest', 'edge'] })
    const head = registry.headManifest.bind(registry)
    registry.headManifest = (ref) =>
      ref.tag === 'latest' && registry.tagged(target, 'latest') !== undefined
        ? Promise.reject(new ActionError('registry', 'HEAD latest answered 500'))
        : head(ref)
    const error = await rejected(publish(registry, req))
    expect(error.message).toBe('HEAD latest answered 500')
    // edge's re-read and PUT did not wait for latest's read-back; both moved, and the error says so.
    expect(error.refsMoved).toEqual(['mem.example/acme/app:latest', 'mem.example/acme/app:edge'])
    expect(registry.tagged(target, 'edge')).toBe(registry.tagged(target, 'latest'))
  })

  test('a tag PUT that fails after another tag moved names the tag that moved', async () => {
    const registry = new MemoryRegistry()
    const req = await request(registry, [linux('amd64')], A, { tags: ['latest', 'edge'] })
    const put = registry.putManifest.bind(registry)
    registry.putManifest = (ref, bytes, mediaType) =>
      ref.tag === 'edge' && !ref.digest
        ? Promise.reject(new ActionError('registry', 'PUT edge answered 500'))
        : put(ref, bytes, mediaType)
    const error = await rejected(publish(registry, req))
    expect(error.message).toBe('PUT edge answered 500')
    expect(error.refsMoved).toEqual(['mem.example/acme/app:latest'])
  })
})

/** A registry whose tags are immutable, as ECR's can be: a PUT under an existing tag is refused. */
function immutableTags(registry: MemoryRegistry): MemoryRegistry {
  const put = registry.putManifest.bind(registry)
  registry.putManifest = (ref, bytes, mediaType) =>
    ref.tag && !ref.digest && registry.tagged(ref, ref.tag) !== undefined
      ? Promise.reject(new ActionError('registry', `TAG_INVALID: tag ${ref.tag} is immutable`))
      : put(ref, bytes, mediaType)
  return registry
}

const tagWrites = (registry: MemoryRegistry): string[] =>
  registry.writes.filter((w) => w.kind === 'tag').map((w) => w.name)

describe('a tag already at the index is not written again', () => {
  test('a re-run of the same publish writes no tag; each is reported unchanged and published', async () => {
    const registry = new MemoryRegistry()
    const req = await request(registry, [linux('amd64'), linux('arm64')], A)
    const first = await publish(registry, req)
    const written = tagWrites(registry).length
    const again = await publish(registry, req)
    expect(again.assembled.digest).toBe(first.assembled.digest)
    expect(tagWrites(registry)).toHaveLength(written)
    expect(again.tagging?.unchanged).toEqual(['latest', 'edge'])
    expect(again.refs).toEqual(first.refs)
  })

  test('immutable tags (ECR): the re-run is green', async () => {
    const registry = immutableTags(new MemoryRegistry())
    const req = await request(registry, [linux('amd64')], A)
    await publish(registry, req)
    const again = await publish(registry, req)
    expect(again.refused).toBeUndefined()
    expect(again.refs).toEqual(['mem.example/acme/app:latest', 'mem.example/acme/app:edge'])
  })

  test('only the tags already there are spared: a new tag beside them is written', async () => {
    const registry = new MemoryRegistry()
    const req = await request(registry, [linux('amd64')], A)
    await publish(registry, req)
    const before = tagWrites(registry).length
    const again = await publish(registry, { ...req, tags: ['latest', 'v2'] })
    expect(tagWrites(registry).slice(before)).toEqual(['v2'])
    expect(again.tagging?.unchanged).toEqual(['latest'])
  })

  test('a tag at the index when checked but moved before the write is re-checked and written', async () => {
    const registry = new MemoryRegistry()
    const req = await request(registry, [linux('amd64')], A, { tags: ['latest'], forward: undefined })
    const first = await publish(registry, req)
    const other = registry.seedManifest(
      target,
      Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}'),
      'application/vnd.oci.image.index.v1+json'
    )
    // The first check reads the tag (HEAD, then GET); another publish moves it right after that check.
    const get = registry.getManifest.bind(registry)
    let moved = false
    registry.getManifest = async (ref) => {
      const found = await get(ref)
      if (!moved && ref.tag === 'latest') {
        moved = true
        registry.seedManifest(
          target,
          (await get({ ...target, digest: other })).bytes,
          found.mediaType,
          'latest'
        )
      }
      return found
    }
    const before = tagWrites(registry).length
    const again = await publish(registry, req)
    expect(moved).toBe(true)
    expect(tagWrites(registry).slice(before)).toEqual(['latest'])
    expect(again.tagging?.unchanged).toEqual([])
    expect(registry.tagged(target, 'latest')).toBe(first.assembled.digest)
  })

  test('forward-only still decides: a tag on a newer commit is skipped, not reported unchanged', async () => {
    const registry = new MemoryRegistry()
    await publish(registry, await request(registry, [linux('amd64')], B))
    const a = await publish(registry, await request(registry, [linux('amd64')], A))
    expect(a.tagging?.unchanged).toEqual([])
    expect(a.tagging?.skipped.map((s) => s.tag)).toEqual(['latest', 'edge'])
  })
})
