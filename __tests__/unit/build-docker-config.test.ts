/**
 * The docker config buildx pushes with: the user's config plus the `username`/`password` login for the
 * target registry and for no other; a credential helper bypassed for that registry only.
 */
import { describe, expect, test } from '@jest/globals'
import { configWithLogin } from '../../src/buildx/docker-config.js'

const login = { registry: '127.0.0.1:5001', username: 'bench', password: 'pw,with:colon' }
const AUTH = Buffer.from('bench:pw,with:colon').toString('base64')

describe('configWithLogin', () => {
  test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['no config at all', {}, { auths: { '127.0.0.1:5001': { auth: AUTH } } }],
    [
      'other registries and settings are kept as they are',
      {
        auths: { 'ghcr.io': { auth: 'Z2g6eA==' } },
        currentContext: 'ci',
        proxies: { default: { httpProxy: 'http://p:3128' } },
        credHelpers: { 'gcr.io': 'gcloud' }
      },
      {
        auths: { 'ghcr.io': { auth: 'Z2g6eA==' }, '127.0.0.1:5001': { auth: AUTH } },
        currentContext: 'ci',
        proxies: { default: { httpProxy: 'http://p:3128' } },
        credHelpers: { 'gcr.io': 'gcloud' }
      }
    ],
    [
      "the registry's own entries (any spelling docker accepts) are replaced",
      {
        auths: {
          'https://127.0.0.1:5001': { auth: 'b2xkOm9sZA==' },
          '127.0.0.1:5001': { auth: 'b2xkOm9sZA==' }
        }
      },
      { auths: { '127.0.0.1:5001': { auth: AUTH } } }
    ],
    [
      'a credsStore for every registry: kept, and bypassed for this registry only',
      { credsStore: 'desktop' },
      {
        credsStore: 'desktop',
        auths: { '127.0.0.1:5001': { auth: AUTH } },
        credHelpers: { '127.0.0.1:5001': '' }
      }
    ],
    [
      "a helper for this registry: replaced by the file store; other registries' helpers kept",
      { credHelpers: { '127.0.0.1:5001': 'pass', 'gcr.io': 'gcloud' } },
      {
        auths: { '127.0.0.1:5001': { auth: AUTH } },
        credHelpers: { 'gcr.io': 'gcloud', '127.0.0.1:5001': '' }
      }
    ]
  ])('%s', (_label, config, expected) => {
    expect(configWithLogin(config, login)).toEqual(expected)
  })

  test('Docker Hub is keyed as docker/cli keys it', () => {
    const config = configWithLogin({}, { registry: 'docker.io', username: 'u', password: 'p' })
    expect(config.auths).toEqual({
      'https://index.docker.io/v1/': { auth: Buffer.from('u:p').toString('base64') }
    })
  })

  test('the given config is not changed', () => {
    const config = { auths: { 'ghcr.io': { auth: 'x' } } }
    configWithLogin(config, login)
    expect(config).toEqual({ auths: { 'ghcr.io': { auth: 'x' } } })
  })
})
