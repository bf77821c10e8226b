/**
 * Tag names the build step derives: the staging tag a matrix leg pushes under (for merge to find) and the
 * per-architecture tags of `arch-tags`. Every name fits the tag grammar of distribution/reference
 * (`[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`) by construction. Pure: no I/O.
 */
import { createHash } from 'node:crypto'
import { ActionError } from '../errors.js'
import { formatReference, isValidTag, type ImageReference } from '../reference/reference.js'
import type { Repository } from '../registry/ports.js'
import { Inputs } from '../names.js'

export interface StagingTagOptions {
  /** The workflow run (GITHUB_RUN_ID): legs of one run share it, so merge finds exactly this run's legs. */
  runId: string
  /** The repository the legs push to. */
  image: string
  /** `os/arch[/variant]`, as the leg builds it. */
  platform: string
  prefix?: string
}

export const DEFAULT_STAGING_PREFIX = 'mp-staging'
const STAGING_PREFIX_INPUT = 'staging-prefix'
const MAX_TAG_LENGTH = 128
/** A slug longer than this is shortened too, so a clipped tag always keeps a readable head. */
const MAX_SLUG_LENGTH = 64
const SHORT_HASH_LENGTH = 8
const TAG_GRAMMAR =
  'letters, digits, "_", "." and "-", starting with a letter, digit or "_", at most 128 characters'

/**
 * `<prefix>-<runId>-<8 hex of sha256(image)>-<platform slug>`. The image hash keeps two repositories
 * staged by the same run apart without putting a long name in the tag.
 */
export function stagingTag(options: StagingTagOptions): string {
  const prefix = options.prefix ?? DEFAULT_STAGING_PREFIX
  if (!isValidTag(prefix)) {
    throw new ActionError(
      'invalid-input',
      `input \`${STAGING_PREFIX_INPUT}\` is ${JSON.stringify(prefix)}, which cannot start a tag`,
      { hint: `use ${TAG_GRAMMAR}` }
    )
  }
  const runId = options.runId.trim().replace(/[^A-Za-z0-9._-]+/g, '-')
  if (runId === '') {
    throw new ActionError('invalid-input', 'the staging tag needs a workflow run id, and it is empty', {
      hint: 'run inside a GitHub workflow (GITHUB_RUN_ID), or give the CLI a run id'
    })
  }
  return fitTag(`${prefix}-${runId}-${shortHash(options.image)}`, platformSlug(options.platform))
}

/**
 * A platform as a tag fragment: every run of characters a tag cannot hold becomes one "-"
 * (`linux/arm/v7` → `linux-arm-v7`, `windows(10.0.17763)/amd64` → `windows-10.0.17763-amd64`).
 */
export function platformSlug(platform: string): string {
  const slug = platform
    .trim()
    .replace(/[^A-Za-z0-9._]+/g, '-')
    .replace(/^-+|-+$/g, '')
  if (slug === '') {
    throw new ActionError(
      'invalid-input',
      `platform ${JSON.stringify(platform)} has nothing to name a tag by`,
      {
        hint: 'write the platform as os/arch[/variant], e.g. linux/arm64'
      }
    )
  }
  return slug
}

/** `<tag>-<os>-<arch>[-<variant>]` (`1.2` on linux/arm64 → `1.2-linux-arm64`), for `arch-tags`. */
export function archTag(tag: string, platform: string): string {
  if (!isValidTag(tag)) {
    throw new ActionError(
      'invalid-input',
      `input \`${Inputs.tags}\` has ${JSON.stringify(tag)}, which is not a tag`,
      {
        hint: `tags are ${TAG_GRAMMAR}`
      }
    )
  }
  return fitTag(tag, platformSlug(platform))
}

/**
 * `<head>-<slug>`, at most 128 characters. When too long, the head is cut and the hash of the whole head
 * put after the cut, so two long heads that share their start still give different tags.
 */
function fitTag(head: string, slug: string): string {
  const tail = slug.length > MAX_SLUG_LENGTH ? clipWithHash(slug, MAX_SLUG_LENGTH) : slug
  const whole = `${head}-${tail}`
  if (whole.length <= MAX_TAG_LENGTH) return whole
  return `${clipWithHash(head, MAX_TAG_LENGTH - tail.length - 1)}-${tail}`
}

/** `text` cut to `length` characters, its last 9 replaced by `-<8 hex of sha256(text)>`. */
function clipWithHash(text: string, length: number): string {
  return `${text.slice(0, length - SHORT_HASH_LENGTH - 1)}-${shortHash(text)}`
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, SHORT_HASH_LENGTH)
}

/**
 * The id staging tags derive from — the one rule for every mode: the `staging-id` input, else the
 * workflow run id (the same for every job of a run). build and merge need one (they must agree across
 * jobs); publish stages only within itself, so outside a workflow it may make one up.
 */
export function stagingIdOf(
  input: string,
  runId: string,
  options: { outsideWorkflow: 'fail' | 'local' } = { outsideWorkflow: 'fail' }
): string {
  const id = input.trim() || runId
  if (id) return id
  if (options.outsideWorkflow === 'local') return `local-${Date.now()}`
  throw new ActionError(
    'invalid-input',
    `input \`${Inputs.stagingId}\` is empty and GITHUB_RUN_ID is not set`,
    {
      hint: `set \`${Inputs.stagingId}\` to the same value in the build and merge jobs`
    }
  )
}

/** The tag a build leg of `platform` pushes under, in the target repository. */
export function stagingRef(target: Repository, stagingId: string, platform: string): ImageReference {
  return { ...target, tag: stagingTag({ runId: stagingId, image: formatReference({ ...target }), platform }) }
}
