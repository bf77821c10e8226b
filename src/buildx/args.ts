/**
 * What each platform's target outputs, and its per-platform cache scopes: pieces of the bake
 * definition (bake.ts). Pure: no I/O.
 */
import { quoteCsvField, splitCsvFields, type CsvField } from './csv.js'
import { platformSlug } from './staging.js'

export { splitCsvFields, type CsvField } from './csv.js'

/** Where the build's image goes. */
export type BuildOutput =
  /** Pushed by digest only, no tag: the default where the builder allows it. */
  | { kind: 'push-by-digest'; repository: string }
  /**
   * The docker driver refuses push-by-digest ("create a new builder instance"): push under a staging tag.
   * `builderPushes`: the daemon's BuildKit pushes it itself (the containerd image store), so buildx must not
   * push it a second time with docker.
   */
  | { kind: 'staging-tag'; ref: string; builderPushes?: boolean }

/**
 * A `type=gha` cache entry with a scope of its own per platform: `scope=<slug>` added, or `-<slug>`
 * appended to the given scope. The gha cache keeps one manifest per scope, so matrix legs sharing one
 * would overwrite each other's. Other types, entries that are not key=value lists, and entries that do not
 * parse are returned unchanged; the fields the user wrote are kept verbatim.
 */
export function scopedCache(entry: string, platform: string): string {
  const fields = splitCsvFields(entry)
  if (!fields || !isGha(fields)) return entry
  const slug = platformSlug(platform)
  const scope = fields.findIndex((f) => keyOf(f.value) === 'scope')
  const given = scope < 0 ? '' : valueOf((fields[scope] as CsvField).value)
  const field = { raw: quoteCsvField(`scope=${given === '' ? slug : `${given}-${slug}`}`), value: '' }
  const scoped = scope < 0 ? [...fields, field] : fields.map((f, i) => (i === scope ? field : f))
  return scoped.map((f) => f.raw).join(',')
}

function isGha(fields: readonly CsvField[]): boolean {
  return fields.some((f) => keyOf(f.value) === 'type' && valueOf(f.value) === 'gha')
}

/** buildx lower-cases keys, not values. */
function keyOf(field: string): string | undefined {
  const eq = field.indexOf('=')
  return eq < 0 ? undefined : field.slice(0, eq).toLowerCase()
}

function valueOf(field: string): string {
  return field.slice(field.indexOf('=') + 1)
}
