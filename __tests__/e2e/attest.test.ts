/**
 * Attestations end to end: `node dist/index.js` as the runner runs it. A publish (real buildx build) signed
 * with a cosign key: `cosign verify-attestation --key` passes on the index digest. Forward-only on a
 * Docker list merged from Docker v2 images without revision labels (issue 22's measured case): B, then a
 * late A with `media-type: auto` — with a key, `latest` stays on B (the revision read from B's
 * attestation); without one, it still cannot tell, and says so.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, test } from '@jest/globals'
import { RegistryClient } from '../../src/registry/client.js'
import { runAction } from '../support/action-runner.js'
import { bench, uniqueRepo } from '../support/bench.js'
import { cosignKeyPair, cosignVerifyAttestation, type CosignKeyPair } from '../support/cosign.js'
import { run } from '../support/docker.js'
import { pushImage } from '../support/images.js'

const PASSWORD = 'attest-e2e-password'
const registry = bench().registries.anonymous
const workspace = mkdtempSync(path.join(tmpdir(), 'attest-git-'))
const commits = { A: '', B: '' }
let keys: CosignKeyPair

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
  keys = await cosignKeyPair(PASSWORD, 'attest-e2e-key-')
  await git('init', '-q')
  await git('commit', '-q', '--allow-empty', '-m', 'A')
  commits.A = await git('rev-parse', 'HEAD')
  await git('commit', '-q', '--allow-empty', '-m', 'B')
  commits.B = await git('rev-parse', 'HEAD')
})

test('publish with a key: cosign verify-attestation passes on the index digest', async () => {
  const repo = `${registry.address}/${uniqueRepo('e2e/attest-publish')}`
  const result = await runAction(
    {
      mode: 'publish',
      image: repo,
      tags: 'latest',
      platforms: 'linux/amd64,linux/arm64',
      context: bench().context,
      'attest-key': keys.key
    },
    { env: { COSIGN_PASSWORD: PASSWORD, GITHUB_RUN_ID: `${Date.now()}` } }
  )
  expect(result.errors).toEqual([])
  expect(result.code).toBe(0)
  const digest = result.outputs.digest ?? ''
  expect(result.outputs.attestation).toMatch(/^sha256:/)
  expect(result.summary).toContain(result.outputs.attestation)
  const printed =
    (await cosignVerifyAttestation(`${repo}@${digest}`, keys.pub, registry)).trim().split('\n')[0] ?? ''
  const statement = JSON.parse(
    Buffer.from((JSON.parse(printed) as { payload: string }).payload, 'base64').toString('utf8')
  ) as { subject: { digest: { sha256: string } }[]; predicate: { verificationResult: string } }
  expect(`sha256:${statement.subject[0]?.digest.sha256 ?? ''}`).toBe(digest)
  expect(statement.predicate.verificationResult).toBe('PASSED')
})

describe('forward-only on a Docker list of unlabelled Docker v2 images: B, then a late A', () => {
  const repoFor = (): { registry: string; repository: string } => ({
    registry: registry.address,
    repository: uniqueRepo('e2e/attest-forward')
  })

  /** Docker v2 images without a revision label: the Docker list merged from them cannot say its commit. */
  async function unlabelled(repo: { registry: string; repository: string }): Promise<string> {
    const client = new RegistryClient()
    const refs: string[] = []
    for (const architecture of ['amd64', 'arm64']) {
      const image = await pushImage(client, repo, { os: 'linux', architecture }, { docker: true })
      refs.push(`${repo.registry}/${repo.repository}@${image.digest}`)
    }
    return refs.join('\n')
  }

  async function mergeAt(
    commit: string,
    repo: { registry: string; repository: string },
    extra: Record<string, string>
  ): Promise<Awaited<ReturnType<typeof runAction>>> {
    return runAction(
      {
        mode: 'merge',
        image: `${repo.registry}/${repo.repository}`,
        tags: 'latest',
        platforms: 'linux/amd64,linux/arm64',
        sources: await unlabelled(repo),
        'media-type': 'auto',
        'check-binaries': 'false',
        'github-token': '',
        ...extra
      },
      { env: { GITHUB_SHA: commit, GITHUB_WORKSPACE: workspace, COSIGN_PASSWORD: PASSWORD } }
    )
  }

  const latest = async (repo: { registry: string; repository: string }): Promise<string | undefined> =>
    (await new RegistryClient().headManifest({ ...repo, tag: 'latest' }))?.digest

  test('attesting with a key: latest stays on B, read from its attestation', async () => {
    const repo = repoFor()
    const b = await mergeAt(commits.B, repo, { 'attest-key': keys.key })
    expect(b.code).toBe(0)
    const onB = await latest(repo)
    expect(b.outputs.digest).toBe(onB)
    // The index is a Docker list: nowhere in it could the revision be.
    const index = await new RegistryClient().getManifest({ ...repo, tag: 'latest' })
    expect(index.mediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json')
    const a = await mergeAt(commits.A, repo, { 'attest-key': keys.key })
    expect(a.code).toBe(0)
    expect(await latest(repo)).toBe(onB)
    expect(a.summary).toContain(commits.B.slice(0, 12))
    expect(a.outputs.refs).toBe('[]')
  })

  test('without an attestation: it cannot tell and says so (the tag moves, as before)', async () => {
    const repo = repoFor()
    expect((await mergeAt(commits.B, repo, { attest: 'false' })).code).toBe(0)
    const a = await mergeAt(commits.A, repo, { attest: 'false' })
    expect(a.code).toBe(0)
    expect(a.stdout).toMatch(/::warning::.*no .*revision/i)
    expect(await latest(repo)).toBe(a.outputs.digest)
  })
})
