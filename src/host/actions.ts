/**
 * The action's Host: inputs, outputs, masking, groups and failure on @actions/core; the workflow from the
 * runner's environment (@actions/github's context reads the same variables, and importing it evaluates
 * Octokit).
 */
import * as core from '@actions/core'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Host } from '../app/host.js'
import { workflowContext } from './context.js'

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
