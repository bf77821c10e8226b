import { describe, expect, test } from '@jest/globals'
import {
  failedTarget,
  isCancellation,
  lastErrorLine,
  targetNamedInError
} from '../../src/buildx/attribution.js'
import { pushedManifest, SessionProgress } from '../../src/buildx/progress.js'
import { isTagLinkRace } from '../../src/buildx/tag-link-race.js'

const b64 = (text: string): string => Buffer.from(text).toString('base64')

describe('SessionProgress', () => {
  const targets = ['linux-amd64', 'linux-s390x']

  test('vertices, logs and statuses go to their target, shown without the target name', () => {
    const p = new SessionProgress(targets)
    p.add({ vertexes: [{ digest: 'd0', name: '[internal] load local bake definitions', started: 't' }] }, 0)
    p.add(
      {
        vertexes: [{ digest: 'd1', name: '[linux-amd64 1/2] COPY amd64/busybox /bin/busybox', started: 't' }]
      },
      10
    )
    p.add({ vertexes: [{ digest: 'd2', name: '[linux-s390x builder 2/3] RUN make', started: 't' }] }, 20)
    p.add({ logs: [{ vertex: 'd2', stream: 1, data: b64('compiling\nlinking\n') }] }, 30)
    p.add({ statuses: [{ id: 'pushing layer', vertex: 'd1', completed: 't' }] }, 35)
    p.add(
      {
        vertexes: [
          {
            digest: 'd1',
            name: '[linux-amd64 1/2] COPY amd64/busybox /bin/busybox',
            started: 't',
            completed: 't'
          }
        ]
      },
      40
    )
    expect(p.target('linux-amd64').lines).toEqual([
      '#2 [1/2] COPY amd64/busybox /bin/busybox',
      '#2 pushing layer done',
      '#2 DONE 0.0s'
    ])
    expect(p.target('linux-s390x').lines).toEqual(['#3 [builder 2/3] RUN make', '#3 compiling', '#3 linking'])
    expect(p.target('').lines).toEqual(['#1 [internal] load local bake definitions'])
    expect(p.target('linux-amd64').startMs).toBe(10)
    expect(p.target('linux-amd64').endMs).toBe(40)
  })

  test('a target is exported when its export completed and nothing of it failed', () => {
    const p = new SessionProgress(targets)
    p.add({ vertexes: [{ digest: 'a', name: '[linux-amd64 1/1] RUN x', started: 't' }] }, 0)
    p.add({ vertexes: [{ digest: 'e', name: '[linux-amd64] exporting to image', started: 't' }] }, 5)
    expect(p.target('linux-amd64').exported).toBe(false)
    p.add({ vertexes: [{ digest: 'a', completed: 't' }] }, 6)
    p.add({ vertexes: [{ digest: 'e', completed: 't' }] }, 9)
    expect(p.target('linux-amd64').exported).toBe(true)
  })

  test('the failing step is the own error, not the cancellations it caused', () => {
    const p = new SessionProgress(targets)
    p.add({ vertexes: [{ digest: 'a', name: '[linux-amd64 2/2] RUN sleep 60', started: 't' }] }, 0)
    p.add({ vertexes: [{ digest: 's', name: '[linux-s390x 2/2] RUN false', started: 't' }] }, 0)
    p.add(
      {
        vertexes: [
          {
            digest: 's',
            completed: 't',
            error: 'process "false" did not complete successfully: exit code: 1'
          }
        ]
      },
      1
    )
    p.add(
      {
        vertexes: [
          { digest: 'a', completed: 't', error: 'exit code: 137: context canceled: context canceled' }
        ]
      },
      2
    )
    expect(p.target('linux-s390x').error).toEqual({
      step: '[2/2] RUN false',
      message: 'process "false" did not complete successfully: exit code: 1'
    })
    expect(p.target('linux-amd64').error).toBeUndefined()
    expect(p.target('linux-amd64').cancelledSteps).toBe(1)
    expect(p.target('linux-amd64').lines.at(-1)).toMatch(/^#1 ERROR: .*context canceled/)
  })

  test('cached steps are shown as CACHED; a name of an unknown target stays with the session', () => {
    const p = new SessionProgress(targets)
    p.add(
      {
        vertexes: [
          { digest: 'c', name: '[linux-amd64 1/2] COPY x', started: 't', completed: 't', cached: true }
        ]
      },
      0
    )
    p.add({ vertexes: [{ digest: 'u', name: '[other 1/1] RUN y' }] }, 0)
    expect(p.target('linux-amd64').lines).toEqual(['#1 [1/2] COPY x', '#1 CACHED'])
    expect(p.target('').lines).toEqual(['#2 [other 1/1] RUN y'])
  })
})

describe('SessionProgress of one multi-platform target: split by platform', () => {
  const platforms = ['linux/amd64', 'linux/arm64', 'linux/s390x']
  const copy = (digest: string, platform: string, input: string): object => ({
    digest,
    name: `[${platform} 1/2] COPY x /x`,
    inputs: [input],
    started: 't'
  })

  test('a step named by its platform is that platform’s; an unnamed one inherits its inputs’, even when it arrives first', () => {
    const p = new SessionProgress(platforms)
    p.add({ vertexes: [{ digest: 'ctx', name: '[internal] load build context', started: 't' }] }, 0)
    // BuildKit names a RUN after a scratch COPY plainly "[2/2] RUN …", and may send it before its input.
    p.add({ vertexes: [{ digest: 'run-a', name: '[2/2] RUN make', inputs: ['copy-a'], started: 't' }] }, 5)
    p.add({ logs: [{ vertex: 'run-a', data: b64('arm64 says hi\n') }] }, 6)
    p.add({ vertexes: [copy('copy-a', 'linux/arm64', 'ctx'), copy('copy-s', 'linux/s390x', 'ctx')] }, 7)
    p.add({ vertexes: [{ digest: 'run-s', name: '[2/2] RUN make', inputs: ['copy-s'], started: 't' }] }, 8)
    p.add({ vertexes: [{ digest: 'run-a', completed: 't' }] }, 20)
    p.add({ vertexes: [{ digest: 'export', name: 'exporting to image', inputs: ['run-a', 'run-s'] }] }, 30)
    expect(p.target('linux/arm64').lines).toEqual([
      '#2 [2/2] RUN make',
      '#2 arm64 says hi',
      '#3 [1/2] COPY x /x',
      '#2 DONE 0.0s'
    ])
    expect(p.target('linux/s390x').lines).toEqual(['#4 [1/2] COPY x /x', '#5 [2/2] RUN make'])
    expect(p.target('linux/amd64').lines).toEqual([])
    // Shared by every platform (the context) or reading several (the export): the session's.
    expect(p.target('').lines).toEqual(['#1 [internal] load build context', '#6 exporting to image'])
    expect(p.target('linux/arm64').startMs).toBe(5)
    expect(p.target('linux/arm64').endMs).toBe(20)
  })

  test('ownership asked early is asked again once the inputs arrive (nothing stale is kept)', () => {
    const p = new SessionProgress(platforms)
    p.add({ vertexes: [{ digest: 'run-a', name: '[2/2] RUN make', inputs: ['copy-a'], started: 't' }] }, 0)
    expect(p.target('linux/arm64').lines).toEqual([])
    expect(p.target('').lines).toEqual(['#1 [2/2] RUN make'])
    p.add({ vertexes: [copy('copy-a', 'linux/arm64', 'ctx')] }, 1)
    expect(p.target('linux/arm64').lines).toEqual(['#1 [2/2] RUN make', '#2 [1/2] COPY x /x'])
    expect(p.target('').lines).toEqual([])
    expect(p.completed).toBe(0)
    p.add({ vertexes: [{ digest: 'run-a', completed: 't' }] }, 2)
    expect(p.completed).toBe(1)
  })

  test('the failing step of a platform is found through its inputs; the others only cancelled', () => {
    const p = new SessionProgress(platforms)
    p.add({ vertexes: [copy('copy-a', 'linux/arm64', 'ctx'), copy('copy-s', 'linux/s390x', 'ctx')] }, 0)
    p.add({ vertexes: [{ digest: 'run-s', name: '[2/2] RUN false', inputs: ['copy-s'], started: 't' }] }, 1)
    p.add({ vertexes: [{ digest: 'run-a', name: '[2/2] RUN sleep 9', inputs: ['copy-a'], started: 't' }] }, 1)
    p.add(
      {
        vertexes: [
          {
            digest: 'run-s',
            completed: 't',
            error: 'process "false" did not complete successfully: exit code: 1'
          }
        ]
      },
      2
    )
    p.add({ vertexes: [{ digest: 'run-a', completed: 't', error: 'context canceled' }] }, 3)
    expect(p.target('linux/s390x').error).toEqual({
      step: '[2/2] RUN false',
      message: 'process "false" did not complete successfully: exit code: 1'
    })
    expect(p.target('linux/arm64').error).toBeUndefined()
    expect(p.target('linux/arm64').cancelledSteps).toBe(1)
    const errors = new Map(platforms.map((k) => [k, p.target(k).error]))
    expect(failedTarget(errors, platforms, ['ERROR: target multiarch-publish: failed to solve'])).toBe(
      'linux/s390x'
    )
  })

  test('a platform asked as linux/arm64/v8 is found under the name BuildKit prints, linux/arm64', () => {
    const p = new SessionProgress(['linux/arm64/v8'], new Map([['linux/arm64', 'linux/arm64/v8']]))
    p.add({ vertexes: [{ digest: 'c', name: '[linux/arm64 1/2] COPY x /x' }] }, 0)
    expect(p.target('linux/arm64/v8').lines).toEqual(['#1 [1/2] COPY x /x'])
  })

  test('a stage cross-compiled on the build platform (`linux/amd64->arm64`) belongs to its target platform', () => {
    const keys = ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'windows/amd64']
    const p = new SessionProgress(keys)
    p.add({ vertexes: [{ digest: 'from', name: '[linux/amd64 build 1/3] FROM docker.io/golang' }] }, 0)
    const step = (digest: string, prefix: string): object => ({
      digest,
      name: `[${prefix} build 3/3] RUN go build`,
      inputs: ['from'],
      started: 't'
    })
    p.add(
      {
        vertexes: [
          step('go-arm64', 'linux/amd64->arm64'),
          step('go-armv7', 'linux/amd64->arm/v7'),
          step('go-win', 'linux/amd64->windows/amd64')
        ]
      },
      1
    )
    p.add(
      {
        vertexes: [
          {
            digest: 'go-arm64',
            completed: 't',
            error: 'process "go build" did not complete successfully: exit code: 2'
          }
        ]
      },
      2
    )
    p.add({ vertexes: [{ digest: 'go-armv7', completed: 't', error: 'context canceled' }] }, 3)
    expect(p.target('linux/arm64').lines).toEqual([
      '#2 [build 3/3] RUN go build',
      '#2 ERROR: process "go build" did not complete successfully: exit code: 2'
    ])
    expect(p.target('linux/arm/v7').lines).toEqual([
      '#3 [build 3/3] RUN go build',
      '#3 ERROR: context canceled'
    ])
    expect(p.target('windows/amd64').lines).toEqual(['#4 [build 3/3] RUN go build'])
    expect(p.target('linux/amd64').lines).toEqual(['#1 [build 1/3] FROM docker.io/golang'])
    const errors = new Map(keys.map((k) => [k, p.target(k).error]))
    expect(failedTarget(errors, keys, [])).toBe('linux/arm64')
    expect(p.target('linux/amd64').error).toBeUndefined()
  })

  test('a failed command that mentions cancelling is a failure, not a cancellation', () => {
    const p = new SessionProgress(platforms)
    p.add({ vertexes: [copy('copy-a', 'linux/arm64', 'ctx')] }, 0)
    const message =
      'process "/bin/sh -c go test ./orders -run TestCancelled" did not complete successfully: exit code: 1'
    p.add(
      { vertexes: [{ digest: 'test-a', name: '[2/2] RUN go test', inputs: ['copy-a'], started: 't' }] },
      1
    )
    p.add({ vertexes: [{ digest: 'test-a', completed: 't', error: message }] }, 2)
    expect(p.target('linux/arm64').error).toEqual({ step: '[2/2] RUN go test', message })
    expect(p.target('linux/arm64').cancelledSteps).toBe(0)
    const errors = new Map(platforms.map((k) => [k, p.target(k).error]))
    expect(failedTarget(errors, platforms, [])).toBe('linux/arm64')
  })

  test('keys with slashes: `[linux/arm/v7 internal] load metadata` is linux/arm/v7’s', () => {
    const p = new SessionProgress(['linux/arm/v7'])
    p.add({ vertexes: [{ digest: 'm', name: '[linux/arm/v7 internal] load metadata for docker.io/x' }] }, 0)
    expect(p.target('linux/arm/v7').lines).toEqual(['#1 [internal] load metadata for docker.io/x'])
  })
})

