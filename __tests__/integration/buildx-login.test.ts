/**
 * `username`/`password` reach buildx's push: on every bench daemon (both toolchains, both stores), a
 * session to the Basic-auth registry with no docker login anywhere publishes with the given login, from a
 * private docker config that exists only while buildx runs; without it, the refusal is reported as the
 * push to that registry, with "log in" — never as a platform that failed to build.
 */
import { describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildLegs, type BuildLegsOptions } from '../../src/buildx/legs.js'
import { parseQemuInput } from '../../src/inputs/qemu.js'
import { parsePlatformList } from '../../src/platform/index.js'
import { runProcess, type ProcessRunner } from '../../src/process/exec.js'
import { parseRepository } from '../../src/reference/reference.js'
import { bench, daemons, uniqueRepo, type BenchDaemon } from '../support/bench.js'
import { DEFAULT_BUILD_OPTIONS } from '../support/build-options.js'
import { skopeoRaw } from '../support/docker.js'
import { rejected } from '../support/thrown.js'

const registry = bench().registries.basic
const work = mkdtempSync(path.join(tmpdir(), 'buildx-login-'))
const context = path.join(work, 'context')
mkdirSync(context)
// No RUN: both platforms build without QEMU in about a second.
writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nARG TARGETARCH\nCOPY f /f-$TARGETARCH\n')
writeFileSync(path.join(context, 'f'), 'login\n')
const emptyConfig = mkdtempSync(path.join(tmpdir(), 'docker-config-'))

interface Seen {
  /** Per bake run: the DOCKER_CONFIG it got, that folder's mode, its config.json's mode and text. */
  bakes: { dockerConfig: string | undefined; folderMode: number; fileMode: number; config: string }[]
  lines: string[]
}

function sessionOn(
  daemon: BenchDaemon,
  login: BuildLegsOptions['targetLogin']
): {
  built: ReturnType<typeof buildLegs>
  seen: Seen
  repository: string
  runnerTemp: string
  sourceConfig: string
} {
  const repository = uniqueRepo('login/app')
  const runnerTemp = mkdtempSync(path.join(work, 'runner-temp-'))
  const seen: Seen = { bakes: [], lines: [] }
  const sourceConfig = daemon.dockerConfig ?? emptyConfig
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DOCKER_CONFIG: sourceConfig,
    DOCKER_HOST: daemon.dockerHost ?? '',
    ...(daemon.pathPrefix ? { PATH: `${daemon.pathPrefix}:${process.env.PATH ?? ''}` } : {}),
    BUILDX_BUILDER: '',
    RUNNER_TEMP: runnerTemp
  }
  const run: ProcessRunner = (command, args, options) => {
    if (login && args.includes('bake') && !args.includes('--print')) {
      const dockerConfig = options?.env?.DOCKER_CONFIG
      const file = path.join(dockerConfig ?? '', 'config.json')
      seen.bakes.push({
        dockerConfig,
        folderMode: statSync(dockerConfig ?? '').mode & 0o777,
        fileMode: statSync(file).mode & 0o777,
        config: readFileSync(file, 'utf8')
      })
    }
    return runProcess(command, args, options)
  }
  const built = buildLegs(
    {
      target: parseRepository(`${registry.address}/${repository}`),
      platforms: parsePlatformList('linux/amd64,linux/arm64'),
      build: { ...DEFAULT_BUILD_OPTIONS, context },
      qemu: parseQemuInput('false')
    },
    {
      stagingId: 'login',
      stageAlways: false,
      log: {
        group: (title, body) => seen.lines.push(title, ...body.split('\n')),
        info: (line) => seen.lines.push(line)
      },
      started: Date.now(),
      run,
      env,
      cwd: work,
      ...(login ? { targetLogin: login } : {})
    }
  )
  return { built, seen, repository, runnerTemp, sourceConfig }
}

const configHash = (folder: string): string => {
  const file = path.join(folder, 'config.json')
  return createHash('sha256')
    .update(readdirSync(folder).includes('config.json') ? readFileSync(file) : 'none')
    .digest('hex')
}

for (const daemon of daemons()) {
  describe(`${daemon.name} (buildx ${daemon.versions.buildx ?? '?'})`, () => {
    test('the username/password inputs publish with no docker login, from a private config removed afterwards', async () => {
      const before = configHash(daemon.dockerConfig ?? emptyConfig)
      const { built, seen, repository, runnerTemp, sourceConfig } = sessionOn(daemon, {
        username: registry.username,
        password: registry.password
      })
      const legs = await built
      // Each platform's image is in the registry, read back with the login by an independent client.
      expect([...legs.digests.keys()]).toEqual(['linux/amd64', 'linux/arm64'])
      for (const digest of new Set(legs.digests.values())) {
        expect(await skopeoRaw(`${registry.address}/${repository}@${digest}`, registry)).toContain(
          'schemaVersion'
        )
      }
      // The private config: under RUNNER_TEMP, 0700/0600, this registry's login only; gone afterwards.
      expect(seen.bakes.length).toBeGreaterThan(0)
      for (const bake of seen.bakes) {
        expect(path.dirname(bake.dockerConfig ?? '')).toBe(runnerTemp)
        expect([bake.folderMode, bake.fileMode]).toEqual([0o700, 0o600])
        expect(Object.keys((JSON.parse(bake.config) as { auths: object }).auths)).toEqual([registry.address])
      }
      expect(readdirSync(runnerTemp)).toEqual([])
      expect(configHash(sourceConfig)).toBe(before)
      // Never printed, in any form.
      const basic = Buffer.from(`${registry.username}:${registry.password}`).toString('base64')
      expect(seen.lines.filter((l) => l.includes(registry.password) || l.includes(basic))).toEqual([])
      // "pushed" only once pushed: on the classic store buildx's docker push follows the export.
      const pushedAt = (p: string): number =>
        seen.lines.findIndex((l) => l.startsWith(`${p}: pushed `) || l.startsWith(`${p}: built and pushed`))
      const builtAt = (p: string): number => seen.lines.findIndex((l) => l.startsWith(`${p}: built`))
      for (const p of daemon.store === 'classic' ? ['linux/amd64', 'linux/arm64'] : []) {
        expect(builtAt(p)).toBeGreaterThanOrEqual(0)
        expect(pushedAt(p)).toBeGreaterThan(builtAt(p))
      }
      // The classic store drops buildx's default provenance: said, not silent.
      expect(legs.notes.map((n) => n.startsWith('no provenance attestation'))).toEqual(
        daemon.store === 'classic' ? [true] : []
      )
    })

    test('without a login the refusal is the push to the registry, with "log in", and no tag is written', async () => {
      const { built, repository } = sessionOn(daemon, undefined)
      const error = await rejected(built)
      expect(error.kind).toBe('auth')
      expect(error.oneLine()).toMatch(
        new RegExp(
          `^the push to ${registry.address.replace(/\./g, '\\.')} was refused: .* — log in to ${registry.address.replace(/\./g, '\\.')}: `
        )
      )
      expect(error.oneLine()).not.toMatch(/failed to build/)
      const tags = await fetch(`http://${registry.address}/v2/${repository}/tags/list`, {
        headers: {
          authorization: `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString('base64')}`
        }
      })
      expect(tags.status).toBe(404)
    })
  })
}
