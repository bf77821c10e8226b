/**
 * The publish protocol's request, built once from the plan (as go-containerregistry's makeOptions builds
 * one options struct): the modes pass it down unchanged, and the protocol reads it in every phase.
 */
import { defaultIndexAnnotations, parseAnnotations } from '../image-index/annotations.js'
import type { MergePlan } from '../inputs/merge.js'
import type { ForwardPolicy, PublishRequest } from '../publish/request.js'
import type { LayerReads } from '../verify/layers.js'
import type { WorkflowContext } from './ports.js'

/** The plan's part that says what to publish and how to check it (not where the images come from). */
export type PublishedPlan = Omit<MergePlan, 'sources' | 'stagingId' | 'annotations'> & { archTags?: boolean }

export interface RequestOptions {
  /** The `annotations` text meant for the index (publish mode: without the lines that went to the images). */
  annotations: string
  context: WorkflowContext
  forward?: ForwardPolicy
  /** The run's layer scans (publish mode: the read ahead's). */
  scans?: LayerReads
}

export interface BuiltRequest {
  request: PublishRequest
  /** Lines for the summary: annotation lines skipped because the index has them already. */
  notes: string[]
}

export function buildPublishRequest(plan: PublishedPlan, options: RequestOptions): BuiltRequest {
  const parsed = parseAnnotations(options.annotations)
  const request: PublishRequest = {
    target: plan.target,
    tags: plan.tags,
    ...(plan.others ? { others: plan.others } : {}),
    platforms: plan.platforms,
    annotations: parsed.index,
    defaultAnnotations: defaultIndexAnnotations(options.context),
    mediaType: plan.mediaType,
    checkBinaries: plan.checkBinaries,
    ...(plan.noRegress ? { noRegress: plan.noRegress } : {}),
    ...(plan.layers ? { layers: plan.layers } : {}),
    ...(options.forward ? { forward: options.forward } : {}),
    archTags: plan.archTags ?? false,
    ...(options.scans ? { scans: options.scans } : {}),
    dryRun: plan.dryRun
  }
  // metadata-action with levels manifest,index writes each annotation twice; the manifest copy is skipped.
  const notes = parsed.ignored.map(
    (l) => `- annotations line ${l.line} skipped (also given at index level): \`${l.text}\``
  )
  return { request, notes }
}
