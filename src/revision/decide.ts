/**
 * Tags only move forward: whether a tag may move to this run's index, from the revision the tag points to
 * now, this run's revision, how the two commits relate, and the `on-older` input. Pure: the caller read
 * the tag (read.ts) and asked git or GitHub (ancestry.ts).
 */
import { ActionError } from '../errors.js'
import { Inputs } from '../names.js'

export const ON_OLDER_VALUES = ['skip', 'fail', 'force'] as const
export type OnOlder = (typeof ON_OLDER_VALUES)[number]
export const DEFAULT_ON_OLDER: OnOlder = 'skip'

/** What a tag's image or index says about its commit (read.ts): a revision, or why there is none. */
export type RevisionReading =
  { revision: string; from: RevisionSource } | { revision: undefined; reason: string }

/**
 * Where the revision was found: the index's annotation, the children's config labels, the image's label,
 * or (when none of those says it) the newest trusted attestation of the index.
 */
export type RevisionSource = 'index-annotation' | 'child-labels' | 'config-label' | 'attestation'

/** The tag as it is now. */
export type TagState = { exists: false } | { exists: true; digest: string; revision: RevisionReading }

/**
 * How this run's commit relates to the tag's: `ancestor` — this run's commit is an ancestor of the tag's
 * (the tag is newer); `descendant` — this run is newer; `same`; `diverged` — neither descends from the
 * other (two branches); `unknown` — nothing could tell (shallow clone and no API, a commit from another
 * repository, unrelated histories), with the reason.
 */
export type Ancestry =
  | { relation: 'ancestor' | 'descendant' | 'same' | 'diverged'; source: 'git' | 'github' }
  | { relation: 'unknown'; reason: string }

export interface TagDecisionInput {
  /** The tag's name as the user wrote it (shown in messages). */
  tag: string
  current: TagState
  /** This run's commit (GITHUB_SHA); empty or undefined when unknown (a local CLI run). */
  revision: string | undefined
  /** Undefined when no question was asked: see `ancestryQuestion`. */
  ancestry?: Ancestry
  onOlder: OnOlder
}

/**
 * - `move`: the tag is absent, on this commit, or on an older one (or on another branch);
 * - `skip`: the tag is on a newer commit and `on-older: skip` — it stays, `message` is the warning;
 * - `fail`: the tag is on a newer commit and `on-older: fail` — nothing may move, `message` is the error;
 * - `move-with-note`: the tag moves and `message` is a warning to show: the ancestry could not be told, or
 *   `on-older: force` moves it back.
 * `message` is one line naming both commits; for `move` it is a summary line.
 */
export interface TagDecision {
  tag: string
  action: 'move' | 'skip' | 'fail' | 'move-with-note'
  message: string
}

/** Commit ids are shown as 12 hex digits, enough to be unique in any repository people publish from. */
export function shortRevision(revision: string): string {
  return /^[0-9a-f]{13,}$/i.test(revision) ? revision.slice(0, 12) : revision
}

/** A full or abbreviated hex commit id (SHA-1 or SHA-256); anything else is not asked about. */
export function isCommitId(revision: string): boolean {
  return /^[0-9a-f]{7,64}$/i.test(revision)
}

/** Equal commit ids, one possibly abbreviated. */
function sameRevision(a: string, b: string): boolean {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()]
  return x.length <= y.length ? y.startsWith(x) : x.startsWith(y)
}

/**
 * The two commits to ask ancestry about, or undefined when the decision needs no question: the tag is
 * absent, a revision is missing or not a commit id, or both are the same commit.
 */
export function ancestryQuestion(
  current: TagState,
  revision: string | undefined
): { run: string; tag: string } | undefined {
  if (!current.exists || current.revision.revision === undefined) return undefined
  const tag = current.revision.revision
  const run = revision ?? ''
  if (!isCommitId(run) || !isCommitId(tag) || sameRevision(run, tag)) return undefined
  return { run, tag }
}

