/**
 * verify's engine against a real registry, on images the tests push through the client: good indexes
 * (OCI and Docker), every way one goes wrong that users hit, Windows entries, single manifests, no-regress.
 */
import { describe, expect, test } from '@jest/globals'
import type { VerifyPlan } from '../../src/inputs/verify.js'
import type { Platform } from '../../src/oci/types.js'
import { parsePlatformList } from '../../src/platform/index.js'
import { RegistryClient, type Repository } from '../../src/registry/client.js'
import { formatReference } from '../../src/reference/reference.js'
import type { VerifyResult } from '../../src/verify/checks.js'
import { verifyImage } from '../../src/verify/verify-image.js'
import { bench, uniqueRepo } from '../support/bench.js'
import { busyboxFiles, pushAttestation, pushImage, pushIndex, type ImageSpec } from '../support/images.js'

const client = new RegistryClient()
const registry = bench().registries.anonymous.address
const newRepo = (name: string): Repository => ({ registry, repository: uniqueRepo(`verify/${name}`) })

const linux = (architecture: string, variant?: string): Platform => ({
  os: 'linux',
  architecture,
  ...(variant ? { variant } : {})
})
const real = (platform: Platform, overrides: Partial<ImageSpec> = {}): ImageSpec => ({
  platform,
  files: busyboxFiles(platform),
  cmd: ['/bin/sh', '-c', 'uname -m'],
  ...overrides
})
const FOUR = [linux('amd64'), linux('arm64'), linux('arm', 'v7'), linux('s390x')]

function plan(repo: Repository, tag: string, platforms: string, extra: Partial<VerifyPlan> = {}): VerifyPlan {
  return {
    image: { ...repo, tag },
    platforms: parsePlatformList(platforms),
    checkBinaries: true,
    allowExtra: true,
    ...extra
  }
}

describe('a good index', () => {
  test.each([
    ['OCI index', false],
    ['Docker manifest list', true]
  ])('%s of 4 real busybox images passes, every check evidenced', async (_name, docker) => {
    const repo = newRepo('good')
    await pushIndex(
      client,
      repo,
      FOUR.map((p) => real(p, { docker })),
      'v1',
      { docker }
    )
    const { result } = await verifyImage(
      client,
      plan(repo, 'v1', 'linux/amd64,linux/arm64,linux/arm/v7,linux/s390x')
    )
    expect(result.problems).toEqual([])
    expect(result.ok).toBe(true)
    expect(result.rows.map((r) => r.platform)).toEqual([
      'linux/amd64',
      'linux/arm64',
      'linux/arm/v7',
      'linux/s390x'
    ])
    expect(result.rows.map((r) => [r.config.ok, r.binary.ok, r.binary.path])).toEqual(
      FOUR.map(() => [true, true, 'bin/busybox'])
    )
    expect(result.rows.map((r) => r.binary.found)).toEqual([
      'ELF 64-bit LSB x86-64',
      'ELF 64-bit LSB AArch64',
      'ELF 32-bit LSB ARM',
      'ELF 64-bit MSB S/390'
    ])
    expect(Object.keys(result.platforms)).toEqual([
      'linux/amd64',
      'linux/arm64',
      'linux/arm/v7',
      'linux/s390x'
    ])
  })

  test('requests spelled the containerd ways are covered by arm64 and arm/v7 entries', async () => {
    const repo = newRepo('spellings')
    await pushIndex(client, repo, [real(linux('arm64')), real(linux('arm', 'v7'))], 'v1')
    for (const spelling of [
      'linux/arm64/v8',
      'linux/aarch64',
      'arm64',
      'linux/arm',
      'linux/armhf',
      'linux/arm/v7'
    ]) {
      const { result } = await verifyImage(client, plan(repo, 'v1', spelling))
      expect({ spelling, problems: result.problems }).toEqual({ spelling, problems: [] })
    }
    // A v6 CPU cannot run v7 code (containerd's order for arm/v6 is v6, v5): not covered, nothing to pull.
    for (const spelling of ['linux/arm/v6', 'linux/armel']) {
      const v6 = await verifyImage(client, plan(repo, 'v1', spelling))
      expect(v6.result.problems).toEqual([expect.stringMatching(/^linux\/arm\/v6 is missing from /)])
      expect(v6.result.notes).toEqual([
        'a linux/arm/v6 client finds no compatible entry at all ("no matching manifest for linux/arm/v6")'
      ])
    }
  })

  test('a compatible fallback is reported, but is not coverage', async () => {
    const repo = newRepo('fallback')
    await pushIndex(client, repo, [real(linux('amd64')), real(linux('arm', 'v7'))], 'v1')
    const { result } = await verifyImage(client, plan(repo, 'v1', 'linux/arm64,linux/386'))
    expect(result.problems.map((p) => p.split(' ')[0])).toEqual(['linux/arm64', 'linux/386'])
    // containerd: an arm64 host also runs arm/v8…v5; a 386 request has no fallback (amd64 is not 386).
    expect(result.notes).toEqual([
      expect.stringMatching(/^a linux\/arm64 client would pull linux\/arm\/v7 \(sha256:\S+\) instead/),
      'a linux/386 client finds no compatible entry at all ("no matching manifest for linux/386")'
    ])
    expect(result.rows.map((r) => [r.platform, r.required, r.resolution?.platform ?? null])).toStrictEqual([
      ['linux/arm64', true, 'linux/arm/v7'],
      ['linux/386', true, null],
      ['linux/amd64', false, null],
      ['linux/arm/v7', false, null]
    ])
  })
})

