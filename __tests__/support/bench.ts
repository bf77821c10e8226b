/**
 * Where the test bench is: registry addresses, test credentials, the build context.
 * scripts/bench-up writes bench.json; integration and e2e tests read it through here.
 * A missing bench is a failure with the fix in its message, never a skipped test.
 */
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
  }
  context: string
  fixturePlatforms: string[]
  logs: string
  /** The second dockerd, with the classic image store (bench-up writes it; older bench.json files lack it). */
  classicDockerHost?: string
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
