/**
 * What the application needs from where it runs. Two adapters: the action (on @actions/core, the
 * workflow context from @actions/github) and the terminal (argv, stdout/stderr, exit code). The modes
 * never see a Host: the composition root (run.ts) reads inputs through it and prints results to it.
 */
import type { Mode } from '../inputs/mode.js'
import type { InputReader } from '../inputs/values.js'
import type { WorkflowContext } from '../modes/ports.js'

/** The modes of action.yml, plus the CLI's `inspect`. */
export type Command = Mode | 'inspect'

export type { WorkflowContext }

/** Log lines a person reads; groups fold (the runner's `::group::`), the terminal prints a heading. */
export interface Log {
  info(line: string): void
  warning(line: string): void
  debug(line: string): void
  group(title: string, body: string): void
}

/** How a run ended badly: the first line is the error, the rest follow; 1 = check/publish failed, 2 = input. */
export interface Failure {
  line: string
  more: readonly string[]
  exitCode: 1 | 2
}

export interface Host {
  /**
   * The summary is shown apart from the log (the runner's step summary page), not where the person reads
   * the run: a result then gets one line of its own in the log, and a failure a summary of its own. A
   * terminal prints the summary in its output, and the error line is all a failure needs.
   */
  readonly summaryApart: boolean
  /** An input's raw text by its action.yml name ('' when not given). */
  readonly input: InputReader
  readonly context: WorkflowContext
  /** Where JSON reports go: $RUNNER_TEMP/multiarch-publish, or the CLI's --report-dir. */
  readonly reportDir: string
  /** Registries to reach over plain HTTP besides loopback (CLI --insecure-registry). */
  readonly insecureRegistries: readonly string[]
  readonly log: Log
  /** Masks a value in everything printed from now on. */
  secret(value: string): void
  setOutput(name: string, value: string): void
  writeSummary(markdown: string): Promise<void>
  /** Raw output for a person (the CLI's inspect); the action logs it. */
  print(text: string | Uint8Array): void
  fail(failure: Failure): void
}
