/**
 * The publish protocol (the only code that moves tags) against the in-memory registry: the order of
 * writes and what may move when. The same protocol runs against real registries in
 * integration/merge.test.ts and e2e/merge.test.ts.
 */
import { describe, expect, test } from '@jest/globals'
import type { Platform } from '../../src/oci/types.js'
import { publishIndex, type PublishOutcome } from '../../src/publish/publish.js'
import type { PublishRequest } from '../../src/publish/request.js'
import type { LocatedImage } from '../../src/publish/sources.js'
import { resolveSources } from '../../src/publish/sources.js'
import { MemoryRegistry, seedImage } from '../support/memory-registry.js'
import { ActionError } from '../../src/errors.js'
import { errorForResponse } from '../../src/registry/errors.js'
import { rejected } from '../support/thrown.js'

/** A request with the images the sources gave: what publishIndex takes, as two arguments. */
type Order = PublishRequest & { images: readonly LocatedImage[] }

function publish(registry: MemoryRegistry, { images, ...request }: Order): Promise<PublishOutcome> {
  return publishIndex(registry, request, images)
}

const target = { registry: 'mem.example', repository: 'acme/app' }
const legs = { registry: 'mem.example', repository: 'acme/legs' }
const linux = (architecture: string, variant?: string): Platform => ({
  os: 'linux',
  architecture,
  ...(variant ? { variant } : {})
})

async function request(
  registry: MemoryRegistry,
  platforms: Platform[],
  overrides: Partial<Order> = {},
  sourcesOf: (p: Platform) => { configPlatform?: Platform } = () => ({})
): Promise<Order> {
  const refs = platforms.map((p) => ({ ...legs, digest: seedImage(registry, legs, p, sourcesOf(p)).digest }))
  return {
    target,
    tags: ['latest', '1.0'],
    platforms,
    images: await resolveSources(registry, refs),
    annotations: {},
    mediaType: 'oci',
    checkBinaries: false,
    dryRun: false,
    ...overrides
  }
}

const kinds = (registry: MemoryRegistry): string[] => registry.writes.map((w) => w.kind)

describe('publishIndex', () => {
  test('children and the index by digest first, tags last', async () => {
    const registry = new MemoryRegistry()
    const outcome = await publish(registry, await request(registry, [linux('amd64'), linux('arm64')]))
    expect(outcome.verification?.result.ok).toBe(true)
    const firstTag = kinds(registry).indexOf('tag')
    expect(firstTag).toBeGreaterThan(0)
    expect(kinds(registry).slice(firstTag)).toEqual(['tag', 'tag'])
    expect(registry.writes[firstTag - 1]).toMatchObject({
      kind: 'manifest',
      digest: outcome.assembled.digest
    })
    expect(registry.tagged(target, 'latest')).toBe(outcome.assembled.digest)
    expect(outcome.refs).toEqual(['mem.example/acme/app:latest', 'mem.example/acme/app:1.0'])
  })

  test('a failed verification moves no tag', async () => {
    const registry = new MemoryRegistry()
    // A mislabelled image: its source index would say arm64, its config says amd64.
    const req = await request(registry, [linux('amd64'), linux('arm64')], {}, (p) =>
      p.architecture === 'arm64' ? { configPlatform: linux('amd64') } : {}
    )
    // Resolution read amd64 from the config; a source index entry would have claimed arm64.
    const images = req.images.map((image, i) => (i === 1 ? { ...image, platform: linux('arm64') } : image))
    const outcome = await publish(registry, { ...req, images })
    expect(outcome.verification?.result.ok).toBe(false)
    expect(outcome.refs).toEqual([])
    expect(kinds(registry)).not.toContain('tag')
    expect(registry.tagged(target, 'latest')).toBeUndefined()
  })

  test('a requested platform no source has fails before the first write', async () => {
    const registry = new MemoryRegistry()
    const req = await request(registry, [linux('amd64')])
    const error = await rejected(publish(registry, { ...req, platforms: [linux('amd64'), linux('s390x')] }))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toBe('no source has linux/s390x: the sources give linux/amd64')
    expect(error.hint).toContain('nothing was written')
    expect(registry.writes).toEqual([])
  })

  test('a dry run writes nothing', async () => {
    const registry = new MemoryRegistry()
    const outcome = await publish(registry, await request(registry, [linux('amd64')], { dryRun: true }))
    expect(outcome.dryRun).toBe(true)
    expect(registry.writes).toEqual([])
  })

  test('no-regress: a tag that has more platforms now does not move', async () => {
    const registry = new MemoryRegistry()
    const wide = await publish(
      registry,
      await request(registry, [linux('amd64'), linux('arm64'), linux('s390x')])
    )
    expect(registry.tagged(target, 'latest')).toBe(wide.assembled.digest)
    const narrow = await publish(
      registry,
      await request(registry, [linux('amd64')], { noRegress: { kind: 'previous-tags' } })
    )
    expect(narrow.verification?.result.ok).toBe(false)
    expect(narrow.verification?.result.problems.join('\n')).toContain('linux/arm64')
    expect(registry.tagged(target, 'latest')).toBe(wide.assembled.digest)
    expect(registry.tagged(target, '1.0')).toBe(wide.assembled.digest)
  })

  test('no-regress: a superset moves the tags', async () => {
    const registry = new MemoryRegistry()
    await publish(registry, await request(registry, [linux('amd64')]))
    const wider = await publish(
      registry,
      await request(registry, [linux('amd64'), linux('arm64')], { noRegress: { kind: 'previous-tags' } })
    )
    expect(wider.verification?.result.ok).toBe(true)
    expect(registry.tagged(target, 'latest')).toBe(wider.assembled.digest)
  })
})

