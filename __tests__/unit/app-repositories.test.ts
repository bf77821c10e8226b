/**
 * Several repositories and registries in one publish (docker/metadata-action with several `images`),
 * through the composition root with in-memory edges: one build, the index in every repository, each
 * verified and attested there, the tags moved only once every repository is; a registry refusing
 * anything before the tag phase moves no tag anywhere. The real registries are the integration and e2e
 * tests' (registry-repositories).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { layerPrefetch } from '../../src/app/adapters.js'
import type { Command } from '../../src/app/host.js'
import { run, type Edges } from '../../src/app/run.js'
import { ActionError } from '../../src/errors.js'
import { writeTagsEverywhere, type CheckedTags } from '../../src/publish/tags.js'
import type { Builder, BuildResult } from '../../src/modes/ports.js'
import type { BlobCopyResult, Repository } from '../../src/registry/ports.js'
import type { ImageReference } from '../../src/reference/reference.js'
import { fakeHost, type Seen } from '../support/fake-host.js'
import { MemoryReferrers } from '../support/memory-referrers.js'
import { MemoryRegistry, seedImage, sha256 } from '../support/memory-registry.js'
import { tarBytes } from '../support/tar-writer.js'

const primary = { registry: 'ghcr.example', repository: 'acme/app' }
const hub = { registry: 'hub.example', repository: 'acme/app' }
const sibling = { registry: 'ghcr.example', repository: 'acme/app-mirror' }
const REPOSITORIES = [primary, hub, sibling]
const name = (r: Repository): string => `${r.registry}/${r.repository}`

/** What docker/metadata-action emits for `images: ghcr.example/acme/app,hub.example/acme/app,…`. */
const TAGS = [
  'ghcr.example/acme/app:1.2.0',
  'ghcr.example/acme/app:latest',
  'hub.example/acme/app:1.2.0',
  'hub.example/acme/app:latest',
  'ghcr.example/acme/app-mirror:latest'
].join('\n')

const PUBLISH: Record<string, string> = {
  image: 'ghcr.example/acme/app',
  tags: TAGS,
  platforms: 'linux/amd64,linux/arm64',
  'check-binaries': 'false'
}

let reportDir = ''
beforeAll(async () => {
  reportDir = await mkdtemp(path.join(tmpdir(), 'app-repositories-'))
})
afterAll(async () => {
  await rm(reportDir, { recursive: true, force: true })
})

/** Pushes one small image per platform into `image`'s repository only (the build pushes once). */
function fakeBuilder(registry: MemoryRegistry): Builder & { builds: Repository[]; layers: string[] } {
  const builder = {
    builds: [] as Repository[],
    layers: [] as string[],
    build: (request: Parameters<Builder['build']>[0]): Promise<BuildResult> => {
      builder.builds.push(request.target)
      const digests = new Map(
        request.platforms.map((p) => {
          // A layer tar with no ELF file: verification reads it to its end and passes with a note.
          const tar = Buffer.from(tarBytes([{ path: 'etc/platform', content: `${p.os}/${p.architecture}` }]))
          builder.layers.push(sha256(tar))
          const image = seedImage(registry, request.target, p, { layer: { tar, entrypoint: ['/bin/sh'] } })
          return [`${p.os}/${p.architecture}`, image.digest]
        })
      )
      return Promise.resolve({
        runs: [],
        digests,
        metadata: new Map(),
        stagingRefs: new Map(),
        emulation: { before: [], installed: [], after: [] },
        driver: 'fake',
        tasks: []
      })
    }
  }
  return builder
}

/** One in-memory store for every registry (as the real client is one client for all), counting layer reads. */
class Registries extends MemoryRegistry {
  blobReads: { repository: string; digest: string }[] = []
  override readBlob(r: Repository, digest: string): Promise<Buffer> {
    this.blobReads.push({ repository: name(r), digest })
    return super.readBlob(r, digest)
  }
}

