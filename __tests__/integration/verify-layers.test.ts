/**
 * How verification reads layers, against the real bench registry: a layer whose stored bytes were
 * corrupted after its first KiB fails verify (naming the layer and platform) and moves no tag in merge;
 * a layer shared by 7 platforms is read once; a read budget cuts distinct big layers and says so; a
 * native module built for another CPU fails verify naming the file; `verify-layers: all` reads below the
 * entrypoint.
 */
import { describe, expect, test } from '@jest/globals'
import type { LayerPolicy, VerifyPlan } from '../../src/inputs/verify.js'
import type { Platform } from '../../src/oci/types.js'
import { parsePlatformList } from '../../src/platform/index.js'
import { publishIndex } from '../../src/publish/publish.js'
import { resolveSources } from '../../src/publish/sources.js'
import { RegistryClient, type Repository } from '../../src/registry/client.js'
import { verifyImage } from '../../src/verify/verify-image.js'
import { bench, uniqueRepo } from '../support/bench.js'
import { busybox, busyboxFiles } from '../support/images.js'
import {
  bigLayer,
  corruptStoredBlob,
  makeLayer,
  pushIndexOf,
  pushLayered,
  type Layer
} from '../support/layered-images.js'

const client = new RegistryClient()
const registry = bench().registries.anonymous.address
const newRepo = (name: string): Repository => ({ registry, repository: uniqueRepo(`verify-layers/${name}`) })
const MIB = 1024 * 1024

const SEVEN = parsePlatformList(
  'linux/amd64,linux/arm64,linux/arm/v7,linux/arm/v6,linux/s390x,linux/ppc64le,linux/386'
)
const ENTRYPOINT = ['/bin/busybox', 'true']

function plan(
  repo: Repository,
  tag: string,
  platforms: Platform[],
  layers?: Partial<LayerPolicy>
): VerifyPlan {
  return {
    image: { ...repo, tag },
    platforms,
    checkBinaries: true,
    allowExtra: true,
    ...(layers
      ? {
          layers: {
            verifyLayers: 'read',
            readBudget: 512 * MIB,
            budgetExceeded: 'warn',
            ignoreBinaries: [],
            ...layers
          }
        }
      : {})
  }
}

/** One image per platform: busybox at the bottom, then `above(platform)` layers on top (bottom first). */
async function pushSeven(
  repo: Repository,
  above: (platform: Platform) => Layer[],
  tag = 'v1'
): Promise<{ base: Map<string, Layer> }> {
  const uploaded = new Set<string>()
  const base = new Map<string, Layer>()
  const children = []
  for (const platform of SEVEN) {
    const bottom = makeLayer(busyboxFiles(platform))
    base.set(JSON.stringify(platform), bottom)
    children.push(
      await pushLayered(client, repo, platform, [bottom, ...above(platform)], {
        entrypoint: ENTRYPOINT,
        uploaded
      })
    )
  }
  await pushIndexOf(client, repo, children, tag)
  return { base }
}

describe('a layer whose stored bytes no longer hash to its digest', () => {
  const arm64: Platform = { os: 'linux', architecture: 'arm64' }
  const amd64: Platform = { os: 'linux', architecture: 'amd64' }

  async function corruptedIndex(name: string): Promise<{ repo: Repository; bad: string }> {
    const repo = newRepo(name)
    const top = bigLayer(256 * 1024, 'srv/data.bin')
    const children = [
      await pushLayered(client, repo, amd64, [makeLayer(busyboxFiles(amd64))], { entrypoint: ENTRYPOINT }),
      await pushLayered(client, repo, arm64, [makeLayer(busyboxFiles(arm64)), top], {
        entrypoint: ENTRYPOINT
      })
    ]
    await pushIndexOf(client, repo, children, 'v1')
    // After the first few KiB: the gzip header and the first tar blocks are intact.
    corruptStoredBlob(top.descriptor.digest, 8 * 1024)
    return { repo, bad: top.descriptor.digest }
  }

  test('fails verify, naming the layer and the platform', async () => {
    const { repo, bad } = await corruptedIndex('corrupt')
    const { result } = await verifyImage(client, plan(repo, 'v1', [amd64, arm64]))
    expect(result.ok).toBe(false)
    expect(result.problems).toEqual([
      expect.stringMatching(new RegExp(`^linux/arm64: layer ${bad} does not match its digest`))
    ])
    const row = result.rows.find((r) => r.platform === 'linux/arm64')
    expect(row?.layers?.verified).toBe(0)
    expect(result.rows.find((r) => r.platform === 'linux/amd64')?.binary.ok).toBe(true)
  })

  test('merge of it moves no tag', async () => {
    const { repo } = await corruptedIndex('corrupt-merge')
    const images = await resolveSources(client, [{ ...repo, tag: 'v1' }])
    const outcome = await publishIndex(
      client,
      {
        target: repo,
        tags: ['release'],
        platforms: [amd64, arm64],
        annotations: {},
        mediaType: 'auto',
        checkBinaries: true,
        dryRun: false
      },
      images
    )
    expect(outcome.refs).toEqual([])
    expect(outcome.verification?.result.problems.join('\n')).toContain('does not match its digest')
    expect(await client.headManifest({ ...repo, tag: 'release' })).toBeUndefined()
  })
})

describe('layers shared across platforms', () => {
  test('one 32 MiB layer above the entrypoint of 7 platforms is read once', async () => {
    const repo = newRepo('shared')
    const shared = bigLayer(32 * MIB)
    await pushSeven(repo, () => [shared])
    const { result, evidence } = await verifyImage(client, plan(repo, 'v1', SEVEN))
    expect(result.problems).toEqual([])
    const small = evidence.entries.reduce((sum, e) => sum + (e.layers?.read[1]?.size ?? 0), 0)
    expect(evidence.reading?.bytesRead).toBeLessThanOrEqual(1.2 * shared.gz.length + small)
    expect(evidence.reading?.layersShared).toBe(1)
    expect(result.rows.map((r) => [r.layers?.read, r.layers?.verified, r.layers?.shared])).toEqual(
      SEVEN.map(() => [2, 2, 1])
    )
  })
})

