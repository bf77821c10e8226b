/**
 * What the builder refuses, decided before building: the docker driver on the classic image store cannot
 * export a cache or attach attestations (the real daemon's answers are checked row by row in
 * integration/build-capabilities.test.ts); everywhere else nothing is refused.
 */
import { describe, expect, test } from '@jest/globals'
import {
  builderNotes,
  builderRefusal,
  refusedInputs,
  type BuilderFacts
} from '../../src/buildx/capabilities.js'
import type { BuildOptions } from '../../src/buildx/options.js'
import { DEFAULT_BUILD_OPTIONS } from '../support/build-options.js'

const CLASSIC: BuilderFacts = { driver: 'docker', imageStore: 'classic' }
const CONTAINERD: BuilderFacts = { driver: 'docker', imageStore: 'containerd' }
const with_ = (options: Partial<BuildOptions>): BuildOptions => ({ ...DEFAULT_BUILD_OPTIONS, ...options })

describe('refusedInputs on the docker driver with the classic image store', () => {
  test.each<[string, Partial<BuildOptions>, string[]]>([
    ['nothing asked', {}, []],
    ['cache-to type=gha', { cacheTo: ['type=gha,mode=max'] }, ['cache-to']],
    ['cache-to type=local', { cacheTo: ['type=local,dest=/tmp/c'] }, ['cache-to']],
    ['cache-to type=registry', { cacheTo: ['type=registry,ref=r/a:cache'] }, ['cache-to']],
    ['cache-to as a bare reference (buildx: a registry cache)', { cacheTo: ['r/a:cache'] }, ['cache-to']],
    [
      'cache-to TYPE=Inline (keys lower-cased, the value compared as written)',
      { cacheTo: ['TYPE=inline'] },
      []
    ],
    ['cache-to type=inline: the cache goes into the image', { cacheTo: ['type=inline'] }, []],
    ['cache-to: one inline, one exported', { cacheTo: ['type=inline', 'type=gha'] }, ['cache-to']],
    ['cache-from type=gha is allowed (cache import)', { cacheFrom: ['type=gha'] }, []],
    ['cache-from type=registry is allowed', { cacheFrom: ['type=registry,ref=r/a:cache'] }, []],
    ['sbom: true', { sbom: 'true' }, ['sbom']],
    ['sbom: generator=…', { sbom: 'generator=docker/buildkit-syft-scanner' }, ['sbom']],
    ['sbom: false', { sbom: 'false' }, []],
    ['provenance: true', { provenance: 'true' }, ['provenance']],
    ['provenance: mode=max', { provenance: 'mode=max' }, ['provenance']],
    ['provenance: false', { provenance: 'false' }, []],
    ['provenance: 0', { provenance: '0' }, []],
    ['attests: type=sbom', { attests: ['type=sbom'] }, ['attests']],
    ['attests: type=provenance,disabled=true', { attests: ['type=provenance,disabled=true'] }, []],
    ['attests: type=provenance,disabled=false', { attests: ['type=provenance,disabled=false'] }, ['attests']],
    [
      'everything at once, in input order',
      { cacheTo: ['type=gha'], provenance: 'mode=max', sbom: 'true', attests: ['type=sbom'] },
      ['cache-to', 'provenance', 'sbom', 'attests']
    ]
  ])('%s', (_label, options, inputs) => {
    expect(refusedInputs(with_(options), CLASSIC).map((r) => r.input)).toEqual(inputs)
  })
})

describe('other builders refuse nothing', () => {
  const everything = with_({
    cacheTo: ['type=gha'],
    provenance: 'mode=max',
    sbom: 'true',
    attests: ['type=sbom']
  })
  test.each<[string, BuilderFacts]>([
    ['docker driver, containerd store', CONTAINERD],
    ['docker driver, store not read', { driver: 'docker', imageStore: 'unknown' }],
    ['docker-container', { driver: 'docker-container' }],
    ['remote', { driver: 'remote' }],
    ['kubernetes', { driver: 'kubernetes' }]
  ])('%s', (_label, builder) => {
    expect(refusedInputs(everything, builder)).toEqual([])
    expect(builderRefusal(everything, builder)).toBeUndefined()
    expect(builderNotes(with_({}), builder)).toEqual([])
  })
})

describe('builderRefusal: one line naming the input and both fixes', () => {
  test('cache-to (the README workflow on a GitHub runner without a builder step)', () => {
    const error = builderRefusal(with_({ cacheFrom: ['type=gha'], cacheTo: ['type=gha,mode=max'] }), CLASSIC)
    expect(error?.kind).toBe('invalid-input')
    expect(error?.oneLine()).toBe(
      'input `cache-to`: the docker driver on the classic image store cannot export a cache — pass a ' +
        'docker-container builder (docker/setup-buildx-action, its output `name`) as `builder`, or enable ' +
        'the containerd image store; nothing was built or pushed'
    )
  })

  test('several inputs: each named, what the builder cannot do said once each', () => {
    const error = builderRefusal(
      with_({ cacheTo: ['type=local,dest=c'], sbom: 'true', attests: ['type=sbom'] }),
      CLASSIC
    )
    expect(error?.message).toBe(
      'inputs `cache-to`, `sbom`, `attests`: the docker driver on the classic image store cannot export a cache or attach attestations'
    )
    expect(error?.oneLine()).not.toContain('\n')
  })
})

describe('builderNotes: the provenance the classic store drops without a word', () => {
  test.each<[string, Partial<BuildOptions>, number]>([
    ['provenance left to buildx: it is dropped, the summary says so', {}, 1],
    ['provenance: false: nothing dropped that was asked for', { provenance: 'false' }, 0],
    ['a provenance attest line: refused, not dropped', { attests: ['type=provenance,mode=max'] }, 0]
  ])('%s', (_label, options, count) => {
    const notes = builderNotes(with_(options), CLASSIC)
    expect(notes).toHaveLength(count)
    for (const note of notes)
      expect(note).toMatch(/^no provenance attestation: .*`builder`.*containerd image store/)
  })

  test('manifest annotations (metadata-action) are dropped from the platform images: said too', () => {
    const notes = builderNotes(
      with_({ provenance: 'false', annotations: ['manifest:org.opencontainers.image.title=app'] }),
      CLASSIC
    )
    expect(notes).toEqual([
      expect.stringMatching(/^the platform images carry no `annotations` \(manifest level\): .*`builder`/)
    ])
  })
})