async function runWith(
  command: Command,
  inputs: Record<string, string>,
  registry = new Registries(),
  referrers?: MemoryReferrers
): Promise<{ seen: Seen; registry: Registries; builder: ReturnType<typeof fakeBuilder> }> {
  const builder = fakeBuilder(registry)
  const edges: Edges = {
    registry: () => registry,
    builder: () => builder,
    prefetch: (source) => layerPrefetch(source),
    ...(referrers ? { referrers: () => referrers } : {}),
    env: {}
  }
  const { host, seen } = fakeHost(inputs, { reportDir })
  await run(command, host, edges)
  return { seen, registry, builder }
}

const tagWrites = (registry: MemoryRegistry): string[] =>
  registry.writes.filter((w) => w.kind === 'tag').map((w) => `${w.repository}:${w.name}`)

describe('publish: one build, every repository', () => {
  test('the index in each repository under its tags; outputs name every ref and each repository', async () => {
    const { seen, registry, builder } = await runWith('publish', PUBLISH)
    expect(seen.failures).toEqual([])
    expect(builder.builds).toEqual([primary])
    const digest = registry.tagged(primary, 'latest') ?? 'none'
    for (const [repo, tags] of [
      [primary, ['1.2.0', 'latest']],
      [hub, ['1.2.0', 'latest']],
      [sibling, ['latest']]
    ] as const) {
      for (const tag of tags) expect(registry.tagged(repo, tag)).toBe(digest)
    }
    expect(seen.outputs.get('digest')).toBe(digest)
    expect(JSON.parse(seen.outputs.get('refs') ?? '[]')).toEqual(TAGS.split('\n'))
    expect(JSON.parse(seen.outputs.get('repositories') ?? '{}')).toEqual({
      'ghcr.example/acme/app': digest,
      'hub.example/acme/app': digest,
      'ghcr.example/acme/app-mirror': digest
    })
    expect(seen.outputs.get('verified')).toBe('true')
  })

  test('children copied to the other registry, mounted within the same one; every index PUT by digest before any tag', async () => {
    const { registry } = await runWith('publish', PUBLISH)
    const blobs = (repo: Repository): number =>
      registry.writes.filter((w) => w.kind === 'blob' && w.repository === repo.repository).length
    // Two platforms, a config and a layer each: into hub (copied) and into the mirror (mounted); none into
    // the primary, where the build pushed them.
    expect(blobs(sibling)).toBe(4)
    expect(registry.writes.filter((w) => w.kind === 'blob').length).toBe(8)
    const firstTag = registry.writes.findIndex((w) => w.kind === 'tag')
    const lastManifest = registry.writes.map((w) => w.kind).lastIndexOf('manifest')
    expect(firstTag).toBeGreaterThan(lastManifest)
  })

  test('one row per repository in the summary and the report', async () => {
    const { seen } = await runWith('publish', PUBLISH)
    const summary = seen.summaries.join('\n')
    for (const repo of REPOSITORIES)
      expect(summary).toMatch(new RegExp(`\\| \`${name(repo)}\` \\| \`sha256:`))
    const report = JSON.parse(await readFile(seen.outputs.get('report') ?? '', 'utf8')) as {
      repositories: { repository: string; verified: boolean; refs: string[] }[]
    }
    expect(report.repositories.map((r) => [r.repository, r.verified, r.refs.length])).toEqual([
      ['ghcr.example/acme/app', true, 2],
      ['hub.example/acme/app', true, 2],
      ['ghcr.example/acme/app-mirror', true, 1]
    ])
  })

  test('each layer is read once for the run, however many repositories verify it (merge: no read ahead)', async () => {
    const registry = new Registries()
    const legs = { registry: 'ghcr.example', repository: 'acme/legs' }
    const layers: string[] = []
    const sources = (['amd64', 'arm64'] as const).map((architecture) => {
      const tar = Buffer.from(tarBytes([{ path: 'etc/platform', content: architecture }]))
      layers.push(sha256(tar))
      const image = seedImage(
        registry,
        legs,
        { os: 'linux', architecture },
        { layer: { tar, entrypoint: ['/bin/sh'] } }
      )
      return `ghcr.example/acme/legs@${image.digest}`
    })
    const { seen } = await runWith(
      'merge',
      { ...PUBLISH, sources: sources.join('\n'), 'verify-layers': 'all' },
      registry
    )
    expect(seen.failures).toEqual([])
    expect(JSON.parse(seen.outputs.get('refs') ?? '[]')).toHaveLength(5)
    // Read once, by the first repository's verification to get there; the others reuse the scan.
    for (const layer of layers) {
      expect(registry.blobReads.filter((r) => r.digest === layer)).toHaveLength(1)
    }
  })

  test('merge: existing sources published into two registries at once', async () => {
    const registry = new Registries()
    const legs = { registry: 'ghcr.example', repository: 'acme/legs' }
    const amd64 = seedImage(registry, legs, { os: 'linux', architecture: 'amd64' }).digest
    const { seen } = await runWith(
      'merge',
      {
        image: 'ghcr.example/acme/app',
        tags: 'ghcr.example/acme/app:v1,hub.example/acme/app:v1',
        sources: `ghcr.example/acme/legs@${amd64}`,
        'check-binaries': 'false'
      },
      registry
    )
    expect(seen.failures).toEqual([])
    expect(registry.tagged(hub, 'v1')).toBe(registry.tagged(primary, 'v1'))
    expect(tagWrites(registry).sort()).toEqual(['acme/app:v1', 'acme/app:v1'])
  })

  test("tags only in other repositories: the index by digest in image's, tags where they were named", async () => {
    const { seen, registry } = await runWith('publish', { ...PUBLISH, tags: 'hub.example/acme/app:edge' })
    expect(seen.failures).toEqual([])
    expect(registry.tagged(hub, 'edge')).toBe(seen.outputs.get('digest'))
    expect(tagWrites(registry)).toEqual(['acme/app:edge'])
  })
})

