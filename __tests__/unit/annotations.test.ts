// The `annotations` input: plain key=value lines and the `<level>:key=value` lines that buildx and
// docker/metadata-action write (metadata-action emits one line per level of
// DOCKER_METADATA_ANNOTATIONS_LEVELS, default `manifest`); the defaults; merging.
import { describe, expect, test } from '@jest/globals'
import { defaultIndexAnnotations, mergeAnnotations, parseAnnotations } from '../../src/image-index/index.js'
import { thrown } from '../support/thrown.js'

/** Runs `fn` and returns the ActionError it throws, failing the test when it throws anything else. */
const TITLE = 'org.opencontainers.image.title'
const DESCRIPTION = 'org.opencontainers.image.description'

describe('parseAnnotations reads index annotations', () => {
  // raw input, index annotations, ignored line numbers
  test.each<[string, string, Record<string, string>, number[]]>([
    ['nothing', '', {}, []],
    ['only blanks and comments', '\n  \n# a comment with = in it\n  # indented', {}, []],
    ['one line', `${TITLE}=app`, { [TITLE]: 'app' }, []],
    [
      'several lines',
      `${TITLE}=app\n\n# why\n${DESCRIPTION}=An app`,
      { [TITLE]: 'app', [DESCRIPTION]: 'An app' },
      []
    ],
    ['CRLF line ends', `${TITLE}=app\r\n${DESCRIPTION}=d\r\n`, { [TITLE]: 'app', [DESCRIPTION]: 'd' }, []],
    ['a value with =', 'com.example.query=a=1&b=2', { 'com.example.query': 'a=1&b=2' }, []],
    [
      'a value with : (a URL)',
      'org.opencontainers.image.source=https://github.com/o/r',
      { 'org.opencontainers.image.source': 'https://github.com/o/r' },
      []
    ],
    ['the key trimmed, the value kept', '  com.example.k = spaced ', { 'com.example.k': ' spaced ' }, []],
    ['an empty value', 'com.example.k=', { 'com.example.k': '' }, []],
    ['index:', `index:${TITLE}=app`, { [TITLE]: 'app' }, []],
    ['index,manifest:', `index,manifest:${TITLE}=app`, { [TITLE]: 'app' }, []],
    ['manifest,index:', `manifest,index:${TITLE}=app`, { [TITLE]: 'app' }, []],
    ['index-descriptor,index:', `index-descriptor,index:${TITLE}=app`, { [TITLE]: 'app' }, []],
    [
      'a platform-qualified manifest level beside index',
      `manifest[linux/amd64,linux/arm64],index:${TITLE}=app`,
      { [TITLE]: 'app' },
      []
    ],
    [
      'metadata-action with DOCKER_METADATA_ANNOTATIONS_LEVELS=manifest,index',
      `manifest:${TITLE}=app\nmanifest:${DESCRIPTION}=d\nindex:${TITLE}=app\nindex:${DESCRIPTION}=d`,
      { [TITLE]: 'app', [DESCRIPTION]: 'd' },
      [1, 2]
    ],
    [
      'metadata-action with DOCKER_METADATA_ANNOTATIONS_LEVELS=index',
      `index:${TITLE}=app\nindex:org.opencontainers.image.version=1.2.3`,
      { [TITLE]: 'app', 'org.opencontainers.image.version': '1.2.3' },
      []
    ],
    ['a colon in a dotted key is no level', 'com.example:thing=1', { 'com.example:thing': '1' }, []],
    ['the same line twice', `${TITLE}=app\nindex:${TITLE}=app`, { [TITLE]: 'app' }, []]
  ])('%s', (_name, raw, index, ignored) => {
    const result = parseAnnotations(raw)
    expect(result.index).toEqual(index)
    expect(result.ignored.map((line) => line.line)).toEqual(ignored)
  })

  test('a __proto__ key stays an annotation', () => {
    const result = parseAnnotations('__proto__=x')
    expect(Object.keys(result.index)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(result.index)).toBe(Object.prototype)
  })
})

