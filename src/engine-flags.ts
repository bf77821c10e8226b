/**
 * How the engine runs this process, set before the core and its packages are evaluated (each entry
 * imports this, then the core; `--version` and help need neither).
 *
 * V8 flags: undici compiles its HTTP parser (llhttp, WebAssembly) as its module loads, and V8 then
 * compiles it again with TurboFan on background threads: CPU spent on a runner whose cores the build or
 * QEMU are using. Liftoff's baseline code parses the few hundred responses of a run
 * just as well; bodies pass through the parser in spans, not byte by byte.
 *
 * Node's compile cache (Node ≥ 22.1; absent before): the chunks the entries import lazily (the core and
 * its packages) are compiled once per machine and Node version, not on every CLI call or action step.
 */
import module from 'node:module'
import { setFlagsFromString } from 'node:v8'
import { compileCacheDirectory } from './compile-cache.js'

setFlagsFromString('--liftoff-only')

const enableCompileCache = (module as { enableCompileCache?: (directory?: string) => unknown })
  .enableCompileCache
enableCompileCache?.(compileCacheDirectory(process.env))
