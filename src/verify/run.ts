/** verify mode's engine: gather evidence through an ImageSource, then evaluate it. No @actions, no files. */
import type { VerifyPlan } from '../inputs/verify.js'
import type { Platform } from '../oci/types.js'
import { isAttestation } from '../oci/types.js'
import { matchesStrict } from '../platform/index.js'
import { formatReference, type ImageReference } from '../reference/reference.js'
import { evaluate, type VerifyResult } from './checks.js'
import type { ImageEvidence } from './evidence.js'
import type { ImageSource } from '../registry/ports.js'
import { gatherEvidence } from './gather.js'
import type { LayerScanner, LayerScannerOptions } from './layers.js'

export interface VerifyOutcome {
  result: VerifyResult
  evidence: ImageEvidence
  durationMs: number
}

export async function verifyImage(
  source: ImageSource,
  plan: VerifyPlan,
  options: { concurrency?: number; scanner?: LayerScanner; scannerOptions?: LayerScannerOptions } = {}
): Promise<VerifyOutcome> {
  const started = Date.now()
  const required = plan.platforms
  const isRequired = (platform: Platform | undefined): boolean =>
    platform !== undefined && (required.length === 0 || required.some((r) => matchesStrict(r, platform)))
  const checkBinary = (platform: Platform | undefined): boolean => plan.checkBinaries && isRequired(platform)
  const layers = plan.layers
  const [evidence, previous] = await Promise.all([
    gatherEvidence(source, plan.image, {
      checkBinary,
      readLayers: isRequired,
      ...(layers ? { verifyLayers: layers.verifyLayers, readBudget: layers.readBudget } : {}),
      ...options
    }),
    plan.noRegress ? platformsOfReference(source, plan.noRegress) : Promise.resolve(undefined)
  ])
  const result = evaluate(evidence, {
    required,
    allowExtra: plan.allowExtra,
    checkBinaries: plan.checkBinaries,
    ...(layers ? { ignoreBinaries: layers.ignoreBinaries, budgetExceeded: layers.budgetExceeded } : {}),
    ...(plan.noRegress && previous
      ? { noRegress: { reference: formatReference(plan.noRegress), platforms: previous } }
      : {})
  })
  return { result, evidence, durationMs: Date.now() - started }
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