/**
 * Every call to the registry as it starts and ends, in order; `hold` makes a call wait until `release`
 * is called (or `ms` pass, so a protocol that does not overlap the two fails its assertions, not by hanging).
 */
function traced(registry: MemoryRegistry): {
  events: string[]
  hold: (name: string, until: Promise<void>, ms?: number) => void
  started: (name: string) => Promise<void>
} {
  const events: string[] = []
  const holds = new Map<string, Promise<void>>()
  const waiting = new Map<string, () => void>()
  const startedOnce = new Map<string, Promise<void>>()
  const nameOf = (method: string, ref: { repository: string; tag?: string; digest?: string }): string =>
    `${method} ${ref.repository}${ref.tag && !ref.digest ? `:${ref.tag}` : ''}${ref.digest === indexDigest.value ? '@index' : ''}`
  const wrap = <A extends unknown[], R>(
    method: string,
    fn: (...args: A) => Promise<R>,
    refOf: (...args: A) => { repository: string; tag?: string; digest?: string }
  ): ((...args: A) => Promise<R>) => {
    return async (...args: A): Promise<R> => {
      const name = nameOf(method, refOf(...args))
      events.push(`start ${name}`)
      waiting.get(name)?.()
      const hold = holds.get(name)
      if (hold) {
        holds.delete(name)
        await hold
      }
      try {
        return await fn(...args)
      } finally {
        events.push(`end ${name}`)
      }
    }
  }
  registry.putManifest = wrap('put', registry.putManifest.bind(registry), (ref) => ref)
  registry.headManifest = wrap('head', registry.headManifest.bind(registry), (ref) => ref)
  registry.getManifest = wrap('get', registry.getManifest.bind(registry), (ref) => ref)
  registry.readBlob = wrap('blob', registry.readBlob.bind(registry), (repo) => repo)
  return {
    events,
    hold: (name, until, ms = 300) => {
      holds.set(name, Promise.race([until, new Promise<void>((resolve) => setTimeout(resolve, ms))]))
    },
    started: (name) => {
      let promise = startedOnce.get(name)
      if (!promise) {
        promise = new Promise<void>((resolve) => waiting.set(name, resolve))
        startedOnce.set(name, promise)
      }
      return promise
    }
  }
}

/** The digest of the index a test's publishIndex will push, for naming its PUT in the trace. */
const indexDigest: { value: string | undefined } = { value: undefined }

async function tracedRequest(platforms: Platform[]): Promise<{
  registry: MemoryRegistry
  req: Order
  trace: ReturnType<typeof traced>
}> {
  const registry = new MemoryRegistry()
  const req = await request(registry, platforms, { tags: ['latest'] })
  const dry = await publish(new MemoryRegistry(), { ...req, dryRun: true })
  indexDigest.value = dry.assembled.digest
  return { registry, req, trace: traced(registry) }
}

