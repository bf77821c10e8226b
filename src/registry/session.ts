/**
 * What every resource file (manifests, blobs, uploads, tags) shares: the authorised request to a
 * registry, the one loop that repeats a write whose answer was lost, and the run's memory of what is
 * where. As regclient's scheme/reg: one session, one file per API area around it.
 */
import { isLoopbackRegistry, registryApiHost } from '../reference/reference.js'
import { Authenticator } from './auth.js'
import { repositoryScope } from './challenge.js'
import { ByteBoundedCache, contentKey } from './content-cache.js'
import { chainCredentials, dockerConfigCredentials, type CredentialSource } from './credentials.js'
import { errorForResponse, isReplyLost, type RegistryError } from './errors.js'
import type { ManifestHead, Repository, SourceManifest } from './ports.js'
import type { ParsedManifest } from '../oci/parse.js'
import {
  drain,
  readBody,
  Transport,
  type HttpResponse,
  type RequestBody,
  type TransportOptions
} from './transport.js'

/** What getManifest returns: a SourceManifest plus its kind. */
export interface FetchedManifest extends SourceManifest, Pick<ParsedManifest, 'kind'> {}

export interface RegistryClientOptions {
  /** Default: the docker config ($DOCKER_CONFIG or ~/.docker), as docker/login-action leaves it. */
  credentials?: CredentialSource
  transport?: Transport | TransportOptions
  /** Registries (host[:port]) to reach over plain HTTP, besides loopback ones (as Docker's insecure-registries). */
  insecureRegistries?: readonly string[]
  /** Receives every secret as it is read or made: core.setSecret in the action. */
  onSecret?: (secret: string) => void
  /** Blob uploads larger than this go in PATCH chunks of this size; default: one PUT (see uploads.ts). */
  chunkSize?: number
  /** Read-after-write: how often a just-pushed manifest that answers 404 is asked for again (ECR). */
  readAfterWriteRetries?: number
  /** Bytes of manifests and configs kept for the run, so none is fetched twice; default 64 MiB. */
  cacheBytes?: number
}

export const PULL = ['pull'] as const
export const PUSH = ['pull', 'push'] as const

/** One request to a registry: a path under its /v2/ or a full URL (an upload Location). */
export interface CallRequest {
  method: string
  path?: string
  url?: string
  headers?: Record<string, string>
  body?: RequestBody
  extraScopes?: string[]
  repeatable?: boolean
}

/** How a write whose answer was lost is checked before it is sent again. */
export interface LostReplyCheck {
  /** Asks the registry (never the run's memory) whether the write took effect. */
  landed: () => Promise<boolean>
  /** For the retry log: what was found missing and what is sent again. */
  missing: string
}

const DEFAULT_READ_AFTER_WRITE_RETRIES = 4
const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024
/** Digests remembered as present per repository (an entry is a short string; the bound keeps memory flat). */
const MAX_KNOWN_DIGESTS = 100_000
/** Error bodies read for their code and message; anything longer is cut. */
const MAX_ERROR_BODY = 64 * 1024

export class RegistrySession {
  readonly transport: Transport
  readonly auth: Authenticator
  readonly readAfterWriteRetries: number
  /** Manifests this run pushed (registry/repository@digest): read-after-write may ask again for them. */
  readonly pushed = new Set<string>()
  /**
   * Manifests and small blobs (configs) by digest, as read or written this run: the digest names the
   * bytes, so they are the same in every repository. They are served for a repository only where this run
   * has seen that digest exist (the known sets below).
   */
  readonly manifests: ByteBoundedCache<FetchedManifest>
  readonly smallBlobs: ByteBoundedCache<Buffer>
  /** Manifests known to be in a repository: read, written or HEADed this run. */
  readonly knownManifests = new ByteBoundedCache<ManifestHead>(MAX_KNOWN_DIGESTS)
  /** Blobs known to be in a repository (pushed, mounted, read or HEADed this run), with their size when known. */
  readonly knownBlobs = new ByteBoundedCache<{ size?: number }>(MAX_KNOWN_DIGESTS)
  private readonly insecure: ReadonlySet<string>
  /** Registries answered at least once, and the first request to each while it is in flight. */
  private readonly contacted = new Set<string>()
  private readonly firstContact = new Map<string, Promise<void>>()

  constructor(options: RegistryClientOptions = {}) {
    this.transport =
      options.transport instanceof Transport ? options.transport : new Transport(options.transport)
    this.insecure = new Set(options.insecureRegistries ?? [])
    const onSecret = options.onSecret ?? ((): void => undefined)
    this.auth = new Authenticator({
      transport: this.transport,
      credentials: options.credentials ?? chainCredentials(dockerConfigCredentials({ onSecret })),
      onSecret,
      insecureHosts: this.insecure
    })
    this.readAfterWriteRetries = options.readAfterWriteRetries ?? DEFAULT_READ_AFTER_WRITE_RETRIES
    const cacheBytes = options.cacheBytes ?? DEFAULT_CACHE_BYTES
    this.manifests = new ByteBoundedCache(cacheBytes)
    this.smallBlobs = new ByteBoundedCache(Math.floor(cacheBytes / 4))
  }

