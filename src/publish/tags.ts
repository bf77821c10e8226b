/**
 * The last phase of the publish protocol: moving the tags, each only forward and never to fewer
 * platforms than it has at that moment. Every tag is checked first (nothing moves when one must fail);
 * then each in turn is re-read just before its PUT (a HEAD: if it changed since its check, it is checked
 * again), PUT, and read back (while the next tag is re-read). The distribution API has no conditional
 * PUT, so the window that remains is the one request between that HEAD and the PUT (README: "Tags only
 * move forward"); a workflow `concurrency:` group closes it.
 */
import { ActionError } from '../errors.js'
import type { Platform } from '../oci/types.js'
import { formatPlatform, matchesStrict } from '../platform/index.js'
import { formatReference } from '../reference/reference.js'
import type { RegistryStore, Repository } from '../registry/ports.js'
import type { AncestryLookup } from '../revision/ancestry.js'
import type { OnOlder, TagDecision, TagState } from '../revision/decide.js'
import { tagMoves } from '../revision/decide.js'
import { checkTagForward, readTagState } from '../revision/tag.js'
import { platformsOfReference } from '../verify/verify-image.js'

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

/** One tag's first check: what it points to now, whether it may move, what it would lose. */
export interface CheckedTag {
  decision: TagDecision
  current: TagState
  /** Platforms the tag has now that the index lacks (no-regress at write time). */
  lost: Platform[]
}

type Checked = CheckedTag

export async function moveTags(client: RegistryStore, request: MoveTagsRequest): Promise<TagOutcome> {
  return writeTags(client, request, await checkTags(client, request))
}

/**
 * The first check of every tag: reads only (the tag, its configs, ancestry), so publish starts it while
 * the index is still being pushed and verified. Nothing is decided from it alone: writeTags refuses on
 * it, and re-reads each tag right before its PUT.
 */
export function checkTags(client: RegistryStore, request: MoveTagsRequest): Promise<CheckedTag[]> {
  return Promise.all(request.tags.map((tag) => checkTag(client, request, tag)))
}

/**
 * Moves the tags after `checkTags` of the same request (one check per tag, in its order): any tag that
 * must not move fails the run and nothing moves; then each tag in turn is re-read, PUT and read back.
 */
export async function writeTags(
  client: RegistryStore,
  request: MoveTagsRequest,
  checked: readonly CheckedTag[]
): Promise<TagOutcome> {
  refuseAll(request, checked)
  const outcome: TagOutcome = { refs: [], skipped: [], warnings: [], raced: [] }
  // A tag's read-back only reports (a race); it decides nothing about the next tag, whose re-read and PUT
  // need not wait for it. Every read-back is answered before the outcome is: tag i's after its PUT,
  // possibly while tag i+1 is being re-read.
  const readBacks: Promise<Raced | undefined>[] = []
  try {
    for (const first of checked) {
      const moved = await moveTag(client, request, first, outcome)
      if (!moved) continue
      const reading = readBack(client, request, moved)
      // Handled here as well: a read-back that fails while a later tag is still moving is thrown below.
      reading.catch(() => undefined)
      readBacks.push(reading)
    }
    for (const raced of await Promise.all(readBacks)) {
      if (!raced) continue
      outcome.raced.push(raced)
      outcome.warnings.push(
        `${raced.tag}: another publish moved it right after this run did; it now points to ${raced.digest}`
      )
    }
  } catch (error) {
    await Promise.allSettled(readBacks)
    // The failure summary says which tags moved: a write that failed after others landed must say so.
    throw withRefsMoved(error, outcome.refs)
  }
  return outcome
}

type Raced = TagOutcome['raced'][number]

/** Reads a tag back after our PUT: another publish's digest there, or undefined when ours is. */
async function readBack(
  client: RegistryStore,
  request: MoveTagsRequest,
  ref: Repository & { tag: string }
): Promise<Raced | undefined> {
  const after = await client.headManifest(ref)
  if (after?.digest === request.index.digest) return undefined
  return { tag: ref.tag, digest: after?.digest ?? 'nothing (deleted)' }
}

/** A tag that keeps changing under us is given up on after this many checks again (another publish is busy). */
const MAX_RECHECKS = 3

/** Re-reads the tag, re-checks it if it changed, PUTs the index under it; returns the tag when it was PUT. */
async function moveTag(
  client: RegistryStore,
  request: MoveTagsRequest,
  first: Checked,
  outcome: TagOutcome
): Promise<(Repository & { tag: string }) | undefined> {
  const tag = first.decision.tag
  const ref = { ...request.target, tag }
  // Re-read immediately before the PUT; a tag that changed since its check is checked again, and re-read
  // again after that check, so the PUT always follows a re-read that found the tag as last checked.
  let last = first
  for (let rechecks = 0; ; rechecks++) {
    const now = await client.headManifest(ref)
    if (last.current.exists ? now?.digest === last.current.digest : now === undefined) break
    if (rechecks === MAX_RECHECKS) {
      throw new ActionError('conflict', `${tag} kept changing while this run was about to move it`, {
        hint: 'run again once the other publishes have finished; a workflow `concurrency:` group on the tag prevents this'
      })
    }
    last = await checkTag(client, request, tag)
    if (refusalOf(request, last)) break
  }
  const refusal = refusalOf(request, last)
  if (refusal) {
    throw new ActionError('conflict', `${refusal} (it changed while this run was publishing)`, {
      hint: 'run again once the other publish has finished; a workflow `concurrency:` group on the tag prevents this'
    })
  }
  if (last.decision.action === 'skip') {
    outcome.skipped.push({ tag, message: last.decision.message })
    outcome.warnings.push(last.decision.message)
    return undefined
  }
  if (last.decision.action === 'move-with-note') outcome.warnings.push(last.decision.message)
  await client.putManifest(ref, request.index.bytes, request.index.mediaType)
  outcome.refs.push(formatReference(ref))
  return ref
}

/** The error, carrying the references that had moved before it (unchanged when none had). */
export function withRefsMoved(error: unknown, refsMoved: readonly string[]): unknown {
  if (refsMoved.length === 0) return error
  const moved = [...refsMoved]
  if (error instanceof ActionError) {
    return new ActionError(error.kind, error.message, {
      ...(error.hint !== undefined ? { hint: error.hint } : {}),
      cause: error,
      refsMoved: moved
    })
  }
  return new ActionError('registry', error instanceof Error ? error.message : String(error), {
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
  throw new ActionError('conflict', refusals.join('; '), {
    hint: checked.some((c) => c.lost.length > 0)
      ? 'no tag was moved; publish an index that keeps every platform the tags have, or drop `no-regress`'
      : `no tag was moved; ${forward?.hint ?? 'publish from the newer commit'}`
  })
}
