/**
 * The publish protocol — the only place that moves tags. Children are brought into the target repository
 * and the index is pushed by digest (nothing a user pulls changes yet); the index is verified against the
 * requested platforms (and, with no-regress, against what the tags point to now); only then is it PUT
 * under each tag, with the same bytes. Any failure before that leaves every tag exactly as it was.
 */
import { assembleIndex, type AssembledIndex, type MediaTypeChoice } from '../image-index/assemble.js'
import { parseManifest, type ParsedManifest } from '../oci/parse.js'
import { isAttestation, isIndexMediaType, type Platform } from '../oci/types.js'
import { mapBounded } from '../pool.js'
import { formatReference, type ImageReference } from '../reference/reference.js'
import type { ImageSource, RegistryStore, Repository } from '../registry/ports.js'
import type { VerifyResult } from '../verify/checks.js'
import type { ImageEvidence } from '../verify/evidence.js'
import { ActionError } from '../errors.js'
import { formatPlatform, matchesStrict } from '../platform/index.js'
import type { LayerScanner } from '../verify/layers.js'
import { platformsOfReference, verifyImage, type LayerPolicy, type VerifyPlan } from '../verify/verify-image.js'
import { KnownContentSource } from './cache.js'
import { copyManifest, emptyCopyStats, type CopyStats } from './copy.js'
import type { LocatedImage } from './sources.js'
import { checkTags, writeTags, type ForwardPolicy, type MoveTagsRequest, type TagOutcome } from './tags.js'

export interface PublishRequest {
  target: Repository
  tags: readonly string[]
  platforms: readonly Platform[]
  images: readonly LocatedImage[]
  annotations: Record<string, string>
  mediaType: MediaTypeChoice
  checkBinaries: boolean
  noRegress?: { kind: 'previous-tags' } | { kind: 'reference'; reference: ImageReference }
  /** How verification reads layers (verify-layers, verify-budget, …); absent: the defaults. */
  layers?: LayerPolicy
  /** Tags only move forward (on-older); absent: every tag moves (unit tests of other rules). */
  forward?: ForwardPolicy
  /** Layer scans this run already made or started (a read ahead): verification reuses them. */
  scanner?: LayerScanner
  dryRun: boolean
}

/** What decides verification's reads: the same for the index and for a read ahead of its images. */
export type VerifiedRequest = Pick<PublishRequest, 'target' | 'platforms' | 'checkBinaries' | 'layers'>

export interface Phase {
  name: string
  startMs: number
  durationMs: number
}

export interface PublishOutcome {
  assembled: AssembledIndex
  /** Absent in a dry run. */
  verification?: { result: VerifyResult; evidence: ImageEvidence }
  /** The references now pointing at the index; empty when nothing was published. */
  refs: string[]
  /** What the tag phase did (skips, warnings, races); absent when it was not reached. */
  tagging?: TagOutcome
  /** Why the tag phase refused to move the tags (a `conflict`); `refs` are those that had moved. */
  refused?: ActionError
  copy: CopyStats
  phases: Phase[]
  dryRun: boolean
}

export async function publishIndex(client: RegistryStore, request: PublishRequest): Promise<PublishOutcome> {
  const started = Date.now()
  const phases: Phase[] = []
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const start = Date.now()
    try {
      return await work()
    } finally {
      phases.push({ name, startMs: start - started, durationMs: Date.now() - start })
    }
  }
  const { target } = request
  const assembled = await timed('assemble', () =>
    Promise.resolve(
      assembleIndex([...request.images], {
        requested: [...request.platforms],
        mediaType: request.mediaType,
        annotations: request.annotations
      })
    )
  )
  refuseIncompletePlan(request)
  const copy = emptyCopyStats()
  if (request.dryRun) return { assembled, refs: [], copy, phases, dryRun: true }

  const source = new KnownContentSource(client)
  await timed('copy children', () =>
    mapBounded(
      request.images.flatMap((image) =>
        [image.descriptor, ...image.attestations].map((d) => ({ from: image.from, descriptor: d }))
      ),
      4,
      async ({ from, descriptor }) => {
        const copied = await copyManifest(client, from, target, descriptor, copy)
        if (copied) source.remember(copied)
      }
    )
  )
  // Verification reads the index from the bytes assembled here (the ones the PUT sends, hashed once) and
  // everything else from the target repository, where the children already are: its reads need not wait
  // for the PUT. Nor do the tags' first checks (reads only). Nothing is written under a tag until the PUT
  // has succeeded, verification has passed and every tag's check has let it move (writeTags).
  const parsed = parseManifest(
    assembled.bytes,
    assembled.mediaType,
    formatReference({ ...target, digest: assembled.digest })
  )
  source.remember({
    digest: assembled.digest,
    mediaType: assembled.mediaType,
    bytes: assembled.bytes,
    parsed
  })
  const tagRequest: MoveTagsRequest = {
    target,
    tags: request.tags,
    index: {
      digest: assembled.digest,
      bytes: assembled.bytes,
      mediaType: assembled.mediaType,
      platforms: platformsOfIndex(parsed)
    },
    ...(request.forward ? { forward: request.forward } : {}),
    noRegress: request.noRegress?.kind === 'previous-tags'
  }
  const pushing = timed('push index by digest', () =>
    client.putManifest({ ...target, digest: assembled.digest }, assembled.bytes, assembled.mediaType)
  )
  const verifying = timed('verify', async () => {
    const { result, evidence } = await verifyImage(
      source,
      verifyPlan(request, { digest: assembled.digest }),
      {
        ...(request.scanner ? { scanner: request.scanner } : {}),
        // Read while the evidence is gathered, not before it.
        ...(request.noRegress ? { previous: previousPlatforms(client, request) } : {})
      }
    )
    return { result, evidence }
  })
  const checking = timed('check tags', () => checkTags(client, tagRequest))
  // Awaited in the order the protocol decides in (the PUT's error first, then verification's); the ones
  // still pending when an earlier one fails must not be reported as unhandled.
  verifying.catch(() => undefined)
  checking.catch(() => undefined)
  await pushing
  const verification = await verifying
  if (!verification.result.ok) return { assembled, verification, refs: [], copy, phases, dryRun: false }

  let tagging: TagOutcome
  try {
    const checked = await checking
    tagging = await timed('tag', () => writeTags(client, tagRequest, checked))
  } catch (error) {
    // A tag refused (on-older: fail, no-regress at write time) after a verification that passed: the
    // run reports it like a failed check, with its report and summary, and says which tags moved.
    if (!(error instanceof ActionError) || error.kind !== 'conflict') throw error
    return {
      assembled,
      verification,
      refs: [...error.refsMoved],
      refused: error,
      copy,
      phases,
      dryRun: false
    }
  }
  return { assembled, verification, refs: tagging.refs, tagging, copy, phases, dryRun: false }
}

