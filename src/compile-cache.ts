/**
 * Where Node's compile cache goes (engine-flags turns it on for every entry). On a runner: RUNNER_TEMP,
 * the folder the runner gives each job for temporary files and empties after it, so a second step of the
 * job that runs us starts from compiled code and nothing outlives the job. Elsewhere (a terminal):
 * undefined, Node's own default, `node-compile-cache` in the OS temp folder, where Node keeps it for every
 * program that asks. NODE_COMPILE_CACHE and NODE_DISABLE_COMPILE_CACHE keep Node's meaning either way:
 * Node reads them itself, before us.
 */
import path from 'node:path'

export function compileCacheDirectory(env: NodeJS.ProcessEnv): string | undefined {
  const runnerTemp = env.RUNNER_TEMP?.trim()
  return runnerTemp ? path.join(runnerTemp, 'node-compile-cache') : undefined
}
