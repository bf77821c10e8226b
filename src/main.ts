import * as core from '@actions/core'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { isPublishError } from './errors.js'
import { Inputs, Outputs } from './inputs/names.js'
import { parseMode, type Mode } from './inputs/mode.js'
import { parseMergeInputs } from './inputs/merge.js'
import { parseVerifyInputs } from './inputs/verify.js'
import { runMergeMode, stagingIdOf, workflowContextFromEnv, type MergeModeResult } from './modes/merge.js'
import { parseBuildModeInputs, parsePublishInputs } from './inputs/publish.js'
import { runPublishMode, type PublishLog } from './modes/publish.js'
import { runBuildMode } from './modes/build.js'
import { runVerifyMode } from './modes/verify.js'
import type { VerifyResult } from './verify/checks.js'
import { RegistryClient } from './registry/client.js'
import { credentialsFromInputs } from './registry/credentials.js'

const read = (name: string): string => core.getInput(name)

function clientFor(registries: readonly string[]): RegistryClient {
  const onSecret = (secret: string): void => {
    core.setSecret(secret)
  }
  return new RegistryClient({
    credentials: credentialsFromInputs({
      username: read(Inputs.username),
      password: read(Inputs.password),
      registries,
      onSecret
    }),
    onSecret,
    transport: {
      onRetry: (info) => {
        core.info(
          `retrying ${info.method} ${info.url} in ${info.delayMs} ms (attempt ${info.attempt}: ${info.reason})`
        )
      }
    }
  })
}

function reportDir(): string {
  return path.join(process.env.RUNNER_TEMP ?? tmpdir(), 'multiarch-publish')
}

async function verify(): Promise<void> {
  const plan = parseVerifyInputs(read)
  const client = clientFor([plan.image.registry])
  const { result, report, reportPath, summary } = await runVerifyMode(plan, {
    client,
    reportDir: reportDir()
  })
  core.info(
    `verified ${result.reference} (${result.digest}) in ${report.durationMs} ms: ${report.requests?.registry ?? 0} registry requests, ${report.requests?.tokens ?? 0} token requests`
  )
  core.setOutput(Outputs.digest, result.digest)
  core.setOutput(Outputs.platforms, JSON.stringify(result.platforms))
  core.setOutput(Outputs.report, reportPath)
  core.setOutput(Outputs.summary, summary)
  await core.summary.addRaw(summary).write()
  if (!result.ok) failWithProblems(result)
}

/** The first problem is the step's error line; the others follow as annotations of their own. */
function failWithProblems(result: VerifyResult, suffix = ''): void {
  const [first, ...rest] = result.problems
  const more =
    rest.length > 0 ? ` (and ${rest.length} more problem(s), listed below and in the step summary)` : ''
  core.setFailed(`${first ?? ''}${more}${suffix}`)
  for (const problem of rest) core.error(problem)
}

async function merge(): Promise<void> {
  const plan = parseMergeInputs(read)
  const registries = [plan.target.registry, ...plan.sources.map((s) => s.registry)]
  const client = clientFor([...new Set(registries)])
  const context = workflowContextFromEnv(process.env)
  await reportMerge(await runMergeMode(plan, { client, reportDir: reportDir(), context }), plan.tags)
}

/** Outputs, summary and verdict of a merge (also the last part of publish). */
async function reportMerge(merged: MergeModeResult, tags: readonly string[]): Promise<void> {
  const { outcome, report, reportPath, summary, ok } = merged
  if (outcome.dryRun)
    core.info(
      `dry run: would push this index as ${tags.join(', ')}:\n${outcome.assembled.bytes.toString('utf8')}`
    )
  core.info(
    `publishing took ${report.durationMs} ms: ${report.requests.registry} registry requests, ${report.requests.tokens} token requests`
  )
  core.setOutput(Outputs.digest, outcome.assembled.digest)
  core.setOutput(Outputs.platforms, JSON.stringify(outcome.verification?.result.platforms ?? {}))
  core.setOutput(Outputs.refs, JSON.stringify(outcome.refs))
  core.setOutput(Outputs.report, reportPath)
  core.setOutput(Outputs.summary, summary)
  await core.summary.addRaw(summary).write()
  if (!ok && outcome.verification) failWithProblems(outcome.verification.result, ' — no tag was moved')
}

async function publish(): Promise<void> {
  const plan = parsePublishInputs(read)
  const client = clientFor([plan.target.registry])
  const result = await runPublishMode(plan, {
    client,
    reportDir: reportDir(),
    context: workflowContextFromEnv(process.env),
    stagingId: plan.stagingId || process.env.GITHUB_RUN_ID || `local-${Date.now()}`,
    log: actionLog
  })
  await reportMerge(result, plan.tags)
}

const actionLog: PublishLog = {
  group: (title, body) => {
    core.startGroup(title)
    core.info(body)
    core.endGroup()
  },
  info: (line) => {
    core.info(line)
  }
}

async function build(): Promise<void> {
  const plan = parseBuildModeInputs(read)
  const stagingId = stagingIdOf(plan.stagingId, workflowContextFromEnv(process.env))
  const result = await runBuildMode(plan, { stagingId, reportDir: reportDir(), log: actionLog })
  core.setOutput(Outputs.digest, Object.values(result.platforms)[0] ?? '')
  core.setOutput(Outputs.platforms, JSON.stringify(result.platforms))
  core.setOutput(Outputs.refs, JSON.stringify(result.refs))
  core.setOutput(Outputs.report, result.reportPath)
  core.setOutput(Outputs.summary, result.summary)
  await core.summary.addRaw(result.summary).write()
}

/** Runs one mode. */
async function runMode(mode: Mode): Promise<void> {
  switch (mode) {
    case 'verify':
      return verify()
    case 'merge':
      return merge()
    case 'publish':
      return publish()
    case 'build':
      return build()
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.stack ?? cause.message
  return typeof cause === 'string' ? cause : JSON.stringify(cause)
}

/** The action's entry: read inputs, run the mode, turn any error into one `setFailed` line. */
export async function run(): Promise<void> {
  try {
    const mode = parseMode(read(Inputs.mode))
    await runMode(mode)
  } catch (error) {
    if (isPublishError(error)) {
      core.setFailed(error.oneLine())
      if (error.cause !== undefined) core.debug(describeCause(error.cause))
    } else {
      core.setFailed(error instanceof Error ? error.message : String(error))
      if (error instanceof Error && error.stack) core.debug(error.stack)
    }
  }
}
