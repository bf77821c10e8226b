import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { COMMANDS, helpText, parseArgv } from '../../src/host/commands.js'
import { MODE_INPUTS } from '../../src/inputs/usage.js'
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

describe('helpText', () => {
  test('lists every command and the exit codes', () => {
    const text = helpText()
    for (const name of Object.keys(COMMANDS)) expect(text).toMatch(new RegExp(`^  ${name}\\b`, 'm'))
    expect(text).toContain('exit codes: 0 done · 1 verification or publish failed')
    expect(text).toContain('2 usage or input error')
  })

  test.each(['verify', 'merge', 'publish', 'build'] as const)(
    'help %s lists every input of the mode as a flag',
    (mode) => {
      const text = helpText(mode)
      for (const input of MODE_INPUTS[mode]) expect(text).toContain(`  --${input} VALUE`)
    }
  )
})

test('--version is the package version', () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }
  expect(VERSION).toBe(pkg.version)
})
