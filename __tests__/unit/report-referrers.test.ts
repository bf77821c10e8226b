// What inspect prints under an image: its referrers, one line each, and where they were found.
import { describe, expect, test } from '@jest/globals'
import { formatReferrers } from '../../src/report/referrers.js'

const DIGEST = `sha256:${'a'.repeat(64)}`

describe('formatReferrers', () => {
  test('one line per referrer: digest, artifact type, predicate type, creation time', () => {
    const text = formatReferrers('tag-schema', [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: DIGEST,
        size: 100,
        artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        annotations: {
          'dev.sigstore.bundle.predicateType': 'https://slsa.dev/verification_summary/v1',
          'org.opencontainers.image.created': '2026-12-07T17:00:00Z'
        }
      }
    ])
    expect(text).toBe(
      `Referrers (sha256-<hex> fallback tag):\n  ${DIGEST}  application/vnd.dev.sigstore.bundle.v0.3+json  https://slsa.dev/verification_summary/v1  2026-12-07T17:00:00Z\n`
    )
  })

  test('none found says so, naming where it looked', () => {
    expect(formatReferrers('referrers-api', [])).toBe('Referrers (referrers API): none\n')
  })
})
