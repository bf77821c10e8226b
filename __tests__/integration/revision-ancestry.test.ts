// Ancestry from real git histories the test creates: A → B on main, C branching off A, an unrelated root D
// in the same repository, a commit that is nowhere, shallow clones (actions/checkout's default depth 1 and
// deeper ones) and a directory that is no checkout. Git runs through the product's own runner. The GitHub
// compare API cannot be reached from the tests: the fall-through to it uses an Octokit-shaped client.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createAncestryLookup, gitAncestry, runGit, type CompareClient } from '../../src/revision/ancestry.js'
import type { Ancestry } from '../../src/revision/decide.js'

let root: string
let repo: string
const commits: Record<'A' | 'B' | 'C' | 'D', string> = { A: '', B: '', C: '', D: '' }
const NOWHERE = 'e'.repeat(40)

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }
  ).trim()
}

function commit(name: string): string {
  writeFileSync(path.join(repo, `${name}.txt`), name)
  git(repo, 'add', `${name}.txt`)
  git(repo, 'commit', '-q', '-m', name)
  return git(repo, 'rev-parse', 'HEAD')
}

function clone(name: string, ...options: string[]): string {
  const target = path.join(root, name)
  git(root, 'clone', '-q', ...options, `file://${repo}`, target)
  return target
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'revision-ancestry-'))
  repo = path.join(root, 'origin')
  mkdirSync(repo)
  git(repo, 'init', '-q', '-b', 'main')
  commits.A = commit('A')
  commits.B = commit('B')
  git(repo, 'checkout', '-q', '-b', 'side', commits.A)
  commits.C = commit('C')
  git(repo, 'checkout', '-q', '--orphan', 'unrelated')
  git(repo, 'rm', '-q', '-r', '--cached', '.')
  commits.D = commit('D')
  git(repo, 'checkout', '-q', '-f', 'main')
})

afterAll(() => {
  rmSync(root, { recursive: true, force: true })
})

const c = (name: string): string => (name === 'nowhere' ? NOWHERE : commits[name as keyof typeof commits])

describe('gitAncestry in a full clone', () => {
  // this run's commit, the tag's commit → relation (and a phrase of the reason when unknown)
  test.each<[string, string, Ancestry['relation']]>([
    ['A', 'B', 'ancestor'],
    ['B', 'A', 'descendant'],
    ['B', 'B', 'same'],
    ['B', 'C', 'diverged'],
    ['C', 'B', 'diverged']
  ])('%s vs %s', async (run, tag, relation) => {
    expect(await gitAncestry(runGit, repo, c(run), c(tag))).toEqual({ relation, source: 'git' })
  })

  // this run's commit, the tag's commit → a phrase of the reason it cannot tell
  test.each<[string, string, string]>([
    ['B', 'D', 'unrelated histories'],
    ['B', 'nowhere', `does not have commit ${NOWHERE}`]
  ])('%s vs %s is unknown', async (run, tag, reason) => {
    expect(await gitAncestry(runGit, repo, c(run), c(tag))).toEqual({
      relation: 'unknown',
      reason: expect.stringContaining(reason)
    })
  })

  test('an abbreviated commit id', async () => {
    expect(await gitAncestry(runGit, repo, commits.A.slice(0, 10), commits.B)).toEqual({
      relation: 'ancestor',
      source: 'git'
    })
  })
})

describe('gitAncestry in shallow clones', () => {
  let depth1: string
  let depth2: string
  let tips: string
  beforeAll(() => {
    depth1 = clone('depth1', '--depth', '1')
    depth2 = clone('depth2', '--depth', '2')
    // Both branch tips, none of their history: C and B are there, A (joining them) is not.
    tips = clone('tips', '--depth', '1', '--no-single-branch')
  })

  test('depth 1 (actions/checkout default): the older commit is not there', async () => {
    const answer = await gitAncestry(runGit, depth1, commits.A, commits.B)
    expect(answer).toEqual({
      relation: 'unknown',
      reason: `the shallow checkout does not have commit ${commits.A}`
    })
  })

  test('depth 1: the same commit is still the same', async () => {
    expect(await gitAncestry(runGit, depth1, commits.B, commits.B)).toEqual({
      relation: 'same',
      source: 'git'
    })
  })

  test('depth 2: the path is inside the history', async () => {
    expect(await gitAncestry(runGit, depth2, commits.A, commits.B)).toEqual({
      relation: 'ancestor',
      source: 'git'
    })
  })

  test('both commits, history cut off: not called diverged', async () => {
    const answer = await gitAncestry(runGit, tips, commits.C, commits.B)
    expect(answer).toEqual({
      relation: 'unknown',
      reason: 'the shallow checkout does not hold the history between the commits'
    })
  })
})

describe('gitAncestry outside a checkout', () => {
  test('a directory that is no git repository', async () => {
    const plain = mkdtempSync(path.join(root, 'plain-'))
    const answer = await gitAncestry(runGit, plain, commits.A, commits.B)
    expect(answer.relation === 'unknown' ? answer.reason : '').toContain('is not a usable git checkout')
  })
})

describe('createAncestryLookup on a shallow checkout', () => {
  const github = (status: string): CompareClient => ({
    rest: { repos: { compareCommitsWithBasehead: () => Promise.resolve({ data: { status } }) } }
  })

  test('falls through to GitHub when git cannot tell', async () => {
    const lookup = createAncestryLookup({
      workspace: clone('fallthrough', '--depth', '1'),
      repository: 'acme/app',
      token: 'token',
      github: github('behind')
    })
    expect(await lookup(commits.A, commits.B)).toEqual({ relation: 'ancestor', source: 'github' })
  })

  test('without a token: cannot tell, and says why', async () => {
    const lookup = createAncestryLookup({
      workspace: clone('notoken', '--depth', '1'),
      repository: 'acme/app',
      token: ''
    })
    expect(await lookup(commits.A, commits.B)).toEqual({
      relation: 'unknown',
      reason: `the shallow checkout does not have commit ${commits.A}; no \`github-token\` to ask GitHub`
    })
  })

  test('git answers without asking GitHub when it can', async () => {
    const lookup = createAncestryLookup({
      workspace: repo,
      repository: 'acme/app',
      token: 'token',
      github: github('ahead')
    })
    expect(await lookup(commits.A, commits.B)).toEqual({ relation: 'ancestor', source: 'git' })
  })
})
