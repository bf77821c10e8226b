/**
 * The entries (action and CLI):
 * - set the engine flags before the core is imported: undici starts compiling its WebAssembly HTTP parser
 *   as its module loads, so a flag set after it would come too late (src/engine-flags.ts says why the flag
 *   matters), and `--version` or help need neither the flags nor the core;
 * - load only what the command needs: what an entry imports statically is in the bundle's entry chunk and
 *   evaluated on every start, so `--version`, `help` and the action's first line must reach no package
 *   and none of the core; the core and its packages come through `import()`, which ncc puts in chunks of
 *   their own (scripts/check-dist runs the bundled `--version` and `help` with those chunks removed);
 * - put Node's compile cache where a runner or a user expects temporary files.
 */
import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { compileCacheDirectory } from '../../src/compile-cache.js'
import { RAW_INPUT } from '../../src/app/inspect.js'
import { TerminalFlags } from '../../src/host/commands.js'
import { repoRoot } from '../support/bench.js'

const src = path.join(repoRoot, 'src')

/**
 * The specifiers of the imports a module evaluates before its own body runs: `import … from`, `import '…'`
 * and `export … from`; not `import type` / `export type` (erased) and not `import()` (runs when reached).
 */
function evaluatedImports(text: string): string[] {
  const pattern = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm
  return [...text.matchAll(pattern)].map((match) => match[1] ?? '')
}

/** Every module evaluated when `entry` (relative to src/) starts: src files relative to src/, packages by name. */
function startupClosure(entry: string): Set<string> {
  const seen = new Set<string>()
  const visit = (file: string): void => {
    const rel = path.relative(src, file).split(path.sep).join('/')
    if (seen.has(rel)) return
    seen.add(rel)
    for (const spec of evaluatedImports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')))
      else seen.add(spec)
    }
  }
  visit(path.join(src, entry))
  return seen
}

/** What no entry may evaluate before it knows the command: every package, and the core behind the modes. */
function heavyIn(closure: Set<string>): string[] {
  const core = /^(app|modes|registry|buildx|binfmt|attest|publish|verify|revision|process|image-index)\//
  return [...closure].filter(
    (name) => (!name.endsWith('.ts') && !name.startsWith('node:')) || core.test(name)
  )
}

describe('entries set the engine up before the core', () => {
  /** Where in `file` the dynamic import of `spec` is; -1 when there is none. */
  const dynamicImportAt = (file: string, spec: string): number =>
    readFileSync(path.join(src, file), 'utf8').indexOf(`await import('${spec}')`)

  test.each([
    ['cli.ts', './app/run.js'],
    ['main.ts', './app/run.js']
  ])('%s imports engine-flags, then the core', (file, core) => {
    const flags = dynamicImportAt(file, './engine-flags.js')
    expect(flags).toBeGreaterThan(-1)
    expect(readFileSync(path.join(src, file), 'utf8').indexOf(`import('${core}')`)).toBeGreaterThan(flags)
  })

  test.each([
    ['cli.ts', ['node:fs', 'node:os']],
    ['index.ts', []]
  ])('%s starts without the engine settings (no node:v8) until a command runs', (entry, builtins) => {
    const closure = [...startupClosure(entry)]
    expect(closure.filter((name) => name.startsWith('node:') || name === 'engine-flags.ts')).toEqual(builtins)
  })

  test('engine-flags imports nothing but Node built-ins and the compile-cache rule', () => {
    const text = readFileSync(path.join(src, 'engine-flags.ts'), 'utf8')
    expect(evaluatedImports(text)).toEqual(['node:module', 'node:v8', './compile-cache.js'])
    expect(evaluatedImports(readFileSync(path.join(src, 'compile-cache.ts'), 'utf8'))).toEqual(['node:path'])
    expect(text).toContain("setFlagsFromString('--liftoff-only')")
  })
})

describe('evaluatedImports', () => {
  test.each([
    ["import { a } from './a.js'", ['./a.js']],
    ["import './flags.js'", ['./flags.js']],
    ["export { a } from './a.js'", ['./a.js']],
    ["import x, { type Y } from 'pkg'", ['pkg']],
    ["import type { A } from './a.js'", []],
    ["export type { A } from './a.js'", []],
    ["const { run } = await import('./app/run.js')", []],
    ["import {\n  a,\n  b\n} from './multi.js'", ['./multi.js']]
  ])('%s', (text, expected) => {
    expect(evaluatedImports(text)).toEqual(expected)
  })
})

describe('start-up loads only what the command needs', () => {
  test('the CLI before a command runs (--version, help, a usage error): no package, none of the core', () => {
    const closure = startupClosure('cli.ts')
    expect(closure).toContain('host/commands.ts')
    expect(heavyIn(closure)).toEqual([])
  })

  test('the action before its mode is known: no package, none of the core', () => {
    const closure = startupClosure('index.ts')
    expect(closure).toContain('main.ts')
    expect(heavyIn(closure)).toEqual([])
  })

  test.each(['@actions/github', '@actions/attest'])(
    'the core evaluates %s only when a run asks for it (a lazy import at its one use)',
    (pkg) => {
      expect([...startupClosure('app/run.ts')]).not.toContain(pkg)
    }
  )

  test.each(['app/run.ts', 'modes/verify.ts', 'modes/merge.ts'])(
    '%s (what verify and merge evaluate) holds no build code: buildx sessions, QEMU, @actions/exec load with a build',
    (entry) => {
      const closure = [...startupClosure(entry)]
      expect(closure).toContain(entry)
      expect(
        closure.filter((name) =>
          /^(buildx\/(legs|session|driver|image-store)\.ts|binfmt\/|modes\/(build|publish)\.ts|@actions\/exec)/.test(
            name
          )
        )
      ).toEqual([])
    }
  )

  test("the transport evaluates undici's agents and request, not its index (fetch, WebSocket, cache, mocks)", () => {
    const closure = [...startupClosure('registry/transport.ts')]
    expect(closure).toContain('undici/lib/dispatcher/agent.js')
    expect(closure.filter((name) => name === 'undici' || name.startsWith('undici/index'))).toEqual([])
    expect([...startupClosure('app/run.ts')]).not.toContain('undici')
  })

  test('the action host reads the workflow from the environment, not through @actions/github', () => {
    expect([...startupClosure('host/actions.ts')].filter((name) => name.startsWith('@'))).toEqual([
      '@actions/core'
    ])
  })

  test("the CLI's name for inspect --raw is the one inspect reads", () => {
    expect(TerminalFlags.raw).toBe(RAW_INPUT)
  })
})

describe('compile cache directory', () => {
  test.each([
    [
      'a runner: its per-job temp folder',
      { RUNNER_TEMP: '/home/runner/work/_temp' },
      '/home/runner/work/_temp/node-compile-cache'
    ],
    ["a terminal: Node's default (the OS temp folder)", {}, undefined],
    ['an empty RUNNER_TEMP', { RUNNER_TEMP: ' ' }, undefined]
  ])('%s', (_name, env, expected) => {
    expect(compileCacheDirectory(env)).toBe(expected)
  })
})
