// Cases ported from github.com/distribution/reference (normalize_test.go, reference_test.go) unless marked
// "ours"; where we deliberately differ from upstream, the row says so.
import { describe, expect, test } from '@jest/globals'
import {
  familiarName,
  formatReference,
  type ImageReference,
  isLoopbackRegistry,
  isValidDigest,
  isValidTag,
  parseDigest,
  parseReference,
  parseRepository,
  registryApiHost,
  withDigest,
  withTag
} from '../../src/reference/reference.js'
import { thrown } from '../support/thrown.js'

const F64 = 'f'.repeat(64)
const SHA_F = `sha256:${F64}`
const SHA_E = 'sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582'
const SHA_DBCC = 'sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c'
const SHA_86 = 'sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa'
const SHA512_F = `sha512:${'f'.repeat(128)}`
const SHA_SHORT = 'sha256:1234567890098765432112345667890098765'

/** Runs `fn` and returns the ActionError it throws, failing the test when it throws anything else. */
describe('parseReference normalises like `docker pull`', () => {
  test.each([
    // TestParseDockerRef
    ['busybox', 'docker.io/library/busybox:latest'],
    ['busybox:latest', 'docker.io/library/busybox:latest'],
    [`busybox@${SHA_E}`, `docker.io/library/busybox@${SHA_E}`],
    ['library/busybox', 'docker.io/library/busybox:latest'],
    ['docker.io/busybox', 'docker.io/library/busybox:latest'],
    ['docker.io/library/busybox', 'docker.io/library/busybox:latest'],
    ['docker.io/busybox:latest', 'docker.io/library/busybox:latest'],
    ['library/busybox:latest', 'docker.io/library/busybox:latest'],
    ['docker.io/library/busybox:latest', 'docker.io/library/busybox:latest'],
    ['gcr.io/library/busybox', 'gcr.io/library/busybox:latest'],
    // upstream ParseDockerRef drops the tag here; we keep both, as the brief asks
    [`gcr.io/library/busybox:latest@${SHA_E}`, `gcr.io/library/busybox:latest@${SHA_E}`],
    // TestParseAnyReference (named references only)
    ['redis', 'docker.io/library/redis:latest'],
    ['redis:latest', 'docker.io/library/redis:latest'],
    [`redis@${SHA_DBCC}`, `docker.io/library/redis@${SHA_DBCC}`],
    [`docker.io/library/redis@${SHA_DBCC}`, `docker.io/library/redis@${SHA_DBCC}`],
    ['dmcgowan/myapp', 'docker.io/dmcgowan/myapp:latest'],
    ['docker.io/mcgowan/myapp:latest', 'docker.io/mcgowan/myapp:latest'],
    [`dmcgowan/myapp@${SHA_DBCC}`, `docker.io/dmcgowan/myapp@${SHA_DBCC}`],
    [`docker.io/dmcgowan/myapp@${SHA_DBCC}`, `docker.io/dmcgowan/myapp@${SHA_DBCC}`],
    [SHA_DBCC.slice(7, -1), `docker.io/library/${SHA_DBCC.slice(7, -1)}:latest`],
    ['dbcc1', 'docker.io/library/dbcc1:latest'],
    // TestParseReferenceWithTagAndDigest
    [`busybox:latest@${SHA_86}`, `docker.io/library/busybox:latest@${SHA_86}`],
    // ours: the legacy Docker Index name
    ['index.docker.io/fooo/bar', 'docker.io/fooo/bar:latest'],
    ['index.docker.io/debian', 'docker.io/library/debian:latest'],
    ['localhost/app', 'localhost/app:latest']
  ])('%s → %s', (input, full) => {
    expect(formatReference(parseReference(input))).toBe(full)
  })
})

