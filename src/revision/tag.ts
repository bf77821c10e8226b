/**
 * The forward-only check for one tag, over the registry's ports: read what the tag points to now and the
 * configs its revision needs, ask ancestry only when there is a question, decide. No I/O of its own (the
 * ports and the lookup do it), so it runs against the in-memory registry in unit tests.
 */
import type { ImageReference } from '../reference/reference.js'
import type { BlobReader, ManifestReader, Repository } from '../registry/ports.js'
import type { AncestryLookup } from './ancestry.js'
import { ancestryQuestion, decideTag, type OnOlder, type TagDecision, type TagState } from './decide.js'
import { configsToRead, revisionOf } from './read.js'

/** What the tag points to now: absent, or its digest and revision (read.ts rules for both media types). */
export async function readTagState(
  store: ManifestReader & BlobReader,
  ref: ImageReference & { tag: string }
): Promise<TagState> {
  const target: ImageReference = { registry: ref.registry, repository: ref.repository, tag: ref.tag }
  if ((await store.headManifest(target)) === undefined) return { exists: false }
  const top = await store.getManifest(target)
  // Children are read together: a 7-platform Docker list is 14 small reads before each tag PUT.
  const configs = new Map<string, unknown>(
    await Promise.all(
      configsToRead(top).map(async (digest): Promise<[string, unknown]> => {
        const manifest =
          digest === top.digest
            ? top
            : await store.getManifest({ registry: ref.registry, repository: ref.repository, digest })
        // A child that is no image has no config; read.ts reports it as not read.
        if (manifest.parsed.kind !== 'manifest') return [digest, undefined]
        return [digest, parseJson(await store.readBlob(ref, manifest.parsed.manifest.config.digest))]
      })
    )
  )
  return {
    exists: true,
    digest: top.digest,
    revision: revisionOf({ digest: top.digest, parsed: top.parsed, configs })
  }
}

export interface CheckTagOptions {
  store: ManifestReader & BlobReader
  /** The tag to move (registry, repository, tag). */
  ref: ImageReference & { tag: string }
  /** This run's commit (GITHUB_SHA). */
  revision: string | undefined
  ancestry: AncestryLookup
  onOlder: OnOlder
  /** The revision a trusted attestation of the tag's index records; asked only when the index cannot say. */
  attestedRevision?: (subject: Repository & { digest: string }) => Promise<string | undefined>
}

/** Reads the tag, asks ancestry when needed and decides; `current` is returned for no-regress and reports. */
export async function checkTagForward(
  options: CheckTagOptions
): Promise<{ decision: TagDecision; current: TagState }> {
  const current = await withAttestedRevision(await readTagState(options.store, options.ref), options)
  // Asked under force too: the tag moves either way, but a move back is named in the summary.
  const question = ancestryQuestion(current, options.revision)
  const ancestry = question === undefined ? undefined : await options.ancestry(question.run, question.tag)
  const decision = decideTag({
    tag: options.ref.tag,
    current,
    revision: options.revision,
    onOlder: options.onOlder,
    ...(ancestry !== undefined ? { ancestry } : {})
  })
  return { decision, current }
}

/**
 * A tag whose index and children carry no revision (a Docker list merged from unlabelled images) gets the
 * one its newest trusted attestation records; the reason stays when there is none.
 */
async function withAttestedRevision(
  current: TagState,
  options: Pick<CheckTagOptions, 'ref' | 'attestedRevision'>
): Promise<TagState> {
  if (!current.exists || current.revision.revision !== undefined || !options.attestedRevision) return current
  const { registry, repository } = options.ref
  const revision = await options.attestedRevision({ registry, repository, digest: current.digest })
  if (revision === undefined)
    return {
      ...current,
      revision: {
        revision: undefined,
        reason: `${current.revision.reason}, and no trusted attestation records one`
      }
    }
  return { ...current, revision: { revision, from: 'attestation' } }
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown
  } catch {
    // A config that is not JSON has no label; read.ts reports the revision as missing.
    return {}
  }
}
