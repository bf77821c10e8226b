// How ancestry answers map to relations: git's exit codes (through an injected runner that answers like
// git would for a described history), GitHub compare statuses and errors (through an injected client of
// Octokit's shape — the API itself cannot be reached from the tests), and the git → API → unknown order.
// The real git is exercised in __tests__/integration/revision-ancestry.test.ts.
import { describe, expect, test } from '@jest/globals'
import {
  compareStatusAncestry,
  createAncestryLookup,
  gitAncestry,
  githubAncestry,
  type CompareClient,
  type GitRunner
} from '../../src/revision/ancestry.js'
import type { Ancestry } from '../../src/revision/decide.js'

const RUN = '1'.repeat(40)
const TAG = '2'.repeat(40)

interface History {
  /** Exit code of `git rev-parse --git-dir` (-1: git cannot start). */
  gitDir?: number
  shallow?: boolean
  /** Commits the repository has (default both). */
  present?: string[]
  /** [a, b]: a is an ancestor of b. */
  ancestors?: [string, string][]
  /** Exit code of `git merge-base a b` (1: no common ancestor). */
  mergeBase?: number
  /** Exit code of every `merge-base --is-ancestor` instead of the answer (an error). */
  isAncestorCode?: number
}

/** Answers each git command the way git does for the described history, recording the calls. */
function fakeGit(history: History): GitRunner & { calls: string[] } {
  const calls: string[] = []
  const present = history.present ?? [RUN, TAG]
  const result = (code: number, stdout = ''): { code: number; stdout: string; stderr: string } => ({
    code,
    stdout,
    stderr: code === 0 ? '' : 'fatal: something'
  })
  const answer = (args: readonly string[]): { code: number; stdout: string; stderr: string } => {
    calls.push(args.join(' '))
    const [a0, a1, a2, a3] = args
    const commit = (spec: string | undefined): string => (spec ?? '').replace('^{commit}', '')
    if (a0 === 'rev-parse' && a1 === '--git-dir') return result(history.gitDir ?? 0, '.git\n')
    if (a0 === 'rev-parse' && a1 === '--is-shallow-repository')
      return result(0, `${history.shallow === true}\n`)
    if (a0 === 'cat-file') return result(present.includes(commit(a2)) ? 0 : 128)
    if (a0 === 'rev-parse' && a1 === '--verify') return result(0, `${commit(args[3])}\n`)
    if (a0 === 'merge-base' && a1 === '--is-ancestor') {
      if (history.isAncestorCode !== undefined) return result(history.isAncestorCode)
      return result((history.ancestors ?? []).some(([x, y]) => x === a2 && y === a3) ? 0 : 1)
    }
    if (a0 === 'merge-base') return result(history.mergeBase ?? 0, 'base\n')
    throw new Error(`unexpected git ${args.join(' ')}`)
  }
  const run = (args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    Promise.resolve().then(() => answer(args))
  return Object.assign(run, { calls })
}

describe('gitAncestry', () => {
  // the last column: a phrase of the reason, for unknown answers
  test.each<[string, History, Ancestry['relation'], string]>([
    ['run before tag', { ancestors: [[RUN, TAG]] }, 'ancestor', ''],
    ['tag before run', { ancestors: [[TAG, RUN]] }, 'descendant', ''],
    ['diverged branches', { mergeBase: 0 }, 'diverged', ''],
    ['unrelated histories', { mergeBase: 1 }, 'unknown', 'unrelated histories'],
    ['shallow, run before tag', { shallow: true, ancestors: [[RUN, TAG]] }, 'ancestor', ''],
    ['shallow, tag before run', { shallow: true, ancestors: [[TAG, RUN]] }, 'descendant', ''],
    ['shallow, no path found', { shallow: true }, 'unknown', 'does not hold the history'],
    [
      'shallow, tag commit missing',
      { shallow: true, present: [RUN] },
      'unknown',
      `shallow checkout does not have commit ${TAG}`
    ],
    ['full, tag commit missing', { present: [RUN] }, 'unknown', `the checkout does not have commit ${TAG}`],
    ['both missing', { present: [] }, 'unknown', `${RUN} or ${TAG}`],
    ['not a checkout', { gitDir: 128 }, 'unknown', 'not a usable git checkout (fatal: something)'],
    ['git not installed', { gitDir: -1 }, 'unknown', 'git cannot be run'],
    ['merge-base fails', { isAncestorCode: 128 }, 'unknown', 'git merge-base failed'],
    ['merge-base fails without --is-ancestor', { mergeBase: 128 }, 'unknown', 'git merge-base failed']
  ])('%s', async (_name, history, relation, reason) => {
    const answer = await gitAncestry(fakeGit(history), '.', RUN, TAG)
    // An unknown answer carries a reason (the phrase in it); a known one says git told it.
    const told =
      'reason' in answer
        ? { relation: answer.relation, reasonHasPhrase: answer.reason.includes(reason) }
        : answer
    const expected =
      relation === 'unknown' ? { relation, reasonHasPhrase: true } : { relation, source: 'git' }
    expect(told).toEqual(expected)
  })

  test('the same commit, abbreviated on one side', async () => {
    const git: GitRunner = async (args) => {
      // git resolves the abbreviation to the full id.
      if (args[0] === 'cat-file') return { code: 0, stdout: '', stderr: '' }
      if (args[0] === 'rev-parse' && args[1] === '--verify')
        return { code: 0, stdout: `${RUN}\n`, stderr: '' }
      return fakeGit({})(args, '.')
    }
    expect(await gitAncestry(git, '.', RUN.slice(0, 8), RUN)).toEqual({ relation: 'same', source: 'git' })
  })

  test.each([
    ['an option', '--output=/x'],
    ['a ref name', 'main'],
    ['a range', `${RUN}..HEAD`]
  ])('never hands git %s', async (_name, revision) => {
    const git = fakeGit({})
    expect((await gitAncestry(git, '.', RUN, revision)).relation).toBe('unknown')
    expect(git.calls).toEqual([])
  })
})

describe('compareStatusAncestry', () => {
  // GitHub's status says where head (this run) stands relative to base (the tag).
  test.each<[string, Ancestry]>([
    ['identical', { relation: 'same', source: 'github' }],
    ['ahead', { relation: 'descendant', source: 'github' }],
    ['behind', { relation: 'ancestor', source: 'github' }],
    ['diverged', { relation: 'diverged', source: 'github' }],
    ['sideways', { relation: 'unknown', reason: 'the GitHub compare API answered status "sideways"' }]
  ])('%s', (status, expected) => {
    expect(compareStatusAncestry(status)).toEqual(expected)
  })
})

/** A client of Octokit's shape: answers a status, or throws like Octokit's RequestError (a `status`). */
function fakeGitHub(answer: string | { status: number } | Error): CompareClient & { asked: unknown[] } {
  const asked: unknown[] = []
  return {
    asked,
    rest: {
      repos: {
        compareCommitsWithBasehead: (params) => {
          asked.push(params)
          if (typeof answer === 'string') return Promise.resolve({ data: { status: answer } })
          return Promise.reject(
            answer instanceof Error ? answer : Object.assign(new Error('Not Found'), answer)
          )
        }
      }
    }
  }
}

describe('githubAncestry', () => {
  test('asks base = the tag, head = this run, one commit per page', async () => {
    const github = fakeGitHub('behind')
    expect(await githubAncestry(github, 'acme/app', RUN, TAG)).toEqual({
      relation: 'ancestor',
      source: 'github'
    })
    expect(github.asked).toEqual([{ owner: 'acme', repo: 'app', basehead: `${TAG}...${RUN}`, per_page: 1 }])
  })

  test.each<[string, string | { status: number } | Error, string, string]>([
    ['404: not in the repository', { status: 404 }, 'acme/app', 'does not find both commits'],
    ['403: token lacks access', { status: 403 }, 'acme/app', 'HTTP 403'],
    ['no network', new Error('getaddrinfo ENOTFOUND api.github.com'), 'acme/app', 'ENOTFOUND'],
    ['no GITHUB_REPOSITORY', 'ahead', '', 'GITHUB_REPOSITORY is not set'],
    ['a malformed GITHUB_REPOSITORY', 'ahead', 'acme/app/x', 'GITHUB_REPOSITORY is not set']
  ])('unknown: %s', async (_name, answer, repository, reason) => {
    const result = await githubAncestry(fakeGitHub(answer), repository, RUN, TAG)
    expect(result).toEqual({ relation: 'unknown', reason: expect.stringContaining(reason) })
  })
})

describe('createAncestryLookup', () => {
  test('git answers: GitHub is not asked', async () => {
    const github = fakeGitHub('ahead')
    const lookup = createAncestryLookup({
      workspace: '.',
      repository: 'acme/app',
      token: 't',
      git: fakeGit({ ancestors: [[RUN, TAG]] }),
      github
    })
    expect(await lookup(RUN, TAG)).toEqual({ relation: 'ancestor', source: 'git' })
    expect(github.asked).toEqual([])
  })

  test('git cannot tell: GitHub answers', async () => {
    const lookup = createAncestryLookup({
      workspace: '.',
      repository: 'acme/app',
      token: 't',
      git: fakeGit({ shallow: true, present: [RUN] }),
      github: fakeGitHub('behind')
    })
    expect(await lookup(RUN, TAG)).toEqual({ relation: 'ancestor', source: 'github' })
  })

  test('neither can tell: both reasons', async () => {
    const lookup = createAncestryLookup({
      workspace: '.',
      repository: 'acme/app',
      token: 't',
      git: fakeGit({ shallow: true, present: [RUN] }),
      github: fakeGitHub({ status: 404 })
    })
    const answer = await lookup(RUN, TAG)
    expect(answer.relation === 'unknown' ? answer.reason : '').toMatch(
      /shallow checkout.*; GitHub does not find/
    )
  })

  test('no token: GitHub is not asked and the reason says so', async () => {
    const github = fakeGitHub('behind')
    const lookup = createAncestryLookup({
      workspace: '.',
      repository: 'acme/app',
      token: ' ',
      git: fakeGit({ present: [] }),
      github
    })
    const answer = await lookup(RUN, TAG)
    expect(answer.relation === 'unknown' ? answer.reason : '').toContain('no `github-token`')
    expect(github.asked).toEqual([])
  })

  test('one question per pair of commits', async () => {
    const git = fakeGit({ ancestors: [[TAG, RUN]] })
    const lookup = createAncestryLookup({ workspace: '.', repository: 'acme/app', token: '', git })
    await Promise.all([lookup(RUN, TAG), lookup(RUN, TAG)])
    const once = git.calls.length
    await lookup(RUN, TAG)
    expect(git.calls.length).toBe(once)
    await lookup(TAG, RUN)
    expect(git.calls.length).toBeGreaterThan(once)
  })
})
