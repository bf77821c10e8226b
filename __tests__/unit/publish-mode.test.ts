/**
 * publish mode against the in-memory registry, with a Builder port of its own (the real session is tested
 * end to end) and the real read ahead (app/adapters.ts): arch tags go beside the tags that moved, and a
 * failure among them still names every tag that had moved, so the failure summary does not say "no tag
 * was moved"; verification's reads are made while the build is still pushing.
 */
import { describe, expect, test } from '@jest/globals'
import { layerPrefetch } from '../../src/app/adapters.js'
import { ActionError } from '../../src/errors.js'
import { parsePublishInputs } from '../../src/inputs/publish.js'
import type { Builder, BuildRequest, BuildResult } from '../../src/modes/ports.js'
import { runPublishMode } from '../../src/modes/publish.js'
import { MemoryRegistry, seedImage } from '../support/memory-registry.js'
import { tarBytes } from '../support/tar-writer.js'
import { rejected } from '../support/thrown.js'

const target = { registry: 'mem.example', repository: 'acme/app' }
const inputs: Record<string, string> = {
  image: 'mem.example/acme/app',
  tags: 'latest',
  platforms: 'linux/amd64,linux/arm64',
  'arch-tags': 'true',
  // The in-memory images' layers are no tars: binaries are the verify tests' concern.
  'check-binaries': 'false'
}
const context = { serverUrl: '', repository: '', sha: '', runId: '', workspace: '' }

/** A build result with nothing but the digests pushed. */
function built(digests: Map<string, string>): BuildResult {
  return {
    runs: [],
    digests,
    metadata: new Map(),
    stagingRefs: new Map(),
    emulation: { before: [], installed: [], after: [] },
    driver: 'fake',
    tasks: []
  }
}

function fakeBuild(registry: MemoryRegistry, notes?: readonly string[]): Builder {
  return {
    build: (request) =>
      Promise.resolve({
        ...built(
          new Map(
            request.platforms.map((p) => [`${p.os}/${p.architecture}`, seedImage(registry, target, p).digest])
          )
        ),
        ...(notes ? { notes } : {})
      })
  }
}

function publish(registry: MemoryRegistry, notes?: readonly string[]): ReturnType<typeof runPublishMode> {
  return runPublishMode(
    parsePublishInputs((name) => inputs[name] ?? ''),
    {
      registry,
      reports: { write: () => Promise.resolve('report.json') },
      context,
      builder: fakeBuild(registry, notes),
      prefetch: layerPrefetch(registry),
      stagingId: 'local'
    }
  )
}

describe("the builder's notes", () => {
  test('what the builder left out is a section of the summary', async () => {
    const note = 'the docker driver on the classic image store attaches no provenance'
    const result = await publish(new MemoryRegistry(), [note])
    expect(result.summary).toContain(`**Builder notes**\n\n- ${note}\n`)
  })

  test('no section when the builder has nothing to say', async () => {
    const result = await publish(new MemoryRegistry())
    expect(result.summary).not.toContain('Builder notes')
  })
})

describe('arch tags', () => {
  test('one per platform beside each tag that moved', async () => {
    const registry = new MemoryRegistry()
    const result = await publish(registry)
    expect(result.outcome.refs).toEqual([
      'mem.example/acme/app:latest',
      'mem.example/acme/app:latest-linux-amd64',
      'mem.example/acme/app:latest-linux-arm64'
    ])
  })

  test('a failed arch tag names every tag that had moved', async () => {
    const registry = new MemoryRegistry()
    const put = registry.putManifest.bind(registry)
    registry.putManifest = (ref, bytes, mediaType) =>
      ref.tag === 'latest-linux-arm64'
        ? Promise.reject(new ActionError('registry', 'PUT answered 500'))
        : put(ref, bytes, mediaType)
    const error = await rejected(publish(registry))
    expect(error.message).toBe('PUT answered 500')
    expect(error.refsMoved).toEqual([
      'mem.example/acme/app:latest',
      'mem.example/acme/app:latest-linux-amd64'
    ])
  })
})

