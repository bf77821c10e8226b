/**
 * The `--allow` entries against the real bake of each toolchain, with a progress mode that enforces them
 * (plain, not a terminal): a context, a secret file and a local cache outside the working directory are
 * granted exactly — the run passes with every entry the action computes, and fails ("additional privileges
 * requested") with any one of them left out; a buildx without bake's `--allow` gets none.
 */
import { describe, expect, test } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { bakeDefinition } from '../../src/buildx/bake.js'
import { bakeGrants } from '../../src/buildx/bake-grants.js'
import { runProcess } from '../../src/process/exec.js'
import { daemons, type BenchDaemon } from '../support/bench.js'
import { DEFAULT_BUILD_OPTIONS } from '../support/build-options.js'

/** A workspace and, beside it, a context, a secret file and a cache folder not yet made: fresh per test. */
function layout(): { root: string; workspace: string; outside: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'build-entitlements-'))
  const workspace = path.join(root, 'workspace')
  const outside = path.join(root, 'outside')
  for (const dir of [workspace, outside, path.join(outside, 'context')]) mkdirSync(dir)
  writeFileSync(path.join(outside, 'context', 'Dockerfile'), 'FROM scratch\nCOPY f /f\n')
  writeFileSync(path.join(outside, 'context', 'f'), 'entitlements\n')
  writeFileSync(path.join(outside, 'token'), 'not-a-secret\n')
  return { root, workspace, outside }
}
const emptyConfig = mkdtempSync(path.join(tmpdir(), 'docker-config-'))

function envOf(daemon: BenchDaemon): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DOCKER_CONFIG: daemon.dockerConfig ?? emptyConfig,
    DOCKER_HOST: daemon.dockerHost ?? '',
    ...(daemon.pathPrefix ? { PATH: `${daemon.pathPrefix}:${process.env.PATH ?? ''}` } : {}),
    BUILDX_BUILDER: ''
  }
}

/** One containerd-store daemon per toolchain: it also exports a local cache. */
const perToolchain = daemons().filter((d) => d.store === 'containerd')

describe.each(perToolchain.map((d) => [d.name, d.versions.buildx ?? '?', d] as const))(
  '%s (buildx %s)',
  (_name, version, daemon) => {
    /** The session's bake for a fresh layout, and the grants the action computes for it. */
    const prepare = async (): Promise<{
      bake: (allow: readonly string[]) => Promise<{ code: number; stderr: string }>
      grants: string[]
      outside: string
    }> => {
      const { root, workspace, outside } = layout()
      const definition = bakeDefinition(
        {
          ...DEFAULT_BUILD_OPTIONS,
          context: '../outside/context',
          secrets: [`id=token,src=${path.join(outside, 'token')}`],
          cacheTo: [`type=local,dest=${path.join(outside, 'cache')}`]
        },
        [{ platform: 'linux/amd64', output: { kind: 'staging-tag', ref: 'x' } }],
        workspace
      )
      for (const target of Object.values(definition.target))
        target.output = ['type=image,name=entitlements/probe:latest']
      const file = path.join(root, 'bake.json')
      writeFileSync(file, JSON.stringify(definition))
      const bake = (allow: readonly string[]): Promise<{ code: number; stderr: string }> =>
        runProcess(
          'docker',
          [
            'buildx',
            'bake',
            '--file',
            file,
            '--progress',
            'plain',
            ...allow.flatMap((a) => ['--allow', a]),
            ...Object.keys(definition.target)
          ],
          { ignoreReturnCode: true, env: envOf(daemon), cwd: workspace }
        )
      return { bake, grants: await bakeGrants(definition, { cwd: workspace, env: envOf(daemon) }), outside }
    }
    const enforced = !version.startsWith('0.13')

    test('the computed entries, exactly', async () => {
      const { bake, grants, outside } = await prepare()
      // The cache folder does not exist yet: bake asks for its nearest existing folder.
      expect(grants).toEqual(
        enforced
          ? [
              `fs.read=${path.join(outside, 'context')}`,
              `fs.read=${path.join(outside, 'token')}`,
              `fs.write=${outside}`
            ]
          : []
      )
      const result = await bake(grants)
      expect({ code: result.code, tail: result.code === 0 ? '' : result.stderr.slice(-300) }).toEqual({
        code: 0,
        tail: ''
      })
    })

    test('each entry is needed: without it the real bake refuses', async () => {
      const { bake, grants } = await prepare()
      const outcomes: string[] = []
      for (const left of grants) {
        const result = await bake(grants.filter((g) => g !== left))
        outcomes.push(
          result.code !== 0 && /additional privileges requested/.test(result.stderr)
            ? 'refused'
            : `exit ${result.code}: ${result.stderr.slice(-300)}`
        )
      }
      expect(outcomes).toEqual(grants.map(() => 'refused'))
      // On a toolchain that enforces them, there is something to leave out.
      expect(grants.length > 0).toBe(enforced)
    })
  }
)