  /** `http(s)://HOST/v2/` for a registry: plain HTTP only for loopback or listed insecure registries. */
  apiBase(registry: string): string {
    const scheme = isLoopbackRegistry(registry) || this.insecure.has(registry) ? 'http' : 'https'
    return `${scheme}://${registryApiHost(registry)}/v2/`
  }

  /** The URL a request goes to: its own, or its path under the registry's /v2/. */
  urlOf(repo: Repository, req: Pick<CallRequest, 'path' | 'url'>): string {
    return req.url ?? this.apiBase(repo.registry) + (req.path ?? '')
  }

  /**
   * One authorised request: the header learned before (if any), and after a 401 one more try with what
   * the challenge asks for. Bodies are bytes or stream factories, so the second try can send them again.
   *
   * Credentials are for the registry's own origin only: a URL on another host (an upload Location, a
   * redirect) gets no Authorization, and a 401 that did not come from the registry itself is not answered
   * (a challenge from elsewhere could name a realm that would collect this registry's password).
   * The first request to a registry goes alone: the others wait for its challenge instead of each
   * collecting a 401 of their own.
   */
  async call(repo: Repository, actions: readonly string[], req: CallRequest): Promise<HttpResponse> {
    const base = this.apiBase(repo.registry)
    const url = this.urlOf(repo, req)
    const origin = new URL(base).origin
    const own = new URL(url).origin === origin
    const scopes = [repositoryScope(repo.repository, actions), ...(req.extraScopes ?? [])]
    const send = (authorization: string | undefined): Promise<HttpResponse> =>
      this.transport.send({
        method: req.method,
        url,
        headers: { ...req.headers, ...(authorization ? { authorization } : {}) },
        ...(req.body ? { body: req.body } : {}),
        ...(req.repeatable !== undefined ? { repeatable: req.repeatable } : {})
      })
    const release = await this.turnToContact(repo.registry)
    try {
      const first = own ? await this.auth.headerFor(repo.registry, scopes) : undefined
      const response = await send(first)
      if (response.status !== 401 || !own || new URL(response.url).origin !== origin) return response
      await drain(response)
      const second = await this.auth.answer(repo.registry, scopes, response.header('www-authenticate'))
      // The challenge is learned and its token (or Basic header) is held: the requests waiting on first
      // contact go now, authorised up front, instead of one round trip later, after this retry's answer.
      release()
      if (second === undefined || second === first) return response
      return await send(second)
    } finally {
      release()
    }
  }

  /**
   * A write that is never repeated blindly — a tag PUT repeated after another publish moved the tag would
   * move it back, an upload's closing PUT consumes its session — so when its answer is lost the registry
   * is asked whether it took effect, and only when it did not is the write sent again (within the
   * transport's attempts). Every write the client makes goes through here. Returns the registry's answer,
   * or undefined when a write whose answer was lost is found to have landed.
   */
  async write(repo: Repository, req: CallRequest, check: LostReplyCheck): Promise<HttpResponse | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.call(repo, PUSH, { ...req, repeatable: false })
      } catch (error) {
        if (!isReplyLost(error) || attempt >= this.transport.maxAttempts) throw error
        if (await check.landed()) return undefined
        await this.transport.pause(
          { method: req.method, url: this.urlOf(repo, req) },
          attempt,
          `answer lost and ${check.missing}`
        )
      }
    }
  }

  /** The error for an answer that is not a success, naming the request's real method and URL. */
  async failure(response: HttpResponse, what: string): Promise<RegistryError> {
    const head = response.method === 'HEAD'
    const body = head
      ? ''
      : (await readBody(response, MAX_ERROR_BODY, what).catch(() => Buffer.alloc(0))).toString('utf8')
    if (head) await drain(response)
    return errorForResponse({
      method: response.method,
      url: response.url,
      status: response.status,
      body,
      what,
      header: (name) => response.header(name)
    })
  }

  async expectStatus(response: HttpResponse, ok: readonly number[], what: string): Promise<void> {
    if (ok.includes(response.status)) return
    throw await this.failure(response, what)
  }

  knownBlob(repo: Repository, digest: string, size: number | undefined): void {
    const known = size !== undefined && Number.isFinite(size) ? { size } : {}
    this.knownBlobs.set(contentKey(repo, digest), known, 1)
  }

  /**
   * Waits while another request makes first contact with `registry`; returns what ends this one's turn
   * (called once the registry has answered, or its challenge has been answered; calling it again does nothing).
   */
  private async turnToContact(registry: string): Promise<() => void> {
    const nothing = (): void => undefined
    if (this.contacted.has(registry)) return nothing
    const pending = this.firstContact.get(registry)
    if (pending) {
      await pending
      return nothing
    }
    let done = nothing
    this.firstContact.set(
      registry,
      new Promise<void>((resolve) => {
        done = resolve
      })
    )
    return () => {
      this.contacted.add(registry)
      this.firstContact.delete(registry)
      done()
    }
  }
}
