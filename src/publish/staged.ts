/**
 * Build mode's legs, found without artifacts: each leg pushed its image under a staging tag derived from
 * the run, the image and the platform, so merge HEADs the tag each requested platform should have and
 * says exactly which legs are missing.
 */
import { stagingRef } from '../buildx/staging.js'
import { ActionError } from '../errors.js'
import type { Platform } from '../oci/types.js'
import { formatPlatform } from '../platform/index.js'
import { mapBounded } from '../pool.js'
import { formatReference, type ImageReference } from '../reference/reference.js'
import type { ManifestReader, Repository } from '../registry/ports.js'

export async function findStagedLegs(
  client: ManifestReader,
  target: Repository,
  platforms: readonly Platform[],
  stagingId: string
): Promise<ImageReference[]> {
  const legs = platforms.map((p) => ({
    platform: formatPlatform(p),
    ref: stagingRef(target, stagingId, formatPlatform(p))
  }))
  const found = await mapBounded(legs, 8, async (leg) => ({
    ...leg,
    head: await client.headManifest(leg.ref)
  }))
  const missing = found.filter((leg) => leg.head === undefined)
  if (missing.length > 0) {
    throw new ActionError(
      'not-found',
      `build legs missing for staging id ${stagingId}: ${missing.map((m) => `${m.platform} (no ${formatReference(m.ref)})`).join(', ')}`,
      {
        hint: 'run `mode: build` for these platforms in this workflow run (needs: the build jobs), or list images in `sources`'
      }
    )
  }
  // Pin each leg by digest: a leg re-run while merging must not change what was verified.
  return found.map((leg) => ({ ...target, digest: leg.head?.digest ?? '' }))
}