const at = (events: string[], event: string): number => {
  const i = events.indexOf(event)
  if (i < 0) throw new Error(`no "${event}" in:\n${events.join('\n')}`)
  return i
}
const lastAt = (events: string[], prefix: string): number =>
  events.reduce((last, e, i) => (e.startsWith(prefix) ? i : last), -1)

describe('publishIndex: reads that need not wait, and writes that must', () => {
  test('verification reads start while the index PUT by digest is in flight', async () => {
    const { registry, req, trace } = await tracedRequest([linux('amd64'), linux('arm64')])
    // The PUT answers only once verification has begun reading (a config of the target repository).
    trace.hold('put acme/app@index', trace.started('blob acme/app'))
    const outcome = await publish(registry, req)
    const { events } = trace
    expect(outcome.verification?.result.ok).toBe(true)
    expect(at(events, 'start blob acme/app')).toBeLessThan(at(events, 'end put acme/app@index'))
    // The tag still waits for the PUT and for every verification read.
    expect(at(events, 'start put acme/app:latest')).toBeGreaterThan(at(events, 'end put acme/app@index'))
    expect(at(events, 'start put acme/app:latest')).toBeGreaterThan(lastAt(events, 'end blob acme/app'))
  })

  test("the tags' first reads start before verification has ended; the PUT waits for both", async () => {
    const { registry, req, trace } = await tracedRequest([linux('amd64'), linux('arm64')])
    // Verification's reads answer only once the tag has been read.
    trace.hold('blob acme/app', trace.started('head acme/app:latest'))
    const outcome = await publish(registry, req)
    const { events } = trace
    expect(outcome.refs).toEqual(['mem.example/acme/app:latest'])
    const firstHead = at(events, 'start head acme/app:latest')
    expect(firstHead).toBeLessThan(lastAt(events, 'end blob acme/app'))
    // Right before the tag PUT: a re-read of the tag after verification; right after it: the read-back.
    const put = at(events, 'start put acme/app:latest')
    expect(events.slice(put - 2, put)).toEqual(['start head acme/app:latest', 'end head acme/app:latest'])
    expect(put - 2).toBeGreaterThan(lastAt(events, 'end blob acme/app'))
    expect(events.slice(put + 1, put + 3)).toEqual(['end put acme/app:latest', 'start head acme/app:latest'])
  })

  test('an index PUT that fails writes no tag, whatever the reads begun meanwhile found', async () => {
    const { registry, req, trace } = await tracedRequest([linux('amd64')])
    const put = registry.putManifest.bind(registry)
    let tagReadMeanwhile = false
    registry.putManifest = async (ref, bytes, mediaType) => {
      if (ref.digest === indexDigest.value) {
        const tagRead = trace.started('head acme/app:latest').then(() => true)
        tagReadMeanwhile = await Promise.race([
          tagRead,
          new Promise<boolean>((r) => setTimeout(r, 300, false))
        ])
        throw new ActionError('registry', 'PUT index answered 500')
      }
      return put(ref, bytes, mediaType)
    }
    const error = await rejected(publish(registry, req))
    expect(error.message).toBe('PUT index answered 500')
    expect(tagReadMeanwhile).toBe(true)
    expect(registry.writes.filter((w) => w.kind === 'tag')).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(registry.writes.filter((w) => w.kind === 'tag')).toEqual([])
  })

  test('no-regress: what the tags point to now is read while the evidence is gathered', async () => {
    const { registry, req, trace } = await tracedRequest([linux('amd64')])
    await publish(registry, req)
    const again = await request(registry, [linux('amd64'), linux('arm64')], {
      tags: ['latest'],
      noRegress: { kind: 'previous-tags' }
    })
    trace.events.length = 0
    indexDigest.value = (await publish(new MemoryRegistry(), { ...again, dryRun: true })).assembled.digest
    // The first read of the tag's content answers only once verification has begun reading configs.
    trace.hold('get acme/app:latest', trace.started('blob acme/app'))
    const outcome = await publish(registry, again)
    expect(outcome.verification?.result.ok).toBe(true)
    expect(at(trace.events, 'start blob acme/app')).toBeLessThan(at(trace.events, 'end get acme/app:latest'))
    expect(registry.tagged(target, 'latest')).toBe(outcome.assembled.digest)
  })

  test("a tag's read-back overlaps the next tag's re-read; each PUT follows its own re-read", async () => {
    const registry = new MemoryRegistry()
    const req = await request(registry, [linux('amd64')], { tags: ['latest', 'edge'] })
    indexDigest.value = (await publish(new MemoryRegistry(), { ...req, dryRun: true })).assembled.digest
    const trace = traced(registry)
    // The read-back of latest (a HEAD after its PUT) answers only once edge is being re-read.
    const edgeReread = new Promise<void>((resolve) => {
      registry.onHeadManifest = async (ref) => {
        const heads = trace.events.filter((e) => e === 'start head acme/app:edge').length
        if (ref.tag === 'edge' && heads === 2) resolve()
        if (ref.tag === 'latest' && registry.tagged(target, 'latest') === indexDigest.value) {
          await Promise.race([edgeReread, new Promise((r) => setTimeout(r, 300))])
        }
      }
    })
    const outcome = await publish(registry, req)
    const { events } = trace
    expect(outcome.refs).toEqual(['mem.example/acme/app:latest', 'mem.example/acme/app:edge'])
    expect(outcome.tagging?.raced).toEqual([])
    const putLatest = at(events, 'start put acme/app:latest')
    const putEdge = at(events, 'start put acme/app:edge')
    const readBackLatest = events.indexOf('start head acme/app:latest', putLatest)
    const rereadEdge = events.lastIndexOf('start head acme/app:edge', putEdge)
    expect(readBackLatest).toBeGreaterThan(at(events, 'end put acme/app:latest'))
    expect(rereadEdge).toBeLessThan(events.indexOf('end head acme/app:latest', readBackLatest))
    // Right before each PUT, that tag's re-read; edge's after latest's PUT has been answered.
    expect(events.slice(putLatest - 2, putLatest)).toEqual([
      'start head acme/app:latest',
      'end head acme/app:latest'
    ])
    expect(events.indexOf('end head acme/app:edge', rereadEdge)).toBeLessThan(putEdge)
    expect(rereadEdge).toBeGreaterThan(at(events, 'end put acme/app:latest'))
    expect(events.indexOf('start head acme/app:edge', putEdge)).toBeGreaterThan(
      at(events, 'end put acme/app:edge')
    )
  })

  test('a failed verification is the answer even when a tag read failed meanwhile', async () => {
    const registry = new MemoryRegistry()
    const req = await request(registry, [linux('amd64'), linux('arm64')], {}, (p) =>
      p.architecture === 'arm64' ? { configPlatform: linux('amd64') } : {}
    )
    const images = req.images.map((image, i) => (i === 1 ? { ...image, platform: linux('arm64') } : image))
    const head = registry.headManifest.bind(registry)
    registry.headManifest = (ref) =>
      ref.tag && !ref.digest
        ? Promise.reject(new ActionError('registry', 'HEAD tag answered 500'))
        : head(ref)
    const outcome = await publish(registry, { ...req, images })
    expect(outcome.verification?.result.ok).toBe(false)
    expect(registry.writes.filter((w) => w.kind === 'tag')).toEqual([])
  })
})

