/**
 * publish mode's last step against the in-memory registry, with the build faked (the real session is
 * tested end to end): arch tags go beside the tags that moved, and a failure among them still names
 * every tag that had moved, so the failure summary does not say "no tag was moved".
 */
import { describe, expect, test } from '@jest/globals'
import type { buildLegs } from '../../src/build/legs.js'
import { PublishError } from '../../src/errors.js'
import { parsePublishInputs } from '../../src/inputs/publish.js'
import { runPublishMode } from '../../src/modes/publish.js'
import { MemoryRegistry, seedImage } from '../support/memory-registry.js'
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

function fakeBuild(registry: MemoryRegistry): typeof buildLegs {
  return (plan) => {
    const digests = new Map(
      plan.platforms.map((p) => [`${p.os}/${p.architecture}`, seedImage(registry, target, p).digest])
    )
    const none = { before: [], installed: [], after: [] }
    return Promise.resolve({
      runs: [],
      digests,
      metadata: new Map(),
      stagingRefs: new Map(),
      emulation: none,
      driver: 'fake',
      tasks: []
    })
  }
}

function publish(registry: MemoryRegistry): ReturnType<typeof runPublishMode> {
  return runPublishMode(
    parsePublishInputs((name) => inputs[name] ?? ''),
    {
      registry,
      reports: { write: () => Promise.resolve('report.json') },
      context,
      build: fakeBuild(registry),
      log: { group: () => undefined, info: () => undefined },
      stagingId: 'local'
    }
  )
}

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
        ? Promise.reject(new PublishError('registry', 'PUT answered 500'))
        : put(ref, bytes, mediaType)
    const error = await rejected(publish(registry))
    expect(error.message).toBe('PUT answered 500')
    expect(error.refsMoved).toEqual([
      'mem.example/acme/app:latest',
      'mem.example/acme/app:latest-linux-amd64'
    ])
  })
})
