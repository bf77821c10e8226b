/** The action's entry: the action Host and the mode its input names, handed to the one application core. */
import { run as runApp } from './app/run.js'
import { actionHost } from './host/actions.js'
import { Inputs } from './names.js'
import { parseMode } from './inputs/mode.js'

export async function run(): Promise<void> {
  const host = actionHost()
  await runApp(() => parseMode(host.input(Inputs.mode)), host)
}
