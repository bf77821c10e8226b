import { describe, expect, test } from '@jest/globals'
import type { BuildOutput } from '../../src/buildx/args.js'
import { indexAnnotationText, imageAnnotations } from '../../src/buildx/annotations.js'
import {
  attestFlag,
  bakeArgs,
  bakeDefinition,
  bakeTargetName,
  escapeTemplate,
  GROUPED_TARGET,
  groupedBakeDefinition,
  outputSpec,
  sessionShape,
  type BakeTarget,
  type ShapeFacts
} from '../../src/buildx/bake.js'
import { parseImageStore } from '../../src/buildx/image-store.js'
import type { BuildOptions } from '../../src/buildx/options.js'
import { DEFAULT_BUILD_OPTIONS } from '../support/build-options.js'

const DEFAULTS: BuildOptions = DEFAULT_BUILD_OPTIONS
const REPO = '127.0.0.1:5000/acme/app'
const BY_DIGEST: BuildOutput = { kind: 'push-by-digest', repository: REPO }
const STAGED_REF = `${REPO}:mp-staging-1-abcd1234-linux-arm64`
const STAGED: BuildOutput = { kind: 'staging-tag', ref: STAGED_REF }
const CWD = '/src/app'
const BASE: BakeTarget = {
  context: CWD,
  platforms: ['linux/arm64'],
  output: [`type=image,name=${REPO},push-by-digest=true,name-canonical=true,push=true`]
}

describe('bakeTargetName', () => {
  test.each([
    ['linux/amd64', 'linux-amd64'],
    ['linux/arm/v7', 'linux-arm-v7'],
    ['linux/arm64/v8', 'linux-arm64-v8'],
    ['windows(10.0.17763)/amd64', 'windows-10_0_17763-amd64'],
    ['linux/riscv64', 'linux-riscv64']
  ])('%s → %s', (platform, name) => {
    expect(bakeTargetName(platform)).toBe(name)
    expect(name).toMatch(/^[A-Za-z0-9_-]+$/)
  })
})

describe('bakeDefinition: one target per platform', () => {
  test('each platform its own target, platform and output; the group lists them in order', () => {
    const definition = bakeDefinition(
      DEFAULTS,
      [
        { platform: 'linux/amd64', output: BY_DIGEST },
        { platform: 'linux/arm/v7', output: BY_DIGEST }
      ],
      CWD
    )
    expect(definition.group.default.targets).toEqual(['linux-amd64', 'linux-arm-v7'])
    expect(definition.target['linux-amd64']?.platforms).toEqual(['linux/amd64'])
    expect(definition.target['linux-arm-v7']?.platforms).toEqual(['linux/arm/v7'])
    expect(definition.target['linux-arm-v7']?.output).toEqual(BASE.output)
  })

  test.each<[string, Partial<BuildOptions>, BuildOutput, BakeTarget]>([
    ['defaults, by digest', {}, BY_DIGEST, BASE],
    [
      'staging tag (docker driver)',
      {},
      STAGED,
      { ...BASE, output: [`type=image,name=${STAGED_REF},push=true`] }
    ],
    [
      'context and file resolved from the working directory (bake reads dockerfile from the context)',
      { context: './docker', file: 'docker/Dockerfile.prod' },
      BY_DIGEST,
      { ...BASE, context: '/src/app/docker', dockerfile: '/src/app/docker/Dockerfile.prod' }
    ],
    [
      'a remote context is kept, with its file relative to it',
      { context: 'https://github.com/acme/app.git#main', file: 'Dockerfile.ci' },
      BY_DIGEST,
      { ...BASE, context: 'https://github.com/acme/app.git#main', dockerfile: 'Dockerfile.ci' }
    ],
    [
      'args, labels and build contexts become maps (a later line wins; values keep "=" and ",")',
      {
        buildArgs: ['A=1', 'LIST=a,b=c', 'A=2'],
        labels: ['org.opencontainers.image.title=app'],
        buildContexts: ['alpine=docker-image://alpine:3.20']
      },
      BY_DIGEST,
      {
        ...BASE,
        args: { A: '2', LIST: 'a,b=c' },
        labels: { 'org.opencontainers.image.title': 'app' },
        contexts: { alpine: 'docker-image://alpine:3.20' }
      }
    ],
    [
      'a bare github.com/org/repo context is a git repository, as buildx reads it: not a local path',
      { context: 'github.com/acme/app#main' },
      BY_DIGEST,
      { ...BASE, context: 'github.com/acme/app#main' }
    ],
    [
      'a label line without "=" is a key with an empty value, as buildx reads `--label key`',
      { labels: ['com.example.flag', 'k=v'] },
      BY_DIGEST,
      { ...BASE, labels: { 'com.example.flag': '', k: 'v' } }
    ],
    [
      'gha caches scoped per platform, others unchanged',
      { cacheFrom: ['type=gha', 'type=registry,ref=r/c'], cacheTo: ['type=gha,scope=main,mode=max'] },
      BY_DIGEST,
      {
        ...BASE,
        'cache-from': ['type=gha,scope=linux-arm64', 'type=registry,ref=r/c'],
        'cache-to': ['type=gha,scope=main-linux-arm64,mode=max']
      }
    ],
    [
      'provenance, sbom and attests become attest specs',
      { provenance: 'mode=max', sbom: 'false', attests: ['type=sbom,generator=x'] },
      BY_DIGEST,
      { ...BASE, attest: ['type=provenance,mode=max', 'type=sbom,disabled=true', 'type=sbom,generator=x'] }
    ],
    [
      'the pass-through inputs under their bake keys',
      {
        secrets: ['id=t,env=T'],
        ssh: ['default'],
        target: 'runtime',
        noCache: true,
        pull: true,
        noCacheFilters: ['deps'],
        network: 'host',
        shmSize: '128m',
        ulimits: ['nofile=1024:1024'],
        addHosts: ['db:10.0.0.5', 'v6:::1', 'reg=10.0.0.6'],
        allow: ['network.host'],
        annotations: ['manifest:a=1']
      },
      BY_DIGEST,
      {
        ...BASE,
        target: 'runtime',
        secret: ['id=t,env=T'],
        ssh: ['default'],
        annotations: ['manifest:a=1'],
        'no-cache': true,
        'no-cache-filter': ['deps'],
        pull: true,
        network: 'host',
        'shm-size': '128m',
        ulimits: ['nofile=1024:1024'],
        'extra-hosts': { db: '10.0.0.5', v6: '::1', reg: '10.0.0.6' },
        entitlements: ['network.host']
      }
    ],
    [
      'HCL template starts in values are escaped, keys kept',
      { buildArgs: ['GREETING=${HOME} and %{ if }'], labels: ['k=$${x}'] },
      BY_DIGEST,
      { ...BASE, args: { GREETING: '$${HOME} and %%{ if }' }, labels: { k: '$$${x}' } }
    ]
  ])('%s', (_name, options, output, expected) => {
    const definition = bakeDefinition({ ...DEFAULTS, ...options }, [{ platform: 'linux/arm64', output }], CWD)
    expect(definition.target['linux-arm64']).toEqual(expected)
  })

  test('pure: the same options give the same JSON', () => {
    const legs = [{ platform: 'linux/s390x', output: BY_DIGEST }]
    expect(JSON.stringify(bakeDefinition(DEFAULTS, legs, CWD))).toBe(
      JSON.stringify(bakeDefinition({ ...DEFAULTS }, [...legs], CWD))
    )
  })
})

