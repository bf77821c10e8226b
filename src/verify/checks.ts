/**
 * Verification rules over gathered evidence (pure): coverage of the required platforms (strict, after
 * normalisation), no duplicates, configs agreeing with their index entries, binaries built for the CPU
 * they claim, attestations bound to images of the index, no platform lost against a previous reference,
 * and what a containerd client would pull for each required platform. Every problem is collected
 * before the verdict, so a user sees them all at once.
 */
import { ATTESTATION_REFERENCE_DIGEST, type Platform } from '../oci/types.js'
import {
  bestMatch,
  matchesStrict,
  normalizePlatform,
  platformIdentity,
  platformKey
} from '../platform/index.js'
import { checkBinary, describeBinary, expectedBinary } from './binary.js'
import type { EntryEvidence, ImageEvidence, LayersEvidence } from './evidence.js'
import { judgeFoundBinaries } from './found-binaries.js'

export interface VerifyRules {
  /** Required platforms; empty means every platform the image has is checked and none is required. */
  required: Platform[]
  allowExtra: boolean
  checkBinaries: boolean
  /** Platforms of another reference that must all still be covered. */
  noRegress?: { reference: string; platforms: Platform[] }
  /** Globs of image paths whose CPU is not judged (`check-binaries-ignore`), e.g. a bundled qemu-*-static. */
  ignoreBinaries?: string[]
  /** A platform whose layers were not all read within the read budget: a warning (default) or a problem. */
  budgetExceeded?: 'warn' | 'fail'
}

/** ok: passed; false: failed; null: not applicable or not checked (with the reason in detail). */
export interface Check {
  ok: boolean | null
  detail: string
}

export interface PlatformRow {
  /** The platform as required (or as the index labels it, for extras). */
  platform: string
  required: boolean
  digest?: string
  config: Check
  binary: Check & { path?: string; found?: string }
  attestation: Check
  /** For required platforms: the entry a containerd client would pull (containerd's Only order). */
  resolution?: { digest: string; platform: string; exact: boolean }
  /** What was read of the image's layers (absent when none were read). */
  layers?: RowLayers
}

/** A row's layer figures: what the check read and what it vouches for. */
export interface RowLayers {
  /** Layers opened (foreign ones included) and layers in the image. */
  read: number
  total: number
  /** Compressed bytes read for this platform (a shared layer counts here in full) and the image's total. */
  bytesRead: number
  bytesTotal: number
  /** Layers read to their end, digest checked. */
  verified: number
  /** Layers read in part: digest not checked. */
  unchecked: number
  /** Layers read once for several platforms of this run. */
  shared: number
  /** Loadable ELF/PE files judged against the platform. */
  filesChecked: number
  /** Paths (no leading '/') of files built for another CPU, problems and notes alike. */
  wrongCpu: string[]
}

export interface VerifyResult {
  ok: boolean
  reference: string
  digest: string
  mediaType: string
  rows: PlatformRow[]
  /** One line each: what is wrong — what to do. The first is the step's error line. */
  problems: string[]
  /** Not failures, but not vouched for either: what a person should look at (a read budget that ran out). */
  warnings: string[]
  notes: string[]
  /** What reading layers cost over the whole check. */
  reading?: { layersRead: number; bytesRead: number; layersShared: number; readsSaved: number }
  /** The `platforms` output: normalised platform → manifest digest, for every image in the index. */
  platforms: Record<string, string>
}

const NOT_CHECKED: Check = { ok: null, detail: 'not checked' }
const BINARIES_OFF: Check = { ok: null, detail: 'check-binaries is off' }
const short = (digest: string): string => digest.slice(0, 19)

