/** runBuilds' mechanics with real processes (sh standing in for docker): bounded parallelism, logs kept per build, the first failure stops the rest. */
import { describe, expect, test } from '@jest/globals'
import { runBuilds, type BuildRun } from '../../src/build/run.js'

const sh = (platform: string, script: string): { platform: string; args: string[] } => ({
  platform,
  args: ['-c', script]
})

describe('runBuilds', () => {
  test('all succeed: results in platform order, each with its own log', async () => {
    const done: string[] = []
    const runs = await runBuilds(
      [sh('a', 'sleep 0.2; echo built a'), sh('b', 'echo built b >&2'), sh('c', 'echo built c')],
      {
        maxParallel: 2,
        command: 'sh',
        onDone: (r) => done.push(r.platform)
      }
    )
    expect(runs.map((r) => [r.platform, r.status, r.log.trim()])).toEqual([
      ['a', 'ok', 'built a'],
      ['b', 'ok', 'built b'],
      ['c', 'ok', 'built c']
    ])
    expect(done[done.length - 1]).toBe('a') // the slow one ends last, while b and c ran beside it
  })

  test('never more than maxParallel at once', async () => {
    const runs = await runBuilds(
      ['a', 'b', 'c', 'd'].map((p) => sh(p, 'sleep 0.15')),
      { maxParallel: 2, command: 'sh' }
    )
    const overlaps = (x: BuildRun, y: BuildRun): boolean =>
      x.startMs < y.startMs + y.durationMs && y.startMs < x.startMs + x.durationMs
    for (const run of runs)
      expect(runs.filter((other) => other !== run && overlaps(run, other)).length).toBeLessThanOrEqual(2)
    expect(Math.max(...runs.map((r) => r.startMs))).toBeGreaterThanOrEqual(100)
  })

  test('the first failure stops the running builds and starts no more', async () => {
    const started = Date.now()
    const runs = await runBuilds(
      [
        sh('slow', 'sleep 5'),
        sh('broken', 'echo "ERROR: no s390x here" >&2; exit 3'),
        sh('later', 'echo never')
      ],
      { maxParallel: 2, command: 'sh' }
    )
    expect(runs.map((r) => [r.platform, r.status])).toEqual([
      ['slow', 'cancelled'],
      ['broken', 'failed'],
      ['later', 'cancelled']
    ])
    expect(runs[1]?.exitCode).toBe(3)
    expect(runs[1]?.log).toContain('ERROR: no s390x here')
    expect(runs[2]?.log).toBe('')
    expect(Date.now() - started).toBeLessThan(4000)
  })
})