describe('the per-platform read budget', () => {
  test('distinct top layers beyond the budget: each row warns with its figures, nothing passes silently', async () => {
    const repo = newRepo('budget')
    await pushSeven(repo, () => [bigLayer(6 * MIB)])
    const budget = 4 * MIB
    const { result, evidence } = await verifyImage(client, plan(repo, 'v1', SEVEN, { readBudget: budget }))
    expect(result.problems).toEqual([])
    expect(result.warnings).toHaveLength(7)
    for (const warning of result.warnings) {
      expect(warning).toMatch(
        /^linux\/\S+: the binary check did not reach the file to check within the read budget \(4\.0 MiB\): read 1 of 2 layers, 4\.\d MiB of \d\.\d MiB; layer sha256:\w+ read 4\.\d MiB of 6\.\d MiB, digest not checked/
      )
    }
    expect(result.rows.map((r) => [r.binary.ok, r.layers?.unchecked])).toEqual(SEVEN.map(() => [null, 1]))
    expect(evidence.reading?.bytesRead).toBeLessThanOrEqual(7 * (budget + 256 * 1024))
  })

  test('with verify-budget-exceeded: fail, the same image fails', async () => {
    const repo = newRepo('budget-fail')
    await pushSeven(repo, () => [bigLayer(3 * MIB)])
    const { result } = await verifyImage(
      client,
      plan(repo, 'v1', SEVEN, { readBudget: 2 * MIB, budgetExceeded: 'fail' })
    )
    expect(result.ok).toBe(false)
    expect(result.problems).toHaveLength(7)
  })
})

describe('every ELF met on the way', () => {
  const arm64: Platform = { os: 'linux', architecture: 'arm64' }
  const module = (content: Buffer): Layer =>
    makeLayer([{ path: 'app/node_modules/x/build/Release/x.node', content, mode: 0o755 }])

  test('an x86-64 node_modules/x/build/Release/x.node in an arm64 image fails verify, naming the file', async () => {
    const repo = newRepo('native-module')
    const child = await pushLayered(
      client,
      repo,
      arm64,
      [makeLayer(busyboxFiles(arm64)), module(busybox({ architecture: 'amd64' }))],
      {
        entrypoint: ENTRYPOINT
      }
    )
    await pushIndexOf(client, repo, [child], 'v1')
    const { result } = await verifyImage(client, plan(repo, 'v1', [arm64]))
    expect(result.ok).toBe(false)
    expect(result.rows[0]?.binary.ok).toBe(true)
    expect(result.problems).toEqual([
      expect.stringContaining(
        'linux/arm64: 1 file is built for another CPU: /app/node_modules/x/build/Release/x.node (ELF 64-bit LSB x86-64), but linux/arm64 needs ELF 64-bit LSB AArch64'
      )
    ])
    expect(result.rows[0]?.layers?.wrongCpu).toEqual(['app/node_modules/x/build/Release/x.node'])
  })

  test('the same module built for AArch64 passes, counted among the files checked', async () => {
    const repo = newRepo('native-module-ok')
    const child = await pushLayered(
      client,
      repo,
      arm64,
      [makeLayer(busyboxFiles(arm64)), module(busybox(arm64))],
      {
        entrypoint: ENTRYPOINT
      }
    )
    await pushIndexOf(client, repo, [child], 'v1')
    const { result } = await verifyImage(client, plan(repo, 'v1', [arm64]))
    expect(result.problems).toEqual([])
    expect(result.rows[0]?.layers?.filesChecked).toBe(2)
  })

  test('check-binaries-ignore leaves a listed path unjudged', async () => {
    const repo = newRepo('native-module-ignored')
    const child = await pushLayered(
      client,
      repo,
      arm64,
      [makeLayer(busyboxFiles(arm64)), module(busybox({ architecture: 'amd64' }))],
      { entrypoint: ENTRYPOINT }
    )
    await pushIndexOf(client, repo, [child], 'v1')
    const { result } = await verifyImage(
      client,
      plan(repo, 'v1', [arm64], { ignoreBinaries: ['**/build/Release/*.node'] })
    )
    expect(result.problems).toEqual([])
    expect(result.notes).toContain('linux/arm64: 1 binary file(s) matched `check-binaries-ignore`')
  })
})

describe('verify-layers: all', () => {
  test('reads below the entrypoint, so a corrupt lower layer fails only there', async () => {
    const repo = newRepo('all')
    const amd64: Platform = { os: 'linux', architecture: 'amd64' }
    const lower = bigLayer(128 * 1024, 'srv/lower.bin')
    const child = await pushLayered(client, repo, amd64, [lower, makeLayer(busyboxFiles(amd64))], {
      entrypoint: ENTRYPOINT
    })
    await pushIndexOf(client, repo, [child], 'v1')
    corruptStoredBlob(lower.descriptor.digest, 4 * 1024)
    const read = await verifyImage(client, plan(repo, 'v1', [amd64]))
    expect(read.result.problems).toEqual([])
    expect(read.result.rows[0]?.layers).toMatchObject({ read: 1, total: 2, verified: 1 })
    const all = await verifyImage(client, plan(repo, 'v1', [amd64], { verifyLayers: 'all' }))
    expect(all.result.problems).toEqual([
      expect.stringMatching(
        new RegExp(`^linux/amd64: layer ${lower.descriptor.digest} does not match its digest`)
      )
    ])
  })
})