export function evaluate(evidence: ImageEvidence, rules: VerifyRules): VerifyResult {
  const problems: string[] = []
  const warnings: string[] = []
  const notes: string[] = []
  const ref = evidence.reference
  const images = evidence.entries.filter(
    (e): e is EntryEvidence & { platform: Platform } => e.platform !== undefined
  )
  const rows: PlatformRow[] = []
  const claimed = new Set<EntryEvidence>()

  // Two entries with one platform identity (normalised, os.version included) are a duplicate wherever
  // they are; Windows builds of one architecture with different os.version are different platforms.
  const groups = new Map<string, EntryEvidence[]>()
  for (const image of images) {
    const identity = platformIdentity(image.platform)
    groups.set(identity, [...(groups.get(identity) ?? []), image])
  }
  const reported = new Set<string>()
  const reportDuplicate = (identity: string): void => {
    const group = groups.get(identity) ?? []
    if (group.length < 2 || reported.has(identity)) return
    reported.add(identity)
    problems.push(
      `${identity} appears ${group.length} times in ${ref} (${group.map((m) => short(m.descriptor.digest)).join(', ')}) — an index must have one entry per platform; rebuild it from one source per platform`
    )
  }

  for (const want of rules.required) {
    const label = platformIdentity(want)
    const matches = images.filter((e) => matchesStrict(want, e.platform))
    matches.forEach((m) => claimed.add(m))
    const fallback = bestMatch(want, images)
    const resolution = fallback
      ? {
          digest: fallback.descriptor.digest,
          platform: platformIdentity(fallback.platform),
          exact: matches.includes(fallback)
        }
      : undefined
    if (matches.length === 0) {
      problems.push(`${label} is missing from ${ref} — add it to \`platforms\` of the build`)
      notes.push(
        resolution
          ? `a ${label} client would pull ${resolution.platform} (${short(resolution.digest)}) instead: a compatible fallback, not coverage`
          : `a ${label} client finds no compatible entry at all ("no matching manifest for ${label}")`
      )
      rows.push({
        platform: label,
        required: true,
        config: NOT_CHECKED,
        binary: NOT_CHECKED,
        attestation: NOT_CHECKED,
        ...(resolution ? { resolution } : {})
      })
      continue
    }
    matches.forEach((m) => {
      reportDuplicate(platformIdentity(m.platform))
    })
    matches.forEach((match, i) => {
      const rowLabel = matches.length === 1 ? label : platformIdentity(match.platform)
      rows.push(
        entryRow(
          match,
          rowLabel,
          true,
          evidence,
          rules,
          { problems, warnings, notes },
          i === 0 ? resolution : undefined
        )
      )
    })
  }

  const extras = images.filter((e) => !claimed.has(e))
  for (const extra of extras) {
    const label = platformIdentity(extra.platform)
    const requiredSetGiven = rules.required.length > 0
    reportDuplicate(label)
    if (requiredSetGiven && !rules.allowExtra) {
      problems.push(
        `${label} is in ${ref} but not required — add it to \`platforms\`, or set \`allow-extra: true\``
      )
    }
    rows.push(
      entryRow(extra, label, !requiredSetGiven, evidence, rules, { problems, warnings, notes }, undefined)
    )
  }

  for (const entry of evidence.entries.filter((e) => e.platform === undefined)) {
    problems.push(
      `entry ${short(entry.descriptor.digest)} of ${ref} has no platform${entry.error ? `: ${entry.error}` : ''} — every image in an index needs its platform`
    )
  }
  for (const nested of evidence.nestedIndexes) {
    problems.push(
      `entry ${short(nested.digest)} of ${ref} is itself an index — clients cannot pull nested indexes; list its images directly`
    )
  }
  checkAttestations(evidence, problems)
  if (rules.noRegress) checkNoRegress(rules.noRegress, images, ref, problems)
  if (rules.required.length === 0)
    notes.push('no required platforms given: every platform of the image was checked, none required')

  const platforms: Record<string, string> = {}
  for (const image of images) platforms[platformIdentity(image.platform)] ??= image.descriptor.digest
  return {
    ok: problems.length === 0,
    reference: ref,
    digest: evidence.digest,
    mediaType: evidence.mediaType,
    rows,
    problems,
    warnings,
    notes,
    platforms,
    ...(evidence.reading
      ? {
          reading: {
            layersRead: evidence.reading.layersRead,
            bytesRead: evidence.reading.bytesRead,
            layersShared: evidence.reading.layersShared,
            readsSaved: evidence.reading.readsSaved
          }
        }
      : {})
  }
}

interface Findings {
  problems: string[]
  warnings: string[]
  notes: string[]
}

function entryRow(
  entry: EntryEvidence & { platform: Platform },
  label: string,
  required: boolean,
  evidence: ImageEvidence,
  rules: VerifyRules,
  findings: Findings,
  resolution: PlatformRow['resolution']
): PlatformRow {
  const { problems, notes } = findings
  const digest = entry.descriptor.digest
  const row: PlatformRow = {
    platform: label,
    required,
    digest,
    config: NOT_CHECKED,
    binary: NOT_CHECKED,
    attestation: attestationFor(evidence, digest),
    ...(resolution ? { resolution } : {})
  }
  if (entry.error) {
    problems.push(`${label} (${short(digest)}) of ${evidence.reference} cannot be read: ${entry.error}`)
    return {
      ...row,
      config: { ok: false, detail: 'unreadable' },
      ...(rules.checkBinaries ? {} : { binary: BINARIES_OFF })
    }
  }
  row.config = configCheck(entry, label, problems)
  row.binary = binaryCheck(entry, label, rules, problems, notes)
  if (entry.layers) row.layers = layerChecks(entry, entry.layers, label, rules, findings)
  return row
}

