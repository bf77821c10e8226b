/**
 * What the terminal Host prints for each output flag: plain text by default, the JSON report alone on
 * stdout with `--format json`, only errors with `--quiet`. The same calls the composition root makes.
 */
import { describe, expect, test } from '@jest/globals'
import { parseArgv } from '../../src/host/commands.js'
import { terminalHost, type TerminalIO } from '../../src/host/terminal.js'

const SUMMARY = [
  '### ✅ Verified `r/a:1`',
  '',
  '| platform | digest |',
  '|---|---|',
  '| linux/amd64 | `sha256:1111` |',
  '',
  '<details><summary>pulls</summary>',
  '',
  '- linux/amd64',
  '',
  '</details>'
].join('\n')
const REPORT = '{\n  "tool": "multiarch-publish",\n  "ok": true\n}\n'

/** Runs what app/run.ts does at the end of a verify, through a host made from argv. */
async function outputOf(argv: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const parsed = parseArgv(['verify', 'r/a:1', ...argv])
  if (parsed.kind !== 'run') throw new Error('not a run')
  let [stdout, stderr] = ['', '']
  const io: TerminalIO = {
    stdout: (text) => {
      stdout += typeof text === 'string' ? text : Buffer.from(text).toString('utf8')
    },
    stderr: (text) => {
      stderr += text
    },
    readStdin: () => ''
  }
  const host = terminalHost({
    values: parsed.values,
    io,
    env: {},
    readFile: (file) => (file === '/reports/verify.json' ? REPORT : '')
  })
  host.log.info('reading 2 platforms')
  host.log.warning('a layer was not checked')
  await host.writeSummary(SUMMARY)
  host.setOutput('report', '/reports/verify.json')
  host.setOutput('verified', 'true')
  host.fail({ line: 'the first problem', more: ['the second'], exitCode: 1 })
  return { stdout, stderr, code: host.exitCode() }
}

const ERRORS = 'error: the first problem\nerror: the second\n'

describe('terminal output', () => {
  test('default: the summary as plain text, then the report path; logs and errors on stderr', async () => {
    const { stdout, stderr, code } = await outputOf([])
    expect(stdout).toBe(
      [
        'Verified r/a:1',
        '',
        '  PLATFORM     DIGEST',
        '  linux/amd64  sha256:1111',
        '',
        'pulls:',
        '',
        '  - linux/amd64',
        'report: /reports/verify.json',
        ''
      ].join('\n')
    )
    expect(stderr).toBe(`reading 2 platforms\nwarning: a layer was not checked\n${ERRORS}`)
    expect(code).toBe(1)
  })

  test('--format json: stdout is the report file and nothing else', async () => {
    const { stdout, stderr, code } = await outputOf(['--format', 'json'])
    expect(stdout).toBe(REPORT)
    expect(JSON.parse(stdout)).toEqual({ tool: 'multiarch-publish', ok: true })
    expect(stderr).toBe(`reading 2 platforms\nwarning: a layer was not checked\n${ERRORS}`)
    expect(code).toBe(1)
  })

  test.each([[['--quiet']], [['--quiet', '--format=json']]])('%j: only the errors', async (argv) => {
    const { stdout, stderr, code } = await outputOf(argv)
    expect({ stdout, stderr, code }).toEqual({ stdout: '', stderr: ERRORS, code: 1 })
  })

  test('--quiet=false is not quiet', async () => {
    expect((await outputOf(['--quiet=false'])).stdout).toContain('Verified r/a:1')
  })
})