describe('what verification must catch', () => {
  test('a missing platform is named first, with what to do', async () => {
    const repo = newRepo('missing')
    await pushIndex(client, repo, [real(linux('amd64')), real(linux('arm64'))], 'v1')
    const { result } = await verifyImage(client, plan(repo, 'v1', 'linux/amd64,linux/arm64,linux/s390x'))
    expect(result.ok).toBe(false)
    expect(result.problems).toEqual([
      `linux/s390x is missing from ${formatReference({ ...repo, tag: 'v1' })} — add it to \`platforms\` of the build`
    ])
  })

  test('an entry labelled arm64 whose config says amd64', async () => {
    const repo = newRepo('mislabel')
    await pushIndex(
      client,
      repo,
      [
        real(linux('amd64')),
        real(linux('arm64'), { configPlatform: linux('amd64'), files: busyboxFiles(linux('amd64')) })
      ],
      'v1'
    )
    const { result } = await verifyImage(client, plan(repo, 'v1', 'linux/amd64,linux/arm64'))
    expect(result.ok).toBe(false)
    expect(result.problems[0]).toMatch(/^linux\/arm64 entry sha256:\S+ has a config for linux\/amd64 — /)
    expect(result.rows[1]?.config.ok).toBe(false)
  })

  test('an arm64 image holding the x86-64 busybox names the file and both architectures', async () => {
    const repo = newRepo('wrong-cpu')
    await pushIndex(
      client,
      repo,
      [real(linux('amd64')), real(linux('arm64'), { files: busyboxFiles(linux('amd64')) })],
      'v1'
    )
    const { result } = await verifyImage(client, plan(repo, 'v1', 'linux/amd64,linux/arm64'))
    expect(result.ok).toBe(false)
    expect(result.problems).toEqual([
      'linux/arm64: /bin/busybox is ELF 64-bit LSB x86-64, but linux/arm64 needs ELF 64-bit LSB AArch64 — the image was built for the wrong CPU; build it with --platform linux/arm64 (QEMU) or on a matching runner'
    ])
    expect(result.rows[0]?.binary.ok).toBe(true)
  })

  test('two entries for one platform', async () => {
    const repo = newRepo('duplicate')
    await pushIndex(client, repo, [real(linux('arm64')), real(linux('arm64', 'v8'))], 'v1')
    const { result } = await verifyImage(client, plan(repo, 'v1', 'linux/arm64'))
    expect(result.problems[0]).toMatch(/^linux\/arm64 appears 2 times in .* \(sha256:\S+, sha256:\S+\)/)
  })

  test('an attestation whose image is not in the index', async () => {
    const repo = newRepo('dangling')
    const stray = await pushImage(client, repo, linux('ppc64le'))
    const attestation = await pushAttestation(client, repo, stray.digest)
    await pushIndex(client, repo, [real(linux('amd64'))], 'v1', { extra: [attestation] })
    const { result } = await verifyImage(client, plan(repo, 'v1', 'linux/amd64'))
    expect(result.problems).toEqual([
      expect.stringMatching(
        /^attestation sha256:\S+ of .* points at sha256:\S+, which is not an image of the index/
      )
    ])
    // …and attestations never count or show as platforms.
    expect(result.rows.map((r) => r.platform)).toEqual(['linux/amd64'])
  })

  test('bound attestations are recognised and shown on their platform, never as unknown/unknown', async () => {
    const repo = newRepo('attested')
    const amd = await pushImage(client, repo, linux('amd64'), { files: busyboxFiles(linux('amd64')) })
    const att = await pushAttestation(client, repo, amd.digest)
    const { index } = await pushIndex(client, repo, [], 'empty')
    expect(index.digest).toMatch(/^sha256:/)
    const bytes = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [amd.descriptor, att]
      })
    )
    await client.putManifest({ ...repo, tag: 'v1' }, bytes, 'application/vnd.oci.image.index.v1+json')
    const { result } = await verifyImage(client, plan(repo, 'v1', ''))
    expect(result.ok).toBe(true)
    expect(result.rows).toHaveLength(1)
    expect(result.rows[0]?.attestation).toEqual({ ok: true, detail: att.digest })
  })

  test('extra platforms fail only with allow-extra: false', async () => {
    const repo = newRepo('extra')
    await pushIndex(client, repo, [real(linux('amd64')), { platform: linux('riscv64') }], 'v1')
    expect((await verifyImage(client, plan(repo, 'v1', 'linux/amd64'))).result.ok).toBe(true)
    const strict = await verifyImage(client, plan(repo, 'v1', 'linux/amd64', { allowExtra: false }))
    expect(strict.result.problems).toEqual([
      expect.stringMatching(/^linux\/riscv64 is in .* but not required — /)
    ])
  })

  test('no-regress: a platform the previous release had is gone', async () => {
    const repo = newRepo('regress')
    await pushIndex(client, repo, [real(linux('amd64')), real(linux('arm64')), real(linux('s390x'))], '1.0')
    await pushIndex(client, repo, [real(linux('amd64')), real(linux('arm64'))], '1.1')
    const { result } = await verifyImage(
      client,
      plan(repo, '1.1', 'linux/amd64,linux/arm64', { noRegress: { ...repo, tag: '1.0' } })
    )
    expect(result.problems).toEqual([
      `linux/s390x was in ${formatReference({ ...repo, tag: '1.0' })} but is missing from ${formatReference({ ...repo, tag: '1.1' })} — keep building it, or drop \`no-regress\` if removing it is intended`
    ])
  })
})

