import { describe, expect, test } from '@jest/globals'
import { MediaType, type Descriptor } from '../../src/oci/types.js'
import { describePlatform, formatInspect, inspectRows } from '../../src/report/inspect.js'

const digest = (c: string): string => 'sha256:' + c.repeat(64)
const image = (c: string, architecture: string, variant?: string): Descriptor => ({
  mediaType: MediaType.ociManifest,
  digest: digest(c),
  size: 100,
  platform: { os: 'linux', architecture, ...(variant ? { variant } : {}) }
})
const attestation = (c: string, subject: string): Descriptor => ({
  mediaType: MediaType.ociManifest,
  digest: digest(c),
  size: 50,
  platform: { os: 'unknown', architecture: 'unknown' },
  annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': subject }
})

describe('describePlatform', () => {
  test.each([
    [undefined, '(none)'],
    [{ os: 'linux', architecture: 'arm', variant: 'v7' }, 'linux/arm/v7'],
    [
      { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.1697' },
      'windows/amd64 (10.0.17763.1697)'
    ]
  ])('%j → %s', (platform, text) => {
    expect(describePlatform(platform)).toBe(text)
  })
})

describe('inspectRows', () => {
  test('attestations are marked, never shown as unknown/unknown, and name their image', () => {
    const rows = inspectRows([
      image('a', 'amd64'),
      image('b', 'arm', 'v7'),
      attestation('c', digest('b')),
      attestation('d', digest('f'))
    ])
    expect(rows.map((r) => r.platform)).toEqual([
      'linux/amd64',
      'linux/arm/v7',
      '(attestation)',
      '(attestation)'
    ])
    expect(rows[2]?.note).toBe(`for ${digest('b').slice(0, 19)}… linux/arm/v7`)
    expect(rows[3]?.note).toContain('(not in index)')
    expect(rows.some((r) => r.platform.includes('unknown'))).toBe(false)
  })
})

describe('formatInspect', () => {
  test('an index: header, counts and one row per entry', () => {
    const text = formatInspect({
      name: 'localhost:5000/app:1',
      mediaType: MediaType.ociIndex,
      digest: digest('e'),
      size: 900,
      manifests: [image('a', 'amd64'), attestation('c', digest('a'))]
    })
    expect(text).toContain('MediaType: application/vnd.oci.image.index.v1+json')
    expect(text).toContain('Manifests: 1 image(s), 1 attestation(s)')
    expect(text.split('\n').filter((l) => l.startsWith('  '))).toHaveLength(3)
  })

  test('a single image shows its platform from the config', () => {
    const text = formatInspect({
      name: 'x',
      mediaType: MediaType.ociManifest,
      digest: digest('e'),
      size: 400,
      config: { os: 'linux', architecture: 's390x' }
    })
    expect(text).toContain('Platform:  linux/s390x')
    expect(text).not.toContain('Manifests:')
  })
})