describe('parseAnnotations refuses', () => {
  // raw input, message, part of the hint
  test.each<[string, string, string, string]>([
    [
      'a manifest-level line',
      `a.b=1\nc.d=2\nmanifest:${TITLE}=x`,
      `annotations line 3 "manifest:${TITLE}=x" targets the image manifests, which are already pushed`,
      'docker/build-push-action `annotations`), or prefix with index:'
    ],
    [
      'metadata-action output at its default level',
      `manifest:${TITLE}=app`,
      `annotations line 1 "manifest:${TITLE}=app" targets the image manifests, which are already pushed`,
      'DOCKER_METADATA_ANNOTATIONS_LEVELS=index'
    ],
    [
      'a platform-qualified manifest line',
      `manifest[linux/amd64]:${TITLE}=x`,
      `annotations line 1 "manifest[linux/amd64]:${TITLE}=x" targets the image manifests, which are already pushed`,
      'prefix with index:'
    ],
    [
      'a manifest-descriptor line',
      `manifest-descriptor:${TITLE}=x`,
      `annotations line 1 "manifest-descriptor:${TITLE}=x" targets the descriptors inside the index, which are copied from the sources as they are`,
      'prefix with index:'
    ],
    [
      'an index-descriptor line',
      `index-descriptor:${TITLE}=x`,
      `annotations line 1 "index-descriptor:${TITLE}=x" targets the index's own descriptor in an OCI layout, which a registry has no place for`,
      'prefix with index:'
    ],
    [
      'a manifest line whose index twin differs',
      `manifest:${TITLE}=a\nindex:${TITLE}=b`,
      `annotations line 1 "manifest:${TITLE}=a" targets the image manifests, which are already pushed`,
      'prefix with index:'
    ],
    [
      'an unknown level',
      'foo:com.example.k=1',
      'annotations line 1 "foo:com.example.k=1" has an unknown level "foo"',
      'levels are index, manifest, manifest-descriptor, index-descriptor'
    ],
    [
      'an unknown level beside index',
      'index,layer:com.example.k=1',
      'annotations line 1 "index,layer:com.example.k=1" has an unknown level "layer"',
      'prefix with index:'
    ],
    [
      'an upper-case level',
      'Index:com.example.k=1',
      'annotations line 1 "Index:com.example.k=1" has an unknown level "Index"',
      'index'
    ],
    [
      'a platform-qualified index level',
      'index[linux/amd64]:com.example.k=1',
      'annotations line 1 "index[linux/amd64]:com.example.k=1" limits an index annotation to platforms [linux/amd64]',
      'drop the [...]'
    ],
    [
      'a line without =',
      'a.b=1\njust-a-key',
      'annotations line 2 "just-a-key" is not key=value',
      'key=value'
    ],
    ['an empty key', '=value', 'annotations line 1 "=value" has no key before "="', 'key=value'],
    [
      'an empty key after a level',
      'index:=value',
      'annotations line 1 "index:=value" has no key before "="',
      'key=value'
    ],
    [
      'whitespace in a key',
      'my key=value',
      'annotations line 1 "my key=value" has a key with whitespace ("my key")',
      'reverse-domain'
    ],
    [
      'one key with two values',
      `${TITLE}=a\n# between\n${TITLE}=b`,
      `annotations lines 1 and 3 give "${TITLE}" two different values`,
      'keep one of the two lines'
    ],
    [
      'one key with two values across levels',
      `index:${TITLE}=a\nmanifest,index:${TITLE}=b`,
      `annotations lines 1 and 2 give "${TITLE}" two different values`,
      'keep one'
    ],
    [
      'a long line, quoted shortened',
      `manifest:${DESCRIPTION}=${'x'.repeat(200)}`,
      `annotations line 1 "manifest:${DESCRIPTION}=${'x'.repeat(79 - DESCRIPTION.length - 10)}…" targets the image manifests, which are already pushed`,
      'index:'
    ]
  ])('%s', (_name, raw, message, hint) => {
    const error = thrown(() => parseAnnotations(raw))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toBe(message)
    expect(error.hint).toContain(hint)
  })
})

describe('defaultIndexAnnotations', () => {
  const SOURCE = 'org.opencontainers.image.source'
  const REVISION = 'org.opencontainers.image.revision'
  const SHA = '4f3c9a1e8b2d7c6f5a4b3c2d1e0f9a8b7c6d5e4f'

  test.each<[string, { serverUrl?: string; repository?: string; sha?: string }, Record<string, string>]>([
    [
      'github.com',
      { serverUrl: 'https://github.com', repository: 'o/r', sha: SHA },
      { [SOURCE]: 'https://github.com/o/r', [REVISION]: SHA }
    ],
    ['no server URL means github.com', { repository: 'o/r' }, { [SOURCE]: 'https://github.com/o/r' }],
    [
      'an empty server URL means github.com',
      { serverUrl: '', repository: 'o/r' },
      { [SOURCE]: 'https://github.com/o/r' }
    ],
    [
      'GitHub Enterprise Server, trailing slash',
      { serverUrl: 'https://ghe.example.com/', repository: 'o/r', sha: SHA },
      { [SOURCE]: 'https://ghe.example.com/o/r', [REVISION]: SHA }
    ],
    ['no repository: no source', { serverUrl: 'https://github.com', sha: SHA }, { [REVISION]: SHA }],
    ['an empty sha: no revision', { repository: 'o/r', sha: '' }, { [SOURCE]: 'https://github.com/o/r' }],
    ['nothing known', {}, {}]
  ])('%s', (_name, context, expected) => {
    expect(defaultIndexAnnotations(context)).toEqual(expected)
  })

  test('no timestamp, so a re-run gives the same index', () => {
    const context = { repository: 'o/r', sha: SHA }
    expect(Object.keys(defaultIndexAnnotations(context))).not.toContain('org.opencontainers.image.created')
    expect(defaultIndexAnnotations(context)).toEqual(defaultIndexAnnotations(context))
  })
})

describe('mergeAnnotations', () => {
  test.each<[string, Record<string, string>, Record<string, string>, Record<string, string>]>([
    ['the user wins', { a: 'default' }, { a: 'user' }, { a: 'user' }],
    ['both kept', { a: '1' }, { b: '2' }, { a: '1', b: '2' }],
    ['no defaults', {}, { b: '2' }, { b: '2' }],
    ['no user annotations', { a: '1' }, {}, { a: '1' }],
    ['an empty user value still wins', { a: '1' }, { a: '' }, { a: '' }]
  ])('%s', (_name, defaults, user, expected) => {
    expect(mergeAnnotations(defaults, user)).toEqual(expected)
  })

  test('the inputs are not modified', () => {
    const defaults = { a: '1' }
    const user = { a: '2' }
    mergeAnnotations(defaults, user)
    expect(defaults).toEqual({ a: '1' })
  })
})
