/**
 * The real builder and read ahead, adapted to the modes' ports (modes/ports.ts): buildx's one session
 * (buildx/legs.ts) as a Builder, the layer scanner (verify/layers.ts) as a Prefetch.
 */
import type { BuildLog } from '../buildx/log.js'
import type { Builder, Prefetch } from '../modes/ports.js'
import { readAhead } from '../publish/publish.js'
import type { ImageSource } from '../registry/ports.js'
import { LayerScanner } from '../verify/layers.js'

/** `targetLogin`: the username/password inputs, for the target registry's push alone (buildx reads a docker config). */
export function buildxBuilder(log: BuildLog, targetLogin?: { username: string; password: string }): Builder {
  return {
    // buildx's code (and @actions/exec, QEMU's setup) loads with the first build: verify and merge never do.
    build: async (request) =>
      (await import('../buildx/legs.js')).buildLegs(request, {
        stagingId: request.stagingId,
        stageAlways: request.stageAlways,
        log,
        started: request.started,
        ...(request.onPushed ? { onPushed: request.onPushed } : {}),
        ...(targetLogin ? { targetLogin } : {})
      })
  }
}

/**
 * Verification's reads of each pushed image (manifests and configs kept by the client, layer scans by
 * the scanner), once per image, timed for the timeline. The scanner keeps only what a read ahead read
 * whole and checked, so a failure is met again by the verification that counts.
 */
export function layerPrefetch(source: ImageSource, scanner = new LayerScanner()): Prefetch {
  const reads = new Map<string, Promise<{ startedAt: number; durationMs: number }>>()
  const ahead = scanner.prefetcher()
  let stopped = false
  return {
    scans: scanner,
    start(request, image) {
      const key = 'digest' in image ? image.digest : `:${image.tag}`
      if (stopped || reads.has(key)) return
      const startedAt = Date.now()
      reads.set(
        key,
        readAhead(source, request, image, ahead).then(() => ({
          startedAt,
          durationMs: Date.now() - startedAt
        }))
      )
    },
    settled: () => Promise.all(reads.values()),
    stop() {
      stopped = true
      scanner.stopReadingAhead()
    }
  }
}
