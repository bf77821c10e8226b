/**
 * One merge into two registries through the composition root with the real client, against the bench's
 * anonymous and Basic-auth registries: docker/metadata-action-style tags in both, a verified index in
 * each repository, every tag moved; when the second registry refuses (wrong credentials, none given, or
 * a registry that refuses Docker manifests, zot's rule in front of the real registry), no tag moves in
 * either. `username`/`password` belong to `image`'s registry only: given for the anonymous registry,
 * they never open the Basic one.
 */
import { mkdtempSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, test } from '@jest/globals'
import { layerPrefetch } from '../../src/app/adapters.js'
import type { Command, Failure, Host } from '../../src/app/host.js'
import { registryFor, run, type Edges } from '../../src/app/run.js'
import { RegistryClient, type Repository } from '../../src/registry/client.js'
import { bench, uniqueRepo, type BenchRegistry } from '../support/bench.js'
import { pushIndex } from '../support/images.js'
import { startPersonalityProxy } from '../support/registry-personality.js'

const TWO = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64' }
]

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

interface Seen {
  outputs: Map<string, string>
  summaries: string[]
  info: string[]
  failures: Failure[]
}

async function runCommand(command: Command, inputs: Record<string, string>): Promise<Seen> {
  const seen: Seen = { outputs: new Map(), summaries: [], info: [], failures: [] }
  const host: Host = {
    summaryApart: true,
    input: (name) => inputs[name] ?? '',
    context: { serverUrl: 'https://github.com', repository: 'acme/app', sha: '', runId: '', workspace: '' },
    reportDir: mkdtempSync(path.join(tmpdir(), 'registry-repositories-')),
    insecureRegistries: [],
    log: {
      info: (line) => seen.info.push(line),
      warning: () => undefined,
      debug: () => undefined,
      group: () => undefined
    },
    secret: () => undefined,
    setOutput: (name, value) => seen.outputs.set(name, value),
    writeSummary: (markdown) => {
      seen.summaries.push(markdown)
      return Promise.resolve()
    },
    print: () => undefined,
    fail: (failure) => seen.failures.push(failure)
  }
  const edges: Edges = {
    registry: registryFor,
    builder: () => {
      throw new Error('merge builds nothing')
    },
    prefetch: (source) => layerPrefetch(source),
    env: {}
  }
  await run(command, host, edges)
  return seen
}

/** A client that may read the Basic registry (the test's witness, not the run's). */
function witness(): RegistryClient {
  const { basic } = bench().registries
  const host = {
    input: (name: string) =>
      name === 'registry-auth'
        ? `registry=${basic.address},username=${basic.username},password=${basic.password}`
        : '',
    secret: () => undefined,
    insecureRegistries: [],
    log: { info: () => undefined }
  } as unknown as Host
  return registryFor(host, bench().registries.anonymous.address)
}

const name = (repo: Repository): string => `${repo.registry}/${repo.repository}`
const headTag = async (repo: Repository, tag: string): Promise<string | undefined> =>
  (await witness().headManifest({ ...repo, tag }))?.digest

/** Two platform images in a repository of the anonymous registry, as merge sources. */
async function sources(options: { docker?: boolean } = {}): Promise<string> {
  const repo = { registry: bench().registries.anonymous.address, repository: uniqueRepo('repos/src') }
  const { children } = await pushIndex(witness(), repo, TWO, 'sources', options)
  return children.map((c) => `${name(repo)}@${c.digest}`).join('\n')
}

const basicAuth = (password: string): string => {
  const { basic } = bench().registries
  return `registry=${basic.address},username=${basic.username},password=${password}`
}

/** docker/metadata-action's `tags` for `images: FIRST,SECOND` with semver and latest. */
const metadataTags = (first: Repository, second: Repository): string =>
  [first, second].flatMap((r) => [`${name(r)}:1.2.0`, `${name(r)}:latest`]).join('\n')

function repos(second: BenchRegistry | { address: string }): { first: Repository; second: Repository } {
  return {
    first: { registry: bench().registries.anonymous.address, repository: uniqueRepo('repos/app') },
    second: { registry: second.address, repository: uniqueRepo('repos/app') }
  }
}

