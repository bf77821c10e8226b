/**
 * Writing blobs (POST /v2/<name>/blobs/uploads/, PATCH, PUT ?digest=): uploads, cross-repository
 * mounts and copies. A lost answer is checked (HEAD) before anything is sent again, and a session the
 * registry forgot is started anew.
 *
 * The rule: one monolithic upload per blob — POST for a session, then one PUT with the whole body and its
 * Content-Length — because chunking is where registries differ (GHCR refuses chunks over 4 MiB with 416;
 * ECR answers a chunk 201 instead of 202, refuses parts under 5 MB and drops bodies after the first
 * chunk). PATCH chunks are sent only when the caller sets `chunkSize` for a registry it knows takes them
 * (distribution does).
 */
import { contentKey } from './content-cache.js'
import { repositoryScope } from './challenge.js'
import type { Blobs } from './blobs.js'
import { isReplyLost, RegistryError, redactUrl } from './errors.js'
import type { BlobCopyResult, Repository } from './ports.js'
import { PULL, PUSH, type RegistrySession } from './session.js'
import { drain, type HttpResponse, type RequestBody } from './transport.js'

export class Uploads {
  private readonly session: RegistrySession
  private readonly blobs: Blobs
  private readonly chunkSize: number | undefined
  /** Copies in flight per target and digest: a layer several children share is brought over once. */
  private readonly copying = new Map<string, Promise<BlobCopyResult>>()

  constructor(options: { session: RegistrySession; blobs: Blobs; chunkSize?: number | undefined }) {
    this.session = options.session
    this.blobs = options.blobs
    this.chunkSize = options.chunkSize
  }

  /**
   * Upload a blob: one PUT, or PATCH chunks when larger than chunkSize. A lost answer is checked (HEAD)
   * before anything is sent again, and a session the registry forgot is started anew; a streamed body
   * is opened again for each attempt.
   */
  async upload(repo: Repository, digest: string, body: RequestBody): Promise<void> {
    const location = await this.start(repo)
    await this.finish(repo, digest, body, location)
  }

  /**
   * Mount a blob from another repository of the same registry; returns false (and abandons nothing: the
   * 202's session is used for an upload by copy) when the registry answers 202 instead of 201.
   */
  async mount(
    repo: Repository,
    digest: string,
    from: Repository
  ): Promise<{ mounted: true } | { mounted: false; location: string }> {
    const query = new URLSearchParams({ mount: digest, from: from.repository })
    const response = await this.session.write(
      repo,
      {
        method: 'POST',
        path: `${repo.repository}/blobs/uploads/?${query.toString()}`,
        extraScopes: [repositoryScope(from.repository, PULL)]
      },
      {
        landed: async () => (await this.blobs.headFromRegistry(repo, digest)) !== undefined,
        missing: `${digest.slice(0, 19)} is not in ${repo.repository}: mount again`
      }
    )
    if (response === undefined) return { mounted: true }
    const what = `mount ${digest} from ${from.repository} into ${repo.repository}`
    await this.session.expectStatus(response, [201, 202], what)
    await drain(response)
    if (response.status === 201) {
      this.session.knownBlob(repo, digest, undefined)
      return { mounted: true }
    }
    return { mounted: false, location: this.location(repo, response) }
  }

  /**
   * Make a blob present in `to`: nothing when it is there (known this run, or by HEAD), a mount within one
   * registry, else a streamed copy (GET from the source, digest-checked, PUT to the target).
   */
  async copy(from: Repository, to: Repository, digest: string, size: number): Promise<BlobCopyResult> {
    const key = contentKey(to, digest)
    if (this.session.knownBlobs.has(key)) return 'exists'
    const running = this.copying.get(key)
    if (running) return running.then(() => 'exists')
    const copy = this.copyMissing(from, to, digest, size).finally(() => {
      this.copying.delete(key)
    })
    this.copying.set(key, copy)
    return copy
  }

