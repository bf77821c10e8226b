/**
 * The CLI's commands, their flags (named like the action's inputs) and the help text. Pure: argv in, a
 * parsed command or a usage error out; nothing here prints or exits.
 */
import type { Command } from '../app/host.js'
import { RAW_INPUT } from '../app/inspect.js'
import { ActionError } from '../errors.js'
import { Inputs, type InputName } from '../names.js'
import { MODE_INPUTS } from '../inputs/usage.js'

export const PROGRAM = 'multiarch-publish'

/** Terminal-only flags: where reports go, plain-HTTP registries, the password from stdin. */
export const TerminalFlags = {
  reportDir: 'report-dir',
  insecureRegistry: 'insecure-registry',
  passwordStdin: 'password-stdin'
} as const

interface CommandSpec {
  summary: string
  /** The input a bare argument fills (`verify REF`). */
  positional?: { input: InputName; label: string }
  usage: string
  flags: readonly string[]
  booleans: readonly string[]
}

const CREDENTIAL_FLAGS = [
  Inputs.username,
  Inputs.password,
  Inputs.registryAuth,
  TerminalFlags.insecureRegistry
]

export const COMMANDS: Readonly<Record<Command, CommandSpec>> = {
  inspect: {
    summary: 'show what a reference points to: platforms, digests, attestations (writes nothing)',
    positional: { input: Inputs.image, label: 'REF' },
    usage: 'inspect REF [--raw]',
    flags: [...CREDENTIAL_FLAGS],
    booleans: [RAW_INPUT, TerminalFlags.passwordStdin]
  },
  verify: {
    summary:
      'check that an image covers the platforms, labelled right and built for the right CPU (writes nothing)',
    positional: { input: Inputs.image, label: 'REF' },
    usage: 'verify REF [--platforms LIST] [flags]',
    flags: [...MODE_INPUTS.verify, TerminalFlags.insecureRegistry, TerminalFlags.reportDir],
    booleans: [TerminalFlags.passwordStdin]
  },
  merge: {
    summary: "assemble images (or this run's build legs) into one index, verify it, then move the tags",
    usage: 'merge --image REPO --tags LIST (--sources LIST | --platforms LIST) [flags]',
    flags: [...MODE_INPUTS.merge, TerminalFlags.insecureRegistry, TerminalFlags.reportDir],
    booleans: [TerminalFlags.passwordStdin]
  },
  publish: {
    summary: 'build every platform with buildx, assemble, verify, then move the tags',
    usage: 'publish --image REPO --tags LIST --platforms LIST [--context DIR] [flags]',
    flags: [...MODE_INPUTS.publish, TerminalFlags.insecureRegistry, TerminalFlags.reportDir],
    booleans: [TerminalFlags.passwordStdin]
  },
  build: {
    summary: 'build one matrix leg and push it under its staging tag, for a merge of the same run',
    usage: 'build --image REPO --platforms LIST [--staging-id ID] [flags]',
    flags: [...MODE_INPUTS.build, TerminalFlags.reportDir],
    booleans: []
  }
}

export const EXIT_CODES =
  '0 done · 1 verification or publish failed (or the registry/build failed) · 2 usage or input error'

export type Parsed =
  | { kind: 'help'; command?: Command }
  | { kind: 'version' }
  | { kind: 'run'; command: Command; values: Map<string, string[]> }

const isCommand = (name: string): name is Command => Object.hasOwn(COMMANDS, name)

export function parseArgv(argv: readonly string[]): Parsed {
  const [first, ...rest] = argv
  if (first === undefined || first === '--help' || first === '-h') return { kind: 'help' }
  if (first === '--version' || first === '-V') return { kind: 'version' }
  if (first === 'help') {
    const topic = rest[0]
    if (topic === undefined) return { kind: 'help' }
    if (!isCommand(topic)) throw usageError(`unknown command "${topic}"`)
    return { kind: 'help', command: topic }
  }
  if (first.startsWith('-')) throw usageError(`"${first}" comes before a command`)
  if (!isCommand(first)) throw usageError(`unknown command "${first}"`)
  if (rest.includes('--help') || rest.includes('-h')) return { kind: 'help', command: first }
  return { kind: 'run', command: first, values: parseFlags(first, rest) }
}

