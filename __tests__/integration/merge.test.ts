/**
 * merge's engine against real registries: sources in the same repository, another repository (mounted)
 * or another registry (copied); annotations; dry runs; and atomicity — when a source is missing or the
 * merged index fails verification, every tag is left exactly as it was.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { isActionError } from '../../src/errors.js'
import { parseMergeInputs, type MergePlan } from '../../src/inputs/merge.js'
import { runMergeMode, type MergeModeResult } from '../../src/modes/merge.js'
import { writeReport } from '../../src/report/write.js'
import { layerPrefetch } from '../../src/app/adapters.js'
import { sha256Digest } from '../../src/registry/digest.js'
import { MediaType, type Platform } from '../../src/oci/types.js'
import { RegistryClient, type Repository } from '../../src/registry/client.js'
import { explicitCredentials } from '../../src/registry/credentials.js'
import { bench, uniqueRepo } from '../support/bench.js'
import { startFaultProxy, type FaultProxy, type RequestRecord } from '../support/fault-proxy.js'
import { busyboxFiles, pushAttestation, pushImage } from '../support/images.js'

const reportDir = mkdtempSync(path.join(tmpdir(), 'merge-report-'))
const context = {
  serverUrl: 'https://github.com',
  repository: 'acme/app',
  sha: 'a'.repeat(40),
  runId: '',
  workspace: ''
}
const reports = {
  write: (mode: string, digest: string, report: unknown) => writeReport(reportDir, mode, digest, report)
}
const linux = (architecture: string, variant?: string): Platform => ({
  os: 'linux',
  architecture,
  ...(variant ? { variant } : {})
})
const anonymous = bench().registries.anonymous.address
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

function mergePlan(values: Record<string, string>): MergePlan {
  return parseMergeInputs((name) => values[name] ?? '')
}

/** A per-platform source as buildx pushes it: an index of one image and its attestation, under a tag. */
async function pushLeg(
  client: RegistryClient,
  repo: Repository,
  platform: Platform,
  tag: string,
  files = busyboxFiles(platform)
): Promise<string> {
  const image = await pushImage(client, repo, platform, { files, cmd: ['/bin/sh'] })
  const attestation = await pushAttestation(client, repo, image.digest)
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [image.descriptor, attestation]
    })
  )
  await client.putManifest({ ...repo, tag }, bytes, 'application/vnd.oci.image.index.v1+json')
  return image.digest
}

const LEGS = [linux('amd64'), linux('arm64'), linux('arm', 'v7'), linux('s390x')]

