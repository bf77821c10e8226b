import { describe, expect, test } from '@jest/globals'
import { dockerPush, pushedDigest } from '../../src/buildx/docker-push.js'
import { engineSocket } from '../../src/buildx/image-store.js'
import { isTagLinkRace } from '../../src/buildx/tag-link-race.js'
import type { ProcessResult, ProcessRunner } from '../../src/process/exec.js'

const DIGEST = `sha256:${'2f'.repeat(32)}`
const RACE =
  'unexpected status from HEAD request to http://127.0.0.1:5000/v2/a/manifests/mp-staging-1-all: 500 Internal Server Error'

/** A process edge that answers one fixed result and records what it was asked to run. */
function answering(result: Partial<ProcessResult>): ProcessRunner & { calls: string[][] } {
  const calls: string[][] = []
  const runner = ((command: string, args: readonly string[]) => {
    calls.push([command, ...args])
    return Promise.resolve({ code: 0, stdout: '', stderr: '', stopped: false, ...result })
  }) as ProcessRunner & { calls: string[][] }
  runner.calls = calls
  return runner
}

describe('pushedDigest', () => {
  test.each<[string, string | undefined]>([
    [`a1: Layer already exists\nmp-staging-1-all: digest: ${DIGEST} size: 5413\n`, DIGEST],
    [`latest: digest: ${DIGEST} size: 1234`, DIGEST],
    ['a1: Layer already exists\n', undefined],
    ['digest: sha256:short size: 1', undefined]
  ])('%j → %s', (stdout, digest) => {
    expect(pushedDigest(stdout)).toBe(digest)
  })
})

describe('dockerPush (the docker driver push, run again)', () => {
  test('pushes the ref, from the builder’s context when one is named, and returns the digest', async () => {
    const run = answering({ stdout: `x: Layer already exists\nall: digest: ${DIGEST} size: 9\n` })
    expect(await dockerPush('r/a:all', 'ci', { run })).toEqual({ digest: DIGEST })
    expect(run.calls).toEqual([['docker', '--context', 'ci', 'push', 'r/a:all']])
  })

  test('a failed push says why from stderr (stdout holds only progress), and the race is known again', async () => {
    const run = answering({ code: 1, stdout: 'x: Layer already exists\n', stderr: `${RACE}\n` })
    const pushed = await dockerPush('r/a:all', undefined, { run })
    expect(pushed).toEqual({ errorLine: RACE })
    expect(run.calls).toEqual([['docker', 'push', 'r/a:all']])
    expect(isTagLinkRace({ code: 1, stopped: false, errorLine: pushed.errorLine ?? '' })).toBe(true)
  })

  test('exit 0 without a digest line is not a success', async () => {
    const run = answering({ stdout: 'x: Layer already exists\n' })
    expect(await dockerPush('r/a:all', undefined, { run })).toEqual({ errorLine: 'x: Layer already exists' })
  })
})

describe('engineSocket: the daemon socket the docker CLI would use, if any', () => {
  test.each<[string, Record<string, string>, string | undefined, string | undefined]>([
    ['nothing set: the default context', {}, undefined, '/var/run/docker.sock'],
    ['the config names the default context', {}, 'default', '/var/run/docker.sock'],
    ['a unix DOCKER_HOST', { DOCKER_HOST: 'unix:///tmp/d.sock' }, undefined, '/tmp/d.sock'],
    [
      'DOCKER_HOST wins over DOCKER_CONTEXT (docker/cli)',
      { DOCKER_HOST: 'unix:///tmp/d.sock', DOCKER_CONTEXT: 'x' },
      undefined,
      '/tmp/d.sock'
    ],
    ['a tcp DOCKER_HOST', { DOCKER_HOST: 'tcp://10.0.0.1:2376' }, undefined, undefined],
    ['an ssh DOCKER_HOST', { DOCKER_HOST: 'ssh://me@host' }, undefined, undefined],
    ['DOCKER_CONTEXT names another context', { DOCKER_CONTEXT: 'remote' }, undefined, undefined],
    [
      'DOCKER_CONTEXT=default beats the config',
      { DOCKER_CONTEXT: 'default' },
      'remote',
      '/var/run/docker.sock'
    ],
    ['the config names another context', {}, 'colima', undefined],
    ['an empty DOCKER_HOST is unset', { DOCKER_HOST: '' }, undefined, '/var/run/docker.sock']
  ])('%s', (_label, env, configContext, socket) => {
    expect(engineSocket(env, configContext)).toBe(socket)
  })
})
