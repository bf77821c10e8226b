// A reverse proxy on 127.0.0.1 (its port printed on stdout) that holds every request DELAY_MS before
// forwarding it to UPSTREAM: the round trip from a runner to a hosted registry. The Host header is kept, so
// the upload locations the registry answers point back at the proxy and every request of a push pays the
// delay, as it would over a real network. Usage: node delay-proxy.mjs UPSTREAM DELAY_MS
import http from 'node:http'
import { pipeline } from 'node:stream'
import { setTimeout } from 'node:timers'

const [upstream, delay] = process.argv.slice(2)
const target = new URL(upstream)
const delayMs = Number(delay)
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })

const server = http.createServer((req, res) => {
  req.pause()
  setTimeout(() => {
    const out = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent
      },
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
  console.log(server.address().port)
})
