/**
 * Brings a manifest and everything it references into the target repository before the index that lists
 * it is pushed (a registry refuses an index whose children it lacks: MANIFEST_BLOB_UNKNOWN). Same
 * repository: nothing to do. Same registry: blobs are mounted. Another registry: blobs are streamed,
 * those already there skipped. Then the manifest is PUT by digest with its exact bytes.
 */
import { ActionError } from '../errors.js'
import type { Descriptor } from '../oci/types.js'
import { mapBounded } from '../pool.js'
import type { BlobCopyResult, RegistryStore, Repository, SourceManifest } from '../registry/ports.js'

export interface CopyStats {
  manifests: { present: number; copied: number }
  blobs: Record<BlobCopyResult, number>
}

export function emptyCopyStats(): CopyStats {
  return { manifests: { present: 0, copied: 0 }, blobs: { exists: 0, mounted: 0, copied: 0 } }
}

const sameRepository = (a: Repository, b: Repository): boolean =>
  a.registry === b.registry && a.repository === b.repository

/** Copies `descriptor` (an image or attestation manifest) from `from` to `to`; returns its bytes when read. */
export async function copyManifest(
  client: RegistryStore,
  from: Repository,
  to: Repository,
  descriptor: Descriptor,
  stats: CopyStats
): Promise<SourceManifest | undefined> {
  if (
    sameRepository(from, to) ||
    (await client.headManifest({ ...to, digest: descriptor.digest })) !== undefined
  ) {
    stats.manifests.present++
    return undefined
  }
  const manifest = await client.getManifest({ ...from, digest: descriptor.digest })
  if (manifest.parsed.kind !== 'manifest') {
    throw new ActionError(
      'invalid-input',
      `${from.registry}/${from.repository}@${descriptor.digest} is an index, not an image`,
      {
        hint: 'list images (or per-platform indexes) in `sources`, not indexes of indexes'
      }
    )
  }
  const { config, layers } = manifest.parsed.manifest
  const blobs: Descriptor[] = [config, ...layers.filter((l) => !l.urls?.length)]
  await mapBounded(blobs, 4, async (blob) => {
    stats.blobs[await client.copyBlob(from, to, blob.digest, blob.size)]++
  })
  await client.putManifest({ ...to, digest: descriptor.digest }, manifest.bytes, manifest.mediaType)
  stats.manifests.copied++
  return manifest
}
