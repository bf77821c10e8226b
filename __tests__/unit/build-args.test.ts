import { describe, expect, test } from '@jest/globals'
import { scopedCache, splitCsvFields } from '../../src/buildx/args.js'
import { parseBuildOptions, parseLines, type BuildOptions } from '../../src/inputs/build.js'
import { parseBuildMetadata } from '../../src/buildx/metadata.js'
import { thrown } from '../support/thrown.js'
import { DEFAULT_BUILD_OPTIONS } from '../support/build-options.js'

const DEFAULTS: BuildOptions = DEFAULT_BUILD_OPTIONS

describe('scopedCache', () => {
  test.each([
    ['type=gha', 'linux/arm/v7', 'type=gha,scope=linux-arm-v7'],
    ['type=gha,mode=max', 'linux/amd64', 'type=gha,mode=max,scope=linux-amd64'],
    ['type=gha,scope=main', 'linux/arm64', 'type=gha,scope=main-linux-arm64'],
    ['scope=main,type=gha,mode=max', 'linux/arm64', 'scope=main-linux-arm64,type=gha,mode=max'],
    ['type=gha,scope=', 'linux/arm64', 'type=gha,scope=linux-arm64'],
    ['TYPE=gha,Scope=x', 'linux/arm64', 'TYPE=gha,scope=x-linux-arm64'],
    [
      'type=gha,url=http://cache:8080/,token=abc,scope=pr-12,mode=max',
      'linux/s390x',
      'type=gha,url=http://cache:8080/,token=abc,scope=pr-12-linux-s390x,mode=max'
    ],
    // quoted fields are kept verbatim; a scope with a comma stays quoted
    ['"type=gha","scope=a,b"', 'linux/arm64', '"type=gha","scope=a,b-linux-arm64"'],
    ['type=gha,"ignore-error=true"', 'linux/arm64', 'type=gha,"ignore-error=true",scope=linux-arm64'],
    // not gha: unchanged
    ['type=registry,ref=ghcr.io/a/b:cache', 'linux/arm64', 'type=registry,ref=ghcr.io/a/b:cache'],
    [
      'type=registry,ref=127.0.0.1:5000/a/b:cache,mode=max',
      'linux/arm64',
      'type=registry,ref=127.0.0.1:5000/a/b:cache,mode=max'
    ],
    ['type=local,src=/tmp/cache,scope=x', 'linux/arm64', 'type=local,src=/tmp/cache,scope=x'],
    ['ghcr.io/a/b:cache', 'linux/arm64', 'ghcr.io/a/b:cache'],
    ['type=s3,region=eu,bucket=gha', 'linux/arm64', 'type=s3,region=eu,bucket=gha'],
    // unparseable: left for buildx to report
    ['type=gha,"scope=open', 'linux/arm64', 'type=gha,"scope=open']
  ])('%j on %s → %j', (entry, platform, expected) => {
    expect(scopedCache(entry, platform)).toBe(expected)
  })

  test('different platforms get different scopes', () => {
    expect(scopedCache('type=gha', 'linux/arm/v6')).not.toBe(scopedCache('type=gha', 'linux/arm/v7'))
  })
})

describe('splitCsvFields', () => {
  test.each<[string, string[] | undefined]>([
    ['a=1,b=2', ['a=1', 'b=2']],
    ['a=1', ['a=1']],
    ['', ['']],
    ['a=1,', ['a=1', '']],
    ['"a=1,2",b', ['a=1,2', 'b']],
    ['"say ""hi""=x"', ['say "hi"=x']],
    ['"a', undefined],
    ['"a"b,c', undefined]
  ])('%j → %j', (line, values) => {
    expect(splitCsvFields(line)?.map((f) => f.value)).toEqual(values)
  })
})

