/**
 * An in-process Host for tests of the composition root (app/run.ts): inputs from a record, and everything
 * the run shows its host (outputs, summaries, log lines, masked values, printed text, failures) kept for
 * the test to read.
 */
import type { Failure, Host, WorkflowContext } from '../../src/app/host.js'

/** What a run showed its host. */
export interface Seen {
  outputs: Map<string, string>
  summaries: string[]
  info: string[]
  warnings: string[]
  secrets: string[]
  printed: string[]
  failures: Failure[]
}

export interface FakeHostOptions {
  /** Where JSON reports go; the test makes and removes it. */
  reportDir: string
  /** Default true: the runner's step summary page. */
  summaryApart?: boolean
  /** Over the default: https://github.com, acme/app, every other field empty. */
  context?: Partial<WorkflowContext>
}

const CONTEXT: WorkflowContext = {
  serverUrl: 'https://github.com',
  repository: 'acme/app',
  sha: '',
  runId: '',
  workspace: ''
}

export function fakeHost(
  inputs: Record<string, string>,
  options: FakeHostOptions
): { host: Host; seen: Seen } {
  const seen: Seen = {
    outputs: new Map(),
    summaries: [],
    info: [],
    warnings: [],
    secrets: [],
    printed: [],
    failures: []
  }
  const host: Host = {
    summaryApart: options.summaryApart ?? true,
    input: (name) => inputs[name] ?? '',
    context: { ...CONTEXT, ...options.context },
    reportDir: options.reportDir,
    insecureRegistries: [],
    log: {
      info: (line) => seen.info.push(line),
      warning: (line) => seen.warnings.push(line),
      debug: () => undefined,
      group: () => undefined
    },
    secret: (value) => seen.secrets.push(value),
    setOutput: (name, value) => seen.outputs.set(name, value),
    writeSummary: (markdown) => {
      seen.summaries.push(markdown)
      return Promise.resolve()
    },
    print: (text) => seen.printed.push(typeof text === 'string' ? text : Buffer.from(text).toString('utf8')),
    fail: (failure) => seen.failures.push(failure)
  }
  return { host, seen }
}
