/**
 * The ancestry edge: how this run's commit relates to the one a tag records. First the checkout's own git
 * history (`git merge-base --is-ancestor`), else the GitHub compare API, else unknown with the reasons of
 * both. Git and the API are ports (GitRunner, CompareClient) so the mapping is tested with fakes and the
 * git path against real repositories.
 */
import { runProcess } from '../process/exec.js'
import { isCommitId, type Ancestry } from './decide.js'

/** Runs `git <args>` in `cwd`; `code` is -1 when git could not start. */
export type GitRunner = (
  args: readonly string[],
  cwd: string
) => Promise<{ code: number; stdout: string; stderr: string }>

/** The part of an Octokit the compare needs (`getOctokit(token)` has this shape). */
export interface CompareClient {
  rest: {
    repos: {
      compareCommitsWithBasehead(params: {
        owner: string
        repo: string
        basehead: string
        per_page?: number
      }): Promise<{ data: { status: string } }>
    }
  }
}

export interface AncestryOptions {
  /** The checkout: GITHUB_WORKSPACE, else the current directory. */
  workspace: string
  /** `owner/repo` (GITHUB_REPOSITORY); empty skips the API. */
  repository: string
  /** The `github-token` input; empty skips the API. */
  token: string
  git?: GitRunner
  /** Made from the token when not given. */
  github?: CompareClient
}

/** Asks how `run` (this run's commit) relates to `tag` (the tag's). */
export type AncestryLookup = (run: string, tag: string) => Promise<Ancestry>

/** The lookup the publish protocol uses: git, then the API, then unknown. Answers are cached per pair. */
export function createAncestryLookup(options: AncestryOptions): AncestryLookup {
  const git = options.git ?? runGit
  let github = options.github
  const cache = new Map<string, Promise<Ancestry>>()
  return (run, tag) => {
    const key = `${run} ${tag}`
    let answer = cache.get(key)
    if (answer === undefined) {
      answer = (async () => {
        const local = await gitAncestry(git, options.workspace, run, tag)
        if (local.relation !== 'unknown') return local
        if (options.token.trim() === '') return unknown(`${local.reason}; no \`github-token\` to ask GitHub`)
        // Imported here: Octokit is heavy, and most runs settle the question with git.
        github ??= (await import('@actions/github')).getOctokit(options.token) as unknown as CompareClient
        const remote = await githubAncestry(github, options.repository, run, tag)
        if (remote.relation !== 'unknown') return remote
        return unknown(`${local.reason}; ${remote.reason}`)
      })()
      cache.set(key, answer)
    }
    return answer
  }
}

/** git through the one process edge, never throwing: the exit code is the answer. */
export const runGit: GitRunner = async (args, cwd) => {
  const result = await runProcess('git', args, { cwd, ignoreReturnCode: true })
  return {
    code: result.startError === undefined ? result.code : -1,
    stdout: result.stdout,
    stderr: result.stderr
  }
}

/**
 * From the local history. Answers only what it can prove: a missing commit, a shallow history that says
 * "not an ancestor" (the path may be cut off at the shallow boundary), or an error give `unknown`.
 * Two commits with no common ancestor (unrelated histories) are `unknown` too.
 */
