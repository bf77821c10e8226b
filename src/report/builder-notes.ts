/** What the builder silently left out (e.g. provenance on the classic image store), as a summary section. */
export function builderNotesSection(notes: readonly string[] | undefined): string {
  if (!notes || notes.length === 0) return ''
  return `\n**Builder notes**\n\n${notes.map((note) => `- ${note}`).join('\n')}\n`
}
