import { describe, expect, test } from '@jest/globals'
import { ActionError } from '../../src/errors.js'
import { bareMediaType, parseManifest } from '../../src/oci/parse.js'
import { MediaType } from '../../src/oci/types.js'

const bytes = (value: unknown): Buffer =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value))
const descriptor = { mediaType: MediaType.ociManifest, digest: 'sha256:' + 'a'.repeat(64), size: 10 }
const index = {
  schemaVersion: 2,
  mediaType: MediaType.ociIndex,
  manifests: [{ ...descriptor, platform: { os: 'linux', architecture: 'arm64' } }]
}
const manifest = {
  schemaVersion: 2,
  mediaType: MediaType.ociManifest,
  config: { ...descriptor, mediaType: MediaType.ociConfig },
  layers: [{ ...descriptor, mediaType: MediaType.ociLayerGzip }]
}

describe('parseManifest accepts', () => {
  test.each([
    ['an OCI index', index, MediaType.ociIndex, 'index'],
    ['an OCI manifest', manifest, MediaType.ociManifest, 'manifest'],
    ['a Docker list', { ...index, mediaType: MediaType.dockerList }, MediaType.dockerList, 'index'],
    [
      'a Docker manifest',
      { ...manifest, mediaType: MediaType.dockerManifest },
      MediaType.dockerManifest,
      'manifest'
    ],
    [
      'an OCI manifest without mediaType, by Content-Type',
      { ...manifest, mediaType: undefined },
      MediaType.ociManifest,
      'manifest'
    ],
    ['Content-Type with parameters', index, `${MediaType.ociIndex}; charset=utf-8`, 'index']
  ])('%s', (_name, body, contentType, kind) => {
    expect(parseManifest(bytes(body), contentType, 'x').kind).toBe(kind)
  })
})

describe('parseManifest refuses', () => {
  test.each([
    ['non-JSON', 'not json', MediaType.ociIndex, /not JSON/],
    ['a JSON array', [], MediaType.ociIndex, /not a JSON object/],
    ['schemaVersion 1', { ...index, schemaVersion: 1 }, MediaType.ociIndex, /schemaVersion is 1/],
    [
      'a Content-Type that contradicts the body',
      index,
      MediaType.ociManifest,
      /Content-Type .* but the body's mediaType/
    ],
    [
      'an unknown media type',
      { ...index, mediaType: 'text/plain' },
      'text/plain',
      /not an image manifest or index/
    ],
    [
      'an index without manifests',
      { schemaVersion: 2, mediaType: MediaType.ociIndex },
      MediaType.ociIndex,
      /manifests array/
    ],
    [
      'a descriptor without digest',
      { ...index, manifests: [{ mediaType: MediaType.ociManifest, size: 1 }] },
      MediaType.ociIndex,
      /digest is missing/
    ],
    ['a negative size', { ...index, manifests: [{ ...descriptor, size: -1 }] }, MediaType.ociIndex, /size/],
    [
      'a platform without architecture',
      { ...index, manifests: [{ ...descriptor, platform: { os: 'linux' } }] },
      MediaType.ociIndex,
      /platform/
    ],
    ['a manifest without layers', { ...manifest, layers: undefined }, MediaType.ociManifest, /layers array/]
  ])('%s', (_name, body, contentType, message) => {
    let caught: unknown
    try {
      parseManifest(bytes(body), contentType, 'reg/repo:tag')
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ActionError)
    expect((caught as ActionError).message).toMatch(message)
    expect((caught as ActionError).message).toContain('reg/repo:tag')
  })
})

test.each([
  [undefined, undefined],
  ['', undefined],
  ['Application/Vnd.OCI.Image.Index.v1+json ; x=y', 'application/vnd.oci.image.index.v1+json']
])('bareMediaType(%j) → %j', (value, expected) => {
  expect(bareMediaType(value)).toBe(expected)
})
