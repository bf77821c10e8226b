/**
 * Credentials never leave their registry: a merge into the Basic-auth bench registry with the target's
 * username/password, whose source lives on another host, sends that host none of the target's
 * credentials — neither to its Basic challenge nor to its token realm — from the action and from the CLI.
 * The controls give the recorder a credential of its own (registry-auth) and see it arrive, so the
 * recorder demonstrably sees headers.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runAction } from '../support/action-runner.js'
import { startAuthRecorder, type AuthRecorder } from '../support/auth-recorder.js'
import { bench, repoRoot, uniqueRepo } from '../support/bench.js'
import { exec } from '../support/docker.js'

const cli = path.join(repoRoot, 'dist', 'cli.js')
const emptyDockerConfig = mkdtempSync(path.join(tmpdir(), 'no-docker-config-'))
const basicB64 = (user: string, password: string): string =>
  Buffer.from(`${user}:${password}`).toString('base64')

const recorders: Partial<Record<'basic' | 'bearer', AuthRecorder>> = {}
beforeAll(async () => {
  // Other hosts than the bench's 127.0.0.1 (Linux routes all of 127.0.0.0/8 to lo).
  recorders.basic = await startAuthRecorder('basic', '127.0.0.3')
  recorders.bearer = await startAuthRecorder('bearer', '127.0.0.4')
})
afterAll(async () => {
  await Promise.all(Object.values(recorders).map((r) => r.close()))
})

function recorder(scheme: 'basic' | 'bearer'): AuthRecorder {
  const found = recorders[scheme]
  if (!found) throw new Error(`recorder ${scheme} not started`)
  return found
}

/** The log without the runner's own masking commands (which name the secret so the runner can mask it). */
const shown = (stdout: string): string =>
  stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n')

/** Credentials the recorder got: Basic headers anywhere (an anonymous token it issued itself is fine). */
const basicHeaders = (rec: AuthRecorder, since: number): string[] =>
  rec.received
    .slice(since)
    .map((r) => r.authorization)
    .filter((h) => h.startsWith('Basic '))

/** Everything the recorder got that carries the target's password, in any encoding we send. */
function leaks(rec: AuthRecorder, since: number): string[] {
  const { username, password } = bench().registries.basic
  return rec.received
    .slice(since)
    .map((r) => r.authorization)
    .filter((h) => h.includes(password) || h.includes(basicB64(username, password)))
}

const schemes = ['basic', 'bearer'] as const

describe.each(schemes)('a source on another host with a %s challenge', (scheme) => {
  const target = (): string => `${bench().registries.basic.address}/${uniqueRepo('e2e/scope')}`
  const source = (): string => `${recorder(scheme).address}/elsewhere/app:1`

  test('the action sends it none of the target credentials', async () => {
    const rec = recorder(scheme)
    const [since, asked] = [rec.received.length, rec.requests]
    const { username, password } = bench().registries.basic
    const result = await runAction(
      { mode: 'merge', image: target(), tags: 'latest', sources: source(), username, password },
      { env: { DOCKER_CONFIG: emptyDockerConfig } }
    )
    expect(result.code).not.toBe(0)
    expect(rec.requests).toBeGreaterThan(asked)
    expect(leaks(rec, since)).toEqual([])
    expect(basicHeaders(rec, since)).toEqual([])
    expect(shown(result.stdout)).not.toContain(password)
  })

  test.each([
    ['--password', (password: string) => ({ args: ['--password', password], input: '' })],
    ['--password-stdin', (password: string) => ({ args: ['--password-stdin'], input: `${password}\n` })]
  ])('the CLI with %s sends it none of the target credentials', async (_flag, how) => {
    const rec = recorder(scheme)
    const [since, asked] = [rec.received.length, rec.requests]
    const { username, password } = bench().registries.basic
    const { args, input } = how(password)
    const result = await exec(
      process.execPath,
      [
        cli,
        'merge',
        '--image',
        target(),
        '--tags',
        'latest',
        '--sources',
        source(),
        '--username',
        username,
        ...args
      ],
      { env: { DOCKER_CONFIG: emptyDockerConfig }, input }
    )
    expect(result.code).toBe(1)
    expect(rec.requests).toBeGreaterThan(asked)
    expect(leaks(rec, since)).toEqual([])
    expect(basicHeaders(rec, since)).toEqual([])
  })

  test('control: a credential given for that host (registry-auth) does arrive there', async () => {
    const rec = recorder(scheme)
    const since = rec.received.length
    const { username, password } = bench().registries.basic
    const result = await runAction(
      {
        mode: 'merge',
        image: target(),
        tags: 'latest',
        sources: source(),
        username,
        password,
        'registry-auth': `registry=${rec.address},username=control,password=control-secret`
      },
      { env: { DOCKER_CONFIG: emptyDockerConfig } }
    )
    expect(result.code).not.toBe(0)
    const got = rec.received.slice(since).map((r) => r.authorization)
    expect(got).toContain(`Basic ${basicB64('control', 'control-secret')}`)
    expect(got.includes('Bearer recorder-issued-token')).toBe(scheme === 'bearer')
    expect(leaks(rec, since)).toEqual([])
    // The control's own secret is masked in the log.
    expect(shown(result.stdout)).not.toContain('control-secret')
    expect(result.stdout).toContain('::add-mask::control-secret')
  })
})

describe('masking in every mode', () => {
  test('build mode masks username/password and registry-auth passwords before it logs anything', async () => {
    // Build mode sends no credential itself (buildx pushes with the docker config); its log still must
    // not show one. An unknown platform stops it before any build: what was masked by then is what counts.
    const result = await runAction(
      {
        mode: 'build',
        image: `127.0.0.1:5000/${uniqueRepo('mask')}`,
        platforms: 'linux/amd64,bogus/cpu',
        username: 'builder',
        password: 'build-mode-secret',
        'registry-auth': 'registry=other.example,username=u,password=other-secret\nnot a credential line'
      },
      { env: { DOCKER_CONFIG: emptyDockerConfig } }
    )
    expect(result.code).not.toBe(0)
    expect(result.stdout).toContain('::add-mask::build-mode-secret')
    expect(result.stdout).toContain('::add-mask::other-secret')
    expect(shown(result.stdout)).not.toContain('build-mode-secret')
    expect(shown(result.stdout)).not.toContain('other-secret')
  })
})
