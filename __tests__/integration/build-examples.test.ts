/**
 * Every workflow of README.md and examples/ that builds (modes publish and build), with its own inputs,
 * on each classic-store daemon of the bench (GitHub's hosted Ubuntu runners: the docker driver on the
 * classic store): it builds and pushes every platform, or it is refused before any build with the one
 * line naming the input and both fixes — as decided before building. A step whose `builder` comes from
 * docker/setup-buildx-action (a docker-container builder, which the bench cannot run: its BuildKit image
 * is not reachable) is checked by that decision: nothing refused with it, its inputs refused without it.
 */
import { describe, expect, jest, test } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { mkdtempSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { builderRefusal, refusedInputs } from '../../src/buildx/capabilities.js'
import { buildLegs } from '../../src/buildx/legs.js'
import { parseBuildOptions } from '../../src/inputs/build.js'
import { parseQemuInput } from '../../src/inputs/qemu.js'
import { parsePlatformList } from '../../src/platform/index.js'
import { runProcess, type ProcessRunner } from '../../src/process/exec.js'
import { parseRepository } from '../../src/reference/reference.js'
import { bench, daemons, repoRoot, uniqueRepo, type BenchDaemon } from '../support/bench.js'
import { rejected } from '../support/thrown.js'

jest.setTimeout(240_000)

interface Step {
  uses?: string
  id?: string
  with?: Record<string, unknown>
}
interface BuildingStep {
  where: string
  inputs: Record<string, string>
  /** The step's `builder` is docker/setup-buildx-action's (a docker-container builder). */
  setupBuildx: boolean
}

/** What the workflows' expressions stand for here; any other expression fails the test (teach it here). */
const EXPRESSIONS: Record<string, string> = {
  'github.repository': 'examples/app',
  'steps.meta.outputs.tags': 'latest',
  'steps.meta.outputs.labels': 'org.opencontainers.image.title=app\norg.opencontainers.image.version=1.0',
  'steps.meta.outputs.annotations':
    'manifest:org.opencontainers.image.title=app\nindex:org.opencontainers.image.title=app',
  'steps.buildx.outputs.name': 'setup-buildx-builder',
  // Logins: the build's options never read them.
  'github.actor': 'examples-user',
  'secrets.GITHUB_TOKEN': 'not-a-token',
  'secrets.DOCKERHUB_TOKEN': 'not-a-token'
}

function expand(text: string, matrix: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_all, name: string) => {
    const value = name.startsWith('matrix.') ? matrix[name.slice('matrix.'.length)] : EXPRESSIONS[name]
    if (value === undefined) throw new Error(`teach build-examples.test.ts the expression \${{ ${name} }}`)
    return value
  })
}

function buildingSteps(where: string, steps: Step[], matrices: Record<string, string>[]): BuildingStep[] {
  return steps.flatMap((step) => {
    if (!step.uses?.startsWith('multiarch-publish/multiarch-publish')) return []
    const raw = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, String(v)]))
    if (!['', 'publish', 'build'].includes(raw.mode ?? '')) return []
    return matrices.map((matrix, i) => ({
      where: matrices.length > 1 ? `${where} (matrix ${i + 1})` : where,
      inputs: Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, expand(v, matrix)])),
      setupBuildx: (raw.builder ?? '').includes('steps.buildx.outputs.name')
    }))
  })
}

/** A parsed YAML document: a workflow (jobs → steps, matrix include) or a list of steps (a README fragment). */
function stepsOf(where: string, document: unknown): BuildingStep[] {
  if (Array.isArray(document)) return buildingSteps(where, document as Step[], [{}])
  const jobs = (
    document as {
      jobs?: Record<
        string,
        { steps?: Step[]; strategy?: { matrix?: { include?: Record<string, string>[] } } }
      >
    } | null
  )?.jobs
  return Object.entries(jobs ?? {}).flatMap(([name, job]) =>
    buildingSteps(`${where} job ${name}`, job.steps ?? [], job.strategy?.matrix?.include ?? [{}])
  )
}

function exampleSteps(): BuildingStep[] {
  const examples = readdirSync(path.join(repoRoot, 'examples'))
    .filter((f) => f.endsWith('.yml'))
    .flatMap((f) => stepsOf(`examples/${f}`, parse(readFileSync(path.join(repoRoot, 'examples', f), 'utf8'))))
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8')
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '')
  const fromReadme = blocks.flatMap((text, i) => {
    // README fragments are steps indented as in a job; unindented they parse as a list.
    const indent = /^( *)-/m.exec(text)?.[1]?.length ?? 0
    const body =
      indent > 0 && !/^jobs:/m.test(text) ? text.replace(new RegExp(`^ {${indent}}`, 'gm'), '') : text
    return stepsOf(`README.md yaml block ${i + 1}`, parse(body))
  })
  return [...examples, ...fromReadme]
}

