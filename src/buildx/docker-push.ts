/**
 * `docker push REF`: the image the docker driver exported to the image store, pushed again (the driver's
 * own push is this same push). A builder named after a docker context is pushed from there.
 */
import { runProcess, type ProcessRunner } from '../process/exec.js'

/** What `docker push` said: the digest it pushed, or why it failed. */
export interface PushResult {
  digest?: string
  errorLine?: string
}

export async function dockerPush(
  ref: string,
  builder: string | undefined,
  options: { env?: NodeJS.ProcessEnv; run?: ProcessRunner } = {}
): Promise<PushResult> {
  const args = [...(builder ? ['--context', builder] : []), 'push', ref]
  const result = await (options.run ?? runProcess)('docker', args, {
    ignoreReturnCode: true,
    ...(options.env ? { env: options.env } : {})
  })
  if (result.code === 0) {
    const digest = pushedDigest(result.stdout)
    if (digest) return { digest }
  }
  // docker prints progress on stdout and the error on stderr.
  return {
    errorLine:
      result.startError ??
      lastLine(result.stderr) ??
      lastLine(result.stdout) ??
      `docker push exited ${result.code}`
  }
}

/** The `<tag>: digest: sha256:… size: N` line docker push ends with. Pure. */
export function pushedDigest(stdout: string): string | undefined {
  return /\bdigest: (sha256:[a-f0-9]{64})\b/.exec(stdout)?.[1]
}

function lastLine(text: string): string | undefined {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .at(-1)
}
