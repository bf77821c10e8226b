/**
 * bench/merge-latency's engine, two commands:
 * - `proxy UPSTREAM DELAY_MS`: a reverse proxy on 127.0.0.1 (port printed on stdout) that holds every
 *   request DELAY_MS before forwarding it — the round trip from a runner to a hosted registry — and counts
 *   what it forwarded; `GET /__stats` answers the counts, `GET /__log` the requests since the last call
 *   (arrival and finish ms, status, method, path), neither forwarded nor delayed.
 * - `push REGISTRY REPOSITORY N`: pushes, through the product's registry client, 7 buildx-style legs
 *   (per platform an OCI index of one busybox image and its attestation manifest, tags leg-<os>-<arch>…)
 *   and N Windows-style children (one image each, distinct os.version, one shared base layer, tags
 *   win-<i>); prints the two tag lists as one JSON line.
 * Run through bench/merge-latency (it bundles this file with ncc first).
 */
import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { pipeline } from 'node:stream'
import { constants, gzipSync } from 'node:zlib'
import { MediaType, type Descriptor, type Platform } from '../../src/oci/types.js'
import { parsePlatformList } from '../../src/platform/index.js'
import { RegistryClient, sha256Digest, type Repository } from '../../src/registry/client.js'

const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v))

function proxy(upstream: string, delayMs: number): void {
  const target = new URL(upstream)
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })
  const byMethod: Record<string, number> = {}
  const log: string[] = []
  let requests = 0
  const started = performance.now()
  const server = http.createServer((req, res) => {
    if (req.url === '/__stats' || req.url === '/__log') {
      res.setHeader('content-type', req.url === '/__log' ? 'text/plain' : 'application/json')
      res.end(req.url === '/__log' ? log.splice(0).join('') : JSON.stringify({ requests, byMethod }))
      return
    }
    const at = performance.now()
    res.on('finish', () => {
      const ms = (t: number): string => (t - started).toFixed(0).padStart(7)
      log.push(`${ms(at)} ${ms(performance.now())} ${res.statusCode} ${req.method} ${req.url}\n`)
    })
    requests++
    byMethod[req.method ?? '?'] = (byMethod[req.method ?? '?'] ?? 0) + 1
    req.pause()
    setTimeout(() => {
      const headers = { ...req.headers, host: target.host }
      const out = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
        (reply) => {
          res.writeHead(reply.statusCode ?? 502, reply.headers)
          pipeline(reply, res, () => undefined)
        }
      )
      out.on('error', () => res.destroy())
      pipeline(req, out, () => undefined)
      req.resume()
    }, delayMs)
  })
  server.keepAliveTimeout = 60_000
  server.listen(0, '127.0.0.1', () => {
    console.log((server.address() as AddressInfo).port)
  })
}

/** A ustar archive (512-byte headers, data, padding, two zero blocks). */
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

async function push(registry: string, repository: string, n: number): Promise<void> {
  const client = new RegistryClient()
  const repo: Repository = { registry, repository }
  const context = process.env.BENCH_CONTEXT ?? ''
  const blob = async (bytes: Buffer, mediaType: string): Promise<Descriptor> => {
    const digest = sha256Digest(bytes)
    await client.uploadBlob(repo, digest, bytes)
    return { mediaType, digest, size: bytes.length }
  }
  /** An OCI image manifest over these layers, pushed under `tag` or by digest. */
  const manifest = async (
    layers: { gz: Buffer; tar: Buffer; mediaType?: string }[],
    config: object,
    tag?: string
  ): Promise<Descriptor> => {
    const c = json({
      ...config,
      rootfs: { type: 'layers', diff_ids: layers.map((l) => sha256Digest(l.tar)) }
    })
    const bytes = json({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: await blob(c, MediaType.ociConfig),
      layers: await Promise.all(layers.map((l) => blob(l.gz, l.mediaType ?? MediaType.ociLayerGzip)))
    })
    const ref = tag ? { ...repo, tag } : { ...repo, digest: sha256Digest(bytes) }
    const digest = await client.putManifest(ref, bytes, MediaType.ociManifest)
    return { mediaType: MediaType.ociManifest, digest, size: bytes.length }
  }
  const gz = (t: Buffer): { gz: Buffer; tar: Buffer } => ({
    gz: gzipSync(t, { level: constants.Z_BEST_SPEED }),
    tar: t
  })

  const legs: string[] = []
  for (const p of parsePlatformList(
    'linux/amd64,linux/arm64,linux/arm/v7,linux/arm/v6,linux/s390x,linux/ppc64le,linux/386'
  )) {
    const dir = p.architecture + (p.architecture === 'arm' ? (p.variant ?? 'v7') : '')
    const busybox = readFileSync(path.join(context, dir, 'busybox'))
    const image = await manifest([gz(tar([{ path: 'bin/busybox', content: busybox, mode: 0o755 }]))], {
      ...p,
      config: { Entrypoint: ['/bin/busybox', 'true'] }
    })
    const statement = json({
      _type: 'https://in-toto.io/Statement/v0.1',
      predicateType: 'https://slsa.dev/provenance/v0.2',
      subject: [{ name: `pkg:docker/${repository}`, digest: { sha256: image.digest.slice(7) } }]
    })
    const attestation = await manifest(
      [{ gz: statement, tar: statement, mediaType: 'application/vnd.in-toto+json' }],
      { architecture: 'unknown', os: 'unknown', config: {} }
    )
    const tag = `leg-${[p.os, p.architecture, p.variant].filter(Boolean).join('-')}`
    const index = json({
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [
        { ...image, platform: p },
        {
          ...attestation,
          platform: { os: 'unknown', architecture: 'unknown' },
          annotations: {
            'vnd.docker.reference.type': 'attestation-manifest',
            'vnd.docker.reference.digest': image.digest
          }
        }
      ]
    })
    await client.putManifest({ ...repo, tag }, index, MediaType.ociIndex)
    legs.push(tag)
  }

  const base = gz(tar([{ path: 'Windows/System32/base.txt', content: Buffer.from('base\n') }]))
  const windows: string[] = []
  // The shared base layer once, first: 64 uploads of one blob at once race in distribution (a
  // manifest PUT then answers DIGEST_INVALID); each child's upload of it then finds it there.
  await blob(base.gz, MediaType.ociLayerGzip)
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const p: Platform = { os: 'windows', architecture: 'amd64', 'os.version': `10.0.17763.${1000 + i}` }
      const own = gz(tar([{ path: `app/leg-${i}.txt`, content: Buffer.from(`leg ${i}\n`) }]))
      await manifest([base, own], { ...p, config: {} }, `win-${i}`)
      windows[i] = `win-${i}`
    })
  )
  console.log(JSON.stringify({ legs, windows }))
}

const [command, ...rest] = process.argv.slice(2)
if (command === 'proxy') proxy(rest[0] ?? 'http://127.0.0.1:5000', Number(rest[1] ?? '40'))
else if (command === 'push')
  await push(rest[0] ?? '127.0.0.1:5000', rest[1] ?? 'bench/merge-latency', Number(rest[2] ?? '64'))
else {
  console.error('usage: merge-latency.js proxy UPSTREAM DELAY_MS | push REGISTRY REPOSITORY N')
  process.exit(2)
}
