#!/usr/bin/env node
// The module map, checked (DESIGN.md): no import cycle between the folders of src/ (eslint's
// import-x/no-cycle catches file-level ones). Each folder under src/ is a node, each file at src/'s root
// is a node of its own; an edge is any import, type-only included. Exits 1 listing every cycle.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g

function filesOf(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return filesOf(full)
    return name.endsWith('.ts') ? [full] : []
  })
}

/** src/a/b.ts → "a"; src/errors.ts → "errors.ts". */
function nodeOf(root, file) {
  const rel = path.relative(root, file).split(path.sep)
  return rel.length > 1 ? rel[0] : rel[0]
}

export function folderGraph(root) {
  const graph = new Map()
  for (const file of filesOf(root)) {
    const from = nodeOf(root, file)
    if (!graph.has(from)) graph.set(from, new Map())
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = match[1] ?? match[2]
      const target = path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts'))
      if (!target.startsWith(root + path.sep)) continue
      const to = nodeOf(root, target)
      if (to === from) continue
      const edges = graph.get(from)
      if (!edges.has(to)) edges.set(to, `${path.relative(root, file)} → ${spec}`)
    }
  }
  return graph
}

/** Every elementary cycle reported once, as the folders in order and the import that closes each edge. */
export function findCycles(graph) {
  const cycles = []
  const seen = new Set()
  const nodes = [...graph.keys()].sort()
  for (const start of nodes) {
    const stack = [[start, [start]]]
    while (stack.length > 0) {
      const [node, trail] = stack.pop()
      for (const next of [...(graph.get(node)?.keys() ?? [])].sort()) {
        if (next === start) {
          const key = [...trail].sort().join(' ')
          if (seen.has(key)) continue
          seen.add(key)
          const edges = trail.map((n, i) => graph.get(n).get(trail[(i + 1) % trail.length]))
          cycles.push({ folders: [...trail, start], edges })
        } else if (!trail.includes(next) && next > start) {
          stack.push([next, [...trail, next]])
        }
      }
    }
  }
  return cycles
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(
    process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src')
  )
  const cycles = findCycles(folderGraph(root))
  for (const cycle of cycles) {
    process.stderr.write(`import cycle between folders: ${cycle.folders.join(' → ')}\n`)
    for (const edge of cycle.edges) process.stderr.write(`    ${edge}\n`)
  }
  if (cycles.length > 0) {
    process.stderr.write(
      `${cycles.length} folder cycle(s): move the shared piece to the folder that owns the concept\n`
    )
    process.exit(1)
  }
}
