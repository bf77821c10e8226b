/**
 * The publish protocol, over one request (request.ts) built by the mode. Children are brought into the
 * target repository and the index is pushed by digest (nothing a user pulls changes yet); the index is
 * verified against the requested platforms (and, with no-regress, against what the tags point to now);
 * only then does the tag phase (tags.ts, the only code that writes under a tag) put it under each tag,
 * with the same bytes. Any failure before that leaves every tag exactly as it was.
 */
import { mergeAnnotations } from '../image-index/annotations.js'
import { assembleIndex, chooseMediaType, type AssembledIndex } from '../image-index/assemble.js'
import { parseManifest, type ParsedManifest } from '../oci/parse.js'
import { isAttestation, isIndexMediaType, MediaType, type Descriptor, type Platform } from '../oci/types.js'
import { mapBounded } from '../pool.js'
import { formatReference } from '../reference/reference.js'
import { refusesMediaType, type RegistryError } from '../registry/errors.js'
import type { ImageSource, RegistryStore } from '../registry/ports.js'
import type { VerifyResult } from '../verify/checks.js'
import type { ImageEvidence } from '../verify/evidence.js'
import { ActionError } from '../errors.js'
import { formatPlatform, matchesStrict, platformIdentity } from '../platform/index.js'
import { LayerScanner, type LayerReads } from '../verify/layers.js'
import { gatherForPlan, platformsOfReference, verifyImage, type VerifyPlan } from '../verify/verify-image.js'
import { KnownContentSource } from './cache.js'
import { copyManifest, emptyCopyStats, type CopyStats } from './copy.js'
import type { AttestationRecord } from './attest-step.js'
import type { PublishRequest, VerifiedRequest } from './request.js'
import type { LocatedImage } from './sources.js'
import { checkTags, writeTagsEverywhere, type CheckedTags, type IndexToTag, type TagOutcome } from './tags.js'

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
  /** What the tag phase did (unchanged tags, skips, warnings, races); absent when it was not reached. */
  tagging?: TagOutcome
  /** Why the tag phase refused to move the tags (a `conflict`); `refs` are those that had moved. */
  refused?: ActionError
  copy: CopyStats
  phases: Phase[]
  dryRun: boolean
  /** The attestation stored for the index (passed or failed) before any tag moved; absent: none written. */
  attestation?: AttestationRecord
  /** `media-type: auto`: the registry refused the Docker list (its words); the OCI index was published instead. */
  mediaTypeFallback?: string
  /** One row per repository published to, the target first (empty in a dry run). */
  repositories: RepositoryOutcome[]
}

/** What one repository holds after the publish: its index (by digest), its verdict, its tags. */
export interface RepositoryOutcome {
  /** `registry/repository`. */
  repository: string
  /** The index PUT there (the same bytes everywhere, unless that registry refused the Docker list). */
  digest: string
  mediaType: string
  verified: boolean
  /** The references there now pointing at the index (or its platform images: arch tags). */
  refs: string[]
  copy: CopyStats
  attestation?: AttestationRecord
  mediaTypeFallback?: string
}

export async function publishIndex(
  client: RegistryStore,
  request: PublishRequest,
  images: readonly LocatedImage[]
): Promise<PublishOutcome> {
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
  const assembled = await timed('assemble', () => Promise.resolve(assemble(request, images)))
  refuseIncompletePlan(request, images)
  if (request.dryRun) {
    return { assembled, refs: [], copy: emptyCopyStats(), phases, dryRun: true, repositories: [] }
  }

  const targets = repositoryRequests(request)
  const published = await publishEverywhere(client, targets, { images, assembled, timed })
  const [primary] = published
  if (!primary) throw new Error('publishIndex: no repository to publish to')
  const failed = published.find((p) => !p.verification.result.ok)
  const rows = (tagged?: readonly TagOutcome[]): RepositoryOutcome[] =>
    published.map((p, i) => repositoryRow(p, tagged?.[i]?.refs ?? []))
  const common = {
    assembled: primary.pushed.assembled,
    // The verdict the run reports: the first repository whose index failed, else the target's.
    verification: (failed ?? primary).verification,
    copy: primary.copy,
    phases,
    dryRun: false,
    ...fallbackOf(published),
    ...(primary.attestation ? { attestation: primary.attestation } : {})
  }
  if (failed) return { ...common, refs: [], repositories: rows() }

  let tagging: TagOutcome[]
  try {
    const repositories = await Promise.all(
      published.map(async (p) => ({
        request: p.request,
        index: p.pushed.index,
        checked: await p.pushed.checking
      }))
    )
    tagging = await timed('tag', () => writeTagsEverywhere(client, repositories))
  } catch (error) {
    // A tag refused (on-older: fail, no-regress at write time) after a verification that passed: the
    // run reports it like a failed check, with its report and summary, and says which tags moved.
    if (!(error instanceof ActionError) || error.kind !== 'conflict') throw error
    return { ...common, refs: [...error.refsMoved], refused: error, repositories: rows() }
  }
  return {
    ...common,
    refs: tagging.flatMap((t) => t.refs),
    tagging: mergedTagging(published, tagging),
    repositories: rows(tagging)
  }
}

