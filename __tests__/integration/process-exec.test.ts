/** The process edge (process/exec.ts) with real processes: output, stdin, exit codes, and stops that reach a whole process tree. */
import { describe, expect, test } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { findMarked, parsePgid, PROCESS_MARKER, runProcess } from '../../src/process/exec.js'
import { rejected } from '../support/thrown.js'

/** Live processes whose environment carries `value` for `name`. */
function carrying(name: string, value: string): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .filter((n) => {
      try {
        return readFileSync(`/proc/${n}/environ`, 'latin1').split('\0').includes(`${name}=${value}`)
      } catch {
        return false
      }
    })
    .map(Number)
}

describe('runProcess', () => {
  test('captures stdout and stderr, streams chunks, feeds stdin, passes the environment', async () => {
    const chunks: string[] = []
    const result = await runProcess('sh', ['-c', 'read line; echo "got $line $GREETING"; echo warn >&2'], {
      input: 'hello\n',
      env: { ...process.env, GREETING: 'hi' },
      onStdout: (c) => chunks.push(c)
    })
    expect(result).toEqual({ code: 0, stdout: 'got hello hi\n', stderr: 'warn\n', stopped: false })
    expect(chunks.join('')).toBe('got hello hi\n')
  })

  test('a non-zero exit throws the project error, naming the command and its last line', async () => {
    const error = await rejected(
      runProcess('sh', ['-c', 'echo "ERROR: broken" >&2; exit 4'], { errorKind: 'build' })
    )
    expect(error.kind).toBe('build')
    expect(error.message).toBe('`sh -c echo "ERROR: broken" >&2; exit 4` exited 4: ERROR: broken')
  })

  test('ignoreReturnCode hands back the code', async () => {
    const result = await runProcess('sh', ['-c', 'exit 3'], { ignoreReturnCode: true })
    expect(result.code).toBe(3)
  })

  test('a program that is not installed: startError, or an environment error', async () => {
    const result = await runProcess('no-such-program-here', [], { ignoreReturnCode: true })
    expect(result.code).not.toBe(0)
    expect(result.startError).toBeTruthy()
    const error = await rejected(runProcess('no-such-program-here', []))
    expect(error.kind).toBe('environment')
    expect(error.message).toContain('cannot be run')
  })

  test('an abort stops the whole tree (its children too) with SIGINT, long before it would end', async () => {
    const stop = new AbortController()
    const tag = `tree-${Date.now()}`
    const started = Date.now()
    const running = runProcess('sh', ['-c', 'sh -c "sleep 30; :"; :'], {
      ignoreReturnCode: true,
      env: { ...process.env, TEST_TAG: tag },
      signal: stop.signal
    })
    for (let i = 0; i < 50 && carrying('TEST_TAG', tag).length < 3; i++)
      await new Promise((r) => setTimeout(r, 50))
    expect(carrying('TEST_TAG', tag).length).toBe(3)
    stop.abort()
    const result = await running
    expect(result.stopped).toBe(true)
    expect(Date.now() - started).toBeLessThan(10_000)
    await new Promise((r) => setTimeout(r, 200))
    expect(carrying('TEST_TAG', tag)).toEqual([])
  })

  test('a process that ignores SIGINT is killed after the grace period', async () => {
    const stop = new AbortController()
    const started = Date.now()
    const running = runProcess('sh', ['-c', "trap '' INT; sleep 30 & wait; sleep 30"], {
      ignoreReturnCode: true,
      signal: stop.signal,
      graceMs: 500
    })
    await new Promise((r) => setTimeout(r, 300))
    stop.abort()
    const result = await running
    expect(result.stopped).toBe(true)
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  test('each process runs in a process group of its own (setsid), found by its marker', async () => {
    let found: Awaited<ReturnType<typeof findMarked>> = []
    const ownGroup = parsePgid(readFileSync('/proc/self/stat', 'latin1'))
    await runProcess('sh', ['-c', 'echo $' + PROCESS_MARKER + '; sleep 0.5'], {
      onStdout: (line) => {
        void findMarked(line.trim()).then((f) => (found = f))
      }
    })
    // sh and its sleep: one group, led by the program itself (setsid exec'd it in place).
    const pids = found.map((f) => f.pid).sort((a, b) => a - b)
    expect(found.length).toBeGreaterThanOrEqual(1)
    expect(new Set(found.map((f) => f.pgid))).toEqual(new Set([pids[0]]))
    expect(pids[0]).not.toBe(ownGroup)
  })
})

describe('parsePgid', () => {
  test.each([
    ['1234 (sh) S 1 1234 1234 0 -1', 1234],
    ['77 (a (b) c) R 5 70 70 0', 70],
    ['garbage', undefined]
  ])('%s → %s', (stat, pgid) => {
    expect(parsePgid(stat)).toBe(pgid)
  })
})