describe('pushed manifests: what the exporter has finished pushing, while the session goes on', () => {
  const index = `sha256:${'a'.repeat(64)}`
  const child = `sha256:${'b'.repeat(64)}`
  const exportStep = { digest: 'e1', name: 'exporting to image', started: 't' }
  const pushing = (id: string, completed?: string): unknown => ({
    statuses: [{ id, vertex: 'e1', started: 't', ...(completed ? { completed } : {}) }]
  })

  test('a `pushing manifest for <name>@<digest>` of the export counts once it is done, once', () => {
    const p = new SessionProgress(['linux/amd64'])
    p.add({ vertexes: [exportStep] }, 0)
    p.add(pushing(`pushing manifest for 127.0.0.1:5000/app:staging@${index}`), 1)
    expect(p.pushed).toEqual([])
    p.add(pushing(`pushing manifest for 127.0.0.1:5000/app:staging@${index}`, 't2'), 2)
    p.add(pushing(`pushing manifest for 127.0.0.1:5000/app:staging@${index}`, 't3'), 3)
    expect(p.pushed).toEqual([{ name: '127.0.0.1:5000/app:staging', digest: index }])
  })

  test('layers pushed, a push by digest, and the same words on a step that is no export', () => {
    const p = new SessionProgress(['linux/amd64'])
    p.add({ vertexes: [exportStep, { digest: 'r1', name: '[linux/amd64 2/2] RUN echo', started: 't' }] }, 0)
    p.add(pushing('pushing layers', 't'), 1)
    p.add(pushing(`pushing manifest for 127.0.0.1:5000/app@${child}`, 't'), 2)
    p.add({ statuses: [{ id: `pushing manifest for x@${index}`, vertex: 'r1', completed: 't' }] }, 3)
    expect(p.pushed).toEqual([{ name: '127.0.0.1:5000/app', digest: child }])
  })

  test('the docker driver’s own push, once done, is announced by its tag: only when BuildKit did not push that name', () => {
    const p = new SessionProgress(['linux-amd64', 'linux-arm64'])
    const step = (digest: string, name: string, completed?: string, error?: string): unknown => ({
      vertexes: [
        { digest, name, started: 't', ...(completed ? { completed } : {}), ...(error ? { error } : {}) }
      ]
    })
    p.add(step('p1', '[linux-amd64] pushing 127.0.0.1:5000/app:s-linux-amd64 with docker'), 0)
    expect(p.pushed).toEqual([])
    p.add(step('p1', '[linux-amd64] pushing 127.0.0.1:5000/app:s-linux-amd64 with docker', 't'), 1)
    p.add(
      step('p2', '[linux-arm64] pushing 127.0.0.1:5000/app:s-linux-arm64 with docker', 't', 'HEAD 500'),
      2
    )
    expect(p.pushed).toEqual([{ name: '127.0.0.1:5000/app:s-linux-amd64' }])

    const grouped = new SessionProgress(['linux/amd64'])
    grouped.add({ vertexes: [exportStep] }, 0)
    grouped.add(pushing(`pushing manifest for 127.0.0.1:5000/app:s-all@${index}`, 't'), 1)
    grouped.add(step('p3', 'pushing 127.0.0.1:5000/app:s-all with docker', 't'), 2)
    expect(grouped.pushed).toEqual([{ name: '127.0.0.1:5000/app:s-all', digest: index }])
  })

  test.each([
    [
      `pushing manifest for 127.0.0.1:5000/app:tag@${index}`,
      { name: '127.0.0.1:5000/app:tag', digest: index }
    ],
    ['pushing manifest for 127.0.0.1:5000/app:tag', undefined],
    [`pushing manifest for a b@${index}`, undefined],
    [`pushing layer ${index}`, undefined]
  ])('pushedManifest(%j)', (id, expected) => {
    expect(pushedManifest(id)).toEqual(expected)
  })
})

