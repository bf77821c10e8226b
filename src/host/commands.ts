/**
 * The CLI's commands, their flags and the help text. A command's flags are the action's inputs its mode
 * reads (inputs/usage.ts), described as action.yml describes them (action-inputs.ts, generated from it),
 * plus a few terminal-only flags. Pure: argv in, a parsed command or a usage error out; nothing here prints
 * or exits, and nothing heavy is imported (help and --version stay cheap).
 */
import type { Command } from '../app/host.js'
import { ActionError } from '../errors.js'
import { Inputs, type InputName } from '../names.js'
import { MODE_INPUTS } from '../inputs/usage.js'
import { ACTION_INPUTS } from './action-inputs.js'

export const PROGRAM = 'multiarch-publish'

/** Terminal-only flags: where reports go, plain-HTTP registries, the password from stdin, the output's shape. */
export const TerminalFlags = {
  reportDir: 'report-dir',
  insecureRegistry: 'insecure-registry',
  passwordStdin: 'password-stdin',
  format: 'format',
  quiet: 'quiet',
  /** `inspect --raw`; app/inspect.ts reads it as RAW_INPUT (not imported from there: help stays free of the core). */
  raw: 'raw'
} as const

/** `--format`: a plain-text result for a person, or the JSON report for a program. */
export const OUTPUT_FORMATS = ['text', 'json'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

interface FlagHelp {
  description: string
  default: string
}

const TERMINAL_FLAG_HELP: Readonly<Record<string, FlagHelp>> = {
  [TerminalFlags.reportDir]: {
    description: 'The folder the JSON report is written to.',
    default: "the system's temporary folder"
  },
  [TerminalFlags.insecureRegistry]: {
    description:
      'A registry (HOST or HOST:PORT) to reach over plain HTTP; repeatable. Registries on loopback always may.',
    default: ''
  },
  [TerminalFlags.passwordStdin]: {
    description: 'Read the password for --username from standard input (one line), as docker login does.',
    default: ''
  },
  [TerminalFlags.format]: {
    description:
      '`text`: the result as plain text on stdout; `json`: the JSON report on stdout and nothing else there (logs and errors go to stderr in both).',
    default: 'text'
  },
  [TerminalFlags.quiet]: {
    description: 'Print only errors; the exit code gives the verdict.',
    default: ''
  },
  [TerminalFlags.raw]: {
    description: "Print the manifest's exact bytes as the registry serves them instead of the table.",
    default: ''
  }
}

interface CommandSpec {
  summary: string
  /** The input a bare argument fills (`verify REF`). */
  positional?: { input: InputName; label: string }
  usage: string
  /** Flags that take a value, in the order help lists them. */
  flags: readonly string[]
  booleans: readonly string[]
}

const CREDENTIAL_FLAGS = [
  Inputs.username,
  Inputs.password,
  Inputs.registryAuth,
  TerminalFlags.insecureRegistry
]

/** What every command that writes a report takes for its output. */
const OUTPUT_FLAGS = [TerminalFlags.reportDir, TerminalFlags.format]

export const COMMANDS: Readonly<Record<Command, CommandSpec>> = {
  inspect: {
    summary: 'show what a reference points to: platforms, digests, attestations (writes nothing)',
    positional: { input: Inputs.image, label: 'REF' },
    usage: 'inspect REF [--raw]',
    flags: [...CREDENTIAL_FLAGS],
    booleans: [TerminalFlags.raw, TerminalFlags.passwordStdin]
  },
  verify: {
    summary:
      'check an image: every platform there, labelled right, built for its CPU (writes nothing by default)',
    positional: { input: Inputs.image, label: 'REF' },
    usage: 'verify REF [--platforms LIST] [flags]',
    flags: [...MODE_INPUTS.verify, TerminalFlags.insecureRegistry, ...OUTPUT_FLAGS],
    booleans: [TerminalFlags.passwordStdin, TerminalFlags.quiet]
  },
  merge: {
    summary: "assemble images (or this run's build legs) into one index, verify it, then move the tags",
    usage: 'merge --image REPO --tags LIST (--sources LIST | --platforms LIST) [flags]',
    flags: [...MODE_INPUTS.merge, TerminalFlags.insecureRegistry, ...OUTPUT_FLAGS],
    booleans: [TerminalFlags.passwordStdin, TerminalFlags.quiet]
  },
  publish: {
    summary: 'build every platform with buildx, assemble, verify, then move the tags',
    usage: 'publish --image REPO --tags LIST --platforms LIST [--context DIR] [flags]',
    flags: [...MODE_INPUTS.publish, TerminalFlags.insecureRegistry, ...OUTPUT_FLAGS],
    booleans: [TerminalFlags.passwordStdin, TerminalFlags.quiet]
  },
  build: {
    summary: 'build one matrix leg and push it under its staging tag, for a merge of the same run',
    usage: 'build --image REPO --platforms LIST [--staging-id ID] [flags]',
    flags: [...MODE_INPUTS.build, ...OUTPUT_FLAGS],
    booleans: [TerminalFlags.quiet]
  }
}

/** A flag's description and default: action.yml's for an input, ours for a terminal-only flag. */
export function flagHelp(name: string): FlagHelp {
  const help = Object.hasOwn(ACTION_INPUTS, name)
    ? ACTION_INPUTS[name as keyof typeof ACTION_INPUTS]
    : TERMINAL_FLAG_HELP[name]
  if (!help) throw new Error(`flag --${name} has no description`)
  return { description: plainDescription(help.description), default: help.default }
}

/**
 * action.yml's words for a terminal: no Markdown code marks, and no leading list of the modes that read
 * the input ("publish, build — ", "merge: "), which `help COMMAND` makes redundant.
 */
export function plainDescription(description: string): string {
  const text = description
    .replace(/^(?:publish|build|merge|verify)(?:, (?:publish|build|merge|verify))*(?: —|:) /, '')
    .replace(/`([^`]*)`/g, (_span, code: string) => (isInputName(code) ? `--${code}` : code))
  return text.charAt(0).toUpperCase() + text.slice(1)
}

const isInputName = (name: string): boolean => name !== Inputs.mode && Object.hasOwn(ACTION_INPUTS, name)

/** What the process exits with, as help prints it. */
export const EXIT_CODES: readonly string[] = [
  '0  done',
  '1  verification or publish failed (or the registry or a build did)',
  '2  usage or input error'
]

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
  const format = values.get(TerminalFlags.format)?.at(-1)
  if (format !== undefined && !OUTPUT_FORMATS.some((f) => f === format)) {
    throw usageError(`--${TerminalFlags.format} is "${format}"; use ${OUTPUT_FORMATS.join(' or ')}`, command)
  }
  return values
}

function usageError(message: string, command?: Command): ActionError {
  return new ActionError('invalid-input', message, {
    hint: `run \`${PROGRAM} ${command ? `help ${command}` : '--help'}\` for the usage`
  })
}

