/**
 * Where registry credentials come from, in the order docker uses: explicit inputs, then the docker config
 * that docker/login-action wrote ($DOCKER_CONFIG/config.json or ~/.docker/config.json): `credHelpers`
 * for the registry, else `credsStore`, else the `auths` entry (docker/cli, cli/config/configfile).
 * Every secret is handed to `onSecret` (core.setSecret in the action) the moment it is read.
 */
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import path from 'node:path'
import { ActionError } from '../errors.js'
import { runProcess } from '../process/exec.js'

export type Credential =
  | { kind: 'basic'; username: string; password: string }
  /** An OAuth2 refresh token (docker config `identitytoken`, or a helper answering Username "<token>"). */
  | { kind: 'identity-token'; username?: string; token: string }

export interface CredentialSource {
  get(registry: string): Promise<Credential | undefined>
}

/** Docker Hub's credentials are stored under its v1 index URL (docker/cli, registry.IndexServer). */
export const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/'

/** The keys a docker config may use for a registry, most specific first. */
export function configKeysFor(registry: string): string[] {
  if (registry === 'docker.io' || registry === 'index.docker.io' || registry === 'registry-1.docker.io') {
    return [
      DOCKER_HUB_CONFIG_KEY,
      'index.docker.io',
      'docker.io',
      'registry-1.docker.io',
      'https://index.docker.io/v1'
    ]
  }
  return [
    registry,
    `https://${registry}`,
    `http://${registry}`,
    `https://${registry}/`,
    `https://${registry}/v1/`,
    `https://${registry}/v2/`
  ]
}

/** The server URL a credential helper expects on stdin. */
function helperServerUrl(registry: string): string {
  return configKeysFor(registry)[0] as string
}

/** A username and password for one registry; any other registry gets nothing from it. */
export function explicitCredentials(
  username: string,
  password: string,
  options: { registry: string; onSecret?: (secret: string) => void }
): CredentialSource {
  options.onSecret?.(password)
  const scope = registryKey(options.registry)
  return {
    get: (registry) =>
      Promise.resolve(registryKey(registry) === scope ? { kind: 'basic', username, password } : undefined)
  }
}

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>
  credHelpers?: Record<string, string>
  credsStore?: string
}

export interface DockerConfigOptions {
  /** The config folder; default $DOCKER_CONFIG, else ~/.docker. */
  configDir?: string
  onSecret?: (secret: string) => void
  /** Runs `docker-credential-<name> get`; injected so tests can count calls. */
  runHelper?: (helper: string, serverUrl: string) => Promise<HelperAnswer | undefined>
}

export interface HelperAnswer {
  Username?: string
  Secret?: string
  ServerURL?: string
}

export function dockerConfigCredentials(options: DockerConfigOptions = {}): CredentialSource {
  const dir = options.configDir ?? process.env.DOCKER_CONFIG ?? path.join(homedir(), '.docker')
  const file = path.join(dir, 'config.json')
  const onSecret = options.onSecret ?? ((): void => undefined)
  const runHelper = options.runHelper ?? runCredentialHelper
  let config: Promise<DockerConfigFile> | undefined
  const cache = new Map<string, Promise<Credential | undefined>>()

  const lookup = async (registry: string): Promise<Credential | undefined> => {
    config ??= readDockerConfig(file)
    const parsed = await config
    const keys = configKeysFor(registry)
    const helper = keys.map((k) => parsed.credHelpers?.[k]).find(Boolean) ?? parsed.credsStore
    if (helper) {
      const answer = await runHelper(helper, helperServerUrl(registry))
      const fromHelper = answer ? credentialFromHelper(answer, onSecret) : undefined
      if (fromHelper) return fromHelper
    }
    const entry = keys.map((k) => parsed.auths?.[k]).find((e) => e !== undefined)
    return entry ? credentialFromAuthsEntry(entry, file, onSecret) : undefined
  }

  return {
    get(registry: string): Promise<Credential | undefined> {
      let found = cache.get(registry)
      if (!found) {
        found = lookup(registry)
        cache.set(registry, found)
      }
      return found
    }
  }
}

async function readDockerConfig(file: string): Promise<DockerConfigFile> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    return {}
  }
  try {
    return JSON.parse(text) as DockerConfigFile
  } catch {
    throw new ActionError('invalid-input', `the docker config ${file} is not valid JSON`, {
      hint: 'fix or remove it, or log in again with docker/login-action'
    })
  }
}