export async function gitAncestry(git: GitRunner, cwd: string, run: string, tag: string): Promise<Ancestry> {
  // The tag's revision came from a registry: only hex ids reach git's argv (no options, no ref names).
  if (!isCommitId(run) || !isCommitId(tag)) return unknown('a revision is not a commit id')
  const inside = await git(['rev-parse', '--git-dir'], cwd)
  if (inside.code !== 0) {
    // A checkout owned by another user (container jobs) fails here too: git's own line says so.
    const said = inside.stderr.trim().split('\n')[0]?.trim() ?? ''
    return unknown(
      inside.code === -1
        ? 'git cannot be run'
        : `${cwd} is not a usable git checkout${said ? ` (${said})` : ''}`
    )
  }
  const shallow = (await git(['rev-parse', '--is-shallow-repository'], cwd)).stdout.trim() === 'true'
  const where = shallow ? 'the shallow checkout' : 'the checkout'

  const [runSha, tagSha] = await Promise.all([resolveCommit(git, cwd, run), resolveCommit(git, cwd, tag)])
  const missing = [runSha === undefined ? run : undefined, tagSha === undefined ? tag : undefined].filter(
    (sha) => sha !== undefined
  )
  if (runSha === undefined || tagSha === undefined) {
    return unknown(`${where} does not have commit ${missing.join(' or ')}`)
  }
  if (runSha === tagSha) return { relation: 'same', source: 'git' }

  const runFirst = await isAncestor(git, cwd, runSha, tagSha)
  if (runFirst === 'error') return unknown('git merge-base failed')
  if (runFirst) return { relation: 'ancestor', source: 'git' }
  const tagFirst = await isAncestor(git, cwd, tagSha, runSha)
  if (tagFirst === 'error') return unknown('git merge-base failed')
  if (tagFirst) return { relation: 'descendant', source: 'git' }
  if (shallow) return unknown('the shallow checkout does not hold the history between the commits')
  const base = await git(['merge-base', runSha, tagSha], cwd)
  if (base.code === 1) return unknown('the commits have unrelated histories')
  if (base.code !== 0) return unknown('git merge-base failed')
  return { relation: 'diverged', source: 'git' }
}

/**
 * From GitHub's compare API: `base...head` with the tag's commit as base and this run's as head, so
 * `ahead` (head has commits base lacks, base is an ancestor) means this run is newer and `behind` older.
 * A 404 is a commit the repository does not have, or no common ancestor: cannot tell.
 */
export async function githubAncestry(
  github: CompareClient,
  repository: string,
  run: string,
  tag: string
): Promise<Ancestry> {
  if (!isCommitId(run) || !isCommitId(tag)) return unknown('a revision is not a commit id')
  const [owner, repo, ...rest] = repository.split('/')
  if (owner === undefined || owner === '' || repo === undefined || repo === '' || rest.length > 0) {
    return unknown('GITHUB_REPOSITORY is not set, so GitHub was not asked')
  }
  let status: string
  try {
    const response = await github.rest.repos.compareCommitsWithBasehead({
      owner,
      repo,
      basehead: `${tag}...${run}`,
      per_page: 1
    })
    status = response.data.status
  } catch (error) {
    const code = statusOf(error)
    if (code === 404)
      return unknown(`GitHub does not find both commits with a common history in ${repository}`)
    const what =
      code === undefined ? (error instanceof Error ? error.message : String(error)) : `HTTP ${code}`
    return unknown(`the GitHub compare API failed (${what})`)
  }
  return compareStatusAncestry(status)
}

/** GitHub's compare `status` (head relative to base; base = the tag's commit, head = this run's). */
export function compareStatusAncestry(status: string): Ancestry {
  switch (status) {
    case 'identical':
      return { relation: 'same', source: 'github' }
    case 'ahead':
      return { relation: 'descendant', source: 'github' }
    case 'behind':
      return { relation: 'ancestor', source: 'github' }
    case 'diverged':
      return { relation: 'diverged', source: 'github' }
    default:
      return unknown(`the GitHub compare API answered status "${status}"`)
  }
}

async function resolveCommit(git: GitRunner, cwd: string, sha: string): Promise<string | undefined> {
  // `cat-file -e` tells "not in this repository" without printing; rev-parse then gives the full id.
  const present = await git(['cat-file', '-e', `${sha}^{commit}`], cwd)
  if (present.code !== 0) return undefined
  const full = await git(['rev-parse', '--verify', '--quiet', `${sha}^{commit}`], cwd)
  return full.code === 0 ? full.stdout.trim() : undefined
}

/** `git merge-base --is-ancestor`: exit 0 yes, 1 no, anything else an error. */
async function isAncestor(git: GitRunner, cwd: string, a: string, b: string): Promise<boolean | 'error'> {
  const result = await git(['merge-base', '--is-ancestor', a, b], cwd)
  if (result.code === 0) return true
  if (result.code === 1) return false
  return 'error'
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined
  const status = error.status
  return typeof status === 'number' ? status : undefined
}

function unknown(reason: string): Ancestry {
  return { relation: 'unknown', reason }
}
