import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { ACTION_INPUTS } from '../../src/host/action-inputs.js'
import { COMMANDS, flagHelp, helpText, parseArgv, plainDescription, wrap } from '../../src/host/commands.js'
import { MODE_INPUTS } from '../../src/inputs/usage.js'
import { Inputs } from '../../src/names.js'
import { VERSION } from '../../src/version.js'
import { repoRoot } from '../support/bench.js'
import { thrown } from '../support/thrown.js'

describe('parseArgv', () => {
  test.each<[string, string[], unknown]>([
    ['no argument', [], { kind: 'help' }],
    ['--help', ['--help'], { kind: 'help' }],
    ['-h', ['-h'], { kind: 'help' }],
    ['help', ['help'], { kind: 'help' }],
    ['help merge', ['help', 'merge'], { kind: 'help', command: 'merge' }],
    ['merge --help', ['merge', '--tags', 'x', '--help'], { kind: 'help', command: 'merge' }],
    ['--version', ['--version'], { kind: 'version' }]
  ])('%s', (_name, argv, parsed) => {
    expect(parseArgv(argv)).toEqual(parsed)
  })

  test('flags become input names; repeated flags add lines; --name=value keeps a leading dash', () => {
    const parsed = parseArgv([
      'merge',
      '--image',
      'r/app',
      '--tags',
      'a',
      '--tags=b',
      '--sources=-x',
      '--dry-run',
      'true'
    ])
    expect(parsed).toEqual({
      kind: 'run',
      command: 'merge',
      values: new Map([
        ['image', ['r/app']],
        ['tags', ['a', 'b']],
        ['sources', ['-x']],
        ['dry-run', ['true']]
      ])
    })
  })

  test('a bare argument of verify is the image', () => {
    expect(parseArgv(['verify', 'localhost:5000/a:1', '--password-stdin'])).toEqual({
      kind: 'run',
      command: 'verify',
      values: new Map([
        ['image', ['localhost:5000/a:1']],
        ['password-stdin', ['true']]
      ])
    })
  })

  test.each([
    [['--tags'], '"--tags" comes before a command'],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['help', 'frobnicate'], 'unknown command "frobnicate"'],
    [['merge', '--bogus', 'x'], 'merge has no flag --bogus'],
    [['merge', '--tags'], 'flag --tags needs a value'],
    [
      ['merge', '--tags', '-bad'],
      'flag --tags needs a value (for a value that starts with "-", write --tags=-bad)'
    ],
    [['merge', 'stray'], 'merge takes no argument "stray" here'],
    [['build', '--username', 'u'], 'build has no flag --username'],
    [['verify', 'r/a:1', '--format', 'yaml'], '--format is "yaml"; use text or json'],
    [['inspect', 'r/a:1', '--quiet'], 'inspect has no flag --quiet'],
    [
      ['verify', 'r/a:1', '--username', 'u', '--password', 'p', '--password-stdin'],
      '--password and --password-stdin exclude each other'
    ]
  ])('%j is a one-line usage error', (argv, message) => {
    const error = thrown(() => parseArgv(argv))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toBe(message)
    expect(error.hint).toMatch(/^run `multiarch-publish (help \w+|--help)` for the usage$/)
    expect(error.oneLine()).not.toContain('\n')
  })
})

describe("flags per command come from the modes' inputs", () => {
  test('verify takes every input that sets how deep verification reads', () => {
    const parsed = parseArgv([
      'verify',
      'r/a:1',
      '--verify-layers',
      'all',
      '--verify-budget=2GiB',
      '--verify-budget-exceeded',
      'fail',
      '--check-binaries-ignore',
      'usr/bin/qemu-*',
      '--format',
      'json',
      '--quiet'
    ])
    expect(parsed).toEqual({
      kind: 'run',
      command: 'verify',
      values: new Map([
        ['image', ['r/a:1']],
        ['verify-layers', ['all']],
        ['verify-budget', ['2GiB']],
        ['verify-budget-exceeded', ['fail']],
        ['check-binaries-ignore', ['usr/bin/qemu-*']],
        ['format', ['json']],
        ['quiet', ['true']]
      ])
    })
  })

  test.each(['verify', 'merge', 'publish'] as const)('%s reads the layer-reading inputs', (mode) => {
    expect(MODE_INPUTS[mode]).toEqual(
      expect.arrayContaining([
        Inputs.checkBinaries,
        Inputs.checkBinariesIgnore,
        Inputs.verifyLayers,
        Inputs.verifyBudget,
        Inputs.verifyBudgetExceeded
      ])
    )
  })

  test.each(['verify', 'merge', 'publish', 'build'] as const)(
    '%s: every input of the mode is a flag, and every flag is described',
    (mode) => {
      const spec = COMMANDS[mode]
      expect(MODE_INPUTS[mode].filter((input) => !spec.flags.includes(input))).toEqual([])
      for (const flag of [...spec.flags, ...spec.booleans])
        expect({ flag, described: flagHelp(flag).description.length > 0 }).toEqual({ flag, described: true })
    }
  )

  test("the generated table is action.yml's inputs: names, descriptions, defaults (else run scripts/generate-action-inputs.mjs)", () => {
    const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { description?: string; default?: string | number | boolean }>
    }
    const expected = Object.fromEntries(
      Object.entries(action.inputs).map(([name, input]) => [
        name,
        { description: (input.description ?? '').trim(), default: String(input.default ?? '') }
      ])
    )
    expect(ACTION_INPUTS).toEqual(expected)
  })
})

