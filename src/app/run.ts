/**
 * The one composition root. The action and the CLI differ only in their Host: both call `run` with a
 * command, and everything else — parsing the inputs into a plan, wiring the registry with credentials
 * scoped to their registries, running the mode on its ports, printing the result, failing honestly — is
 * done here, once.
 */
import { isActionError, ActionError } from '../errors.js'
import { parseCredentialInputs, parseRegistryAuth } from '../inputs/credentials.js'
import { parseMergeInputs } from '../inputs/merge.js'
import { Inputs, Outputs } from '../names.js'
import type { ForwardPolicy } from '../publish/request.js'
import { createAncestryLookup } from '../revision/ancestry.js'
import { parseOnOlder } from '../inputs/revision.js'
import { parseBuildModeInputs, parsePublishInputs } from '../inputs/publish.js'
import { parseVerifyInputs } from '../inputs/verify.js'
import { runMergeMode, type MergeModeResult, type MergePorts } from '../modes/merge.js'
import type { Builder, Prefetch, ReportWriter } from '../modes/ports.js'
import { runVerifyMode } from '../modes/verify.js'
import { stagingIdOf } from '../buildx/staging.js'
import { RegistryClient } from '../registry/client.js'
import type { ImageSource, RegistryStore, RequestCounter } from '../registry/ports.js'
import { scopedCredentials } from '../registry/credentials.js'
import { writeReport } from '../report/write.js'
import type { VerifyResult } from '../verify/checks.js'
import { buildxBuilder, layerPrefetch } from './adapters.js'
import { failureSummary } from './failure.js'
import type { Command, Host } from './host.js'
import { runInspect } from './inspect.js'
import {
  forwardReader,
  gateImage,
  prepareAttestation,
  prepareVerifyAttestation,
  readRequirement
} from './attestation.js'
import type { ReferrerStore } from '../attest/attest.js'
import type { Trust } from '../attest/gate.js'
import type { VerifyPlan } from '../inputs/verify.js'

/**
 * The edges the modes' ports are made from: the registry client, buildx's session, the layer scanner.
 * The real ones unless a test hands in its own (an in-memory registry, a builder of its own).
 */
export interface Edges {
  registry(host: Host, targetRegistry: string): RegistryStore & RequestCounter
  builder(host: Host): Builder
  prefetch(source: ImageSource): Prefetch
  /** The client's referrers (attestations); absent or undefined: this client stores none. */
  referrers?(registry: RegistryStore): ReferrerStore | undefined
  /** The environment attesting reads (COSIGN_PASSWORD, the OIDC request variables); absent: none (test edges stay hermetic). */
  env?: NodeJS.ProcessEnv
}

const REAL_EDGES: Edges = {
  registry: registryFor,
  builder: (host) => buildxBuilder(host.log, parseCredentialInputs(host.input).target),
  prefetch: (source) => layerPrefetch(source),
  referrers: (registry) => (registry instanceof RegistryClient ? registry.referrers : undefined),
  env: process.env
}

/** Runs a command (or the one an input names, read inside, so a bad name fails like any input). */
export async function run(
  command: Command | (() => Command),
  host: Host,
  edges: Edges = REAL_EDGES
): Promise<void> {
  let known: Command | undefined
  maskGivenCredentials(host)
  try {
    known = typeof command === 'function' ? command() : command
    await COMMANDS[known](host, edges)
  } catch (error) {
    await failWith(known, host, error)
  }
}

const COMMANDS: Record<Command, (host: Host, edges: Edges) => Promise<void>> = {
  verify,
  merge,
  publish,
  build,
  inspect: (host, edges) => runInspect(host, (registry) => edges.registry(host, registry))
}

/**
 * Every password the inputs hold is masked before anything runs, whatever the mode does with it: build
 * mode sends none itself (buildx pushes with the docker config), yet its log must not show one either. A
 * malformed `registry-auth` is reported by the mode that reads it; its well-formed lines are masked here.
 */