  private async copyMissing(
    from: Repository,
    to: Repository,
    digest: string,
    size: number
  ): Promise<BlobCopyResult> {
    if ((await this.blobs.headFromRegistry(to, digest)) !== undefined) return 'exists'
    let location: string | undefined
    if (from.registry === to.registry) {
      const mount = await this.mount(to, digest, from)
      if (mount.mounted) {
        this.session.knownBlob(to, digest, size)
        return 'mounted'
      }
      location = mount.location
    }
    // Each attempt opens the source again: a copy whose target connection broke starts from byte 0.
    const body: RequestBody = { size, open: () => this.blobs.get(from, digest) }
    await this.finish(to, digest, body, location ?? (await this.start(to)))
    return 'copied'
  }

  /** Opens an upload session; returns its location (referrers open one while the index is verified). */
  async start(repo: Repository): Promise<string> {
    const response = await this.session.call(repo, PUSH, {
      method: 'POST',
      path: `${repo.repository}/blobs/uploads/`,
      // A lost answer leaves a session nobody uses, which the registry expires: asking again is harmless.
      repeatable: true
    })
    await this.session.expectStatus(response, [202], `start upload to ${repo.registry}/${repo.repository}`)
    await drain(response)
    return this.location(repo, response)
  }

  /**
   * Sends the blob into the session at `location` (PATCH chunks first when chunked) and closes it with
   * the PUT ?digest=, a write never repeated blindly (it consumes the session). A session the registry
   * no longer knows (BLOB_UPLOAD_UNKNOWN: consumed by a PUT whose answer was lost, expired, another
   * replica's) is replaced by a new one and the whole blob sent again.
   */
  async finish(repo: Repository, digest: string, body: RequestBody, location: string): Promise<void> {
    const size = body instanceof Uint8Array ? body.byteLength : body.size
    const what = `upload of ${digest} to ${repo.registry}/${repo.repository}`
    const chunked =
      this.chunkSize !== undefined && size > this.chunkSize && body instanceof Uint8Array ? body : undefined
    const fill = (url: string): Promise<string> =>
      chunked ? this.sendChunks(repo, { digest, bytes: chunked, location: url }) : Promise.resolve(url)
    const stored = async (): Promise<boolean> =>
      (await this.blobs.headFromRegistry(repo, digest)) !== undefined
    let url = await fill(location)
    for (let session = 1; ; session++) {
      const response = await this.session.write(
        repo,
        {
          method: 'PUT',
          url: withDigest(url, digest),
          ...(chunked ? {} : { headers: { 'content-type': 'application/octet-stream' }, body })
        },
        // Not stored: the PUT never reached the registry, so its session is still open.
        { landed: stored, missing: `${digest.slice(0, 19)} is not stored: PUT again` }
      )
      if (response === undefined) break
      if (response.status === 201) {
        await drain(response)
        break
      }
      const error = await this.session.failure(response, what)
      if (!isSessionLost(error) || session >= this.session.transport.maxAttempts) throw error
      if (await stored()) break
      await this.session.transport.pause(
        { method: 'PUT', url },
        session,
        `${error.details.code ?? 'session'} unknown to the registry: new upload session`
      )
      url = await fill(await this.start(repo))
    }
    this.session.knownBlob(repo, digest, size)
  }

