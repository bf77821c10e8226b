/**
 * A "registry" on another loopback host that only asks for credentials and writes down every
 * Authorization header it gets: with a Basic challenge, or with a Bearer challenge whose token realm is
 * its own /token endpoint (which answers with a token, so the registry sees the Bearer header too).
 * It stands in for a merge source on a registry the target's credentials must never reach.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface AuthRecorder {
  /** host:port, as a registry in a reference. */
  address: string
  /** Every Authorization header received, with the path it came on. */
  received: { path: string; authorization: string }[]
  /** Requests of any kind, so a test can tell the recorder was asked at all. */
  requests: number
  close(): Promise<void>
}

export async function startAuthRecorder(scheme: 'basic' | 'bearer', host: string): Promise<AuthRecorder> {
  const received: AuthRecorder['received'] = []
  let requests = 0
  let address = ''
  const server = http.createServer((req, res) => {
    requests++
    const path = req.url ?? '/'
    if (req.headers.authorization) received.push({ path, authorization: req.headers.authorization })
    req.resume()
    if (path.startsWith('/token')) {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ token: 'recorder-issued-token', expires_in: 300 }))
      return
    }
    const challenge =
      scheme === 'basic'
        ? 'Basic realm="recorder"'
        : `Bearer realm="http://${address}/token",service="recorder"`
    res.writeHead(401, {
      'content-type': 'application/json',
      'www-authenticate': challenge,
      'docker-distribution-api-version': 'registry/2.0'
    })
    res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }))
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  address = `${host}:${(server.address() as AddressInfo).port}`
  return {
    address,
    received,
    get requests() {
      return requests
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => {
          resolve()
        })
      })
  }
}