describe('closing report', () => {
  test.each([
    [['ERROR: target linux-s390x: failed to solve: x'], 'linux-s390x'],
    [['ERROR: target "linux-amd64": failed'], 'linux-amd64'],
    [['ERROR: failed to solve: x'], undefined],
    [['ERROR: target unknown: failed'], undefined]
  ])('%j names %s', (lines, target) => {
    expect(targetNamedInError(lines, ['linux-s390x', 'linux-amd64'])).toBe(target)
  })

  test('the last ERROR line, without its prefix', () => {
    expect(lastErrorLine(['#1 x', 'ERROR: first', 'Dockerfile:3', 'ERROR: failed to solve: boom'])).toBe(
      'failed to solve: boom'
    )
    expect(lastErrorLine(['all good'])).toBeUndefined()
  })
})

describe('isCancellation: a step BuildKit stopped, not one that failed', () => {
  test.each<[string, boolean]>([
    ['context canceled', true],
    ['Canceled: context canceled', true],
    ['canceled', true],
    ['process "/bin/sh -c go test -run TestCancelled" did not complete successfully: exit code: 1', false],
    ['process "/bin/sh -c ./cancel-orders" did not complete successfully: exit code: 2', false],
    ['failed to compute cache key: "/x" not found', false],
    ['process "/bin/sh -c sleep 60" did not complete successfully: exit code: 137: context canceled', true],
    ['process "/bin/sh -c echo \\"cancelled\\"; exit 4" did not complete successfully: exit code: 4', false]
  ])('%s → %s', (message, expected) => {
    expect(isCancellation(message)).toBe(expected)
  })
})

