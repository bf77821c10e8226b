#!/usr/bin/env node
/**
 * multiarch-publish from a terminal: the same engine as the action, flags named like its inputs.
 * Credentials: --username/--password (or --password-stdin), else the docker config, as in the action.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { isPublishError, PublishError } from './errors.js'
import { parseReference } from './reference/reference.js'
import { RegistryClient } from './registry/client.js'
import { chainCredentials, dockerConfigCredentials, explicitCredentials } from './registry/credentials.js'
import { formatInspect } from './report/inspect.js'
import type { ImageConfig } from './oci/types.js'
import { Inputs } from './inputs/names.js'
import { parseVerifyInputs } from './inputs/verify.js'
import { parseMergeInputs } from './inputs/merge.js'
import { runMergeMode, stagingIdOf, workflowContextFromEnv, type MergeModeResult } from './modes/merge.js'
import { runPublishMode, type PublishLog } from './modes/publish.js'
import { runBuildMode } from './modes/build.js'
import { parseBuildModeInputs, parsePublishInputs } from './inputs/publish.js'
import type { InputReader } from './inputs/values.js'
import { runVerifyMode } from './modes/verify.js'
import { tmpdir } from 'node:os'

const USAGE = [
  'usage: multiarch-publish inspect REF [--raw] [credentials]',
  '       multiarch-publish verify REF [--platforms LIST] [--check-binaries true|false] [--no-regress REF] [--allow-extra true|false] [--report-dir DIR] [credentials]',
  '       multiarch-publish merge --image REPO --tags LIST --sources LIST [--platforms LIST] [--annotations LINES] [--media-type auto|oci|docker] [--no-regress true|REF] [--check-binaries true|false] [--dry-run true|false] [--report-dir DIR] [credentials]',
  '       multiarch-publish publish --image REPO --tags LIST --platforms LIST [--context DIR] [any action input as --NAME VALUE] [credentials]',
  '       multiarch-publish build --image REPO --platforms LIST [--staging-id ID] [--context DIR] [build inputs as --NAME VALUE]',
  '  credentials: [--username U (--password P | --password-stdin)] [--insecure-registry HOST]...'
].join('\n')

interface CommonFlags {
  username?: string
  password?: string
  'password-stdin'?: boolean
  'insecure-registry'?: string[]
}

function clientFrom(flags: CommonFlags): RegistryClient {
  const password = flags['password-stdin'] ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : flags.password
  if ((flags.username === undefined) !== (password === undefined)) {
    throw new PublishError('invalid-input', '--username and --password (or --password-stdin) go together', {
      hint: 'give both, or neither to use the docker config'
    })
  }
  const sources = [dockerConfigCredentials()]
  const credentials =
    flags.username !== undefined && password !== undefined
      ? chainCredentials(explicitCredentials(flags.username, password), ...sources)
      : chainCredentials(...sources)
  return new RegistryClient({ credentials, insecureRegistries: flags['insecure-registry'] ?? [] })
}

const CREDENTIAL_OPTIONS = {
  username: { type: 'string' },
  password: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  'insecure-registry': { type: 'string', multiple: true }
} as const

async function inspect(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...CREDENTIAL_OPTIONS, raw: { type: 'boolean' } }
  })
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new PublishError('invalid-input', 'inspect takes exactly one image reference', { hint: USAGE })
  }
  const ref = parseReference(positionals[0])
  const client = clientFrom(values)
  const manifest = await client.getManifest(ref)
  if (values.raw) {
    process.stdout.write(manifest.bytes)
    return
  }
  const name = positionals[0]
  const common = { name, mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.length }
  if (manifest.parsed.kind === 'index') {
    process.stdout.write(formatInspect({ ...common, manifests: manifest.parsed.index.manifests }))
    return
  }
  const config = JSON.parse(
    (await client.readBlob(ref, manifest.parsed.manifest.config.digest)).toString('utf8')
  ) as ImageConfig
  process.stdout.write(formatInspect({ ...common, config }))
}

/** verify with flags named like the action's inputs; the summary goes to stdout, problems to stderr. */
async function verify(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...CREDENTIAL_OPTIONS,
      image: { type: 'string' },
      platforms: { type: 'string' },
      'check-binaries': { type: 'string' },
      'no-regress': { type: 'string' },
      'allow-extra': { type: 'string' },
      'report-dir': { type: 'string' }
    }
  })
  const flags: Record<string, string | undefined> = {
    [Inputs.image]: values.image ?? positionals[0],
    [Inputs.platforms]: values.platforms,
    [Inputs.checkBinaries]: values['check-binaries'],
    [Inputs.noRegress]: values['no-regress'],
    [Inputs.allowExtra]: values['allow-extra']
  }
  const plan = parseVerifyInputs((name) => flags[name] ?? '')
  const { result, reportPath, summary } = await runVerifyMode(plan, {
    client: clientFrom(values),
    reportDir: values['report-dir'] ?? tmpdir()
  })
  process.stdout.write(summary + `\nreport: ${reportPath}\n`)
  if (!result.ok) {
    process.stderr.write(result.problems.map((p) => `error: ${p}\n`).join(''))
    process.exitCode = 1
  }
}