export function helpText(command?: Command): string {
  if (command) return commandHelp(command)
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
    'output: plain text on stdout, logs and errors on stderr; --format json prints the JSON report on stdout',
    '  instead, --quiet prints only errors.',
    '',
    'exit codes:',
    ...EXIT_CODES.map((line) => `  ${line}`),
    `--version prints the version; ${PROGRAM} help COMMAND lists a command's flags.`,
    ''
  ].join('\n')
}

const HELP_WIDTH = 80
const DESCRIPTION_INDENT = '      '

function commandHelp(command: Command): string {
  const spec = COMMANDS[command]
  const entry = (name: string, takesValue: boolean): string[] => {
    const { description, default: fallback } = flagHelp(name)
    const positional = spec.positional?.input === name ? ` (or the ${spec.positional.label} argument)` : ''
    const shown = describeDefault(fallback)
    return [
      `  --${name}${takesValue ? ' VALUE' : ''}${positional}${shown ? `  (default: ${shown})` : ''}`,
      ...wrap(description, HELP_WIDTH - DESCRIPTION_INDENT.length).map((line) => DESCRIPTION_INDENT + line)
    ]
  }
  return [
    `usage: ${PROGRAM} ${spec.usage}`,
    '',
    spec.summary,
    '',
    "flags (the action's inputs of the same names; a repeated flag adds a line to a list):",
    ...spec.flags.flatMap((name) => entry(name, true)),
    ...spec.booleans.flatMap((name) => entry(name, false)),
    '',
    'exit codes:',
    ...EXIT_CODES.map((line) => `  ${line}`),
    ''
  ].join('\n')
}

/** A default the runner evaluates (`${{ github.token }}`) is none on a terminal: say so. */
function describeDefault(value: string): string {
  return value.includes('${{') ? `${value} in a workflow; none from a terminal` : value
}

/** Words filled into lines of at most `width` characters (a longer word gets a line of its own). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let current = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current)
      current = word
    } else current = current === '' ? word : `${current} ${word}`
  }
  if (current !== '') lines.push(current)
  return lines
}
