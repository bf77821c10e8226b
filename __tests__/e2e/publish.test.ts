/**
 * `mode: publish` run as the runner runs it, with real dockerd + buildx + QEMU: 7 platforms built,
 * merged, verified and tagged (with arch tags); and a Dockerfile that fails on one platform only, which
 * must name the platform and leave every tag as it was.
 */
import { beforeAll, expect, test } from '@jest/globals'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runAction, type ActionRun } from '../support/action-runner.js'
import { bench, describeOnDaemons, uniqueRepo, unameMachines } from '../support/bench.js'
import { dockerConfigFor, exec, run, skopeoRaw } from '../support/docker.js'

interface Index {
  manifests: {
    digest: string
    platform: { os: string; architecture: string; variant?: string }
    annotations?: Record<string, string>
  }[]
}

const registry = bench().registries.basic
const SEVEN = bench().fixturePlatforms
const MACHINE = unameMachines()
const platformOf = (m: Index['manifests'][number]): string =>
  [m.platform.os, m.platform.architecture, m.platform.variant].filter(Boolean).join('/')

describeOnDaemons('mode: publish, 7 platforms', (daemon) => {
  const repo = `${registry.address}/${uniqueRepo('e2e/publish')}`
  let docker: Record<string, string>
  let result: ActionRun

  beforeAll(async () => {
    docker = await dockerConfigFor([registry])
    result = await runAction(
      {
        mode: 'publish',
        image: repo,
        tags: 'latest',
        platforms: SEVEN.join(','),
        context: bench().context,
        'arch-tags': 'true'
      },
      { env: { ...docker, GITHUB_RUN_ID: `${Date.now()}` } }
    )
  })

  test('publishes the index and one arch tag per platform', () => {
    expect(result.errors).toEqual([])
    expect(result.code).toBe(0)
    const refs = JSON.parse(result.outputs.refs ?? '[]') as string[]
    expect(refs[0]).toBe(`${repo}:latest`)
    expect(refs.slice(1).sort()).toEqual(
      [
        'latest-linux-amd64',
        'latest-linux-arm64',
        'latest-linux-arm-v7',
        'latest-linux-arm-v6',
        'latest-linux-s390x',
        'latest-linux-ppc64le',
        'latest-linux-386'
      ]
        .map((t) => `${repo}:${t}`)
        .sort()
    )
  })

  test('the index has exactly those platforms, each with its attestation where the store makes one', async () => {
    const index = JSON.parse(await skopeoRaw(`${repo}:latest`, registry)) as Index
    const images = index.manifests.filter((m) => !m.annotations?.['vnd.docker.reference.type'])
    expect(images.map(platformOf)).toEqual(SEVEN)
    // The docker driver on the classic store makes no attestations.
    expect(index.manifests).toHaveLength(daemon.store === 'containerd' ? 14 : 7)
  })

  test.each(SEVEN)('docker run --platform %s runs that CPU', async (platform) => {
    const out = await run(
      'docker',
      ['run', '--rm', '--pull', 'always', '--platform', platform, `${repo}:latest`],
      { env: docker }
    )
    expect(out.trim()).toBe(MACHINE[platform])
  })

  test('the summary shows the run as a gantt chart above the verification table', () => {
    const gantt = result.summary.indexOf('```mermaid')
    const table = result.summary.indexOf('| platform | digest |')
    expect(gantt).toBeGreaterThanOrEqual(0)
    expect(table).toBeGreaterThan(gantt)
    for (const p of SEVEN) expect(result.summary).toContain(`  ${p} `)
    expect(result.summary.split('\n').filter((l) => /^\| linux\/\S+ \| `sha256:/.test(l))).toHaveLength(7)
  })

  // Only the containerd store builds all platforms in one session pushing one index (the classic store:
  // one target and push per platform), so only there is there a session push to read ahead of.
  const onContainerdStore = daemon.store === 'containerd' ? test : undefined
  const readAhead =
    'verification read ahead while the session finished its push (timeline: it starts inside the session)'
  onContainerdStore?.(readAhead, () => {
    const bar = (name: string): [number, number] => {
      const line = result.summary.split('\n').find((l) => l.startsWith(`  ${name} `)) ?? ''
      const match = /:t\d+, (\d+), (\d+)$/.exec(line)
      expect(match).not.toBeNull()
      return [Number(match?.[1]), Number(match?.[2])]
    }
    const [, sessionEnd] = bar('context, shared steps, export, push')
    const [aheadStart] = bar('verify reads ahead, during the push')
    expect(aheadStart).toBeLessThan(sessionEnd)
  })
})

describeOnDaemons('mode: publish, one platform fails to build', () => {
  const repo = `${registry.address}/${uniqueRepo('e2e/publish-fail')}`
  let docker: Record<string, string>
  let before: string

  beforeAll(async () => {
    docker = await dockerConfigFor([registry])
    const first = await runAction(
      {
        mode: 'publish',
        image: repo,
        tags: 'latest',
        platforms: 'linux/amd64,linux/arm64',
        context: bench().context
      },
      { env: { ...docker, GITHUB_RUN_ID: `${Date.now()}` } }
    )
    expect(first.errors).toEqual([])
    before = first.outputs.digest ?? ''
  })

  test('exits non-zero naming the platform; the tag and arch tags are untouched', async () => {
    const context = mkdtempSync(path.join(tmpdir(), 'fails-on-s390x-'))
    for (const dir of readdirSync(bench().context).filter((d) => d !== 'Dockerfile')) {
      mkdirSync(path.join(context, dir))
      copyFileSync(path.join(bench().context, dir, 'busybox'), path.join(context, dir, 'busybox'))
    }
    writeFileSync(
      path.join(context, 'Dockerfile'),
      'FROM scratch\nARG TARGETARCH\nARG TARGETVARIANT\nCOPY ${TARGETARCH}${TARGETVARIANT}/busybox /bin/busybox\n' +
        'RUN ["/bin/busybox", "sh", "-c", "test \\"$(/bin/busybox uname -m)\\" != s390x || { echo no s390x here >&2; exit 3; }"]\n'
    )
    const failed = await runAction(
      {
        mode: 'publish',
        image: repo,
        tags: 'latest',
        platforms: 'linux/amd64,linux/s390x',
        context,
        'arch-tags': 'true'
      },
      { env: { ...docker, GITHUB_RUN_ID: `${Date.now()}` } }
    )
    expect(failed.code).not.toBe(0)
    expect(failed.errors[0]).toMatch(
      /^::error::linux\/s390x failed to build: .* — see the log group "build linux\/s390x"; no tag was moved$/
    )
    const latest = await exec('skopeo', [
      'inspect',
      '--raw',
      '--tls-verify=false',
      '--creds',
      `${registry.username}:${registry.password}`,
      `docker://${repo}:latest`
    ])
    const { createHash } = await import('node:crypto')
    expect('sha256:' + createHash('sha256').update(latest.stdout).digest('hex')).toBe(before)
    const archTag = await exec('skopeo', [
      'inspect',
      '--raw',
      '--tls-verify=false',
      '--creds',
      `${registry.username}:${registry.password}`,
      `docker://${repo}:latest-linux-amd64`
    ])
    expect(archTag.code).not.toBe(0)
  })
})