/** `--name value` / `--name=value`; a repeated flag adds a line (lists, `--insecure-registry`). */
function parseFlags(command: Command, args: readonly string[]): Map<string, string[]> {
  const spec = COMMANDS[command]
  const values = new Map<string, string[]>()
  const add = (name: string, value: string): void => {
    values.set(name, [...(values.get(name) ?? []), value])
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    if (!arg.startsWith('--') || arg === '--') {
      if (spec.positional && !values.has(spec.positional.input)) {
        add(spec.positional.input, arg)
        continue
      }
      throw usageError(`${command} takes no argument "${arg}" here`, command)
    }
    const eq = arg.indexOf('=')
    const name = arg.slice(2, eq < 0 ? undefined : eq)
    if (spec.booleans.includes(name)) {
      add(name, eq < 0 ? 'true' : arg.slice(eq + 1))
      continue
    }
    if (!spec.flags.includes(name)) throw usageError(`${command} has no flag --${name}`, command)
    if (eq >= 0) {
      add(name, arg.slice(eq + 1))
      continue
    }
    const value = args[i + 1]
    if (value === undefined || value.startsWith('--') || (value.startsWith('-') && value.length > 1)) {
      throw usageError(
        `flag --${name} needs a value${value?.startsWith('-') ? ` (for a value that starts with "-", write --${name}=${value})` : ''}`,
        command
      )
    }
    add(name, value)
    i++
  }
  // As docker login: one password, from the command line or from stdin, never both (one would be dropped).
  if (values.has(Inputs.password) && values.has(TerminalFlags.passwordStdin)) {
    throw usageError(`--${Inputs.password} and --${TerminalFlags.passwordStdin} exclude each other`, command)
  }
  return values
}

function usageError(message: string, command?: Command): ActionError {
  return new ActionError('invalid-input', message, {
    hint: `run \`${PROGRAM} ${command ? `help ${command}` : '--help'}\` for the usage`
  })
}

export function helpText(command?: Command): string {
  if (command) {
    const spec = COMMANDS[command]
    const booleans = spec.booleans.map((b) => `  --${b}`)
    return [
      `usage: ${PROGRAM} ${spec.usage}`,
      '',
      spec.summary,
      '',
      "flags (named like the action's inputs; see the README's inputs table for each):",
      ...spec.flags.map((f) => `  --${f} VALUE`),
      ...booleans,
      '',
      `exit codes: ${EXIT_CODES}`,
      ''
    ].join('\n')
  }
  const heads = Object.entries(COMMANDS).map(([name, spec]) => ({
    head: `${name}${spec.positional ? ` ${spec.positional.label}` : ''}`,
    summary: spec.summary
  }))
  heads.push({ head: 'help COMMAND', summary: 'the flags of a command' })
  const width = Math.max(...heads.map((h) => h.head.length)) + 2
  return [
    `usage: ${PROGRAM} COMMAND [flags]`,
    '',
    'commands:',
    ...heads.map((h) => `  ${h.head.padEnd(width)}${h.summary}`),
    '',
    'credentials: --username U with --password P or --password-stdin, for the registry of the image only;',
    '  other registries: --registry-auth "registry=HOST,username=U,password=P" (repeatable), else the docker config',
    '  (docker login / credential helpers). --insecure-registry HOST allows plain HTTP (loopback always may).',
    '',
    `exit codes: ${EXIT_CODES}`,
    `--version prints the version; ${PROGRAM} help COMMAND lists a command's flags.`,
    ''
  ].join('\n')
}