/** The target's request first, then one per other repository `tags` named (the same index, its own tags). */
function repositoryRequests(request: PublishRequest): PublishRequest[] {
  const others = (request.others ?? []).map((o) => ({ ...request, target: o.target, tags: o.tags }))
  if (others.length === 0) return [request]
  // Every repository's index lists the same layers: each is scanned once for the run (by digest; a
  // copy is checked over its bytes as it is streamed), however many repositories verify it.
  const scans = request.scans ?? new LayerScanner()
  return [request, ...others].map((r) => ({ ...r, scans }))
}

/** One repository's index, brought there by digest, verified and attested: what its tag phase needs. */
interface PublishedThere {
  request: PublishRequest
  pushed: PushedIndex
  verification: Verification
  attestation?: AttestationRecord
  mediaTypeFallback?: string
  copy: CopyStats
}

/**
 * Publishes by digest into every repository at once, and waits for all of them: a registry that refuses
 * anything fails the run before the tag phase, so no tag moves anywhere (and no work is left running).
 */
async function publishEverywhere(
  client: RegistryStore,
  requests: readonly PublishRequest[],
  shared: { images: readonly LocatedImage[]; assembled: AssembledIndex; timed: Timed }
): Promise<PublishedThere[]> {
  const several = requests.length > 1
  const settled = await Promise.allSettled(
    requests.map((request) => {
      const name = `${request.target.registry}/${request.target.repository}`
      const timed: Timed = several ? (phase, work) => shared.timed(`${phase} (${name})`, work) : shared.timed
      return publishThere(client, request, { ...shared, timed })
    })
  )
  const refused = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
  const done = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  if (refused) {
    await Promise.allSettled(done.flatMap((p) => (p.attestation?.pending ? [p.attestation.pending] : [])))
    throw refused.reason
  }
  return done
}

/** Children into the repository, the index PUT by digest there, verified there and attested. */
async function publishThere(
  client: RegistryStore,
  request: PublishRequest,
  shared: { images: readonly LocatedImage[]; assembled: AssembledIndex; timed: Timed }
): Promise<PublishedThere> {
  const { images, timed } = shared
  const { target } = request
  const copy = emptyCopyStats()
  const source = new KnownContentSource(client)
  await timed('copy children', () =>
    mapBounded(
      images.flatMap((image) =>
        [image.descriptor, ...image.attestations].map((d) => ({ from: image.from, descriptor: d }))
      ),
      4,
      async ({ from, descriptor }) => {
        const copied = await copyManifest(client, from, target, descriptor, copy)
        if (copied) source.remember(copied)
      }
    )
  )
  const context = { source, timed }
  let pushed: PushedIndex
  let mediaTypeFallback: string | undefined
  try {
    pushed = await pushIndex(client, request, shared.assembled, context)
  } catch (error) {
    if (!fallsBackToOci(request, shared.assembled, error)) throw error
    // An OCI-only registry (zot) refused the Docker list: the same images as an OCI index, pushed and
    // verified anew, so no tag moves to an index that was not verified as pushed.
    mediaTypeFallback = error.message
    const oci = await timed('assemble as OCI', () => Promise.resolve(assemble(request, images, 'oci')))
    pushed = await pushIndex(client, request, oci, context)
  }
  // The attestation step starts as soon as the index is stored by digest (its first requests overlap
  // verification) and attests the result, passed or failed, before any tag moves.
  const attesting = request.attest?.({
    repository: { registry: target.registry, repository: target.repository },
    tags: request.tags,
    index: descriptorOf(pushed.assembled),
    verifying: pushed.verifying.then((v) => v.result)
  })
  attesting?.catch(() => undefined)
  const verification = await pushed.verifying
  const attestation = attesting ? await timed('attest', () => attesting) : undefined
  return {
    request,
    pushed,
    verification,
    copy,
    ...(attestation ? { attestation } : {}),
    ...(mediaTypeFallback !== undefined ? { mediaTypeFallback } : {})
  }
}

