/** What a person reads after merge: what was published (or why nothing was), the verification table, the copy. Pure. */
import type { PublishOutcome } from '../publish/publish.js'
import type { PublishRequest } from '../publish/request.js'
import { formatReference, type ImageReference } from '../reference/reference.js'
import { verifyReport, verifySummary, type VerifyReport } from './verify.js'

const code = (text: string): string => '`' + text.replace(/`/g, "'") + '`'

type Published = Pick<PublishRequest, 'target' | 'tags' | 'others'>

/** A dry run's other repositories: where the same index would also go. */
function alsoAs(plan: Published): string {
  const refs = (plan.others ?? []).flatMap((o) =>
    o.tags.map((tag) => code(formatReference({ ...o.target, tag })))
  )
  return refs.length > 0 ? `, and as ${refs.join(', ')}` : ''
}

export function mergeSummary(plan: Published, outcome: PublishOutcome): string {
  const target = formatReference({ ...plan.target })
  const lines: string[] = []
  if (outcome.dryRun) {
    lines.push(
      `### 🧪 Dry run: nothing was written to ${code(target)}`,
      '',
      `Would push ${code(outcome.assembled.digest)} (${outcome.assembled.mediaType}) as ${plan.tags.map((t) => code(t)).join(', ') || '(no tags)'}${alsoAs(plan)}:`,
      '',
      '```json',
      JSON.stringify(outcome.assembled.index, null, 2),
      '```'
    )
    return lines.join('\n') + '\n'
  }
  const verification = outcome.verification
  const tagging = outcome.tagging
  if (outcome.refused) {
    const heading =
      outcome.refs.length > 0
        ? `### ❌ Tags refused: only ${outcome.refs.map((r) => code(r)).join(', ')} had moved`
        : '### ❌ No tag was moved: the tags were refused'
    lines.push(heading, '', outcome.refused.oneLine(), '')
  } else if (verification && outcome.refs.length > 0) {
    lines.push(
      `Published ${outcome.refs.map((r) => code(r)).join(', ')} → ${code(outcome.assembled.digest)}`,
      ''
    )
  } else if (verification?.result.ok && tagging) {
    lines.push(
      `**No tag was moved**: the index ${code(outcome.assembled.digest)} was verified and pushed by digest, and every tag already points to a newer commit.`,
      ''
    )
  } else {
    lines.push(
      `**No tag was moved**: the index ${code(outcome.assembled.digest)} was pushed by digest only, and failed verification.`,
      ''
    )
  }
  if (outcome.repositories.length > 1) lines.push(...repositoryTable(outcome), '')
  if (outcome.mediaTypeFallback) {
    lines.push(
      `- ↪️ the registry refused the Docker manifest list, so the index was published as OCI (and verified as such): ${outcome.mediaTypeFallback}`,
      ''
    )
  }
  for (const tag of tagging?.unchanged ?? [])
    lines.push(`- 🟰 tag ${code(tag)} already pointed there: unchanged, not written again`)
  for (const skipped of tagging?.skipped ?? [])
    lines.push(`- ⏭️ tag ${code(skipped.tag)} not moved: ${skipped.message}`)
  for (const raced of tagging?.raced ?? [])
    lines.push(
      `- ⚠️ tag ${code(raced.tag)} was moved by another publish right after this one: it points to ${code(raced.digest)}`
    )
  const notes = (tagging?.warnings ?? []).filter(
    (w) =>
      !tagging?.skipped.some((s) => s.message === w) && !tagging?.raced.some((r) => w.startsWith(`${r.tag}:`))
  )
  for (const note of notes) lines.push(`- ⚠️ ${note}`)
  if ((tagging?.warnings.length ?? 0) > 0 || (tagging?.unchanged.length ?? 0) > 0) lines.push('')
  if (verification)
    lines.push(
      verifySummary(verification.result, {
        title:
          outcome.refs.length > 0
            ? 'Verified and published'
            : verification.result.ok
              ? 'Verified'
              : 'Not published:'
      })
    )
  const c = outcome.copy
  lines.push(
    `Children: ${c.manifests.present} already in ${code(target)}, ${c.manifests.copied} copied; blobs: ${c.blobs.mounted} mounted, ${c.blobs.copied} copied, ${c.blobs.exists} already there.`
  )
  if (outcome.assembled.dropped.length > 0) {
    lines.push(
      '',
      `Dropped ${outcome.assembled.dropped.length} attestation(s) whose image is not in the index.`
    )
  }
  return lines.join('\n') + '\n'
}

/** One row per repository published to: its index, its verdict, the references that moved there. */
function repositoryTable(outcome: PublishOutcome): string[] {
  return [
    '| repository | index | verified | published |',
    '|---|---|---|---|',
    ...outcome.repositories.map(
      (r) =>
        `| ${code(r.repository)} | ${code(r.digest)} | ${r.verified ? '✅' : '❌'} | ${r.refs.map((ref) => code(ref)).join(', ') || 'nothing'} |`
    )
  ]
}

/** A repository's row in the JSON report (the attestation is reported by its digest). */
export interface RepositoryReport {
  repository: string
  digest: string
  mediaType: string
  verified: boolean
  refs: string[]
  copy: PublishOutcome['copy']
  attestation?: string
  mediaTypeFallback?: string
}

export interface MergeReport {
  tool: 'multiarch-publish'
  mode: 'merge'
  ok: boolean
  dryRun: boolean
  target: string
  digest: string
  mediaType: string
  refs: string[]
  /** One row per repository published to, the target first (several when `tags` named other repositories). */
  repositories: RepositoryReport[]
  /** Tags unchanged (already there), left where they were, warnings, races (absent when the tag phase was not reached). */
  tagging?: PublishOutcome['tagging']
  /** Why the tags were refused after verification passed (on-older: fail, no-regress at write time). */
  refused?: string
  /** `media-type: auto` fell back to an OCI index: what the registry said of the Docker list. */
  mediaTypeFallback?: string
  sources: string[]
  index: unknown
  copy: PublishOutcome['copy']
  phases: PublishOutcome['phases']
  durationMs: number
  requests: { registry: number; tokens: number; retries: number }
  verification?: VerifyReport
}

export function mergeReport(
  plan: Published,
  sources: readonly ImageReference[],
  outcome: PublishOutcome,
  extra: { durationMs: number; requests: MergeReport['requests'] }
): MergeReport {
  const verification = outcome.verification
  return {
    tool: 'multiarch-publish',
    mode: 'merge',
    ok: outcome.dryRun || ((verification?.result.ok ?? false) && !outcome.refused),
    ...(outcome.refused ? { refused: outcome.refused.oneLine() } : {}),
    ...(outcome.mediaTypeFallback ? { mediaTypeFallback: outcome.mediaTypeFallback } : {}),
    dryRun: outcome.dryRun,
    target: formatReference({ ...plan.target }),
    digest: outcome.assembled.digest,
    mediaType: outcome.assembled.mediaType,
    refs: outcome.refs,
    repositories: outcome.repositories.map((r) => ({
      repository: r.repository,
      digest: r.digest,
      mediaType: r.mediaType,
      verified: r.verified,
      refs: r.refs,
      copy: r.copy,
      ...(r.attestation ? { attestation: r.attestation.digest } : {}),
      ...(r.mediaTypeFallback ? { mediaTypeFallback: r.mediaTypeFallback } : {})
    })),
    ...(outcome.tagging ? { tagging: outcome.tagging } : {}),
    sources: sources.map((s) => formatReference(s)),
    index: outcome.assembled.index,
    copy: outcome.copy,
    phases: outcome.phases,
    durationMs: extra.durationMs,
    requests: extra.requests,
    ...(verification
      ? { verification: verifyReport(verification.result, verification.evidence, { durationMs: 0 }) }
      : {})
  }
}
