/**
 * Concurrency by bytes: layers stream concurrently while the bytes they still have to deliver stay under
 * a bound, so many small layers run side by side and a few big ones take turns. A layer bigger than the
 * bound runs alone rather than never. First come, first served, so no layer waits forever. Pure.
 */
export interface ByteLimiterOptions {
  /** The sum of the sizes of the layers being read at once; a bigger layer runs alone. */
  maxBytes: number
  /** Open streams at most (connections), however small the layers. */
  maxStreams: number
}

interface Waiter {
  weight: number
  grant: () => void
}

export class ByteLimiter {
  readonly #maxBytes: number
  readonly #maxStreams: number
  readonly #queue: Waiter[] = []
  #bytes = 0
  #streams = 0
  #peakBytes = 0
  #peakStreams = 0

  constructor(options: ByteLimiterOptions) {
    this.#maxBytes = Math.max(1, options.maxBytes)
    this.#maxStreams = Math.max(1, options.maxStreams)
  }

  /** Waits for room for `bytes`; the returned function gives it back (call it once). */
  async acquire(bytes: number): Promise<() => void> {
    const weight = Math.min(Math.max(0, bytes), this.#maxBytes)
    await new Promise<void>((grant) => {
      this.#queue.push({ weight, grant })
      this.#grant()
    })
    let released = false
    return () => {
      if (released) return
      released = true
      this.#bytes -= weight
      this.#streams -= 1
      this.#grant()
    }
  }

  /** The most bytes and streams in flight at once so far. */
  get peak(): { bytes: number; streams: number } {
    return { bytes: this.#peakBytes, streams: this.#peakStreams }
  }

  #grant(): void {
    for (;;) {
      const next = this.#queue[0]
      if (!next) return
      const fits = this.#streams === 0 || this.#bytes + next.weight <= this.#maxBytes
      if (!fits || this.#streams >= this.#maxStreams) return
      this.#queue.shift()
      this.#bytes += next.weight
      this.#streams += 1
      this.#peakBytes = Math.max(this.#peakBytes, this.#bytes)
      this.#peakStreams = Math.max(this.#peakStreams, this.#streams)
      next.grant()
    }
  }
}
