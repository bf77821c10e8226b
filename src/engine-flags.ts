/**
 * V8 flags for this process, set before any other module is evaluated (each entry imports this first:
 * ESM evaluates imports in order). undici compiles its HTTP parser (llhttp, WebAssembly) as its module
 * loads, and V8 then compiles it again with TurboFan on background threads: ~0.25 s of CPU per run
 * (`cli.js verify` of a 7-platform image on the bench: 1.03 → 0.75 s of CPU), spent on a runner whose
 * cores the build or QEMU are using. Liftoff's baseline code parses the few hundred responses of a run
 * just as well; bodies pass through the parser in spans, not byte by byte.
 */
import { setFlagsFromString } from 'node:v8'

setFlagsFromString('--liftoff-only')
