/** The step summary of a run that failed before it could report anything else. Pure. */
import type { Command } from './host.js'

const WHAT: Record<Command, string> = {
  verify: 'Verification',
  merge: 'Merge',
  publish: 'Publish',
  build: 'Build',
  inspect: 'Inspect'
}

export function failureSummary(
  command: Command | undefined,
  line: string,
  refsMoved: readonly string[]
): string {
  const code = (text: string): string => '`' + text.replace(/`/g, "'") + '`'
  const consequence =
    command === 'verify' || command === 'inspect'
      ? 'Nothing was written to any registry.'
      : refsMoved.length > 0
        ? `These tags had moved before the failure: ${refsMoved.map(code).join(', ')}; every other tag is as it was.`
        : command === 'build'
          ? 'No tag was moved: legs that finished may have pushed their staging tags, which only a merge publishes.'
          : 'No tag was moved.'
  return `### ❌ ${command ? WHAT[command] : 'multiarch-publish'} failed\n\n${line}\n\n**${consequence}**\n`
}
