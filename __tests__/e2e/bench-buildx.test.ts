/**
 * The bench builds real multi-arch images on every daemon (both toolchains, both image stores): buildx
 * (docker driver) builds the busybox fixture for linux/amd64 and linux/arm64 — the arm64 RUN step
 * executes under QEMU — pushes it to the Basic-auth registry (the classic store one platform at a time,
 * joined by imagetools); skopeo reads the index back; `docker run --platform linux/arm64` runs the
 * emulated binary. Each daemon reports the toolchain bench.json names.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { bench, describeOnDaemons, uniqueRepo } from '../support/bench.js'
import { buildxPush, dockerConfigFor, exec, run, skopeoRaw } from '../support/docker.js'

interface Descriptor {
  mediaType: string
  digest: string
  platform?: { os: string; architecture: string; variant?: string }
  annotations?: Record<string, string>
}

describeOnDaemons('buildx on the bench', (daemon) => {
  const registry = bench().registries.basic
  const ref = `${registry.address}/${uniqueRepo('e2e/foundation')}:multi`
  let env: Record<string, string>
  let metadata: Record<string, string>

  beforeAll(async () => {
    env = await dockerConfigFor([registry])
    const metadataFile = path.join(mkdtempSync(path.join(tmpdir(), 'buildx-')), 'metadata.json')
    await buildxPush(
      [
        '--platform',
        'linux/amd64,linux/arm64',
        '--tag',
        ref,
        '--metadata-file',
        metadataFile,
        bench().context
      ],
      { env }
    )
    metadata = JSON.parse(readFileSync(metadataFile, 'utf8')) as Record<string, string>
  })

  afterAll(async () => {
    await exec('docker', ['image', 'rm', '--force', ref], { env })
  })

  test('the daemon, its client and buildx are the versions bench.json names, on its image store', async () => {
    const server = await run('docker', ['version', '--format', '{{.Client.Version}} {{.Server.Version}}'], {
      env
    })
    expect(server.trim()).toBe(`${daemon.versions.docker} ${daemon.versions.dockerd}`)
    expect(await run('docker', ['buildx', 'version'], { env })).toContain(` ${daemon.versions.buildx} `)
    const driver = await run('docker', ['info', '--format', '{{json .DriverStatus}}'], { env })
    expect(driver.includes('io.containerd.snapshotter')).toBe(daemon.store === 'containerd')
  })

  test('skopeo reads back an index holding exactly amd64 and arm64', async () => {
    const raw = await skopeoRaw(ref, registry)
    const index = JSON.parse(raw) as { mediaType: string; manifests: Descriptor[] }
    expect(index.mediaType).toMatch(/index|manifest\.list/)
    const platforms = index.manifests
      .filter((m) => m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest')
      .map((m) => `${m.platform?.os}/${m.platform?.architecture}`)
      .sort()
    expect(platforms).toEqual(['linux/amd64', 'linux/arm64'])
    expect(metadata['containerimage.digest']).toMatch(/^sha256:[0-9a-f]{64}$/)
  })

  test.each([
    ['linux/arm64', 'aarch64'],
    ['linux/amd64', 'x86_64']
  ])('docker run --platform %s prints %s', async (platform, machine) => {
    const out = await run('docker', ['run', '--rm', '--pull', 'always', '--platform', platform, ref], { env })
    expect(out.trim()).toBe(machine)
  })

  test('an anonymous pull from the Basic-auth registry is refused', async () => {
    const anonymous = { DOCKER_CONFIG: mkdtempSync(path.join(tmpdir(), 'docker-config-')) }
    const result = await exec('docker', ['pull', '--platform', 'linux/arm64', ref], { env: anonymous })
    expect(result.code).not.toBe(0)
    expect(result.stderr).toMatch(/no basic auth credentials|unauthorized|authentication required/i)
  })
})
