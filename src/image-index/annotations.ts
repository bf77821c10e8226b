/**
 * The `annotations` input (index-level annotations) and the defaults the action adds. Accepts plain
 * `key=value` lines and the `<level>:key=value` lines of buildx and docker/metadata-action's `annotations`
 * output (one line per level in DOCKER_METADATA_ANNOTATIONS_LEVELS, or comma-joined levels as buildx
 * allows: `manifest,index:key=value`). Pure: no I/O.
 */
import { ActionError } from '../errors.js'

export const SOURCE_ANNOTATION = 'org.opencontainers.image.source'
export const REVISION_ANNOTATION = 'org.opencontainers.image.revision'

const DEFAULT_SERVER_URL = 'https://github.com'
const INPUT = 'annotations'
/** Long values (descriptions) would make a one-line message unreadable. */
const MAX_QUOTED_LINE = 80

/** One line of the input, 1-based as the user counts lines in their workflow. */
export interface AnnotationLine {
  line: number
  text: string
}

export interface ParsedAnnotations {
  /** The annotations for the index, by key. */
  index: Record<string, string>
  /**
   * Lines that target only manifests but repeat an index line word for word — metadata-action's output
   * with DOCKER_METADATA_ANNOTATIONS_LEVELS=manifest,index — so nothing is lost; kept for a notice.
   */
  ignored: AnnotationLine[]
}

/** Where a buildx annotation level puts it; `index` is the only one this step can still write. */
const LEVEL_TARGETS: ReadonlyMap<string, string> = new Map([
  ['index', 'the index'],
  ['manifest', 'the image manifests, which are already pushed'],
  ['manifest-descriptor', 'the descriptors inside the index, which are copied from the sources as they are'],
  ['index-descriptor', "the index's own descriptor in an OCI layout, which a registry has no place for"]
])

/** `level[platform,…],level:` before the key; levels are lower-case words, so `com.example:x` stays a key. */
const LEVEL_LIST = /^[a-z-]+(?:\[[^\]]*\])?(?:,[a-z-]+(?:\[[^\]]*\])?)*$/i
const LEVEL_TOKEN = /([a-z-]+)(?:\[([^\]]*)\])?/gi

interface Level {
  name: string
  /** The `[…]` platform filter, when given. */
  platforms: string | undefined
}

interface Entry extends AnnotationLine {
  key: string
  value: string
  /** Whether the line reaches the index: no prefix, or `index` among its levels. */
  toIndex: boolean
  /** The first level that is not `index`, for the message when the line reaches nothing this step writes. */
  otherLevel: string | undefined
}

/**
 * Parses the `annotations` input: one `key=value` per line (the value may contain `=`; only a trailing CR
 * is removed from it), blank lines and `#` comments skipped. Problems name the input, the line and its
 * number.
 */
export function parseAnnotations(raw: string): ParsedAnnotations {
  const entries = raw
    .split('\n')
    .map((text, i) => ({ line: i + 1, text: text.endsWith('\r') ? text.slice(0, -1) : text }))
    .filter(({ text }) => !isBlankOrComment(text))
    .map(parseLine)
  const index = collectIndex(entries.filter((entry) => entry.toIndex))
  const ignored = entries
    .filter((entry) => !entry.toIndex)
    .map((entry) => {
      if (index.get(entry.key)?.value !== entry.value) throw unreachableLevel(entry)
      return { line: entry.line, text: entry.text }
    })
  return { index: Object.fromEntries([...index].map(([key, entry]) => [key, entry.value])), ignored }
}

/**
 * What the action annotates every index with: where it was built from and at which commit. No timestamp,
 * so a re-run over the same images gives the same index digest.
 */
export function defaultIndexAnnotations(context: {
  serverUrl?: string
  repository?: string
  sha?: string
}): Record<string, string> {
  const defaults: Record<string, string> = {}
  const serverUrl = (context.serverUrl ?? '') === '' ? DEFAULT_SERVER_URL : (context.serverUrl ?? '')
  if ((context.repository ?? '') !== '') {
    defaults[SOURCE_ANNOTATION] = `${serverUrl.replace(/\/+$/, '')}/${context.repository ?? ''}`
  }
  if ((context.sha ?? '') !== '') defaults[REVISION_ANNOTATION] = context.sha ?? ''
  return defaults
}

