/** The one Engine API call made without the docker CLI: `GET /info` on the daemon's unix socket. */
import { request } from 'node:http'

/** The daemon's DriverStatus as JSON text (what `docker info --format '{{json .DriverStatus}}'` prints); undefined on any failure. */
export function engineDriverStatus(socketPath: string, timeoutMs = 2000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/info', method: 'GET', timeout: timeoutMs }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('error', () => {
        resolve(undefined)
      })
      res.on('end', () => {
        if (res.statusCode !== 200) {
          resolve(undefined)
          return
        }
        try {
          const status = (JSON.parse(body) as { DriverStatus?: unknown }).DriverStatus
          resolve(Array.isArray(status) ? JSON.stringify(status) : undefined)
        } catch {
          resolve(undefined)
        }
      })
    })
    req.on('timeout', () => {
      req.destroy()
    })
    req.on('error', () => {
      resolve(undefined)
    })
    req.end()
  })
}
