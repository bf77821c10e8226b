// assembleIndex and chooseMediaType over plain data: order, duplicate platforms, attestations, media type,
// the exact JSON and its digest. Digests are sha256 of a name, so every image is distinct and stable.
import { createHash } from 'node:crypto'
import { describe, expect, test } from '@jest/globals'
import {
  type AssembleOptions,
  type MediaTypeChoice,
  type SourceImage,
  assembleIndex,
  chooseMediaType
} from '../../src/image-index/index.js'
import { type Descriptor, MAX_MANIFEST_BYTES, MediaType, type Platform } from '../../src/oci/types.js'
import { thrown } from '../support/thrown.js'

const OCI = MediaType.ociManifest
const DOCKER = MediaType.dockerManifest

function sha256(data: string | Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`
}

/** `linux/arm/v7` → a Platform, without going through the code under test. */
function plat(spec: string, extra: Partial<Platform> = {}): Platform {
  const [os = '', architecture = '', variant] = spec.split('/')
  return { os, architecture, ...(variant === undefined ? {} : { variant }), ...extra }
}

interface ImageOptions {
  source?: string
  mediaType?: string
  osVersion?: string
  attested?: boolean
  annotations?: Record<string, string>
}

function image(spec: string, options: ImageOptions = {}): SourceImage {
  const source = options.source ?? 'ghcr.io/o/app:src'
  const platform = plat(spec, options.osVersion === undefined ? {} : { 'os.version': options.osVersion })
  const digest = sha256(`${source} ${spec} ${options.osVersion ?? ''}`)
  return {
    source,
    descriptor: {
      mediaType: options.mediaType ?? OCI,
      digest,
      size: 1000 + spec.length,
      ...(options.annotations === undefined ? {} : { annotations: options.annotations })
    },
    platform,
    attestations: options.attested === true ? [attestation(digest)] : []
  }
}

/** What buildx pushes beside each image: an OCI manifest for unknown/unknown that names its subject. */
function attestation(subject: string | undefined, name = subject ?? 'orphan'): Descriptor {
  return {
    mediaType: OCI,
    digest: sha256(`attestation ${name}`),
    size: 839,
    annotations: {
      'vnd.docker.reference.type': 'attestation-manifest',
      ...(subject === undefined ? {} : { 'vnd.docker.reference.digest': subject })
    },
    platform: { architecture: 'unknown', os: 'unknown' }
  }
}

function options(partial: Partial<AssembleOptions> = {}): AssembleOptions {
  return { requested: [], mediaType: 'auto', annotations: {}, ...partial }
}

/** Runs `fn` and returns the ActionError it throws, failing the test when it throws anything else. */
function parsed(bytes: Buffer): Record<string, unknown> {
  return JSON.parse(bytes.toString('utf8')) as Record<string, unknown>
}

describe('assembleIndex orders images', () => {
  // images (platform specs, windows ones with os.version after '@'), requested, expected order
  test.each<[string, string[], string[], string[]]>([
    ['no request: as given', ['linux/s390x', 'linux/amd64'], [], ['linux/s390x', 'linux/amd64']],
    [
      'requested order wins',
      ['linux/amd64', 'linux/arm64', 'linux/arm/v7'],
      ['linux/arm/v7', 'linux/amd64', 'linux/arm64'],
      ['linux/arm/v7', 'linux/amd64', 'linux/arm64']
    ],
    [
      'unrequested ones follow, as given',
      ['linux/s390x', 'linux/amd64', 'linux/ppc64le', 'linux/arm64'],
      ['linux/arm64', 'linux/amd64'],
      ['linux/arm64', 'linux/amd64', 'linux/s390x', 'linux/ppc64le']
    ],
    [
      'requests match after normalisation',
      ['linux/amd64', 'linux/arm64/v8', 'linux/arm'],
      ['linux/arm', 'linux/aarch64', 'linux/x86_64'],
      ['linux/arm/v7', 'linux/arm64', 'linux/amd64']
    ],
    [
      'a request absent from the images is skipped',
      ['linux/amd64', 'linux/arm64'],
      ['linux/riscv64', 'linux/arm64'],
      ['linux/arm64', 'linux/amd64']
    ],
    [
      'a platform requested twice is placed once',
      ['linux/amd64', 'linux/arm64'],
      ['linux/arm64', 'linux/arm64'],
      ['linux/arm64', 'linux/amd64']
    ],
    [
      'arm/v6 is not arm/v7',
      ['linux/arm/v6', 'linux/arm/v7'],
      ['linux/arm/v7'],
      ['linux/arm/v7', 'linux/arm/v6']
    ],
    [
      'windows without a pin takes every build, as given',
      ['linux/amd64', 'windows/amd64@10.0.20348.2113', 'windows/amd64@10.0.17763.5458'],
      ['windows/amd64', 'linux/amd64'],
      ['windows(10.0.20348.2113)/amd64', 'windows(10.0.17763.5458)/amd64', 'linux/amd64']
    ],
    [
      'a pinned windows version takes its build first',
      ['windows/amd64@10.0.20348.2113', 'windows/amd64@10.0.17763.5458'],
      ['windows/amd64@10.0.17763'],
      ['windows(10.0.17763.5458)/amd64', 'windows(10.0.20348.2113)/amd64']
    ]
  ])('%s', (_name, specs, requested, expected) => {
    const result = assembleIndex(
      specs.map(windowsImage),
      options({ requested: requested.map(windowsPlatform) })
    )
    expect(result.order).toEqual(expected)
    expect(result.index.manifests).toHaveLength(expected.length)
  })

  test('attestations come after every image, in the order of their images', () => {
    const amd64 = image('linux/amd64', { attested: true })
    const arm64 = image('linux/arm64', { attested: true })
    const s390x = image('linux/s390x')
    const result = assembleIndex([amd64, s390x, arm64], options({ requested: [plat('linux/arm64')] }))
    expect(result.index.manifests.map((entry) => entry.digest)).toEqual([
      arm64.descriptor.digest,
      amd64.descriptor.digest,
      s390x.descriptor.digest,
      arm64.attestations[0]?.digest,
      amd64.attestations[0]?.digest
    ])
    expect(result.order).toEqual(['linux/arm64', 'linux/amd64', 'linux/s390x'])
  })
})

/** `windows/amd64@10.0.17763` → a windows image with that os.version. */
function windowsImage(spec: string): SourceImage {
  const [platform = '', osVersion] = spec.split('@')
  return image(platform, osVersion === undefined ? {} : { osVersion })
}

function windowsPlatform(spec: string): Platform {
  const [platform = '', osVersion] = spec.split('@')
  return plat(platform, osVersion === undefined ? {} : { 'os.version': osVersion })
}

describe('assembleIndex refuses two images for one platform', () => {
  test.each<[string, SourceImage[], string]>([
    [
      'same platform from two sources',
      [image('linux/arm64', { source: 'a:1' }), image('linux/arm64', { source: 'b:1' })],
      'linux/arm64 comes from two sources: a:1 and b:1'
    ],
    [
      'arm64 and arm64/v8 are one platform',
      [image('linux/arm64', { source: 'a:1' }), image('linux/arm64/v8', { source: 'b:1' })],
      'linux/arm64 comes from two sources: a:1 and b:1'
    ],
    [
      'aarch64 is arm64',
      [image('linux/aarch64', { source: 'a:1' }), image('linux/arm64', { source: 'b:1' })],
      'linux/arm64 comes from two sources: a:1 and b:1'
    ],
    [
      'arm is arm/v7',
      [image('linux/arm', { source: 'a:1' }), image('linux/arm/v7', { source: 'b:1' })],
      'linux/arm/v7 comes from two sources: a:1 and b:1'
    ],
    [
      'x86_64 is amd64',
      [image('linux/x86_64', { source: 'a:1' }), image('linux/amd64', { source: 'b:1' })],
      'linux/amd64 comes from two sources: a:1 and b:1'
    ],
    [
      'windows with the same os.version',
      [
        image('windows/amd64', { source: 'a:1', osVersion: '10.0.20348.2113' }),
        image('windows/amd64', { source: 'b:1', osVersion: '10.0.20348.2113' })
      ],
      'windows(10.0.20348.2113)/amd64 comes from two sources: a:1 and b:1'
    ],
    [
      'twice from one source',
      [image('linux/amd64', { source: 'a:1' }), image('linux/x86_64', { source: 'a:1' })],
      'linux/amd64 comes twice from a:1'
    ],
    [
      'every collision at once',
      [
        image('linux/amd64', { source: 'a:1' }),
        image('linux/arm64', { source: 'a:1' }),
        image('linux/amd64', { source: 'b:1' }),
        image('linux/arm64/v8', { source: 'c:1' })
      ],
      'linux/amd64 comes from two sources: a:1 and b:1; linux/arm64 comes from two sources: a:1 and c:1'
    ]
  ])('%s', (_name, images, message) => {
    const error = thrown(() => assembleIndex(images, options()))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toBe(message)
    expect(error.hint).toContain('`sources`')
  })

  test.each<[string, SourceImage[]]>([
    [
      'windows builds with different os.version',
      [
        image('windows/amd64', { source: 'a:1', osVersion: '10.0.20348.2113' }),
        image('windows/amd64', { source: 'b:1', osVersion: '10.0.17763.5458' })
      ]
    ],
    ['arm/v6 and arm/v7', [image('linux/arm/v6'), image('linux/arm/v7')]],
    ['arm64 and arm64/v9', [image('linux/arm64'), image('linux/arm64/v9')]],
    ['amd64 and 386', [image('linux/amd64'), image('linux/386')]],
    [
      'linux and windows on amd64',
      [image('linux/amd64'), image('windows/amd64', { osVersion: '10.0.20348.1' })]
    ]
  ])('%s are different platforms', (_name, images) => {
    expect(assembleIndex(images, options()).order).toHaveLength(images.length)
  })
})

describe('assembleIndex binds attestations to their images', () => {
  const amd64 = image('linux/amd64')
  const arm64 = image('linux/arm64')

  // attestation subject, kept
  test.each<[string, string | undefined, boolean]>([
    ['its own image', amd64.descriptor.digest, true],
    ['another image in the index', arm64.descriptor.digest, true],
    ['an image not in the index', sha256('gone'), false],
    ['no subject at all', undefined, false]
  ])('an attestation of %s: kept=%s', (_name, subject, kept) => {
    const statement = attestation(subject, 'x')
    const result = assembleIndex([{ ...amd64, attestations: [statement] }, arm64], options())
    expect(result.index.manifests.includes(statement)).toBe(kept)
    expect(result.dropped).toEqual(kept ? [] : [statement])
  })

  test('a kept attestation is the same descriptor, byte for byte', () => {
    const statement: Descriptor = {
      mediaType: OCI,
      digest: sha256('statement'),
      size: 566,
      annotations: {
        'vnd.docker.reference.digest': amd64.descriptor.digest,
        'vnd.docker.reference.type': 'attestation-manifest'
      },
      platform: { architecture: 'unknown', os: 'unknown' }
    }
    const result = assembleIndex([{ ...amd64, attestations: [statement] }], options())
    const written = (parsed(result.bytes).manifests as unknown[])[1]
    expect(JSON.stringify(written)).toBe(JSON.stringify(statement))
  })

  test('the same attestation twice is written once', () => {
    const statement = attestation(amd64.descriptor.digest)
    const result = assembleIndex([{ ...amd64, attestations: [statement, statement] }], options())
    expect(result.index.manifests).toEqual([
      expect.objectContaining({ digest: amd64.descriptor.digest }),
      statement
    ])
    expect(result.dropped).toEqual([])
  })

  test('attestations are never platforms in the order', () => {
    const result = assembleIndex([image('linux/amd64', { attested: true })], options())
    expect(result.order).toEqual(['linux/amd64'])
    expect(result.index.manifests).toHaveLength(2)
  })
})

describe('assembleIndex writes image entries', () => {
  // the source's platform, the platform written
  test.each<[string, Platform, string]>([
    [
      'arm64/v8 keeps the v8 it states',
      plat('linux/arm64/v8'),
      '{"os":"linux","architecture":"arm64","variant":"v8"}'
    ],
    ['arm64 without a variant gets none', plat('linux/arm64'), '{"os":"linux","architecture":"arm64"}'],
    ['aarch64 becomes arm64', plat('linux/aarch64'), '{"os":"linux","architecture":"arm64"}'],
    ['arm gets v7', plat('linux/arm'), '{"os":"linux","architecture":"arm","variant":"v7"}'],
    ['arm/v6 keeps v6', plat('linux/arm/v6'), '{"os":"linux","architecture":"arm","variant":"v6"}'],
    [
      'field order is os, architecture, variant',
      { variant: 'v7', architecture: 'arm', os: 'linux' },
      '{"os":"linux","architecture":"arm","variant":"v7"}'
    ],
    [
      'windows keeps os.version',
      { 'os.version': '10.0.20348.2113', architecture: 'amd64', os: 'windows' },
      '{"os":"windows","architecture":"amd64","os.version":"10.0.20348.2113"}'
    ],
    [
      'os.features sorted once, reserved features left out',
      { os: 'windows', architecture: 'amd64', 'os.features': ['win32k', 'a', 'win32k'], features: ['sse4'] },
      '{"os":"windows","architecture":"amd64","os.features":["a","win32k"]}'
    ],
    [
      'empty os.version is left out',
      plat('linux/amd64', { 'os.version': '' }),
      '{"os":"linux","architecture":"amd64"}'
    ]
  ])('%s', (_name, platform, expected) => {
    const source = { ...image('linux/amd64'), platform }
    const entry = (parsed(assembleIndex([source], options()).bytes).manifests as unknown[])[0]
    expect(JSON.stringify((entry as { platform: unknown }).platform)).toBe(expected)
  })

  test.each<[string, Record<string, string> | undefined, string[]]>([
    ['without annotations', undefined, ['mediaType', 'digest', 'size', 'platform']],
    ['with empty annotations', {}, ['mediaType', 'digest', 'size', 'platform']],
    [
      'with the source entry annotations',
      { 'com.example.k': 'v' },
      ['mediaType', 'digest', 'size', 'annotations', 'platform']
    ]
  ])('an entry %s', (_name, annotations, keys) => {
    const source = image('linux/amd64', annotations === undefined ? {} : { annotations })
    const withExtras = { ...source, descriptor: { ...source.descriptor, urls: ['https://example.com/m'] } }
    const entry = (
      parsed(assembleIndex([withExtras], options()).bytes).manifests as Record<string, unknown>[]
    )[0]
    expect(Object.keys(entry ?? {})).toEqual(keys)
    expect(entry?.digest).toBe(source.descriptor.digest)
  })
})

describe('chooseMediaType', () => {
  // choice, children media types, attested, index annotations, expected
  test.each<[MediaTypeChoice, string[], boolean, boolean, string]>([
    ['auto', [DOCKER, DOCKER], false, false, MediaType.dockerList],
    ['auto', [OCI, OCI], false, false, MediaType.ociIndex],
    ['auto', [DOCKER, OCI], false, false, MediaType.ociIndex],
    ['auto', [DOCKER, DOCKER], true, false, MediaType.ociIndex],
    ['auto', [DOCKER, DOCKER], false, true, MediaType.ociIndex],
    ['auto', [], false, false, MediaType.dockerList],
    ['oci', [DOCKER, DOCKER], false, false, MediaType.ociIndex],
    ['oci', [OCI], true, true, MediaType.ociIndex],
    ['docker', [DOCKER, DOCKER], false, false, MediaType.dockerList]
  ])(
    '%s with children %j, attested=%s, annotations=%s → %s',
    (choice, children, attested, annotated, expected) => {
      const images = children.map((mediaType, i) => image(`linux/arch${i}`, { mediaType, attested }))
      expect(chooseMediaType(images, choice, annotated)).toBe(expected)
    }
  )

  // images, index annotations, message, hint
  test.each<[string, SourceImage[], boolean, string, string]>([
    [
      'annotations',
      [image('linux/amd64', { mediaType: DOCKER })],
      true,
      '`media-type: docker` with `annotations`: a Docker manifest list cannot carry annotations',
      'use `media-type: oci` (or auto), or drop `annotations`'
    ],
    [
      'an OCI child',
      [
        image('linux/amd64', { mediaType: DOCKER }),
        image('linux/arm64', { mediaType: OCI, source: 'ghcr.io/o/arm:1' })
      ],
      false,
      '`media-type: docker`, but linux/arm64 from ghcr.io/o/arm:1 is an OCI image manifest',
      'oci-mediatypes=false'
    ],
    [
      'attestations',
      [image('linux/amd64', { mediaType: DOCKER, attested: true, source: 'a:1' })],
      false,
      '`media-type: docker`, but linux/amd64 from a:1 carries attestation manifests (provenance/SBOM), which are OCI manifests',
      '`provenance: false` and `sbom: false`'
    ]
  ])('docker refuses %s', (_name, images, annotated, message, hint) => {
    const error = thrown(() => chooseMediaType(images, 'docker', annotated))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toBe(message)
    expect(error.hint).toContain(hint)
  })

  test('docker with annotations fails in assembleIndex too', () => {
    const images = [image('linux/amd64', { mediaType: DOCKER })]
    const error = thrown(() =>
      assembleIndex(images, options({ mediaType: 'docker', annotations: { a: 'b' } }))
    )
    expect(error.message).toContain('media-type')
  })

  test('dropped attestations do not force an OCI index', () => {
    const docker = image('linux/amd64', { mediaType: DOCKER })
    const result = assembleIndex([{ ...docker, attestations: [attestation(sha256('gone'))] }], options())
    expect(result.mediaType).toBe(MediaType.dockerList)
    expect(result.dropped).toHaveLength(1)
  })
})

describe('assembleIndex JSON', () => {
  test('an OCI index: schemaVersion, mediaType, manifests, sorted annotations', () => {
    const result = assembleIndex(
      [image('linux/amd64')],
      options({
        annotations: { 'org.opencontainers.image.source': 's', 'com.example.b': '2', 'com.example.a': '1' }
      })
    )
    const json = parsed(result.bytes)
    expect(Object.keys(json)).toEqual(['schemaVersion', 'mediaType', 'manifests', 'annotations'])
    expect(json.schemaVersion).toBe(2)
    expect(json.mediaType).toBe(MediaType.ociIndex)
    expect(Object.keys(json.annotations as object)).toEqual([
      'com.example.a',
      'com.example.b',
      'org.opencontainers.image.source'
    ])
    expect(result.mediaType).toBe(MediaType.ociIndex)
  })

  test.each<[string, string, AssembleOptions]>([
    ['an OCI index without annotations', OCI, options()],
    ['a Docker list', DOCKER, options()],
    ['a forced Docker list', DOCKER, options({ mediaType: 'docker' })]
  ])('%s has no annotations field', (_name, mediaType, assembleOptions) => {
    const json = parsed(assembleIndex([image('linux/amd64', { mediaType })], assembleOptions).bytes)
    expect(Object.keys(json)).toEqual(['schemaVersion', 'mediaType', 'manifests'])
  })

  test('the bytes are compact JSON of result.index', () => {
    const result = assembleIndex([image('linux/amd64', { attested: true }), image('linux/arm/v7')], options())
    const text = result.bytes.toString('utf8')
    expect(text).toBe(JSON.stringify(JSON.parse(text)))
    expect(JSON.parse(text)).toEqual(result.index)
  })

  test('the exact bytes of a small Docker list', () => {
    const amd64 = image('linux/amd64', { mediaType: DOCKER })
    const result = assembleIndex([amd64], options())
    expect(result.bytes.toString('utf8')).toBe(
      `{"schemaVersion":2,"mediaType":"${MediaType.dockerList}","manifests":[` +
        `{"mediaType":"${DOCKER}","digest":"${amd64.descriptor.digest}","size":${amd64.descriptor.size},` +
        `"platform":{"os":"linux","architecture":"amd64"}}]}`
    )
  })
})

describe('assembleIndex is deterministic', () => {
  const images = (): SourceImage[] => [
    image('linux/amd64', { attested: true }),
    image('linux/arm64', { attested: true }),
    image('windows/amd64', { osVersion: '10.0.20348.2113' })
  ]
  const assembleOptions = (): AssembleOptions =>
    options({ requested: [plat('linux/arm64')], annotations: { b: '2', a: '1' } })

  test('the same inputs give the same bytes and digest', () => {
    const first = assembleIndex(images(), assembleOptions())
    const second = assembleIndex(images(), assembleOptions())
    expect(second.bytes.equals(first.bytes)).toBe(true)
    expect(second.digest).toBe(first.digest)
  })

  test('the digest is the sha256 of the bytes', () => {
    const result = assembleIndex(images(), assembleOptions())
    expect(result.digest).toBe(sha256(result.bytes))
    expect(result.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
  })

  test('annotation insertion order does not change the digest', () => {
    const ab = assembleIndex(images(), options({ annotations: { a: '1', b: '2' } }))
    const ba = assembleIndex(images(), options({ annotations: { b: '2', a: '1' } }))
    expect(ba.digest).toBe(ab.digest)
  })

  test('the requested order is part of the digest', () => {
    const amdFirst = assembleIndex(images(), options({ requested: [plat('linux/amd64')] }))
    const armFirst = assembleIndex(images(), options({ requested: [plat('linux/arm64')] }))
    expect(armFirst.digest).not.toBe(amdFirst.digest)
  })
})

describe('assembleIndex refuses', () => {
  test.each<[string, () => unknown, string]>([
    [
      'no images',
      () => assembleIndex([], options()),
      'no images to assemble: no source gave a platform image'
    ],
    [
      'a nested index as an image',
      () =>
        assembleIndex([image('linux/amd64', { mediaType: MediaType.ociIndex, source: 'x:1' })], options()),
      `x:1 gives linux/amd64 as a ${MediaType.ociIndex}, not a platform image manifest`
    ],
    [
      'an attestation as an image',
      () =>
        assembleIndex(
          [{ ...image('unknown/unknown', { source: 'x:1' }), descriptor: attestation('s') }],
          options()
        ),
      'x:1 gives unknown/unknown as an attestation manifest, not a platform image manifest'
    ],
    [
      'an index over the manifest size limit',
      () =>
        assembleIndex(
          [image('linux/amd64')],
          options({ annotations: { big: 'x'.repeat(MAX_MANIFEST_BYTES) } })
        ),
      'over the 4194304-byte manifest limit'
    ]
  ])('%s', (_name, fn, message) => {
    const error = thrown(fn)
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toContain(message)
    expect(error.hint).toBeDefined()
  })
})

describe('assembleIndex keeps platform fields as the children state them', () => {
  // The shape of mcr.microsoft.com/dotnet/runtime:5.0 (seed 000): Docker v2 children, arm64's config
  // stating variant v8, four Windows builds told apart by os.version. `docker manifest create` keeps
  // every field; so must we, or `--platform linux/arm64/v8` lookups find nothing.
  const SEED_000: Platform[] = [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm', variant: 'v7' },
    { os: 'linux', architecture: 'arm64', variant: 'v8' },
    { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.2114' },
    { os: 'windows', architecture: 'amd64', 'os.version': '10.0.18363.1556' },
    { os: 'windows', architecture: 'amd64', 'os.version': '10.0.19041.1165' },
    { os: 'windows', architecture: 'amd64', 'os.version': '10.0.19042.1165' }
  ]
  const children = SEED_000.map((platform, i) => ({
    ...image('linux/amd64', { mediaType: DOCKER, source: `child-${i}` }),
    platform
  }))

  test('seed 000 from Docker v2 children: a Docker list with identical platform fields, arm64 v8 included', () => {
    const result = assembleIndex(children, options())
    expect(result.mediaType).toBe(MediaType.dockerList)
    const written = (parsed(result.bytes).manifests as { platform: Platform }[]).map((m) => m.platform)
    expect(written).toStrictEqual(SEED_000)
  })

  test.each<[string, string, Platform]>([
    ['a request without a variant keeps the stated v8', 'linux/arm64', plat('linux/arm64/v8')],
    ['a request spelling v8 keeps v8', 'linux/arm64/v8', plat('linux/arm64/v8')],
    ['a request for arm/v7 keeps v7', 'linux/arm/v7', plat('linux/arm/v7')]
  ])('%s', (_name, request, expected) => {
    const [os = '', architecture = '', variant] = request.split('/')
    const requested = [{ os, architecture, ...(variant ? { variant } : {}) }]
    const result = assembleIndex(children, options({ requested }))
    const first = (parsed(result.bytes).manifests as { platform: Platform }[])[0]
    expect(first?.platform).toStrictEqual(expected)
  })

  test('a request that pins a variant the child does not state writes the pinned one', () => {
    const bare = { ...image('linux/arm64', { mediaType: DOCKER }), platform: plat('linux/arm64') }
    const result = assembleIndex([bare], options({ requested: [plat('linux/arm64/v8')] }))
    const first = (parsed(result.bytes).manifests as { platform: Platform }[])[0]
    expect(first?.platform).toStrictEqual(plat('linux/arm64/v8'))
  })
})
