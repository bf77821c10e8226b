/**
 * The action's entry: the action Host and the mode its input names, handed to the one application core.
 * Both are imported here, not at the top, after the engine's settings (engine-flags.ts), which concern
 * them and their packages; the bundle loads them from chunks of their own.
 */
import { Inputs } from './names.js'
import { parseMode } from './inputs/mode.js'

export async function run(): Promise<void> {
  await import('./engine-flags.js')
  const [{ run: runApp }, { actionHost }] = await Promise.all([
    import('./app/run.js'),
    import('./host/actions.js')
  ])
  const host = actionHost()
  await runApp(() => parseMode(host.input(Inputs.mode)), host)
}
