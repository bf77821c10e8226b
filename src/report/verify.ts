/**
 * What a person reads after verify: the step summary (a table, one row per platform, then the problems in
 * words) and the JSON report with every check and its evidence. Pure: main writes them out.
 */
import { ATTESTATION_REFERENCE_DIGEST } from '../oci/types.js'
import type { Check, PlatformRow, VerifyResult } from '../verify/checks.js'
import { formatBytes } from '../verify/format.js'
import type { ImageEvidence } from '../verify/evidence.js'

const icon = (check: Check): string => (check.ok === true ? '✅' : check.ok === false ? '❌' : '➖')
const code = (text: string): string => '`' + text.replace(/`/g, "'") + '`'

function binaryCell(row: PlatformRow): string {
  const b = row.binary
  if (b.path) return `${icon(b)} ${code('/' + b.path)} ${b.ok === false ? b.detail : (b.found ?? '')}`
  return `${icon(b)} ${b.ok === null ? b.detail : ''}`.trim()
}

function row(r: PlatformRow): string {
  const platform = r.required ? r.platform : `${r.platform} (extra)`
  if (!r.digest) return `| ${platform} | ❌ missing | | | |`
  const config = r.config.ok === false ? `❌ ${r.config.detail}` : icon(r.config)
  const attestation = r.attestation.ok ? `✅ ${code(r.attestation.detail.slice(0, 19))}` : '➖'
  return `| ${platform} | ${code(r.digest.slice(0, 19))} | ${config} | ${binaryCell(r)} | ${attestation} |`
}

export function verifySummary(result: VerifyResult, options: { title?: string } = {}): string {
  const images = result.rows.filter((r) => r.digest).length
  const heading = result.ok
    ? `### ✅ ${options.title ?? 'Verified'} ${code(result.reference)}`
    : `### ❌ ${options.title ?? 'Verification failed for'} ${code(result.reference)}: ${result.problems.length} problem(s)`
  const lines = [
    heading,
    '',
    `${code(result.digest)} · ${result.mediaType} · ${images} platform(s)`,
    '',
    '| platform | digest | config | binary | attestation |',
    '|---|---|---|---|---|',
    ...result.rows.map(row)
  ]
  if (result.problems.length > 0)
    lines.push('', '**Problems**', '', ...result.problems.map((p, i) => `${i + 1}. ${p}`))
  const warnings = result.warnings
  if (warnings.length > 0) lines.push('', '**Warnings**', '', ...warnings.map((w) => `- ⚠️ ${w}`))
  lines.push(...layersSection(result))
  const resolutions = result.rows.filter((r) => r.resolution)
  if (resolutions.length > 0) {
    lines.push(
      '',
      '<details><summary>What a containerd client pulls for each required platform</summary>',
      ''
    )
    for (const r of resolutions) {
      const res = r.resolution as NonNullable<PlatformRow['resolution']>
      lines.push(
        `- ${r.platform} → ${res.platform} ${code(res.digest.slice(0, 19))}${res.exact ? '' : ' (fallback)'}`
      )
    }
    lines.push('', '</details>')
  }
  if (result.notes.length > 0) lines.push('', '**Notes**', '', ...result.notes.map((n) => `- ${n}`))
  return lines.join('\n') + '\n'
}

/** What the check read, per platform: the figures that say what "verified" covers. */
function layersSection(result: VerifyResult): string[] {
  const rows = result.rows.filter((r) => r.layers)
  if (rows.length === 0) return []
  const total = result.reading
    ? ` · ${formatBytes(result.reading.bytesRead)} read in all, ${result.reading.layersShared} layer(s) shared by several platforms and read once`
    : ''
  const lines = [
    '',
    `**Layers read**${total}`,
    '',
    '| platform | layers | bytes | digest checked | shared | ELF/PE checked |',
    '|---|---|---|---|---|---|'
  ]
  for (const r of rows) {
    const l = r.layers as NonNullable<PlatformRow['layers']>
    const checked =
      l.unchecked > 0
        ? `⚠️ ${l.verified} of ${l.read} (${l.unchecked} read in part)`
        : `${l.verified} of ${l.read}`
    lines.push(
      `| ${r.platform} | ${l.read} of ${l.total} | ${formatBytes(l.bytesRead)} of ${formatBytes(l.bytesTotal)} | ${checked} | ${l.shared} | ${l.filesChecked}${l.wrongCpu.length > 0 ? ` (❌ ${l.wrongCpu.length} other CPU)` : ''} |`
    )
  }
  return lines
}

export interface VerifyReport {
  tool: 'multiarch-publish'
  mode: 'verify'
  ok: boolean
  reference: string
  digest: string
  mediaType: string
  durationMs: number
  requests?: { registry: number; tokens: number; retries: number }
  platforms: Record<string, string>
  rows: PlatformRow[]
  problems: string[]
  warnings: string[]
  notes: string[]
  reading?: VerifyResult['reading']
  evidence: {
    attestations: { digest: string; subject?: string }[]
    entries: {
      digest: string
      platform?: unknown
      config?: { os: string; architecture: string; variant?: string; 'os.version'?: string }
      binary: unknown
      layers?: unknown
      error?: string
    }[]
  }
}

export function verifyReport(
  result: VerifyResult,
  evidence: ImageEvidence,
  extra: { durationMs: number; requests?: VerifyReport['requests'] }
): VerifyReport {
  return {
    tool: 'multiarch-publish',
    mode: 'verify',
    ok: result.ok,
    reference: result.reference,
    digest: result.digest,
    mediaType: result.mediaType,
    durationMs: extra.durationMs,
    ...(extra.requests ? { requests: extra.requests } : {}),
    platforms: result.platforms,
    rows: result.rows,
    problems: result.problems,
    warnings: result.warnings,
    notes: result.notes,
    ...(result.reading ? { reading: result.reading } : {}),
    evidence: {
      attestations: evidence.attestations.map((a) => ({
        digest: a.digest,
        ...(a.annotations?.[ATTESTATION_REFERENCE_DIGEST]
          ? { subject: a.annotations[ATTESTATION_REFERENCE_DIGEST] }
          : {})
      })),
      entries: evidence.entries.map((e) => ({
        digest: e.descriptor.digest,
        ...(e.platform ? { platform: e.platform } : {}),
        ...(e.config
          ? {
              config: {
                os: e.config.os,
                architecture: e.config.architecture,
                ...(e.config.variant ? { variant: e.config.variant } : {}),
                ...(e.config['os.version'] ? { 'os.version': e.config['os.version'] } : {})
              }
            }
          : {}),
        binary: e.binary,
        ...(e.layers
          ? {
              // The layers read and what they held that matters; not every binary met (images hold thousands).
              layers: {
                policy: e.layers.policy,
                ...(e.layers.budget !== undefined ? { budget: e.layers.budget } : {}),
                budgetExhausted: e.layers.budgetExhausted,
                read: e.layers.read,
                binariesMet: e.layers.binaries.length
              }
            }
          : {}),
        ...(e.error ? { error: e.error } : {})
      }))
    }
  }
}
