// @ts-check
// The bench's bearer-token server for the token-auth docker-registry (distribution's "token" auth).
// It issues RS256 JWTs whose header carries x5c = [the DER certificate the registry trusts] and whose
// claims grant only what the caller may have: a known user gets every action it asks for, an anonymous
// caller gets `pull` on repositories matching `anonymousPull` and nothing else, a wrong password gets 401.
// Run: node token-server.mjs CONFIG.json   (CONFIG: listen, issuer, service, keyFile, certFile, users, anonymousPull)
import { createServer } from 'node:http'
import { createPrivateKey, randomUUID, sign, timingSafeEqual, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'

const TOKEN_LIFETIME_SECONDS = 300

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const key = createPrivateKey(readFileSync(config.keyFile))
const certDer = new X509Certificate(readFileSync(config.certFile)).raw.toString('base64')

/** @param {string|Buffer} data */
const base64url = (data) => Buffer.from(data).toString('base64url')

/** @param {string} a @param {string} b */
function sameSecret(a, b) {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** @param {string} pattern @param {string} name */
function globMatch(pattern, name) {
  const re = new RegExp(
    '^' +
      pattern
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$'
  )
  return re.test(name)
}

/**
 * `repository:name:pull,push` → { type, name, actions }. The name may hold a port (host:port/repo),
 * so the type is up to the first colon and the actions after the last one.
 * @param {string} scope
 */
function parseScope(scope) {
  const first = scope.indexOf(':')
  const last = scope.lastIndexOf(':')
  if (first < 0 || last === first) return undefined
  return {
    type: scope.slice(0, first),
    name: scope.slice(first + 1, last),
    actions: scope
      .slice(last + 1)
      .split(',')
      .filter(Boolean)
  }
}

/** @param {string|undefined} user @param {string[]} scopes */
function grant(user, scopes) {
  return scopes.flatMap((s) => {
    const scope = parseScope(s)
    if (!scope || scope.type !== 'repository') return []
    const allowed = user
      ? scope.actions
      : scope.actions.filter(
          (a) => a === 'pull' && (config.anonymousPull ?? []).some((p) => globMatch(p, scope.name))
        )
    return [{ type: 'repository', name: scope.name, actions: allowed }]
  })
}

/** @param {string|undefined} user @param {string[]} scopes */
function issueToken(user, scopes) {
  const now = Math.floor(Date.now() / 1000)
  const header = { alg: 'RS256', typ: 'JWT', x5c: [certDer] }
  const claims = {
    iss: config.issuer,
    sub: user ?? '',
    aud: config.service,
    exp: now + TOKEN_LIFETIME_SECONDS,
    nbf: now - 10,
    iat: now,
    jti: randomUUID(),
    access: grant(user, scopes)
  }
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`
  const signature = sign('sha256', Buffer.from(signingInput), key)
  const token = `${signingInput}.${base64url(signature)}`
  return {
    token,
    access_token: token,
    expires_in: TOKEN_LIFETIME_SECONDS,
    issued_at: new Date(now * 1000).toISOString()
  }
}

/**
 * @param {string|undefined} username @param {string|undefined} password
 * @returns {{ ok: true, user: string|undefined } | { ok: false }}
 */
function authenticate(username, password) {
  if (username === undefined) return { ok: true, user: undefined }
  const expected = config.users?.[username]
  if (typeof expected !== 'string' || password === undefined || !sameSecret(password, expected))
    return { ok: false }
  return { ok: true, user: username }
}

/** @param {string|undefined} header */
function basicCredentials(header) {
  if (!header || !header.toLowerCase().startsWith('basic '))
    return { username: undefined, password: undefined }
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return { username: decoded, password: '' }
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body */
function reply(res, status, body) {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/** @param {import('node:http').IncomingMessage} req */
async function readBody(req) {
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  return Buffer.concat(chunks).toString('utf8')
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://token.invalid')
  try {
    if (url.pathname === '/healthz') return reply(res, 200, { ok: true })
    if (url.pathname !== '/token')
      return reply(res, 404, { errors: [{ code: 'NOT_FOUND', message: 'no such endpoint' }] })

    let username, password, service, scopes
    if (req.method === 'POST') {
      // OAuth2 password grant, as `docker login` may try first.
      const form = new URLSearchParams(await readBody(req))
      if (form.get('grant_type') !== 'password') {
        return reply(res, 400, { error: 'unsupported_grant_type' })
      }
      username = form.get('username') ?? undefined
      password = form.get('password') ?? undefined
      service = form.get('service')
      scopes = (form.get('scope') ?? '').split(' ').filter(Boolean)
    } else if (req.method === 'GET') {
      ;({ username, password } = basicCredentials(req.headers.authorization))
      service = url.searchParams.get('service')
      scopes = url.searchParams
        .getAll('scope')
        .flatMap((s) => s.split(' '))
        .filter(Boolean)
    } else {
      return reply(res, 405, { errors: [{ code: 'UNSUPPORTED', message: 'GET or POST only' }] })
    }
    if (service !== config.service) {
      return reply(res, 400, { errors: [{ code: 'INVALID_SERVICE', message: `unknown service ${service}` }] })
    }
    const who = authenticate(username, password)
    if (!who.ok) {
      console.log(`${req.method} /token user=${username} -> 401`)
      res.setHeader('www-authenticate', 'Basic realm="multiarch-publish-bench"')
      return reply(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'invalid username or password' }] })
    }
    const issued = issueToken(who.user, scopes)
    console.log(`${req.method} /token user=${who.user ?? '(anonymous)'} scopes=${scopes.join(' ')} -> 200`)
    return reply(res, 200, issued)
  } catch (error) {
    console.error(error)
    return reply(res, 500, { errors: [{ code: 'INTERNAL', message: String(error) }] })
  }
})

server.listen(config.listen.port, config.listen.host, () => {
  console.log(`token server listening on http://${config.listen.host}:${config.listen.port}`)
})