const MIB = 1024 * 1024
/** 12.3 MiB, 512 MiB, 4.1 KiB: the figures a person compares with their image sizes. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MIB) return `${(bytes / (1024 * MIB)).toFixed(1)} GiB`
  if (bytes >= MIB) return `${(bytes / MIB).toFixed(1)} MiB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${bytes} B`
}

const MAX_LISTED = 10

/**
 * What the layers read say: a layer whose bytes do not hash to its digest (or that could not be read) is
 * a problem naming the layer; a platform whose check ran out of read budget is a warning with the
 * figures (a problem with \`verify-budget-exceeded: fail\`); every wrong-CPU file met is listed.
 */
function layerChecks(
  entry: EntryEvidence & { platform: Platform },
  layers: LayersEvidence,
  label: string,
  rules: VerifyRules,
  findings: Findings
): RowLayers {
  const { problems, warnings, notes } = findings
  for (const layer of layers.read) {
    if (layer.status === 'mismatch') {
      problems.push(
        `${label}: layer ${layer.digest} does not match its digest (${layer.message ?? 'bytes differ'}) — the registry serves corrupt content; do not publish this image: push the layer again (rebuild) and retry`
      )
    } else if (layer.status === 'unreadable') {
      problems.push(
        `${label}: layer ${layer.digest} could not be read to its end: ${layer.message ?? 'unknown error'} — retry; if it persists, rebuild and push the image again`
      )
    }
  }
  const bytesRead = layers.read.reduce((sum, l) => sum + (l.status === 'verified' ? l.size : l.bytesRead), 0)
  const partial = layers.read.filter((l) => l.status === 'partial')
  if (layers.budgetExhausted) {
    const settled = entry.binary.status === 'chosen' || entry.binary.status === 'none'
    const what = settled
      ? `the binary check settled, but not every layer it used was read to its end`
      : `the binary check did not reach the file to check within the read budget`
    const cut = partial.map(
      (l) =>
        `layer ${short(l.digest)} read ${formatBytes(l.bytesRead)} of ${formatBytes(l.size)}, digest not checked`
    )
    const line = `${label}: ${what}${layers.budget !== undefined ? ` (${formatBytes(layers.budget)})` : ''}: read ${layers.read.length} of ${layers.total} layers, ${formatBytes(bytesRead)} of ${formatBytes(layers.totalBytes)}${cut.length > 0 ? `; ${cut.join('; ')}` : ''} — raise \`verify-budget\`, or set \`verify-layers: all\` to read every layer`
    if (rules.budgetExceeded === 'fail') problems.push(line)
    else warnings.push(line)
  }
  const verdict = rules.checkBinaries
    ? judgeFoundBinaries(normalizePlatform(entry.platform), layers.binaries, rules.ignoreBinaries ?? [])
    : { checked: 0, ignored: 0, wrong: [] }
  const chosenPath = entry.binary.status === 'chosen' ? entry.binary.path : undefined
  const wrong = verdict.wrong.filter((w) => w.path !== chosenPath)
  const needs = expectedBinary(normalizePlatform(entry.platform))?.description ?? label
  const listed = (items: typeof wrong): string =>
    items
      .slice(0, MAX_LISTED)
      .map((w) => `/${w.path} (${w.found})`)
      .join(', ') + (items.length > MAX_LISTED ? ` and ${items.length - MAX_LISTED} more` : '')
  const bad = wrong.filter((w) => w.severity === 'problem')
  if (bad.length > 0) {
    problems.push(
      `${label}: ${bad.length === 1 ? '1 file is' : `${bad.length} files are`} built for another CPU: ${listed(bad)}, but ${label} needs ${needs} — they fail to load (dlopen, "exec format error") on ${label}: build native modules inside the ${label} build instead of copying them from the runner, or list the paths in \`check-binaries-ignore\``
    )
  }
  const minor = wrong.filter((w) => w.severity === 'note')
  if (minor.length > 0) {
    notes.push(
      `${label}: ${minor.length} other file(s) built for another CPU, not judged as problems: ${listed(minor)}`
    )
  }
  if (verdict.ignored > 0)
    notes.push(`${label}: ${verdict.ignored} binary file(s) matched \`check-binaries-ignore\``)
  return {
    read: layers.read.length,
    total: layers.total,
    bytesRead,
    bytesTotal: layers.totalBytes,
    verified: layers.read.filter((l) => l.status === 'verified').length,
    unchecked: partial.length,
    shared: layers.read.filter((l) => l.shared).length,
    filesChecked: verdict.checked,
    wrongCpu: wrong.map((w) => w.path)
  }
}

