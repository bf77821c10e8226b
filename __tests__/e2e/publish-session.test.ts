/**
 * The one-session build engine (build/legs.ts) against the real thing: dockerd + buildx bake + QEMU +
 * a registry. 7 platforms in one BuildKit session, each its own image, digest, log group and timeline
 * entry; a Dockerfile that fails on s390x only, which must name linux/s390x, stop the others and push no
 * tag for them; and the same on a second dockerd with the classic image store (no containerd store).
 */
import { beforeAll, describe, expect, test } from '@jest/globals'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseQemuInput } from '../../src/inputs/qemu.js'
import { parseBuildOptions } from '../../src/inputs/build.js'
import {
  buildLegs,
  type BuiltLegs,
  type BuildLog,
  type LegsPlan,
  type PushedImage
} from '../../src/buildx/legs.js'
import { parsePlatformList } from '../../src/platform/index.js'
import { parseRepository } from '../../src/reference/reference.js'
import { bench, uniqueRepo, unameMachines } from '../support/bench.js'
import { exec, run, skopeoRaw } from '../support/docker.js'
import { rejected } from '../support/thrown.js'

const registry = bench().registries.anonymous
const SEVEN = bench().fixturePlatforms
const MACHINE = unameMachines()
/** The fixture's COPY names each platform's folder: `COPY arm64/busybox`, `COPY armv7/busybox`. */
const FOLDER: Record<string, string> = {
  'linux/amd64': 'amd64',
  'linux/arm64': 'arm64',
  'linux/arm/v7': 'armv7',
  'linux/arm/v6': 'armv6',
  'linux/s390x': 's390x',
  'linux/ppc64le': 'ppc64le',
  'linux/386': '386'
}

interface Recorded extends BuildLog {
  groups: { title: string; body: string }[]
  lines: string[]
}

function recorder(): Recorded {
  const groups: { title: string; body: string }[] = []
  const lines: string[] = []
  return {
    groups,
    lines,
    group: (title, body) => groups.push({ title, body }),
    info: (line) => lines.push(line)
  }
}

function plan(repo: string, platforms: string[], inputs: Record<string, string>): LegsPlan {
  return {
    target: parseRepository(repo),
    platforms: parsePlatformList(platforms.join(',')),
    build: parseBuildOptions((name) => inputs[name] ?? ''),
    qemu: parseQemuInput('auto')
  }
}

/** A copy of the fixture context with another Dockerfile. */
function contextWith(dockerfile: string): string {
  const context = mkdtempSync(path.join(tmpdir(), 'session-context-'))
  for (const dir of readdirSync(bench().context).filter((d) => d !== 'Dockerfile')) {
    mkdirSync(path.join(context, dir))
    copyFileSync(path.join(bench().context, dir, 'busybox'), path.join(context, dir, 'busybox'))
  }
  writeFileSync(path.join(context, 'Dockerfile'), dockerfile)
  return context
}

