/**
 * `node dist/cli.js inspect` on an index buildx pushed (with attestations) to the token-auth registry,
 * logged in through a docker config.json — as a user would run it from a laptop.
 */
import { beforeAll, describe, expect, test } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { bench, repoRoot, uniqueRepo } from '../support/bench.js'
import { buildxPush, dockerConfigFor, exec, skopeoRaw } from '../support/docker.js'

const cli = path.join(repoRoot, 'dist', 'cli.js')

describe('multiarch-publish inspect', () => {
  const registry = bench().registries.token
  const ref = `${registry.address}/${uniqueRepo('e2e/inspect')}:buildx`
  let configOnly: Record<string, string>

  beforeAll(async () => {
    const env = await dockerConfigFor([registry])
    await buildxPush(['--platform', 'linux/amd64,linux/arm64,linux/s390x', '--tag', ref, bench().context], {
      env
    })
    // A config.json with only an `auths` entry, as docker/login-action writes it.
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-config-'))
    const auth = Buffer.from(`${registry.username}:${registry.password}`).toString('base64')
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: { [registry.address]: { auth } } }))
    configOnly = { DOCKER_CONFIG: dir }
  })

  test('lists the platforms and marks the attestation rows', async () => {
    const result = await exec(process.execPath, [cli, 'inspect', ref], { env: configOnly })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const rows = result.stdout
      .split('\n')
      .filter((l) => /^ {2}\S/.test(l))
      .slice(1)
    const platforms = rows.map((r) => r.trim().split(/\s+/)[0])
    expect(platforms.filter((p) => p !== '(attestation)').sort()).toEqual([
      'linux/amd64',
      'linux/arm64',
      'linux/s390x'
    ])
    expect(platforms.filter((p) => p === '(attestation)')).toHaveLength(3)
    for (const row of rows.filter((r) => r.includes('(attestation)')))
      expect(row).toMatch(/for sha256:\S+… linux\//)
    expect(result.stdout).toContain('Manifests: 3 image(s), 3 attestation(s)')
  })

  test('--raw prints the exact bytes skopeo sees', async () => {
    const ours = await exec(process.execPath, [cli, 'inspect', '--raw', ref], { env: configOnly })
    const skopeo = await skopeoRaw(ref, registry)
    expect(ours.code).toBe(0)
    expect(ours.stdout).toBe(skopeo)
  })

  test('a wrong password fails with one clear line and does not echo it', async () => {
    const result = await exec(
      process.execPath,
      [cli, 'inspect', ref, '--username', registry.username, '--password-stdin'],
      {
        input: 'not-the-password\n'
      }
    )
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^error: the token server .* refused the credentials for .* — check the username and password/
    )
    expect(result.stderr).not.toContain('not-the-password')
  })

  test('without credentials, a private repository asks to log in', async () => {
    const empty = { DOCKER_CONFIG: mkdtempSync(path.join(tmpdir(), 'cli-empty-')) }
    const result = await exec(process.execPath, [cli, 'inspect', ref], { env: empty })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/log in with docker\/login-action/)
  })
})
