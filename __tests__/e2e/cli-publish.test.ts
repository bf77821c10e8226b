/** `node dist/cli.js publish` and `build` reproduce a CI publish from a terminal, flags named like the inputs. */
import { describe, expect, test } from '@jest/globals'
import path from 'node:path'
import { bench, repoRoot, uniqueRepo } from '../support/bench.js'
import { exec, skopeoRaw } from '../support/docker.js'

const cli = path.join(repoRoot, 'dist', 'cli.js')

describe('multiarch-publish publish / build from a terminal', () => {
  test('publish builds, verifies and tags two platforms', async () => {
    const registry = bench().registries.anonymous
    const image = `${registry.address}/${uniqueRepo('e2e/cli-publish')}`
    const result = await exec(process.execPath, [
      cli,
      'publish',
      '--image',
      image,
      '--tags',
      'cli',
      '--platforms',
      'linux/amd64,linux/arm64',
      '--context',
      bench().context
    ])
    expect(result.code).toBe(0)
    // Plain text on a terminal: the step summary's words without its Markdown (no table rows, no Mermaid).
    expect(result.stdout).toContain(`Published ${image}:cli → sha256:`)
    expect(result.stdout).not.toMatch(/^\s*\||```|<details>/m)
    expect(result.stderr).toMatch(/::: build linux\/arm64: ok in [\d.]+ s/)
    const index = JSON.parse(await skopeoRaw(`${image}:cli`, registry)) as {
      manifests: { platform: { architecture: string } }[]
    }
    expect(index.manifests.map((m) => m.platform.architecture)).toEqual([
      'amd64',
      'arm64',
      'unknown',
      'unknown'
    ])
  })

  test('build then merge with a staging id finds the leg', async () => {
    const registry = bench().registries.anonymous
    const image = `${registry.address}/${uniqueRepo('e2e/cli-legs')}`
    const stagingId = `cli-${Date.now()}`
    const built = await exec(process.execPath, [
      cli,
      'build',
      '--image',
      image,
      '--platforms',
      'linux/s390x',
      '--staging-id',
      stagingId,
      '--context',
      bench().context
    ])
    expect(built.code).toBe(0)
    const merged = await exec(process.execPath, [
      cli,
      'merge',
      '--image',
      image,
      '--tags',
      'z',
      '--platforms',
      'linux/s390x',
      '--staging-id',
      stagingId
    ])
    // Nothing on stderr but the one notice that no attestation was written (no key, no OIDC token here).
    expect(merged.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^No attestation written: /)])
    expect(merged.code).toBe(0)
  })
})
