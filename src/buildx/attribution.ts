/**
 * Which target of a failed bake session failed for a reason of its own, and why: BuildKit cancels the
 * other targets once one fails, and their steps end in errors too. Pure.
 */

const CANCELLED = /context canceled|canceled|cancelled/i

/**
 * A step BuildKit stopped, not one that failed by itself. A failed RUN's message quotes its command
 * (`process "/bin/sh -c go test -run TestCancelled" did not complete successfully: exit code: 1`, Go's %q):
 * what the command says is not why it ended, so only the rest is read. A RUN killed by the stop ends in
 * `… did not complete successfully: exit code: 137: context canceled`.
 */
export function isCancellation(message: string): boolean {
  return CANCELLED.test(message.replace(/process "(?:[^"\\]|\\.)*"/g, 'process'))
}

/**
 * The target a failed session names in its closing report, for buildx versions that print it
 * (`ERROR: target linux-s390x: failed to solve: …`, buildx ≥ 0.14).
 */
export function targetNamedInError(lines: readonly string[], targets: readonly string[]): string | undefined {
  for (const line of lines) {
    const match = /target "?([A-Za-z0-9_-]+)"?:/.exec(line)
    if (match?.[1] !== undefined && targets.includes(match[1])) return match[1]
  }
  return undefined
}

/**
 * The target that failed, when several report an error: once one target's step fails, BuildKit cancels
 * the others, and their push or export vertices end in errors too — often carrying the same root message.
 * A failed build step (a RUN, a COPY: not a push, an export, nor a cancellation) is the cause; bake's
 * closing `target "x":` line settles a tie; definition order breaks what remains.
 */
export function failedTarget(
  errors: ReadonlyMap<string, { step: string; message: string } | undefined>,
  targets: readonly string[],
  sessionLines: readonly string[]
): string | undefined {
  const failed = targets.filter((t) => errors.get(t) !== undefined)
  const isCause = (t: string): boolean => {
    const error = errors.get(t)
    if (!error) return false
    return (
      !/^(pushing|exporting|naming|writing|sending)\b/i.test(error.step) && !isCancellation(error.message)
    )
  }
  const causes = failed.filter(isCause)
  const named = targetNamedInError(sessionLines, targets)
  if (named !== undefined && (causes.length === 0 || causes.includes(named))) return named
  return causes[0] ?? named ?? failed[0]
}

/** buildx ends a failed run with "ERROR: …"; that line says why. */
export function lastErrorLine(lines: readonly string[]): string | undefined {
  const error = [...lines].reverse().find((l) => /^ERROR[:\]]|error:/i.test(l.trim()))
  return error?.trim().replace(/^ERROR:\s*/, '')
}
