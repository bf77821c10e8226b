/**
 * Plain HTTP calls to a registry for tests that must not depend on the product's own client:
 * the bench's round trips and independent reads. Handles the Basic and Bearer challenge flows.
 */
import { createHash } from 'node:crypto'

export interface Credentials {
  username: string
  password: string
}

export interface RawResponse {
  status: number
  headers: Headers
  body: Buffer
}

export const sha256 = (data: Buffer | string): string =>
  'sha256:' + createHash('sha256').update(data).digest('hex')

const basic = (c: Credentials): string =>
  'Basic ' + Buffer.from(`${c.username}:${c.password}`).toString('base64')

/** Parses `Bearer realm="…",service="…",scope="…"` into its parameters. */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const space = header.indexOf(' ')
  const scheme = header.slice(0, space).toLowerCase()
  const params: Record<string, string> = {}
  for (const m of header.slice(space + 1).matchAll(/(\w+)="([^"]*)"/g))
    params[m[1] as string] = m[2] as string
  return { scheme, params }
}

async function send(url: string, init: RequestInit): Promise<RawResponse> {
  const res = await fetch(url, { ...init, redirect: 'manual' })
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) }
}

/** Fetches a token for the challenge; returns the token server's status when it refuses. */
export async function fetchToken(
  challenge: Record<string, string>,
  creds: Credentials | undefined
): Promise<{ status: number; token?: string }> {
  const url = new URL(challenge.realm ?? '')
  if (challenge.service) url.searchParams.set('service', challenge.service)
  if (challenge.scope) url.searchParams.set('scope', challenge.scope)
  const res = await fetch(url, { headers: creds ? { authorization: basic(creds) } : {} })
  if (res.status !== 200) return { status: res.status }
  const body = (await res.json()) as { token?: string; access_token?: string }
  return { status: 200, token: body.token ?? body.access_token }
}

/**
 * One request to `http://ADDRESS/v2/…`, answering a 401 challenge once: Basic with the credentials,
 * or Bearer with a token fetched (with the credentials, if any) for the challenged scope.
 */
export async function registryRequest(
  address: string,
  method: string,
  path: string,
  options: { body?: Buffer; headers?: Record<string, string>; creds?: Credentials } = {}
): Promise<RawResponse> {
  const url = path.startsWith('http') ? path : `http://${address}${path}`
  const init = (authorization?: string): RequestInit => ({
    method,
    headers: { ...options.headers, ...(authorization ? { authorization } : {}) },
    ...(options.body ? { body: options.body } : {})
  })
  const first = await send(url, init())
  if (first.status !== 401) return first
  const challenge = parseChallenge(first.headers.get('www-authenticate') ?? '')
  if (challenge.scheme === 'basic') return options.creds ? send(url, init(basic(options.creds))) : first
  const token = await fetchToken(challenge.params, options.creds)
  if (!token.token) return { ...first, status: token.status }
  return send(url, init(`Bearer ${token.token}`))
}

/** Monolithic blob upload (POST then PUT ?digest=), the two-request form every registry supports. */
export async function pushBlob(
  address: string,
  repo: string,
  data: Buffer,
  creds?: Credentials
): Promise<{ status: number; digest: string }> {
  const digest = sha256(data)
  const start = await registryRequest(address, 'POST', `/v2/${repo}/blobs/uploads/`, creds ? { creds } : {})
  if (start.status !== 202) return { status: start.status, digest }
  const location = new URL(start.headers.get('location') ?? '', `http://${address}`)
  location.searchParams.set('digest', digest)
  const put = await registryRequest(address, 'PUT', location.toString(), {
    body: data,
    headers: { 'content-type': 'application/octet-stream' },
    ...(creds ? { creds } : {})
  })
  return { status: put.status, digest }
}

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

/** A tiny but valid OCI image: one layer blob, one config, one manifest; returns all the bytes. */
export function tinyImage(label: string): { layer: Buffer; config: Buffer; manifest: Buffer } {
  const layer = Buffer.from(`layer for ${label}\n`)
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: [sha256(layer)] }
    })
  )
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha256(config),
        size: config.length
      },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256(layer), size: layer.length }
      ]
    })
  )
  return { layer, config, manifest }
}