describe('parseReference splits registry, repository, tag and digest', () => {
  test.each<[string, ImageReference]>([
    // TestReferenceParse, read through the Docker Hub normalisation
    ['test_com', { registry: 'docker.io', repository: 'library/test_com', tag: 'latest' }],
    ['test.com:tag', { registry: 'docker.io', repository: 'library/test.com', tag: 'tag' }],
    ['test.com:5000', { registry: 'docker.io', repository: 'library/test.com', tag: '5000' }],
    ['test.com/repo:tag', { registry: 'test.com', repository: 'repo', tag: 'tag' }],
    ['test:5000/repo', { registry: 'test:5000', repository: 'repo', tag: 'latest' }],
    ['test:5000/repo:tag', { registry: 'test:5000', repository: 'repo', tag: 'tag' }],
    [`test:5000/repo@${SHA_F}`, { registry: 'test:5000', repository: 'repo', digest: SHA_F }],
    [`test:5000/repo:tag@${SHA_F}`, { registry: 'test:5000', repository: 'repo', tag: 'tag', digest: SHA_F }],
    ['lowercase:Uppercase', { registry: 'docker.io', repository: 'library/lowercase', tag: 'Uppercase' }],
    [
      `${'a/'.repeat(127)}a:tag-puts-this-over-max`,
      { registry: 'docker.io', repository: `${'a/'.repeat(127)}a`, tag: 'tag-puts-this-over-max' }
    ],
    [
      'sub-dom1.foo.com/bar/baz/quux',
      { registry: 'sub-dom1.foo.com', repository: 'bar/baz/quux', tag: 'latest' }
    ],
    [
      'sub-dom1.foo.com/bar/baz/quux:some-long-tag',
      { registry: 'sub-dom1.foo.com', repository: 'bar/baz/quux', tag: 'some-long-tag' }
    ],
    [
      'b.gcr.io/test.example.com/my-app:test.example.com',
      { registry: 'b.gcr.io', repository: 'test.example.com/my-app', tag: 'test.example.com' }
    ],
    [
      'xn--n3h.com/myimage:xn--n3h.com',
      { registry: 'xn--n3h.com', repository: 'myimage', tag: 'xn--n3h.com' }
    ],
    [
      `xn--7o8h.com/myimage:xn--7o8h.com@${SHA512_F}`,
      { registry: 'xn--7o8h.com', repository: 'myimage', tag: 'xn--7o8h.com', digest: SHA512_F }
    ],
    ['foo_bar.com:8080', { registry: 'docker.io', repository: 'library/foo_bar.com', tag: '8080' }],
    ['foo/foo_bar.com:8080', { registry: 'docker.io', repository: 'foo/foo_bar.com', tag: '8080' }],
    ['192.168.1.1', { registry: 'docker.io', repository: 'library/192.168.1.1', tag: 'latest' }],
    ['192.168.1.1:tag', { registry: 'docker.io', repository: 'library/192.168.1.1', tag: 'tag' }],
    ['192.168.1.1/repo', { registry: '192.168.1.1', repository: 'repo', tag: 'latest' }],
    ['192.168.1.1:5000/repo:5050', { registry: '192.168.1.1:5000', repository: 'repo', tag: '5050' }],
    ['[2001:db8::1]/repo', { registry: '[2001:db8::1]', repository: 'repo', tag: 'latest' }],
    [
      '[2001:db8:1:2:3:4:5:6]/repo:tag',
      { registry: '[2001:db8:1:2:3:4:5:6]', repository: 'repo', tag: 'tag' }
    ],
    ['[2001:db8::1]:5000/repo:tag', { registry: '[2001:db8::1]:5000', repository: 'repo', tag: 'tag' }],
    [
      `[2001:db8::1]:5000/repo:tag@${SHA_F}`,
      { registry: '[2001:db8::1]:5000', repository: 'repo', tag: 'tag', digest: SHA_F }
    ],
    ['[2001:db8::]:5000/repo', { registry: '[2001:db8::]:5000', repository: 'repo', tag: 'latest' }],
    ['[::1]:5000/repo', { registry: '[::1]:5000', repository: 'repo', tag: 'latest' }],
    // TestNormalizedSplitHostname and TestDomainAndPath
    ['test.com/foo', { registry: 'test.com', repository: 'foo', tag: 'latest' }],
    ['test_com/foo', { registry: 'docker.io', repository: 'test_com/foo', tag: 'latest' }],
    ['docker/migrator', { registry: 'docker.io', repository: 'docker/migrator', tag: 'latest' }],
    ['test.com:8080/foo', { registry: 'test.com:8080', repository: 'foo', tag: 'latest' }],
    ['test-com:8080/foo', { registry: 'test-com:8080', repository: 'foo', tag: 'latest' }],
    ['test:8080/foo', { registry: 'test:8080', repository: 'foo', tag: 'latest' }],
    ['foo', { registry: 'docker.io', repository: 'library/foo', tag: 'latest' }],
    ['xn--n3h.com:18080/foo', { registry: 'xn--n3h.com:18080', repository: 'foo', tag: 'latest' }],
    ['docker.io/foo', { registry: 'docker.io', repository: 'library/foo', tag: 'latest' }],
    ['docker.io/library/foo/bar', { registry: 'docker.io', repository: 'library/foo/bar', tag: 'latest' }],
    // TestParseRepositoryInfo: "library/" is only implied on Docker Hub
    ['127.0.0.1:8000/privatebase', { registry: '127.0.0.1:8000', repository: 'privatebase', tag: 'latest' }],
    ['example.com/privatebase', { registry: 'example.com', repository: 'privatebase', tag: 'latest' }],
    ['store/foo/bar', { registry: 'docker.io', repository: 'store/foo/bar', tag: 'latest' }],
    // ours
    ['localhost/foo', { registry: 'localhost', repository: 'foo', tag: 'latest' }],
    ['Example.com/foo', { registry: 'Example.com', repository: 'foo', tag: 'latest' }],
    ['ghcr.io/owner/app:_v1', { registry: 'ghcr.io', repository: 'owner/app', tag: '_v1' }]
  ])('%s', (input, expected) => {
    expect(parseReference(input)).toStrictEqual(expected)
  })
})