describe('buildLegs: 7 platforms in one session (docker driver, containerd store)', () => {
  const repo = `${registry.address}/${uniqueRepo('e2e/session')}`
  const log = recorder()
  const pushed: { image: PushedImage; at: number }[] = []
  let legs: BuiltLegs
  let started: number
  let returned: number

  beforeAll(async () => {
    started = Date.now()
    legs = await buildLegs(
      plan(repo, SEVEN, {
        context: bench().context,
        'no-cache': 'true',
        annotations: 'manifest:org.example.level=image\nindex:org.example.level=index'
      }),
      {
        stagingId: `session-${Date.now()}`,
        stageAlways: false,
        log,
        started,
        onPushed: (image) => pushed.push({ image, at: Date.now() })
      }
    )
    returned = Date.now()
  })

  test('the pushed index is announced once, by digest, before the session is over, and is in the registry then', async () => {
    // BuildKit's push names the digest; the docker driver's second push of the same tag is not announced again.
    const index = legs.digests.get('linux/amd64') ?? ''
    expect(pushed.map((p) => p.image)).toEqual([{ digest: index }])
    expect((pushed[0] as { at: number }).at).toBeLessThanOrEqual(returned)
    const raw = await skopeoRaw(`${repo}@${index}`, registry)
    expect(JSON.parse(raw)).toMatchObject({ mediaType: 'application/vnd.oci.image.index.v1+json' })
  })

  test("the daemon's BuildKit pushed it: buildx did not push it again with docker", async () => {
    // dockerd reports every `docker push` (buildx's "pushing … with docker" is one) as an image push event;
    // BuildKit's own push inside the daemon is none. With the containerd store only BuildKit's is needed.
    const since = Math.floor(started / 1000)
    const until = Math.ceil(returned / 1000) + 1
    const events = await run('docker', [
      'events',
      '--since',
      String(since),
      '--until',
      String(until),
      '--filter',
      'event=push',
      '--format',
      '{{.Actor.ID}}'
    ])
    expect(events.split('\n').filter((line) => line.startsWith(repo))).toEqual([])
  })

  test('one multi-platform target: one index pushed under one staging tag, holding every platform', async () => {
    expect(log.lines.join('\n')).toMatch(
      /with the docker driver: every platform in one multi-platform target/
    )
    expect(new Set(legs.digests.values()).size).toBe(1)
    expect(new Set(legs.stagingRefs.values()).size).toBe(1)
    const index = JSON.parse(await skopeoRaw(legs.stagingRefs.get('linux/amd64') ?? '', registry)) as {
      manifests: { platform?: { os: string; architecture: string; variant?: string } }[]
    }
    const platforms = index.manifests
      .map((m) => m.platform)
      .filter((p) => p && p.os !== 'unknown')
      .map((p) => [p?.os, p?.architecture, p?.variant].filter(Boolean).join('/'))
    expect(platforms.sort()).toEqual([...SEVEN].sort())
  })

  test('every platform is ok, with a digest, metadata and its staging tag (docker driver)', () => {
    expect(legs.driver).toBe('docker')
    expect(legs.runs.map((r) => [r.platform, r.status])).toEqual(SEVEN.map((p) => [p, 'ok']))
    for (const p of SEVEN) {
      expect(legs.digests.get(p)).toMatch(/^sha256:[a-f0-9]{64}$/)
      expect(legs.metadata.get(p)?.['containerimage.digest']).toBe(legs.digests.get(p))
      expect(legs.stagingRefs.get(p)).toContain(`${repo}:`)
    }
  })

  test('each platform has one log group holding only its own build lines, with its duration', () => {
    for (const p of SEVEN) {
      const mine = log.groups.filter((g) => g.title.startsWith(`build ${p}:`))
      expect(mine).toHaveLength(1)
      const group = mine[0] as { title: string; body: string }
      expect(group.title).toMatch(new RegExp(`^build ${p}: ok in \\d+\\.\\d s$`))
      expect(group.body).toContain(`COPY ${FOLDER[p] ?? ''}/busybox /bin/busybox`)
      for (const other of SEVEN.filter((o) => FOLDER[o] !== FOLDER[p])) {
        expect(group.body).not.toContain(`COPY ${FOLDER[other] ?? ''}/busybox`)
      }
      expect(group.body).not.toMatch(/\[linux-/)
    }
  })

  test('the timeline has setup, one build per platform (inside the run), the session and the metadata read', () => {
    const names = legs.tasks.map((t) => `${t.section}/${t.name}`)
    expect(names).toEqual(
      expect.arrayContaining([
        'setup/QEMU',
        'setup/driver probe',
        'setup/metadata read',
        'session/context, shared steps, export, push'
      ])
    )
    const builds = legs.tasks.filter((t) => t.section === 'build and push')
    expect(builds.map((t) => t.name)).toEqual(SEVEN)
    const elapsed = Date.now() - started
    for (const t of builds) {
      expect(t.durationMs).toBeGreaterThan(0)
      expect(t.startMs + t.durationMs).toBeLessThanOrEqual(elapsed)
    }
  })

  test('manifest: annotations reach the image; the index: line of the same key does not', async () => {
    const staged = legs.stagingRefs.get('linux/arm64') ?? ''
    const pushed = JSON.parse(await skopeoRaw(staged, registry)) as {
      manifests: { digest: string; annotations?: Record<string, string> }[]
    }
    const image = pushed.manifests.find((m) => !m.annotations?.['vnd.docker.reference.type'])
    const manifest = JSON.parse(await skopeoRaw(`${repo}@${image?.digest ?? ''}`, registry)) as {
      annotations?: Record<string, string>
    }
    expect(manifest.annotations?.['org.example.level']).toBe('image')
  })

  test.each(SEVEN)('docker run --platform %s runs that CPU', async (platform) => {
    const ref = legs.stagingRefs.get(platform) ?? ''
    const out = await run('docker', ['run', '--rm', '--pull', 'always', '--platform', platform, ref])
    expect(out.trim()).toBe(MACHINE[platform])
  })
})

describe('buildLegs: s390x fails in a 7-platform session', () => {
  const repo = `${registry.address}/${uniqueRepo('e2e/session-fail')}`
  const log = recorder()
  let error: Awaited<ReturnType<typeof rejected>>
  let elapsed: number

  beforeAll(async () => {
    // Every other platform would take 60 s; the session must stop them when s390x fails.
    const context = contextWith(
      'FROM scratch\nARG TARGETARCH\nARG TARGETVARIANT\nCOPY ${TARGETARCH}${TARGETVARIANT}/busybox /bin/busybox\n' +
        'RUN ["/bin/busybox", "sh", "-c", "if [ \\"$(/bin/busybox uname -m)\\" = s390x ]; then /bin/busybox sleep 2; ' +
        'echo no s390x here >&2; exit 3; fi; echo waiting on $(/bin/busybox uname -m); /bin/busybox sleep 60"]\n'
    )
    const start = Date.now()
    error = await rejected(
      buildLegs(plan(repo, SEVEN, { context, 'no-cache': 'true' }), {
        stagingId: `session-fail-${Date.now()}`,
        stageAlways: false,
        log,
        started: start
      })
    )
    elapsed = Date.now() - start
  })

  test('the error names linux/s390x and its step, and says no tag moved', () => {
    expect(error.kind).toBe('build')
    expect(error.message).toMatch(/^linux\/s390x failed to build: \[2\/2\] RUN .*…: exit code: 3 \(stopped /)
    expect(error.message).toContain('stopped ')
    expect(error.hint).toBe('see the log group "build linux/s390x"; no tag was moved')
  })

  test('the others were stopped, long before their 60 s were up', () => {
    expect(elapsed).toBeLessThan(30_000)
    const titles = log.groups.map((g) => g.title)
    expect(titles.filter((t) => /^build linux\/s390x: failed in /.test(t))).toHaveLength(1)
    expect(titles.filter((t) => /: cancelled in /.test(t))).toHaveLength(6)
  })

  test("the failed platform's group holds its own output and buildx's report, nobody else's", () => {
    const s390x = log.groups.find((g) => g.title.startsWith('build linux/s390x:'))?.body ?? ''
    expect(s390x).toMatch(/^#\d+ no s390x here$/m)
    expect(s390x).toContain('exit code: 3')
    expect(s390x).not.toMatch(/^#\d+ waiting on/m)
    const arm64 = log.groups.find((g) => g.title.startsWith('build linux/arm64:'))?.body ?? ''
    expect(arm64).toMatch(/^#\d+ waiting on aarch64$/m)
    expect(arm64).not.toMatch(/^#\d+ no s390x here$/m)
  })

  test('nothing was pushed: the repository has no tags', async () => {
    const tags = await exec('curl', [
      '-s',
      `http://${registry.address}/v2/${parseRepository(repo).repository}/tags/list`
    ])
    expect(tags.stdout).not.toMatch(/"tags":\s*\[\s*"/)
  })
})

describe('buildLegs on a classic-store dockerd (what hosted runners have by default)', () => {
  const classic = (bench() as ReturnType<typeof bench> & { classicDockerHost?: string }).classicDockerHost
  const env = { ...process.env, DOCKER_HOST: classic ?? 'unix:///classic-store-dockerd-missing' }
  const repo = `${registry.address}/${uniqueRepo('e2e/session-classic')}`
  const THREE = ['linux/amd64', 'linux/arm64', 'linux/s390x']
  let legs: BuiltLegs
  const log = recorder()
  const pushed: { image: PushedImage; at: number }[] = []
  let returned: number

  beforeAll(async () => {
    if (!classic) throw new Error('bench.json has no classicDockerHost: run scripts/bench-up again')
    legs = await buildLegs(plan(repo, THREE, { context: bench().context, 'no-cache': 'true' }), {
      stagingId: `classic-${Date.now()}`,
      stageAlways: false,
      log,
      started: Date.now(),
      env,
      onPushed: (image) => pushed.push({ image, at: Date.now() })
    })
    returned = Date.now()
  })

  test('each platform is announced under its staging tag once the docker push is done (no digest is printed)', () => {
    const tagOf = (ref: string): string => ref.slice(ref.lastIndexOf(':') + 1)
    expect(
      pushed.map((p) => p.image).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
    ).toEqual(
      THREE.map((p) => ({ tag: tagOf(legs.stagingRefs.get(p) ?? '') })).sort((a, b) =>
        JSON.stringify(a).localeCompare(JSON.stringify(b))
      )
    )
    for (const p of pushed) expect(p.at).toBeLessThanOrEqual(returned)
  })

  test('every platform is pushed as a Docker v2 image without attestations', async () => {
    expect(legs.driver).toBe('docker')
    // The classic store holds one platform per image: one target per platform, each its own push.
    expect(log.lines.join('\n')).toMatch(/one target per platform \(the docker driver's classic image store/)
    expect(new Set(legs.digests.values()).size).toBe(3)
    expect(legs.runs.map((r) => r.status)).toEqual(['ok', 'ok', 'ok'])
    for (const p of THREE) {
      const manifest = JSON.parse(await skopeoRaw(`${repo}@${legs.digests.get(p) ?? ''}`, registry)) as {
        mediaType?: string
      }
      expect(manifest.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json')
    }
  })

  test.each(THREE)('docker run --platform %s on that daemon runs that CPU', async (platform) => {
    const ref = legs.stagingRefs.get(platform) ?? ''
    const out = await run('docker', ['run', '--rm', '--pull', 'always', '--platform', platform, ref], {
      env: { DOCKER_HOST: env.DOCKER_HOST }
    })
    expect(out.trim()).toBe(MACHINE[platform])
  })
})
