/**
 * Registry authentication: learns each registry's challenge once (Basic or Bearer), then authorises
 * requests up front so most operations cost one request, not two. Bearer tokens are fetched for the
 * union of the scopes an operation needs (e.g. push on the target and pull on a mount source) and
 * cached per registry until shortly before they expire (distribution, docs/spec/auth/token.md). A cached
 * token serves any later request whose scopes it covers — what its `access` claim grants, or what was
 * asked for when the token is opaque — so pull on a mount's source reuses the mount's token. Concurrent
 * requests for one scope set share one token request.
 *
 * Credentials are looked up by the registry being talked to, and go only to that registry and to the
 * token realm its own challenge names (the client never passes on a challenge that came from elsewhere).
 */
import { isLoopbackRegistry } from '../reference/reference.js'
import type { Challenge } from './challenge.js'
import { parseChallenges } from './challenge.js'
import type { Credential, CredentialSource } from './credentials.js'
import { errorForResponse, RegistryError } from './errors.js'
import { readBody, type Transport } from './transport.js'

/** Tokens without expires_in last 60 s (token.md); refresh a little early so none expires in flight. */
const DEFAULT_TOKEN_SECONDS = 60
const EXPIRY_MARGIN_MS = 10_000
const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024

interface CachedToken {
  header: string
  expiresAt: number
  /** What the token may do, per repository. */
  granted: ScopeSet
}

/** Repository name → actions. */
export type ScopeSet = ReadonlyMap<string, ReadonlySet<string>>

export interface AuthenticatorOptions {
  transport: Transport
  credentials: CredentialSource
  onSecret: (secret: string) => void
  /** Hosts allowed over plain HTTP besides loopback; credentials are only sent to realms that are HTTPS or allowed. */
  insecureHosts: ReadonlySet<string>
}

export class Authenticator {
  /** Token requests made, so request counts can be reported with and without them. */
  tokenRequests = 0
  private readonly challenges = new Map<string, Challenge | null>()
  private readonly tokens = new Map<string, CachedToken>()
  private readonly inFlight = new Map<string, Promise<string>>()
  private readonly options: AuthenticatorOptions

  constructor(options: AuthenticatorOptions) {
    this.options = options
  }

  /** The Authorization header to send first, from what the registry asked for before (if anything). */
  async headerFor(registry: string, scopes: readonly string[]): Promise<string | undefined> {
    const challenge = this.challenges.get(registry)
    if (!challenge) return undefined
    if (challenge.scheme === 'basic') return this.basicHeader(registry)
    return this.cachedToken(registry, scopes) ?? this.fetchToken(registry, challenge, scopes)
  }

  /** A live token asked for with exactly these scopes, else one whose grant covers them. */
  private cachedToken(registry: string, scopes: readonly string[]): string | undefined {
    const now = Date.now()
    const exact = this.tokens.get(tokenKey(registry, scopes))
    if (exact && exact.expiresAt > now) return exact.header
    const needed = parseScopes(scopes)
    for (const [key, token] of this.tokens) {
      if (token.expiresAt <= now) {
        this.tokens.delete(key)
        continue
      }
      if (key.startsWith(`${registry}|`) && scopeCovers(token.granted, needed)) return token.header
    }
    return undefined
  }

  /**
   * After a 401: remember the challenge and return a header worth one more try, or undefined when there
   * is nothing better to send (no credentials for Basic).
   */
  async answer(
    registry: string,
    scopes: readonly string[],
    wwwAuthenticate: string | undefined
  ): Promise<string | undefined> {
    const all = parseChallenges(wwwAuthenticate)
    const challenge = all.find((c) => c.scheme === 'bearer') ?? all.find((c) => c.scheme === 'basic')
    if (!challenge) return undefined
    this.challenges.set(registry, challenge)
    if (challenge.scheme === 'basic') return this.basicHeader(registry)
    const asked = challenge.params.scope?.split(' ').filter(Boolean) ?? []
    return this.fetchToken(registry, challenge, [...new Set([...scopes, ...asked])])
  }

  private async basicHeader(registry: string): Promise<string | undefined> {
    const credential = await this.options.credentials.get(registry)
    if (credential?.kind !== 'basic') return undefined
    const header = 'Basic ' + Buffer.from(`${credential.username}:${credential.password}`).toString('base64')
    this.options.onSecret(header.slice(6))
    return header
  }

  /** One token request per registry and scope set at a time: concurrent callers share its answer. */
  private fetchToken(registry: string, challenge: Challenge, scopes: readonly string[]): Promise<string> {
    const key = tokenKey(registry, scopes)
    const pending = this.inFlight.get(key)
    if (pending) return pending
    const request = this.requestToken(registry, challenge, scopes).finally(() => {
      this.inFlight.delete(key)
    })
    this.inFlight.set(key, request)
    return request
  }

