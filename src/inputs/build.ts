/**
 * The build-related action inputs → BuildOptions. Names and list shapes follow docker/build-push-action,
 * so a workflow's build step moves over unchanged. Pure: reads through an InputReader.
 */
import { ActionError } from '../errors.js'
import { Inputs } from '../names.js'
import { imageAnnotations } from '../buildx/annotations.js'
import { quoteCsvField, splitCsvFields } from '../buildx/csv.js'
import type { BuildOptions } from '../buildx/options.js'
import { parseBoolean, type InputReader } from './values.js'

export type { BuildOptions }

/** The keys buildx's secret parser knows (buildx util/buildflags/secrets.go). */
const SECRET_KEYS = new Set(['id', 'type', 'src', 'source', 'env'])

export function parseBuildOptions(read: InputReader): BuildOptions {
  return {
    context: read(Inputs.context).trim() || '.',
    ...single('file', read(Inputs.file)),
    buildArgs: parseBuildArgs(read(Inputs.buildArgs)),
    labels: parseLines(read(Inputs.labels)),
    ...single('target', read(Inputs.target)),
    secrets: [
      ...parseSecrets(read(Inputs.secrets)),
      ...parseSecretPairs(Inputs.secretEnvs, 'env', parseList(read(Inputs.secretEnvs))),
      ...parseSecretPairs(Inputs.secretFiles, 'src', parseLines(read(Inputs.secretFiles)))
    ],
    cacheFrom: parseLines(read(Inputs.cacheFrom)),
    cacheTo: parseLines(read(Inputs.cacheTo)),
    ...single('provenance', read(Inputs.provenance)),
    ...single('sbom', read(Inputs.sbom)),
    ...single('builder', read(Inputs.builder)),
    noCache: parseBoolean(Inputs.noCache, read(Inputs.noCache), false),
    pull: parseBoolean(Inputs.pull, read(Inputs.pull), false),
    buildContexts: parsePairs(Inputs.buildContexts, parseLines(read(Inputs.buildContexts)), 'name=value'),
    ssh: parseList(read(Inputs.ssh)),
    ...single('network', read(Inputs.network)),
    addHosts: parseHosts(parseList(read(Inputs.addHosts))),
    ...single('shmSize', read(Inputs.shmSize)),
    ulimits: parsePairs(Inputs.ulimit, parseLines(read(Inputs.ulimit)), 'type=soft:hard'),
    allow: parseList(read(Inputs.allow)),
    noCacheFilters: parseList(read(Inputs.noCacheFilters)),
    attests: parseLines(read(Inputs.attests)),
    annotations: imageAnnotations(read(Inputs.annotations))
  }
}

/**
 * Items separated by newlines or commas, as build-push-action reads `allow`, `ssh`, `add-hosts`,
 * `no-cache-filters` and `secret-envs` (getInputList without ignoreComma).
 */
export function parseList(raw: string): string[] {
  return parseLines(raw.replace(/,/g, '\n'))
}

/** Lines that must be `key=value` with a non-empty key. */
function parsePairs(input: string, lines: string[], shape: string): string[] {
  lines.forEach((line, i) => {
    if (line.indexOf('=') <= 0) {
      throw new ActionError(
        'invalid-input',
        `input \`${input}\` line ${i + 1} is ${JSON.stringify(line)}, not ${shape}`,
        { hint: `write one ${shape} per line in \`${input}\`` }
      )
    }
  })
  return lines
}

/**
 * build-push-action's `secret-envs` (`id=VARIABLE`) and `secret-files` (`id=path`) as buildx secret specs
 * (`id=…,env=…` / `id=…,src=…`), quoted by encoding/csv's rules when a part holds a comma or quote. The
 * message names the line, never its value.
 */
function parseSecretPairs(input: string, key: 'env' | 'src', items: string[]): string[] {
  return items.map((item, i) => {
    const eq = item.indexOf('=')
    if (eq <= 0 || eq === item.length - 1) {
      throw new ActionError(
        'invalid-input',
        `input \`${input}\` item ${i + 1} is not id=${key === 'env' ? 'VARIABLE' : 'path'}`,
        {
          hint: `write one id=${key === 'env' ? 'VARIABLE' : 'path'} per line in \`${input}\``
        }
      )
    }
    return `${quoteCsvField(`id=${item.slice(0, eq)}`)},${quoteCsvField(`${key}=${item.slice(eq + 1)}`)}`
  })
}

/** `host:ip` (docker's form; the address may be IPv6, so the first ':' splits) or `host=ip`. */
function parseHosts(items: string[]): string[] {
  items.forEach((item, i) => {
    const sep = item.includes('=') ? item.indexOf('=') : item.indexOf(':')
    if (sep <= 0 || sep === item.length - 1) {
      throw new ActionError(
        'invalid-input',
        `input \`${Inputs.addHosts}\` item ${i + 1} is ${JSON.stringify(item)}, not host:ip`,
        { hint: `write host:ip (or host=ip), e.g. registry.local:10.0.0.5` }
      )
    }
  })
  return items
}

/**
 * One item per line, trimmed, blanks dropped. Commas do not separate: build args, labels and cache specs
 * hold commas themselves (build-push-action reads these inputs with `ignoreComma`).
 */
export function parseLines(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

function single<K extends 'file' | 'target' | 'provenance' | 'sbom' | 'builder' | 'network' | 'shmSize'>(
  key: K,
  raw: string
): Partial<Record<K, string>> {
  const value = raw.trim()
  return value === '' ? {} : ({ [key]: value } as Partial<Record<K, string>>)
}

function parseBuildArgs(raw: string): string[] {
  const args = parseLines(raw)
  args.forEach((arg, i) => {
    if (arg.indexOf('=') <= 0) {
      throw new ActionError(
        'invalid-input',
        `input \`${Inputs.buildArgs}\` line ${i + 1} is ${JSON.stringify(arg)}, not KEY=value`,
        { hint: `write one KEY=value per line in \`${Inputs.buildArgs}\`` }
      )
    }
  })
  return args
}

/**
 * Each line must be a buildx secret spec. The message never quotes the line: a value pasted in
 * build-push-action's `KEY=secret` form would otherwise land in the log (and buildx's own error quotes it).
 */
function parseSecrets(raw: string): string[] {
  const secrets = parseLines(raw)
  secrets.forEach((secret, i) => {
    const problem = secretProblem(secret)
    if (problem) {
      throw new ActionError('invalid-input', `input \`${Inputs.secrets}\` line ${i + 1} ${problem}`, {
        hint:
          'write id=<id>,src=<file> or id=<id>,env=<VARIABLE>; to pass a value, put it in an environment ' +
          'variable of the step and name that variable'
      })
    }
  })
  return secrets
}

function secretProblem(secret: string): string | undefined {
  const fields = splitCsvFields(secret)
  if (!fields) return 'has an unclosed quote'
  for (const { value } of fields) {
    const eq = value.indexOf('=')
    if (eq < 0) return 'has a field without "="'
    if (!SECRET_KEYS.has(value.slice(0, eq).toLowerCase())) {
      return `has a key buildx does not know (expected ${[...SECRET_KEYS].join(', ')})`
    }
  }
  return undefined
}
