/**
 * The native-runner recipe, run as the runner runs it: two `build` legs of one workflow run (amd64,
 * arm64) push under staging tags; the `merge` job of that run finds them without artifacts. A merge
 * expecting a leg that never ran names it and moves no tag.
 */
import { beforeAll, describe, expect, test } from '@jest/globals'
import { runAction, type ActionRun } from '../support/action-runner.js'
import { bench, describeOnDaemons, uniqueRepo } from '../support/bench.js'
import { dockerConfigFor, exec, skopeoRaw } from '../support/docker.js'

const registry = bench().registries.basic

describeOnDaemons('build legs, then merge', (daemon) => {
  const repo = `${registry.address}/${uniqueRepo('e2e/legs')}`
  const runId = `${Date.now()}`
  let docker: Record<string, string>
  let legs: ActionRun[]
  let merged: ActionRun

  beforeAll(async () => {
    docker = await dockerConfigFor([registry])
    const env = { ...docker, GITHUB_RUN_ID: runId }
    legs = await Promise.all(
      ['linux/amd64', 'linux/arm64'].map((platform) =>
        runAction({ mode: 'build', image: repo, platforms: platform, context: bench().context }, { env })
      )
    )
    merged = await runAction(
      { mode: 'merge', image: repo, tags: 'latest', platforms: 'linux/amd64,linux/arm64' },
      { env }
    )
  })

  test('each leg pushes its platform under a staging tag of this run', () => {
    for (const [i, leg] of legs.entries()) {
      expect(leg.errors).toEqual([])
      const platform = ['linux/amd64', 'linux/arm64'][i] ?? ''
      expect(Object.keys(JSON.parse(leg.outputs.platforms ?? '{}') as object)).toEqual([platform])
      expect(JSON.parse(leg.outputs.refs ?? '[]')).toEqual([
        expect.stringMatching(
          new RegExp(`^${repo}:mp-staging-${runId}-[0-9a-f]{8}-${platform.replace('/', '-')}$`)
        )
      ])
    }
  })

  test('merge finds both legs and publishes a complete, verified index', async () => {
    expect(merged.errors).toEqual([])
    expect(JSON.parse(merged.outputs.refs ?? '[]')).toEqual([`${repo}:latest`])
    const index = JSON.parse(await skopeoRaw(`${repo}:latest`, registry)) as {
      manifests: { platform: { architecture: string } }[]
    }
    // With the containerd store each leg also pushes its attestation (platform unknown/unknown).
    const attestations = daemon.store === 'containerd' ? ['unknown', 'unknown'] : []
    expect(index.manifests.map((m) => m.platform.architecture)).toEqual(['amd64', 'arm64', ...attestations])
  })

  test('a missing leg is named, and no tag moves', async () => {
    const result = await runAction(
      { mode: 'merge', image: repo, tags: 'latest\nnext', platforms: 'linux/amd64,linux/arm64,linux/s390x' },
      { env: { ...docker, GITHUB_RUN_ID: runId } }
    )
    expect(result.code).not.toBe(0)
    expect(result.errors).toEqual([
      expect.stringMatching(
        new RegExp(
          `^::error::build legs missing for staging id ${runId}: linux/s390x \\(no ${repo}:mp-staging-${runId}-[0-9a-f]{8}-linux-s390x\\) — run \`mode: build\``
        )
      )
    ])
    const next = await exec('skopeo', [
      'inspect',
      '--raw',
      '--tls-verify=false',
      '--creds',
      `${registry.username}:${registry.password}`,
      `docker://${repo}:next`
    ])
    expect(next.code).not.toBe(0)
    const latest = JSON.parse(await skopeoRaw(`${repo}:latest`, registry)) as { manifests: unknown[] }
    expect(latest.manifests).toHaveLength(daemon.store === 'containerd' ? 4 : 2)
  })
})

describe('one build leg with two platforms in one session, a second leg, then merge', () => {
  const repo = `${registry.address}/${uniqueRepo('e2e/legs-two')}`
  const runId = `two-${Date.now()}`
  let docker: Record<string, string>
  let wide: ActionRun
  let merged: ActionRun

  beforeAll(async () => {
    docker = await dockerConfigFor([registry])
    const env = { ...docker, GITHUB_RUN_ID: runId }
    const context = bench().context
    ;[wide] = await Promise.all([
      runAction({ mode: 'build', image: repo, platforms: 'linux/arm64,linux/s390x', context }, { env }),
      runAction({ mode: 'build', image: repo, platforms: 'linux/amd64', context }, { env })
    ])
    merged = await runAction(
      { mode: 'merge', image: repo, tags: 'latest', platforms: 'linux/amd64,linux/arm64,linux/s390x' },
      { env }
    )
  })

  test('the two-platform leg pushes each platform under its own staging tag, with its metadata', () => {
    expect(wide.errors).toEqual([])
    expect(Object.keys(JSON.parse(wide.outputs.platforms ?? '{}') as object)).toEqual([
      'linux/arm64',
      'linux/s390x'
    ])
    expect(JSON.parse(wide.outputs.refs ?? '[]')).toEqual([
      expect.stringMatching(new RegExp(`^${repo}:mp-staging-${runId}-[0-9a-f]{8}-linux-arm64$`)),
      expect.stringMatching(new RegExp(`^${repo}:mp-staging-${runId}-[0-9a-f]{8}-linux-s390x$`))
    ])
    const metadata = JSON.parse(wide.outputs.metadata ?? '{}') as Record<string, Record<string, unknown>>
    expect(Object.keys(metadata)).toEqual(['linux/arm64', 'linux/s390x'])
    expect(metadata['linux/arm64']?.['containerimage.digest']).toMatch(/^sha256:[0-9a-f]{64}$/)
  })

  test('merge of the run finds all three platforms by run id and publishes them verified', async () => {
    expect(merged.errors).toEqual([])
    expect(merged.outputs.verified).toBe('true')
    const index = JSON.parse(await skopeoRaw(`${repo}:latest`, registry)) as {
      manifests: { platform: { architecture: string } }[]
    }
    expect(index.manifests.map((m) => m.platform.architecture).filter((a) => a !== 'unknown')).toEqual([
      'amd64',
      'arm64',
      's390x'
    ])
  })
})