function credentialFromAuthsEntry(
  entry: NonNullable<DockerConfigFile['auths']>[string],
  file: string,
  onSecret: (secret: string) => void
): Credential | undefined {
  if (entry.auth) onSecret(entry.auth)
  if (entry.identitytoken) {
    onSecret(entry.identitytoken)
    return {
      kind: 'identity-token',
      token: entry.identitytoken,
      ...(entry.username ? { username: entry.username } : {})
    }
  }
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0) {
      throw new ActionError(
        'invalid-input',
        `an \`auths\` entry in ${file} is not base64 of "user:password"`,
        {
          hint: 'log in again with docker/login-action'
        }
      )
    }
    const password = decoded.slice(colon + 1)
    onSecret(password)
    return { kind: 'basic', username: decoded.slice(0, colon), password }
  }
  if (entry.username && entry.password) {
    onSecret(entry.password)
    return { kind: 'basic', username: entry.username, password: entry.password }
  }
  return undefined
}

function credentialFromHelper(
  answer: HelperAnswer,
  onSecret: (secret: string) => void
): Credential | undefined {
  if (!answer.Secret) return undefined
  onSecret(answer.Secret)
  // docker-credential-helpers: a Username of "<token>" marks the secret as an identity token.
  if (answer.Username === '<token>' || !answer.Username)
    return { kind: 'identity-token', token: answer.Secret }
  return { kind: 'basic', username: answer.Username, password: answer.Secret }
}

/** `docker-credential-NAME get` with the server URL on stdin; "not found" is no credential, not an error. */
export async function runCredentialHelper(
  helper: string,
  serverUrl: string
): Promise<HelperAnswer | undefined> {
  const program = `docker-credential-${helper}`
  const result = await runProcess(program, ['get'], { input: serverUrl, ignoreReturnCode: true })
  if (result.startError !== undefined) {
    throw new ActionError(
      'environment',
      `the docker config names credential helper ${program}, which cannot be run`,
      {
        hint: `install ${program}, or remove "${helper}" from credsStore/credHelpers`,
        cause: result.startError
      }
    )
  }
  const { code, stdout, stderr } = result
  if (code !== 0) {
    if (/credentials not found/i.test(stdout + stderr)) return undefined
    throw new ActionError('auth', `credential helper ${program} failed for ${serverUrl} (exit ${code})`, {
      hint: 'log in again with docker/login-action, or pass `username` and `password`'
    })
  }
  try {
    return JSON.parse(stdout) as HelperAnswer
  } catch {
    throw new ActionError('auth', `credential helper ${program} printed something that is not JSON`, {
      hint: `check ${program} by running \`echo ${serverUrl} | ${program} get\``
    })
  }
}

/** The first source that knows the registry wins. */
export function chainCredentials(...sources: CredentialSource[]): CredentialSource {
  return {
    async get(registry: string): Promise<Credential | undefined> {
      for (const source of sources) {
        const found = await source.get(registry)
        if (found) return found
      }
      return undefined
    }
  }
}

/** Docker Hub answers to several names; a credential given for one of them is for all. */
export function registryKey(registry: string): string {
  const host = registry.toLowerCase()
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host
}

/**
 * Each credential answers only the registry it was given for: explicit `username`/`password` the
 * target's registry, each `registry-auth` line its own, and the docker config (docker/login-action,
 * credential helpers) every registry by its own entries. A registry no source names gets no credential,
 * so nothing given for one registry is ever sent to another or to another's token realm.
 */
export function scopedCredentials(options: {
  targetRegistry: string
  target?: { username: string; password: string }
  logins: readonly { registry: string; username: string; password: string }[]
  onSecret: (secret: string) => void
  dockerConfig?: CredentialSource
}): CredentialSource {
  const { onSecret } = options
  const given = [
    ...(options.target ? [{ registry: options.targetRegistry, ...options.target }] : []),
    ...options.logins
  ].map((login) =>
    explicitCredentials(login.username, login.password, { registry: login.registry, onSecret })
  )
  return chainCredentials(...given, options.dockerConfig ?? dockerConfigCredentials({ onSecret }))
}
