/**
 * buildx pushes with the credentials of its docker config, never with the action's `username`/`password`.
 * For one session, buildx gets a docker config folder of its own: the user's config.json plus the login
 * for the target registry (docker-config.ts), and every other entry of the user's folder (cli-plugins/,
 * buildx/ with its builder instances, contexts/, …) linked in, so the same docker, buildx and builders
 * run. The folder is private (0700, config.json 0600), under RUNNER_TEMP where the runner has one, named
 * only in the environment of the processes given it, and removed afterwards.
 */
import { chmod, lstat, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ActionError } from '../errors.js'
import { configWithLogin, dockerConfigDir, type RegistryLogin } from './docker-config.js'

/** Runs `work` with an environment whose DOCKER_CONFIG holds `login`; without a login, with `env` itself. */
export async function withRegistryLogin<T>(
  login: RegistryLogin | undefined,
  env: NodeJS.ProcessEnv,
  work: (env: NodeJS.ProcessEnv) => Promise<T>
): Promise<T> {
  if (login === undefined) return work(env)
  const source = dockerConfigDir(env)
  const folder = await mkdtemp(path.join(env.RUNNER_TEMP || tmpdir(), 'multiarch-publish-docker-config-'))
  try {
    await chmod(folder, 0o700)
    const config = configWithLogin(await readConfig(source), login)
    await writeFile(path.join(folder, 'config.json'), JSON.stringify(config, null, 2), {
      mode: 0o600,
      flag: 'wx'
    })
    await linkEntries(source, folder)
    return await work({ ...env, DOCKER_CONFIG: folder })
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

/** The user's config.json ({} when there is none); one the docker CLI could not read either fails here. */
async function readConfig(folder: string): Promise<Record<string, unknown>> {
  const file = path.join(folder, 'config.json')
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '{}'
    throw error
  })
  let config: unknown
  try {
    config = JSON.parse(text.trim() === '' ? '{}' : text)
  } catch {
    config = undefined
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ActionError('environment', `the docker config ${file} is not a JSON object`, {
      hint: 'fix or remove it (docker/login-action writes it), then run again'
    })
  }
  return config as Record<string, unknown>
}

/** Links every entry of the user's folder but config.json into ours (removing ours never follows a link). */
async function linkEntries(source: string, folder: string): Promise<void> {
  const entries = await readdir(source).catch(() => [])
  for (const name of entries) {
    if (name === 'config.json') continue
    const target = path.join(source, name)
    const stat = await lstat(target).catch(() => undefined)
    if (stat === undefined) continue
    await symlink(target, path.join(folder, name), stat.isDirectory() ? 'dir' : 'file')
  }
}