describe('verification reads ahead while the session finishes its push', () => {
  const ELF_MACHINE: Record<string, number> = { amd64: 62, arm64: 183 }
  /** A 20-byte ELF64 LSB header with e_machine `machine`. */
  const elf = (machine: number): Uint8Array => {
    const bytes = new Uint8Array(20)
    bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1])
    bytes[18] = machine & 0xff
    bytes[19] = machine >> 8
    return bytes
  }

  /**
   * A build that pushes one index of two real images (an ELF entrypoint each), says so through onPushed,
   * and returns only once the registry has served every layer: what the read ahead read came before the
   * build was over.
   */
  function pushingBuild(
    registry: MemoryRegistry,
    events: string[],
    announce: 'by-digest' | 'by-tag' = 'by-digest'
  ): { build: Builder; layers: string[]; askedAhead: () => boolean } {
    const layers: string[] = []
    let asked = false
    const build = async (plan: BuildRequest): Promise<BuildResult> => {
      asked = plan.onPushed !== undefined
      const children = plan.platforms.map((p) => {
        const tar = Buffer.from(
          tarBytes([{ path: 'bin/app', content: elf(ELF_MACHINE[p.architecture] ?? 0) }])
        )
        layers.push(registry.seedBlob(target, tar))
        return {
          platform: p,
          ...seedImage(registry, target, p, { layer: { tar, entrypoint: ['/bin/app'] } })
        }
      })
      const mediaType = 'application/vnd.oci.image.index.v1+json'
      const index = registry.seedManifest(
        target,
        Buffer.from(
          JSON.stringify({
            schemaVersion: 2,
            mediaType,
            manifests: children.map((c) => ({
              mediaType: c.mediaType,
              digest: c.digest,
              size: c.size,
              platform: c.platform
            }))
          })
        ),
        mediaType,
        'staging'
      )
      plan.onPushed?.(announce === 'by-digest' ? { digest: index } : { tag: 'staging' })
      for (let i = 0; i < 1000 && asked && !layers.every((l) => events.includes(`layer ${l}`)); i++) {
        await new Promise((resolve) => setImmediate(resolve))
      }
      events.push('build returned')
      return built(new Map(plan.platforms.map((p) => [`${p.os}/${p.architecture}`, index])))
    }
    return { build: { build }, layers, askedAhead: () => asked }
  }

  function recording(registry: MemoryRegistry): string[] {
    const events: string[] = []
    const getBlob = registry.getBlob.bind(registry)
    registry.getBlob = (repo, digest) => {
      events.push(`layer ${digest}`)
      return getBlob(repo, digest)
    }
    return events
  }

  function publishWith(
    registry: MemoryRegistry,
    builder: Builder,
    extra: Record<string, string> = {}
  ): ReturnType<typeof runPublishMode> {
    const given: Record<string, string> = {
      ...inputs,
      'check-binaries': 'true',
      'arch-tags': 'false',
      ...extra
    }
    return runPublishMode(
      parsePublishInputs((name) => given[name] ?? ''),
      {
        registry,
        reports: { write: () => Promise.resolve('report.json') },
        context,
        builder,
        prefetch: layerPrefetch(registry),
        stagingId: 'local'
      }
    )
  }

  function expectReadOnceBeforeTheBuildReturned(events: string[], layers: string[]): void {
    const returned = events.indexOf('build returned')
    for (const layer of layers) {
      expect(events.filter((e) => e === `layer ${layer}`)).toHaveLength(1)
      expect(events.indexOf(`layer ${layer}`)).toBeLessThan(returned)
    }
  }

  test('every layer is read once, before the build is over; verification after it reads none again', async () => {
    const registry = new MemoryRegistry()
    const events = recording(registry)
    const { build, layers } = pushingBuild(registry, events)
    const result = await publishWith(registry, build)
    expect(result.ok).toBe(true)
    expectReadOnceBeforeTheBuildReturned(events, layers)
    const rows = result.outcome.verification?.result.platforms ?? {}
    expect(Object.keys(rows).sort()).toEqual(['linux/amd64', 'linux/arm64'])
  })

  test('the timeline shows the read ahead in the publish section', async () => {
    const registry = new MemoryRegistry()
    const { build } = pushingBuild(registry, recording(registry))
    const result = await publishWith(registry, build)
    expect(result.summary).toMatch(/^ {2}verify reads ahead, during the push \d+\.\ds :t\d+, \d+, \d+$/m)
  })

  test('an image announced by its staging tag (the classic store) is read ahead too', async () => {
    const registry = new MemoryRegistry()
    const events = recording(registry)
    const { build, layers } = pushingBuild(registry, events, 'by-tag')
    const result = await publishWith(registry, build)
    expect(result.ok).toBe(true)
    expectReadOnceBeforeTheBuildReturned(events, layers)
  })

  test('a dry run reads nothing ahead', async () => {
    const registry = new MemoryRegistry()
    const events = recording(registry)
    const { build, askedAhead } = pushingBuild(registry, events)
    await publishWith(registry, build, { 'dry-run': 'true' })
    expect(askedAhead()).toBe(false)
    expect(events.filter((e) => e.startsWith('layer '))).toEqual([])
  })
})
