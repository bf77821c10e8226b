/**
 * What `multiarch-publish inspect` prints, like `docker buildx imagetools inspect`: the name, media type
 * and digest, then for an index one row per entry; attestation manifests are marked as such and name
 * the image they describe, never shown as a platform. Pure formatting over fetched data.
 */
import {
  ATTESTATION_REFERENCE_DIGEST,
  isAttestation,
  type Descriptor,
  type ImageConfig,
  type Platform
} from '../oci/types.js'

export interface InspectInput {
  name: string
  mediaType: string
  digest: string
  size: number
  /** Entries when the reference is an index. */
  manifests?: Descriptor[]
  /** The platform from the config, when the reference is a single image. */
  config?: Pick<ImageConfig, 'os' | 'architecture' | 'variant' | 'os.version'>
}

export function describePlatform(platform: Platform | undefined): string {
  if (!platform) return '(none)'
  const base = [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/')
  return platform['os.version'] ? `${base} (${platform['os.version']})` : base
}

export interface InspectRow {
  platform: string
  digest: string
  size: string
  mediaType: string
  note: string
}

export function inspectRows(manifests: Descriptor[]): InspectRow[] {
  const platformOf = new Map(manifests.map((m) => [m.digest, describePlatform(m.platform)]))
  return manifests.map((m) => {
    const attestation = isAttestation(m)
    const subject = m.annotations?.[ATTESTATION_REFERENCE_DIGEST]
    return {
      platform: attestation ? '(attestation)' : describePlatform(m.platform),
      digest: m.digest,
      size: String(m.size),
      mediaType: m.mediaType,
      note:
        attestation && subject
          ? `for ${subject.slice(0, 19)}… ${platformOf.get(subject) ?? '(not in index)'}`
          : ''
    }
  })
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]): string =>
    '  ' +
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)]
}

export function formatInspect(input: InspectInput): string {
  const lines = [
    `Name:      ${input.name}`,
    `MediaType: ${input.mediaType}`,
    `Digest:    ${input.digest}`,
    `Size:      ${input.size}`
  ]
  if (input.config) lines.push(`Platform:  ${describePlatform(input.config)}`)
  if (input.manifests) {
    const rows = inspectRows(input.manifests)
    const images = rows.filter((r) => r.platform !== '(attestation)').length
    lines.push('', `Manifests: ${images} image(s), ${rows.length - images} attestation(s)`)
    lines.push(
      ...table(
        ['PLATFORM', 'DIGEST', 'SIZE', 'MEDIA TYPE', ''],
        rows.map((r) => [r.platform, r.digest, r.size, r.mediaType, r.note])
      )
    )
  }
  return lines.join('\n') + '\n'
}
