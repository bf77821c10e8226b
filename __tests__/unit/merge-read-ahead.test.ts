/**
 * merge reads ahead: each source image already in the target repository has verification's reads
 * started as soon as it is located, none in a dry run, and a merge that fails stops them (the reads no
 * verification joined are cut) and lets them settle before its error is reported.
 */
import { describe, expect, test } from '@jest/globals'
import { layerPrefetch } from '../../src/app/adapters.js'
import { parseMergeInputs } from '../../src/inputs/merge.js'
import { runMergeMode } from '../../src/modes/merge.js'
import type { Prefetch } from '../../src/modes/ports.js'
import { MemoryRegistry, seedImage } from '../support/memory-registry.js'
import { rejected } from '../support/thrown.js'

const target = { registry: 'mem.example', repository: 'acme/app' }
const elsewhere = { registry: 'mem.example', repository: 'acme/elsewhere' }
const context = { serverUrl: 'https://github.com', repository: 'acme/app', sha: '', runId: '', workspace: '' }
const reports = { write: (): Promise<string> => Promise.resolve('report.json') }
const linux = (architecture: string): { os: string; architecture: string } => ({ os: 'linux', architecture })

/** The real read ahead, with what the merge asked of it in order. */
function recording(registry: MemoryRegistry): Prefetch & { events: string[] } {
  const real = layerPrefetch(registry)
  const events: string[] = []
  return {
    events,
    scans: real.scans,
    start(request, image) {
      events.push(`start ${'digest' in image ? image.digest : image.tag}`)
      real.start(request, image)
    },
    async settled() {
      const reads = await real.settled()
      events.push('settled')
      return reads
    },
    stop() {
      events.push('stop')
      real.stop()
    }
  }
}

function seed(registry: MemoryRegistry): { inTarget: string[]; other: string } {
  const inTarget = ['amd64', 'arm64'].map(
    (arch, i) => seedImage(registry, target, linux(arch), { tag: `src-${i}` }).digest
  )
  const other = seedImage(registry, elsewhere, linux('s390x'), { tag: 'src' }).digest
  return { inTarget, other }
}

function merge(
  registry: MemoryRegistry,
  prefetch: Prefetch,
  values: Record<string, string>
): ReturnType<typeof runMergeMode> {
  const inputs: Record<string, string> = {
    image: 'mem.example/acme/app',
    tags: 'latest',
    'check-binaries': 'false',
    sources: [
      'mem.example/acme/app:src-0',
      'mem.example/acme/app:src-1',
      'mem.example/acme/elsewhere:src'
    ].join('\n'),
    ...values
  }
  return runMergeMode(
    parseMergeInputs((name) => inputs[name] ?? ''),
    { registry, reports, context, prefetch }
  )
}

describe('merge reads ahead', () => {
  test('each source image in the target repository as it is located; one in another repository is not', async () => {
    const registry = new MemoryRegistry()
    const { inTarget } = seed(registry)
    const prefetch = recording(registry)
    const result = await merge(registry, prefetch, {})
    expect(result.ok).toBe(true)
    expect(prefetch.events).toEqual([...inTarget.map((d) => `start ${d}`), 'settled'])
  })

  test('a dry run reads nothing ahead (nothing is verified there)', async () => {
    const registry = new MemoryRegistry()
    seed(registry)
    const prefetch = recording(registry)
    const result = await merge(registry, prefetch, { 'dry-run': 'true' })
    expect(result.outcome.dryRun).toBe(true)
    expect(prefetch.events).toEqual([])
  })

  test('a merge refused from what its sources say stops the read ahead and settles it before failing', async () => {
    const registry = new MemoryRegistry()
    const { inTarget } = seed(registry)
    const prefetch = recording(registry)
    const error = await rejected(
      merge(registry, prefetch, { platforms: 'linux/amd64,linux/arm64,linux/ppc64le' })
    )
    expect(error.kind).toBe('invalid-input')
    expect(prefetch.events).toEqual([...inTarget.map((d) => `start ${d}`), 'stop', 'settled'])
    expect(registry.writes).toEqual([])
  })
})
