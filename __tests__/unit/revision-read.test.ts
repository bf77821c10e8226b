// The revision of what a tag points to, for the OCI index (annotation), the Docker list and an index
// without the annotation (the children's config labels), a single image (its label); which configs that
// needs; the labels publish and build add to each image.
import { describe, expect, test } from '@jest/globals'
import type { ParsedManifest } from '../../src/oci/parse.js'
import { MediaType, type Descriptor } from '../../src/oci/types.js'
import type { RevisionReading } from '../../src/revision/decide.js'
import { configsToRead, labelsFor, revisionLabel, revisionOf } from '../../src/revision/read.js'
import { digest, label } from '../support/evidence.js'

const REVISION = 'org.opencontainers.image.revision'
const SOURCE = 'org.opencontainers.image.source'
const A = 'a'.repeat(40)
const B = 'b'.repeat(40)
const TOP = digest('f')

const child = (c: string, platform: string, mediaType: string = MediaType.dockerManifest): Descriptor => ({
  mediaType,
  digest: digest(c),
  size: 500,
  platform: label(platform)
})
const attestation = (c: string, of: string): Descriptor => ({
  mediaType: MediaType.ociManifest,
  digest: digest(c),
  size: 300,
  platform: label('unknown/unknown'),
  annotations: {
    'vnd.docker.reference.type': 'attestation-manifest',
    'vnd.docker.reference.digest': digest(of)
  }
})
const list = (manifests: Descriptor[], annotations?: Record<string, string>): ParsedManifest => ({
  kind: 'index',
  mediaType: annotations ? MediaType.ociIndex : MediaType.dockerList,
  index: {
    schemaVersion: 2,
    mediaType: annotations ? MediaType.ociIndex : MediaType.dockerList,
    manifests,
    ...(annotations ? { annotations } : {})
  }
})
const image: ParsedManifest = {
  kind: 'manifest',
  mediaType: MediaType.dockerManifest,
  manifest: {
    schemaVersion: 2,
    mediaType: MediaType.dockerManifest,
    config: { mediaType: MediaType.dockerConfig, digest: digest('c'), size: 100 },
    layers: []
  }
}
const config = (labels?: Record<string, string> | null): unknown => ({
  os: 'linux',
  architecture: 'amd64',
  config: labels === undefined ? {} : { Labels: labels }
})
const configs = (entries: [string, unknown][]): Map<string, unknown> =>
  new Map(entries.map(([c, json]) => [digest(c), json]))

const amd64 = child('1', 'linux/amd64')
const arm64 = child('2', 'linux/arm64/v8')

describe('revisionOf', () => {
  test.each<[string, ParsedManifest, Map<string, unknown>, RevisionReading]>([
    [
      'OCI index annotation',
      list([amd64, arm64], { [REVISION]: A }),
      configs([]),
      { revision: A, from: 'index-annotation' }
    ],
    [
      'annotation wins over labels',
      list([amd64], { [REVISION]: A }),
      configs([['1', config({ [REVISION]: B })]]),
      { revision: A, from: 'index-annotation' }
    ],
    [
      'Docker list, labels agree',
      list([amd64, arm64]),
      configs([
        ['1', config({ [REVISION]: A })],
        ['2', config({ [REVISION]: A })]
      ]),
      { revision: A, from: 'child-labels' }
    ],
    [
      'OCI index without annotation, labels agree',
      list([child('1', 'linux/amd64', MediaType.ociManifest)], { [SOURCE]: 'https://github.com/o/r' }),
      configs([['1', config({ [REVISION]: A })]]),
      { revision: A, from: 'child-labels' }
    ],
    [
      'attestations are not images',
      list([amd64, attestation('9', '1')]),
      configs([['1', config({ [REVISION]: A })]]),
      { revision: A, from: 'child-labels' }
    ],
    [
      'label value trimmed',
      list([amd64]),
      configs([['1', config({ [REVISION]: ` ${A}\n` })]]),
      { revision: A, from: 'child-labels' }
    ],
    [
      'single image',
      image,
      new Map([[TOP, config({ [REVISION]: B })]]),
      { revision: B, from: 'config-label' }
    ]
  ])('%s', (_name, parsed, read, expected) => {
    expect(revisionOf({ digest: TOP, parsed, configs: read })).toEqual(expected)
  })

  // name, parsed, configs → a phrase of the reason
  test.each<[string, ParsedManifest, Map<string, unknown>, string]>([
    [
      'labels disagree',
      list([amd64, arm64]),
      configs([
        ['1', config({ [REVISION]: A })],
        ['2', config({ [REVISION]: B })]
      ]),
      `different revisions: ${A} (linux/amd64); ${B} (linux/arm64/v8)`
    ],
    [
      'one child unlabelled',
      list([amd64, arm64]),
      configs([
        ['1', config({ [REVISION]: A })],
        ['2', config({})]
      ]),
      `linux/arm64/v8 has no ${REVISION} label`
    ],
    ['Labels null', list([amd64]), configs([['1', config(null)]]), 'has no'],
    ['no config section', list([amd64]), configs([['1', { os: 'linux' }]]), 'has no'],
    ['empty label', list([amd64]), configs([['1', config({ [REVISION]: ' ' })]]), 'has no'],
    ['config not read', list([amd64]), configs([]), 'the config of linux/amd64 was not read'],
    ['empty annotation, no labels', list([amd64], { [REVISION]: '' }), configs([['1', config()]]), 'has no'],
    ['only attestations', list([attestation('9', '1')]), configs([]), 'lists no images'],
    [
      'a nested index',
      list([{ mediaType: MediaType.ociIndex, digest: digest('3'), size: 9 }]),
      configs([]),
      'lists another index'
    ],
    ['single image unlabelled', image, new Map([[TOP, config({})]]), 'the image has no'],
    ['single image config not read', image, new Map(), 'the image config was not read']
  ])('unknown: %s', (_name, parsed, read, phrase) => {
    const reading = revisionOf({ digest: TOP, parsed, configs: read })
    expect(reading.revision).toBeUndefined()
    expect('reason' in reading ? reading.reason : '').toContain(phrase)
  })
})

