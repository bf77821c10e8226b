import { describe, expect, test } from '@jest/globals'
import { ganttChart } from '../../src/report/gantt.js'

describe('ganttChart', () => {
  test('one section per phase, one task per build, start and end in milliseconds', () => {
    const chart = ganttChart([
      { section: 'setup', name: 'QEMU', startMs: 0, durationMs: 12 },
      { section: 'build and push', name: 'linux/amd64', startMs: 15, durationMs: 2000, status: 'ok' },
      { section: 'build and push', name: 'linux/s390x', startMs: 15, durationMs: 5400, status: 'failed' },
      { section: 'build and push', name: 'linux/arm64', startMs: 2015, durationMs: 300, status: 'cancelled' },
      { section: 'publish', name: 'verify', startMs: 5500, durationMs: 0 }
    ])
    expect(chart.split('\n')).toEqual([
      '```mermaid',
      'gantt',
      '  dateFormat x',
      '  axisFormat %M:%S',
      '  section setup',
      '  QEMU 0.0s :t0, 0, 12',
      '  section build and push',
      '  linux/amd64 2.0s :t1, 15, 2015',
      '  linux/s390x 5.4s :crit, t2, 15, 5415',
      '  linux/arm64 0.3s :done, t3, 2015, 2315',
      '  section publish',
      '  verify 0.0s :t4, 5500, 5501',
      '```',
      ''
    ])
  })

  test.each([
    ['a: colon', 'a  colon'],
    ['hash#tag', 'hash tag'],
    ['semi;colon', 'semi colon']
  ])('task name %j is made safe for Mermaid', (name, safe) => {
    expect(ganttChart([{ section: 's', name, startMs: 0, durationMs: 1 }])).toContain(
      `  ${safe} 0.0s :t0, 0, 1`
    )
  })
})
