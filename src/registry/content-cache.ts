/**
 * What one run already knows about registry content, so nothing is fetched twice: content by digest is
 * immutable (its bytes are its name), so a manifest or a small blob read or written once in a repository
 * is that repository's for the rest of the run. Bounded by bytes, least recently used first out.
 * Keys name the repository too: the same digest in another repository is not known to exist there.
 */
export class ByteBoundedCache<V> {
  private readonly entries = new Map<string, { value: V; size: number }>()
  private total = 0
  readonly limit: number

  constructor(limit: number) {
    this.limit = limit
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    // Map keeps insertion order: re-inserting marks the entry as the most recently used.
    this.entries.delete(key)
    this.entries.set(key, entry)
    return entry.value
  }

  has(key: string): boolean {
    return this.entries.has(key)
  }

  /** Stores `value`; one larger than the whole limit is not kept at all. */
  set(key: string, value: V, size: number): void {
    this.delete(key)
    if (size > this.limit) return
    this.entries.set(key, { value, size })
    this.total += size
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.limit) break
      this.entries.delete(oldest)
      this.total -= entry.size
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key)
    if (!entry) return
    this.entries.delete(key)
    this.total -= entry.size
  }

  get bytes(): number {
    return this.total
  }

  get size(): number {
    return this.entries.size
  }
}

/** The key of a digest in one repository of one registry. */
export function contentKey(repo: { registry: string; repository: string }, digest: string): string {
  return `${repo.registry}/${repo.repository}@${digest}`
}

/**
 * One read per content key at a time: a caller asking for what another is reading joins that read. When
 * the read it joined fails, the joiner reads on its own, so a failure is always met in a read of the
 * caller's own (a merge's read ahead fails quietly; the verification that counts must not inherit it).
 */
export class ReadsInFlight<V> {
  readonly #reads = new Map<string, Promise<V>>()

  async once(key: string, read: () => Promise<V>): Promise<V> {
    const pending = this.#reads.get(key)
    if (pending) {
      try {
        return await pending
      } catch {
        return read()
      }
    }
    const mine: Promise<V> = read().finally(() => {
      if (this.#reads.get(key) === mine) this.#reads.delete(key)
    })
    this.#reads.set(key, mine)
    return mine
  }
}
