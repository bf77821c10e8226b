/**
 * What the docker driver really refuses, on every daemon of the bench (both toolchains, both stores),
 * against what the action decides before building (buildx/capabilities.ts): each row's inputs go through
 * the action's own bake definition into the real `docker buildx bake`; the decision must refuse exactly
 * the rows the real builder refuses. gha entries are made active as on GitHub's runners (the runner gives
 * JavaScript actions ACTIONS_RUNTIME_TOKEN and the cache URLs; without them buildx drops gha entries).
 * Then buildLegs itself on the classic store: refused before any bake runs, nothing written.
 */
import { describe, expect, test } from '@jest/globals'
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { bakeDefinition } from '../../src/buildx/bake.js'
import { refusedInputs } from '../../src/buildx/capabilities.js'
import { buildLegs } from '../../src/buildx/legs.js'
import type { BuildOptions } from '../../src/buildx/options.js'
import { parseQemuInput } from '../../src/inputs/qemu.js'
import { parsePlatformList } from '../../src/platform/index.js'
import { runProcess, type ProcessRunner } from '../../src/process/exec.js'
import { parseRepository } from '../../src/reference/reference.js'
import { bench, daemons, uniqueRepo, type BenchDaemon } from '../support/bench.js'
import { DEFAULT_BUILD_OPTIONS } from '../support/build-options.js'
import { rejected } from '../support/thrown.js'

const work = mkdtempSync(path.join(tmpdir(), 'build-capabilities-'))
const context = path.join(work, 'context')
const emptyConfig = mkdtempSync(path.join(tmpdir(), 'docker-config-'))
// A context of one file: each row builds in about a second, with no RUN (no QEMU, no network).
mkdirSync(context)
writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nCOPY f /f\n')
writeFileSync(path.join(context, 'f'), 'capabilities\n')

/** The daemon's environment: its socket, its toolchain first on PATH, its CLI plugins; no login. */
function envOf(daemon: BenchDaemon): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DOCKER_CONFIG: daemon.dockerConfig ?? emptyConfig,
    ...(daemon.dockerHost ? { DOCKER_HOST: daemon.dockerHost } : { DOCKER_HOST: '' }),
    ...(daemon.pathPrefix ? { PATH: `${daemon.pathPrefix}:${process.env.PATH ?? ''}` } : {}),
    BUILDX_BUILDER: '',
    ACTIONS_RUNTIME_TOKEN: 'not-a-token',
    ACTIONS_CACHE_URL: 'http://127.0.0.1:9/',
    ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/'
  }
}

const ROWS: [string, Partial<BuildOptions>][] = [
  ['nothing asked', {}],
  ['cache-to type=gha,mode=max (the README workflow)', { cacheTo: ['type=gha,mode=max'] }],
  ['cache-to type=local', { cacheTo: [`type=local,dest=${path.join(work, 'cache-out')}`] }],
  [
    'cache-to type=registry',
    { cacheTo: [`type=registry,ref=${bench().registries.anonymous.address}/caps/cache:c`] }
  ],
  ['cache-to type=inline', { cacheTo: ['type=inline'] }],
  ['cache-from type=gha', { cacheFrom: ['type=gha'] }],
  ['cache-from type=local (absent)', { cacheFrom: [`type=local,src=${path.join(work, 'no-cache')}`] }],
  ['sbom: true', { sbom: 'true' }],
  ['sbom: false', { sbom: 'false' }],
  ['provenance: mode=max', { provenance: 'mode=max' }],
  ['provenance: false', { provenance: 'false' }],
  ['attests: type=sbom', { attests: ['type=sbom'] }],
  ['attests: type=provenance,disabled=true', { attests: ['type=provenance,disabled=true'] }]
]
/**
 * Rows the containerd store accepts but cannot finish here: a gha cache export needs the cache service, an
 * SBOM the scanner image from Docker Hub (no internet on the bench). There only the driver's answer counts.
 */
const NEEDS_THE_INTERNET = new Set([
  'cache-to type=gha,mode=max (the README workflow)',
  'sbom: true',
  'attests: type=sbom'
])
const REFUSED_BY_DRIVER = /not supported for the docker driver/
const CLASSIC = { driver: 'docker', imageStore: 'classic' } as const