function maskGivenCredentials(host: Host): void {
  const password = host.input(Inputs.password)
  if (password !== '') host.secret(password)
  for (const line of host.input(Inputs.registryAuth).split(/\r?\n/)) {
    try {
      for (const login of parseRegistryAuth(line)) host.secret(login.password)
    } catch {
      // Not a credential line this run can use: the mode that reads `registry-auth` names it.
    }
  }
}

/** The registry client, every credential scoped to the registry it was given for (README: credentials). */
export function registryFor(host: Host, targetRegistry: string): RegistryClient {
  const given = parseCredentialInputs(host.input)
  const onSecret = (secret: string): void => {
    host.secret(secret)
  }
  // The passwords themselves were masked before the command ran (maskGivenCredentials); tokens are masked
  // as the client receives them.
  return new RegistryClient({
    credentials: scopedCredentials({
      targetRegistry,
      ...(given.target ? { target: given.target } : {}),
      logins: given.logins,
      onSecret
    }),
    onSecret,
    insecureRegistries: host.insecureRegistries,
    transport: {
      onRetry: (info) => {
        host.log.info(
          `retrying ${info.method} ${info.url} in ${info.delayMs} ms (attempt ${info.attempt}: ${info.reason})`
        )
      }
    }
  })
}

function reportsOf(host: Host): ReportWriter {
  return { write: (mode, digest, report) => writeReport(host.reportDir, mode, digest, report) }
}

async function verify(host: Host, edges: Edges): Promise<void> {
  const plan = parseVerifyInputs(host.input)
  const requirement = await readRequirement(host)
  const registry = edges.registry(host, plan.image.registry)
  const attestation = await prepareVerifyAttestation(host, {
    gateOnly: requirement.kind === 'required' && !requirement.reverify,
    ...(edges.referrers ? { referrers: edges.referrers(registry) } : {}),
    env: edges.env ?? {}
  })
  if (requirement.kind === 'required') {
    const passed = await gate(host, { edges, registry, plan, trust: requirement.trust })
    if (!passed || !requirement.reverify) return
  }
  const {
    result,
    report,
    reportPath,
    summary,
    attestation: written
  } = await runVerifyMode(plan, {
    registry,
    reports: reportsOf(host),
    ...(attestation ? { attestation } : {})
  })
  await host.writeSummary(summary)
  if (written) {
    host.setOutput(Outputs.attestation, written.digest)
    host.setOutput(Outputs.attestationBundle, written.bundlePath)
  }
  host.setOutput(Outputs.report, reportPath)
  host.setOutput(Outputs.summary, summary)
  host.setOutput(Outputs.verified, String(result.ok))
  if (!result.ok) {
    failWithProblems(host, result, '')
    return
  }
  host.setOutput(Outputs.digest, result.digest)
  host.setOutput(Outputs.platforms, JSON.stringify(result.platforms))
  const requests = report.requests
  // A terminal has the summary on stdout already; the action's log gets one line to find.
  if (host.summaryApart)
    host.log.info(
      `verified ${result.reference} (${result.digest}) in ${report.durationMs} ms: ${requests?.registry ?? 0} registry requests, ${requests?.tokens ?? 0} token requests`
    )
}

/**
 * verify mode's gate: an attestation of the image's digest, signed as trusted, PASSED, covering the
 * platforms — read without a layer. Fails in one line naming the reason; true when it passed.
 */