/** The refusal of the Docker list the run reports: the target's, else the first other repository's. */
function fallbackOf(published: readonly PublishedThere[]): { mediaTypeFallback?: string } {
  const fallback = published.find((p) => p.mediaTypeFallback !== undefined)?.mediaTypeFallback
  return fallback !== undefined ? { mediaTypeFallback: fallback } : {}
}

function repositoryRow(published: PublishedThere, refs: readonly string[]): RepositoryOutcome {
  const { target } = published.request
  return {
    repository: `${target.registry}/${target.repository}`,
    digest: published.pushed.assembled.digest,
    mediaType: published.pushed.assembled.mediaType,
    verified: published.verification.result.ok,
    refs: [...refs],
    copy: published.copy,
    ...(published.attestation ? { attestation: published.attestation } : {}),
    ...(published.mediaTypeFallback !== undefined ? { mediaTypeFallback: published.mediaTypeFallback } : {})
  }
}

/**
 * Every repository's tag phase as one: the target's tags by name, the other repositories' as full
 * references (a bare `latest` would not say which repository's).
 */
function mergedTagging(published: readonly PublishedThere[], tagging: readonly TagOutcome[]): TagOutcome {
  const merged: TagOutcome = { refs: [], unchanged: [], skipped: [], warnings: [], raced: [] }
  tagging.forEach((t, i) => {
    const target = published[i]?.request.target
    const name = (tag: string): string => (i === 0 || !target ? tag : formatReference({ ...target, tag }))
    merged.refs.push(...t.refs)
    merged.unchanged.push(...t.unchanged.map(name))
    merged.skipped.push(...t.skipped.map((s) => ({ ...s, tag: name(s.tag) })))
    merged.warnings.push(...t.warnings)
    merged.raced.push(...t.raced.map((r) => ({ ...r, tag: name(r.tag) })))
  })
  return merged
}

type Timed = <T>(name: string, work: () => Promise<T>) => Promise<T>
type Verification = NonNullable<PublishOutcome['verification']>

/** An index pushed by digest, its verification and the tags' first checks under way. */
interface PushedIndex {
  assembled: AssembledIndex
  index: IndexToTag
  verifying: Promise<Verification>
  checking: Promise<CheckedTags>
}

/**
 * Pushes `assembled` by digest; resolves once the PUT has succeeded. Verification reads the index from
 * the bytes assembled here (the ones the PUT sends, hashed once) and everything else from the target
 * repository, where the children already are: its reads need not wait for the PUT. Nor do the tags'
 * first checks (reads only). Nothing is written under a tag until the PUT has succeeded, verification
 * has passed and every tag's check has let it move (writeTags).
 */
async function pushIndex(
  client: RegistryStore,
  request: PublishRequest,
  assembled: AssembledIndex,
  context: { source: KnownContentSource; timed: Timed }
): Promise<PushedIndex> {
  const { source, timed } = context
  const { target } = request
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
  const index: IndexToTag = {
    digest: assembled.digest,
    bytes: assembled.bytes,
    mediaType: assembled.mediaType,
    platforms: platformsOfIndex(parsed),
    images: imagesOfIndex(parsed)
  }
  const pushing = timed('push index by digest', () =>
    client.putManifest({ ...target, digest: assembled.digest }, assembled.bytes, assembled.mediaType)
  )
  const verifying = timed('verify', async () => {
    const { result, evidence } = await verifyImage(
      source,
      verifyPlan(request, { digest: assembled.digest }),
      {
        ...(request.scans ? { scanner: request.scans } : {}),
        // Read while the evidence is gathered, not before it.
        ...(request.noRegress ? { previous: previousPlatforms(client, request) } : {})
      }
    )
    return { result, evidence }
  })
  const checking = timed('check tags', () => checkTags(client, request, index))
  // Awaited in the order the protocol decides in (the PUT's error first, then verification's); the ones
  // still pending when the PUT fails are settled first (reads only), and never reported as unhandled.
  verifying.catch(() => undefined)
  checking.catch(() => undefined)
  try {
    await pushing
  } catch (error) {
    await Promise.allSettled([verifying, checking])
    throw error
  }
  return { assembled, index, verifying, checking }
}

