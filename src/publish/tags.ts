/**
 * The last phase of the publish protocol, and the only code that writes under a tag (arch tags too):
 * moving the tags, each only forward and never to fewer platforms than it has at that moment; a tag
 * already on the index is read, not written again. Every tag is checked first (nothing moves when one must fail);
 * then each in turn is re-read just before its PUT (a HEAD: if it changed since its check, it is checked
 * again), PUT, and read back (while the next tag is re-read). The distribution API has no conditional
 * PUT, so the window that remains is the one request between that HEAD and the PUT (README: "Tags only
 * move forward"); a workflow `concurrency:` group closes it.
 */
import { archTag } from '../buildx/staging.js'
import { ActionError } from '../errors.js'
import type { Platform } from '../oci/types.js'
import { formatPlatform, matchesStrict } from '../platform/index.js'
import { formatReference } from '../reference/reference.js'
import type { ManifestHead, RegistryStore, Repository } from '../registry/ports.js'
import type { TagDecision, TagState } from '../revision/decide.js'
import { tagMoves } from '../revision/decide.js'
import { checkTagForward, readTagState } from '../revision/tag.js'
import { platformsOfReference } from '../verify/verify-image.js'
import type { PublishRequest } from './request.js'

/** What the tag phase reads of the protocol's request. */
export type TagRequest = Pick<PublishRequest, 'target' | 'tags' | 'forward' | 'noRegress' | 'archTags'>

/** One platform's image in the index, for its arch tags. */
export interface PlatformImage {
  /** As verification names it (`linux/arm/v7`). */
  platform: string
  digest: string
}

/** The verified index to put under the tags. */
export interface IndexToTag {
  digest: string
  bytes: Uint8Array
  mediaType: string
  /** The platforms the index lists: what a tag would lose is judged against these. */
  platforms: readonly Platform[]
  /** Each platform's image, for arch tags (`archTags`); absent or empty: none are written. */
  images?: readonly PlatformImage[]
}

export interface TagOutcome {
  /** References that now point at the index (or, arch tags, at their platform's image). */
  refs: string[]
  /** Tags that already pointed there: read, not written again (an immutable tag re-runs green). */
  unchanged: string[]
  /** Tags left where they were (`on-older: skip`), with the line naming both commits. */
  skipped: { tag: string; message: string }[]
  /** Lines to show as warnings (skips, moves that could not be told forward, races). */
  warnings: string[]
  /** Tags another publish changed between our PUT and our read-back: the digest that won. */
  raced: { tag: string; digest: string }[]
}

/** One tag's first check: what it points to now, whether it may move, what it would lose. */
export interface CheckedTag {
  decision: TagDecision
  current: TagState
  /** Platforms the tag has now that the index lacks (no-regress at write time). */
  lost: Platform[]
}

/** Every tag's first check, and where each arch tag points now (by `<tag>-<os>-<arch>`). */
export interface CheckedTags {
  tags: CheckedTag[]
  archTags: Map<string, ManifestHead | undefined>
}

type Checked = CheckedTag
type Ref = Repository & { tag: string }

/**
 * The first check of every tag: reads only (the tag, its configs, ancestry; the arch tags' heads), so
 * publish starts it while the index is still being pushed and verified. Nothing is decided from it
 * alone: writeTags refuses on it, and re-reads each tag right before its PUT.
 */
export async function checkTags(
  client: RegistryStore,
  request: TagRequest,
  index: IndexToTag
): Promise<CheckedTags> {
  const names = archTagNames(request, index)
  const [tags, heads] = await Promise.all([
    Promise.all(request.tags.map((tag) => checkTag(client, request, index, tag))),
    Promise.all(names.map((tag) => client.headManifest({ ...request.target, tag })))
  ])
  return { tags, archTags: new Map(names.map((tag, i) => [tag, heads[i]])) }
}

/**
 * Moves the tags after `checkTags` of the same request: any tag that must not move fails the run and
 * nothing moves; then each tag in turn is re-read, PUT (unless it already points to the index) and read
 * back; then, beside each tag now on the index, its arch tags. The only writes under a tag in the code base.
 */
