/**
 * `mode: merge` run as the runner runs it. Seed 002: a linux image and a Windows image tagged :linux and
 * :windows become one :latest. And the native-runner recipe: per-platform buildx outputs (each an index
 * with its attestation) merged into one index — compared with what `docker buildx imagetools create`
 * makes from the same sources, and run on each platform.
 */
import { beforeAll, describe, expect, test } from '@jest/globals'
import { runAction, type ActionRun } from '../support/action-runner.js'
import { bench, uniqueRepo } from '../support/bench.js'
import { buildxPush, dockerConfigFor, exec, run, skopeoRaw } from '../support/docker.js'
import { RegistryClient } from '../../src/registry/client.js'
import { explicitCredentials } from '../../src/registry/credentials.js'
import { busyboxFiles, pushImage } from '../support/images.js'

interface Entry {
  digest: string
  platform: { os: string; architecture: string; variant?: string; 'os.version'?: string }
  annotations?: Record<string, string>
}
interface Index {
  mediaType: string
  manifests: Entry[]
}

const registry = bench().registries.basic
const skopeoIndex = async (ref: string): Promise<Index> => JSON.parse(await skopeoRaw(ref, registry)) as Index
const isAttestation = (e: Entry): boolean =>
  e.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest'
const label = (e: Entry): string =>
  [e.platform.os, e.platform.architecture, e.platform.variant].filter(Boolean).join('/')

describe('seed 002: :linux and :windows merged into :latest', () => {
  const repo = `${registry.address}/${uniqueRepo('e2e/seed002')}`
  let docker: Record<string, string>
  let result: ActionRun

  beforeAll(async () => {
    docker = await dockerConfigFor([registry])
    const client = new RegistryClient({
      credentials: explicitCredentials(registry.username, registry.password, { registry: registry.address })
    })
    const target = { registry: registry.address, repository: repo.slice(registry.address.length + 1) }
    const amd64 = { os: 'linux', architecture: 'amd64' }
    await pushImage(client, target, amd64, {
      docker: true,
      tag: 'linux',
      files: busyboxFiles(amd64),
      cmd: ['/bin/busybox', 'uname', '-m']
    })
    const pe = Buffer.alloc(0x80)
    pe.write('MZ', 0)
    pe.writeUInt32LE(0x40, 0x3c)
    pe.write('PE\0\0', 0x40, 'latin1')
    pe.writeUInt16LE(0x8664, 0x44)
    await pushImage(
      client,
      target,
      { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.1697' },
      {
        docker: true,
        tag: 'windows',
        files: [{ path: 'Files/Windows/System32/cmd.exe', content: pe }],
        cmd: ['cmd.exe']
      }
    )
    result = await runAction(
      {
        mode: 'merge',
        image: repo,
        tags: 'latest',
        platforms: 'linux/amd64\nwindows/amd64',
        sources: `${repo}:linux\n${repo}:windows`
      },
      { env: docker }
    )
  })

  test('publishes :latest and says so in its outputs', () => {
    expect(result.errors).toEqual([])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.outputs.refs ?? '[]')).toEqual([`${repo}:latest`])
    expect(Object.keys(JSON.parse(result.outputs.platforms ?? '{}') as object).sort()).toEqual([
      'linux/amd64',
      'windows(10.0.17763.1697)/amd64'
    ])
    expect(result.summary).toContain(`Published \`${repo}:latest\``)
  })

  test('skopeo sees a Docker manifest list with the Windows entry carrying os.version', async () => {
    const list = await skopeoIndex(`${repo}:latest`)
    expect(list.mediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json')
    expect(list.manifests.map((m) => m.platform)).toEqual([
      { architecture: 'amd64', os: 'linux' },
      { architecture: 'amd64', os: 'windows', 'os.version': '10.0.17763.1697' }
    ])
    const raw = await skopeoRaw(`${repo}:latest`, registry)
    const { createHash } = await import('node:crypto')
    expect(result.outputs.digest).toBe('sha256:' + createHash('sha256').update(raw).digest('hex'))
  })

  test('docker run of :latest on this linux/amd64 host runs the linux image', async () => {
    expect(
      (await run('docker', ['run', '--rm', '--pull', 'always', `${repo}:latest`], { env: docker })).trim()
    ).toBe('x86_64')
  })
})

describe('per-platform buildx outputs merged', () => {
  const LEGS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/s390x']
  const repo = `${registry.address}/${uniqueRepo('e2e/merge-legs')}`
  const legRef = (p: string): string => `${repo}:leg-${p.replace(/\//g, '-')}`
  let docker: Record<string, string>
  let result: ActionRun

  beforeAll(async () => {
    docker = await dockerConfigFor([registry])
    for (const platform of LEGS) {
      await buildxPush(['--platform', platform, '--tag', legRef(platform), bench().context], { env: docker })
    }
    result = await runAction(
      {
        mode: 'merge',
        image: repo,
        tags: `${repo}:latest\n${repo}:1.0`,
        platforms: LEGS.join(','),
        sources: LEGS.map(legRef).join('\n')
      },
      { env: docker }
    )
    await run(
      'docker',
      ['buildx', 'imagetools', 'create', '--tag', `${repo}:imagetools`, ...LEGS.map(legRef)],
      { env: docker }
    )
  })

  test('publishes both tags, verified', () => {
    expect(result.errors).toEqual([])
    expect(JSON.parse(result.outputs.refs ?? '[]')).toEqual([`${repo}:latest`, `${repo}:1.0`])
    expect(result.summary.split('\n').filter((l) => /^\| linux\/\S+ \| `sha256:/.test(l))).toHaveLength(4)
  })

  test('imagetools inspect lists exactly those platforms, attestations kept and bound to their images', async () => {
    const inspected = JSON.parse(
      await run('docker', ['buildx', 'imagetools', 'inspect', '--raw', `${repo}:latest`], { env: docker })
    ) as Index
    const images = inspected.manifests.filter((m) => !isAttestation(m))
    expect(images.map(label)).toEqual(LEGS)
    const attestations = inspected.manifests.filter(isAttestation)
    expect(attestations.map((a) => a.annotations?.['vnd.docker.reference.digest'])).toEqual(
      images.map((i) => i.digest)
    )
  })

  test('platforms, child digests and attestation bindings match imagetools create from the same sources', async () => {
    const ours = await skopeoIndex(`${repo}:latest`)
    const theirs = await skopeoIndex(`${repo}:imagetools`)
    const shape = (index: Index): string[] =>
      index.manifests
        .map(
          (m) =>
            `${isAttestation(m) ? 'attestation' : label(m)} ${m.digest} ${m.annotations?.['vnd.docker.reference.digest'] ?? ''}`
        )
        .sort()
    expect(shape(ours)).toEqual(shape(theirs))
    expect(ours.mediaType).toBe(theirs.mediaType)
  })

  test.each([
    ['linux/amd64', 'x86_64'],
    ['linux/arm64', 'aarch64'],
    ['linux/arm/v7', 'armv7l'],
    ['linux/s390x', 's390x']
  ])('docker run --platform %s prints %s', async (platform, machine) => {
    const out = await exec(
      'docker',
      ['run', '--rm', '--pull', 'always', '--platform', platform, `${repo}:1.0`],
      { env: docker }
    )
    expect(out.stderr.split('\n').filter((l) => /error/i.test(l))).toEqual([])
    expect(out.stdout.trim()).toBe(machine)
  })
})