describe('configsToRead', () => {
  test.each<[string, ParsedManifest, string[]]>([
    ['annotated index: none', list([amd64, arm64], { [REVISION]: A }), []],
    ['Docker list: every image', list([amd64, arm64]), [digest('1'), digest('2')]],
    ['attestations left out', list([amd64, attestation('9', '1')]), [digest('1')]],
    ['single image: itself', image, [TOP]]
  ])('%s', (_name, parsed, expected) => {
    expect(configsToRead({ digest: TOP, parsed })).toEqual(expected)
  })
})

describe('revisionLabel', () => {
  test.each<[string, unknown, string | undefined]>([
    ['set', config({ [REVISION]: A }), A],
    ['other labels only', config({ [SOURCE]: 'x' }), undefined],
    ['not an object', 'text', undefined],
    ['a number as label', { config: { Labels: { [REVISION]: 7 } } }, undefined],
    ['Labels an array', { config: { Labels: [A] } }, undefined]
  ])('%s', (_name, json, expected) => {
    expect(revisionLabel(json)).toBe(expected)
  })
})

describe('labelsFor', () => {
  const context = { sha: A, serverUrl: 'https://github.example', repository: 'acme/app' }

  test.each<[string, Parameters<typeof labelsFor>[0], string[], string[]]>([
    ['both added', context, [], [`${REVISION}=${A}`, `${SOURCE}=https://github.example/acme/app`]],
    [
      "the user's lines first",
      context,
      ['com.example.team=core'],
      ['com.example.team=core', `${REVISION}=${A}`, `${SOURCE}=https://github.example/acme/app`]
    ],
    [
      'user revision kept',
      context,
      [`${REVISION}=v1`],
      [`${REVISION}=v1`, `${SOURCE}=https://github.example/acme/app`]
    ],
    ['user source kept', context, [`${SOURCE}=https://x/y`], [`${SOURCE}=https://x/y`, `${REVISION}=${A}`]],
    [
      'a bare user key counts',
      context,
      [` ${REVISION}`],
      [` ${REVISION}`, `${SOURCE}=https://github.example/acme/app`]
    ],
    [
      'default server',
      { sha: A, repository: 'acme/app' },
      [],
      [`${REVISION}=${A}`, `${SOURCE}=https://github.com/acme/app`]
    ],
    [
      'server URL with a slash',
      { sha: A, serverUrl: 'https://github.com/', repository: 'acme/app' },
      [],
      [`${REVISION}=${A}`, `${SOURCE}=https://github.com/acme/app`]
    ],
    ['no sha', { repository: 'acme/app', sha: '' }, [], [`${SOURCE}=https://github.com/acme/app`]],
    ['no repository', { sha: A }, [], [`${REVISION}=${A}`]],
    ['nothing known', {}, ['k=v'], ['k=v']]
  ])('%s', (_name, ctx, user, expected) => {
    expect(labelsFor(ctx, user)).toEqual(expected)
  })
})
