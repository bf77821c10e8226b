/**
 * Tags only move forward, end to end: `node dist/index.js` in merge mode against the bench registry, in a
 * checkout with a real git history (A, then B), GITHUB_SHA set per run. B is published, then A's run
 * comes late: with the default `on-older` the tags stay on B (for a Docker list, whose revision is in
 * the children's labels, and an OCI index, whose revision is its annotation); `fail` exits non-zero and
 * moves nothing; `force` moves them back. The summary names both commits.
 */
import { beforeAll, describe, expect, test } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { RegistryClient } from '../../src/registry/client.js'
import { runAction } from '../support/action-runner.js'
import { bench, uniqueRepo } from '../support/bench.js'
import { run } from '../support/docker.js'
import { pushImage } from '../support/images.js'

const REVISION = 'org.opencontainers.image.revision'
const workspace = mkdtempSync(path.join(tmpdir(), 'forward-git-'))
const commits = { A: '', B: '' }

async function git(...args: string[]): Promise<string> {
  const env = {
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@example.com',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@example.com'
  }
  return (await run('git', ['-C', workspace, ...args], { env })).trim()
}

beforeAll(async () => {
  await git('init', '-q')
  await git('commit', '-q', '--allow-empty', '-m', 'A')
  commits.A = await git('rev-parse', 'HEAD')
  await git('commit', '-q', '--allow-empty', '-m', 'B')
  commits.B = await git('rev-parse', 'HEAD')
})

/** Legs as publish mode leaves them: each image labelled with the commit it was built from. */
async function legsOf(
  repo: { registry: string; repository: string },
  commit: string,
  docker: boolean
): Promise<string> {
  const client = new RegistryClient()
  const refs = []
  for (const architecture of ['amd64', 'arm64']) {
    const image = await pushImage(
      client,
      repo,
      { os: 'linux', architecture },
      {
        docker,
        labels: { [REVISION]: commit }
      }
    )
    refs.push(`${repo.registry}/${repo.repository}@${image.digest}`)
  }
  return refs.join('\n')
}

async function mergeAt(
  commit: string,
  repo: { registry: string; repository: string },
  mediaType: 'docker' | 'oci',
  extra: Record<string, string> = {}
): Promise<Awaited<ReturnType<typeof runAction>>> {
  return runAction(
    {
      mode: 'merge',
      image: `${repo.registry}/${repo.repository}`,
      tags: 'latest,stable',
      platforms: 'linux/amd64,linux/arm64',
      sources: await legsOf(repo, commit, mediaType === 'docker'),
      'media-type': mediaType,
      'check-binaries': 'false',
      'github-token': '',
      ...extra
    },
    { env: { GITHUB_SHA: commit, GITHUB_WORKSPACE: workspace } }
  )
}

const digestOf = async (
  repo: { registry: string; repository: string },
  tag: string
): Promise<string | undefined> => (await new RegistryClient().headManifest({ ...repo, tag }))?.digest

describe.each(['docker', 'oci'] as const)('%s media type: publish B, then a late run of A', (mediaType) => {
  const repoFor = (): { registry: string; repository: string } => ({
    registry: bench().registries.anonymous.address,
    repository: uniqueRepo(`e2e/forward-${mediaType}`)
  })

  test('default (skip): the tags stay on B; the summary names both commits', async () => {
    const repo = repoFor()
    const b = await mergeAt(commits.B, repo, mediaType)
    expect(b.code).toBe(0)
    const onB = await digestOf(repo, 'latest')
    const a = await mergeAt(commits.A, repo, mediaType)
    expect(a.code).toBe(0)
    expect(await digestOf(repo, 'latest')).toBe(onB)
    expect(await digestOf(repo, 'stable')).toBe(onB)
    expect(a.summary).toContain(commits.A.slice(0, 12))
    expect(a.summary).toContain(commits.B.slice(0, 12))
    expect(a.stdout).toMatch(/::warning::.*latest/)
    expect(a.outputs.refs).toBe('[]')
  })

  test('fail: exit non-zero, nothing moved', async () => {
    const repo = repoFor()
    expect((await mergeAt(commits.B, repo, mediaType)).code).toBe(0)
    const onB = await digestOf(repo, 'latest')
    const a = await mergeAt(commits.A, repo, mediaType, { 'on-older': 'fail' })
    expect(a.code).not.toBe(0)
    expect(a.errors.join('\n')).toContain(commits.B.slice(0, 12))
    expect(a.summary).toContain('No tag was moved')
    expect(a.outputs.verified).toBe('false')
    // Refused after a passing verification: still reported like any check that ran.
    expect(a.outputs.report).toEqual(expect.any(String))
    expect(a.outputs.digest).toBeUndefined()
    expect(await digestOf(repo, 'latest')).toBe(onB)
    expect(await digestOf(repo, 'stable')).toBe(onB)
  })

  test('force: the tags move back to A', async () => {
    const repo = repoFor()
    expect((await mergeAt(commits.B, repo, mediaType)).code).toBe(0)
    const onB = await digestOf(repo, 'latest')
    const a = await mergeAt(commits.A, repo, mediaType, { 'on-older': 'force' })
    expect(a.code).toBe(0)
    expect(await digestOf(repo, 'latest')).not.toBe(onB)
    expect(await digestOf(repo, 'latest')).toBe(a.outputs.digest)
  })
})
