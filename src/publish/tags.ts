/**
 * The last phase of the publish protocol: moving the tags, each only forward and never to fewer
 * platforms than it has at that moment. Every tag is checked first (nothing moves when one must fail);
 * then each is re-read just before its PUT (a HEAD: if it changed since its check, it is checked again),
 * PUT, and read back. The distribution API has no conditional PUT, so the window that remains is the one
 * request between that HEAD and the PUT (README: "Tags only move forward"); a workflow `concurrency:`
 * group closes it.
 */
import { PublishError } from '../errors.js'
import type { Platform } from '../oci/types.js'
import { formatPlatform, matchesStrict } from '../platform/index.js'
import { formatReference } from '../reference/reference.js'
import type { RegistryStore, Repository } from '../registry/ports.js'
import type { AncestryLookup } from '../revision/ancestry.js'
import type { OnOlder, TagDecision, TagState } from '../revision/decide.js'
import { tagMoves } from '../revision/decide.js'
import { checkTagForward, readTagState } from '../revision/tag.js'
import { platformsOfReference } from '../verify/run.js'

/** How forward-only is decided: this run's commit, how to compare commits, and `on-older`. */
export interface ForwardPolicy {
  revision: string | undefined
  ancestry: AncestryLookup
  onOlder: OnOlder
}

export interface TagOutcome {
  /** References that now point at the index. */
  refs: string[]
  /** Tags left where they were (`on-older: skip`), with the line naming both commits. */
  skipped: { tag: string; message: string }[]
  /** Lines to show as warnings (skips, moves that could not be told forward, races). */
  warnings: string[]
  /** Tags another publish changed between our PUT and our read-back: the digest that won. */
  raced: { tag: string; digest: string }[]
}

export interface MoveTagsRequest {
  target: Repository
  tags: readonly string[]
  index: { digest: string; bytes: Uint8Array; mediaType: string; platforms: readonly Platform[] }
  forward?: ForwardPolicy
  /** Re-apply no-regress to what each tag points to at the moment of writing. */
  noRegress: boolean
}

interface Checked {
  decision: TagDecision
  current: TagState
  /** Platforms the tag has now that the index lacks (no-regress at write time). */
  lost: Platform[]
}

export async function moveTags(client: RegistryStore, request: MoveTagsRequest): Promise<TagOutcome> {
  const checked = await Promise.all(request.tags.map((tag) => checkTag(client, request, tag)))
  refuseAll(request, checked)
  const outcome: TagOutcome = { refs: [], skipped: [], warnings: [], raced: [] }
  for (const first of checked) {
    try {
      await moveTag(client, request, first, outcome)
    } catch (error) {
      // The failure summary says which tags moved: a write that failed after others landed must say so.
      throw withRefsMoved(error, outcome.refs)
    }
  }
  return outcome
}

/** A tag that keeps changing under us is given up on after this many checks again (another publish is busy). */
const MAX_RECHECKS = 3

async function moveTag(
  client: RegistryStore,
  request: MoveTagsRequest,
  first: Checked,
  outcome: TagOutcome
): Promise<void> {
  const tag = first.decision.tag
  const ref = { ...request.target, tag }
  // Re-read immediately before the PUT; a tag that changed since its check is checked again, and re-read
  // again after that check, so the PUT always follows a re-read that found the tag as last checked.
  let last = first
  for (let rechecks = 0; ; rechecks++) {
    const now = await client.headManifest(ref)
    if (last.current.exists ? now?.digest === last.current.digest : now === undefined) break
    if (rechecks === MAX_RECHECKS) {
      throw new PublishError('conflict', `${tag} kept changing while this run was about to move it`, {
        hint: 'run again once the other publishes have finished; a workflow `concurrency:` group on the tag prevents this'
      })
    }
    last = await checkTag(client, request, tag)
    if (refusalOf(request, last)) break
  }
  const refusal = refusalOf(request, last)
  if (refusal) {
    throw new PublishError('conflict', `${refusal} (it changed while this run was publishing)`, {
      hint: 'run again once the other publish has finished; a workflow `concurrency:` group on the tag prevents this'
    })
  }
  if (last.decision.action === 'skip') {
    outcome.skipped.push({ tag, message: last.decision.message })
    outcome.warnings.push(last.decision.message)
    return
  }
  if (last.decision.action === 'move-with-note') outcome.warnings.push(last.decision.message)
  await client.putManifest(ref, request.index.bytes, request.index.mediaType)
  outcome.refs.push(formatReference(ref))
  const after = await client.headManifest(ref)
  if (after?.digest !== request.index.digest) {
    const digest = after?.digest ?? 'nothing (deleted)'
    outcome.raced.push({ tag, digest })
    outcome.warnings.push(
      `${tag}: another publish moved it right after this run did; it now points to ${digest}`
    )
  }
}

/** The error, carrying the references that had moved before it (unchanged when none had). */
export function withRefsMoved(error: unknown, refsMoved: readonly string[]): unknown {
  if (refsMoved.length === 0) return error
  const moved = [...refsMoved]
  if (error instanceof PublishError) {
    return new PublishError(error.kind, error.message, {
      ...(error.hint !== undefined ? { hint: error.hint } : {}),
      cause: error,
      refsMoved: moved
    })
  }
  return new PublishError('registry', error instanceof Error ? error.message : String(error), {
    cause: error,
    refsMoved: moved
  })
}

async function checkTag(client: RegistryStore, request: MoveTagsRequest, tag: string): Promise<Checked> {
  const ref = { ...request.target, tag }
  const { decision, current } = request.forward
    ? await checkTagForward({ store: client, ref, ...request.forward })
    : {
        decision: { tag, action: 'move' as const, message: `${tag}: moved` },
        current: await readTagState(client, ref)
      }
  const lost =
    request.noRegress && current.exists && current.digest !== request.index.digest
      ? (await platformsOfReference(client, { ...request.target, digest: current.digest })).filter(
          (had) => !request.index.platforms.some((have) => matchesStrict(had, have))
        )
      : []
  return { decision, current, lost }
}

/** Why this tag must not move and the run must fail, or undefined. */
function refusalOf(request: MoveTagsRequest, checked: Checked): string | undefined {
  if (checked.decision.action === 'fail') return checked.decision.message
  if (checked.lost.length === 0 || !checked.current.exists) return undefined
  return `${checked.decision.tag} points to ${checked.current.digest.slice(0, 19)}, which has ${checked.lost.map(formatPlatform).join(', ')} that this index lacks (no-regress)`
}

/** Before anything moves: any tag that must not move fails the run, and nothing moves. */
function refuseAll(request: MoveTagsRequest, checked: readonly Checked[]): void {
  const refusals = checked.map((c) => refusalOf(request, c)).filter((r): r is string => r !== undefined)
  if (refusals.length === 0) return
  const forward = tagMoves(checked.map((c) => c.decision)).failure
  throw new PublishError('conflict', refusals.join('; '), {
    hint: checked.some((c) => c.lost.length > 0)
      ? 'no tag was moved; publish an index that keeps every platform the tags have, or drop `no-regress`'
      : `no tag was moved; ${forward?.hint ?? 'publish from the newer commit'}`
  })
}