describe('sessionShape: one multi-platform target unless a platform needs something of its own', () => {
  const publish: ShapeFacts = {
    platforms: 7,
    stageAlways: false,
    driver: 'docker',
    imageStore: 'containerd'
  }
  test.each<[string, Partial<ShapeFacts>, 'one-target' | 'target-per-platform', RegExp]>([
    ['docker driver, containerd store', {}, 'one-target', /one multi-platform target/],
    [
      'docker-container driver (store not asked)',
      { driver: 'docker-container', imageStore: undefined },
      'one-target',
      /one/
    ],
    ['remote driver', { driver: 'remote' }, 'one-target', /one/],
    ['docker driver, classic store', { imageStore: 'classic' }, 'target-per-platform', /classic image store/],
    ['docker driver, store unknown', { imageStore: 'unknown' }, 'target-per-platform', /could not be read/],
    ['docker driver, store not asked', { imageStore: undefined }, 'target-per-platform', /could not be read/],
    ['build mode', { stageAlways: true }, 'target-per-platform', /build mode/],
    ['one platform', { platforms: 1 }, 'target-per-platform', /one platform/],
    ['two platforms', { platforms: 2 }, 'one-target', /one multi-platform target/]
  ])('%s → %s', (_name, facts, shape, reason) => {
    const got = sessionShape({ ...publish, ...facts })
    expect(got.shape).toBe(shape)
    expect(got.reason).toMatch(reason)
  })
})

describe('groupedBakeDefinition: one target, every platform, one output', () => {
  const platforms = ['linux/amd64', 'linux/arm64', 'linux/arm/v7']
  test('the platforms in order, one output, options as in a per-platform target', () => {
    const definition = groupedBakeDefinition(
      { ...DEFAULTS, buildArgs: ['A=1'], noCache: true, annotations: ['manifest:org.x=1'] },
      platforms,
      STAGED,
      CWD
    )
    expect(definition).toEqual({
      group: { default: { targets: [GROUPED_TARGET] } },
      target: {
        [GROUPED_TARGET]: {
          context: CWD,
          args: { A: '1' },
          platforms,
          output: [`type=image,name=${STAGED_REF},push=true`],
          annotations: ['manifest:org.x=1'],
          'no-cache': true
        }
      }
    })
    expect(GROUPED_TARGET).toMatch(/^[A-Za-z0-9_-]+$/)
  })

  test('caches as given: one multi-platform export, as buildx build --platform writes it', () => {
    const target = groupedBakeDefinition(
      {
        ...DEFAULTS,
        cacheFrom: ['type=gha,scope=app', 'type=registry,ref=r/c:x'],
        cacheTo: ['type=gha,mode=max']
      },
      platforms,
      BY_DIGEST,
      CWD
    ).target[GROUPED_TARGET]
    expect(target?.['cache-from']).toEqual(['type=gha,scope=app', 'type=registry,ref=r/c:x'])
    expect(target?.['cache-to']).toEqual(['type=gha,mode=max'])
  })
})

