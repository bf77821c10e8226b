/**
 * The terminal's Host: flags become the same input names the action reads; the result goes to stdout as
 * plain text (the step summary's Markdown rendered for a terminal) or, with `--format json`, as the JSON
 * report; logs and problems go to stderr (only errors with `--quiet`); the verdict is an exit code
 * (0 / 1 / 2, see `--help`).
 */
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import type { Failure, Host } from '../app/host.js'
import { Inputs, Outputs } from '../names.js'
import { markdownToText } from '../report/text.js'
import { TerminalFlags, type OutputFormat } from './commands.js'
import { workflowContext } from './context.js'

export interface TerminalIO {
  stdout(text: string | Uint8Array): void
  stderr(text: string): void
  /** The whole of stdin (for --password-stdin). */
  readStdin(): string
}

export const processIO: TerminalIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: () => readFileSync(0, 'utf8')
}

export interface TerminalHost extends Host {
  /** What the process should exit with once the command returned. */
  exitCode(): number
}

export function terminalHost(options: {
  values: ReadonlyMap<string, readonly string[]>
  io?: TerminalIO
  env?: NodeJS.ProcessEnv
  verbose?: boolean
  /** How `--format json` reads the report it prints (the file the run just wrote). */
  readFile?: (file: string) => string
}): TerminalHost {
  const io = options.io ?? processIO
  const values = new Map(options.values)
  if (values.get(TerminalFlags.passwordStdin)?.includes('true')) {
    // One line, as `docker login --password-stdin` reads it; a trailing newline is not part of it.
    values.set(Inputs.password, [io.readStdin().replace(/\r?\n$/, '')])
  }
  const format: OutputFormat = values.get(TerminalFlags.format)?.at(-1) === 'json' ? 'json' : 'text'
  const quiet = isTrue(values.get(TerminalFlags.quiet)?.at(-1))
  const readFile = options.readFile ?? ((file: string) => readFileSync(file, 'utf8'))
  let exitCode = 0
  const line = (text: string): void => {
    io.stderr(text.endsWith('\n') ? text : `${text}\n`)
  }
  const chatter = (text: string): void => {
    if (!quiet) line(text)
  }
  return {
    summaryApart: false,
    input: (name) => (values.get(name) ?? []).join('\n'),
    context: workflowContext(options.env ?? process.env),
    reportDir: values.get(TerminalFlags.reportDir)?.at(-1) ?? tmpdir(),
    insecureRegistries: values.get(TerminalFlags.insecureRegistry) ?? [],
    log: {
      info: chatter,
      warning: (text) => {
        chatter(`warning: ${text}`)
      },
      debug: (text) => {
        if (options.verbose) line(text)
      },
      group: (title, body) => {
        chatter(`::: ${title}\n${body}`)
      }
    },
    secret: () => undefined,
    setOutput: (name, value) => {
      if (name !== Outputs.report || quiet) return
      // The report is the JSON a program reads; a person gets its path after the summary.
      io.stdout(format === 'json' ? readFile(value) : `report: ${value}\n`)
    },
    writeSummary: (markdown) => {
      if (format === 'text' && !quiet) io.stdout(markdownToText(markdown))
      return Promise.resolve()
    },
    print: (text) => {
      io.stdout(text)
    },
    fail: (failure: Failure) => {
      for (const text of [failure.line, ...failure.more]) line(`error: ${text}`)
      exitCode = Math.max(exitCode, failure.exitCode)
    },
    exitCode: () => exitCode
  }
}

/** A boolean flag as given: bare (`--quiet`) is "true"; `--quiet=false` turns it off. */
function isTrue(value: string | undefined): boolean {
  return value !== undefined && value.trim().toLowerCase() !== 'false'
}