describe('plainDescription', () => {
  test.each([
    ['publish, build — the build stage to build.', 'The build stage to build.'],
    ['verify, merge, publish — `warn` (default) or `fail`', 'Warn (default) or fail'],
    ['merge: print the plan', 'Print the plan'],
    ['Whether platforms beyond `platforms` are fine.', 'Whether platforms beyond --platforms are fine.'],
    ['`merge` (staged legs)', 'Merge (staged legs)'],
    ['under `verify-layers: read`', 'Under verify-layers: read']
  ])('%j', (description, plain) => {
    expect(plainDescription(description)).toBe(plain)
  })
})

test('wrap fills lines up to the width and never splits a word', () => {
  expect(wrap('aa bb cc dddddd e', 5)).toEqual(['aa bb', 'cc', 'dddddd', 'e'])
})

describe('helpText', () => {
  test('lists every command and the exit codes', () => {
    const text = helpText()
    for (const name of Object.keys(COMMANDS)) expect(text).toMatch(new RegExp(`^  ${name}\\b`, 'm'))
    expect(text).toContain(
      'exit codes:\n  0  done\n  1  verification or publish failed (or the registry or a build did)\n  2  usage or input error\n'
    )
  })

  test.each(['verify', 'merge', 'publish', 'build'] as const)(
    'help %s lists every input of the mode as a flag',
    (mode) => {
      const text = helpText(mode)
      for (const input of MODE_INPUTS[mode]) expect(text).toContain(`  --${input} VALUE`)
    }
  )

  test.each(['verify', 'merge', 'publish', 'build', 'inspect'] as const)(
    "help %s gives each flag action.yml's description and default",
    (command) => {
      const text = helpText(command)
      const flat = text.replace(/\s+/g, ' ')
      const spec = COMMANDS[command]
      for (const flag of [...spec.flags, ...spec.booleans]) {
        const { description, default: fallback } = flagHelp(flag)
        expect({ flag, described: flat.includes(description.replace(/\s+/g, ' ')) }).toEqual({
          flag,
          described: true
        })
        const head = text.split('\n').find((line) => line.startsWith(`  --${flag}`)) ?? ''
        const shown = /\(default: (.*)\)$/.exec(head)?.[1] ?? ''
        expect({ flag, shown: shown.split(' in a workflow;')[0] }).toEqual({ flag, shown: fallback })
      }
      for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100)
    }
  )

  test('help verify: the verify inputs, described as action.yml describes them', () => {
    const text = helpText('verify')
    expect(text).toMatch(
      /^ {2}--verify-layers VALUE {2}\(default: read\)\n {6}Which layers verification reads, /m
    )
    expect(text).toContain('  --verify-budget VALUE  (default: 512MiB)')
    expect(text).toContain('  --verify-budget-exceeded VALUE  (default: warn)')
    expect(text).toContain(
      '  --check-binaries-ignore VALUE\n      Globs of image paths whose CPU is not checked'
    )
    expect(text).toContain('  --image VALUE (or the REF argument)\n')
    expect(text).not.toContain('README')
  })

  test('a default the runner evaluates is none from a terminal', () => {
    const head = helpText('merge')
      .split('\n')
      .find((line) => line.startsWith('  --github-token'))
    expect(head).toBe(
      '  --github-token VALUE  (default: ${{ github.token }} in a workflow; none from a terminal)'
    )
  })
})

test('--version is the package version', () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }
  expect(VERSION).toBe(pkg.version)
})
