/**
 * A failed bake session as the one error the user reads: the push to a registry that refused or failed
 * (the images were built), else the platform whose step failed, else the session's own step. Pure.
 */
import { ActionError } from '../errors.js'
import { parseReference } from '../reference/reference.js'
import { isCancellation } from './attribution.js'
import { failureTail, type BuildRun } from './run.js'
import type { SessionResult } from './session.js'

export interface StepError {
  step: string
  message: string
}

/** A push that failed: to which registry, why, and whether the registry refused the credentials. */
export interface PushFailure {
  registry: string
  why: string
  denied: boolean
}

/** Steps that write to a registry: the exporter's push, the docker driver's push, a cache export. */
const PUSH_STEP = /^(pushing|exporting)\b/i
const PUSH_MESSAGE =
  /failed to push|no basic auth credentials|unexpected status from (HEAD|PUT|POST|PATCH) request/i
const DENIED =
  /\b(401|403)\b|unauthori[sz]ed|denied|no basic auth credentials|authentication required|insufficient_scope/i

/**
 * The push failure of a session whose every failed step is a push (a failed RUN or COPY is a build
 * failure, whatever the registry said after it), or whose closing line says a push failed.
 */
export function pushFailure(
  errors: readonly StepError[],
  errorLine: string | undefined,
  targetRegistry: string
): PushFailure | undefined {
  const own = errors.filter((e) => !isCancellation(e.message))
  if (own.some((e) => !PUSH_STEP.test(e.step))) return undefined
  const failed = own.find((e) => PUSH_MESSAGE.test(e.message) || /^pushing\b/i.test(e.step))
  const why =
    failed?.message ?? (errorLine !== undefined && PUSH_MESSAGE.test(errorLine) ? errorLine : undefined)
  if (why === undefined) return undefined
  return {
    registry: registryNamed(`${failed?.step ?? ''} ${why}`) ?? targetRegistry,
    why: why.replace(/^failed to solve:\s*/i, ''),
    denied: DENIED.test(why)
  }
}

/** The registry of the first image reference in a step name or message (`pushing 127.0.0.1:5001/a:t with docker`). */
function registryNamed(text: string): string | undefined {
  for (const [candidate] of text.matchAll(
    /[a-z0-9][a-z0-9.-]*(:\d+)?\/[a-z0-9._/-]+(:[\w.-]+)?(@sha256:[a-f0-9]{64})?/gi
  )) {
    const host = candidate.slice(0, candidate.indexOf('/'))
    if (!/[.:]/.test(host) && host !== 'localhost') continue
    try {
      return parseReference(candidate.replace(/^(https?):\/\//, ''), { defaultTag: false }).registry
    } catch {
      continue
    }
  }
  return undefined
}

/** The error a failed push is reported as: the registry named, and, when it refused, to log in. */
export function pushError(failure: PushFailure): ActionError {
  const { registry, why, denied } = failure
  return denied
    ? new ActionError('auth', `the push to ${registry} was refused: ${clip(why, 200)}`, {
        hint: `log in to ${registry}: docker/login-action before this step, or the \`username\` and \`password\` inputs; no tag was moved`
      })
    : new ActionError('registry', `the push to ${registry} failed: ${clip(why, 200)}`, {
        hint: 'the images were built; see the log group "build session"; no tag was moved'
      })
}

/** Why the session failed, as one error: a push, a platform's step, or a step of the session's own. */
export function sessionError(
  session: SessionResult,
  runs: readonly BuildRun[],
  targetPlatform: ReadonlyMap<string, string>,
  targetRegistry: string
): ActionError {
  const errors = [...session.targets.values()].flatMap((t) => (t.error ? [t.error] : []))
  if (session.sessionStepError) errors.push(session.sessionStepError)
  const push = session.stopped ? undefined : pushFailure(errors, session.errorLine, targetRegistry)
  if (push) return pushError(push)
  const stopped = runs.filter((r) => r.status === 'cancelled').map((r) => r.platform)
  const also = stopped.length > 0 ? ` (stopped ${stopped.join(', ')})` : ''
  const failed = session.failedTarget
  if (failed !== undefined) {
    const platform = targetPlatform.get(failed) ?? failed
    const target = session.targets.get(failed)
    const why = target?.error
      ? `${clip(target.error.step, 100)}: ${stepFailure(target.error.message)}`
      : clip(session.errorLine ?? 'failed')
    return new ActionError('build', `${platform} failed to build: ${why}${also}`, {
      hint: `see the log group "build ${platform}"; no tag was moved`,
      cause: failureTail(runs.find((r) => r.platform === platform)?.log ?? '')
    })
  }
  const why = session.stopped ? 'stopped' : (session.errorLine ?? `buildx bake exited ${session.code}`)
  return new ActionError(
    'build',
    `the build session failed in a step no single platform owns: ${clip(why)}${also}`,
    {
      hint: 'see the log group "build session"; no tag was moved',
      cause: session.sessionLines.slice(-12).join('\n')
    }
  )
}

function clip(text: string, length = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= length ? flat : `${flat.slice(0, length - 1)}…`
}

/** BuildKit repeats the whole command in its message; the exit code is what it adds. */
function stepFailure(message: string): string {
  const code = /did not complete successfully: (exit code: \d+)/.exec(message)?.[1]
  return code ?? clip(message, 200)
}
