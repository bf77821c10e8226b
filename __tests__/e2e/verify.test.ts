/**
 * `mode: verify` run as the runner runs it (INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) on images buildx
 * built and pushed for real: a good 7-platform index with attestations, and an image buildx labelled
 * linux/arm64 that carries the x86-64 busybox (COPY only, no RUN: nothing stops buildx from doing it).
 */
import { beforeAll, expect, test } from '@jest/globals'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runAction, type ActionRun } from '../support/action-runner.js'
import { bench, describeOnDaemons, uniqueRepo } from '../support/bench.js'
import { buildxPush, dockerConfigFor, skopeoRaw } from '../support/docker.js'

const registry = bench().registries.token
const SEVEN = bench().fixturePlatforms

describeOnDaemons('mode: verify', (daemon) => {
  const repo = `${registry.address}/${uniqueRepo('e2e/verify')}`
  let docker: Record<string, string>
  let good: ActionRun
  let skopeoDigest: string

  beforeAll(async () => {
    docker = await dockerConfigFor([registry])
    await buildxPush(['--platform', SEVEN.join(','), '--tag', `${repo}:good`, bench().context], {
      env: docker
    })
    // linux/arm64 by label, x86-64 inside: a COPY-only build runs nothing under QEMU, so it "succeeds".
    const context = mkdtempSync(path.join(tmpdir(), 'wrong-cpu-'))
    mkdirSync(path.join(context, 'amd64'))
    copyFileSync(path.join(bench().context, 'amd64', 'busybox'), path.join(context, 'amd64', 'busybox'))
    writeFileSync(
      path.join(context, 'Dockerfile'),
      'FROM scratch\nCOPY amd64/busybox /bin/busybox\nCMD ["/bin/busybox", "uname", "-m"]\n'
    )
    await buildxPush(['--platform', 'linux/arm64', '--tag', `${repo}:wrong-cpu`, context], { env: docker })
    skopeoDigest = (await skopeoRaw(`${repo}:good`, registry)).trim()
    good = await runAction(
      { mode: 'verify', image: `${repo}:good`, platforms: SEVEN.join('\n') },
      { env: docker }
    )
  })

  test('passes on a good 7-platform buildx index and lists exactly those platforms', () => {
    expect(good.outputs.verified).toBe('true')
    expect(good.stdout).toMatch(/^verified .* in \d+ ms/m)
    expect(good.errors).toEqual([])
    expect(good.code).toBe(0)
    const platforms = JSON.parse(good.outputs.platforms ?? '{}') as Record<string, string>
    expect(Object.keys(platforms).sort()).toEqual([...SEVEN].sort())
    for (const digest of Object.values(platforms)) expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
  })

  test('outputs the digest skopeo computes for the same tag', async () => {
    const { createHash } = await import('node:crypto')
    expect(good.outputs.digest).toBe('sha256:' + createHash('sha256').update(skopeoDigest).digest('hex'))
  })

  test('the step summary has one row per platform with config, binary and attestation checked', () => {
    const rows = good.summary.split('\n').filter((l) => /^\| linux\/\S+ \| `sha256:/.test(l))
    expect(rows).toHaveLength(7)
    // The docker driver on the classic store makes no attestations: that column says ➖ there.
    const attestation = daemon.store === 'containerd' ? /✅ `sha256:[0-9a-f]{12}` \|$/ : / ➖ \|$/
    for (const row of rows) {
      expect(row).toMatch(/^\| linux\/\S+ \| `sha256:[0-9a-f]{12}` \| ✅ \| ✅ `\/bin\/busybox` ELF .* \| /)
      expect(row).toMatch(attestation)
    }
    expect(good.summary).toContain('### ✅ Verified')
    expect(good.outputs.summary).toBe(good.summary.trimEnd() + '\n')
  })

  test('the JSON report holds every check and its evidence', () => {
    const file = good.outputs.report ?? ''
    expect(existsSync(file)).toBe(true)
    const report = JSON.parse(readFileSync(file, 'utf8')) as {
      ok: boolean
      rows: { platform: string; binary: { path?: string } }[]
      evidence: { attestations: unknown[]; entries: { config?: { architecture: string } }[] }
      requests: { registry: number; tokens: number }
    }
    expect(report.ok).toBe(true)
    expect(report.rows.map((r) => r.binary.path)).toEqual(SEVEN.map(() => 'bin/busybox'))
    expect(report.evidence.attestations).toHaveLength(daemon.store === 'containerd' ? 7 : 0)
    expect(report.evidence.entries).toHaveLength(7)
    expect(report.requests.registry).toBeGreaterThan(0)
  })

  test('fails on the mislabelled image, naming the file and both architectures', async () => {
    const result = await runAction(
      { mode: 'verify', image: `${repo}:wrong-cpu`, platforms: 'linux/arm64' },
      { env: docker }
    )
    expect(result.code).not.toBe(0)
    expect(result.errors[0]).toBe(
      '::error::linux/arm64: /bin/busybox is ELF 64-bit LSB x86-64, but linux/arm64 needs ELF 64-bit LSB AArch64 — the image was built for the wrong CPU; build it with --platform linux/arm64 (QEMU) or on a matching runner'
    )
    expect(result.summary).toContain('### ❌ Verification failed for')
    // Honest outputs: a later `if: always()` step can tell, and gets no unverified digest.
    expect(result.outputs.verified).toBe('false')
    expect(result.outputs.digest).toBeUndefined()
    expect(result.outputs.platforms).toBeUndefined()
    expect(result.outputs.report).toEqual(expect.any(String))
    expect(result.stdout).not.toMatch(/^verified /m)
  })

  test('a registry port out of range is refused in one line naming `image` and the port', async () => {
    const result = await runAction({ mode: 'verify', image: '127.0.0.1:99999/x:1' })
    expect(result.code).not.toBe(0)
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^::error::input `image`: .*port 99999, outside 1–65535 — correct the port number/
      )
    ])
    expect(result.summary).toContain('### ❌ Verification failed')
    expect(result.summary).toContain('Nothing was written to any registry.')
    expect(result.outputs.verified).toBe('false')
  })

  test('a missing platform fails first with what to do, and all problems are listed', async () => {
    const result = await runAction(
      { mode: 'verify', image: `${repo}:good`, platforms: 'linux/amd64,linux/riscv64,linux/mips64le' },
      { env: docker }
    )
    expect(result.code).not.toBe(0)
    expect(result.errors).toEqual([
      `::error::linux/riscv64 is missing from ${repo}:good — add it to \`platforms\` of the build (and 1 more problem(s), listed below and in the step summary)`,
      `::error::linux/mips64le is missing from ${repo}:good — add it to \`platforms\` of the build`
    ])
  })

  test('username and password inputs log in and are masked', async () => {
    const empty = { DOCKER_CONFIG: mkdtempSync(path.join(tmpdir(), 'no-login-')) }
    const result = await runAction(
      {
        mode: 'verify',
        image: `${repo}:good`,
        platforms: 'linux/s390x',
        username: registry.username,
        password: registry.password
      },
      { env: empty }
    )
    expect(result.errors).toEqual([])
    expect(result.stdout).toContain(`::add-mask::${registry.password}`)
    const withoutMasks = result.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n')
    expect(withoutMasks).not.toContain(registry.password)
  })

  test('without a tag or digest the image input is refused in one line', async () => {
    const result = await runAction({ mode: 'verify', image: repo, platforms: 'linux/amd64' }, { env: docker })
    expect(result.code).not.toBe(0)
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^::error::input `image` is ".*", which names no tag or digest — add the tag or digest to check, e\.g\. .*:latest$/
      )
    ])
  })
})
