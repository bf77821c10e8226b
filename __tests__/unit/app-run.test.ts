/**
 * The composition root (app/run.ts) through a Host of its own and in-memory edges: inputs in, the mode
 * wired, outputs, summary, log line and failure out, as the action and the CLI see them. The real edges
 * (registry client, buildx) are tested in integration and e2e; here only what run.ts itself decides.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { layerPrefetch } from '../../src/app/adapters.js'
import type { Command } from '../../src/app/host.js'
import { run, type Edges } from '../../src/app/run.js'
import type { Builder, BuildRequest, BuildResult } from '../../src/modes/ports.js'
import { fakeHost, type Seen } from '../support/fake-host.js'
import { MemoryRegistry, seedImage } from '../support/memory-registry.js'

const target = { registry: 'mem.example', repository: 'acme/app' }
const PUBLISH: Record<string, string> = {
  image: 'mem.example/acme/app',
  tags: 'latest',
  platforms: 'linux/amd64,linux/arm64',
  // The in-memory images' layers are no tars: binaries are the verify tests' concern.
  'check-binaries': 'false'
}

let reportDir = ''
beforeAll(async () => {
  reportDir = await mkdtemp(path.join(tmpdir(), 'app-run-'))
})
afterAll(async () => {
  await rm(reportDir, { recursive: true, force: true })
})

/** Outside a workflow: no server or repository to link to. */
function hostFor(
  inputs: Record<string, string>,
  options: { summaryApart: boolean; runId?: string }
): ReturnType<typeof fakeHost> {
  return fakeHost(inputs, {
    reportDir,
    summaryApart: options.summaryApart,
    context: { serverUrl: '', repository: '', runId: options.runId ?? '' }
  })
}

/**
 * A builder that pushes one small image per platform into the target, the same image each time it is
 * asked for a platform (a reproducible build), and keeps every request it was given.
 */
function fakeBuilder(registry: MemoryRegistry): Builder & { requests: BuildRequest[] } {
  const images = new Map<string, string>()
  const requests: BuildRequest[] = []
  const build = (request: BuildRequest): Promise<BuildResult> => {
    requests.push(request)
    const digests = new Map(
      request.platforms.map((p) => {
        const name = `${p.os}/${p.architecture}`
        const digest = images.get(name) ?? seedImage(registry, target, p).digest
        images.set(name, digest)
        return [name, digest]
      })
    )
    const stagingRefs = new Map(
      request.stageAlways
        ? [...digests.keys()].map((p) => [p, `mem.example/acme/app:stage-${request.stagingId}-${p}`])
        : []
    )
    return Promise.resolve({
      runs: [],
      digests,
      metadata: new Map([...digests.keys()].map((p) => [p, { 'containerimage.digest': digests.get(p) }])),
      stagingRefs,
      emulation: { before: [], installed: [], after: [] },
      driver: 'fake',
      tasks: []
    })
  }
  return { build, requests }
}

function edgesOf(registry: MemoryRegistry, builder: Builder): Edges {
  return {
    registry: () => registry,
    builder: () => builder,
    prefetch: (source) => layerPrefetch(source)
  }
}

async function runWith(
  command: Command,
  inputs: Record<string, string>,
  options: { summaryApart?: boolean; runId?: string; registry?: MemoryRegistry } = {}
): Promise<{ seen: Seen; registry: MemoryRegistry; builder: ReturnType<typeof fakeBuilder> }> {
  const registry = options.registry ?? new MemoryRegistry()
  const builder = fakeBuilder(registry)
  const { host, seen } = hostFor(inputs, {
    summaryApart: options.summaryApart ?? true,
    ...(options.runId ? { runId: options.runId } : {})
  })
  await run(command, host, edgesOf(registry, builder))
  return { seen, registry, builder }
}

