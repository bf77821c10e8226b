import { describe, expect, test } from '@jest/globals'
import { parseCredentialInputs, parseRegistryAuth } from '../../src/inputs/credentials.js'
import { scopedCredentials, type CredentialSource } from '../../src/registry/credentials.js'
import { thrown } from '../support/thrown.js'

const reader =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? ''

const none: CredentialSource = { get: () => Promise.resolve(undefined) }

describe('scopedCredentials: a credential answers only the registry it was given for', () => {
  const masked: string[] = []
  const source = scopedCredentials({
    targetRegistry: 'ghcr.io',
    target: { username: 'me', password: 'target-secret' },
    logins: [{ registry: 'quay.io', username: 'q', password: 'quay-secret' }],
    onSecret: (s) => masked.push(s),
    dockerConfig: none
  })

  test.each([
    ['ghcr.io', 'target-secret'],
    ['quay.io', 'quay-secret'],
    ['other.example:5000', undefined],
    ['127.0.0.1:5001', undefined],
    ['ghcr.io:443', undefined]
  ])('%s', async (registry, password) => {
    const found = await source.get(registry)
    expect(found?.kind === 'basic' ? found.password : undefined).toBe(password)
  })

  test('every given password is masked', () => {
    expect(masked).toEqual(expect.arrayContaining(['target-secret', 'quay-secret']))
  })

  test('Docker Hub aliases share one credential', async () => {
    const hub = scopedCredentials({
      targetRegistry: 'docker.io',
      target: { username: 'me', password: 'p' },
      logins: [],
      onSecret: () => undefined,
      dockerConfig: none
    })
    expect(await hub.get('index.docker.io')).toEqual({ kind: 'basic', username: 'me', password: 'p' })
    expect(await hub.get('ghcr.io')).toBeUndefined()
  })

  test('registries no input names fall through to the docker config', async () => {
    const config: CredentialSource = {
      get: (r) => Promise.resolve(r === 'source.example' ? { kind: 'identity-token', token: 't' } : undefined)
    }
    const chained = scopedCredentials({
      targetRegistry: 'ghcr.io',
      target: { username: 'me', password: 'p' },
      logins: [],
      onSecret: () => undefined,
      dockerConfig: config
    })
    expect(await chained.get('source.example')).toEqual({ kind: 'identity-token', token: 't' })
  })
})

describe('parseRegistryAuth', () => {
  test.each<[string, string, { registry: string; username: string; password: string }[]]>([
    [
      'one line',
      'registry=quay.io,username=u,password=p',
      [{ registry: 'quay.io', username: 'u', password: 'p' }]
    ],
    [
      'a URL and a quoted password with a comma',
      'registry=https://quay.io/,username=u,"password=a,b=c"',
      [{ registry: 'quay.io', username: 'u', password: 'a,b=c' }]
    ],
    [
      'two lines, blanks and comments skipped',
      '\n# mirror\nregistry=localhost:5000,username=a,password=b\nregistry=docker.io,username=c,password=d\n',
      [
        { registry: 'localhost:5000', username: 'a', password: 'b' },
        { registry: 'docker.io', username: 'c', password: 'd' }
      ]
    ],
    ['empty', '', []]
  ])('%s', (_name, raw, logins) => {
    expect(parseRegistryAuth(raw)).toEqual(logins)
  })

  test.each([
    ['registry=quay.io,username=u', 'line 1 lacks password='],
    [
      'registry=quay.io,user=u,password=p',
      'line 1 has a field that is not registry=, username= or password='
    ],
    ['registry=quay.io,username=u,password=p,password=q', 'line 1 gives password= twice'],
    ['registry=bad host,username=u,password=p', 'is not a host[:port]'],
    ['registry=quay.io,username=u,"password=p', 'line 1 has an unclosed quote'],
    [
      'registry=a.io,username=u,password=p\nregistry=a.io,username=v,password=q',
      'line 2 repeats registry a.io'
    ]
  ])('%s is refused without quoting the password', (raw, problem) => {
    const error = thrown(() => parseRegistryAuth(raw))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toContain('`registry-auth`')
    expect(error.message).toContain(problem)
    expect(error.oneLine()).not.toMatch(/password=(p|q)\b/)
  })
})

describe('parseCredentialInputs', () => {
  test('username and password go together', () => {
    const error = thrown(() => parseCredentialInputs(reader({ username: 'me' })))
    expect(error.message).toBe('input `password` is empty but `username` is set')
    expect(error.hint).toContain('registry of `image` only')
  })

  test('both given: for the target', () => {
    expect(parseCredentialInputs(reader({ username: 'me', password: 'p' }))).toEqual({
      target: { username: 'me', password: 'p' },
      logins: []
    })
  })
})
