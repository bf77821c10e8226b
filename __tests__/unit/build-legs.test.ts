/**
 * buildLegs' handling of distribution's half-written tag link on the docker driver, through a scripted
 * process edge (the real session, race included when it strikes, is run end to end in e2e): whether or not
 * BuildKit's own push of the index was done before buildx's closing steps met the race, the image is
 * pushed again with `docker push`, which writes the staging tag whole.
 */
import { describe, expect, test } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseQemuInput } from '../../src/binfmt/handlers.js'
import { buildLegs, type BuildLegsOptions } from '../../src/build/legs.js'
import { parseBuildOptions } from '../../src/inputs/build.js'
import { parsePlatformList } from '../../src/platform/index.js'
import type { ProcessOptions, ProcessResult } from '../../src/process/exec.js'
import { parseRepository } from '../../src/reference/reference.js'

const INDEX = `sha256:${'1a'.repeat(32)}`
const AGAIN = `sha256:${'2b'.repeat(32)}`
const RACE =
  'ERROR: unexpected status from HEAD request to http://127.0.0.1:5000/v2/acme/app/manifests/x: 500 Internal Server Error'

/** The session as buildx prints it: the export, BuildKit's push of the index (or not), then the race. */
function scripted(options: { buildKitPushed: boolean }): {
  run: NonNullable<BuildLegsOptions['run']>
  calls: string[][]
} {
  const calls: string[][] = []
  const run = (command: string, args: readonly string[], opts?: ProcessOptions): Promise<ProcessResult> => {
    calls.push([command, ...args])
    const done = (result: Partial<ProcessResult>): Promise<ProcessResult> =>
      Promise.resolve({ code: 0, stdout: '', stderr: '', stopped: false, ...result })
    if (args[0] === 'info') return done({ stdout: '[["driver-type","io.containerd.snapshotter.v1"]]' })
    if (args[0] === 'push') return done({ stdout: `all: digest: ${AGAIN} size: 9\n` })
    const file = args[args.indexOf('--file') + 1] ?? ''
    const definition = JSON.parse(readFileSync(file, 'utf8')) as {
      target: Record<string, { output: string[] }>
    }
    const t = '2026-12-03T00:00:00Z'
    const objects = Object.entries(definition.target).flatMap(([name, target], i): unknown[] => {
      const ref = /name=([^,]+)/.exec(target.output[0] ?? '')?.[1] ?? ''
      // One target: names unprefixed; one per platform: each step starts with its target in brackets.
      const step = (text: string): string => (name === 'multiarch-publish' ? text : `[${name}] ${text}`)
      const push = { id: `pushing manifest for ${ref}@${INDEX}`, vertex: `e${i}`, started: t, completed: t }
      return [
        { vertexes: [{ digest: `e${i}`, name: step('exporting to image'), started: t }] },
        ...(options.buildKitPushed ? [{ statuses: [push] }] : []),
        { vertexes: [{ digest: `e${i}`, name: step('exporting to image'), started: t, completed: t }] },
        {
          vertexes: [{ digest: `d${i}`, name: step(`pushing ${ref} with docker`), started: t, completed: t }]
        }
      ]
    })
    for (const o of objects) opts?.onStderr?.(JSON.stringify(o, null, 2) + '\n')
    opts?.onStderr?.(`${RACE}\n`)
    return done({ code: 1 })
  }
  return { run: run, calls }
}

async function build(buildKitPushed: boolean): Promise<{
  legs: Awaited<ReturnType<typeof buildLegs>>
  calls: string[][]
}> {
  const { run, calls } = scripted({ buildKitPushed })
  const empty = mkdtempSync(path.join(tmpdir(), 'legs-'))
  const legs = await buildLegs(
    {
      target: parseRepository('127.0.0.1:5000/acme/app'),
      platforms: parsePlatformList('linux/amd64,linux/386'),
      build: parseBuildOptions((name) => (name === 'context' ? empty : '')),
      qemu: parseQemuInput('auto')
    },
    {
      stagingId: 'race',
      stageAlways: false,
      log: { group: () => undefined, info: () => undefined },
      started: Date.now(),
      run,
      env: { ...process.env, DOCKER_CONFIG: empty, BUILDX_BUILDER: '' },
      emulation: { dir: empty, host: { os: 'linux', architecture: 'amd64' } }
    }
  )
  return { legs, calls }
}

describe('the tag-link race after a grouped session (docker driver, containerd store)', () => {
  // BuildKit's own push is not taken as the result: after the race the staging tag itself can be left
  // unreadable (seen in a CI run: skopeo and docker pull found no index under it), and build mode's
  // merge finds its legs by that tag. `docker push` writes it again.
  test.each([true, false])(
    'BuildKit had pushed the index (%s): the image is pushed again with docker push',
    async (buildKitPushed) => {
      const { legs, calls } = await build(buildKitPushed)
      expect(calls.filter((c) => c[1] === 'push')).toHaveLength(1)
      expect([...legs.digests.values()]).toEqual([AGAIN, AGAIN])
    }
  )
})