describe('parseReference accepts the names upstream accepts, and formats them back to themselves', () => {
  test.each([
    // TestValidateReferenceName
    'docker/docker',
    'library/debian',
    'debian',
    'docker.io/docker/docker',
    'docker.io/library/debian',
    'docker.io/debian',
    'index.docker.io/docker/docker',
    'index.docker.io/library/debian',
    'index.docker.io/debian',
    '127.0.0.1:5000/docker/docker',
    '127.0.0.1:5000/library/debian',
    '127.0.0.1:5000/debian',
    '192.168.0.1',
    '192.168.0.1:80',
    '192.168.0.1:8/debian',
    '192.168.0.2:25000/debian',
    'thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
    '[fc00::1]:5000/docker',
    '[fc00::1]:5000/docker/docker',
    '[fc00:1:2:3:4:5:6:7]:5000/library/debian',
    'docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a',
    // TestValidateRemoteName
    'docker-rules/docker',
    'docker---rules/docker',
    'doc/docker',
    'd/docker',
    'jess/t',
    'dock__er/docker'
  ])('%s', (input) => {
    const ref = parseReference(input)
    expect(parseReference(formatReference(ref))).toStrictEqual(ref)
  })
})

describe('parseReference rejects bad references with one line naming the input and the problem', () => {
  const tooLong =
    'this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_'.repeat(4).slice(0, -1) + '/docker'
  test.each([
    // TestValidateReferenceName
    ['https://github.com/docker/docker', 'registry "https:" is not a valid host[:port]'],
    ['docker/Docker', 'repository name must be lowercase'],
    ['-docker', 'repository path component "-docker" must match'],
    ['-docker/docker', 'repository path component "-docker" must match'],
    ['-docker.io/docker/docker', 'registry "-docker.io" is not a valid host[:port]'],
    ['docker///docker', 'repository path has an empty component'],
    ['docker.io/docker/Docker', 'repository name must be lowercase'],
    ['docker.io/docker///docker', 'repository path has an empty component'],
    ['[fc00::1]', 'repository path component "[fc00::1]" must match'],
    ['[fc00::1]:5000', 'repository path component "[fc00::1]" must match'],
    ['fc00::1:5000/debian', 'registry "fc00::1:5000" is not a valid host[:port]'],
    ['[fe80::1%eth0]:5000/debian', 'registry "[fe80::1%eth0]:5000" is not a valid host[:port]'],
    ['[2001:db8:3:4::192.0.2.33]:5000/debian', 'is not a valid host[:port]'],
    ['127.0.0.1:99999/app:1', 'registry "127.0.0.1:99999" has port 99999, outside 1–65535'],
    ['localhost:0/app', 'registry "localhost:0" has port 0, outside 1–65535'],
    [
      '1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a',
      'is an image ID, not a repository name'
    ],
    // TestValidateRemoteName
    ['docker-/docker', 'repository path component "docker-" must match'],
    ['-docker-/docker', 'repository path component "-docker-" must match'],
    ['____/____', 'repository path component "____" must match'],
    ['_docker/_docker', 'repository path component "_docker" must match'],
    // a "." makes the first component a registry host, so the same faults are also tried further down the path
    ['dock..er/docker', 'registry "dock..er" is not a valid host[:port]'],
    ['dock_.er/docker', 'registry "dock_.er" is not a valid host[:port]'],
    ['dock-.er/docker', 'registry "dock-.er" is not a valid host[:port]'],
    ['docker/dock..er', 'repository path component "dock..er" must match'],
    ['docker/dock_.er', 'repository path component "dock_.er" must match'],
    ['docker/dock-.er', 'repository path component "dock-.er" must match'],
    ['docker/', 'repository path has an empty component'],
    [tooLong, 'repository name must not be more than 255 characters'],
    // TestReferenceParse and TestWithNameFailure
    ['', 'reference is empty'],
    [':justtag', 'repository name is missing'],
    [`@${SHA_F}`, 'repository name is missing'],
    ['repo@sha256:ffffffffffffffffffffffffffffffffff', 'sha256 digest must be 64 lowercase hex characters'],
    [`validname@invaliddigest:${F64}`, 'unsupported digest algorithm "invaliddigest"'],
    ['Uppercase:tag', 'repository name must be lowercase'],
    ['test:5000/Uppercase/lowercase:tag', 'repository name must be lowercase'],
    [`${'a/'.repeat(128)}a:tag`, 'repository name must not be more than 255 characters (it has 257)'],
    ['aa/asdf$$^/aa', 'repository path component "asdf$$^" must match'],
    ['[2001:db8::1]', 'repository path component "[2001:db8::1]" must match'],
    ['[2001:db8::1]:5000', 'repository path component "[2001:db8::1]" must match'],
    ['[2001:db8::1]:tag', 'repository path component "[2001:db8::1]" must match'],
    ['[fe80::1%eth0]:5000/repo', 'is not a valid host[:port]'],
    ['[fe80::1%@invalidzone]:5000/repo', 'must match'],
    // upstream reads an uppercase first component as a registry host; we reject it as a repository
    ['Docker/docker', 'repository name must be lowercase'],
    ['DOCKER/docker', 'repository name must be lowercase'],
    ['Foo/bar', 'repository name must be lowercase'],
    // ours
    ['foo:', 'tag must match [A-Za-z0-9_][A-Za-z0-9._-]{0,127}'],
    ['foo:-x', 'tag must match'],
    ['foo:.x', 'tag must match'],
    [`foo:${'a'.repeat(129)}`, 'tag must match'],
    ['foo:a:b', 'tag must match'],
    ['foo@sha256', 'digest must be algorithm:hex'],
    ['foo@sha256:', 'digest must be algorithm:hex'],
    [`foo@SHA256:${F64}`, 'unsupported digest algorithm "SHA256"'],
    [`foo@sha256:${F64.toUpperCase()}`, 'sha256 digest must be 64 lowercase hex characters'],
    [`foo@sha512:${F64}`, 'sha512 digest must be 128 lowercase hex characters'],
    [`foo@${SHA_F}@${SHA_F}`, 'sha256 digest must be 64 lowercase hex characters'],
    ['foo bar', 'repository path component "foo bar" must match'],
    ['foo\nbar', 'repository path component "foo\\nbar" must match'],
    ['ghcr.io/', 'repository path has an empty component'],
    ['ghcr.io//app', 'repository path has an empty component'],
    ['https://ghcr.io/owner/app', 'registry "https:" is not a valid host[:port]'],
    [`docker.io/${'a'.repeat(248)}`, 'repository name must not be more than 255 characters (it has 256)']
  ])('%j: %s', (input, problem) => {
    const error = thrown(() => parseReference(input))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toContain(`invalid image reference ${JSON.stringify(input)}: `)
    expect(error.message).toContain(problem)
    expect(error.oneLine()).not.toContain('\n')
    expect(error.hint).toEqual(expect.any(String))
  })

  test.each([
    ['Foo/Bar:x', 'invalid image reference "Foo/Bar:x": repository name must be lowercase'],
    [
      'foo:bad tag',
      'invalid image reference "foo:bad tag": tag must match [A-Za-z0-9_][A-Za-z0-9._-]{0,127}'
    ],
    [
      'foo@sha256:abc',
      'invalid image reference "foo@sha256:abc": sha256 digest must be 64 lowercase hex characters'
    ]
  ])('%s: exact message', (input, message) => {
    expect(thrown(() => parseReference(input)).message).toBe(message)
  })

  test('the hint of a case error spells the lowercase path', () => {
    expect(thrown(() => parseReference('ghcr.io/Owner/App:1')).hint).toContain('"owner/app"')
  })
})

