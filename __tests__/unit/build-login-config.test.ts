/**
 * The private docker config buildx pushes with, on the file system alone: what it holds while the work
 * runs (the user's folder linked in, the login added, private modes) and that nothing of it remains.
 */
import { describe, expect, test } from '@jest/globals'
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { withRegistryLogin } from '../../src/buildx/login-config.js'
import { rejected } from '../support/thrown.js'

const login = { registry: 'registry.test:5000', username: 'u', password: 'p' }

function userFolder(config?: string): { source: string; runnerTemp: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'login-config-'))
  const source = path.join(root, 'docker')
  const runnerTemp = path.join(root, 'runner-temp')
  for (const dir of [
    source,
    runnerTemp,
    path.join(source, 'cli-plugins'),
    path.join(source, 'buildx'),
    path.join(source, 'contexts')
  ])
    mkdirSync(dir)
  if (config !== undefined) writeFileSync(path.join(source, 'config.json'), config)
  return { source, runnerTemp }
}

describe('withRegistryLogin', () => {
  test('the work sees a private folder with the login and the user’s entries linked; afterwards it is gone', async () => {
    const { source, runnerTemp } = userFolder(
      JSON.stringify({ auths: { 'other.test': { auth: 'eDp5' } }, currentContext: 'ci' })
    )
    const seen = await withRegistryLogin(
      login,
      { DOCKER_CONFIG: source, RUNNER_TEMP: runnerTemp, KEEP: 'me' },
      (env) => {
        const folder = env.DOCKER_CONFIG ?? ''
        return Promise.resolve({
          env: { KEEP: env.KEEP, inRunnerTemp: path.dirname(folder) === runnerTemp },
          modes: [statSync(folder).mode & 0o777, statSync(path.join(folder, 'config.json')).mode & 0o777],
          config: JSON.parse(readFileSync(path.join(folder, 'config.json'), 'utf8')) as unknown,
          links: readdirSync(folder)
            .filter((n) => lstatSync(path.join(folder, n)).isSymbolicLink())
            .map((n) => [n, readlinkSync(path.join(folder, n))])
            .sort()
        })
      }
    )
    expect(seen).toEqual({
      env: { KEEP: 'me', inRunnerTemp: true },
      modes: [0o700, 0o600],
      config: {
        auths: {
          'other.test': { auth: 'eDp5' },
          'registry.test:5000': { auth: Buffer.from('u:p').toString('base64') }
        },
        currentContext: 'ci'
      },
      links: ['buildx', 'cli-plugins', 'contexts'].map((n) => [n, path.join(source, n)])
    })
    expect(readdirSync(runnerTemp)).toEqual([])
    // The user's own folder is untouched (removing ours never follows a link).
    expect(readdirSync(source).sort()).toEqual(['buildx', 'cli-plugins', 'config.json', 'contexts'])
  })

  test('removed also when the work fails', async () => {
    const { source, runnerTemp } = userFolder()
    await expect(
      withRegistryLogin(login, { DOCKER_CONFIG: source, RUNNER_TEMP: runnerTemp }, () =>
        Promise.reject(new Error('boom'))
      )
    ).rejects.toThrow('boom')
    expect(readdirSync(runnerTemp)).toEqual([])
  })

  test('without a login: the environment as it is, no folder made', async () => {
    const { source, runnerTemp } = userFolder()
    const env = { DOCKER_CONFIG: source, RUNNER_TEMP: runnerTemp }
    expect(await withRegistryLogin(undefined, env, (e) => Promise.resolve(e))).toBe(env)
    expect(readdirSync(runnerTemp)).toEqual([])
  })

  test('a config.json docker could not read either: an environment error naming it, nothing left behind', async () => {
    const { source, runnerTemp } = userFolder('{"auths": ')
    const error = await rejected(
      withRegistryLogin(login, { DOCKER_CONFIG: source, RUNNER_TEMP: runnerTemp }, () => Promise.resolve())
    )
    expect(error.kind).toBe('environment')
    expect(error.message).toBe(`the docker config ${path.join(source, 'config.json')} is not a JSON object`)
    expect(readdirSync(runnerTemp)).toEqual([])
  })
})
