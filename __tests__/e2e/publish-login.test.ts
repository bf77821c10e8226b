/**
 * `mode: publish` with only the `username`/`password` inputs and no docker login, run as the runner runs
 * it on every bench daemon: buildx's push reads a docker config, so the action must hand the login to it
 * (for the target registry alone) — the publish succeeds, and the password never reaches the log.
 */
import { beforeAll, expect, test } from '@jest/globals'
import { runAction, type ActionRun } from '../support/action-runner.js'
import { bench, describeOnDaemons, uniqueRepo } from '../support/bench.js'
import { dockerConfigFor, skopeoRaw } from '../support/docker.js'

const registry = bench().registries.basic
const PLATFORMS = ['linux/amd64', 'linux/arm64']

describeOnDaemons('mode: publish with username/password and no docker login', () => {
  const repo = `${registry.address}/${uniqueRepo('e2e/login')}`
  let result: ActionRun

  beforeAll(async () => {
    // A docker config with no login at all (the active toolchain's buildx linked in).
    const noLogin = await dockerConfigFor([])
    result = await runAction(
      {
        mode: 'publish',
        image: repo,
        tags: 'latest',
        platforms: PLATFORMS.join(','),
        context: bench().context,
        username: registry.username,
        password: registry.password
      },
      { env: { ...noLogin, GITHUB_RUN_ID: `${Date.now()}` } }
    )
  })

  test('publishes', () => {
    expect(result.errors).toEqual([])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.outputs.refs ?? '[]')).toEqual([`${repo}:latest`])
  })

  test('the tag holds every platform', async () => {
    const index = JSON.parse(await skopeoRaw(`${repo}:latest`, registry)) as {
      manifests: { platform: { os: string; architecture: string }; annotations?: Record<string, string> }[]
    }
    const platforms = index.manifests
      .filter((m) => !m.annotations?.['vnd.docker.reference.type'])
      .map((m) => `${m.platform.os}/${m.platform.architecture}`)
    expect(platforms).toEqual(PLATFORMS)
  })

  test('the password is never printed', () => {
    const log = result.stdout.replace(/^::add-mask::.*$/gm, '')
    expect(log).not.toContain(registry.password)
    expect(log).not.toContain(Buffer.from(`${registry.username}:${registry.password}`).toString('base64'))
  })
})