/** The decision for one tag; see TagDecision. */
export function decideTag(input: TagDecisionInput): TagDecision {
  const { tag, current, onOlder } = input
  const run = input.revision ?? ''
  const decision = (action: TagDecision['action'], message: string): TagDecision => ({ tag, action, message })
  if (!current.exists) return decision('move', `${tag}: new tag`)

  const at = `${tag} (${short(current.digest)})`
  const theirs = current.revision.revision
  const unknown = (why: string): TagDecision => {
    const message = `${at}: cannot tell whether this run's ${shortRevision(run) || 'commit'} is older than the tag's ${shortRevision(theirs ?? '') || 'commit'} (${why}); moved`
    // Cannot tell → the tag moves, with a warning, under skip and fail alike. Refusing would block every
    // first run: indexes published before revisions were recorded (the Docker list used to carry none),
    // shallow checkouts without API access, images merged from another repository. `on-older` is about a
    // tag known to be newer; a refusal on mere doubt would make `fail` mean "fail unless proven older".
    // force asked for today's behaviour, so the doubt is only a summary line there.
    return decision(onOlder === 'force' ? 'move' : 'move-with-note', message)
  }

  if (theirs === undefined) return unknown(current.revision.reason)
  if (run === '') return unknown(`this run's commit is not known (GITHUB_SHA is not set)`)
  if (!isCommitId(theirs)) return unknown(`the tag's revision "${theirs}" is not a commit id`)
  if (!isCommitId(run)) return unknown(`this run's revision "${run}" is not a commit id`)
  const pair = `${shortRevision(theirs)} → ${shortRevision(run)}`
  const rerun = `${tag}: same commit ${shortRevision(run)} (a re-run)`
  if (sameRevision(run, theirs)) return decision('move', rerun)

  const ancestry = input.ancestry ?? { relation: 'unknown', reason: 'the commits were not compared' }
  switch (ancestry.relation) {
    case 'same':
      return decision('move', rerun)
    case 'descendant':
      return decision('move', `${tag}: moved forward ${pair}`)
    case 'diverged':
      // Neither is older: two branches publishing one tag is a workflow choice, not a move back.
      return decision('move', `${tag}: moved ${pair} (the commits are on diverged branches)`)
    case 'unknown':
      return unknown(ancestry.reason)
    case 'ancestor': {
      const older = `${at} is on ${shortRevision(theirs)}, newer than this run's ${shortRevision(run)}`
      switch (onOlder) {
        case 'force':
          return decision('move-with-note', `${older}; moved back because \`${Inputs.onOlder}\` is force`)
        case 'fail':
          return decision('fail', `${older}; no tag moved because \`${Inputs.onOlder}\` is fail`)
        case 'skip':
          return decision('skip', `${older}; left there (\`${Inputs.onOlder}\`: skip)`)
      }
    }
  }
}

/**
 * The run-level outcome: the tags to PUT, the warnings to show (skips and notes), and the error when any
 * tag failed — then no tag moves at all (`on-older: fail`).
 */
export function tagMoves(decisions: readonly TagDecision[]): {
  move: string[]
  warnings: string[]
  failure: ActionError | undefined
} {
  const failed = decisions.filter((d) => d.action === 'fail')
  const warnings = decisions
    .filter((d) => d.action === 'skip' || d.action === 'move-with-note')
    .map((d) => d.message)
  if (failed.length > 0) return { move: [], warnings, failure: olderFailure(failed) }
  return {
    move: decisions.filter((d) => d.action === 'move' || d.action === 'move-with-note').map((d) => d.tag),
    warnings,
    failure: undefined
  }
}

function olderFailure(failed: readonly TagDecision[]): ActionError {
  // No kind in the closed list says "refused by policy"; invalid-input is the nearest: the run asked to
  // move a tag backwards and the `on-older` input forbids it.
  return new ActionError('invalid-input', failed.map((d) => d.message).join('\n'), {
    hint: `publish from the newer commit, or set \`${Inputs.onOlder}: force\` to move the tag back`
  })
}

function short(digest: string): string {
  const [algorithm, hex] = digest.split(':')
  return hex === undefined ? digest : `${algorithm ?? ''}:${hex.slice(0, 12)}`
}
