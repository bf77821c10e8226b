/**
 * The build-related action inputs → BuildOptions. Names and list shapes follow docker/build-push-action,
 * so a workflow's build step moves over unchanged. Pure: reads through an InputReader.
 */
import { PublishError } from '../errors.js'
import { Inputs } from '../inputs/names.js'
import { parseBoolean, type InputReader } from '../inputs/values.js'
import { splitCsvFields } from './csv.js'

export interface BuildOptions {
  context: string
  file?: string
  /** `KEY=value`, one per line. */
  buildArgs: string[]
  labels: string[]
  target?: string
  /** buildx `--secret` specs: `id=foo,src=path` or `id=TOKEN,env=TOKEN`. */
  secrets: string[]
  cacheFrom: string[]
  cacheTo: string[]
  /** Passed as `--provenance=<v>`; undefined leaves buildx's default. */
  provenance?: string
  /** Passed as `--sbom=<v>`; undefined leaves buildx's default. */
  sbom?: string
  builder?: string
  noCache: boolean
  pull: boolean
}

/** The keys buildx's secret parser knows (buildx util/buildflags/secrets.go). */
const SECRET_KEYS = new Set(['id', 'type', 'src', 'source', 'env'])

export function parseBuildOptions(read: InputReader): BuildOptions {
  return {
    context: read(Inputs.context).trim() || '.',
    ...single('file', read(Inputs.file)),
    buildArgs: parseBuildArgs(read(Inputs.buildArgs)),
    labels: parseLines(read(Inputs.labels)),
    ...single('target', read(Inputs.target)),
    secrets: parseSecrets(read(Inputs.secrets)),
    cacheFrom: parseLines(read(Inputs.cacheFrom)),
    cacheTo: parseLines(read(Inputs.cacheTo)),
    ...single('provenance', read(Inputs.provenance)),
    ...single('sbom', read(Inputs.sbom)),
    ...single('builder', read(Inputs.builder)),
    noCache: parseBoolean(Inputs.noCache, read(Inputs.noCache), false),
    pull: parseBoolean(Inputs.pull, read(Inputs.pull), false)
  }
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

function single<K extends 'file' | 'target' | 'provenance' | 'sbom' | 'builder'>(
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
      throw new PublishError(
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
      throw new PublishError('invalid-input', `input \`${Inputs.secrets}\` line ${i + 1} ${problem}`, {
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