describe('parseBuildOptions', () => {
  const reader =
    (inputs: Record<string, string>) =>
    (name: string): string =>
      inputs[name] ?? ''

  test.each<[string, Record<string, string>, BuildOptions]>([
    ['nothing set: defaults', {}, DEFAULTS],
    [
      'single values are trimmed',
      {
        context: ' ./app \n',
        file: ' Dockerfile ',
        target: 'runtime\n',
        builder: ' ci ',
        provenance: ' mode=max ',
        sbom: 'false'
      },
      {
        ...DEFAULTS,
        context: './app',
        file: 'Dockerfile',
        target: 'runtime',
        builder: 'ci',
        provenance: 'mode=max',
        sbom: 'false'
      }
    ],
    ['blank single values are unset', { file: '  ', provenance: '\n', sbom: ' ' }, DEFAULTS],
    [
      'lists split on newlines only (values keep their commas)',
      {
        'build-args': 'A=1\n\n  LIST=a,b,c  \r\nEMPTY=\n',
        labels: 'a=1,b=2\nc=3',
        'cache-from': 'type=gha\ntype=registry,ref=ghcr.io/a/b:cache',
        'cache-to': 'type=gha,mode=max',
        secrets: 'id=npmrc,src=/tmp/.npmrc\nid=GITHUB_TOKEN,env=GITHUB_TOKEN'
      },
      {
        ...DEFAULTS,
        buildArgs: ['A=1', 'LIST=a,b,c', 'EMPTY='],
        labels: ['a=1,b=2', 'c=3'],
        cacheFrom: ['type=gha', 'type=registry,ref=ghcr.io/a/b:cache'],
        cacheTo: ['type=gha,mode=max'],
        secrets: ['id=npmrc,src=/tmp/.npmrc', 'id=GITHUB_TOKEN,env=GITHUB_TOKEN']
      }
    ],
    [
      'secret keys as buildx knows them',
      { secrets: 'type=env,id=T,env=T\nID=x,Source=/f\n"id=a,b",src=/f' },
      { ...DEFAULTS, secrets: ['type=env,id=T,env=T', 'ID=x,Source=/f', '"id=a,b",src=/f'] }
    ],
    ['booleans', { 'no-cache': 'true', pull: 'True' }, { ...DEFAULTS, noCache: true, pull: true }],
    [
      "build-push-action's pass-through inputs",
      {
        'build-contexts': 'alpine=docker-image://alpine:3.20\nsrc=../src',
        ssh: 'default,github=/keys/gh',
        network: ' host ',
        'add-hosts': 'db:10.0.0.5,v6:::1\nreg=10.0.0.6',
        'shm-size': '128m',
        ulimit: 'nofile=1024:1024\nnproc=64',
        allow: 'network.host, security.insecure',
        'no-cache-filters': 'deps\ntest',
        attests: 'type=sbom\ntype=provenance,mode=max'
      },
      {
        ...DEFAULTS,
        buildContexts: ['alpine=docker-image://alpine:3.20', 'src=../src'],
        ssh: ['default', 'github=/keys/gh'],
        network: 'host',
        addHosts: ['db:10.0.0.5', 'v6:::1', 'reg=10.0.0.6'],
        shmSize: '128m',
        ulimits: ['nofile=1024:1024', 'nproc=64'],
        allow: ['network.host', 'security.insecure'],
        noCacheFilters: ['deps', 'test'],
        attests: ['type=sbom', 'type=provenance,mode=max']
      }
    ],
    [
      'secret-envs and secret-files become secret specs after secrets',
      {
        secrets: 'id=a,src=/a',
        'secret-envs': 'TOKEN=GITHUB_TOKEN,NPM=NPM_TOKEN',
        'secret-files': 'npmrc=/home/u/.npmrc\nodd=/path,with,commas'
      },
      {
        ...DEFAULTS,
        secrets: [
          'id=a,src=/a',
          'id=TOKEN,env=GITHUB_TOKEN',
          'id=NPM,env=NPM_TOKEN',
          'id=npmrc,src=/home/u/.npmrc',
          'id=odd,"src=/path,with,commas"'
        ]
      }
    ],
    [
      'manifest: annotation lines go to the images, index: and bare lines do not',
      {
        annotations:
          'manifest:org.opencontainers.image.title=app\nindex:org.opencontainers.image.title=app\n' +
          'manifest,index:a=1\nmanifest[linux/arm64]:b=2\nplain=3\ncom.example:x=4'
      },
      {
        ...DEFAULTS,
        annotations: [
          'manifest:org.opencontainers.image.title=app',
          'manifest:a=1',
          'manifest[linux/arm64]:b=2'
        ]
      }
    ],
    ['booleans false', { 'no-cache': 'false', pull: 'FALSE' }, DEFAULTS]
  ])('%s', (_name, inputs, expected) => {
    expect(parseBuildOptions(reader(inputs))).toEqual(expected)
  })

  test.each<[string, Record<string, string>, string, string[]]>([
    ['a build arg without "="', { 'build-args': 'A=1\nNOEQUALS' }, '`build-args` line 2', ['"NOEQUALS"']],
    ['a build arg without a key', { 'build-args': '=value' }, '`build-args` line 1', ['KEY=value']],
    ['no-cache not a boolean', { 'no-cache': 'yes' }, '`no-cache`', ['"yes"']],
    ['pull not a boolean', { pull: '1' }, '`pull`', ['"1"']],
    ['a secret in build-push-action form', { secrets: 'GIT_AUTH_TOKEN=s3cr3t' }, '`secrets` line 1', ['key']],
    ['a secret field without "="', { secrets: 'id=a,s3cr3t' }, '`secrets` line 1', ['"="']],
    ['a secret with an open quote', { secrets: 'id=a\n"id=s3cr3t' }, '`secrets` line 2', ['quote']],
    [
      'a secret-envs item without "="',
      { 'secret-envs': 'A=B,NOPE' },
      '`secret-envs` item 2',
      ['id=VARIABLE']
    ],
    [
      'a secret-files item without a path',
      { 'secret-files': 'npmrc=' },
      '`secret-files` item 1',
      ['id=path']
    ],
    [
      'a build context without "="',
      { 'build-contexts': 'alpine' },
      '`build-contexts` line 1',
      ['name=value']
    ],
    ['an ulimit without "="', { ulimit: 'nofile' }, '`ulimit` line 1', ['type=soft:hard']],
    ['a host without an address', { 'add-hosts': 'db' }, '`add-hosts` item 1', ['host:ip']]
  ])('%s is refused naming the input', (_name, inputs, names, mentions) => {
    const error = thrown(() => parseBuildOptions(reader(inputs)))
    expect(error.kind).toBe('invalid-input')
    expect(error.oneLine()).toContain(names)
    for (const text of mentions) expect(error.oneLine()).toContain(text)
    expect(error.oneLine()).not.toContain('\n')
    expect(error.hint).toBeTruthy()
  })

  test('a refused secret is never quoted in the error', () => {
    const error = thrown(() => parseBuildOptions(reader({ secrets: 'TOKEN=s3cr3t-value' })))
    expect(error.oneLine()).not.toContain('s3cr3t')
  })

  test('parseLines drops blank lines and trims', () => {
    expect(parseLines('  a \r\n\n b,c \n')).toEqual(['a', 'b,c'])
  })
})

