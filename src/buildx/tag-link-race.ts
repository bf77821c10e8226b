/**
 * distribution 2.x (registry:2, what many self-hosted registries run) links a tag non-atomically; the
 * docker driver's push can HEAD it mid-write and get a 500. The build itself succeeded, so only the push
 * is repeated (one multi-platform target), or the session is run again from cache.
 */
import type { ProcessRunner } from '../process/exec.js'
import type { BuildOutput } from './args.js'
import { GROUPED_TARGET } from './bake.js'
import { dockerPush } from './docker-push.js'
import type { BuildLog } from './log.js'
import type { SessionResult } from './session.js'

/** How often a session is run (or its push repeated) when it failed only on the half-written tag link. */
export const TAG_LINK_ATTEMPTS = 3

/** The session failed on the docker driver's push meeting a half-written tag (HEAD … 500), and on nothing else. */
export function isTagLinkRace(session: { code: number; errorLine?: string; stopped: boolean }): boolean {
  return (
    session.code !== 0 &&
    !session.stopped &&
    /unexpected status from HEAD request to \S+\/manifests\/\S+: 500 Internal Server Error/.test(
      session.errorLine ?? ''
    )
  )
}

/**
 * One multi-platform target lost only its last step, the push: the image this session built is in the
 * image store under its staging tag, so it is pushed again with `docker push` instead of running the
 * session again (with `no-cache` that would rebuild every platform). The push's own digest stands in for
 * the metadata bake did not write.
 */
export async function pushAgain(
  session: SessionResult,
  output: BuildOutput,
  options: { builder: string | undefined; env?: NodeJS.ProcessEnv; run?: ProcessRunner; log: BuildLog }
): Promise<SessionResult> {
  if (output.kind !== 'staging-tag') return session
  const { builder, log, ...processes } = options
  let errorLine = session.errorLine
  for (let attempt = 1; attempt <= TAG_LINK_ATTEMPTS; attempt++) {
    log.info(
      `the registry answered 500 to a HEAD of a tag it was writing (${errorLine ?? ''}); pushing ${output.ref} again`
    )
    const pushed = await dockerPush(output.ref, builder, processes)
    if (pushed.digest) {
      const metadata = {
        [GROUPED_TARGET]: { 'containerimage.digest': pushed.digest, 'image.name': output.ref }
      }
      const { errorLine: _dropped, failedTarget: _none, ...rest } = session
      return { ...rest, code: 0, metadataText: JSON.stringify(metadata) }
    }
    errorLine = pushed.errorLine
    if (!isTagLinkRace({ code: 1, stopped: false, ...(errorLine ? { errorLine } : {}) })) break
  }
  return { ...session, ...(errorLine ? { errorLine } : {}) }
}
