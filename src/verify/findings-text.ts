/**
 * The lines verification writes: what is wrong — what to do. One function per finding, so the rules in
 * checks.ts read as rules and the wording lives in one place.
 */
import type { WrongBinary } from './found-binaries.js'
import { formatBytes, shortDigest as short } from './format.js'

/** Wrong-CPU files named in one line at most; the rest are counted. */
const MAX_LISTED = 10

export function duplicatePlatform(identity: string, ref: string, digests: string[]): string {
  return `${identity} appears ${digests.length} times in ${ref} (${digests.map(short).join(', ')}) — an index must have one entry per platform; rebuild it from one source per platform`
}

export function missingPlatform(label: string, ref: string): string {
  return `${label} is missing from ${ref} — add it to \`platforms\` of the build`
}

export function fallbackNote(label: string, fallback?: { platform: string; digest: string }): string {
  return fallback
    ? `a ${label} client would pull ${fallback.platform} (${short(fallback.digest)}) instead: a compatible fallback, not coverage`
    : `a ${label} client finds no compatible entry at all ("no matching manifest for ${label}")`
}

export function notRequired(label: string, ref: string): string {
  return `${label} is in ${ref} but not required — add it to \`platforms\`, or set \`allow-extra: true\``
}

export function noPlatform(digest: string, ref: string, error?: string): string {
  return `entry ${short(digest)} of ${ref} has no platform${error ? `: ${error}` : ''} — every image in an index needs its platform`
}

export function nestedIndex(digest: string, ref: string): string {
  return `entry ${short(digest)} of ${ref} is itself an index — clients cannot pull nested indexes; list its images directly`
}

export function strayAttestation(digest: string, ref: string, subject?: string): string {
  return `attestation ${short(digest)} of ${ref} points at ${subject ? short(subject) : 'nothing'}, which is not an image of the index — re-assemble the index keeping each attestation with its image`
}

export function regressed(platform: string, previous: string, ref: string): string {
  return `${platform} was in ${previous} but is missing from ${ref} — keep building it, or drop \`no-regress\` if removing it is intended`
}

export const NO_REQUIRED_PLATFORMS =
  'no required platforms given: every platform of the image was checked, none required'

export function unreadableEntry(label: string, digest: string, ref: string, error: string): string {
  return `${label} (${short(digest)}) of ${ref} cannot be read: ${error}`
}

export function mislabelledConfig(label: string, digest: string, found: string): string {
  return `${label} entry ${short(digest)} has a config for ${found} — the index labels it wrongly; rebuild or re-assemble the index from images built for ${label}`
}

export function layersUnreadableForBinaries(label: string, message: string): string {
  return `${label}: the layers could not be read to check binaries: ${message} — retry, or set \`check-binaries: false\``
}

export function noBinaryNote(label: string, reason: string): string {
  return `${label}: no ELF or PE file found (${reason}); nothing to check`
}

export function noRuleNote(label: string, path: string, found: string): string {
  return `${label}: ${path} is ${found}; no rule for this platform, so not judged`
}

export function wrongCpu(label: string, path: string, found: string, expected: string): string {
  return `${label}: /${path} is ${found}, but ${label} needs ${expected} — the image was built for the wrong CPU; build it with --platform ${label} (QEMU) or on a matching runner`
}

export function layerMismatch(label: string, digest: string, message?: string): string {
  return `${label}: layer ${digest} does not match its digest (${message ?? 'bytes differ'}) — the registry serves corrupt content; do not publish this image: push the layer again (rebuild) and retry`
}

export function layerUnreadable(label: string, digest: string, message?: string): string {
  return `${label}: layer ${digest} could not be read to its end: ${message ?? 'unknown error'} — retry; if it persists, rebuild and push the image again`
}

export interface BudgetFigures {
  /** Whether the binary check settled before the budget ran out. */
  settled: boolean
  budget?: number
  layersRead: number
  layersTotal: number
  bytesRead: number
  bytesTotal: number
  /** Layers read in part. */
  cut: { digest: string; bytesRead: number; size: number }[]
}

export function budgetExceeded(label: string, figures: BudgetFigures): string {
  const what = figures.settled
    ? `the binary check settled, but not every layer it used was read to its end`
    : `the binary check did not reach the file to check within the read budget`
  const budget = figures.budget !== undefined ? ` (${formatBytes(figures.budget)})` : ''
  const cut = figures.cut.map(
    (l) =>
      `layer ${short(l.digest)} read ${formatBytes(l.bytesRead)} of ${formatBytes(l.size)}, digest not checked`
  )
  return `${label}: ${what}${budget}: read ${figures.layersRead} of ${figures.layersTotal} layers, ${formatBytes(figures.bytesRead)} of ${formatBytes(figures.bytesTotal)}${cut.length > 0 ? `; ${cut.join('; ')}` : ''} — raise \`verify-budget\`, or set \`verify-layers: all\` to read every layer`
}

function listed(files: WrongBinary[]): string {
  const names = files
    .slice(0, MAX_LISTED)
    .map((w) => `/${w.path} (${w.found})`)
    .join(', ')
  return names + (files.length > MAX_LISTED ? ` and ${files.length - MAX_LISTED} more` : '')
}

export function foreignFiles(label: string, files: WrongBinary[], needs: string): string {
  const count = files.length === 1 ? '1 file is' : `${files.length} files are`
  return `${label}: ${count} built for another CPU: ${listed(files)}, but ${label} needs ${needs} — they fail to load (dlopen, "exec format error") on ${label}: build native modules inside the ${label} build instead of copying them from the runner, or list the paths in \`check-binaries-ignore\``
}

export function otherCpuNote(label: string, files: WrongBinary[]): string {
  return `${label}: ${files.length} other file(s) built for another CPU, not judged as problems: ${listed(files)}`
}

export function ignoredNote(label: string, count: number): string {
  return `${label}: ${count} binary file(s) matched \`check-binaries-ignore\``
}
