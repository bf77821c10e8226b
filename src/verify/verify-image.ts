/** verify mode's engine: gather evidence through an ImageSource, then evaluate it. No @actions, no files. */
import type { Platform } from '../oci/types.js'
import { isAttestation } from '../oci/types.js'
import { matchesStrict } from '../platform/index.js'
import { formatReference, type ImageReference } from '../reference/reference.js'
import { evaluate, type VerifyResult } from './checks.js'
import type { ImageEvidence, VerifyLayers } from './evidence.js'
import type { ImageSource } from '../registry/ports.js'
import { gatherEvidence } from './gather.js'
import type { LayerReads, LayerScannerOptions } from './layers.js'

/** How verification reads layers: the inputs verify-layers, verify-budget, verify-budget-exceeded, check-binaries-ignore. */
export interface LayerPolicy {
  /** `read`: the layers the binary check opens, each to its end; `all`: every layer of every required platform. */
  verifyLayers: VerifyLayers
  /** Compressed bytes one platform's check may read under `read`; Infinity: no budget. */
  readBudget: number
  /** A platform whose check ran out of budget: a warning, or a failure. */
  budgetExceeded: 'warn' | 'fail'
  /** Globs of image paths whose CPU is not judged. */
  ignoreBinaries: string[]
}

/** What to verify and how: verify mode's plan (inputs/verify.ts parses it), and publish's check of its index. */
export interface VerifyPlan {
  image: ImageReference
  /** The required set; empty means "check every platform the image has, require none". */
  platforms: Platform[]
  checkBinaries: boolean
  noRegress?: ImageReference
  allowExtra: boolean
  /** Absent: the defaults (read, the default budget, warn, no ignores). */
  layers?: LayerPolicy
}

/** Platforms to compare with for no-regress, and what to call where they came from. */
export interface Previous {
  reference: string
  platforms: Platform[]
}

export interface VerifyOutcome {
  result: VerifyResult
  evidence: ImageEvidence
  durationMs: number
}

export async function verifyImage(
  source: ImageSource,
  plan: VerifyPlan,
  options: {
    concurrency?: number
    scanner?: LayerReads
    scannerOptions?: LayerScannerOptions
    /**
     * no-regress against platforms read elsewhere (publish: what the tags point to now); a promise is
     * read while the evidence is gathered.
     */
    previous?: Previous | Promise<Previous | undefined>
  } = {}
): Promise<VerifyOutcome> {
  const started = Date.now()
  const layers = plan.layers
  const { previous: givenPrevious, ...gather } = options
  const [evidence, previous, given] = await Promise.all([
    gatherForPlan(source, plan, gather),
    plan.noRegress ? platformsOfReference(source, plan.noRegress) : Promise.resolve(undefined),
    givenPrevious
  ])
  const result = evaluate(evidence, {
    required: plan.platforms,
    allowExtra: plan.allowExtra,
    checkBinaries: plan.checkBinaries,
    ...(layers ? { ignoreBinaries: layers.ignoreBinaries, budgetExceeded: layers.budgetExceeded } : {}),
    ...(plan.noRegress && previous
      ? { noRegress: { reference: formatReference(plan.noRegress), platforms: previous } }
      : given
        ? { noRegress: given }
        : {})
  })
  return { result, evidence, durationMs: Date.now() - started }
}

/**
 * What verifying `plan` reads — the image's manifests, configs and the layers its checks open — without
 * judging it: a read ahead (merge, publish) gathers with this, so it reads exactly what verification will.
 */
export function gatherForPlan(
  source: ImageSource,
  plan: VerifyPlan,
  options: { concurrency?: number; scanner?: LayerReads; scannerOptions?: LayerScannerOptions } = {}
): Promise<ImageEvidence> {
  const required = plan.platforms
  const isRequired = (platform: Platform | undefined): boolean =>
    platform !== undefined && (required.length === 0 || required.some((r) => matchesStrict(r, platform)))
  const layers = plan.layers
  return gatherEvidence(source, plan.image, {
    checkBinary: (platform) => plan.checkBinaries && isRequired(platform),
    readLayers: isRequired,
    ...(layers ? { verifyLayers: layers.verifyLayers, readBudget: layers.readBudget } : {}),
    ...options
  })
}

/** The platforms another reference has: its index entries, or a single image's config (one more read). */
export async function platformsOfReference(source: ImageSource, ref: ImageReference): Promise<Platform[]> {
  const root = await source.getManifest(ref)
  if (root.parsed.kind === 'index') {
    return root.parsed.index.manifests
      .filter((m) => !isAttestation(m))
      .flatMap((m) => (m.platform ? [m.platform] : []))
  }
  const config = JSON.parse(
    (await source.readBlob(ref, root.parsed.manifest.config.digest)).toString('utf8')
  ) as Platform
  return [
    {
      os: config.os,
      architecture: config.architecture,
      ...(config.variant ? { variant: config.variant } : {})
    }
  ]
}