async function mergeInto(
  target: { first: Repository; second: Repository },
  inputs: Record<string, string>,
  options: { docker?: boolean } = {}
): Promise<Seen> {
  return runCommand('merge', {
    image: name(target.first),
    tags: metadataTags(target.first, target.second),
    platforms: 'linux/amd64,linux/arm64',
    sources: await sources(options),
    ...inputs
  })
}

const everyTag = async (target: { first: Repository; second: Repository }): Promise<(string | undefined)[]> =>
  Promise.all([target.first, target.second].flatMap((r) => ['1.2.0', 'latest'].map((tag) => headTag(r, tag))))

describe('one merge into the anonymous and the Basic-auth registry', () => {
  test('a verified index in each repository, every tag moved, a row and an output per repository', async () => {
    const target = repos(bench().registries.basic)
    const seen = await mergeInto(target, { 'registry-auth': basicAuth(bench().registries.basic.password) })
    expect(seen.failures).toEqual([])
    const digest = seen.outputs.get('digest') ?? ''
    expect(digest).toMatch(/^sha256:/)
    expect(await everyTag(target)).toEqual([digest, digest, digest, digest])
    expect(JSON.parse(seen.outputs.get('refs') ?? '[]')).toEqual(
      metadataTags(target.first, target.second).split('\n')
    )
    expect(JSON.parse(seen.outputs.get('repositories') ?? '{}')).toEqual({
      [name(target.first)]: digest,
      [name(target.second)]: digest
    })
    const report = JSON.parse(await readFile(seen.outputs.get('report') ?? '', 'utf8')) as {
      repositories: { repository: string; verified: boolean; copy: { blobs: { copied: number } } }[]
    }
    expect(report.repositories.map((r) => [r.repository, r.verified])).toEqual([
      [name(target.first), true],
      [name(target.second), true]
    ])
    // The second registry got every blob streamed from the first (two configs, two layers).
    expect(report.repositories[1]?.copy.blobs.copied).toBe(4)

    // The copied index verifies on its own in the Basic registry, read by a run of its own.
    const { basic } = bench().registries
    const verified = await runCommand('verify', {
      image: `${name(target.second)}:latest`,
      platforms: 'linux/amd64,linux/arm64',
      username: basic.username,
      password: basic.password
    })
    expect(verified.failures).toEqual([])
    expect(verified.outputs.get('digest')).toBe(digest)
  })

  test('wrong credentials for the second registry: the run fails naming it, no tag moves in either', async () => {
    const target = repos(bench().registries.basic)
    const seen = await mergeInto(target, { 'registry-auth': basicAuth('not-the-password') })
    expect(seen.failures.map((f) => f.exitCode)).toEqual([1])
    expect(seen.failures[0]?.line).toContain(bench().registries.basic.address)
    expect(await everyTag(target)).toEqual([undefined, undefined, undefined, undefined])
  })

  test("username/password are image's registry's only: given for the anonymous one, they do not open the Basic one", async () => {
    const target = repos(bench().registries.basic)
    const { basic } = bench().registries
    const seen = await mergeInto(target, { username: basic.username, password: basic.password })
    expect(seen.failures.map((f) => f.exitCode)).toEqual([1])
    expect(seen.failures[0]?.line).toContain(basic.address)
    expect(await everyTag(target)).toEqual([undefined, undefined, undefined, undefined])
  })

  test('a second registry refusing Docker manifests (zot): no tag moves in either', async () => {
    const proxy = await startPersonalityProxy({
      upstream: `http://${bench().registries.anonymous.address}`,
      personality: 'zot'
    })
    closers.push(() => proxy.close())
    const target = repos(proxy)
    const seen = await mergeInto(target, {}, { docker: true })
    expect(seen.failures.map((f) => f.exitCode)).toEqual([1])
    expect(seen.failures[0]?.line).toContain('MANIFEST_INVALID')
    expect(proxy.records.some((r) => r.answeredByPersonality)).toBe(true)
    expect(await everyTag(target)).toEqual([undefined, undefined, undefined, undefined])
  })
})