/** The index as the registry serves it: the bytes PUT by digest. */
function descriptorOf(assembled: AssembledIndex): Pick<Descriptor, 'mediaType' | 'digest' | 'size'> {
  return { mediaType: assembled.mediaType, digest: assembled.digest, size: assembled.bytes.length }
}

/** `media-type: auto` chose a Docker list, and the registry refused it for its media type. */
function fallsBackToOci(
  request: PublishRequest,
  assembled: AssembledIndex,
  error: unknown
): error is RegistryError {
  return (
    request.mediaType === 'auto' && assembled.mediaType === MediaType.dockerList && refusesMediaType(error)
  )
}

/**
 * The index from the images: a Docker list when every child is a Docker image and the user asked for no
 * annotations (`media-type: auto`), else OCI; the defaults (source, revision) go on an OCI index only,
 * and never turn a Docker list into one.
 */
function assemble(
  request: PublishRequest,
  images: readonly LocatedImage[],
  choice = request.mediaType
): AssembledIndex {
  const user = request.annotations
  const mediaType = chooseMediaType([...images], choice, Object.keys(user).length > 0)
  const oci = mediaType === MediaType.ociIndex
  return assembleIndex([...images], {
    requested: [...request.platforms],
    mediaType: oci ? 'oci' : 'docker',
    annotations: oci ? mergeAnnotations(request.defaultAnnotations ?? {}, user) : user
  })
}

/**
 * Before publish builds anything: each other repository answers a read (one HEAD of its first tag) with
 * the credentials it will be written with, so a login that registry refuses fails the run before the
 * build, not after it. A registry that lets anyone read but only some push is found at the first write.
 */
export async function reachOtherRepositories(
  client: Pick<RegistryStore, 'headManifest'>,
  request: Pick<PublishRequest, 'others'>
): Promise<void> {
  await Promise.all(
    (request.others ?? []).map((o) => client.headManifest({ ...o.target, tag: o.tags[0] ?? 'latest' }))
  )
}

/**
 * Reads ahead what verification of an index holding `image` (pushed into the target, by digest or under
 * a staging tag) will read — its manifests and configs (kept by the client), its layers (kept by `scans`,
 * a read-ahead view of the run's layer scans) — while the build
 * session is still finishing (merge: while the other sources are read). Reads only, nothing judged (the
 * index is verified as assembled), and a failure here is not reported: the verification that counts
 * meets it again.
 */
export async function readAhead(
  client: ImageSource,
  request: VerifiedRequest,
  image: { digest: string } | { tag: string },
  scans: LayerReads
): Promise<void> {
  await gatherForPlan(client, verifyPlan(request, image), { scanner: scans }).catch(() => undefined)
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
function refuseIncompletePlan(request: PublishRequest, images: readonly LocatedImage[]): void {
  const missing = request.platforms.filter(
    (want) => !images.some((image) => matchesStrict(want, image.platform))
  )
  if (missing.length === 0) return
  const names = missing.map((p) => formatPlatform(p)).join(', ')
  throw new ActionError(
    'invalid-input',
    `no source has ${names}: the sources give ${[...new Set(images.map((i) => formatPlatform(i.platform)))].join(', ') || 'no image'}`,
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
  return imageEntries(parsed).flatMap((m) => (m.platform ? [m.platform] : []))
}

/** Each platform's image in the index, named as verification names it: what arch tags point to. */
function imagesOfIndex(parsed: ParsedManifest): IndexToTag['images'] {
  return imageEntries(parsed).flatMap((m) =>
    m.platform ? [{ platform: platformIdentity(m.platform), digest: m.digest }] : []
  )
}

function imageEntries(parsed: ParsedManifest): Descriptor[] {
  if (parsed.kind !== 'index') return []
  return parsed.index.manifests.filter((m) => !isAttestation(m) && !isIndexMediaType(m.mediaType))
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
