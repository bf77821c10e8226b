/**
 * A failed session as the user reads it: a push the registry refused or failed is the push to that
 * registry failing (the images were built), never a platform that "failed to build"; a build step that
 * failed is its platform's. The messages are buildx's and BuildKit's own, as seen on both image stores.
 */
import { describe, expect, test } from '@jest/globals'
import type { TargetProgress } from '../../src/buildx/progress.js'
import type { BuildRun } from '../../src/buildx/run.js'
import type { SessionResult } from '../../src/buildx/session.js'
import { pushFailure, sessionError, type StepError } from '../../src/buildx/session-error.js'

const TARGET = '127.0.0.1:5001'
const DENIED_HEAD =
  'failed to push 127.0.0.1:5001/acme/app:mp-staging-1-linux-amd64: unexpected status from HEAD request to http://127.0.0.1:5001/v2/acme/app/blobs/sha256:793e: 401 Unauthorized'

describe('pushFailure', () => {
  test.each<[string, StepError[], string | undefined, { registry: string; denied: boolean } | undefined]>([
    [
      'classic store: the docker push, a step of the session, without credentials',
      [
        {
          step: 'pushing 127.0.0.1:5001/acme/app:mp-staging-1-linux-arm-v7 with docker',
          message: 'no basic auth credentials'
        }
      ],
      'no basic auth credentials',
      { registry: TARGET, denied: true }
    ],
    [
      "containerd store: the exporter's push, 401",
      [{ step: 'exporting to image', message: DENIED_HEAD }],
      `failed to solve: ${DENIED_HEAD}`,
      { registry: TARGET, denied: true }
    ],
    [
      'the push denied on another registry (a cache export) names that registry',
      [
        {
          step: 'exporting cache to registry',
          message: 'failed to push ghcr.io/acme/cache:x: denied: permission_denied'
        }
      ],
      undefined,
      { registry: 'ghcr.io', denied: true }
    ],
    [
      'a push that failed for another reason: the registry, not denied',
      [
        {
          step: 'exporting to image',
          message:
            'failed to push 127.0.0.1:5001/a:t: unexpected status from PUT request to http://127.0.0.1:5001/v2/a/manifests/t: 500 Internal Server Error'
        }
      ],
      undefined,
      { registry: TARGET, denied: false }
    ],
    [
      'only the closing line says it (no step carried the error)',
      [],
      'failed to push 127.0.0.1:5001/a:t: unexpected status from HEAD request to http://127.0.0.1:5001/v2/a/blobs/x: 403 Forbidden',
      { registry: TARGET, denied: true }
    ],
    [
      'a RUN failed, then the other targets were cancelled: a build failure',
      [
        {
          step: '[2/2] RUN make',
          message: 'process "/bin/sh -c make" did not complete successfully: exit code: 2'
        },
        { step: 'exporting to image', message: 'context canceled' }
      ],
      'failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2',
      undefined
    ],
    [
      'a RUN whose output says "denied" is still a build failure',
      [
        {
          step: '[2/2] RUN curl https://x.test',
          message: 'process "/bin/sh -c curl" did not complete successfully: exit code: 22'
        }
      ],
      'ERROR: permission denied',
      undefined
    ],
    [
      'an export that failed without pushing: not a push',
      [{ step: 'exporting to image', message: 'no space left on device' }],
      'no space left on device',
      undefined
    ]
  ])('%s', (_label, errors, errorLine, expected) => {
    const found = pushFailure(errors, errorLine, TARGET)
    expect(found === undefined ? undefined : { registry: found.registry, denied: found.denied }).toEqual(
      expected
    )
  })
})

const progress = (target: string, error?: StepError): TargetProgress => ({
  target,
  lines: [],
  exported: error === undefined,
  cancelledSteps: 0,
  ...(error ? { error } : {})
})
const runs: BuildRun[] = [
  { platform: 'linux/amd64', status: 'ok', startMs: 0, durationMs: 1, log: '' },
  { platform: 'linux/arm/v7', status: 'failed', startMs: 0, durationMs: 1, log: '' }
]
const targetPlatform = new Map([
  ['linux-amd64', 'linux/amd64'],
  ['linux-arm-v7', 'linux/arm/v7']
])

describe('sessionError', () => {
  test('a denied push (classic store, no login) is the push to the registry, with "log in" — not linux/arm/v7 failing to build', () => {
    const session: SessionResult = {
      code: 1,
      targets: new Map([
        ['linux-amd64', progress('linux-amd64')],
        ['linux-arm-v7', progress('linux-arm-v7')]
      ]),
      sessionLines: ['ERROR: no basic auth credentials'],
      metadataText: '',
      failedTarget: 'linux-arm-v7',
      errorLine: 'no basic auth credentials',
      sessionStepError: {
        step: 'pushing 127.0.0.1:5001/acme/app:mp-staging-1-linux-arm-v7 with docker',
        message: 'no basic auth credentials'
      },
      stopped: false
    }
    const error = sessionError(session, runs, targetPlatform, TARGET)
    expect(error.kind).toBe('auth')
    expect(error.oneLine()).toBe(
      'the push to 127.0.0.1:5001 was refused: no basic auth credentials — log in to 127.0.0.1:5001: ' +
        'docker/login-action before this step, or the `username` and `password` inputs; no tag was moved'
    )
    expect(error.oneLine()).not.toMatch(/failed to build|linux\/arm/)
  })

  test('a failed RUN stays its platform’s build failure', () => {
    const session: SessionResult = {
      code: 1,
      targets: new Map([
        ['linux-amd64', progress('linux-amd64', { step: 'exporting to image', message: 'context canceled' })],
        [
          'linux-arm-v7',
          progress('linux-arm-v7', {
            step: '[2/2] RUN make',
            message: 'process "/bin/sh -c make" did not complete successfully: exit code: 2'
          })
        ]
      ]),
      sessionLines: [],
      metadataText: '',
      failedTarget: 'linux-arm-v7',
      errorLine: 'failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2',
      stopped: false
    }
    const error = sessionError(session, runs, targetPlatform, TARGET)
    expect(error.kind).toBe('build')
    expect(error.message).toBe('linux/arm/v7 failed to build: [2/2] RUN make: exit code: 2')
  })
})