  /**
   * PATCHes `bytes` in chunks from offset 0 into the session at `location`; returns the URL to close it
   * with. A chunk whose answer was lost is not sent again blindly either, but resumed where the session
   * says it is (GET, Range); a session that cannot say (distribution refuses the pre-chunk URL once the
   * chunk landed) or is gone is replaced by a new one, from byte 0.
   */
  private async sendChunks(
    repo: Repository,
    upload: { digest: string; bytes: Uint8Array; location: string }
  ): Promise<string> {
    const { digest, bytes } = upload
    const chunkSize = this.chunkSize ?? bytes.byteLength
    const what = `upload of ${digest} to ${repo.registry}/${repo.repository}`
    const max = this.session.transport.maxAttempts
    let url = upload.location
    let offset = 0
    let failures = 0
    let restarts = 0
    const restart = async (reason: string): Promise<void> => {
      if (++restarts >= max) throw sessionFailed({ method: 'PATCH', url }, what, reason)
      await this.session.transport.pause({ method: 'PATCH', url }, restarts, `${reason}: new upload session`)
      url = await this.start(repo)
      offset = 0
    }
    while (offset < bytes.byteLength) {
      const end = Math.min(bytes.byteLength, offset + chunkSize)
      let response: HttpResponse
      try {
        response = await this.session.call(repo, PUSH, {
          method: 'PATCH',
          url,
          headers: {
            'content-type': 'application/octet-stream',
            'content-range': `${offset}-${end - 1}`
          },
          body: bytes.subarray(offset, end)
        })
      } catch (error) {
        if (!isReplyLost(error) || ++failures >= max) throw error
        const status = await this.status(repo, url)
        const resumed = status ? resumeOffset(status.range, offset, end) : undefined
        if (status && resumed !== undefined) {
          if (resumed === offset)
            await this.session.transport.pause(
              { method: 'PATCH', url },
              failures,
              `chunk answer lost and the session holds ${offset} bytes: PATCH again`
            )
          url = status.url
          offset = resumed
          continue
        }
        await restart('chunk answer lost and the session cannot say how much it holds')
        continue
      }
      if (response.status === 202) {
        await drain(response)
        url = this.location(repo, response)
        offset = end
        failures = 0
        continue
      }
      const error = await this.session.failure(response, what)
      if (!isSessionLost(error)) throw error
      await restart(`${error.details.code ?? String(error.details.status)} from the registry`)
    }
    return url
  }

  /** Where an upload session is (distribution spec: GET on the upload URL, 204 with Range), or undefined. */
  private async status(
    repo: Repository,
    url: string
  ): Promise<{ url: string; range: string | undefined } | undefined> {
    const response = await this.session.call(repo, PUSH, { method: 'GET', url })
    await drain(response)
    if (response.status !== 204) return undefined
    const location = response.header('location')
    return {
      url: location ? new URL(location, this.session.apiBase(repo.registry)).toString() : url,
      range: response.header('range')
    }
  }

  private location(repo: Repository, response: HttpResponse): string {
    const location = response.header('location')
    if (!location) {
      throw new RegistryError(
        'registry',
        `${repo.registry} started an upload without a Location header`,
        {
          method: response.method,
          url: redactUrl(response.url),
          status: response.status,
          temporary: false
        },
        { hint: 'the registry does not follow the distribution spec; report it' }
      )
    }
    return new URL(location, this.session.apiBase(repo.registry)).toString()
  }
}

/** The registry no longer knows the upload session (or its state token no longer matches it). */
function isSessionLost(error: RegistryError): boolean {
  const code = error.details.code
  return (
    code === 'BLOB_UPLOAD_UNKNOWN' ||
    code === 'BLOB_UPLOAD_INVALID' ||
    (error.details.status === 404 && code === undefined) ||
    error.details.status === 416
  )
}

/**
 * Where to resume a chunked upload whose chunk [start, end) got no answer, from the session's Range
 * (`0-N`: bytes 0..N held): `end` when the chunk landed, `start` when it did not, undefined when the
 * session holds something else (then only a new session is safe). Distribution answers `0-0` for an
 * empty session as for a 1-byte one, so `0-0` at start 0 counts as nothing held.
 */
export function resumeOffset(range: string | undefined, start: number, end: number): number | undefined {
  const match = range ? /^(?:bytes=)?0-(\d+)$/.exec(range.trim()) : null
  if (!match?.[1]) return start === 0 && range === undefined ? 0 : undefined
  const last = Number(match[1])
  if (last === 0 && start === 0) return end === 1 ? undefined : 0
  if (last + 1 === end) return end
  if (last + 1 === start) return start
  return undefined
}

function sessionFailed(
  request: { method: string; url: string },
  what: string,
  reason: string
): RegistryError {
  return new RegistryError(
    'registry',
    `${what} failed: ${reason}, and new upload sessions did not get further`,
    { method: request.method, url: redactUrl(request.url), temporary: true },
    {
      hint: 'the registry keeps losing upload sessions; retry the job, and check the registry or proxy in between'
    }
  )
}

function withDigest(url: string, digest: string): string {
  const parsed = new URL(url)
  parsed.searchParams.set('digest', digest)
  return parsed.toString()
}