describe('publish through the composition root', () => {
  test('outputs name the index the tag points to, its platforms and refs; verified', async () => {
    const { seen, registry } = await runWith('publish', PUBLISH)
    expect(seen.failures).toEqual([])
    const digest = registry.tagged(target, 'latest')
    expect(seen.outputs.get('digest')).toBe(digest)
    expect(JSON.parse(seen.outputs.get('refs') ?? '')).toEqual(['mem.example/acme/app:latest'])
    expect(Object.keys(JSON.parse(seen.outputs.get('platforms') ?? '{}') as object).sort()).toEqual([
      'linux/amd64',
      'linux/arm64'
    ])
    expect(seen.outputs.get('verified')).toBe('true')
    expect(Object.keys(JSON.parse(seen.outputs.get('metadata') ?? '{}') as object).sort()).toEqual([
      'linux/amd64',
      'linux/arm64'
    ])
  })

  test('the summary written is the summary output; the report output is the JSON report', async () => {
    const { seen, registry } = await runWith('publish', PUBLISH)
    expect(seen.summaries).toHaveLength(1)
    expect(seen.outputs.get('summary')).toBe(seen.summaries[0])
    const report = JSON.parse(await readFile(seen.outputs.get('report') ?? '', 'utf8')) as Record<
      string,
      unknown
    >
    expect(report.digest).toBe(registry.tagged(target, 'latest'))
  })

  test('the builder is asked once, by digest, under a local staging id outside a workflow', async () => {
    const { builder } = await runWith('publish', PUBLISH)
    expect(builder.requests.map((r) => r.stageAlways)).toEqual([false])
    expect(builder.requests[0]?.stagingId).toMatch(/^local-\d+$/)
  })

  test('in a workflow, the builder is asked under the run id', async () => {
    const { builder } = await runWith('publish', PUBLISH, { runId: '4711' })
    expect(builder.requests.map((r) => r.stagingId)).toEqual(['4711'])
  })

  test('a summary apart from the log (the action) gets one published line in the log', async () => {
    const { seen } = await runWith('publish', PUBLISH, { summaryApart: true })
    expect(seen.info.filter((l) => l.startsWith('published '))).toHaveLength(1)
    expect(seen.info.find((l) => l.startsWith('published '))).toMatch(
      /^published mem\.example\/acme\/app:latest in \d+ ms: \d+ registry requests, 0 token requests$/
    )
  })

  test('a summary printed where the person reads (the terminal) gets no extra line', async () => {
    const { seen } = await runWith('publish', PUBLISH, { summaryApart: false })
    expect(seen.info.filter((l) => l.startsWith('published '))).toEqual([])
  })

  test.each(['banana', '0', '3'])('max-parallel %s is accepted and ignored', async (value) => {
    const { seen, registry } = await runWith('publish', { ...PUBLISH, 'max-parallel': value })
    expect(seen.failures).toEqual([])
    expect(registry.tagged(target, 'latest')).toBe(seen.outputs.get('digest'))
  })

  test('the sources input plays no part in publish', async () => {
    const { seen } = await runWith('publish', { ...PUBLISH, sources: 'not a reference at all' })
    expect(seen.failures).toEqual([])
  })
})

describe('failures through the composition root', () => {
  const badInput = { ...PUBLISH, 'media-type': 'zip', password: 'hunter2', username: 'me' }

  test('an input error: one line naming the input, exit 2, nothing built or written', async () => {
    const { seen, registry, builder } = await runWith('publish', badInput)
    expect(seen.failures).toHaveLength(1)
    expect(seen.failures[0]?.exitCode).toBe(2)
    expect(seen.failures[0]?.line).toContain('media-type')
    expect(builder.requests).toEqual([])
    expect(registry.writes).toEqual([])
    expect(seen.outputs.get('verified')).toBe('false')
  })

  test('the given password is masked even when the run fails on its inputs', async () => {
    const { seen } = await runWith('publish', badInput)
    expect(seen.secrets).toContain('hunter2')
  })

  test('a summary apart from the log gets the failure summary; the terminal gets only the line', async () => {
    const apart = await runWith('publish', badInput, { summaryApart: true })
    expect(apart.seen.summaries).toHaveLength(1)
    expect(apart.seen.summaries[0]).toContain('No tag was moved.')
    const terminal = await runWith('publish', badInput, { summaryApart: false })
    expect(terminal.seen.summaries).toEqual([])
  })

  test('a write that fails after a tag moved: exit 1, and the failure summary names the tag', async () => {
    const registry = new MemoryRegistry()
    const put = registry.putManifest.bind(registry)
    registry.putManifest = (ref, bytes, mediaType) =>
      ref.tag === 'latest-linux-arm64'
        ? Promise.reject(new Error('PUT answered 500'))
        : put(ref, bytes, mediaType)
    const { seen } = await runWith('publish', { ...PUBLISH, 'arch-tags': 'true' }, { registry })
    expect(seen.failures.map((f) => f.exitCode)).toEqual([1])
    expect(seen.summaries[0]).toContain('These tags had moved before the failure')
    expect(seen.summaries[0]).toContain('`mem.example/acme/app:latest`')
  })
})