async function gate(
  host: Host,
  options: { edges: Edges; registry: RegistryStore; plan: VerifyPlan; trust: Trust }
): Promise<boolean> {
  const { registry, plan } = options
  const outcome = await gateImage({
    registry,
    referrers: options.edges.referrers?.(registry),
    image: plan.image,
    platforms: plan.platforms,
    trust: options.trust
  })
  const name = `${plan.image.registry}/${plan.image.repository}@${outcome.subject}`
  if (!outcome.ok) {
    await host.writeSummary(`- Attestation gate of ${name}: **failed** (${outcome.reason})\n`)
    host.setOutput(Outputs.verified, 'false')
    host.fail({ line: outcome.line, more: [], exitCode: 1 })
    return false
  }
  const unchecked =
    outcome.notChecked.length > 0 ? ` (not checked offline: ${outcome.notChecked.join('; ')})` : ''
  const line = `- Attestation gate of ${name}: passed — attestation \`${outcome.digest}\` (${outcome.via})${unchecked}`
  await host.writeSummary(line + '\n')
  host.setOutput(Outputs.verified, 'true')
  host.setOutput(Outputs.digest, outcome.subject)
  host.setOutput(Outputs.attestation, outcome.digest)
  if (host.summaryApart) host.log.info(line.slice(2))
  return true
}

/** Tags only move forward: this run's commit (GITHUB_SHA) against each tag's, by git history or the API. */
function forwardPolicy(host: Host, attested: ForwardPolicy['attestedRevision']): ForwardPolicy {
  const onOlder = parseOnOlder(host.input)
  const token = host.input(Inputs.githubToken)
  if (token) host.secret(token)
  return {
    revision: host.context.sha || undefined,
    onOlder,
    ancestry: createAncestryLookup({
      workspace: host.context.workspace,
      repository: host.context.repository,
      token
    }),
    ...(attested ? { attestedRevision: attested } : {})
  }
}

/**
 * What merge and publish share: the target's registry, reports, the workflow, the forward-only policy,
 * the attestation (chosen here, before anything is written).
 */
async function publishingPorts(host: Host, edges: Edges, targetRegistry: string): Promise<MergePorts> {
  const registry = edges.registry(host, targetRegistry)
  const attestation = await prepareAttestation(host, {
    ...(edges.referrers ? { referrers: edges.referrers(registry) } : {}),
    env: edges.env ?? {}
  })
  return {
    registry,
    reports: reportsOf(host),
    context: host.context,
    forward: forwardPolicy(host, forwardReader(attestation)),
    attestation: attestation.setup
  }
}

async function merge(host: Host, edges: Edges): Promise<void> {
  const plan = parseMergeInputs(host.input)
  const ports = await publishingPorts(host, edges, plan.target.registry)
  const merged = await runMergeMode(plan, { ...ports, prefetch: edges.prefetch(ports.registry) })
  await presentMerge(host, merged, plan.tags)
}

async function publish(host: Host, edges: Edges): Promise<void> {
  const plan = parsePublishInputs(host.input)
  const ports = await publishingPorts(host, edges, plan.target.registry)
  // The build modes' code loads only when one runs: verify and merge start without it.
  const { runPublishMode } = await import('../modes/publish.js')
  const result = await runPublishMode(plan, {
    ...ports,
    stagingId: stagingIdOf(plan.stagingId, host.context.runId, { outsideWorkflow: 'local' }),
    builder: edges.builder(host),
    prefetch: edges.prefetch(ports.registry)
  })
  host.setOutput(Outputs.metadata, JSON.stringify(result.metadata))
  await presentMerge(host, result, plan.tags)
}

async function build(host: Host, edges: Edges): Promise<void> {
  const plan = parseBuildModeInputs(host.input)
  const { runBuildMode } = await import('../modes/build.js')
  const result = await runBuildMode(plan, {
    stagingId: stagingIdOf(plan.stagingId, host.context.runId),
    reports: reportsOf(host),
    builder: edges.builder(host),
    context: host.context
  })
  await host.writeSummary(result.summary)
  host.setOutput(Outputs.digest, Object.values(result.platforms)[0] ?? '')
  host.setOutput(Outputs.platforms, JSON.stringify(result.platforms))
  host.setOutput(Outputs.refs, JSON.stringify(result.refs))
  host.setOutput(Outputs.metadata, JSON.stringify(result.metadata))
  host.setOutput(Outputs.report, result.reportPath)
  host.setOutput(Outputs.summary, result.summary)
  // A leg is checked by the merge that publishes it, not here.
  host.setOutput(Outputs.verified, 'false')
}