function configCheck(
  entry: EntryEvidence & { platform: Platform },
  label: string,
  problems: string[]
): Check {
  const config = entry.config
  if (!config) return NOT_CHECKED
  const fromConfig: Platform = {
    os: config.os,
    architecture: config.architecture,
    ...(config.variant ? { variant: config.variant } : {}),
    ...(config['os.version'] ? { 'os.version': config['os.version'] } : {})
  }
  const claimedKey = platformKey(entry.platform)
  const configKey = platformKey(fromConfig)
  const claimedVersion = entry.platform['os.version']
  const versionDiffers = claimedVersion !== undefined && claimedVersion !== config['os.version']
  if (claimedKey !== configKey || versionDiffers) {
    const found =
      versionDiffers && claimedKey === configKey
        ? `${configKey} os.version ${config['os.version'] ?? '(none)'}`
        : configKey
    problems.push(
      `${label} entry ${short(entry.descriptor.digest)} has a config for ${found} — the index labels it wrongly; rebuild or re-assemble the index from images built for ${label}`
    )
    return { ok: false, detail: `config says ${found}` }
  }
  return { ok: true, detail: platformIdentity(fromConfig) }
}

function binaryCheck(
  entry: EntryEvidence & { platform: Platform },
  label: string,
  rules: VerifyRules,
  problems: string[],
  notes: string[]
): PlatformRow['binary'] {
  if (!rules.checkBinaries) return BINARIES_OFF
  const scan = entry.binary
  switch (scan.status) {
    case 'not-checked':
      return { ok: null, detail: scan.reason }
    case 'error':
      problems.push(
        `${label}: the layers could not be read to check binaries: ${scan.message} — retry, or set \`check-binaries: false\``
      )
      return { ok: false, detail: 'layers unreadable' }
    case 'none':
      notes.push(`${label}: no ELF or PE file found (${scan.reason}); nothing to check`)
      return { ok: null, detail: 'no ELF/PE file in the image' }
    case 'chosen': {
      const verdict = checkBinary(normalizePlatform(entry.platform), scan.identity)
      const found = describeBinary(scan.identity)
      if (!verdict.checked) {
        notes.push(`${label}: ${scan.path} is ${found}; no rule for this platform, so not judged`)
        return { ok: null, detail: `no rule for ${label}`, path: scan.path, found }
      }
      if (!verdict.ok) {
        problems.push(
          `${label}: /${scan.path} is ${verdict.found}, but ${label} needs ${verdict.expected} — the image was built for the wrong CPU; build it with --platform ${label} (QEMU) or on a matching runner`
        )
        return { ok: false, detail: `${verdict.found}, expected ${verdict.expected}`, path: scan.path, found }
      }
      return { ok: true, detail: found, path: scan.path, found }
    }
  }
}

function attestationFor(evidence: ImageEvidence, digest: string): Check {
  const attestation = evidence.attestations.find(
    (a) => a.annotations?.[ATTESTATION_REFERENCE_DIGEST] === digest
  )
  return attestation ? { ok: true, detail: attestation.digest } : { ok: null, detail: 'none' }
}

function checkAttestations(evidence: ImageEvidence, problems: string[]): void {
  const images = new Set(evidence.entries.map((e) => e.descriptor.digest))
  for (const attestation of evidence.attestations) {
    const subject = attestation.annotations?.[ATTESTATION_REFERENCE_DIGEST]
    if (subject === undefined || !images.has(subject)) {
      problems.push(
        `attestation ${short(attestation.digest)} of ${evidence.reference} points at ${subject ? short(subject) : 'nothing'}, which is not an image of the index — re-assemble the index keeping each attestation with its image`
      )
    }
  }
}

function checkNoRegress(
  previous: NonNullable<VerifyRules['noRegress']>,
  images: (EntryEvidence & { platform: Platform })[],
  ref: string,
  problems: string[]
): void {
  for (const platform of previous.platforms) {
    if (!images.some((e) => matchesStrict(platform, e.platform))) {
      problems.push(
        `${platformIdentity(platform)} was in ${previous.reference} but is missing from ${ref} — keep building it, or drop \`no-regress\` if removing it is intended`
      )
    }
  }
}

/** The platforms of an image, for no-regress: index entries that are images, or a single manifest's config. */
export function platformsOf(evidence: ImageEvidence): Platform[] {
  return evidence.entries.flatMap((e) => (e.platform ? [e.platform] : []))
}
