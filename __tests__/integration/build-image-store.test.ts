// dockerImageStore against the bench's two real daemons: the Engine API on the unix socket answers what
// `docker info` answers, without starting the CLI; a socket that does not answer falls back to the CLI.
import { describe, expect, test } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { dockerImageStore, parseImageStore } from '../../src/buildx/image-store.js'
import type { ProcessResult, ProcessRunner } from '../../src/process/exec.js'
import { bench } from '../support/bench.js'
import { run } from '../support/docker.js'

/** A process edge that records what it was asked and answers a fixed `docker info` output. */
function recording(stdout: string): ProcessRunner & { calls: string[][] } {
  const calls: string[][] = []
  const runner = ((command: string, args: readonly string[]) => {
    calls.push([command, ...args])
    return Promise.resolve<ProcessResult>({ code: 0, stdout, stderr: '', stopped: false })
  }) as ProcessRunner & { calls: string[][] }
  runner.calls = calls
  return runner
}

const noConfig = mkdtempSync(path.join(tmpdir(), 'docker-config-'))
const daemons: [string, string, 'containerd' | 'classic'][] = [
  ['the bench dockerd (containerd store)', 'unix:///var/run/docker.sock', 'containerd'],
  [
    'the classic-store dockerd',
    bench().classicDockerHost ?? 'unix:///classic-store-dockerd-missing',
    'classic'
  ]
]

describe('dockerImageStore asks the daemon on its socket', () => {
  test.each(daemons)('%s', async (_label, host, store) => {
    const env = { ...process.env, DOCKER_HOST: host, DOCKER_CONFIG: noConfig }
    const cli = await run('docker', ['info', '--format', '{{json .DriverStatus}}'], { env })
    expect(parseImageStore(cli)).toBe(store)
    const runner = recording('not asked')
    expect(await dockerImageStore(undefined, { env, run: runner })).toBe(store)
    expect(runner.calls).toEqual([])
  })

  test('a socket that does not answer: the docker CLI is asked', async () => {
    const env = {
      ...process.env,
      DOCKER_HOST: `unix://${path.join(noConfig, 'none.sock')}`,
      DOCKER_CONFIG: noConfig
    }
    const runner = recording('[["driver-type","io.containerd.snapshotter.v1"]]')
    expect(await dockerImageStore(undefined, { env, run: runner })).toBe('containerd')
    expect(runner.calls).toEqual([['docker', 'info', '--format', '{{json .DriverStatus}}']])
  })

  test('a builder named after a docker context: the CLI is asked there', async () => {
    const env = { ...process.env, DOCKER_CONFIG: noConfig }
    const runner = recording('[["Backing Filesystem","extfs"]]')
    expect(await dockerImageStore('ctx', { env, run: runner })).toBe('classic')
    expect(runner.calls).toEqual([
      ['docker', '--context', 'ctx', 'info', '--format', '{{json .DriverStatus}}']
    ])
  })
})
