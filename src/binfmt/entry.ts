/**
 * The kernel's binfmt_misc entry format (Documentation/admin-guide/binfmt-misc.rst): an entry of
 * /proc/sys/fs/binfmt_misc as the kernel prints it, read into data, and the line that registers it again.
 * Pure: host.ts reads /proc and writes the register file.
 */
import { ActionError } from '../errors.js'

/** One registered handler as the kernel prints it (fs/binfmt_misc.c, entry_status). */
export interface BinfmtEntry {
  name: string
  enabled: boolean
  interpreter?: string
  /** The flag letters, e.g. `PF` (P preserve-argv0, O open-binary, C credentials, F fix-binary). */
  flags: string
  offset?: number
  /** Hex as the kernel prints it, e.g. `7f454c46…`; absent for extension (E) entries. */
  magic?: string
  mask?: string
}

export interface BinfmtState {
  /** binfmt_misc is mounted (its `status` file exists). */
  mounted: boolean
  /** `status` reads `enabled`: with it off, no handler runs at all. */
  enabled: boolean
  entries: Map<string, BinfmtEntry>
}

/**
 * Parses an entry file. Throws ActionError('environment') when the text is not one (the first line must be
 * `enabled` or `disabled`), since deciding on a misread entry would be worse than stopping.
 */
export function parseBinfmtEntry(name: string, text: string): BinfmtEntry {
  const lines = text.split('\n').map((line) => line.trim())
  const status = lines[0]
  if (status !== 'enabled' && status !== 'disabled') {
    throw new ActionError(
      'environment',
      `binfmt_misc entry "${name}" does not start with "enabled" or "disabled": ${JSON.stringify(status ?? '')}`,
      { hint: 'check that /proc/sys/fs/binfmt_misc is a binfmt_misc mount' }
    )
  }
  const entry: BinfmtEntry = { name, enabled: status === 'enabled', flags: '' }
  for (const line of lines.slice(1)) applyField(entry, line)
  return entry
}

/** One `key value` line; `flags:` is the only key the kernel prints with a colon. */
function applyField(entry: BinfmtEntry, line: string): void {
  const space = line.indexOf(' ')
  const key = space < 0 ? line : line.slice(0, space)
  const value = space < 0 ? '' : line.slice(space + 1).trim()
  switch (key) {
    case 'interpreter':
      entry.interpreter = value
      break
    case 'flags:':
      entry.flags = value
      break
    case 'offset':
      entry.offset = Number(value)
      break
    case 'magic':
      entry.magic = value
      break
    case 'mask':
      entry.mask = value
      break
    default:
      // `extension .jar` of E entries and anything a newer kernel adds do not matter here
      break
  }
}

/**
 * The line that registers an entry again (`:name:type:offset:magic:mask:interpreter:flags`), magic and mask
 * written with the `\xHH` escapes the kernel decodes itself, so the text stays printable and no tool on the
 * way can turn `\x00` into a NUL byte that would end the line early.
 */
export function registrationLine(entry: BinfmtEntry): string {
  if (entry.magic === undefined || entry.interpreter === undefined) {
    throw new ActionError('environment', `binfmt_misc entry "${entry.name}" has no magic or no interpreter`)
  }
  const offset = entry.offset === undefined || entry.offset === 0 ? '' : String(entry.offset)
  const mask = entry.mask === undefined ? '' : hexEscapes(entry.mask)
  return `:${entry.name}:M:${offset}:${hexEscapes(entry.magic)}:${mask}:${entry.interpreter}:${entry.flags}`
}

function hexEscapes(hex: string): string {
  return (hex.match(/../g) ?? []).map((byte) => `\\x${byte}`).join('')
}
