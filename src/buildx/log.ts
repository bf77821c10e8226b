/** What the build writes to: log groups (title + body) and single lines. */
export interface BuildLog {
  group(title: string, body: string): void
  info(line: string): void
}
