/** The referrers protocol's pure parts: the fallback tag, the artifact manifest's bytes, appending to the fallback index. */
import { describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import {
  appendReferrer,
  artifactManifest,
  EMPTY_CONFIG,
  fallbackTag,
  settleDelay
} from '../../src/registry/referrers.js'

const digest = (n: number): string => `sha256:${String(n).repeat(64).slice(0, 64)}`
const entry = (
  n: number
): {
  mediaType: string
  digest: string
  size: number
  artifactType: string
  annotations: Record<string, string>
} => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: digest(n),
  size: 100 + n,
  artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
  annotations: { 'org.opencontainers.image.created': '2026-12-07T10:00:00Z' }
})

describe('fallbackTag', () => {
  test('sha256:<hex> → sha256-<hex>', () => {
    expect(fallbackTag(`sha256:${'a'.repeat(64)}`)).toBe(`sha256-${'a'.repeat(64)}`)
  })
})

describe('artifactManifest', () => {
  test('the empty config (its digest is the hash of "{}"), one layer, the subject, artifactType, annotations', () => {
    expect(EMPTY_CONFIG.digest).toBe('sha256:' + createHash('sha256').update('{}').digest('hex'))
    const bytes = artifactManifest({
      artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      layer: { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', digest: digest(1), size: 9 },
      subject: {
        mediaType: 'application/vnd.oci.image.index.v1+json',
        digest: digest(2),
        size: 7,
        annotations: { x: 'y' }
      },
      annotations: { a: 'b' }
    })
    expect(JSON.parse(bytes.toString())).toEqual({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: EMPTY_CONFIG.digest, size: 2 },
      layers: [{ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', digest: digest(1), size: 9 }],
      subject: { mediaType: 'application/vnd.oci.image.index.v1+json', digest: digest(2), size: 7 },
      annotations: { a: 'b' }
    })
  })
})

describe('appendReferrer', () => {
  test('a new index when there is none', () => {
    expect(appendReferrer(undefined, entry(1))).toEqual({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [entry(1)]
    })
  })

  test("others' entries kept in their order, ours last with artifactType and annotations", () => {
    const current = {
      schemaVersion: 2 as const,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [entry(2), entry(3)]
    }
    expect(appendReferrer(current, entry(1))?.manifests).toEqual([entry(2), entry(3), entry(1)])
  })

  test('nothing to write when ours is there already', () => {
    const current = { schemaVersion: 2 as const, manifests: [entry(1)] }
    expect(appendReferrer(current, entry(1))).toBeUndefined()
  })
})

describe('settleDelay', () => {
  test.each([
    [0, 20],
    [30, 30],
    [400, 400],
    [5000, 2000]
  ])('read-to-write %i ms → wait %i ms', (span, wait) => {
    expect(settleDelay(span)).toBe(wait)
  })
})
