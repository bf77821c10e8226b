/**
 * What `inspect` prints under an image: its referrers (attestations, signatures, SBOMs stored beside it),
 * one line each — digest, artifact type, and the predicate type and creation time when annotated. Pure.
 */
import type { Descriptor } from '../oci/types.js'

const PREDICATE_ANNOTATIONS = ['dev.sigstore.bundle.predicateType', 'in-toto.io/predicate-type']
const CREATED = 'org.opencontainers.image.created'

export function formatReferrers(
  via: 'referrers-api' | 'tag-schema',
  referrers: readonly Descriptor[]
): string {
  const source = via === 'referrers-api' ? 'referrers API' : 'sha256-<hex> fallback tag'
  if (referrers.length === 0) return `Referrers (${source}): none\n`
  const lines = referrers.map((r) => {
    const predicate = PREDICATE_ANNOTATIONS.map((k) => r.annotations?.[k]).find((v) => v !== undefined)
    const created = r.annotations?.[CREATED]
    return [`  ${r.digest}`, r.artifactType ?? r.mediaType, predicate, created].filter(Boolean).join('  ')
  })
  return `Referrers (${source}):\n${lines.join('\n')}\n`
}