export async function writeTags(
  client: RegistryStore,
  request: TagRequest,
  index: IndexToTag,
  checked: CheckedTags
): Promise<TagOutcome> {
  refuseAll(checked.tags)
  const outcome: TagOutcome = { refs: [], unchanged: [], skipped: [], warnings: [], raced: [] }
  // A tag's read-back only reports (a race); it decides nothing about the next tag, whose re-read and PUT
  // need not wait for it. Every read-back is answered before the outcome is: tag i's after its PUT,
  // possibly while tag i+1 is being re-read.
  const readBacks: Promise<Raced | undefined>[] = []
  try {
    const published: string[] = []
    for (const first of checked.tags) {
      const moved = await moveTag(client, { request, index, first, outcome })
      if (moved === 'skipped') continue
      published.push(first.decision.tag)
      if (moved === 'unchanged') continue
      const reading = readBack(client, index, moved)
      // Handled here as well: a read-back that fails while a later tag is still moving is thrown below.
      reading.catch(() => undefined)
      readBacks.push(reading)
    }
    await writeArchTags(client, { request, index, published, heads: checked.archTags, outcome })
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

/** One repository's part of a tag phase: its request (target and tags), its verified index, its first checks. */
export interface RepositoryToTag {
  request: TagRequest
  index: IndexToTag
  checked: CheckedTags
}

/**
 * The tag phase of a publish to several repositories, after every one's index was verified there: any
 * tag in any repository that must not move fails the run before the first write, so nothing moves
 * anywhere; then each repository's tags move in turn (writeTags). A write refused part-way names every
 * reference that had moved, in every repository.
 */
export async function writeTagsEverywhere(
  client: RegistryStore,
  repositories: readonly RepositoryToTag[]
): Promise<TagOutcome[]> {
  refuseAll(repositories.flatMap((r) => r.checked.tags))
  const outcomes: TagOutcome[] = []
  for (const { request, index, checked } of repositories) {
    try {
      outcomes.push(await writeTags(client, request, index, checked))
    } catch (error) {
      const before = outcomes.flatMap((o) => o.refs)
      const during = error instanceof ActionError ? error.refsMoved : []
      throw withRefsMoved(error, [...before, ...during])
    }
  }
  return outcomes
}

type Raced = TagOutcome['raced'][number]

/** Reads a tag back after our PUT: another publish's digest there, or undefined when ours is. */
async function readBack(client: RegistryStore, index: IndexToTag, ref: Ref): Promise<Raced | undefined> {
  const after = await client.headManifest(ref)
  if (after?.digest === index.digest) return undefined
  return { tag: ref.tag, digest: after?.digest ?? 'nothing (deleted)' }
}

/** `<tag>-<os>-<arch>[-<variant>]` for every tag and platform image (none without `archTags`). */
function archTagNames(request: TagRequest, index: IndexToTag): string[] {
  if (!request.archTags) return []
  return request.tags.flatMap((tag) => (index.images ?? []).map((image) => archTag(tag, image.platform)))
}

/**
 * Each platform's image under `<tag>-<os>-<arch>`, beside each tag that now points to the index (a tag
 * left on a newer commit keeps its arch tags too). An arch tag already on that image is not written
 * again; the images to write are all read before the first arch tag is.
 */
async function writeArchTags(
  client: RegistryStore,
  options: {
    request: TagRequest
    index: IndexToTag
    published: readonly string[]
    heads: ReadonlyMap<string, ManifestHead | undefined>
    outcome: TagOutcome
  }
): Promise<void> {
  const { request, index, outcome } = options
  if (!request.archTags) return
  const planned = (index.images ?? []).flatMap((image) =>
    options.published.map((tag) => {
      const ref = { ...request.target, tag: archTag(tag, image.platform) }
      return { ref, image, unchanged: options.heads.get(ref.tag)?.digest === image.digest }
    })
  )
  const toRead = [...new Set(planned.filter((p) => !p.unchanged).map((p) => p.image.digest))]
  const manifests = new Map(
    await Promise.all(
      toRead.map(async (digest) => [digest, await client.getManifest({ ...request.target, digest })] as const)
    )
  )
  for (const { ref, image, unchanged } of planned) {
    const manifest = manifests.get(image.digest)
    if (unchanged || !manifest) outcome.unchanged.push(ref.tag)
    else await client.putManifest(ref, manifest.bytes, manifest.mediaType)
    // Each arch tag joins the refs as it lands, so a failure part-way names every tag that moved.
    outcome.refs.push(formatReference(ref))
  }
}

/** A tag that keeps changing under us is given up on after this many checks again (another publish is busy). */
const MAX_RECHECKS = 3

/**
 * Re-reads the tag, re-checks it if it changed, PUTs the index under it unless it already points there;
 * returns the tag when it was PUT.
 */
async function moveTag(
  client: RegistryStore,
  options: { request: TagRequest; index: IndexToTag; first: Checked; outcome: TagOutcome }
): Promise<Ref | 'unchanged' | 'skipped'> {
  const { request, index, outcome } = options
  const tag = options.first.decision.tag
  const ref = { ...request.target, tag }
  // Re-read immediately before the PUT; a tag that changed since its check is checked again, and re-read
  // again after that check, so the PUT always follows a re-read that found the tag as last checked.
  let last = options.first
  for (let rechecks = 0; ; rechecks++) {
    const now = await client.headManifest(ref)
    if (last.current.exists ? now?.digest === last.current.digest : now === undefined) break
    if (rechecks === MAX_RECHECKS) {
      throw new ActionError('conflict', `${tag} kept changing while this run was about to move it`, {
        hint: 'run again once the other publishes have finished; a workflow `concurrency:` group on the tag prevents this'
      })
    }
    last = await checkTag(client, request, index, tag)
    if (refusalOf(last)) break
  }
  const refusal = refusalOf(last)
  if (refusal) {
    throw new ActionError('conflict', `${refusal} (it changed while this run was publishing)`, {
      hint: 'run again once the other publish has finished; a workflow `concurrency:` group on the tag prevents this'
    })
  }
  // Already there (a re-run): writing it again would change nothing, and an immutable tag refuses it.
  if (last.current.exists && last.current.digest === index.digest) {
    outcome.unchanged.push(tag)
    outcome.refs.push(formatReference(ref))
    return 'unchanged'
  }
  if (last.decision.action === 'skip') {
    outcome.skipped.push({ tag, message: last.decision.message })
    outcome.warnings.push(last.decision.message)
    return 'skipped'
  }
  if (last.decision.action === 'move-with-note') outcome.warnings.push(last.decision.message)
  await client.putManifest(ref, index.bytes, index.mediaType)
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

async function checkTag(
  client: RegistryStore,
  request: TagRequest,
  index: IndexToTag,
  tag: string
): Promise<Checked> {
  const ref = { ...request.target, tag }
  const { decision, current } = request.forward
    ? await checkTagForward({ store: client, ref, ...request.forward })
    : {
        decision: { tag, action: 'move' as const, message: `${tag}: moved` },
        current: await readTagState(client, ref)
      }
  const lost =
    request.noRegress?.kind === 'previous-tags' && current.exists && current.digest !== index.digest
      ? (await platformsOfReference(client, { ...request.target, digest: current.digest })).filter(
          (had) => !index.platforms.some((have) => matchesStrict(had, have))
        )
      : []
  return { decision, current, lost }
}

/** Why this tag must not move and the run must fail, or undefined. */
function refusalOf(checked: Checked): string | undefined {
  if (checked.decision.action === 'fail') return checked.decision.message
  if (checked.lost.length === 0 || !checked.current.exists) return undefined
  return `${checked.decision.tag} points to ${checked.current.digest.slice(0, 19)}, which has ${checked.lost.map(formatPlatform).join(', ')} that this index lacks (no-regress)`
}

/** Before anything moves: any tag that must not move fails the run, and nothing moves. */
function refuseAll(checked: readonly Checked[]): void {
  const refusals = checked.map((c) => refusalOf(c)).filter((r): r is string => r !== undefined)
  if (refusals.length === 0) return
  const forward = tagMoves(checked.map((c) => c.decision)).failure
  throw new ActionError('conflict', refusals.join('; '), {
    hint: checked.some((c) => c.lost.length > 0)
      ? 'no tag was moved; publish an index that keeps every platform the tags have, or drop `no-regress`'
      : `no tag was moved; ${forward?.hint ?? 'publish from the newer commit'}`
  })
}
