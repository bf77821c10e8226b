/**
 * Attestations through the composition root (app/run.ts) with in-memory edges: what publish and merge
 * attest and when (before any tag moves, failed verifications too), the choice made before anything is
 * written, the outputs and summary, verify mode's gate and its reasons, and forward-only's attested
 * revision. The real referrers protocol, cosign and the bench registries are tested in integration and e2e.
 */
import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { layerPrefetch } from '../../src/app/adapters.js'
import type { Command } from '../../src/app/host.js'
import { run, type Edges } from '../../src/app/run.js'
import { requireAttestation } from '../../src/attest/attest.js'
import type { Builder, BuildResult } from '../../src/modes/ports.js'
import { MediaType } from '../../src/oci/types.js'
import type { Repository } from '../../src/registry/ports.js'
import { checkTagForward } from '../../src/revision/tag.js'
import { fakeHost, type Seen } from '../support/fake-host.js'
import { MemoryReferrers } from '../support/memory-referrers.js'
import { MemoryRegistry, seedImage } from '../support/memory-registry.js'

const target = { registry: 'mem.example', repository: 'acme/app' }
const PLATFORMS = 'linux/amd64,linux/arm64'
const PUBLISH: Record<string, string> = {
  image: 'mem.example/acme/app',
  tags: 'latest',
  platforms: PLATFORMS,
  'check-binaries': 'false'
}

function keyPair(): { key: string; pub: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    pub: publicKey.export({ type: 'spki', format: 'pem' }).toString()
  }
}
const keys = keyPair()
const otherKeys = keyPair()

let reportDir = ''
beforeAll(async () => {
  reportDir = await mkdtemp(path.join(tmpdir(), 'app-attest-'))
})
afterAll(async () => {
  await rm(reportDir, { recursive: true, force: true })
})

