/**
 * Path globs for `check-binaries-ignore`, matched against image paths: `*` and `?` within one path
 * component, `**` across components; a leading '/' is optional. As in .gitignore, a glob without '/'
 * matches the file name at any depth (`qemu-*-static`). Pure.
 */
export function matchesGlob(path: string, glob: string): boolean {
  const target = path.replace(/^\/+/, '')
  const pattern = glob.trim().replace(/^\/+/, '')
  if (pattern === '') return false
  if (!pattern.includes('/')) return globRegExp(pattern).test(target.slice(target.lastIndexOf('/') + 1))
  return globRegExp(pattern).test(target)
}

export function matchesAnyGlob(path: string, globs: readonly string[]): boolean {
  return globs.some((glob) => matchesGlob(path, glob))
}

function globRegExp(pattern: string): RegExp {
  let source = ''
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i] as string
    if (c === '*' && pattern[i + 1] === '*') {
      // '**/' matches zero or more whole components; a trailing '**' matches everything below.
      if (pattern[i + 2] === '/') {
        source += '(?:.*/)?'
        i += 2
      } else {
        source += '.*'
        i += 1
      }
    } else if (c === '*') source += '[^/]*'
    else if (c === '?') source += '[^/]'
    else source += c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')
  }
  return new RegExp(`^${source}$`)
}