  private async requestToken(
    registry: string,
    challenge: Challenge,
    scopes: readonly string[]
  ): Promise<string> {
    const realm = challenge.params.realm
    if (!realm) {
      throw new RegistryError(
        'auth',
        `${registry} asked for a Bearer token without naming a realm`,
        { method: 'GET', url: registry, temporary: false },
        { hint: 'the registry is misconfigured; report it to its operator' }
      )
    }
    const credential = await this.options.credentials.get(registry)
    this.refuseInsecureRealm(registry, realm, credential)
    this.tokenRequests++
    const response = await this.options.transport.send(
      tokenRequest(realm, challenge.params.service, scopes, credential)
    )
    const body = await readBody(response, MAX_TOKEN_RESPONSE_BYTES, `token from ${realm}`)
    if (response.status !== 200) {
      if (response.status === 401 || response.status === 403) {
        throw new RegistryError(
          'auth',
          `the token server ${new URL(realm).origin} refused the credentials for ${registry} (${response.status})`,
          { method: 'GET', url: realm, status: response.status, temporary: false },
          {
            hint: credential
              ? 'check the username and password (or log in again with docker/login-action)'
              : "log in with docker/login-action first, or set `username`/`password` (for `image`'s registry) or a `registry-auth` line (for any other)"
          }
        )
      }
      throw errorForResponse({
        method: 'GET',
        url: realm,
        status: response.status,
        body: body.toString(),
        what: 'token request'
      })
    }
    const parsed = JSON.parse(body.toString('utf8')) as {
      token?: string
      access_token?: string
      expires_in?: number
      issued_at?: string
    }
    const token = parsed.token ?? parsed.access_token
    if (!token) {
      throw new RegistryError(
        'auth',
        `the token server ${new URL(realm).origin} answered without a token`,
        { method: 'GET', url: realm, status: 200, temporary: false },
        { hint: 'the token server is misconfigured; report it to the registry operator' }
      )
    }
    this.options.onSecret(token)
    const issuedAt = parsed.issued_at ? Date.parse(parsed.issued_at) : NaN
    const start = Number.isNaN(issuedAt) ? Date.now() : Math.min(issuedAt, Date.now())
    const seconds = parsed.expires_in && parsed.expires_in > 0 ? parsed.expires_in : DEFAULT_TOKEN_SECONDS
    const header = `Bearer ${token}`
    this.tokens.set(tokenKey(registry, scopes), {
      header,
      expiresAt: start + seconds * 1000 - EXPIRY_MARGIN_MS,
      granted: grantedScopes(token) ?? parseScopes(scopes)
    })
    return header
  }

  /** A password must not cross the network in clear text to a host the user did not mark insecure. */
  private refuseInsecureRealm(registry: string, realm: string, credential: Credential | undefined): void {
    const url = new URL(realm)
    if (!credential || url.protocol === 'https:') return
    if (isLoopbackRegistry(url.host) || this.options.insecureHosts.has(url.host)) return
    throw new RegistryError(
      'auth',
      `${registry} sends logins to ${url.origin} over plain HTTP; refusing to send credentials there`,
      { method: 'GET', url: url.origin, temporary: false },
      { hint: `list ${url.host} as insecure only if that network is trusted` }
    )
  }
}

/** `repository:NAME:a,b` scopes → NAME → actions; other resource types are ignored. */
export function parseScopes(scopes: readonly string[]): ScopeSet {
  const set = new Map<string, Set<string>>()
  for (const scope of scopes) {
    const first = scope.indexOf(':')
    const last = scope.lastIndexOf(':')
    if (first < 0 || last <= first || scope.slice(0, first) !== 'repository') continue
    const name = scope.slice(first + 1, last)
    const actions = set.get(name) ?? new Set<string>()
    for (const action of scope.slice(last + 1).split(',')) if (action) actions.add(action)
    set.set(name, actions)
  }
  return set
}

/** Whether every repository and action in `needed` is in `granted` (`*` grants every action). */
export function scopeCovers(granted: ScopeSet, needed: ScopeSet): boolean {
  for (const [name, actions] of needed) {
    const have = granted.get(name)
    if (!have) return false
    if (have.has('*')) continue
    for (const action of actions) if (!have.has(action)) return false
  }
  return true
}

/**
 * What a JWT bearer token grants, from its `access` claim (token.md, "Requesting a Token"); undefined for
 * an opaque token or one that cannot be read, whose grant is then taken to be what was asked for. Read
 * only to decide reuse: the registry still checks the signature and the claim on every request.
 */
export function grantedScopes(token: string): ScopeSet | undefined {
  const payload = token.split('.')[1]
  if (token.split('.').length !== 3 || !payload) return undefined
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      access?: { type?: unknown; name?: unknown; actions?: unknown }[]
    }
    if (!Array.isArray(claims.access)) return undefined
    const set = new Map<string, Set<string>>()
    for (const entry of claims.access) {
      if (entry.type !== 'repository' || typeof entry.name !== 'string' || !Array.isArray(entry.actions))
        continue
      const actions = set.get(entry.name) ?? new Set<string>()
      for (const action of entry.actions) if (typeof action === 'string') actions.add(action)
      set.set(entry.name, actions)
    }
    return set
  } catch {
    return undefined
  }
}

function tokenKey(registry: string, scopes: readonly string[]): string {
  return `${registry}|${[...scopes].sort().join(' ')}`
}

function tokenRequest(
  realm: string,
  service: string | undefined,
  scopes: readonly string[],
  credential: Credential | undefined
): { method: string; url: string; headers: Record<string, string>; body?: Uint8Array; repeatable: true } {
  if (credential?.kind === 'identity-token') {
    // An identity token is an OAuth2 refresh token: exchange it with a POST (token.md, "oauth").
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: credential.token,
      client_id: 'multiarch-publish'
    })
    if (service) form.set('service', service)
    if (scopes.length > 0) form.set('scope', scopes.join(' '))
    return {
      method: 'POST',
      url: realm,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.from(form.toString()),
      // Asking for a token changes nothing on the server: a lost answer is simply asked again.
      repeatable: true
    }
  }
  const url = new URL(realm)
  if (service) url.searchParams.set('service', service)
  for (const scope of scopes) url.searchParams.append('scope', scope)
  const headers: Record<string, string> = {}
  if (credential?.kind === 'basic') {
    headers.authorization =
      'Basic ' + Buffer.from(`${credential.username}:${credential.password}`).toString('base64')
  }
  return { method: 'GET', url: url.toString(), headers, repeatable: true }
}