describe('media-type auto on a registry that refuses Docker lists (OCI only, as zot)', () => {
  const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'
  const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json'
  const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'

  /** A Docker v2 image (what the classic store pushes) in `legs`. */
  function seedDockerImage(registry: MemoryRegistry, platform: Platform): string {
    const layer = Buffer.from(`layer ${platform.architecture}`)
    const config = Buffer.from(JSON.stringify({ ...platform, rootfs: { type: 'layers', diff_ids: [] } }))
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: DOCKER_MANIFEST,
        config: {
          mediaType: 'application/vnd.docker.container.image.v1+json',
          digest: registry.seedBlob(legs, config),
          size: config.length
        },
        layers: [
          {
            mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
            digest: registry.seedBlob(legs, layer),
            size: layer.length
          }
        ]
      })
    )
    return registry.seedManifest(legs, manifest, DOCKER_MANIFEST)
  }

  /** The registry's answer to a Docker list, as zot gives it: 400 MANIFEST_INVALID naming the media type. */
  function refusingDockerLists(registry: MemoryRegistry): MemoryRegistry {
    const put = registry.putManifest.bind(registry)
    registry.putManifest = (ref, bytes, mediaType) =>
      mediaType === DOCKER_LIST
        ? Promise.reject(
            errorForResponse({
              method: 'PUT',
              url: `https://${ref.registry}/v2/${ref.repository}/manifests/${ref.digest ?? ref.tag ?? ''}`,
              status: 400,
              body: JSON.stringify({
                errors: [
                  {
                    code: 'MANIFEST_INVALID',
                    message: 'manifest invalid',
                    detail: `unsupported media type ${DOCKER_LIST}`
                  }
                ]
              }),
              what: 'manifest PUT'
            })
          )
        : put(ref, bytes, mediaType)
    return registry
  }

  async function dockerRequest(registry: MemoryRegistry, mediaType: 'auto' | 'docker'): Promise<Order> {
    const platforms = [linux('amd64'), linux('arm64')]
    const refs = platforms.map((p) => ({ ...legs, digest: seedDockerImage(registry, p) }))
    return {
      target,
      tags: ['latest'],
      platforms,
      images: await resolveSources(registry, refs),
      annotations: {},
      defaultAnnotations: { 'org.opencontainers.image.revision': 'a'.repeat(40) },
      mediaType,
      checkBinaries: false,
      dryRun: false
    }
  }

  test('auto: the OCI index is pushed, verified and tagged instead; the refusal is reported', async () => {
    const registry = refusingDockerLists(new MemoryRegistry())
    const outcome = await publish(registry, await dockerRequest(registry, 'auto'))
    expect(outcome.assembled.mediaType).toBe(OCI_INDEX)
    expect(outcome.verification?.result.ok).toBe(true)
    expect(outcome.verification?.result.digest).toBe(outcome.assembled.digest)
    expect(registry.tagged(target, 'latest')).toBe(outcome.assembled.digest)
    expect(outcome.mediaTypeFallback).toContain(DOCKER_LIST)
  })

  test('auto: the OCI index carries the default annotations a Docker list could not', async () => {
    const registry = refusingDockerLists(new MemoryRegistry())
    const outcome = await publish(registry, await dockerRequest(registry, 'auto'))
    expect(outcome.assembled.index.annotations).toEqual({
      'org.opencontainers.image.revision': 'a'.repeat(40)
    })
  })

  test('auto: every tag written points to the OCI index', async () => {
    const registry = refusingDockerLists(new MemoryRegistry())
    const outcome = await publish(registry, await dockerRequest(registry, 'auto'))
    const tags = registry.writes.filter((w) => w.kind === 'tag')
    expect(tags.map((w) => w.digest)).toEqual([outcome.assembled.digest])
  })

  test('docker asked for: no fallback, the refusal fails the run in its words, no tag moves', async () => {
    const registry = refusingDockerLists(new MemoryRegistry())
    const error = await rejected(publish(registry, await dockerRequest(registry, 'docker')))
    expect(error.message).toContain(DOCKER_LIST)
    expect(error.hint).toContain('media-type: oci')
    expect(registry.writes.filter((w) => w.kind === 'tag')).toEqual([])
  })

  test('a registry that takes Docker lists gets one, with no fallback', async () => {
    const registry = new MemoryRegistry()
    const outcome = await publish(registry, await dockerRequest(registry, 'auto'))
    expect(outcome.assembled.mediaType).toBe(DOCKER_LIST)
    expect(outcome.mediaTypeFallback).toBeUndefined()
  })
})

describe('resolveSources', () => {
  test('hands each image over as soon as it is located, while later sources are still unread', async () => {
    const registry = new MemoryRegistry()
    const platforms = [linux('amd64'), linux('arm64'), linux('s390x')]
    const refs = platforms.map((p) => ({ ...legs, digest: seedImage(registry, legs, p).digest }))
    // Each single image costs two reads (its manifest, then its config); one source at a time.
    const readsWhenLocated: number[] = []
    const located: string[] = []
    const images = await resolveSources(registry, refs, {
      concurrency: 1,
      onLocated: (image) => {
        readsWhenLocated.push(registry.requests)
        located.push(`${image.descriptor.digest} ${image.platform.architecture}`)
      }
    })
    expect(located).toEqual(images.map((i) => `${i.descriptor.digest} ${i.platform.architecture}`))
    expect(readsWhenLocated).toEqual([2, 4, 6])
  })
})
