/** The action's Host: inputs, outputs, masking, groups and failure on @actions/core; the workflow from @actions/github. */
import * as core from '@actions/core'
import { context as github } from '@actions/github'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Host, WorkflowContext } from '../app/host.js'

/** @actions/github's context, read only where the runner set the variable behind it (its getters throw or give NaN otherwise). */
export function workflowContext(env: NodeJS.ProcessEnv = process.env): WorkflowContext {
  return {
    serverUrl: env.GITHUB_SERVER_URL ? github.serverUrl : '',
    repository: env.GITHUB_REPOSITORY ? `${github.repo.owner}/${github.repo.repo}` : '',
    sha: env.GITHUB_SHA ? github.sha : '',
    // As the runner wrote it: @actions/github's runId is Number(GITHUB_RUN_ID), NaN for anything else.
    runId: env.GITHUB_RUN_ID ?? '',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd()
  }
}

export function actionHost(): Host {
  return {
    summaryApart: true,
    input: (name) => core.getInput(name),
    context: workflowContext(),
    reportDir: path.join(process.env.RUNNER_TEMP ?? tmpdir(), 'multiarch-publish'),
    insecureRegistries: [],
    log: {
      info: (line) => {
        core.info(line)
      },
      warning: (line) => {
        core.warning(line)
      },
      debug: (line) => {
        core.debug(line)
      },
      group: (title, body) => {
        core.startGroup(title)
        core.info(body)
        core.endGroup()
      }
    },
    secret: (value) => {
      core.setSecret(value)
    },
    setOutput: (name, value) => {
      core.setOutput(name, value)
    },
    writeSummary: async (markdown) => {
      await core.summary.addRaw(markdown).write()
    },
    print: (text) => {
      core.info(typeof text === 'string' ? text : Buffer.from(text).toString('utf8'))
    },
    fail: (failure) => {
      core.setFailed(failure.line)
      for (const line of failure.more) core.error(line)
    }
  }
}
