/**
 * The file `buildx build --metadata-file` writes: which image the build pushed. Parsed with explicit checks
 * because a build that pushed nothing (or an older buildx) writes a file without the digest. Pure: no I/O.
 */
import { ActionError } from '../errors.js'

export interface BuildMetadata {
  /** `containerimage.digest`: what the build pushed (a manifest, or an index when attestations are on). */
  digest: string
  /** `image.name`: the name(s) pushed, comma-separated when there are several. */
  imageName?: string
}

const DIGEST_KEY = 'containerimage.digest'
const NAME_KEY = 'image.name'
const SHA256 = /^sha256:[a-f0-9]{64}$/

export function parseBuildMetadata(text: string, platform: string): BuildMetadata {
  const metadata = parseObject(text, platform)
  const digest = metadata[DIGEST_KEY]
  if (digest === undefined) {
    throw new ActionError(
      'build',
      `buildx metadata for ${platform} has no ${DIGEST_KEY}: nothing was pushed`,
      {
        hint: `check the build log of ${platform}; the build must push its image (push=true or --push)`
      }
    )
  }
  if (typeof digest !== 'string' || !SHA256.test(digest)) {
    throw new ActionError(
      'build',
      `buildx metadata for ${platform} has ${DIGEST_KEY} ${JSON.stringify(digest)}, not a sha256 digest`,
      { hint: 'expected "sha256:" and 64 lowercase hex characters; check the buildx version' }
    )
  }
  const name = metadata[NAME_KEY]
  return typeof name === 'string' && name !== '' ? { digest, imageName: name } : { digest }
}

function parseObject(text: string, platform: string): Record<string, unknown> {
  const hint = `check the build log of ${platform}; buildx writes this file only when the build succeeds`
  if (text.trim() === '') {
    throw new ActionError('build', `buildx wrote no metadata for ${platform}`, { hint })
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new ActionError('build', `buildx metadata for ${platform} is not JSON: ${reason}`, { hint })
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ActionError('build', `buildx metadata for ${platform} is not a JSON object`, { hint })
  }
  return value as Record<string, unknown>
}

export interface TargetMetadata extends BuildMetadata {
  /** Everything buildx wrote for the target, for the `metadata` output. */
  raw: Record<string, unknown>
}

/**
 * The file `buildx bake --metadata-file` writes: one object per target name, each as `build` writes it.
 * `platforms` maps target names to platforms, so problems name the platform.
 */
export function parseBakeMetadata(
  text: string,
  platforms: ReadonlyMap<string, string>
): Map<string, TargetMetadata> {
  const all = parseObject(text, [...platforms.values()].join(', '))
  const result = new Map<string, TargetMetadata>()
  for (const [target, platform] of platforms) {
    const entry = all[target]
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new ActionError('build', `buildx metadata has no entry for ${platform} (target ${target})`, {
        hint: `check the build log of ${platform}; every target must push its image`
      })
    }
    const raw = entry as Record<string, unknown>
    result.set(platform, { ...parseBuildMetadata(JSON.stringify(raw), platform), raw })
  }
  return result
}
