/**
 * `node dist/cli.js verify` gives the same verdict as the action, from a terminal: plain text by default,
 * the JSON report with `--format json`, only errors with `--quiet`.
 */
import { beforeAll, describe, expect, test } from '@jest/globals'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { RegistryClient } from '../../src/registry/client.js'
import { bench, repoRoot, uniqueRepo } from '../support/bench.js'
import { exec } from '../support/docker.js'
import { busyboxFiles, pushIndex } from '../support/images.js'

const cli = path.join(repoRoot, 'dist', 'cli.js')

describe('multiarch-publish verify', () => {
  const registry = bench().registries.anonymous.address
  const repo = { registry, repository: uniqueRepo('e2e/cli-verify') }
  const image = `${registry}/${repo.repository}`
  const reportDir = mkdtempSync(path.join(tmpdir(), 'cli-verify-'))

  beforeAll(async () => {
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
  })

  const WRONG_CPU =
    'error: linux/arm64: /bin/busybox is ELF 64-bit LSB x86-64, but linux/arm64 needs ELF 64-bit LSB AArch64 — the image was built for the wrong CPU; build it with --platform linux/arm64 (QEMU) or on a matching runner\n'

  test('passes a good index and fails a wrong-CPU one with the same lines as the action, in plain text', async () => {
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
    expect(good.stdout.split('\n')[0]).toBe(`Verified ${image}:good`)
    expect(good.stdout).toMatch(/^ {2}PLATFORM {2,}DIGEST {2,}CONFIG {2,}BINARY {2,}ATTESTATION$/m)
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
    expect(bad.stderr).toBe(WRONG_CPU)
    expect(bad.stdout).toMatch(
      /^ {2}linux\/arm64 {2,}sha256:\S+ {2,}ok {2,}FAILED \/bin\/busybox ELF 64-bit LSB x86-64, expected ELF 64-bit LSB AArch64/m
    )
    for (const out of [good.stdout, bad.stdout]) {
      expect(out.split('\n').filter((line) => /^\s*\|/.test(line))).toEqual([])
      expect(out).not.toMatch(/<\/?details>|<summary>|\*\*|`|###|\p{Extended_Pictographic}/u)
    }
  })

  test('--verify-layers all --format json: stdout is the JSON report, every layer read and digest-checked', async () => {
    const result = await exec(process.execPath, [
      cli,
      'verify',
      `${image}:good`,
      '--platforms',
      'linux/amd64,linux/arm64',
      '--verify-layers',
      'all',
      '--format',
      'json',
      '--report-dir',
      reportDir
    ])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout) as {
      tool: string
      mode: string
      ok: boolean
      reference: string
      digest: string
      platforms: Record<string, string>
      rows: { platform: string; layers?: { read: number; total: number; verified: number } }[]
      evidence: { entries: { layers?: { policy: string } }[] }
    }
    expect(report).toMatchObject({
      tool: 'multiarch-publish',
      mode: 'verify',
      ok: true,
      reference: `${image}:good`
    })
    expect(Object.keys(report.platforms).sort()).toEqual(['linux/amd64', 'linux/arm64'])
    expect(report.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    for (const row of report.rows) {
      expect(row.layers?.read).toBe(row.layers?.total)
      expect(row.layers?.verified).toBe(row.layers?.total)
    }
    expect(report.evidence.entries.map((e) => e.layers?.policy)).toEqual(['all', 'all'])
    // The same report the run wrote to its folder, byte for byte.
    const [file] = readdirSync(reportDir)
      .filter((name) => name.startsWith(`verify-${report.digest.replace(':', '-').slice(0, 19)}`))
      .sort()
      .reverse()
    const written = readFileSync(path.join(reportDir, file ?? 'none'), 'utf8')
    expect(JSON.parse(written)).toEqual(report)
  })

  test('--format json on a failing image: the report says so on stdout, the error on stderr, exit 1', async () => {
    const result = await exec(process.execPath, [
      cli,
      'verify',
      `${image}:bad`,
      '--platforms',
      'linux/arm64',
      '--format',
      'json'
    ])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(WRONG_CPU)
    const report = JSON.parse(result.stdout) as { ok: boolean; problems: string[] }
    expect(report.ok).toBe(false)
    expect(report.problems[0]).toContain('/bin/busybox is ELF 64-bit LSB x86-64')
  })

  test('--quiet: nothing on stdout, only the error on stderr; exit codes unchanged', async () => {
    const good = await exec(process.execPath, [
      cli,
      'verify',
      `${image}:good`,
      '--quiet',
      '--report-dir',
      reportDir
    ])
    expect(good).toMatchObject({ code: 0, stdout: '', stderr: '' })
    const bad = await exec(process.execPath, [
      cli,
      'verify',
      `${image}:bad`,
      '--platforms',
      'linux/arm64',
      '--quiet'
    ])
    expect(bad).toMatchObject({ code: 1, stdout: '', stderr: WRONG_CPU })
  })
})
