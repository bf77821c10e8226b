/**
 * The publish protocol (the only code that moves tags) against the in-memory registry: the order of
 * writes and what may move when. The same protocol runs against real registries in
 * integration/merge.test.ts and e2e/merge.test.ts.
 */
import { describe, expect, test } from '@jest/globals'
import type { Platform } from '../../src/oci/types.js'
import { publishIndex, type PublishRequest } from '../../src/publish/publish.js'
import { resolveSources } from '../../src/publish/sources.js'
import { MemoryRegistry, seedImage } from '../support/memory-registry.js'
import { rejected } from '../support/thrown.js'

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
  overrides: Partial<PublishRequest> = {},
  sourcesOf: (p: Platform) => { configPlatform?: Platform } = () => ({})
): Promise<PublishRequest> {
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
    const outcome = await publishIndex(registry, await request(registry, [linux('amd64'), linux('arm64')]))
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
    const outcome = await publishIndex(registry, { ...req, images })
    expect(outcome.verification?.result.ok).toBe(false)
    expect(outcome.refs).toEqual([])
    expect(kinds(registry)).not.toContain('tag')
    expect(registry.tagged(target, 'latest')).toBeUndefined()
  })

  test('a requested platform no source has fails before the first write', async () => {
    const registry = new MemoryRegistry()
    const req = await request(registry, [linux('amd64')])
    const error = await rejected(
      publishIndex(registry, { ...req, platforms: [linux('amd64'), linux('s390x')] })
    )
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toBe('no source has linux/s390x: the sources give linux/amd64')
    expect(error.hint).toContain('nothing was written')
    expect(registry.writes).toEqual([])
  })

  test('a dry run writes nothing', async () => {
    const registry = new MemoryRegistry()
    const outcome = await publishIndex(registry, await request(registry, [linux('amd64')], { dryRun: true }))
    expect(outcome.dryRun).toBe(true)
    expect(registry.writes).toEqual([])
  })

  test('no-regress: a tag that has more platforms now does not move', async () => {
    const registry = new MemoryRegistry()
    const wide = await publishIndex(
      registry,
      await request(registry, [linux('amd64'), linux('arm64'), linux('s390x')])
    )
    expect(registry.tagged(target, 'latest')).toBe(wide.assembled.digest)
    const narrow = await publishIndex(
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
    await publishIndex(registry, await request(registry, [linux('amd64')]))
    const wider = await publishIndex(
      registry,
      await request(registry, [linux('amd64'), linux('arm64')], { noRegress: { kind: 'previous-tags' } })
    )
    expect(wider.verification?.result.ok).toBe(true)
    expect(registry.tagged(target, 'latest')).toBe(wider.assembled.digest)
  })
})
