/**
 * Nothing is written before the plan is known to be complete: a merge whose sources lack a requested
 * platform fails with one line naming it, and the registry's own access log shows no write from that
 * run (no POST, PUT, PATCH or DELETE on the target repository) — reads only.
 */
import { expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { RegistryClient } from '../../src/registry/client.js'
import { runAction } from '../support/action-runner.js'
import { bench, uniqueRepo } from '../support/bench.js'
import { pushImage } from '../support/images.js'

const accessLog = (): string[] =>
  readFileSync(path.join(bench().logs, 'registry-anon.log'), 'utf8')
    .split('\n')
    .filter((line) => /^\S+ - - \[/.test(line))

test('a merge whose sources lack a requested platform writes nothing', async () => {
  const registry = bench().registries.anonymous.address
  const legs = { registry, repository: uniqueRepo('e2e/plan-legs') }
  const target = uniqueRepo('e2e/plan-app')
  const client = new RegistryClient()
  const sources = []
  for (const architecture of ['amd64', 'arm64']) {
    const image = await pushImage(client, legs, { os: 'linux', architecture })
    sources.push(`${registry}/${legs.repository}@${image.digest}`)
  }
  const before = accessLog().length
  const result = await runAction({
    mode: 'merge',
    image: `${registry}/${target}`,
    tags: 'latest',
    platforms: 'linux/amd64,linux/arm64,linux/s390x',
    sources: sources.join('\n')
  })
  expect(result.code).not.toBe(0)
  expect(result.errors).toHaveLength(1)
  expect(result.errors[0]).toContain('no source has linux/s390x')
  expect(result.summary).toContain('No tag was moved')
  expect(result.outputs.verified).toBe('false')
  const during = accessLog().slice(before)
  // The run read the sources (so the log is the right one) and wrote nothing to either repository
  // (other tests may write to their own repositories of this registry meanwhile).
  const ours = during.filter((line) => line.includes(legs.repository) || line.includes(target))
  expect(ours.some((line) => line.includes(legs.repository))).toBe(true)
  expect(ours.filter((line) => /"(POST|PUT|PATCH|DELETE) /.test(line))).toEqual([])
  expect(await client.headManifest({ registry, repository: target, tag: 'latest' })).toBeUndefined()
})
