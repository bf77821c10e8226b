/**
 * encoding/csv's rules, which buildx uses for cache, secret, output and attest specs. Pure: no I/O.
 */
export interface CsvField {
  /** The field as written, quotes included. */
  raw: string
  /** The field as buildx reads it. */
  value: string
}

/**
 * One line of comma-separated fields by encoding/csv's rules, which buildx uses for cache, secret and
 * output specs: a field that starts with `"` is quoted, `""` inside it is one quote. Undefined when a
 * quoted field is not closed or is followed by anything but a comma.
 */
export function splitCsvFields(line: string): CsvField[] | undefined {
  const fields: CsvField[] = []
  let at = 0
  for (;;) {
    const field = line.startsWith('"', at) ? readQuoted(line, at) : readBare(line, at)
    if (!field) return undefined
    fields.push(field.field)
    if (field.end >= line.length) return fields
    at = field.end + 1
  }
}

function readBare(line: string, start: number): { field: CsvField; end: number } {
  const comma = line.indexOf(',', start)
  const end = comma < 0 ? line.length : comma
  const raw = line.slice(start, end)
  return { field: { raw, value: raw }, end }
}

function readQuoted(line: string, start: number): { field: CsvField; end: number } | undefined {
  let value = ''
  let at = start + 1
  while (at < line.length) {
    const quote = line.indexOf('"', at)
    if (quote < 0) return undefined
    value += line.slice(at, quote)
    if (line[quote + 1] === '"') {
      value += '"'
      at = quote + 2
      continue
    }
    const end = quote + 1
    if (end < line.length && line[end] !== ',') return undefined
    return { field: { raw: line.slice(start, end), value }, end }
  }
  return undefined
}

/** encoding/csv Writer's rule: quote a field holding a comma, a quote or a line break, or starting with a space. */
export function quoteCsvField(value: string): string {
  return /[",\r\n]|^\s/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/**
 * A `key=value,…` spec (cache, attest, secret, output) as buildx reads it: keys lower-cased, values as
 * written; a field without `=` is a key with an empty value. Undefined when the line does not parse.
 */
export function csvAttributes(line: string): Map<string, string> | undefined {
  const fields = splitCsvFields(line)
  if (!fields) return undefined
  return new Map(
    fields.map(({ value }) => {
      const eq = value.indexOf('=')
      return eq < 0
        ? [value.trim().toLowerCase(), '']
        : [value.slice(0, eq).trim().toLowerCase(), value.slice(eq + 1)]
    })
  )
}