describe('the other commands through the composition root', () => {
  test('build: each platform under its staging tag, derived from the run id', async () => {
    const { seen, builder } = await runWith(
      'build',
      { image: 'mem.example/acme/app', platforms: 'linux/arm64' },
      { runId: '4711' }
    )
    expect(seen.failures).toEqual([])
    expect(builder.requests.map((r) => [r.stageAlways, r.stagingId])).toEqual([[true, '4711']])
    expect(JSON.parse(seen.outputs.get('refs') ?? '')).toEqual([
      'mem.example/acme/app:stage-4711-linux/arm64'
    ])
    expect(seen.outputs.get('verified')).toBe('false')
  })

  test('merge: explicit sources published under the tag, nothing built', async () => {
    const registry = new MemoryRegistry()
    const legs = { registry: 'mem.example', repository: 'acme/legs' }
    const amd64 = seedImage(registry, legs, { os: 'linux', architecture: 'amd64' }).digest
    const { seen, builder } = await runWith(
      'merge',
      {
        image: 'mem.example/acme/app',
        tags: 'v1',
        sources: `mem.example/acme/legs@${amd64}`,
        'check-binaries': 'false'
      },
      { registry }
    )
    expect(seen.failures).toEqual([])
    expect(builder.requests).toEqual([])
    expect(JSON.parse(seen.outputs.get('refs') ?? '')).toEqual(['mem.example/acme/app:v1'])
  })

  test('verify: the published tag is verified; the action logs one line, writes nothing', async () => {
    const registry = new MemoryRegistry()
    await runWith('publish', PUBLISH, { registry })
    const writes = registry.writes.length
    const { seen } = await runWith(
      'verify',
      {
        image: 'mem.example/acme/app:latest',
        platforms: 'linux/amd64,linux/arm64',
        'check-binaries': 'false'
      },
      { registry }
    )
    expect(seen.failures).toEqual([])
    expect(seen.outputs.get('verified')).toBe('true')
    expect(seen.outputs.get('digest')).toBe(registry.tagged(target, 'latest'))
    expect(seen.info.filter((l) => l.startsWith('verified '))).toHaveLength(1)
    expect(registry.writes).toHaveLength(writes)
  })
})

describe('a re-run of the same publish through the composition root', () => {
  test('writes no tag or arch tag again: outputs unchanged, the summary says unchanged', async () => {
    const registry = new MemoryRegistry()
    const builder = fakeBuilder(registry)
    const inputs = { ...PUBLISH, 'arch-tags': 'true' }
    const first = hostFor(inputs, { summaryApart: true })
    await run('publish', first.host, edgesOf(registry, builder))
    const tagWrites = registry.writes.filter((w) => w.kind === 'tag').length
    const again = hostFor(inputs, { summaryApart: true })
    await run('publish', again.host, edgesOf(registry, builder))
    expect(again.seen.failures).toEqual([])
    expect(registry.writes.filter((w) => w.kind === 'tag')).toHaveLength(tagWrites)
    expect(again.seen.outputs.get('refs')).toBe(first.seen.outputs.get('refs'))
    expect(again.seen.outputs.get('digest')).toBe(first.seen.outputs.get('digest'))
    for (const tag of ['latest', 'latest-linux-amd64', 'latest-linux-arm64'])
      expect(again.seen.summaries[0]).toContain(`tag \`${tag}\` already pointed there: unchanged`)
  })
})
