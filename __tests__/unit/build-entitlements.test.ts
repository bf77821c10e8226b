/**
 * The `--allow` entries bake is given: exactly what the definition needs outside the working directory,
 * on the buildx versions that know (and enforce) them; versions parsed as Debian and upstream print them.
 */
import { describe, expect, test } from '@jest/globals'
import { bakeArgs, bakeDefinition, type BakeDefinition, type BakeTarget } from '../../src/buildx/bake.js'
import {
  allowEntries,
  entitlementNeeds,
  parseBuildxVersion,
  type BuildxVersion
} from '../../src/buildx/entitlements.js'
import { DEFAULT_BUILD_OPTIONS } from '../support/build-options.js'

describe('parseBuildxVersion', () => {
  test.each<[string, BuildxVersion | undefined]>([
    ['github.com/docker/buildx v0.36.1 2f5a4c1b', { major: 0, minor: 36, patch: 1 }],
    ['github.com/docker/buildx 0.13.1+ds1 0.13.1+ds1-3', { major: 0, minor: 13, patch: 1 }],
    ['github.com/docker/buildx 0.29.1+ds1 0.29.1+ds1-1', { major: 0, minor: 29, patch: 1 }],
    ['github.com/docker/buildx v0.20.0-rc1 abc', { major: 0, minor: 20, patch: 0 }],
    ['github.com/docker/buildx v1.0 x', { major: 1, minor: 0, patch: 0 }],
    ['0.21.2', { major: 0, minor: 21, patch: 2 }],
    ["docker: 'buildx' is not a docker command.", undefined],
    ['', undefined]
  ])('%j', (text, version) => {
    expect(parseBuildxVersion(text)).toEqual(version)
  })
})

const CWD = '/home/runner/work/app'
const target = (fields: Partial<BakeTarget>): BakeDefinition => ({
  group: { default: { targets: ['t'] } },
  target: {
    t: {
      context: `${CWD}/app`,
      platforms: ['linux/amd64'],
      output: ['type=image,name=r/a,push=true'],
      ...fields
    }
  }
})
const V = (minor: number): BuildxVersion => ({ major: 0, minor, patch: 0 })

describe('allowEntries for a definition, on a current buildx', () => {
  test.each<[string, Partial<BakeTarget>, string[]]>([
    ['everything inside the working directory: nothing', { dockerfile: `${CWD}/app/Dockerfile` }, []],
    ['a context outside', { context: '/srv/other' }, ['fs.read=/srv/other']],
    [
      'a Dockerfile outside (the context inside)',
      { dockerfile: '/opt/dockerfiles/app.Dockerfile' },
      ['fs.read=/opt/dockerfiles/app.Dockerfile']
    ],
    [
      'a Dockerfile inside an outside context: one grant',
      { context: '/srv/x', dockerfile: '/srv/x/Dockerfile' },
      ['fs.read=/srv/x']
    ],
    [
      'a remote context: nothing to read locally',
      { context: 'https://github.com/acme/app.git#main', dockerfile: 'Dockerfile' },
      []
    ],
    [
      'named contexts: local paths only (relative to the working directory)',
      {
        contexts: {
          a: '../common',
          b: 'docker-image://alpine',
          c: 'target:base',
          d: 'https://x.test/c.tar',
          e: 'lib'
        }
      },
      ['fs.read=/home/runner/work/common']
    ],
    ['a secret file outside', { secret: ['id=npm,src=/home/u/.npmrc'] }, ['fs.read=/home/u/.npmrc']],
    ['a secret file given as source=', { secret: ['id=npm,source=/etc/npmrc'] }, ['fs.read=/etc/npmrc']],
    ['a secret from the environment: no file', { secret: ['id=TOKEN,env=TOKEN'] }, []],
    [
      'an ssh key file outside',
      { ssh: ['github=/home/u/.ssh/id_ed25519'] },
      ['fs.read=/home/u/.ssh/id_ed25519']
    ],
    ['the default ssh agent', { ssh: ['default'] }, ['ssh']],
    [
      'a local cache read from outside',
      { 'cache-from': ['type=local,src=/cache/in'] },
      ['fs.read=/cache/in']
    ],
    [
      'a local cache written outside',
      { 'cache-to': ['type=local,dest=/cache/out,mode=max'] },
      ['fs.write=/cache/out']
    ],
    ['a local cache written inside', { 'cache-to': ['type=local,dest=.cache'] }, []],
    ['a gha cache: nothing local', { 'cache-from': ['type=gha'], 'cache-to': ['type=gha,mode=max'] }, []],
    ['a local output outside', { output: ['type=local,dest=/out'] }, ['fs.write=/out']],
    ['a tar output to stdout: nothing', { output: ['type=tar,dest=-'] }, []],
    ['network: host', { network: 'host' }, ['network.host']],
    ['entitlements: security.insecure', { entitlements: ['security.insecure'] }, ['security.insecure']],
    [
      'a path escaped for HCL is granted as the file system names it',
      { secret: ['id=a,src=/tmp/$${x}'] },
      ['fs.read=/tmp/${x}']
    ],
    [
      'several: privileges first, then reads, then writes, sorted, a path under another granted once',
      {
        context: '/srv/b',
        contexts: { c: '/srv/b/lib', a: '/opt/a' },
        'cache-to': ['type=local,dest=/cache'],
        network: 'host'
      },
      ['network.host', 'fs.read=/opt/a', 'fs.read=/srv/b', 'fs.write=/cache']
    ]
  ])('%s', (_label, fields, entries) => {
    expect(allowEntries(entitlementNeeds(target(fields), CWD), CWD, V(36))).toEqual(entries)
  })
})

