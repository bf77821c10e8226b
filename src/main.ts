/**
 * The action's entry: the action Host and the mode its input names, handed to the one application core.
 * Both are imported here, not at the top, so that the bundle's entry chunk stays small: what it imports
 * is loaded from chunks of its own, after engine-flags has turned the compile cache on for them.
 */
import { Inputs } from './names.js'
import { parseMode } from './inputs/mode.js'

export async function run(): Promise<void> {
  const [{ run: runApp }, { actionHost }] = await Promise.all([
    import('./app/run.js'),
    import('./host/actions.js')
  ])
  const host = actionHost()
  await runApp(() => parseMode(host.input(Inputs.mode)), host)
}
