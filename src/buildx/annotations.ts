/**
 * The `annotations` input split by level, as build-push-action and docker/metadata-action write it
 * (`manifest:key=value`, `index:key=value`, `manifest,index:key=value`, `manifest[linux/arm64]:key=value`):
 * `manifest` lines go to the images the build pushes, everything else stays for the index, which
 * index/annotations.ts parses. A line without a level is an index annotation (this action's documented
 * meaning of the input). Pure: no I/O.
 */

const LEVELS = new Set(['manifest', 'index', 'manifest-descriptor', 'index-descriptor'])
/** One level token: a lower-case word, optionally with a `[platform,…]` filter. */
const TOKEN = /^([a-z-]+)(\[[^\]]*\])?$/

interface Split {
  /** The level tokens as written (`manifest[linux/amd64]`), or undefined for a bare line. */
  levels: string[] | undefined
  body: string
}

/** The images' annotations, in buildx's form (`manifest:key=value`, platform filters kept). */
export function imageAnnotations(raw: string): string[] {
  return lines(raw).flatMap((line) => {
    const { levels, body } = splitLevels(line)
    const manifest = levels?.filter((l) => levelName(l) === 'manifest') ?? []
    return manifest.length === 0 ? [] : [`${manifest.join(',')}:${body}`]
  })
}

/**
 * The input without what went to the images: `manifest`-only lines dropped, mixed lines keep their other
 * levels. Line numbers shift; the index parser names lines of this text.
 */
export function indexAnnotationText(raw: string): string {
  return raw
    .split('\n')
    .flatMap((line) => {
      const trimmed = line.replace(/\r$/, '')
      const { levels, body } = splitLevels(trimmed)
      if (levels === undefined) return [line]
      const rest = levels.filter((l) => levelName(l) !== 'manifest')
      if (rest.length === levels.length) return [line]
      return rest.length === 0 ? [] : [`${rest.join(',')}:${body}`]
    })
    .join('\n')
}

function lines(raw: string): string[] {
  return raw
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))
}

/** `a,b:key=value` → levels and body, when every token before the first ':' is a known level. */
function splitLevels(line: string): Split {
  const colon = line.indexOf(':')
  const eq = line.indexOf('=')
  if (colon <= 0 || (eq >= 0 && eq < colon)) return { levels: undefined, body: line }
  const tokens = splitTokens(line.slice(0, colon))
  if (!tokens.every((t) => TOKEN.test(t) && LEVELS.has(levelName(t))))
    return { levels: undefined, body: line }
  return { levels: tokens, body: line.slice(colon + 1) }
}

/** Commas inside `[…]` belong to the platform filter. */
function splitTokens(prefix: string): string[] {
  const tokens: string[] = []
  let depth = 0
  let current = ''
  for (const ch of prefix) {
    if (ch === '[') depth++
    if (ch === ']') depth--
    if (ch === ',' && depth === 0) {
      tokens.push(current.trim())
      current = ''
    } else current += ch
  }
  tokens.push(current.trim())
  return tokens
}

function levelName(token: string): string {
  return TOKEN.exec(token)?.[1] ?? token
}
