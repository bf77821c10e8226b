/**
 * Splits rawjson progress into the JSON objects buildx prints and the plain lines around them (buildx's
 * closing error report). Both shapes buildx has printed are read: buildx 0.13/0.14 indent each object over
 * several lines, later versions print one object per line. An object starts with `{` at the start of a
 * line; braces inside strings are skipped; text that does not parse is passed on as plain lines. Pure.
 */
export class JsonObjectStream {
  private buffer = ''
  private depth = 0
  private inString = false
  private escaped = false
  private scanned = 0

  /** Feeds a chunk; returns what it completed. */
  push(chunk: string): { objects: unknown[]; lines: string[] } {
    this.buffer += chunk
    const objects: unknown[] = []
    const lines: string[] = []
    for (;;) {
      if (this.depth === 0) {
        // Between objects: whole lines are plain text, until a line starts with '{'.
        if (this.buffer.startsWith('{')) {
          this.depth = 1
          this.scanned = 1
          continue
        }
        const newline = this.buffer.indexOf('\n')
        if (newline < 0) break
        const line = this.buffer.slice(0, newline).replace(/\r$/, '')
        if (line.trim() !== '') lines.push(line)
        this.buffer = this.buffer.slice(newline + 1)
        continue
      }
      const end = this.scanObject()
      if (end < 0) break
      const text = this.buffer.slice(0, end)
      this.buffer = this.buffer.slice(end)
      try {
        objects.push(JSON.parse(text))
      } catch {
        lines.push(...text.split('\n').filter((l) => l.trim() !== ''))
      }
    }
    return { objects, lines }
  }

  /** Whatever is left when the stream ends, as plain lines. */
  end(): string[] {
    const rest = this.buffer
    this.buffer = ''
    this.depth = 0
    return rest.split('\n').filter((l) => l.trim() !== '')
  }

  /** Continues scanning the open object; the index just after its closing brace, or -1 if not complete. */
  private scanObject(): number {
    for (let i = this.scanned; i < this.buffer.length; i++) {
      const ch = this.buffer[i]
      if (this.inString) {
        if (this.escaped) this.escaped = false
        else if (ch === '\\') this.escaped = true
        else if (ch === '"') this.inString = false
        continue
      }
      if (ch === '"') this.inString = true
      else if (ch === '{') this.depth++
      else if (ch === '}' && --this.depth === 0) {
        this.scanned = 0
        return i + 1
      }
    }
    this.scanned = this.buffer.length
    return -1
  }
}