describe('other shapes', () => {
  test('a single-platform manifest is an index of one', async () => {
    const repo = newRepo('single')
    const image = await pushImage(client, repo, linux('arm64'), {
      files: busyboxFiles(linux('arm64')),
      cmd: ['/bin/busybox'],
      tag: 'v1'
    })
    const ok = await verifyImage(client, plan(repo, 'v1', 'linux/arm64'))
    expect(ok.result.problems).toEqual([])
    expect(ok.result.platforms).toEqual({ 'linux/arm64': image.digest })
    const missing = await verifyImage(client, plan(repo, 'v1', 'linux/arm64,linux/amd64'))
    expect(missing.result.problems).toEqual([expect.stringMatching(/^linux\/amd64 is missing from /)])
  })

  test('an image without any ELF file passes with a note', async () => {
    const repo = newRepo('no-elf')
    await pushIndex(
      client,
      repo,
      [{ platform: linux('amd64'), files: [{ path: 'etc/motd', content: 'hello\n' }] }],
      'v1'
    )
    const { result } = await verifyImage(client, plan(repo, 'v1', 'linux/amd64'))
    expect(result.ok).toBe(true)
    expect(result.rows[0]?.binary.ok).toBeNull()
    expect(result.notes).toEqual([expect.stringMatching(/^linux\/amd64: no ELF or PE file found/)])
  })

  describe('a Windows entry (os windows, os.version 10.0.17763.1697)', () => {
    const windows: Platform = { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.1697' }
    // A PE header for x86-64: 'MZ', e_lfanew = 0x40, 'PE\0\0', Machine 0x8664.
    const pe = Buffer.alloc(0x80)
    pe.write('MZ', 0)
    pe.writeUInt32LE(0x40, 0x3c)
    pe.write('PE\0\0', 0x40, 'latin1')
    pe.writeUInt16LE(0x8664, 0x44)

    /** An index of linux/amd64 and the Windows entry, verified against `required` beside linux/amd64. */
    async function verifyWindows(required: string): Promise<VerifyResult> {
      const repo = newRepo('windows')
      await pushIndex(
        client,
        repo,
        [
          real(linux('amd64')),
          {
            platform: windows,
            files: [{ path: 'Files/Windows/System32/cmd.exe', content: pe }],
            cmd: ['cmd.exe']
          }
        ],
        'v1',
        { docker: true }
      )
      return (await verifyImage(client, plan(repo, 'v1', `linux/amd64,${required}`))).result
    }

    test.each(['windows/amd64', 'windows(10.0.17763.1697)/amd64', 'windows(10.0.17763)/amd64'])(
      'required as %s → covered',
      async (required) => {
        const result = await verifyWindows(required)
        expect(result.ok).toBe(true)
        const row = result.rows[1]
        expect(row?.config.ok).toBe(true)
        expect([row?.binary.ok, row?.binary.found]).toEqual([true, 'PE x86-64'])
        expect(result.platforms).toHaveProperty(['windows(10.0.17763.1697)/amd64'])
      }
    )

    test('required as windows(10.0.20348.2113)/amd64 → not covered', async () => {
      const result = await verifyWindows('windows(10.0.20348.2113)/amd64')
      expect(result.ok).toBe(false)
      expect(result.problems[0]).toMatch(/^windows\(10\.0\.20348\.2113\)\/amd64 is missing from /)
    })

    test('an index entry whose os.version differs from its config', async () => {
      const repo = newRepo('windows-version')
      await pushIndex(
        client,
        repo,
        [{ platform: windows, configPlatform: { ...windows, 'os.version': '10.0.20348.2113' } }],
        'v1',
        { docker: true }
      )
      const { result } = await verifyImage(client, plan(repo, 'v1', 'windows/amd64'))
      expect(result.problems[0]).toMatch(/has a config for windows\/amd64 os\.version 10\.0\.20348\.2113/)
    })
  })
})
