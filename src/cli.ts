#!/usr/bin/env node
/**
 * multiarch-publish from a terminal: argv → the terminal Host → the one application core. Only the argv
 * parser and the help are imported up front; the engine's settings and then the core (registry client,
 * builders, their packages) are imported when a command runs, so `--version`, `help` and a usage error
 * cost little more than Node's own start (the bundle keeps the core in chunks of its own).
 */
import { isActionError } from './errors.js'
import { helpText, parseArgv, PROGRAM } from './host/commands.js'
import { processIO, terminalHost, type TerminalIO } from './host/terminal.js'
import { VERSION } from './version.js'

export async function main(argv: readonly string[], io: TerminalIO = processIO): Promise<number> {
  let parsed
  try {
    parsed = parseArgv(argv)
  } catch (error) {
    const line = isActionError(error) ? error.oneLine() : String(error)
    io.stderr(`error: ${line}\n`)
    return 2
  }
  if (parsed.kind === 'help') {
    io.stdout(helpText(parsed.command))
    return 0
  }
  if (parsed.kind === 'version') {
    io.stdout(`${PROGRAM} ${VERSION}\n`)
    return 0
  }
  let host
  try {
    host = terminalHost({ values: parsed.values, io, verbose: Boolean(process.env.MULTIARCH_PUBLISH_DEBUG) })
  } catch (error) {
    // Only --password-stdin reads anything here: stdin closed or unreadable.
    io.stderr(`error: --password-stdin could not read standard input: ${String(error)}\n`)
    return 2
  }
  // Before the core: its packages are what the flags and the compile cache are for (engine-flags.ts).
  await import('./engine-flags.js')
  const { run } = await import('./app/run.js')
  await run(parsed.command, host)
  return host.exitCode()
}

process.exitCode = await main(process.argv.slice(2))