describe('merging buildx-style legs', () => {
  test('from another repository of the same registry: children mounted, never uploaded', async () => {
    const legs = { registry: anonymous, repository: uniqueRepo('merge/legs') }
    const client = new RegistryClient()
    const digests = []
    for (const [i, p] of LEGS.entries()) digests.push(await pushLeg(client, legs, p, `leg-${i}`))
    const proxy: FaultProxy = await startFaultProxy({ upstream: `http://${anonymous}` })
    closers.push(() => proxy.close())
    const target = uniqueRepo('merge/app')
    const plan = mergePlan({
      image: `${proxy.address}/${target}`,
      tags: 'latest,1.0',
      platforms: 'linux/amd64,linux/arm64,linux/arm/v7,linux/s390x',
      sources: LEGS.map((_, i) => `${proxy.address}/${legs.repository}:leg-${i}`).join('\n')
    })
    const { outcome, ok } = await runMergeMode(plan, { registry: new RegistryClient(), reports, context })
    expect(outcome.verification?.result.problems).toEqual([])
    expect(ok).toBe(true)
    expect(outcome.refs).toEqual([`${proxy.address}/${target}:latest`, `${proxy.address}/${target}:1.0`])
    // 4 images + 4 attestations, 2 blobs each: all mounted (the attestations share one config blob, which
    // is then already there); no blob byte crossed the wire.
    expect(outcome.copy.blobs.copied).toBe(0)
    expect(outcome.copy.blobs.mounted + outcome.copy.blobs.exists).toBe(16)
    expect(outcome.copy.blobs.mounted).toBeGreaterThanOrEqual(13)
    const uploads = proxy.records.filter(
      (r) => r.method === 'PATCH' || (r.method === 'PUT' && r.path.includes('/blobs/uploads/'))
    )
    expect(uploads).toEqual([])
    expect(
      proxy.records
        .filter((r) => r.method === 'POST')
        .every((r) => r.path.includes('mount=') && r.status === 201)
    ).toBe(true)

    const index = JSON.parse(
      (
        await new RegistryClient().getManifest({ registry: anonymous, repository: target, tag: 'latest' })
      ).bytes.toString()
    ) as {
      mediaType: string
      manifests: { digest: string; platform: Platform; annotations?: Record<string, string> }[]
      annotations?: Record<string, string>
    }
    const images = index.manifests.filter((m) => !m.annotations?.['vnd.docker.reference.type'])
    expect(images.map((m) => m.digest)).toEqual(digests)
    const attestations = index.manifests.filter(
      (m) => m.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest'
    )
    expect(attestations.map((a) => a.annotations?.['vnd.docker.reference.digest'])).toEqual(digests)
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json')
    expect(index.annotations).toEqual({
      'org.opencontainers.image.revision': 'a'.repeat(40),
      'org.opencontainers.image.source': 'https://github.com/acme/app'
    })
  })

  test('from another registry (anonymous → token): copied, digests identical', async () => {
    const { token } = bench().registries
    const legs = { registry: anonymous, repository: uniqueRepo('merge/remote-legs') }
    const digests: string[] = []
    for (const [i, p] of LEGS.slice(0, 2).entries())
      digests.push(await pushLeg(new RegistryClient(), legs, p, `leg-${i}`))
    const target = uniqueRepo('merge/copied')
    const client = new RegistryClient({
      credentials: explicitCredentials(token.username, token.password, { registry: token.address })
    })
    const { outcome, ok } = await runMergeMode(
      mergePlan({
        image: `${token.address}/${target}`,
        tags: 'v1',
        platforms: 'linux/amd64,linux/arm64',
        sources: `${anonymous}/${legs.repository}:leg-0\n${anonymous}/${legs.repository}:leg-1`,
        annotations:
          'index:org.opencontainers.image.title=app\norg.opencontainers.image.source=https://example.com/mine'
      }),
      { registry: client, reports, context }
    )
    expect(ok).toBe(true)
    expect(outcome.copy.blobs.copied).toBeGreaterThan(0)
    expect(outcome.copy.blobs.mounted).toBe(0)
    const got = await client.getManifest({ registry: token.address, repository: target, tag: 'v1' })
    const index = JSON.parse(got.bytes.toString()) as {
      manifests: { digest: string }[]
      annotations: Record<string, string>
    }
    expect(index.manifests.slice(0, 2).map((m) => m.digest)).toEqual(digests)
    for (const digest of digests)
      expect(
        (await client.headManifest({ registry: token.address, repository: target, digest }))?.digest
      ).toBe(digest)
    // The user's annotations reach the index and win over the defaults.
    expect(index.annotations['org.opencontainers.image.title']).toBe('app')
    expect(index.annotations['org.opencontainers.image.source']).toBe('https://example.com/mine')
  })
})

