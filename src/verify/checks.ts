/**
 * Verification rules over gathered evidence (pure): coverage of the required platforms (strict, after
 * normalisation), no duplicates, configs agreeing with their index entries, binaries built for the CPU
 * they claim, attestations bound to images of the index, no platform lost against a previous reference,
 * and what a containerd client would pull for each required platform. Each check returns what it found;
 * evaluate joins the findings once, so a user sees every problem at once. The wording of each finding
 * lives in findings-text.ts.
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
import * as say from './findings-text.js'
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

/** What one check found, each list in the order a reader meets it. */
interface Findings {
  problems: string[]
  warnings: string[]
  notes: string[]
}

/** A check's answer and what it found on the way. */
interface Judged<T> {
  value: T
  findings: Findings
}

/** One piece of the result in reading order: a row with its findings, or findings alone. */
interface Section {
  row?: PlatformRow
  findings: Findings
}

type Image = EntryEvidence & { platform: Platform }

const NOT_CHECKED: Check = { ok: null, detail: 'not checked' }
const BINARIES_OFF: Check = { ok: null, detail: 'check-binaries is off' }

function found(part: Partial<Findings>): Findings {
  return { problems: part.problems ?? [], warnings: part.warnings ?? [], notes: part.notes ?? [] }
}

const NOTHING: Findings = found({})

function joinFindings(all: readonly Findings[]): Findings {
  return {
    problems: all.flatMap((f) => f.problems),
    warnings: all.flatMap((f) => f.warnings),
    notes: all.flatMap((f) => f.notes)
  }
}