/** The real bake on a definition the action writes for these inputs; output to the image store only. */
async function realBake(
  daemon: BenchDaemon,
  options: Partial<BuildOptions>
): Promise<{ code: number; text: string }> {
  const build = { ...DEFAULT_BUILD_OPTIONS, ...options, context }
  const definition = bakeDefinition(
    build,
    [{ platform: 'linux/amd64', output: { kind: 'staging-tag', ref: 'x' } }],
    work
  )
  for (const target of Object.values(definition.target)) target.output = ['type=image,name=caps/probe:latest']
  const dir = mkdtempSync(path.join(work, 'bake-'))
  const file = path.join(dir, 'bake.json')
  writeFileSync(file, JSON.stringify(definition))
  const result = await runProcess(
    'docker',
    ['buildx', 'bake', '--file', file, '--progress', 'plain', ...Object.keys(definition.target)],
    { ignoreReturnCode: true, env: envOf(daemon), cwd: work }
  )
  return { code: result.code, text: result.stderr + result.stdout }
}

for (const daemon of daemons()) {
  describe(`the docker driver on ${daemon.name} (buildx ${daemon.versions.buildx ?? '?'})`, () => {
    const facts = { driver: 'docker', imageStore: daemon.store }
    // The containerd store: the rows the classic store refuses, each accepted there.
    const rows =
      daemon.store === 'classic'
        ? ROWS
        : ROWS.filter(
            ([, options]) => refusedInputs({ ...DEFAULT_BUILD_OPTIONS, ...options }, CLASSIC).length > 0
          )
    test.each(rows)(
      '%s: refused before building exactly when the real builder refuses it',
      async (label, options) => {
        const refused = refusedInputs({ ...DEFAULT_BUILD_OPTIONS, ...options }, facts).length > 0
        const real = await realBake(daemon, options)
        const byDriver = real.code !== 0 && REFUSED_BY_DRIVER.test(real.text)
        // Everything not refused builds (where the bench can build it at all): else its error is shown.
        const mustBuild = !refused && !(daemon.store === 'containerd' && NEEDS_THE_INTERNET.has(label))
        const failure = mustBuild && real.code !== 0 ? real.text.slice(-400) : ''
        expect({ byDriver, failure }).toEqual({ byDriver: refused, failure: '' })
      }
    )
  })
}

describe('buildLegs on a classic-store daemon refuses before any build, writing nothing', () => {
  const classic = daemons().filter((d) => d.store === 'classic')
  test.each(classic.map((d) => [d.name, d] as const))('%s: cache-to type=gha', async (_name, daemon) => {
    const registry = bench().registries.anonymous
    const repository = uniqueRepo('caps/refused')
    const calls: string[][] = []
    const run: ProcessRunner = (command, args, options) => {
      calls.push([command, ...args])
      return runProcess(command, args, options)
    }
    const error = await rejected(
      buildLegs(
        {
          target: parseRepository(`${registry.address}/${repository}`),
          platforms: parsePlatformList('linux/amd64,linux/arm64'),
          build: {
            ...DEFAULT_BUILD_OPTIONS,
            context,
            cacheFrom: ['type=gha'],
            cacheTo: ['type=gha,mode=max']
          },
          qemu: parseQemuInput('false')
        },
        {
          stagingId: 'caps',
          stageAlways: false,
          log: { group: () => undefined, info: () => undefined },
          started: Date.now(),
          run,
          env: envOf(daemon),
          cwd: work
        }
      )
    )
    expect(error.kind).toBe('invalid-input')
    expect(error.oneLine()).toMatch(
      /^input `cache-to`: the docker driver on the classic image store cannot export a cache — .*docker-container builder.*`builder`.*containerd image store/
    )
    expect(calls.filter((c) => c.includes('bake'))).toEqual([])
    const tags = await fetch(`http://${registry.address}/v2/${repository}/tags/list`)
    expect(tags.status).toBe(404)
    expect(readdirSync(work).filter((f) => f.startsWith('multiarch-publish'))).toEqual([])
  })
})