/** Outputs, summary and verdict of a merge (also the end of publish). */
async function presentMerge(host: Host, merged: MergeModeResult, tags: readonly string[]): Promise<void> {
  const { outcome, report, reportPath, summary, ok } = merged
  await host.writeSummary(summary)
  host.setOutput(Outputs.report, reportPath)
  host.setOutput(Outputs.summary, summary)
  host.setOutput(Outputs.verified, String(!outcome.dryRun && ok))
  if (outcome.attestation) {
    host.setOutput(Outputs.attestation, outcome.attestation.digest)
    host.setOutput(Outputs.attestationBundle, outcome.attestation.bundlePath)
  }
  if (outcome.dryRun) {
    host.log.info(
      `dry run: would push this index as ${tags.join(', ')}:\n${outcome.assembled.bytes.toString('utf8')}`
    )
    host.setOutput(Outputs.digest, outcome.assembled.digest)
    return
  }
  if (outcome.refused) {
    const moved = outcome.refs.length > 0 ? ` (moved before the refusal: ${outcome.refs.join(', ')})` : ''
    host.fail({ line: `${outcome.refused.oneLine()}${moved}`, more: [], exitCode: 1 })
    return
  }
  if (!ok) {
    if (outcome.verification) failWithProblems(host, outcome.verification.result, ' — no tag was moved')
    return
  }
  for (const warning of outcome.tagging?.warnings ?? []) host.log.warning(warning)
  host.setOutput(Outputs.digest, outcome.assembled.digest)
  host.setOutput(Outputs.platforms, JSON.stringify(outcome.verification?.result.platforms ?? {}))
  host.setOutput(Outputs.refs, JSON.stringify(outcome.refs))
  host.setOutput(Outputs.repositories, JSON.stringify(repositoryDigests(outcome)))
  if (host.summaryApart)
    host.log.info(
      `published ${outcome.refs.join(', ')} in ${report.durationMs} ms: ${report.requests.registry} registry requests, ${report.requests.tokens} token requests`
    )
}

/** The `repositories` output: each repository published to → the index digest there. */
function repositoryDigests(outcome: MergeModeResult['outcome']): Record<string, string> {
  return Object.fromEntries(outcome.repositories.map((r) => [r.repository, r.digest]))
}

/** The first problem is the error line; the others follow as lines (annotations in the action) of their own. */
function failWithProblems(host: Host, result: VerifyResult, suffix: string): void {
  const [first, ...rest] = result.problems
  const more =
    rest.length > 0 ? ` (and ${rest.length} more problem(s), listed below and in the step summary)` : ''
  host.fail({ line: `${first ?? 'verification failed'}${more}${suffix}`, more: rest, exitCode: 1 })
}

/** Any error: one line naming what failed and what to do, a summary saying so and that no tag moved. */
async function failWith(command: Command | undefined, host: Host, error: unknown): Promise<void> {
  const line = isActionError(error)
    ? error.oneLine()
    : `unexpected error: ${error instanceof Error ? error.message : String(error)}`
  if (error instanceof Error) host.log.debug(error.stack ?? error.message)
  if (isActionError(error) && error.cause !== undefined) host.log.debug(describe(error.cause))
  host.setOutput(Outputs.verified, 'false')
  // The step summary is where a workflow's reader looks; a terminal has the error line itself.
  if (host.summaryApart) {
    try {
      await host.writeSummary(failureSummary(command, line, refsMovedOf(error)))
    } catch (summaryError) {
      host.log.warning(`could not write the step summary: ${describe(summaryError)}`)
    }
  }
  const exitCode = isActionError(error) && error.kind === 'invalid-input' ? 2 : 1
  host.fail({ line, more: [], exitCode })
}

function refsMovedOf(error: unknown): readonly string[] {
  return error instanceof ActionError ? error.refsMoved : []
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return cause.stack ?? cause.message
  return typeof cause === 'string' ? cause : JSON.stringify(cause)
}
