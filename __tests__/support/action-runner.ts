/**
 * Runs the bundled action the way the GitHub runner does: `node dist/index.js` with every input as an
 * INPUT_* variable and the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_STATE files, then reads them back.
 * Inside a describeOnDaemons block it runs against that block's daemon and toolchain (bench.ts).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { daemonEnv, repoRoot } from './bench.js'

export interface ActionRun {
  code: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** The `::error::` lines the runner turns into annotations. */
  errors: string[]
}

/** The runner's env-var name for an input: `INPUT_` + the name upper-cased, spaces to `_` (dashes kept). */
export const inputVariable = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`

/** Parses GITHUB_OUTPUT's `name<<DELIMITER … DELIMITER` blocks (what @actions/core writes). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '')
    if (!match) continue
    const [, name, delimiter] = match as unknown as [string, string, string]
    const value: string[] = []
    while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i] ?? '')
    outputs[name] = value.join('\n')
  }
  return outputs
}

export async function runAction(
  inputs: Record<string, string>,
  options: { env?: Record<string, string>; entry?: string } = {}
): Promise<ActionRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'action-run-'))
  const files = { GITHUB_OUTPUT: 'output', GITHUB_STEP_SUMMARY: 'summary', GITHUB_STATE: 'state' }
  for (const name of Object.values(files)) writeFileSync(path.join(dir, name), '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    RUNNER_TEMP: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: repoRoot,
    GITHUB_REPOSITORY: 'acme/multiarch-publish-e2e',
    GITHUB_RUN_ID: '1000',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    ...daemonEnv(),
    ...Object.fromEntries(Object.entries(files).map(([k, f]) => [k, path.join(dir, f)])),
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [inputVariable(k), v])),
    ...options.env
  }
  const child = spawn(process.execPath, [options.entry ?? path.join(repoRoot, 'dist', 'index.js')], { env })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const code = await new Promise<number>((resolve) =>
    child.on('close', (c) => {
      resolve(c ?? -1)
    })
  )
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(path.join(dir, 'output'), 'utf8')),
    summary: readFileSync(path.join(dir, 'summary'), 'utf8'),
    errors: stdout.split('\n').filter((l) => l.startsWith('::error'))
  }
}