/**
 * Reads ahead what verification of an index holding `image` (pushed into the target, by digest or under
 * a staging tag) will read — its manifests and configs (kept by the client), its layers (kept by `scanner`) — while the build
 * session is still finishing. Reads only; its verdict is not used (the index is verified as assembled),
 * and a failure here is not reported: the verification that counts meets it again.
 */
export async function readAhead(
  client: ImageSource,
  request: VerifiedRequest,
  image: { digest: string } | { tag: string },
  scanner: LayerScanner
): Promise<void> {
  await verifyImage(client, verifyPlan(request, image), { scanner: scanner.readingAhead() }).catch(
    () => undefined
  )
}

function verifyPlan(request: VerifiedRequest, image: { digest: string } | { tag: string }): VerifyPlan {
  return {
    image: { ...request.target, ...image },
    platforms: [...request.platforms],
    checkBinaries: request.checkBinaries,
    allowExtra: true,
    ...(request.layers ? { layers: request.layers } : {})
  }
}

/**
 * Nothing is written before the plan is known to be complete: a requested platform that no source has
 * is an input error, found from what the sources said, before the first write (issue: knowable errors).
 */
function refuseIncompletePlan(request: PublishRequest): void {
  const missing = request.platforms.filter(
    (want) => !request.images.some((image) => matchesStrict(want, image.platform))
  )
  if (missing.length === 0) return
  const names = missing.map((p) => formatPlatform(p)).join(', ')
  throw new ActionError(
    'invalid-input',
    `no source has ${names}: the sources give ${[...new Set(request.images.map((i) => formatPlatform(i.platform)))].join(', ') || 'no image'}`,
    {
      hint: `add an image for ${names} to \`sources\` (or its build leg), or drop it from \`platforms\`; nothing was written`
    }
  )
}

/**
 * The platforms the assembled index lists (attestations and nested indexes left out), as verification's
 * entries name them: what a tag would lose is judged against these.
 */
function platformsOfIndex(parsed: ParsedManifest): Platform[] {
  if (parsed.kind !== 'index') return []
  return parsed.index.manifests
    .filter((m) => !isAttestation(m) && !isIndexMediaType(m.mediaType))
    .flatMap((m) => (m.platform ? [m.platform] : []))
}

/** What no-regress compares with: the platforms each tag points to now (those that exist), or a reference's. */
async function previousPlatforms(
  client: RegistryStore,
  request: PublishRequest
): Promise<{ reference: string; platforms: Platform[] } | undefined> {
  const noRegress = request.noRegress
  if (!noRegress) return undefined
  if (noRegress.kind === 'reference') {
    return {
      reference: formatReference(noRegress.reference),
      platforms: await platformsOfReference(client, noRegress.reference)
    }
  }
  const current = await mapBounded(request.tags, 4, async (tag) => {
    const ref = { ...request.target, tag }
    return (await client.headManifest(ref)) ? await platformsOfReference(client, ref) : []
  })
  const names = request.tags.map((tag) => formatReference({ ...request.target, tag })).join(', ')
  return { reference: `the current ${names}`, platforms: current.flat() }
}