/** The user's annotations override the defaults key by key. */
export function mergeAnnotations(
  defaults: Record<string, string>,
  user: Record<string, string>
): Record<string, string> {
  return { ...defaults, ...user }
}

function isBlankOrComment(text: string): boolean {
  const trimmed = text.trim()
  return trimmed === '' || trimmed.startsWith('#')
}

function parseLine(source: AnnotationLine): Entry {
  const equals = source.text.indexOf('=')
  if (equals < 0) {
    throw lineError(source, 'is not key=value', 'write one annotation per line as key=value')
  }
  const { levels, key } = splitLevels(source, source.text.slice(0, equals).trim())
  checkKey(source, key)
  const others = levels?.filter((level) => level.name !== 'index') ?? []
  return {
    ...source,
    key,
    value: source.text.slice(equals + 1),
    toIndex: levels === undefined || levels.some((level) => level.name === 'index'),
    otherLevel: others[0]?.name
  }
}

/** `index,manifest[linux/amd64]:key` → its levels and `key`; a key without a level prefix means the index. */
function splitLevels(
  source: AnnotationLine,
  prefixedKey: string
): { levels: Level[] | undefined; key: string } {
  const colon = prefixedKey.indexOf(':')
  const prefix = colon < 0 ? '' : prefixedKey.slice(0, colon).trim()
  if (!LEVEL_LIST.test(prefix)) return { levels: undefined, key: prefixedKey }
  const levels = [...prefix.matchAll(LEVEL_TOKEN)].map((match) => ({
    name: match[1] ?? '',
    platforms: match[2]
  }))
  levels.forEach((level) => {
    checkLevel(source, level)
  })
  return { levels, key: prefixedKey.slice(colon + 1).trim() }
}

function checkLevel(source: AnnotationLine, level: Level): void {
  if (!LEVEL_TARGETS.has(level.name)) {
    throw lineError(
      source,
      `has an unknown level "${level.name}"`,
      `levels are ${[...LEVEL_TARGETS.keys()].join(', ')}; prefix with index: (or nothing) to annotate the index`
    )
  }
  if (level.name === 'index' && level.platforms !== undefined) {
    throw lineError(
      source,
      `limits an index annotation to platforms [${level.platforms}]`,
      'there is one index for all platforms: drop the [...] after index'
    )
  }
}

/** OCI keys are reverse-domain names; the loose check catches the mistakes that matter (empty, spaces). */
function checkKey(source: AnnotationLine, key: string): void {
  if (key === '') {
    throw lineError(
      source,
      'has no key before "="',
      'write key=value, e.g. org.opencontainers.image.title=app'
    )
  }
  if (/\s/.test(key)) {
    throw lineError(
      source,
      `has a key with whitespace ("${key}")`,
      'annotation keys are reverse-domain names such as org.opencontainers.image.title'
    )
  }
}

/** Index entries by key; the same key twice is allowed only with the same value, since order would decide silently. */
function collectIndex(entries: Entry[]): Map<string, Entry> {
  const byKey = new Map<string, Entry>()
  for (const entry of entries) {
    const earlier = byKey.get(entry.key)
    if (earlier === undefined) {
      byKey.set(entry.key, entry)
    } else if (earlier.value !== entry.value) {
      throw new ActionError(
        'invalid-input',
        `annotations lines ${earlier.line} and ${entry.line} give "${entry.key}" two different values`,
        { hint: 'keep one of the two lines in `annotations`' }
      )
    }
  }
  return byKey
}

function unreachableLevel(entry: Entry): ActionError {
  const level = entry.otherLevel ?? 'manifest'
  const hint =
    level === 'manifest'
      ? 'set them at build time (docker/build-push-action `annotations`), or prefix with index: ' +
        '(docker/metadata-action: DOCKER_METADATA_ANNOTATIONS_LEVELS=index)'
      : 'prefix with index: to annotate the index itself'
  return lineError(entry, `targets ${LEVEL_TARGETS.get(level) ?? level}`, hint)
}

function lineError(source: AnnotationLine, problem: string, hint: string): ActionError {
  return new ActionError(
    'invalid-input',
    `${INPUT} line ${source.line} "${quoted(source.text)}" ${problem}`,
    {
      hint
    }
  )
}

function quoted(text: string): string {
  const trimmed = text.trim()
  return trimmed.length <= MAX_QUOTED_LINE ? trimmed : `${trimmed.slice(0, MAX_QUOTED_LINE - 1)}…`
}
