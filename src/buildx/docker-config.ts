/** The docker config folder buildx and the docker CLI read, and a copy of its config.json with one more login. */
import { homedir } from 'node:os'
import path from 'node:path'
import { configKeysFor } from '../registry/credentials.js'

/** The docker config folder for this environment (an empty DOCKER_CONFIG is unset, as docker/cli reads it). */
export function dockerConfigDir(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG || path.join(env.HOME || homedir(), '.docker')
}

export interface RegistryLogin {
  registry: string
  username: string
  password: string
}

/**
 * The user's config.json with `login` as the file-store credential of its registry and of no other: its
 * `auths` entry replaced; a credential helper for that registry (or the `credsStore` every registry
 * uses) bypassed for that registry only, by an empty `credHelpers` entry — docker/cli takes the file store
 * for a registry whose helper is empty. Everything else is kept. Pure.
 */
export function configWithLogin(
  config: Record<string, unknown>,
  login: RegistryLogin
): Record<string, unknown> {
  const keys = configKeysFor(login.registry)
  const key = keys[0] as string
  const without = (entries: unknown): Record<string, unknown> =>
    Object.fromEntries(Object.entries(isRecord(entries) ? entries : {}).filter(([k]) => !keys.includes(k)))
  const helpers = isRecord(config.credHelpers) ? config.credHelpers : {}
  const helped =
    (typeof config.credsStore === 'string' && config.credsStore !== '') ||
    keys.some((k) => typeof helpers[k] === 'string' && helpers[k] !== '')
  const auth = Buffer.from(`${login.username}:${login.password}`).toString('base64')
  return {
    ...config,
    auths: { ...without(config.auths), [key]: { auth } },
    ...(helped ? { credHelpers: { ...without(config.credHelpers), [key]: '' } } : {})
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