describe('parseReference defaultTag', () => {
  test.each<[string, { defaultTag?: string | false }, string | undefined]>([
    ['foo', {}, 'latest'],
    ['foo', { defaultTag: 'edge' }, 'edge'],
    ['foo', { defaultTag: false }, undefined],
    ['foo:1.0', { defaultTag: false }, '1.0'],
    ['foo:1.0', { defaultTag: 'edge' }, '1.0'],
    [`foo@${SHA_F}`, {}, undefined],
    [`foo@${SHA_F}`, { defaultTag: 'edge' }, undefined]
  ])('%s with %j → tag %s', (input, options, tag) => {
    expect(parseReference(input, options).tag).toBe(tag)
  })

  test('an invalid default tag is rejected', () => {
    expect(thrown(() => parseReference('foo', { defaultTag: 'bad tag' })).message).toBe(
      'invalid default tag "bad tag": tag must match [A-Za-z0-9_][A-Za-z0-9._-]{0,127}'
    )
  })
})

describe('parseRepository', () => {
  test.each([
    ['foo', { registry: 'docker.io', repository: 'library/foo' }],
    ['ghcr.io/owner/app', { registry: 'ghcr.io', repository: 'owner/app' }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app' }],
    ['index.docker.io/owner/app', { registry: 'docker.io', repository: 'owner/app' }]
  ])('%s', (input, expected) => {
    expect(parseRepository(input)).toStrictEqual(expected)
  })

  test.each([
    [
      'foo:1.0',
      'invalid repository "foo:1.0": a repository must not include a tag (":1.0")',
      'remove the ":1.0"'
    ],
    [
      `ghcr.io/owner/app@${SHA_F}`,
      `invalid repository "ghcr.io/owner/app@${SHA_F}": a repository must not include a digest ("@${SHA_F}")`,
      'remove the "@…" part'
    ],
    [
      'localhost:5000',
      'invalid repository "localhost:5000": a repository must not include a tag (":5000")',
      'add a path: "localhost:5000/app"'
    ],
    ['Owner/App', 'invalid repository "Owner/App": repository name must be lowercase', '"owner/app"'],
    ['', 'invalid repository "": reference is empty', 'ghcr.io/owner/app']
  ])('%s is rejected', (input, message, hint) => {
    const error = thrown(() => parseRepository(input))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toBe(message)
    expect(error.hint).toContain(hint)
  })
})

describe('familiarName and formatReference', () => {
  // TestParseRepositoryInfo: each spelling of a name → familiar form, full name, registry, repository
  test.each([
    ['fooo/bar', 'fooo/bar', 'docker.io/fooo/bar', 'docker.io', 'fooo/bar'],
    ['docker.io/fooo/bar', 'fooo/bar', 'docker.io/fooo/bar', 'docker.io', 'fooo/bar'],
    ['index.docker.io/fooo/bar', 'fooo/bar', 'docker.io/fooo/bar', 'docker.io', 'fooo/bar'],
    ['ubuntu', 'ubuntu', 'docker.io/library/ubuntu', 'docker.io', 'library/ubuntu'],
    ['docker.io/library/ubuntu', 'ubuntu', 'docker.io/library/ubuntu', 'docker.io', 'library/ubuntu'],
    ['library/ubuntu', 'ubuntu', 'docker.io/library/ubuntu', 'docker.io', 'library/ubuntu'],
    [
      'nonlibrary/ubuntu',
      'nonlibrary/ubuntu',
      'docker.io/nonlibrary/ubuntu',
      'docker.io',
      'nonlibrary/ubuntu'
    ],
    ['other/library', 'other/library', 'docker.io/other/library', 'docker.io', 'other/library'],
    [
      '127.0.0.1:8000/private/moonbase',
      '127.0.0.1:8000/private/moonbase',
      '127.0.0.1:8000/private/moonbase',
      '127.0.0.1:8000',
      'private/moonbase'
    ],
    [
      '127.0.0.1:8000/privatebase',
      '127.0.0.1:8000/privatebase',
      '127.0.0.1:8000/privatebase',
      '127.0.0.1:8000',
      'privatebase'
    ],
    [
      'example.com/private/moonbase',
      'example.com/private/moonbase',
      'example.com/private/moonbase',
      'example.com',
      'private/moonbase'
    ],
    [
      'example.com:8000/privatebasee',
      'example.com:8000/privatebasee',
      'example.com:8000/privatebasee',
      'example.com:8000',
      'privatebasee'
    ],
    [
      'index.docker.io/library/ubuntu-12.04-base',
      'ubuntu-12.04-base',
      'docker.io/library/ubuntu-12.04-base',
      'docker.io',
      'library/ubuntu-12.04-base'
    ],
    ['docker.io/foo', 'foo', 'docker.io/library/foo', 'docker.io', 'library/foo'],
    ['library/foo/bar', 'library/foo/bar', 'docker.io/library/foo/bar', 'docker.io', 'library/foo/bar'],
    ['store/foo/bar', 'store/foo/bar', 'docker.io/store/foo/bar', 'docker.io', 'store/foo/bar']
  ])('%s → %s, %s', (input, familiar, full, registry, repository) => {
    const ref = parseReference(input, { defaultTag: false })
    expect(ref).toStrictEqual({ registry, repository })
    expect(familiarName(ref)).toBe(familiar)
    expect(formatReference(ref)).toBe(full)
  })

  test.each<[ImageReference, string, string]>([
    [
      { registry: 'docker.io', repository: 'library/foo', tag: 'latest' },
      'foo:latest',
      'docker.io/library/foo:latest'
    ],
    [
      { registry: 'docker.io', repository: 'library/busybox', tag: 'latest', digest: SHA_86 },
      `busybox:latest@${SHA_86}`,
      `docker.io/library/busybox:latest@${SHA_86}`
    ],
    [
      { registry: 'host:5000', repository: 'a/b', tag: 't', digest: SHA_F },
      `host:5000/a/b:t@${SHA_F}`,
      `host:5000/a/b:t@${SHA_F}`
    ],
    [
      { registry: 'docker.io', repository: 'owner/app', digest: SHA_F },
      `owner/app@${SHA_F}`,
      `docker.io/owner/app@${SHA_F}`
    ]
  ])('%j → %s, %s', (ref, familiar, full) => {
    expect(familiarName(ref)).toBe(familiar)
    expect(formatReference(ref)).toBe(full)
  })
})

describe('withTag and withDigest', () => {
  const name = (input: string): ImageReference => parseReference(input, { defaultTag: false })

  // TestWithTag: a new tag keeps the digest
  test.each<[ImageReference, string, string]>([
    [name('test.com/foo'), 'tag', 'test.com/foo:tag'],
    [name('foo'), 'tag2', 'docker.io/library/foo:tag2'],
    [name('test.com:8000/foo'), 'tag4', 'test.com:8000/foo:tag4'],
    [name('test.com:8000/foo'), 'TAG5', 'test.com:8000/foo:TAG5'],
    [name(`test.com:8000/foo@${SHA_F}`), 'TAG5', `test.com:8000/foo:TAG5@${SHA_F}`],
    [name('test.com/foo:old'), 'new', 'test.com/foo:new']
  ])('withTag(%j, %s) → %s', (ref, tag, full) => {
    expect(formatReference(withTag(ref, tag))).toBe(full)
  })

  // TestWithDigest, with whole digests: upstream's 39-hex example is refused here (see below)
  test.each<[ImageReference, string, string]>([
    [name('test.com/foo'), SHA_F, `test.com/foo@${SHA_F}`],
    [name('foo'), SHA_F, `docker.io/library/foo@${SHA_F}`],
    [name('test.com:8000/foo'), SHA_F, `test.com:8000/foo@${SHA_F}`],
    [name('test.com:8000/foo:latest'), SHA_F, `test.com:8000/foo:latest@${SHA_F}`],
    [name(`test.com:8000/foo@${SHA_E}`), SHA_F, `test.com:8000/foo@${SHA_F}`]
  ])('withDigest(%j, %s) → %s', (ref, digest, full) => {
    expect(formatReference(withDigest(ref, digest))).toBe(full)
  })

  test.each([
    ['withTag', () => withTag(name('busybox'), '-foo'), 'invalid tag "-foo": tag must match'],
    ['withTag', () => withTag(name('busybox'), ''), 'invalid tag "": tag must match'],
    [
      'withDigest',
      () => withDigest(name('busybox'), 'foo'),
      'invalid digest "foo": digest must be algorithm:hex'
    ],
    [
      'withDigest',
      () => withDigest(name('busybox'), SHA_SHORT),
      `invalid digest "${SHA_SHORT}": sha256 digest must be 64 lowercase hex characters`
    ]
  ])('%s rejects bad input: %s', (_, call, message) => {
    expect(thrown(call).message).toContain(message)
  })
})

describe('isValidTag', () => {
  test.each([
    ['latest', true],
    ['Uppercase', true],
    ['_underscore', true],
    ['1.0.0-rc.1', true],
    ['xn--n3h.com', true],
    ['a'.repeat(128), true],
    ['a'.repeat(129), false],
    ['', false],
    ['-foo', false],
    ['.foo', false],
    ['bad tag', false],
    ['a:b', false],
    ['a/b', false],
    ['a+b', false]
  ])('%j → %s', (tag, valid) => {
    expect(isValidTag(tag)).toBe(valid)
  })
})

describe('digests', () => {
  test.each([
    [SHA_F, true],
    [SHA_DBCC, true],
    [`sha384:${'0'.repeat(96)}`, true],
    [SHA512_F, true],
    [SHA_SHORT, false],
    [`sha256:${F64}0`, false],
    [`sha256:${F64.toUpperCase()}`, false],
    [`sha256:${'g'.repeat(64)}`, false],
    [`sha512:${F64}`, false],
    [`md5:${'f'.repeat(32)}`, false],
    [`SHA256:${F64}`, false],
    [F64, false],
    ['sha256:', false],
    [`:${F64}`, false],
    ['', false]
  ])('isValidDigest(%j) → %s', (digest, valid) => {
    expect(isValidDigest(digest)).toBe(valid)
  })

  test.each([
    [SHA_F, { algorithm: 'sha256', hex: F64 }],
    [SHA512_F, { algorithm: 'sha512', hex: 'f'.repeat(128) }]
  ])('parseDigest(%s)', (digest, parts) => {
    expect(parseDigest(digest)).toStrictEqual(parts)
  })

  test.each([
    ['sha256:abc', 'invalid digest "sha256:abc": sha256 digest must be 64 lowercase hex characters'],
    [`md5:${'f'.repeat(32)}`, `invalid digest "md5:${'f'.repeat(32)}": unsupported digest algorithm "md5"`],
    ['nocolon', 'invalid digest "nocolon": digest must be algorithm:hex']
  ])('parseDigest(%j) throws', (digest, message) => {
    const error = thrown(() => parseDigest(digest))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toBe(message)
  })
})

describe('registryApiHost', () => {
  test.each([
    ['docker.io', 'registry-1.docker.io'],
    ['index.docker.io', 'registry-1.docker.io'],
    ['ghcr.io', 'ghcr.io'],
    ['localhost:5000', 'localhost:5000'],
    ['[::1]:5000', '[::1]:5000']
  ])('%s → %s', (registry, host) => {
    expect(registryApiHost(registry)).toBe(host)
  })
})

describe('isLoopbackRegistry', () => {
  test.each([
    ['localhost', true],
    ['localhost:5000', true],
    ['LOCALHOST:5000', true],
    ['127.0.0.1', true],
    ['127.0.0.1:5000', true],
    ['127.1.2.3:80', true],
    ['[::1]', true],
    ['[::1]:5000', true],
    ['[0:0:0:0:0:0:0:1]:5000', true],
    ['[0::1]', true],
    ['127.0.0.256', false],
    ['127.0.0', false],
    ['128.0.0.1:5000', false],
    ['10.0.0.1', false],
    ['[::2]:5000', false],
    ['[::]', false],
    ['[1::1]', false],
    ['[::1::1]', false],
    ['localhost.example.com', false],
    ['docker.io', false],
    ['ghcr.io', false]
  ])('%s → %s', (registry, loopback) => {
    expect(isLoopbackRegistry(registry)).toBe(loopback)
  })
})