/** Pushes one small image per platform into the target; counts the builds asked for. */
function fakeBuilder(registry: MemoryRegistry): Builder & { builds: number } {
  const builder = {
    builds: 0,
    build: (request: Parameters<Builder['build']>[0]): Promise<BuildResult> => {
      builder.builds++
      const digests = new Map(
        request.platforms.map((p) => [`${p.os}/${p.architecture}`, seedImage(registry, target, p).digest])
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

/** A registry that counts blob reads (the gate must read none). */
class CountingRegistry extends MemoryRegistry {
  blobReads = 0
  override readBlob(r: Repository, digest: string): Promise<Buffer> {
    this.blobReads++
    return super.readBlob(r, digest)
  }
}

interface World {
  registry: CountingRegistry
  referrers: MemoryReferrers
}

function world(): World {
  return { registry: new CountingRegistry(), referrers: new MemoryReferrers() }
}

async function runIn(
  w: World,
  command: Command,
  inputs: Record<string, string>,
  options: { env?: NodeJS.ProcessEnv; sha?: string } = {}
): Promise<{ seen: Seen; builder: ReturnType<typeof fakeBuilder> }> {
  const builder = fakeBuilder(w.registry)
  const edges: Edges = {
    registry: () => w.registry,
    builder: () => builder,
    prefetch: (source) => layerPrefetch(source),
    referrers: () => w.referrers,
    env: options.env ?? {}
  }
  const { host, seen } = fakeHost(inputs, { reportDir, context: { sha: options.sha ?? '' } })
  await run(command, host, edges)
  return { seen, builder }
}

describe('publish attests the verified index before any tag moves', () => {
  test('with a key: one referrer of the index, its digest and bundle as outputs, a summary line', async () => {
    const w = world()
    let storedBeforeTag: number | undefined
    w.registry.beforeTagWrite = () => {
      storedBeforeTag ??= w.referrers.kept.length
    }
    const { seen } = await runIn(w, 'publish', { ...PUBLISH, 'attest-key': keys.key })
    expect(seen.failures).toEqual([])
    const index = w.registry.tagged(target, 'latest') ?? ''
    const [stored, ...more] = w.referrers.kept
    expect(more).toEqual([])
    expect(stored?.subject).toBe(index)
    expect(storedBeforeTag).toBe(1)
    expect(seen.outputs.get('attestation')).toBe(stored?.descriptor.digest)
    const bundle = await readFile(seen.outputs.get('attestation-bundle') ?? '')
    expect(bundle.equals(stored?.bytes ?? Buffer.alloc(0))).toBe(true)
    expect(seen.summaries.join('\n')).toContain(`\`${stored?.descriptor.digest ?? ''}\``)
    const verdict = await requireAttestation(w.referrers, {
      subject: { ...target, digest: index },
      trust: { kind: 'key', publicKeyPem: keys.pub },
      platforms: [{ os: 'linux', architecture: 'arm64' }]
    })
    expect(verdict.ok).toBe(true)
  })

  test('a key given as PEM text is masked', async () => {
    const { seen } = await runIn(world(), 'publish', { ...PUBLISH, 'attest-key': keys.key })
    expect(seen.secrets).toContain(keys.key)
  })

  test('merge attests too: the statement names the tags and the revision', async () => {
    const w = world()
    const legs = { registry: 'mem.example', repository: 'acme/legs' }
    const amd64 = seedImage(w.registry, legs, { os: 'linux', architecture: 'amd64' }).digest
    const sha = 'c'.repeat(40)
    const { seen } = await runIn(
      w,
      'merge',
      {
        image: 'mem.example/acme/app',
        tags: 'v1',
        sources: `mem.example/acme/legs@${amd64}`,
        'check-binaries': 'false',
        attest: 'unsigned'
      },
      { sha }
    )
    expect(seen.failures).toEqual([])
    const statement = JSON.parse(w.referrers.kept[0]?.bytes.toString('utf8') ?? '{}') as {
      predicate: Record<string, { tags: string[]; source: { revision: string } }>
    }
    const detail = Object.entries(statement.predicate).find(([k]) =>
      k.endsWith('verification-detail-v1.json')
    )?.[1]
    expect(detail?.tags).toEqual(['v1'])
    expect(detail?.source.revision).toBe(sha)
  })

  test('with neither key nor token (the default): nothing stored, one notice, no attestation output', async () => {
    const w = world()
    const { seen } = await runIn(w, 'publish', PUBLISH)
    expect(seen.failures).toEqual([])
    expect(w.referrers.kept).toEqual([])
    expect(seen.info.filter((l) => l.startsWith('No attestation written'))).toHaveLength(1)
    expect(seen.summaries.join('\n')).toContain('No attestation written')
    expect(seen.outputs.has('attestation')).toBe(false)
  })

  test('attest: false writes none and gives no notice', async () => {
    const w = world()
    const { seen } = await runIn(w, 'publish', { ...PUBLISH, attest: 'false' })
    expect(w.referrers.kept).toEqual([])
    expect(seen.info.filter((l) => l.startsWith('No attestation written'))).toEqual([])
  })

  test('a FAILED verification is attested as FAILED and moves no tag', async () => {
    const w = world()
    // The in-memory layers are no tars: the binary check cannot pass.
    const { seen } = await runIn(w, 'publish', {
      ...PUBLISH,
      'check-binaries': 'true',
      'attest-key': keys.key
    })
    expect(seen.failures.map((f) => f.exitCode)).toEqual([1])
    expect(w.registry.tagged(target, 'latest')).toBeUndefined()
    const statement = JSON.parse(
      Buffer.from(
        (
          JSON.parse(w.referrers.kept[0]?.bytes.toString('utf8') ?? '{}') as {
            dsseEnvelope: { payload: string }
          }
        ).dsseEnvelope.payload,
        'base64'
      ).toString('utf8')
    ) as { predicate: { verificationResult: string } }
    expect(statement.predicate.verificationResult).toBe('FAILED')
    expect(seen.outputs.get('attestation')).toBe(w.referrers.kept[0]?.descriptor.digest)
  })
})

describe('a bad attestation input fails before anything is built or written', () => {
  test.each([
    ['attest: key without a key', { attest: 'key' }, 2, 'attest-key'],
    ['an unreadable key file', { 'attest-key': '/nonexistent/cosign.key' }, 2, 'attest-key'],
    [
      'a key that is no PEM key',
      { 'attest-key': '-----BEGIN NOTHING-----\nAA==\n-----END NOTHING-----' },
      2,
      'attest-key'
    ],
    ['keyless without an OIDC token', { attest: 'keyless' }, 1, 'id-token: write'],
    ['an unknown attest value', { attest: 'maybe' }, 2, 'attest'],
    ['attest-github with a key', { 'attest-key': keys.key, 'attest-github': 'true' }, 2, 'attest-github']
  ])('%s', async (_name, inputs, exitCode, named) => {
    const w = world()
    const { seen, builder } = await runIn(w, 'publish', { ...PUBLISH, ...inputs })
    expect(seen.failures.map((f) => f.exitCode)).toEqual([exitCode])
    expect(seen.failures[0]?.line).toContain(named)
    expect(builder.builds).toBe(0)
    expect(w.registry.writes).toEqual([])
    expect(w.referrers.kept).toEqual([])
  })

  test('a sha256-<hex> tag is refused: it is the referrers fallback of that digest', async () => {
    const w = world()
    const { seen } = await runIn(w, 'publish', { ...PUBLISH, tags: `sha256-${'a'.repeat(64)}` })
    expect(seen.failures.map((f) => f.exitCode)).toEqual([2])
    expect(seen.failures[0]?.line).toContain('referrers tag schema')
    expect(w.registry.writes).toEqual([])
  })
})

describe("verify mode's gate on the attestation", () => {
  const VERIFY = { image: 'mem.example/acme/app:latest', platforms: PLATFORMS, 'check-binaries': 'false' }
  const gateWith = (pub: string, extra: Record<string, string> = {}): Record<string, string> => ({
    ...VERIFY,
    'require-attestation': 'true',
    'attestation-public-key': pub,
    ...extra
  })

  test('passes with the signer key, reading no layer or config: the digest and attestation as outputs', async () => {
    const w = world()
    await runIn(w, 'publish', { ...PUBLISH, 'attest-key': keys.key })
    w.registry.blobReads = 0
    const { seen } = await runIn(w, 'verify', gateWith(keys.pub))
    expect(seen.failures).toEqual([])
    expect(w.registry.blobReads).toBe(0)
    expect(seen.outputs.get('verified')).toBe('true')
    expect(seen.outputs.get('digest')).toBe(w.registry.tagged(target, 'latest'))
    expect(seen.outputs.get('attestation')).toBe(w.referrers.kept[0]?.descriptor.digest)
    expect(seen.outputs.has('report')).toBe(false)
  })

  test('reverify: the gate, then the full verification (its report)', async () => {
    const w = world()
    await runIn(w, 'publish', { ...PUBLISH, 'attest-key': keys.key })
    const { seen } = await runIn(w, 'verify', gateWith(keys.pub, { 'require-attestation': 'reverify' }))
    expect(seen.failures).toEqual([])
    expect(seen.outputs.get('verified')).toBe('true')
    expect(seen.outputs.get('report')).toMatch(/verify-sha256-/)
  })

  test.each([
    ['none-found', { attest: 'false', 'attest-key': '' }, {}],
    ['wrong-signer', {}, { 'attestation-public-key': otherKeys.pub }],
    ['policy-too-narrow', {}, { platforms: `${PLATFORMS},linux/s390x` }]
  ])('fails naming %s', async (reason, publishInputs, verifyInputs) => {
    const w = world()
    await runIn(w, 'publish', { ...PUBLISH, 'attest-key': keys.key, ...publishInputs })
    const { seen } = await runIn(w, 'verify', gateWith(keys.pub, verifyInputs))
    expect(seen.failures.map((f) => f.exitCode)).toEqual([1])
    expect(seen.failures[0]?.line).toContain(reason)
    expect(seen.outputs.get('verified')).toBe('false')
  })

  test('fails naming failed when the only attestation records a FAILED verification', async () => {
    const w = world()
    // A FAILED publish leaves no tag: the gate is asked about the index by digest.
    await runIn(w, 'publish', { ...PUBLISH, 'check-binaries': 'true', 'attest-key': keys.key })
    const digest = w.referrers.kept[0]?.subject ?? ''
    const { seen } = await runIn(w, 'verify', gateWith(keys.pub, { image: `mem.example/acme/app@${digest}` }))
    expect(seen.failures[0]?.line).toContain('failed')
  })

  test('require-attestation needs exactly one signer', async () => {
    const { seen } = await runIn(world(), 'verify', { ...VERIFY, 'require-attestation': 'true' })
    expect(seen.failures.map((f) => f.exitCode)).toEqual([2])
    expect(seen.failures[0]?.line).toContain('attestation-public-key')
  })
})

describe('verify mode attests what it verified only when asked', () => {
  const VERIFY = { image: 'mem.example/acme/app:latest', platforms: PLATFORMS, 'check-binaries': 'false' }

  /** A published index under `latest` (no attestation), and the writes made so far. */
  async function published(w: World): Promise<{ index: string; writesBefore: number }> {
    await runIn(w, 'publish', { ...PUBLISH, attest: 'false' })
    return { index: w.registry.tagged(target, 'latest') ?? '', writesBefore: w.registry.writes.length }
  }

  const statementOf = (bytes: Buffer | undefined): VerifyStatement =>
    JSON.parse(
      Buffer.from(
        (JSON.parse(bytes?.toString('utf8') ?? '{}') as { dsseEnvelope: { payload: string } }).dsseEnvelope
          .payload,
        'base64'
      ).toString('utf8')
    ) as VerifyStatement

  test('attest: key stores one statement about the verified digest (the tag verified in it), outputs and a summary line', async () => {
    const w = world()
    const { index, writesBefore } = await published(w)
    const { seen } = await runIn(w, 'verify', { ...VERIFY, attest: 'key', 'attest-key': keys.key })
    expect(seen.failures).toEqual([])
    const [stored, ...more] = w.referrers.kept
    expect(more).toEqual([])
    expect(stored?.subject).toBe(index)
    const statement = statementOf(stored?.bytes)
    expect(statement.subject).toEqual([
      { name: 'mem.example/acme/app', digest: { sha256: index.replace('sha256:', '') } }
    ])
    expect(statement.predicate.verificationResult).toBe('PASSED')
    expect(detailOf(statement)?.tags).toEqual(['latest'])
    expect(seen.outputs.get('attestation')).toBe(stored?.descriptor.digest)
    const bundle = await readFile(seen.outputs.get('attestation-bundle') ?? '')
    expect(bundle.equals(stored?.bytes ?? Buffer.alloc(0))).toBe(true)
    expect(seen.summaries.join('\n')).toContain(`\`${stored?.descriptor.digest ?? ''}\``)
    // The registry itself gets no manifest or tag from verify: the referrer went through the referrers store.
    expect(w.registry.writes.slice(writesBefore)).toEqual([])
    const verdict = await requireAttestation(w.referrers, {
      subject: { ...target, digest: index },
      trust: { kind: 'key', publicKeyPem: keys.pub },
      platforms: [{ os: 'linux', architecture: 'amd64' }]
    })
    expect(verdict.ok).toBe(true)
  })

  test('by default it writes nothing and says nothing about attestations', async () => {
    const w = world()
    const { writesBefore } = await published(w)
    const { seen } = await runIn(w, 'verify', VERIFY)
    expect(seen.failures).toEqual([])
    expect(w.registry.writes.slice(writesBefore)).toEqual([])
    expect(w.referrers.kept).toEqual([])
    expect(seen.outputs.has('attestation')).toBe(false)
    expect(seen.info.filter((l) => l.includes('attestation'))).toEqual([])
  })

  test('a failing verification is attested as FAILED, and the run fails', async () => {
    const w = world()
    const { index } = await published(w)
    // The in-memory layers are no tars: the binary check cannot pass.
    const { seen } = await runIn(w, 'verify', {
      ...VERIFY,
      'check-binaries': 'true',
      attest: 'key',
      'attest-key': keys.key
    })
    expect(seen.failures.map((f) => f.exitCode)).toEqual([1])
    expect(w.referrers.kept.map((k) => k.subject)).toEqual([index])
    expect(statementOf(w.referrers.kept[0]?.bytes).predicate.verificationResult).toBe('FAILED')
    expect(seen.outputs.get('attestation')).toBe(w.referrers.kept[0]?.descriptor.digest)
  })

  test('require-attestation: reverify with attest: the gate, the full check, then one new attestation', async () => {
    const w = world()
    await runIn(w, 'publish', { ...PUBLISH, 'attest-key': keys.key })
    const { seen } = await runIn(w, 'verify', {
      ...VERIFY,
      'require-attestation': 'reverify',
      'attestation-public-key': keys.pub,
      attest: 'unsigned'
    })
    expect(seen.failures).toEqual([])
    expect(w.referrers.kept).toHaveLength(2)
    expect(seen.outputs.get('attestation')).toBe(w.referrers.kept[1]?.descriptor.digest)
  })

  test.each([
    [
      'attest with the gate alone (require-attestation: true)',
      {
        attest: 'key',
        'attest-key': keys.key,
        'require-attestation': 'true',
        'attestation-public-key': keys.pub
      },
      ['attest', 'require-attestation: true']
    ],
    ['attest-key without attest (off in verify)', { 'attest-key': keys.key }, ['attest-key', 'attest: key']],
    [
      'a key that is no PEM key',
      { attest: 'key', 'attest-key': '-----BEGIN NOTHING-----\nAA==\n-----END NOTHING-----' },
      ['attest-key']
    ],
    ['attest: key without a key', { attest: 'key' }, ['attest-key']]
  ])('%s: an input error, nothing read or written', async (_name, inputs, named) => {
    const w = world()
    const { writesBefore } = await published(w)
    w.registry.blobReads = 0
    const { seen } = await runIn(w, 'verify', { ...VERIFY, ...inputs })
    expect(seen.failures.map((f) => f.exitCode)).toEqual([2])
    for (const name of named) expect(seen.failures[0]?.line).toContain(name)
    expect(w.registry.writes.slice(writesBefore)).toEqual([])
    expect(w.registry.blobReads).toBe(0)
    expect(w.referrers.kept).toEqual([])
    expect(w.referrers.reads).toBe(0)
  })
})

interface VerifyStatement {
  subject: { name: string; digest: { sha256: string } }[]
  predicate: Record<string, unknown> & { verificationResult: string }
}

function detailOf(statement: VerifyStatement): { tags: string[] } | undefined {
  return Object.entries(statement.predicate).find(([k]) => k.endsWith('verification-detail-v1.json'))?.[1] as
    { tags: string[] } | undefined
}

describe("forward-only reads the revision from the tag's attestation when the index cannot say it", () => {
  const OLDER = 'a'.repeat(40)
  const NEWER = 'b'.repeat(40)

  /** A Docker list of unlabelled Docker v2 children under `latest`. */
  function dockerListWithoutRevision(registry: MemoryRegistry): string {
    const children = ['amd64', 'arm64'].map((architecture) => {
      const image = seedImage(registry, target, { os: 'linux', architecture })
      return { ...image, platform: { os: 'linux', architecture } }
    })
    const list = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: MediaType.dockerList, manifests: children })
    )
    return registry.seedManifest(target, list, MediaType.dockerList, 'latest')
  }

  type Checked = Awaited<ReturnType<typeof checkTagForward>> & { asked: string[] }
  const check = (attestedRevision?: () => Promise<string | undefined>): Promise<Checked> => {
    const registry = new MemoryRegistry()
    dockerListWithoutRevision(registry)
    const asked: string[] = []
    return checkTagForward({
      store: registry,
      ref: { ...target, tag: 'latest' },
      revision: OLDER,
      onOlder: 'skip',
      ancestry: (run, tag) => {
        asked.push(`${run}..${tag}`)
        return Promise.resolve({ relation: 'ancestor', source: 'git' })
      },
      ...(attestedRevision ? { attestedRevision } : {})
    }).then((result) => ({ ...result, asked }))
  }

  test('the attested revision is newer: the tag stays (on-older: skip)', async () => {
    const { decision, current, asked } = await check(() => Promise.resolve(NEWER))
    expect(current.exists && current.revision).toEqual({ revision: NEWER, from: 'attestation' })
    expect(asked).toEqual([`${OLDER}..${NEWER}`])
    expect(decision.action).toBe('skip')
  })

  test('no trusted attestation: it still cannot tell, and says why', async () => {
    const { decision, current } = await check(() => Promise.resolve(undefined))
    expect(current.exists && current.revision.revision).toBeUndefined()
    expect(decision.message).toContain('no trusted attestation records one')
  })
})