describe('atomicity: a failed merge moves no tag', () => {
  async function setUp(): Promise<{ client: RegistryClient; repo: Repository; before: string }> {
    const client = new RegistryClient()
    const repo = { registry: anonymous, repository: uniqueRepo('merge/atomic') }
    await pushLeg(client, repo, linux('amd64'), 'leg-amd64')
    await pushLeg(client, repo, linux('arm64'), 'leg-arm64')
    await pushLeg(client, repo, linux('arm64'), 'leg-arm64-wrong-cpu', busyboxFiles(linux('amd64')))
    const first = await runMergeMode(
      mergePlan({
        image: `${anonymous}/${repo.repository}`,
        tags: 'latest',
        platforms: 'linux/amd64',
        sources: `${anonymous}/${repo.repository}:leg-amd64`
      }),
      { registry: client, reports, context }
    )
    expect(first.ok).toBe(true)
    return { client, repo, before: first.outcome.assembled.digest }
  }

  test('a source that does not exist', async () => {
    const { client, repo, before } = await setUp()
    const plan = mergePlan({
      image: `${anonymous}/${repo.repository}`,
      tags: 'latest',
      platforms: 'linux/amd64,linux/arm64',
      sources: `${anonymous}/${repo.repository}:leg-amd64\n${anonymous}/${repo.repository}:leg-missing`
    })
    let caught: unknown
    try {
      await runMergeMode(plan, { registry: client, reports, context })
    } catch (error) {
      caught = error
    }
    expect(isActionError(caught) && caught.kind).toBe('not-found')
    expect(isActionError(caught) && caught.oneLine()).toContain(`${repo.repository}:leg-missing`)
    expect((await client.headManifest({ ...repo, tag: 'latest' }))?.digest).toBe(before)
  })

  test('a source whose binary fails verification', async () => {
    const { client, repo, before } = await setUp()
    const { ok, outcome } = await runMergeMode(
      mergePlan({
        image: `${anonymous}/${repo.repository}`,
        tags: 'latest\nnew-tag',
        platforms: 'linux/amd64,linux/arm64',
        sources: `${anonymous}/${repo.repository}:leg-amd64\n${anonymous}/${repo.repository}:leg-arm64-wrong-cpu`
      }),
      { registry: client, reports, context }
    )
    expect(ok).toBe(false)
    expect(outcome.refs).toEqual([])
    expect(outcome.verification?.result.problems[0]).toMatch(
      /^linux\/arm64: \/bin\/busybox is ELF 64-bit LSB x86-64/
    )
    expect((await client.headManifest({ ...repo, tag: 'latest' }))?.digest).toBe(before)
    expect(await client.headManifest({ ...repo, tag: 'new-tag' })).toBeUndefined()
  })

  test('no-regress: true refuses to drop a platform the tag has now', async () => {
    const { client, repo, before } = await setUp()
    await runMergeMode(
      mergePlan({
        image: `${anonymous}/${repo.repository}`,
        tags: 'latest',
        sources: `${anonymous}/${repo.repository}:leg-amd64\n${anonymous}/${repo.repository}:leg-arm64`
      }),
      { registry: client, reports, context }
    )
    const now = (await client.headManifest({ ...repo, tag: 'latest' }))?.digest
    expect(now).not.toBe(before)
    const dropped = await runMergeMode(
      mergePlan({
        image: `${anonymous}/${repo.repository}`,
        tags: 'latest',
        'no-regress': 'true',
        sources: `${anonymous}/${repo.repository}:leg-amd64`
      }),
      { registry: client, reports, context }
    )
    expect(dropped.ok).toBe(false)
    expect(dropped.outcome.verification?.result.problems).toEqual([
      expect.stringMatching(/^linux\/arm64 was in the current .*:latest but is missing from /)
    ])
    expect((await client.headManifest({ ...repo, tag: 'latest' }))?.digest).toBe(now)
  })
})

