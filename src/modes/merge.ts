/** merge mode: the request built once, the sources (or this run's staged legs), the publish protocol, the report. */
import { stagingIdOf } from '../buildx/staging.js'
import type { MergePlan } from '../inputs/merge.js'
import { publishIndex, type PublishOutcome } from '../publish/publish.js'
import type { ForwardPolicy, PublishRequest } from '../publish/request.js'
import { resolveSources, type ResolveOptions } from '../publish/sources.js'
import { findStagedLegs } from '../publish/staged.js'
import type { ImageReference } from '../reference/reference.js'
import type { RegistryStore, RequestCounter, RequestCounts } from '../registry/ports.js'
import { mergeReport, mergeSummary, type MergeReport } from '../report/merge.js'
import {
  attestationSettled,
  attestationSummary,
  withAttestation,
  type AttestationRecord,
  type AttestationSetup
} from './attestation.js'
import { requestsSince, type Prefetch, type ReportWriter, type WorkflowContext } from './ports.js'
import { buildPublishRequest, type BuiltRequest } from './request.js'

export interface MergePorts {
  registry: RegistryStore & RequestCounter
  reports: ReportWriter
  context: WorkflowContext
  /** Tags only move forward: this run's commit vs the tag's (on-older). */
  forward?: ForwardPolicy
  /** The attestation of each verified index (absent or a notice: none written). */
  attestation?: AttestationSetup
}

export interface MergeModePorts extends MergePorts {
  /**
   * Verification's reads of each source image in the target repository, started as soon as the image is
   * located, while the other sources are still being read (absent: verification reads after assembly).
   */
  prefetch?: Prefetch
}

export interface MergeModeResult {
  outcome: PublishOutcome
  report: MergeReport
  reportPath: string
  summary: string
  ok: boolean
}

export async function runMergeMode(plan: MergePlan, ports: MergeModePorts): Promise<MergeModeResult> {
  const started = Date.now()
  const requestsBefore = ports.registry.requestCounts()
  const built = buildPublishRequest(plan, {
    ...ports,
    annotations: plan.annotations,
    ...(ports.prefetch ? { scans: ports.prefetch.scans } : {})
  })
  const sources =
    plan.sources.length > 0
      ? plan.sources
      : await findStagedLegs(
          ports.registry,
          plan.target,
          plan.platforms,
          stagingIdOf(plan.stagingId, ports.context.runId)
        )
  return publishSources(built, sources, {
    ports,
    started,
    requestsBefore,
    ...(ports.prefetch ? { readAhead: ports.prefetch } : {})
  })
}

/**
 * What merge does once it knows its sources, and what publish does after its build: read the sources,
 * run the protocol, write the report. `requestsBefore`: the report counts every request of the run's
 * publishing, the reads made ahead included. `readAhead` (merge): each source image already in the target
 * repository has verification's reads started as soon as it is located; its layer scans are the
 * request's (`scans`), so verification shares them instead of waiting for the index to be assembled.
 */
export async function publishSources(
  built: BuiltRequest,
  sources: readonly ImageReference[],
  run: { ports: MergePorts; started: number; requestsBefore: RequestCounts; readAhead?: Prefetch }
): Promise<MergeModeResult> {
  const { registry, reports } = run.ports
  // Not in a dry run: nothing is verified there.
  const readAhead = built.request.dryRun ? undefined : run.readAhead
  const attest = run.ports.attestation
  let outcome: PublishOutcome
  try {
    const images = await resolveSources(registry, sources, readingAhead(readAhead, built.request))
    const request = withAttestation(built.request, {
      ports: attest && 'ports' in attest ? attest.ports : undefined,
      revision: run.ports.context.sha || undefined
    })
    outcome = await publishIndex(registry, request, images)
  } catch (error) {
    // A merge that fails (a missing source, an input error found from the sources) reports at once.
    readAhead?.stop()
    throw error
  } finally {
    await readAhead?.settled()
  }
  const attested = outcome.repositories.flatMap((r) => (r.attestation ? [r.attestation] : []))
  await Promise.all(attested.map((record) => attestationSettled(record)))
  const report = mergeReport(built.request, sources, outcome, {
    durationMs: Date.now() - run.started,
    requests: requestsSince(run.requestsBefore, registry.requestCounts())
  })
  const reportPath = await reports.write('merge', outcome.assembled.digest, report)
  const ok = outcome.dryRun || ((outcome.verification?.result.ok ?? false) && !outcome.refused)
  const notes = built.notes.length > 0 ? `\n${built.notes.join('\n')}\n` : ''
  const summary = mergeSummary(built.request, outcome) + notes + attestationLines(attest, attested)
  return { outcome, report, reportPath, summary, ok }
}

/** Starts verification's reads of each image as it is located, when it is in the target repository already. */
function readingAhead(readAhead: Prefetch | undefined, request: PublishRequest): ResolveOptions {
  if (!readAhead) return {}
  const { target } = request
  return {
    onLocated: (image) => {
      if (image.from.registry !== target.registry || image.from.repository !== target.repository) return
      readAhead.start(request, { digest: image.descriptor.digest })
    }
  }
}

/** One attestation line per repository attested (or the notice saying why none was written). */
function attestationLines(
  setup: AttestationSetup | undefined,
  records: readonly AttestationRecord[]
): string {
  if (records.length === 0) return attestationSummary(setup, undefined)
  return records.map((record) => attestationSummary(setup, record)).join('')
}
