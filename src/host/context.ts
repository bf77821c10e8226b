/** The workflow a run belongs to, as the runner states it in the environment (both hosts read it alike). */
import type { WorkflowContext } from '../app/host.js'

/** Outside a workflow most of these are empty; inside one (the action, or a CLI step) they are the runner's. */
export function workflowContext(env: NodeJS.ProcessEnv = process.env): WorkflowContext {
  return {
    serverUrl: env.GITHUB_SERVER_URL ?? '',
    repository: env.GITHUB_REPOSITORY ?? '',
    sha: env.GITHUB_SHA ?? '',
    // As the runner wrote it (a number, but only ever compared and printed as text).
    runId: env.GITHUB_RUN_ID ?? '',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd()
  }
}
