/** Tags (GET /v2/<name>/tags/list), following Link pagination. A tag's current digest is Manifests.head. */
import type { Repository } from './ports.js'
import { PULL, type RegistrySession } from './session.js'
import { drain, readBody } from './transport.js'

/** Pages followed at most: a registry whose Link never ends must not hold a run forever. */
const MAX_PAGES = 1000
const MAX_PAGE_BYTES = 16 * 1024 * 1024

export class Tags {
  private readonly session: RegistrySession

  constructor(session: RegistrySession) {
    this.session = session
  }

  /** All tags of a repository, following Link pagination; none when the repository does not exist. */
  async list(repo: Repository, pageSize = 1000): Promise<string[]> {
    const tags: string[] = []
    let path: string | undefined = `${repo.repository}/tags/list?n=${pageSize}`
    for (let page = 0; path !== undefined && page < MAX_PAGES; page++) {
      const response = await this.session.call(repo, PULL, { method: 'GET', path })
      if (response.status === 404 && page === 0) {
        await drain(response)
        return []
      }
      await this.session.expectStatus(response, [200], `tags of ${repo.registry}/${repo.repository}`)
      const body = JSON.parse((await readBody(response, MAX_PAGE_BYTES, 'tag list')).toString('utf8')) as {
        tags?: string[] | null
      }
      tags.push(...(body.tags ?? []))
      path = nextPage(response.header('link'), this.session.apiBase(repo.registry))
    }
    return tags
  }
}

/** `Link: </v2/foo/tags/list?n=2&last=b>; rel="next"` (RFC 8288) → the path relative to /v2/. */
export function nextPage(link: string | undefined, base: string): string | undefined {
  const match = link ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(link) : null
  if (!match?.[1]) return undefined
  const url = new URL(match[1], base).toString()
  // A next page on another host or outside /v2/ is not this registry's: stop rather than follow it.
  return url.startsWith(base) ? url.slice(base.length) : undefined
}
