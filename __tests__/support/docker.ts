/**
 * Running docker, buildx and skopeo from tests, each against the bench, with a private docker config —
 * on the daemon of the running describeOnDaemons block (bench.ts), with that daemon's toolchain.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { activeDaemon, daemonEnv, type BenchRegistry } from './bench.js'

export interface ExecResult {
  code: number
  stdout: string
  stderr: string
}

export async function exec(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; input?: string } = {}
): Promise<ExecResult> {
  const child = spawn(command, args, { env: { ...process.env, ...daemonEnv(), ...options.env } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  // A program that exits without reading its stdin (git) closes the pipe: not an error of the test.
  child.stdin.on('error', () => undefined)
  child.stdin.end(options.input ?? '')
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (c) => {
      resolve(c ?? -1)
    })
  })
  return { code, stdout, stderr }
}

/** Like exec, but a non-zero exit throws with the command and its stderr. */
export async function run(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; input?: string } = {}
): Promise<string> {
  const result = await exec(command, args, options)
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.code}:\n${result.stderr || result.stdout}`)
  }
  return result.stdout
}

/**
 * A fresh DOCKER_CONFIG logged in to the given registries, so tests never share or leak credentials;
 * with the active toolchain's CLI plugins (its buildx) when they live in a DOCKER_CONFIG of their own.
 */
export async function dockerConfigFor(registries: BenchRegistry[]): Promise<Record<string, string>> {
  const env = { DOCKER_CONFIG: mkdtempSync(path.join(tmpdir(), 'docker-config-')) }
  const own = activeDaemon()?.dockerConfig
  if (own) symlinkSync(path.join(own, 'cli-plugins'), path.join(env.DOCKER_CONFIG, 'cli-plugins'))
  for (const registry of registries) {
    if (!registry.username || !registry.password) continue
    await run('docker', ['login', registry.address, '--username', registry.username, '--password-stdin'], {
      env,
      input: registry.password
    })
  }
  return env
}

/** The exact manifest bytes `skopeo inspect --raw` reads: an independent witness of what was pushed. */
export async function skopeoRaw(ref: string, registry: BenchRegistry): Promise<string> {
  const creds =
    registry.username && registry.password ? ['--creds', `${registry.username}:${registry.password}`] : []
  return run('skopeo', ['inspect', '--raw', '--tls-verify=false', ...creds, `docker://${ref}`])
}

/**
 * `docker buildx build … --push`. On a classic-store daemon, whose docker driver refuses a multi-platform
 * build, a `--platform a,b` push is built one platform at a time (each under `<tag>-<os>-<arch>…`) and
 * joined under the tag with `buildx imagetools create`, as users of that store do.
 */
export async function buildxPush(
  args: string[],
  options: { env?: Record<string, string> } = {}
): Promise<string> {
  const at = args.indexOf('--platform')
  const platforms = at >= 0 ? (args[at + 1] ?? '').split(',') : []
  if (activeDaemon()?.store !== 'classic' || platforms.length < 2) return buildxPushOnce(args, options)
  const tagAt = args.indexOf('--tag')
  const tag = args[tagAt + 1] ?? ''
  if (tagAt < 0) throw new Error('buildxPush on the classic store needs --tag to join the platforms')
  const children: string[] = []
  let out = ''
  for (const platform of platforms) {
    const child = `${tag}-${platform.replace(/\//g, '-')}`
    const one = args.map((a, i) => (i === at + 1 ? platform : i === tagAt + 1 ? child : a))
    out += await buildxPushOnce(one, options)
    children.push(child)
  }
  await run('docker', ['buildx', 'imagetools', 'create', '--tag', tag, ...children], options)
  return out
}

/**
 * `docker buildx build … --push`, retried only on one known race of the bench: with the containerd image
 * store, the docker driver pushes the index and then pushes again "with docker", PUTting every
 * per-platform manifest to the same tag at once; distribution 2.8 writes tag links non-atomically, so a
 * concurrent HEAD can read a half-written link ("invalid checksum digest format") and answer 500.
 * Any other failure fails at once.
 */
async function buildxPushOnce(
  args: string[],
  options: { env?: Record<string, string> } = {}
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const result = await exec('docker', ['buildx', 'build', ...args, '--push'], options)
    if (result.code === 0) return result.stdout
    const race = /unexpected status from HEAD request to .*\/manifests\/.*: 500 Internal Server Error/.test(
      result.stderr
    )
    if (!race || attempt >= 3) {
      throw new Error(`docker buildx build ${args.join(' ')} --push exited ${result.code}:\n${result.stderr}`)
    }
  }
}