describe('allowEntries by buildx version', () => {
  const needs = entitlementNeeds(
    target({ context: '/srv/x', network: 'host', ssh: ['default'], 'cache-to': ['type=local,dest=/c'] }),
    CWD
  )
  const all = ['network.host', 'ssh', 'fs.read=/srv/x', 'fs.write=/c']
  test.each<[string, BuildxVersion | undefined, string[]]>([
    ['0.13 (no --allow on bake)', V(13), []],
    ['0.16', V(16), []],
    ['0.17 (privileges asked)', V(17), ['network.host']],
    ['0.19 (file system only warned about)', V(19), ['network.host']],
    ['0.20 (file system enforced)', V(20), all],
    ['0.29', V(29), all],
    ['1.0', { major: 1, minor: 0, patch: 0 }, all],
    ['not known: granted as on a current one', undefined, all]
  ])('%s', (_label, version, entries) => {
    expect(allowEntries(needs, CWD, version)).toEqual(entries)
  })
})

describe('the resolver: paths compared as bake resolves them', () => {
  test('a symbolic link inside the working directory to a folder outside needs a grant of that folder', () => {
    const resolve = (p: string): string => p.replace(`${CWD}/vendor-link`, '/opt/vendor')
    const needs = entitlementNeeds(target({ contexts: { v: 'vendor-link' } }), CWD, resolve)
    expect(allowEntries(needs, CWD, V(29))).toEqual(['fs.read=/opt/vendor'])
  })
})

describe('bakeArgs with the grants', () => {
  test('each entry its own --allow, before the targets', () => {
    expect(
      bakeArgs({
        definitionFile: 'd.json',
        metadataFile: 'm.json',
        targets: ['t'],
        allow: ['network.host', 'fs.read=/srv/x']
      })
    ).toEqual([
      'buildx',
      'bake',
      '--file',
      'd.json',
      '--metadata-file',
      'm.json',
      '--progress',
      'rawjson',
      '--allow',
      'network.host',
      '--allow',
      'fs.read=/srv/x',
      't'
    ])
  })

  test('a definition from the inputs: a context and a secret outside the working directory', () => {
    const definition = bakeDefinition(
      { ...DEFAULT_BUILD_OPTIONS, context: '../ctx', secrets: ['id=npm,src=/run/secrets/npmrc'] },
      [{ platform: 'linux/amd64', output: { kind: 'push-by-digest', repository: 'r/a' } }],
      CWD
    )
    expect(allowEntries(entitlementNeeds(definition, CWD), CWD, V(36))).toEqual([
      'fs.read=/home/runner/work/ctx',
      'fs.read=/run/secrets/npmrc'
    ])
  })
})