describe('failedTarget: the cause, not the targets BuildKit cancelled because of it', () => {
  const run = {
    step: '[linux/s390x 2/2] RUN ["/bin/busybox","sh","-c","exit 3"]',
    message: 'process "…" did not complete successfully: exit code: 3'
  }
  const cancelledPush = {
    step: 'pushing 127.0.0.1:5000/app:mp-staging-1-linux-amd64',
    message: 'process "…" did not complete successfully: exit code: 3'
  }
  const canceled = { step: '[linux/arm64 2/2] RUN …', message: 'context canceled' }
  const targets = ['linux-amd64', 'linux-arm64', 'linux-s390x']
  test.each<[string, Record<string, { step: string; message: string }>, string[], string | undefined]>([
    [
      'a cancelled push listed first',
      { 'linux-amd64': cancelledPush, 'linux-s390x': run },
      [],
      'linux-s390x'
    ],
    ['a cancelled step listed first', { 'linux-arm64': canceled, 'linux-s390x': run }, [], 'linux-s390x'],
    [
      'bake names the cause',
      { 'linux-amd64': cancelledPush, 'linux-s390x': run },
      ['ERROR: target linux-s390x: failed to solve'],
      'linux-s390x'
    ],
    [
      'bake names a cancelled one, a step failed elsewhere',
      { 'linux-amd64': cancelledPush, 'linux-s390x': run },
      ['ERROR: target linux-amd64: failed'],
      'linux-s390x'
    ],
    [
      'only cancellations: bake decides',
      { 'linux-amd64': cancelledPush, 'linux-arm64': canceled },
      ['ERROR: target linux-arm64: x'],
      'linux-arm64'
    ],
    [
      'only cancellations, no name: the first',
      { 'linux-amd64': cancelledPush, 'linux-arm64': canceled },
      [],
      'linux-amd64'
    ],
    ['no error at all', {}, [], undefined],
    // A stop we asked for: bake's closing line names a target whose steps were only cancelled. The
    // session passes no closing lines then, so no platform is blamed for the stop.
    [
      'a stop: the closing line names a cancelled target',
      {},
      ['ERROR: target linux-arm64: failed to solve: Canceled: context canceled'],
      'linux-arm64'
    ],
    ['a stop, closing lines withheld: nobody failed', {}, [], undefined]
  ])('%s', (_name, errors, lines, expected) => {
    expect(failedTarget(new Map(Object.entries(errors)), targets, lines)).toBe(expected)
  })
})

describe('isTagLinkRace: the one failure a session is run again for', () => {
  const race =
    'unexpected status from HEAD request to http://127.0.0.1:5000/v2/app/manifests/mp-staging-1-linux-arm-v7: 500 Internal Server Error'
  test.each<[string, { code: number; errorLine?: string; stopped: boolean }, boolean]>([
    [
      'distribution answered 500 to the HEAD of a tag it was writing',
      { code: 1, errorLine: race, stopped: false },
      true
    ],
    [
      'a RUN step failed',
      {
        code: 1,
        errorLine: 'process "/bin/sh -c exit 3" did not complete successfully: exit code: 3',
        stopped: false
      },
      false
    ],
    [
      'a 500 on a blob, not a tag HEAD',
      {
        code: 1,
        errorLine:
          'unexpected status from PUT request to http://r/v2/app/blobs/uploads/x: 500 Internal Server Error',
        stopped: false
      },
      false
    ],
    ['stopped by us', { code: 1, errorLine: race, stopped: true }, false],
    ['success', { code: 0, stopped: false }, false]
  ])('%s', (_name, session, expected) => {
    expect(isTagLinkRace(session)).toBe(expected)
  })
})