describe('parseImageStore (docker info DriverStatus)', () => {
  test.each<[string, string]>([
    ['[["driver-type","io.containerd.snapshotter.v1"]]', 'containerd'],
    ['[["Backing Filesystem","extfs"],["Supports d_type","true"],["Using metacopy","false"]]', 'classic'],
    ['null', 'unknown'],
    ['', 'unknown'],
    ['template: :1: unexpected', 'unknown']
  ])('%s → %s', (text, store) => {
    expect(parseImageStore(text)).toBe(store)
  })
})

describe('escapeTemplate', () => {
  test.each([
    ['plain', 'plain'],
    ['${A}', '$${A}'],
    ['$${A}', '$$${A}'],
    ['%{ if x }', '%%{ if x }'],
    ['$x and %x', '$x and %x']
  ])('%s → %s', (text, escaped) => {
    expect(escapeTemplate(text)).toBe(escaped)
  })
})

describe('attestFlag', () => {
  test.each<['provenance' | 'sbom', string | undefined, string[]]>([
    ['provenance', undefined, []],
    ['provenance', '', []],
    ['provenance', 'true', ['type=provenance']],
    ['provenance', 'false', ['type=provenance,disabled=true']],
    ['provenance', 'mode=max', ['type=provenance,mode=max']],
    ['sbom', 'True', ['type=sbom']],
    ['sbom', '0', ['type=sbom,disabled=true']]
  ])('%s %j → %j', (type, value, specs) => {
    expect(attestFlag(type, value)).toEqual(specs)
  })
})

describe('outputSpec', () => {
  test.each<[BuildOutput, string]>([
    [BY_DIGEST, `type=image,name=${REPO},push-by-digest=true,name-canonical=true,push=true`],
    [{ kind: 'staging-tag', ref: `${REPO}:t` }, `type=image,name=${REPO}:t,push=true`],
    // the daemon's BuildKit pushes; an empty push keeps buildx < 0.22 from pushing again with docker
    [{ kind: 'staging-tag', ref: `${REPO}:t`, builderPushes: true }, `type=image,name=${REPO}:t,push=`]
  ])('%j', (output, spec) => {
    expect(outputSpec(output)).toBe(spec)
  })
})

describe('bakeArgs', () => {
  const files = { definitionFile: '/w/bake.json', metadataFile: '/w/meta.json' }
  test.each<[string, Parameters<typeof bakeArgs>[0], string[]]>([
    [
      'build',
      { ...files, targets: ['linux-amd64', 'linux-arm64'] },
      [
        'buildx',
        'bake',
        '--file',
        '/w/bake.json',
        '--metadata-file',
        '/w/meta.json',
        '--progress',
        'rawjson',
        'linux-amd64',
        'linux-arm64'
      ]
    ],
    [
      'builder and entitlements',
      { ...files, targets: ['t'], builder: 'ci', allow: ['network.host', 'security.insecure'] },
      [
        'buildx',
        'bake',
        '--builder',
        'ci',
        '--file',
        '/w/bake.json',
        '--metadata-file',
        '/w/meta.json',
        '--progress',
        'rawjson',
        '--allow',
        'network.host',
        '--allow',
        'security.insecure',
        't'
      ]
    ],
    [
      'print',
      { ...files, targets: ['t'], print: true },
      ['buildx', 'bake', '--file', '/w/bake.json', '--print', 't']
    ]
  ])('%s', (_name, options, argv) => {
    expect(bakeArgs(options)).toEqual(argv)
  })
})

describe('annotations by level', () => {
  const input = [
    'manifest:org.opencontainers.image.title=app',
    'index:org.opencontainers.image.title=app',
    'manifest,index:a=1',
    'manifest[linux/arm64,linux/amd64]:b=2',
    'manifest-descriptor:c=3',
    'plain=4',
    'com.example:x=5',
    '# a comment',
    ''
  ].join('\n')

  test('the images get the manifest lines, in buildx form', () => {
    expect(imageAnnotations(input)).toEqual([
      'manifest:org.opencontainers.image.title=app',
      'manifest:a=1',
      'manifest[linux/arm64,linux/amd64]:b=2'
    ])
  })

  test('the index keeps everything else', () => {
    expect(indexAnnotationText(input).split('\n')).toEqual([
      'index:org.opencontainers.image.title=app',
      'index:a=1',
      'manifest-descriptor:c=3',
      'plain=4',
      'com.example:x=5',
      '# a comment',
      ''
    ])
  })
})