/**
 * Flags named like the action's inputs (`--image`, `--platforms`, `--build-args` …): every input is a
 * string flag, read through the same parsers the action uses.
 */
function inputFlags(args: string[]): {
  read: InputReader
  values: Record<string, string | boolean | string[] | undefined>
} {
  const names = Object.values(Inputs).filter(
    (n) => n !== Inputs.mode && n !== Inputs.username && n !== Inputs.password
  )
  const { values } = parseArgs({
    args,
    options: {
      ...CREDENTIAL_OPTIONS,
      ...Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])),
      'report-dir': { type: 'string' }
    }
  })
  const flags = values as Record<string, string | boolean | string[] | undefined>
  return {
    read: (name) => {
      const value = flags[name]
      return typeof value === 'string' ? value : ''
    },
    values: flags
  }
}

const reportDirOf = (values: Record<string, unknown>): string =>
  typeof values['report-dir'] === 'string' ? values['report-dir'] : tmpdir()

const terminalLog: PublishLog = {
  group: (title, body) => {
    process.stderr.write(`::: ${title}\n${body}\n`)
  },
  info: (line) => {
    process.stderr.write(`${line}\n`)
  }
}

function reportMerged(merged: MergeModeResult): void {
  const { outcome, reportPath, summary, ok } = merged
  process.stdout.write(summary + `\nreport: ${reportPath}\n`)
  if (!ok && outcome.verification) {
    process.stderr.write(
      outcome.verification.result.problems.map((p) => `error: ${p}\n`).join('') + 'error: no tag was moved\n'
    )
    process.exitCode = 1
  }
}

async function merge(args: string[]): Promise<void> {
  const { read, values } = inputFlags(args)
  const plan = parseMergeInputs(read)
  const context = workflowContextFromEnv(process.env)
  reportMerged(
    await runMergeMode(plan, { client: clientFrom(values), reportDir: reportDirOf(values), context })
  )
}

async function publish(args: string[]): Promise<void> {
  const { read, values } = inputFlags(args)
  const plan = parsePublishInputs(read)
  const context = workflowContextFromEnv(process.env)
  const stagingId = plan.stagingId || context.runId || `local-${Date.now()}`
  reportMerged(
    await runPublishMode(plan, {
      client: clientFrom(values),
      reportDir: reportDirOf(values),
      context,
      stagingId,
      log: terminalLog
    })
  )
}

async function build(args: string[]): Promise<void> {
  const { read, values } = inputFlags(args)
  const plan = parseBuildModeInputs(read)
  const stagingId = stagingIdOf(plan.stagingId, workflowContextFromEnv(process.env))
  const result = await runBuildMode(plan, { stagingId, reportDir: reportDirOf(values), log: terminalLog })
  process.stdout.write(result.summary + `\nreport: ${result.reportPath}\n`)
}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = { inspect, verify, merge, publish, build }

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  const run = command === undefined ? undefined : COMMANDS[command]
  try {
    if (!run) {
      throw new PublishError('invalid-input', command ? `unknown command "${command}"` : 'no command given', {
        hint: USAGE
      })
    }
    await run(rest)
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (error) {
    const line = isPublishError(error)
      ? error.oneLine()
      : error instanceof Error
        ? error.message
        : String(error)
    process.stderr.write(`error: ${line}\n`)
    if (process.env.MULTIARCH_PUBLISH_DEBUG && error instanceof Error)
      process.stderr.write(`${error.stack ?? ''}\n`)
    return 1
  }
}

process.exitCode = await main(process.argv.slice(2))
