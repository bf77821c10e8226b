/** `node dist/cli.js verify` gives the same verdict as the action, from a terminal. */
import { describe, expect, test } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { RegistryClient } from '../../src/registry/client.js'
import { bench, repoRoot, uniqueRepo } from '../support/bench.js'
import { exec } from '../support/docker.js'
import { busyboxFiles, pushIndex } from '../support/images.js'

const cli = path.join(repoRoot, 'dist', 'cli.js')

describe('multiarch-publish verify', () => {
  test('passes a good index and fails a wrong-CPU one with the same lines as the action', async () => {
    const registry = bench().registries.anonymous.address
    const repo = { registry, repository: uniqueRepo('e2e/cli-verify') }
    const amd64 = { os: 'linux', architecture: 'amd64' }
    const arm64 = { os: 'linux', architecture: 'arm64' }
    const client = new RegistryClient()
    await pushIndex(
      client,
      repo,
      [
        { platform: amd64, files: busyboxFiles(amd64) },
        { platform: arm64, files: busyboxFiles(arm64) }
      ],
      'good'
    )
    await pushIndex(
      client,
      repo,
      [
        { platform: amd64, files: busyboxFiles(amd64) },
        { platform: arm64, files: busyboxFiles(amd64) }
      ],
      'bad'
    )
    const reportDir = mkdtempSync(path.join(tmpdir(), 'cli-verify-'))
    const image = `${registry}/${repo.repository}`

    const good = await exec(process.execPath, [
      cli,
      'verify',
      `${image}:good`,
      '--platforms',
      'linux/amd64,linux/arm64',
      '--report-dir',
      reportDir
    ])
    expect(good.stderr).toBe('')
    expect(good.code).toBe(0)
    expect(good.stdout).toContain('### ✅ Verified')
    expect(good.stdout).toMatch(new RegExp(`report: ${reportDir}/verify-sha256-[0-9a-f]{12}-\\d+\\.json`))

    const bad = await exec(process.execPath, [
      cli,
      'verify',
      '--image',
      `${image}:bad`,
      '--platforms',
      'linux/arm64'
    ])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toBe(
      'error: linux/arm64: /bin/busybox is ELF 64-bit LSB x86-64, but linux/arm64 needs ELF 64-bit LSB AArch64 — the image was built for the wrong CPU; build it with --platform linux/arm64 (QEMU) or on a matching runner\n'
    )
    expect(bad.stdout).toContain('❌ `/bin/busybox` ELF 64-bit LSB x86-64, expected ELF 64-bit LSB AArch64')
  })
})
