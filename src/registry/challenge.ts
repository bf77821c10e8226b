/**
 * WWW-Authenticate parsing (RFC 9110 §11.6.1; the registry token spec, distribution docs/spec/auth/token.md).
 * A header may hold several challenges, and quoted values may hold commas (scope="repository:a:pull,push").
 */
export interface Challenge {
  scheme: string
  params: Record<string, string>
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y

export function parseChallenges(header: string | undefined): Challenge[] {
  if (!header) return []
  const challenges: Challenge[] = []
  let i = 0
  const skipSpaces = (): void => {
    while (i < header.length && /[\s,]/.test(header.charAt(i))) i++
  }
  const readToken = (): string | undefined => {
    TOKEN.lastIndex = i
    const match = TOKEN.exec(header)
    if (!match) return undefined
    i = TOKEN.lastIndex
    return match[0]
  }
  const readQuoted = (): string => {
    let value = ''
    i++ // opening quote
    while (i < header.length && header.charAt(i) !== '"') {
      if (header.charAt(i) === '\\' && i + 1 < header.length) i++
      value += header.charAt(i++)
    }
    i++ // closing quote
    return value
  }
  while (i < header.length) {
    skipSpaces()
    const scheme = readToken()
    if (!scheme) break
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} }
    challenges.push(challenge)
    for (;;) {
      const save = i
      while (i < header.length && /[\s,]/.test(header.charAt(i))) i++
      const name = readToken()
      while (i < header.length && header.charAt(i) === ' ') i++
      if (!name || header.charAt(i) !== '=') {
        i = save // not a parameter: the next challenge starts here
        break
      }
      i++
      while (i < header.length && header.charAt(i) === ' ') i++
      challenge.params[name.toLowerCase()] = header.charAt(i) === '"' ? readQuoted() : (readToken() ?? '')
    }
  }
  return challenges
}

/** `repository:NAME:pull,push` for a repository and actions; the token server grants per scope. */
export function repositoryScope(repository: string, actions: readonly string[]): string {
  return `repository:${repository}:${actions.join(',')}`
}