const STEPS = exampleSteps()
const CLASSIC = daemons().filter((d) => d.store === 'classic')
const emptyConfig = mkdtempSync(path.join(tmpdir(), 'docker-config-'))

function envOf(daemon: BenchDaemon): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DOCKER_CONFIG: daemon.dockerConfig ?? emptyConfig,
    DOCKER_HOST: daemon.dockerHost ?? '',
    ...(daemon.pathPrefix ? { PATH: `${daemon.pathPrefix}:${process.env.PATH ?? ''}` } : {}),
    BUILDX_BUILDER: '',
    // As GitHub gives JavaScript actions: a gha cache entry is active, as it is there.
    ACTIONS_RUNTIME_TOKEN: 'not-a-token',
    ACTIONS_CACHE_URL: 'http://127.0.0.1:9/',
    ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/'
  }
}

test('the README and examples hold building workflows to check', () => {
  expect(STEPS.length).toBeGreaterThan(2)
})

describe.each(STEPS.filter((s) => s.setupBuildx).map((s) => [s.where, s] as const))(
  '%s: builder from docker/setup-buildx-action',
  (_where, step) => {
    test('nothing refused with that builder; without it, refused before building on the classic store', () => {
      const build = parseBuildOptions((name) => step.inputs[name] ?? '')
      expect(refusedInputs(build, { driver: 'docker-container' })).toEqual([])
      const { builder: _builder, ...withoutBuilder } = step.inputs
      const without = parseBuildOptions((name) => withoutBuilder[name] ?? '')
      expect(builderRefusal(without, { driver: 'docker', imageStore: 'classic' })?.kind).toBe('invalid-input')
    })
  }
)

for (const daemon of CLASSIC) {
  describe(`on ${daemon.name} (buildx ${daemon.versions.buildx ?? '?'})`, () => {
    test.each(STEPS.filter((s) => !s.setupBuildx).map((s) => [s.where, s] as const))(
      '%s: builds and pushes every platform, or is refused before building',
      async (_where, step) => {
        const registry = bench().registries.anonymous
        const build = { ...parseBuildOptions((name) => step.inputs[name] ?? ''), context: bench().context }
        const calls: string[][] = []
        const run: ProcessRunner = (command, args, options) => {
          calls.push(args.slice(0, 2))
          return runProcess(command, args, options)
        }
        const platforms = parsePlatformList(step.inputs.platforms ?? 'linux/amd64')
        const legs = buildLegs(
          {
            target: parseRepository(`${registry.address}/${uniqueRepo('examples/app')}`),
            platforms,
            build,
            qemu: parseQemuInput(step.inputs.qemu ?? 'auto')
          },
          {
            stagingId: 'examples',
            stageAlways: step.inputs.mode === 'build',
            log: { group: () => undefined, info: () => undefined },
            started: Date.now(),
            run,
            env: envOf(daemon)
          }
        )
        const refusal = builderRefusal(build, { driver: 'docker', imageStore: 'classic' })
        const outcome = await legs.then(
          (built) => ({ published: [...built.digests.keys()].sort() }),
          (error: unknown) => ({ refused: error instanceof Error ? error.message : String(error) })
        )
        expect(outcome).toEqual(
          refusal
            ? { refused: refusal.message }
            : {
                published: platforms
                  .map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/'))
                  .sort()
              }
        )
        expect(calls.some((c) => c[1] === 'bake')).toBe(refusal === undefined)
      }
    )
  })
}

// The refusal path end to end once more, with a README-shaped step: one line, both fixes, no bake.
test('a publish with cache-to and no builder step is refused before building', async () => {
  const daemon = CLASSIC[0] as BenchDaemon
  const error = await rejected(
    buildLegs(
      {
        target: parseRepository(`${bench().registries.anonymous.address}/${uniqueRepo('examples/refused')}`),
        platforms: parsePlatformList('linux/amd64,linux/arm64'),
        build: {
          ...parseBuildOptions(
            (n) => ({ 'cache-to': 'type=gha,mode=max', 'cache-from': 'type=gha' })[n] ?? ''
          ),
          context: bench().context
        },
        qemu: parseQemuInput('auto')
      },
      {
        stagingId: 'examples',
        stageAlways: false,
        log: { group: () => undefined, info: () => undefined },
        started: Date.now(),
        env: envOf(daemon)
      }
    )
  )
  expect(error.oneLine()).toMatch(
    /^input `cache-to`: .* — pass a docker-container builder .* or enable the containerd image store/
  )
})