describe('a dry run', () => {
  test('names every repository the index would go to and writes nothing', async () => {
    const registry = new Registries()
    const legs = { registry: 'ghcr.example', repository: 'acme/legs' }
    const amd64 = seedImage(registry, legs, { os: 'linux', architecture: 'amd64' }).digest
    const { seen } = await runWith(
      'merge',
      { ...PUBLISH, sources: `ghcr.example/acme/legs@${amd64}`, platforms: '', 'dry-run': 'true' },
      registry
    )
    expect(seen.failures).toEqual([])
    expect(registry.writes).toEqual([])
    expect(seen.summaries.join('\n')).toContain(
      'and as `hub.example/acme/app:1.2.0`, `hub.example/acme/app:latest`, `ghcr.example/acme/app-mirror:latest`'
    )
  })
})

describe('a registry refusing anything before the tag phase moves no tag anywhere', () => {
  const denied = (): ActionError =>
    new ActionError('auth', 'PUT answered 403 denied: requested access to the resource is denied', {
      hint: 'grant push'
    })

  test('the other registry refuses the index PUT by digest', async () => {
    const registry = new Registries()
    const put = registry.putManifest.bind(registry)
    registry.putManifest = (ref: ImageReference, bytes: Uint8Array, mediaType: string) =>
      ref.registry === hub.registry ? Promise.reject(denied()) : put(ref, bytes, mediaType)
    const { seen } = await runWith('publish', PUBLISH, registry)
    expect(seen.failures.map((f) => f.exitCode)).toEqual([1])
    expect(seen.failures[0]?.line).toContain('403 denied')
    expect(tagWrites(registry)).toEqual([])
    expect(seen.outputs.get('verified')).toBe('false')
  })

  test('the other registry refuses the login: publish fails before building, nothing written', async () => {
    const registry = new Registries()
    const head = registry.headManifest.bind(registry)
    registry.headManifest = (ref: ImageReference) =>
      ref.registry === hub.registry
        ? Promise.reject(new ActionError('auth', 'HEAD answered 401', { hint: 'log in' }))
        : head(ref)
    const { seen, builder } = await runWith('publish', PUBLISH, registry)
    expect(seen.failures.map((f) => f.exitCode)).toEqual([1])
    expect(builder.builds).toEqual([])
    expect(registry.writes).toEqual([])
  })

  test('the other registry refuses a blob', async () => {
    const registry = new Registries()
    const copy = registry.copyBlob.bind(registry)
    registry.copyBlob = (from: Repository, to: Repository, digest: string): Promise<BlobCopyResult> =>
      to.registry === hub.registry ? Promise.reject(denied()) : copy(from, to, digest)
    const { seen } = await runWith('publish', PUBLISH, registry)
    expect(seen.failures.map((f) => f.exitCode)).toEqual([1])
    expect(tagWrites(registry)).toEqual([])
  })

  test('a tag in the other repository that must not move (no-regress): none moves in the first either', async () => {
    const registry = new Registries()
    // hub's latest has s390x, which this index lacks.
    seedImage(registry, hub, { os: 'linux', architecture: 's390x' }, { tag: 'latest' })
    const before = registry.writes.length
    const { seen } = await runWith('publish', { ...PUBLISH, 'no-regress': 'true' }, registry)
    expect(seen.failures.map((f) => f.exitCode)).toEqual([1])
    expect(seen.failures[0]?.line).toContain('no-regress')
    expect(tagWrites(registry).length).toBe(0)
    expect(registry.tagged(primary, 'latest')).toBeUndefined()
    expect(registry.writes.length).toBeGreaterThan(before)
  })
})

