/**
 * Credential inputs → which registry each credential belongs to. Pure. `username`/`password` belong to
 * the target repository's registry only; `registry-auth` gives other registries theirs, one line each:
 * `registry=HOST[:PORT],username=USER,password=SECRET` (buildx's CSV rules, build/csv.ts: a field with a
 * comma is quoted).
 * Error messages name the line and the field, never a value: a password must not reach the log.
 */
import { splitCsvFields } from '../buildx/csv.js'
import { ActionError } from '../errors.js'
import { parseReference } from '../reference/reference.js'
import { Inputs } from '../names.js'
import type { InputReader } from './values.js'

export interface RegistryLogin {
  registry: string
  username: string
  password: string
}

export interface CredentialInputs {
  /** For the target registry only. */
  target?: { username: string; password: string }
  /** One per registry, from `registry-auth`. */
  logins: RegistryLogin[]
}

export function parseCredentialInputs(read: InputReader): CredentialInputs {
  const username = read(Inputs.username).trim()
  const password = read(Inputs.password)
  if ((username === '') !== (password === '')) {
    throw new ActionError(
      'invalid-input',
      `input \`${username ? Inputs.password : Inputs.username}\` is empty but \`${username ? Inputs.username : Inputs.password}\` is set`,
      {
        hint: `set both \`${Inputs.username}\` and \`${Inputs.password}\` (they log in to the registry of \`${Inputs.image}\` only), or neither to use the docker config`
      }
    )
  }
  return {
    ...(username ? { target: { username, password } } : {}),
    logins: parseRegistryAuth(read(Inputs.registryAuth))
  }
}

const FIELDS = ['registry', 'username', 'password'] as const

export function parseRegistryAuth(raw: string): RegistryLogin[] {
  const logins: RegistryLogin[] = []
  raw.split(/\r?\n/).forEach((text, i) => {
    const line = text.trim()
    if (line === '' || line.startsWith('#')) return
    const where = `input \`${Inputs.registryAuth}\` line ${i + 1}`
    const fields = splitCsvFields(line)?.map((f) => (f.raw.startsWith('"') ? f.value : f.value.trim()))
    if (!fields) throw loginError(`${where} has an unclosed quote`)
    const values: Partial<Record<(typeof FIELDS)[number], string>> = {}
    for (const field of fields) {
      const eq = field.indexOf('=')
      const key = eq < 0 ? '' : field.slice(0, eq).trim().toLowerCase()
      const known = FIELDS.find((f) => f === key)
      if (!known) throw loginError(`${where} has a field that is not registry=, username= or password=`)
      if (values[known] !== undefined) throw loginError(`${where} gives ${known}= twice`)
      values[known] = field.slice(eq + 1)
    }
    const missing = FIELDS.filter((f) => !values[f])
    if (missing.length > 0) throw loginError(`${where} lacks ${missing.map((m) => `${m}=`).join(', ')}`)
    const registry = registryOf(values.registry ?? '', where)
    if (logins.some((l) => l.registry === registry)) throw loginError(`${where} repeats registry ${registry}`)
    logins.push({ registry, username: values.username ?? '', password: values.password ?? '' })
  })
  return logins
}

/** `ghcr.io`, `https://ghcr.io/` or `localhost:5000` → the registry as references name it. */
function registryOf(value: string, where: string): string {
  const host = value
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '')
  try {
    return parseReference(`${host}/x`).registry
  } catch {
    throw loginError(`${where} has registry=${JSON.stringify(value)}, which is not a host[:port]`)
  }
}

function loginError(message: string): ActionError {
  return new ActionError('invalid-input', message, {
    hint: `write one registry=HOST,username=USER,password=SECRET per line in \`${Inputs.registryAuth}\` (quote a field that holds a comma)`
  })
}
