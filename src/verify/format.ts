/** How verification writes figures in its lines: sizes a person compares with their images, short digests. */

const KIB = 1024
const MIB = 1024 * KIB
const GIB = 1024 * MIB

/** 12.3 MiB, 512.0 MiB, 4.1 KiB, 300 B. */
export function formatBytes(bytes: number): string {
  if (bytes >= GIB) return `${(bytes / GIB).toFixed(1)} GiB`
  if (bytes >= MIB) return `${(bytes / MIB).toFixed(1)} MiB`
  if (bytes >= KIB) return `${(bytes / KIB).toFixed(1)} KiB`
  return `${bytes} B`
}

/** 'sha256:' and the first 12 hex digits: enough to tell entries apart in a line. */
export function shortDigest(digest: string): string {
  return digest.slice(0, 19)
}