describe('dry runs and media types', () => {
  test('dry-run writes nothing', async () => {
    const client = new RegistryClient()
    const repo = { registry: anonymous, repository: uniqueRepo('merge/dry') }
    await pushLeg(client, repo, linux('amd64'), 'leg')
    const before = client.transport.stats.byMethod
    const snapshot = { PUT: before.PUT ?? 0, POST: before.POST ?? 0, PATCH: before.PATCH ?? 0 }
    const { outcome, summary } = await runMergeMode(
      mergePlan({
        image: `${anonymous}/${repo.repository}`,
        tags: 'latest',
        sources: `${anonymous}/${repo.repository}:leg`,
        'dry-run': 'true'
      }),
      { registry: client, reports, context }
    )
    expect(outcome.dryRun).toBe(true)
    const after = client.transport.stats.byMethod
    expect({ PUT: after.PUT ?? 0, POST: after.POST ?? 0, PATCH: after.PATCH ?? 0 }).toEqual(snapshot)
    expect(await client.headManifest({ ...repo, tag: 'latest' })).toBeUndefined()
    expect(summary).toContain('Dry run: nothing was written')
    expect(summary).toContain(outcome.assembled.digest)
  })

  test('Docker v2 children without annotations make a Docker list with nothing added; docker + annotations is refused', async () => {
    const client = new RegistryClient()
    const repo = { registry: anonymous, repository: uniqueRepo('merge/docker') }
    await pushImage(client, repo, linux('amd64'), {
      docker: true,
      tag: 'a',
      files: busyboxFiles(linux('amd64'))
    })
    await pushImage(client, repo, linux('arm64'), {
      docker: true,
      tag: 'b',
      files: busyboxFiles(linux('arm64'))
    })
    const sources = `${anonymous}/${repo.repository}:a\n${anonymous}/${repo.repository}:b`
    const { ok } = await runMergeMode(
      mergePlan({ image: `${anonymous}/${repo.repository}`, tags: 'latest', sources }),
      { registry: client, reports, context }
    )
    expect(ok).toBe(true)
    const list = await client.getManifest({ ...repo, tag: 'latest' })
    expect(list.mediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json')
    expect(JSON.parse(list.bytes.toString())).not.toHaveProperty('annotations')
    let caught: unknown
    try {
      await runMergeMode(
        mergePlan({
          image: `${anonymous}/${repo.repository}`,
          tags: 'x',
          sources,
          'media-type': 'docker',
          annotations: 'a.b=c'
        }),
        { registry: client, reports, context }
      )
    } catch (error) {
      caught = error
    }
    expect(isActionError(caught) && caught.oneLine()).toMatch(/media-type/)
    expect(await client.headManifest({ ...repo, tag: 'x' })).toBeUndefined()
  })
})

describe('a re-run of the same merge', () => {
  test('writes no tag again: each is unchanged, the same index is published, fewer requests', async () => {
    const legs = { registry: anonymous, repository: uniqueRepo('merge/rerun-legs') }
    const client = new RegistryClient()
    for (const [i, p] of LEGS.entries()) await pushLeg(client, legs, p, `leg-${i}`)
    const proxy: FaultProxy = await startFaultProxy({ upstream: `http://${anonymous}` })
    closers.push(() => proxy.close())
    const target = uniqueRepo('merge/rerun')
    const plan = mergePlan({
      image: `${proxy.address}/${target}`,
      tags: 'latest,1.0',
      platforms: 'linux/amd64,linux/arm64,linux/arm/v7,linux/s390x',
      sources: LEGS.map((_, i) => `${proxy.address}/${legs.repository}:leg-${i}`).join('\n')
    })
    const merge = async (): Promise<{ merged: MergeModeResult; records: RequestRecord[] }> => {
      proxy.reset()
      const merged = await runMergeMode(plan, { registry: new RegistryClient(), reports, context })
      return { merged, records: [...proxy.records] }
    }
    const tagPuts = (records: RequestRecord[]): string[] =>
      records
        .filter((r) => r.method === 'PUT' && /\/manifests\/(?!sha256:)/.test(r.path))
        .map((r) => r.path.split('/manifests/')[1] ?? '')
    const first = await merge()
    const again = await merge()
    expect(again.merged.ok).toBe(true)
    expect(again.merged.outcome.assembled.digest).toBe(first.merged.outcome.assembled.digest)
    expect(again.merged.outcome.refs).toEqual(first.merged.outcome.refs)
    expect(again.merged.outcome.tagging?.unchanged).toEqual(['latest', '1.0'])
    expect(tagPuts(first.records)).toEqual(['latest', '1.0'])
    expect(tagPuts(again.records)).toEqual([])
    expect(again.records.length).toBeLessThan(first.records.length)
  })
})

describe('sources already in the target repository: verification reads them while the others are read', () => {
  /**
   * Two sources, in this order: A, a single image (located once its manifest and config are read), and B,
   * an index whose child states no platform (located only after the index, the child and its config). A
   * read ahead asks for A's layer when A is located, a round trip before B's child config is asked for;
   * without one, A's layer is read only once every source is located and the index assembled.
   */
  async function mergeThroughProxy(withReadAhead: boolean): Promise<{
    result: MergeModeResult
    records: RequestRecord[]
    layerOfA: string
    configOfB: string
  }> {
    const proxy = await startFaultProxy({ upstream: `http://${anonymous}` })
    closers.push(() => proxy.close())
    const repo = { registry: anonymous, repository: uniqueRepo('merge/ahead') }
    const client = new RegistryClient()
    const files = (p: Platform): { files: ReturnType<typeof busyboxFiles>; cmd: string[] } => ({
      files: busyboxFiles(p),
      cmd: ['/bin/sh']
    })
    const a = await pushImage(client, repo, linux('amd64'), { ...files(linux('amd64')), tag: 'src-a' })
    const b = await pushImage(client, repo, linux('arm64'), files(linux('arm64')))
    const { platform: _stated, ...unlabelled } = b.descriptor
    const index = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [unlabelled] })
    )
    await client.putManifest({ ...repo, tag: 'src-b' }, index, MediaType.ociIndex)
    proxy.reset()
    const target = `${proxy.address}/${repo.repository}`
    const plan = mergePlan({
      image: target,
      tags: 'latest',
      platforms: 'linux/amd64,linux/arm64',
      sources: `${target}:src-a\n${target}:src-b`
    })
    const registry = new RegistryClient()
    const result = await runMergeMode(plan, {
      registry,
      reports,
      context,
      ...(withReadAhead ? { prefetch: layerPrefetch(registry) } : {})
    })
    return {
      result,
      records: [...proxy.records],
      layerOfA: sha256Digest(a.blobs[0] ?? Buffer.alloc(0)),
      configOfB: sha256Digest(b.blobs[1] ?? Buffer.alloc(0))
    }
  }

  const getOf = (records: RequestRecord[], digest: string): number =>
    records.findIndex((r) => r.method === 'GET' && r.path.endsWith(`/blobs/${digest}`))

  test("A's layer is asked for before B's child config; each blob and manifest read once; verified", async () => {
    const { result, records, layerOfA, configOfB } = await mergeThroughProxy(true)
    expect(result.ok).toBe(true)
    expect(result.outcome.verification?.result.problems).toEqual([])
    const layer = getOf(records, layerOfA)
    expect(layer).toBeGreaterThan(-1)
    expect(layer).toBeLessThan(getOf(records, configOfB))
    // Read ahead and verification share each read: no blob or manifest by digest is fetched twice.
    const gets = records.filter((r) => r.method === 'GET' && /\/(blobs|manifests)\/sha256:/.test(r.path))
    expect(gets.length).toBe(new Set(gets.map((r) => r.path)).size)
    // The verification that counts checked both layers, each read once.
    const checked = result.outcome.verification?.evidence.entries.flatMap((e) => e.layers?.read ?? []) ?? []
    expect(checked.map((l) => l.status)).toEqual(['verified', 'verified'])
  })

  test("without a read ahead (the engine alone), A's layer is read only after every source is located", async () => {
    const { result, records, layerOfA, configOfB } = await mergeThroughProxy(false)
    expect(result.ok).toBe(true)
    const config = getOf(records, configOfB)
    expect(config).toBeGreaterThan(-1)
    expect(getOf(records, layerOfA)).toBeGreaterThan(config)
  })
})
