/**
 * The terminal's Host: flags become the same input names the action reads, the summary goes to stdout,
 * logs and problems to stderr, and the result is an exit code (0 / 1 / 2, see `--help`).
 */
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import type { Failure, Host, WorkflowContext } from '../app/host.js'
import { Inputs } from '../names.js'
import { TerminalFlags } from './commands.js'

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

/** Outside a workflow most of these are empty; inside one (a CLI step) they are the runner's. */
export function contextFromEnv(env: NodeJS.ProcessEnv): WorkflowContext {
  return {
    serverUrl: env.GITHUB_SERVER_URL ?? '',
    repository: env.GITHUB_REPOSITORY ?? '',
    sha: env.GITHUB_SHA ?? '',
    runId: env.GITHUB_RUN_ID ?? '',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd()
  }
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
}): TerminalHost {
  const io = options.io ?? processIO
  const values = new Map(options.values)
  if (values.get(TerminalFlags.passwordStdin)?.includes('true')) {
    // One line, as `docker login --password-stdin` reads it; a trailing newline is not part of it.
    values.set(Inputs.password, [io.readStdin().replace(/\r?\n$/, '')])
  }
  let exitCode = 0
  const line = (text: string): void => {
    io.stderr(text.endsWith('\n') ? text : `${text}\n`)
  }
  return {
    name: 'terminal',
    input: (name) => (values.get(name) ?? []).join('\n'),
    context: contextFromEnv(options.env ?? process.env),
    reportDir: values.get(TerminalFlags.reportDir)?.at(-1) ?? tmpdir(),
    insecureRegistries: values.get(TerminalFlags.insecureRegistry) ?? [],
    log: {
      info: line,
      warning: (text) => {
        line(`warning: ${text}`)
      },
      debug: (text) => {
        if (options.verbose) line(text)
      },
      group: (title, body) => {
        line(`::: ${title}\n${body}`)
      }
    },
    secret: () => undefined,
    setOutput: (name, value) => {
      // After the summary on stdout, where the JSON report went (the one output a person asks for).
      if (name === 'report') io.stdout(`report: ${value}\n`)
    },
    writeSummary: (markdown) => {
      io.stdout(markdown.endsWith('\n') ? markdown : `${markdown}\n`)
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