export function evaluate(evidence: ImageEvidence, rules: VerifyRules): VerifyResult {
  const images = evidence.entries.filter((e): e is Image => e.platform !== undefined)
  const duplicateOnce = duplicateReporter(images, evidence.reference)
  const claimed = new Set<EntryEvidence>()
  const sections: Section[] = []
  for (const want of rules.required) {
    const matches = images.filter((e) => matchesStrict(want, e.platform))
    matches.forEach((m) => claimed.add(m))
    sections.push(...requiredPlatform({ want, matches, images, evidence, rules, duplicateOnce }))
  }
  for (const extra of images.filter((e) => !claimed.has(e))) {
    sections.push(...extraPlatform({ extra, evidence, rules, duplicateOnce }))
  }
  sections.push(
    { findings: entriesWithoutPlatform(evidence) },
    { findings: nestedIndexes(evidence) },
    { findings: attestationsBound(evidence) },
    { findings: rules.noRegress ? noRegress(rules.noRegress, images, evidence.reference) : NOTHING },
    { findings: rules.required.length === 0 ? found({ notes: [say.NO_REQUIRED_PLATFORMS] }) : NOTHING }
  )
  const { problems, warnings, notes } = joinFindings(sections.map((s) => s.findings))
  const platforms: Record<string, string> = {}
  for (const image of images) platforms[platformIdentity(image.platform)] ??= image.descriptor.digest
  return {
    ok: problems.length === 0,
    reference: evidence.reference,
    digest: evidence.digest,
    mediaType: evidence.mediaType,
    rows: sections.flatMap((s) => (s.row ? [s.row] : [])),
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

/**
 * Two entries with one platform identity (normalised, os.version included) are a duplicate wherever they
 * are; Windows builds of one architecture with different os.version are different platforms. The
 * duplicate is reported where its platform is first met, once.
 */
function duplicateReporter(images: readonly Image[], ref: string): (image: Image) => Findings {
  const groups = new Map<string, Image[]>()
  for (const image of images) {
    const identity = platformIdentity(image.platform)
    groups.set(identity, [...(groups.get(identity) ?? []), image])
  }
  const reported = new Set<string>()
  return (image) => {
    const identity = platformIdentity(image.platform)
    const group = groups.get(identity) ?? []
    if (group.length < 2 || reported.has(identity)) return NOTHING
    reported.add(identity)
    const digests = group.map((m) => m.descriptor.digest)
    return found({ problems: [say.duplicatePlatform(identity, ref, digests)] })
  }
}

interface PlatformContext {
  evidence: ImageEvidence
  rules: VerifyRules
  duplicateOnce: (image: Image) => Findings
}

/** A required platform: missing (with what a client would pull instead), or each entry that covers it. */
function requiredPlatform(
  context: PlatformContext & { want: Platform; matches: Image[]; images: Image[] }
): Section[] {
  const { want, matches, images, evidence, rules, duplicateOnce } = context
  const label = platformIdentity(want)
  const fallback = bestMatch(want, images)
  const resolution = fallback
    ? {
        digest: fallback.descriptor.digest,
        platform: platformIdentity(fallback.platform),
        exact: matches.includes(fallback)
      }
    : undefined
  if (matches.length === 0) {
    const row: PlatformRow = {
      platform: label,
      required: true,
      config: NOT_CHECKED,
      binary: NOT_CHECKED,
      attestation: NOT_CHECKED,
      ...(resolution ? { resolution } : {})
    }
    const findings = found({
      problems: [say.missingPlatform(label, evidence.reference)],
      notes: [say.fallbackNote(label, resolution)]
    })
    return [{ row, findings }]
  }
  const duplicates = matches.map((m) => ({ findings: duplicateOnce(m) }))
  const rows = matches.map((match, i) =>
    entryRow({
      entry: match,
      label: matches.length === 1 ? label : platformIdentity(match.platform),
      required: true,
      evidence,
      rules,
      ...(i === 0 && resolution ? { resolution } : {})
    })
  )
  return [...duplicates, ...rows]
}

/** An entry no required platform claims: a problem unless `allow-extra` (or nothing was required). */
function extraPlatform(context: PlatformContext & { extra: Image }): Section[] {
  const { extra, evidence, rules, duplicateOnce } = context
  const label = platformIdentity(extra.platform)
  const requiredSetGiven = rules.required.length > 0
  const refused =
    requiredSetGiven && !rules.allowExtra
      ? found({ problems: [say.notRequired(label, evidence.reference)] })
      : NOTHING
  const row = entryRow({ entry: extra, label, required: !requiredSetGiven, evidence, rules })
  return [{ findings: duplicateOnce(extra) }, { findings: refused }, row]
}

/** An image entry's row: its config, its binary, its layers, its attestation. */
function entryRow(options: {
  entry: Image
  label: string
  required: boolean
  evidence: ImageEvidence
  rules: VerifyRules
  resolution?: PlatformRow['resolution']
}): Section {
  const { entry, label, required, evidence, rules, resolution } = options
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
    return {
      row: {
        ...row,
        config: { ok: false, detail: 'unreadable' },
        ...(rules.checkBinaries ? {} : { binary: BINARIES_OFF })
      },
      findings: found({ problems: [say.unreadableEntry(label, digest, evidence.reference, entry.error)] })
    }
  }
  const config = configCheck(entry, label)
  const binary = binaryCheck(entry, label, rules)
  const layers = entry.layers ? layerChecks(entry, entry.layers, label, rules) : undefined
  return {
    row: { ...row, config: config.value, binary: binary.value, ...(layers ? { layers: layers.value } : {}) },
    findings: joinFindings([config.findings, binary.findings, layers?.findings ?? NOTHING])
  }
}

/** Whether the config states the platform its index entry claims. */
function configCheck(entry: Image, label: string): Judged<Check> {
  const config = entry.config
  if (!config) return { value: NOT_CHECKED, findings: NOTHING }
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
  if (claimedKey === configKey && !versionDiffers) {
    return { value: { ok: true, detail: platformIdentity(fromConfig) }, findings: NOTHING }
  }
  const stated =
    versionDiffers && claimedKey === configKey
      ? `${configKey} os.version ${config['os.version'] ?? '(none)'}`
      : configKey
  return {
    value: { ok: false, detail: `config says ${stated}` },
    findings: found({ problems: [say.mislabelledConfig(label, entry.descriptor.digest, stated)] })
  }
}

/** Whether the file the image runs is built for the platform's CPU. */
function binaryCheck(entry: Image, label: string, rules: VerifyRules): Judged<PlatformRow['binary']> {
  if (!rules.checkBinaries) return { value: BINARIES_OFF, findings: NOTHING }
  const scan = entry.binary
  switch (scan.status) {
    case 'not-checked':
      return { value: { ok: null, detail: scan.reason }, findings: NOTHING }
    case 'error':
      return {
        value: { ok: false, detail: 'layers unreadable' },
        findings: found({ problems: [say.layersUnreadableForBinaries(label, scan.message)] })
      }
    case 'none':
      return {
        value: { ok: null, detail: 'no ELF/PE file in the image' },
        findings: found({ notes: [say.noBinaryNote(label, scan.reason)] })
      }
    case 'chosen': {
      const verdict = checkBinary(normalizePlatform(entry.platform), scan.identity)
      const description = describeBinary(scan.identity)
      const file = { path: scan.path, found: description }
      if (!verdict.checked) {
        return {
          value: { ok: null, detail: `no rule for ${label}`, ...file },
          findings: found({ notes: [say.noRuleNote(label, scan.path, description)] })
        }
      }
      if (!verdict.ok) {
        return {
          value: { ok: false, detail: `${verdict.found}, expected ${verdict.expected}`, ...file },
          findings: found({ problems: [say.wrongCpu(label, scan.path, verdict.found, verdict.expected)] })
        }
      }
      return { value: { ok: true, detail: description, ...file }, findings: NOTHING }
    }
  }
}

/**
 * What the layers read say: a layer whose bytes do not hash to its digest (or that could not be read) is
 * a problem naming the layer; a platform whose check ran out of read budget is a warning with the
 * figures (a problem with `verify-budget-exceeded: fail`); every wrong-CPU file met is listed.
 */
function layerChecks(
  entry: Image,
  layers: LayersEvidence,
  label: string,
  rules: VerifyRules
): Judged<RowLayers> {
  const bytesRead = layers.read.reduce((sum, l) => sum + (l.status === 'verified' ? l.size : l.bytesRead), 0)
  const partial = layers.read.filter((l) => l.status === 'partial')
  const verdict = rules.checkBinaries
    ? judgeFoundBinaries(normalizePlatform(entry.platform), layers.binaries, rules.ignoreBinaries ?? [])
    : { checked: 0, ignored: 0, wrong: [] }
  const chosenPath = entry.binary.status === 'chosen' ? entry.binary.path : undefined
  const wrong = verdict.wrong.filter((w) => w.path !== chosenPath)
  const value: RowLayers = {
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
  const digests = layerDigests(layers, label)
  const budget = layers.budgetExhausted ? budgetFinding(entry, layers, label, rules, value) : NOTHING
  const bad = wrong.filter((w) => w.severity === 'problem')
  const minor = wrong.filter((w) => w.severity === 'note')
  const needs = expectedBinary(normalizePlatform(entry.platform))?.description ?? label
  const files = found({
    problems: bad.length > 0 ? [say.foreignFiles(label, bad, needs)] : [],
    notes: [
      ...(minor.length > 0 ? [say.otherCpuNote(label, minor)] : []),
      ...(verdict.ignored > 0 ? [say.ignoredNote(label, verdict.ignored)] : [])
    ]
  })
  return { value, findings: joinFindings([digests, budget, files]) }
}

/** Layers whose bytes missed their digest, or that could not be read to their end. */
function layerDigests(layers: LayersEvidence, label: string): Findings {
  return found({
    problems: layers.read.flatMap((layer) => {
      if (layer.status === 'mismatch') return [say.layerMismatch(label, layer.digest, layer.message)]
      if (layer.status === 'unreadable') return [say.layerUnreadable(label, layer.digest, layer.message)]
      return []
    })
  })
}

/** A read budget that ran out: a warning, or a problem under `verify-budget-exceeded: fail`. */
function budgetFinding(
  entry: Image,
  layers: LayersEvidence,
  label: string,
  rules: VerifyRules,
  figures: RowLayers
): Findings {
  const line = say.budgetExceeded(label, {
    settled: entry.binary.status === 'chosen' || entry.binary.status === 'none',
    ...(layers.budget !== undefined ? { budget: layers.budget } : {}),
    layersRead: figures.read,
    layersTotal: figures.total,
    bytesRead: figures.bytesRead,
    bytesTotal: figures.bytesTotal,
    cut: layers.read.filter((l) => l.status === 'partial')
  })
  return rules.budgetExceeded === 'fail' ? found({ problems: [line] }) : found({ warnings: [line] })
}

function attestationFor(evidence: ImageEvidence, digest: string): Check {
  const attestation = evidence.attestations.find(
    (a) => a.annotations?.[ATTESTATION_REFERENCE_DIGEST] === digest
  )
  return attestation ? { ok: true, detail: attestation.digest } : { ok: null, detail: 'none' }
}

function entriesWithoutPlatform(evidence: ImageEvidence): Findings {
  return found({
    problems: evidence.entries
      .filter((e) => e.platform === undefined)
      .map((e) => say.noPlatform(e.descriptor.digest, evidence.reference, e.error))
  })
}

function nestedIndexes(evidence: ImageEvidence): Findings {
  return found({
    problems: evidence.nestedIndexes.map((nested) => say.nestedIndex(nested.digest, evidence.reference))
  })
}

/** Every attestation points at an image of the index. */
function attestationsBound(evidence: ImageEvidence): Findings {
  const images = new Set(evidence.entries.map((e) => e.descriptor.digest))
  return found({
    problems: evidence.attestations.flatMap((attestation) => {
      const subject = attestation.annotations?.[ATTESTATION_REFERENCE_DIGEST]
      if (subject !== undefined && images.has(subject)) return []
      return [say.strayAttestation(attestation.digest, evidence.reference, subject)]
    })
  })
}

function noRegress(
  previous: NonNullable<VerifyRules['noRegress']>,
  images: readonly Image[],
  ref: string
): Findings {
  return found({
    problems: previous.platforms
      .filter((platform) => !images.some((e) => matchesStrict(platform, e.platform)))
      .map((platform) => say.regressed(platformIdentity(platform), previous.reference, ref))
  })
}