describe('the tag phase across repositories (writeTagsEverywhere)', () => {
  test('a tag that must not move in the second repository: nothing moves in the first either', async () => {
    const registry = new MemoryRegistry()
    const image = seedImage(registry, primary, { os: 'linux', architecture: 'amd64' })
    const index = {
      digest: image.digest,
      bytes: Buffer.alloc(0),
      mediaType: image.mediaType,
      platforms: [{ os: 'linux', architecture: 'amd64' }]
    }
    const first = { request: { target: primary, tags: ['latest'] }, index }
    const second = { request: { target: hub, tags: ['latest'] }, index }
    const moves: CheckedTags = {
      tags: [
        {
          decision: { tag: 'latest', action: 'move', message: 'latest: moved' },
          current: { exists: false },
          lost: []
        }
      ],
      archTags: new Map()
    }
    const refused: CheckedTags = {
      ...moves,
      tags: [
        {
          decision: { tag: 'latest', action: 'fail', message: 'latest is on a newer commit' },
          current: { exists: false },
          lost: []
        }
      ]
    }
    const writing = writeTagsEverywhere(registry, [
      { ...first, checked: moves },
      { ...second, checked: refused }
    ])
    await expect(writing).rejects.toThrow('latest is on a newer commit')
    expect(tagWrites(registry)).toEqual([])
  })
})

describe('one attestation per repository', () => {
  test('each repository gets a statement about its index, naming its own tags, before any tag moves', async () => {
    const registry = new Registries()
    const referrers = new MemoryReferrers()
    let attestedBeforeTag: number | undefined
    registry.beforeTagWrite = () => {
      attestedBeforeTag ??= referrers.kept.length
    }
    const { seen } = await runWith('publish', { ...PUBLISH, attest: 'unsigned' }, registry, referrers)
    expect(seen.failures).toEqual([])
    expect(attestedBeforeTag).toBe(3)
    const digest = seen.outputs.get('digest') ?? ''
    const tagsOf = (repo: Repository): string[] => {
      const [kept] = referrers.of(repo, digest)
      const statement = JSON.parse(kept?.bytes.toString('utf8') ?? '{}') as {
        predicate: Record<string, { tags?: string[] }>
      }
      return (
        Object.entries(statement.predicate).find(([k]) => k.endsWith('verification-detail-v1.json'))?.[1]
          .tags ?? []
      )
    }
    expect(tagsOf(primary)).toEqual(['1.2.0', 'latest'])
    expect(tagsOf(hub)).toEqual(['1.2.0', 'latest'])
    expect(tagsOf(sibling)).toEqual(['latest'])
  })
})

describe('tags input', () => {
  test.each([
    ['a digest', 'hub.example/acme/app@sha256:' + 'a'.repeat(64)],
    ['no tag', 'hub.example/acme/app']
  ])('a reference with %s is refused before anything is built or written', async (_, tag) => {
    const { seen, registry, builder } = await runWith('publish', { ...PUBLISH, tags: `latest,${tag}` })
    expect(seen.failures.map((f) => f.exitCode)).toEqual([2])
    expect(seen.failures[0]?.line).toContain('`tags`')
    expect(builder.builds).toEqual([])
    expect(registry.writes).toEqual([])
  })
})
