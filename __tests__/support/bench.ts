/**
 * Where the test bench is: registry addresses, test credentials, the build context, the daemons.
 * scripts/bench-up writes bench.json; integration and e2e tests read it through here.
 * A missing bench is a failure with the fix in its message, never a skipped test.
 */
import { afterAll, beforeAll, describe } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

export interface BenchRegistry {
  address: string
  username?: string
  password?: string
}

export interface Bench {
  host: string
  registries: {
    anonymous: BenchRegistry
    basic: Required<BenchRegistry>
    token: Required<BenchRegistry> & { realm: string; service: string; anonymousPull: string[] }
    /** Anonymous, with the OCI 1.1 referrers API (go-containerregistry); Debian benches only. */
    referrers?: BenchRegistry & { referrersApi: true; implementation: string }
  }
  context: string
  fixturePlatforms: string[]
  logs: string
  /** The second dockerd, with the classic image store (bench-up writes it; older bench.json files lack it). */
  classicDockerHost?: string
  /** Every dockerd a test can run on: the machine's toolchain first, then the current one (Debian). */
  daemons?: BenchDaemon[]
  /** Programs the bench extracted (cosign, oras), by name. */
  tools?: Record<string, { path: string; version: string }>
}

export interface BenchDaemon {
  /** `<toolchain>-<store>`, e.g. `current-classic`. */
  name: string
  toolchain: 'stable' | 'current'
  store: 'containerd' | 'classic'
  /** Its socket; null for the machine's default daemon (no DOCKER_HOST, as on a runner). */
  dockerHost: string | null
  /** A DOCKER_CONFIG whose cli-plugins holds this toolchain's buildx; null: the machine's own. */
  dockerConfig: string | null
  /** Goes first on PATH so that `docker` is this toolchain's client; null: the machine's PATH. */
  pathPrefix: string | null
  /** As the programs print them, Debian suffixes included (`0.29.1+ds1`). */
  versions: Record<string, string>
}

export const repoRoot = path.resolve(import.meta.dirname, '..', '..')

export function benchDir(): string {
  return process.env.BENCH_DIR ?? path.join(repoRoot, '.bench')
}

let cached: Bench | undefined

export function bench(): Bench {
  if (cached) return cached
  const file = path.join(benchDir(), 'bench.json')
  if (!existsSync(file)) {
    throw new Error(
      `the test bench is not up (${file} is missing): run \`npm run bench:up\` (root, Debian) first`
    )
  }
  cached = JSON.parse(readFileSync(file, 'utf8')) as Bench
  return cached
}

/** A repository name no other test uses, so tests can run in parallel against one registry. */
export function uniqueRepo(prefix: string): string {
  return `${prefix}/${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}

/**
 * What `uname -m` prints in a container of each fixture platform on this host. arm/v6 runs on QEMU's v7
 * CPU. 386 code runs natively on an x86-64 kernel with IA32 emulation, which reports x86_64; on a kernel
 * without it, bench-up registers qemu-i386, which reports i686. (The binary check proves the ELF is i386.)
 */
export function unameMachines(): Record<string, string> {
  const i386 = '/proc/sys/fs/binfmt_misc/qemu-i386'
  const emulated = existsSync(i386) && readFileSync(i386, 'utf8').startsWith('enabled')
  return {
    'linux/amd64': 'x86_64',
    'linux/arm64': 'aarch64',
    'linux/arm/v7': 'armv7l',
    'linux/arm/v6': 'armv7l',
    'linux/s390x': 's390x',
    'linux/ppc64le': 'ppc64le',
    'linux/386': emulated ? 'i686' : 'x86_64'
  }
}

/** The daemons of bench.json: the machine's toolchain on both stores, then the current toolchain's. */
export function daemons(): BenchDaemon[] {
  const listed = bench().daemons
  if (listed?.length) return listed
  throw new Error('bench.json lists no daemons: run `npm run bench:up` again')
}

let active: BenchDaemon | undefined

/** The daemon the tests of the running describe block use (undefined: the machine's default). */
export function activeDaemon(): BenchDaemon | undefined {
  return active
}

/**
 * What a process needs to talk to the active daemon with its toolchain: DOCKER_HOST, the toolchain's
 * client first on PATH and, unless the caller brings its own, its DOCKER_CONFIG (buildx lives there).
 */
export function daemonEnv(base: Record<string, string | undefined> = process.env): Record<string, string> {
  const env: Record<string, string> = {}
  if (!active) return env
  if (active.dockerHost) env.DOCKER_HOST = active.dockerHost
  if (active.pathPrefix) env.PATH = `${active.pathPrefix}:${base.PATH ?? ''}`
  if (active.dockerConfig) env.DOCKER_CONFIG = active.dockerConfig
  return env
}

/**
 * `describe` once per bench daemon (toolchain × image store), the daemon active for its hooks and tests:
 * `exec`/`run`/`dockerConfigFor` (docker.ts) and `runAction` (action-runner.ts) then reach that daemon
 * with that toolchain's docker and buildx. `body` gets the daemon for what differs by store; `which`
 * narrows the daemons (e.g. `(d) => d.store === 'classic'`, what GitHub's hosted runners have).
 */
export function describeOnDaemons(
  title: string,
  body: (daemon: BenchDaemon) => void,
  which: (daemon: BenchDaemon) => boolean = () => true
): void {
  const chosen = daemons().filter(which)
  if (chosen.length === 0) throw new Error(`no bench daemon is chosen for "${title}"`)
  describe.each(chosen.map((d) => [d.name, d] as const))(`${title} [%s]`, (_name, daemon) => {
    beforeAll(() => {
      active = daemon
    })
    afterAll(() => {
      active = undefined
    })
    body(daemon)
  })
}