describe('parseBuildMetadata', () => {
  const digest = 'sha256:' + 'a1'.repeat(32)
  // What buildx 0.13.1 writes for `--push --metadata-file` with the docker driver.
  const buildx013 = JSON.stringify(
    {
      'buildx.build.ref': 'default/default/x1n9z0ujq4m4wq9w1lzq8c7pg',
      'containerimage.config.digest': 'sha256:' + 'c0'.repeat(32),
      'containerimage.descriptor': {
        mediaType: 'application/vnd.oci.image.index.v1+json',
        digest,
        size: 856
      },
      'containerimage.digest': digest,
      'image.name': '127.0.0.1:5000/x:y'
    },
    null,
    '  '
  )

  test.each<[string, string, { digest: string; imageName?: string }]>([
    ['buildx 0.13 output', buildx013, { digest, imageName: '127.0.0.1:5000/x:y' }],
    ['digest only', JSON.stringify({ 'containerimage.digest': digest }), { digest }],
    [
      'several names',
      JSON.stringify({ 'containerimage.digest': digest, 'image.name': 'r/x:a,r/x:b' }),
      { digest, imageName: 'r/x:a,r/x:b' }
    ],
    [
      'a non-string name is ignored',
      JSON.stringify({ 'containerimage.digest': digest, 'image.name': 3 }),
      { digest }
    ]
  ])('%s', (_name, text, expected) => {
    expect(parseBuildMetadata(text, 'linux/arm64')).toEqual(expected)
  })

  test.each([
    ['empty file', '', 'no metadata'],
    ['blank file', ' \n', 'no metadata'],
    ['not JSON', '{"containerimage.digest":', 'not JSON'],
    ['an array', '[]', 'not a JSON object'],
    ['null', 'null', 'not a JSON object'],
    ['no digest', JSON.stringify({ 'buildx.build.ref': 'default/default/x' }), 'no containerimage.digest'],
    ['short digest', JSON.stringify({ 'containerimage.digest': 'sha256:abc' }), '"sha256:abc"'],
    [
      'uppercase hex',
      JSON.stringify({ 'containerimage.digest': 'sha256:' + 'A1'.repeat(32) }),
      'not a sha256'
    ],
    ['sha512', JSON.stringify({ 'containerimage.digest': 'sha512:' + 'a'.repeat(128) }), 'not a sha256'],
    ['a number', JSON.stringify({ 'containerimage.digest': 5 }), 'not a sha256']
  ])('%s is a build error naming the platform', (_name, text, mention) => {
    const error = thrown(() => parseBuildMetadata(text, 'linux/arm/v7'))
    expect(error.kind).toBe('build')
    expect(error.message).toContain('linux/arm/v7')
    expect(error.message).toContain(mention)
    expect(error.oneLine()).not.toContain('\n')
    expect(error.hint).toBeTruthy()
  })
})
