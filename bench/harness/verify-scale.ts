/**
 * bench/verify-scale's engine: pushes 7-platform images whose entrypoint (busybox) sits below a big top
 * layer — one layer shared by every platform, or a distinct one each — plus an arm64 image carrying an
 * x86-64 native module, then verifies each in process and prints one JSON line per case: bytes read,
 * layers shared, registry requests, wall time, peak RSS, warnings and problems.
 * Run through bench/verify-scale (it bundles this file with ncc first).
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { constants, gzipSync } from 'node:zlib'
import { MediaType, type Descriptor, type Platform } from '../../src/oci/types.js'
import { parsePlatformList } from '../../src/platform/index.js'
import { RegistryClient, sha256Digest, type Repository } from '../../src/registry/client.js'
import { verifyImage } from '../../src/verify/verify-image.js'
import { DEFAULT_READ_BUDGET } from '../../src/verify/gather.js'

interface Args {
  registry: string
  context: string
  mib: number
  budget: number
}

const [registry = '127.0.0.1:5000', context = '', mibText = '256', budgetText = String(DEFAULT_READ_BUDGET)] =
  process.argv.slice(2)
const args: Args = { registry, context, mib: Number(mibText), budget: Number(budgetText) }
const client = new RegistryClient()
const SEVEN = parsePlatformList(
  'linux/amd64,linux/arm64,linux/arm/v7,linux/arm/v6,linux/s390x,linux/ppc64le,linux/386'
)
const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v))

/** A one-entry ustar archive (512-byte header, data, padding, two zero blocks). */
function tar(entries: { path: string; content: Buffer; mode?: number }[]): Buffer {
  const blocks: Buffer[] = []
  for (const e of entries) {
    const h = Buffer.alloc(512)
    h.write(e.path, 0, 100)
    h.write((e.mode ?? 0o644).toString(8).padStart(7, '0') + '\0', 100)
    h.write('0000000\0', 108)
    h.write('0000000\0', 116)
    h.write(e.content.length.toString(8).padStart(11, '0') + '\0', 124)
    h.write('00000000000\0', 136)
    h.write('        ', 148)
    h.write('0', 156)
    h.write('ustar\0', 257)
    h.write('00', 263)
    let sum = 0
    for (const b of h) sum += b
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148)
    blocks.push(h, e.content, Buffer.alloc((512 - (e.content.length % 512)) % 512))
  }
  blocks.push(Buffer.alloc(1024))
  return Buffer.concat(blocks)
}

interface Layer {
  gz: Buffer
  descriptor: Descriptor
  diffId: string
}
function layer(entries: { path: string; content: Buffer; mode?: number }[]): Layer {
  const t = tar(entries)
  const gz = gzipSync(t, { level: constants.Z_BEST_SPEED })
  return {
    gz,
    diffId: sha256Digest(t),
    descriptor: { mediaType: MediaType.ociLayerGzip, digest: sha256Digest(gz), size: gz.length }
  }
}
const busybox = (p: Platform): Buffer =>
  readFileSync(
    path.join(args.context, p.architecture + (p.architecture === 'arm' ? (p.variant ?? 'v7') : ''), 'busybox')
  )

async function push(repo: Repository, p: Platform, layers: Layer[], done: Set<string>): Promise<Descriptor> {
  for (const l of layers) {
    if (done.has(l.descriptor.digest)) continue
    await client.uploadBlob(repo, l.descriptor.digest, l.gz)
    done.add(l.descriptor.digest)
  }
  const config = json({
    ...p,
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    config: { Entrypoint: ['/bin/busybox', 'true'] }
  })
  await client.uploadBlob(repo, sha256Digest(config), config)
  const bytes = json({
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: { mediaType: MediaType.ociConfig, digest: sha256Digest(config), size: config.length },
    layers: layers.map((l) => l.descriptor)
  })
  const digest = await client.putManifest(
    { ...repo, digest: sha256Digest(bytes) },
    bytes,
    MediaType.ociManifest
  )
  return { mediaType: MediaType.ociManifest, digest, size: bytes.length, platform: p }
}

async function pushCase(
  name: string,
  top: (p: Platform) => Layer[],
  platforms: Platform[]
): Promise<Repository> {
  const repo = {
    registry: args.registry,
    repository: `bench/verify-scale-${name}-${Date.now().toString(36)}`
  }
  const done = new Set<string>()
  const children: Descriptor[] = []
  for (const p of platforms) {
    children.push(
      await push(
        repo,
        p,
        [layer([{ path: 'bin/busybox', content: busybox(p), mode: 0o755 }]), ...top(p)],
        done
      )
    )
  }
  const index = json({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: children })
  await client.putManifest({ ...repo, tag: 'v1' }, index, MediaType.ociIndex)
  return repo
}

async function measure(
  name: string,
  repo: Repository,
  platforms: Platform[],
  topBytes: number
): Promise<void> {
  const before = client.transport.stats.requests
  const started = performance.now()
  const { result, evidence } = await verifyImage(client, {
    image: { ...repo, tag: 'v1' },
    platforms,
    checkBinaries: true,
    allowExtra: true,
    layers: { verifyLayers: 'read', readBudget: args.budget, budgetExceeded: 'warn', ignoreBinaries: [] }
  })
  const ms = performance.now() - started
  console.log(
    JSON.stringify({
      case: name,
      ok: result.ok,
      ms: Math.round(ms),
      requests: client.transport.stats.requests - before,
      bytesRead: evidence.reading?.bytesRead ?? 0,
      topLayerBytes: topBytes,
      layersRead: evidence.reading?.layersRead ?? 0,
      layersShared: evidence.reading?.layersShared ?? 0,
      peakBytesInFlight: evidence.reading?.peakBytesInFlight ?? 0,
      rssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      rows: result.rows.map(
        (r) =>
          `${r.platform} ${r.layers ? `${r.layers.read}/${r.layers.total} layers ${r.layers.bytesRead}B verified ${r.layers.verified} unchecked ${r.layers.unchecked}` : ''}`
      ),
      warnings: result.warnings.length,
      problems: result.problems.map((p) => p.slice(0, 160))
    })
  )
}

if (process.argv[6]) {
  // verify only, in a fresh process, so peak RSS is verification's own: ARGS… REPOSITORY PLATFORMS NAME
  const [repository = '', platforms = '', name = ''] = process.argv.slice(6)
  await measure(name, { registry: args.registry, repository }, parsePlatformList(platforms), 0)
} else {
  const bytes = args.mib * 1024 * 1024
  const shared = layer([{ path: 'srv/assets.bin', content: randomBytes(bytes) }])
  const sharedRepo = await pushCase('shared', () => [shared], SEVEN)
  const distinctRepo = await pushCase(
    'distinct',
    () => [layer([{ path: 'srv/assets.bin', content: randomBytes(bytes) }])],
    SEVEN
  )
  const arm64 = parsePlatformList('linux/arm64')
  const amd64Binary = busybox({ os: 'linux', architecture: 'amd64' })
  const moduleRepo = await pushCase(
    'wrong-arch-module',
    () => [layer([{ path: 'app/node_modules/x/build/Release/x.node', content: amd64Binary, mode: 0o755 }])],
    arm64
  )
  console.log(`${sharedRepo.repository} ${distinctRepo.repository} ${moduleRepo.repository}`)
}
