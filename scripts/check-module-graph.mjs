#!/usr/bin/env node
// The module map, checked (CONTRIBUTING.md, module map): no import cycle between the folders of src/, and none between its
// files. An edge is any import or re-export, type-only ones included: eslint's import-x/no-cycle skips
// `import type`, yet a type cycle still ties two files together for a reader. For folders, each folder
// under src/ is a node and each file at src/'s root a node of its own. Exits 1 listing every cycle with
// the import lines that close it.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"](\.{1,2}\/[^'"]+)['"]/g

function filesOf(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return filesOf(full)
    return name.endsWith('.ts') ? [full] : []
  })
}

/** Every relative import of a file: the spec, the file it names and the line it is on (1-based). */
function importsOf(file) {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(IMPORT)].map((match) => {
    const spec = match[1] ?? match[2] ?? match[3]
    const at = match.index + match[0].search(/\S/)
    return {
      spec,
      target: path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')),
      line: text.slice(0, at).split('\n').length
    }
  })
}

/**
 * A graph of the .ts files under root: node → (node it imports → "file:line → spec", the first such
 * import). `nodeOf` maps a file to its node; imports within one node and imports leaving root are dropped.
 */
function graphOf(root, nodeOf) {
  const graph = new Map()
  for (const file of filesOf(root).sort()) {
    const from = nodeOf(path.relative(root, file))
    if (!graph.has(from)) graph.set(from, new Map())
    for (const { spec, target, line } of importsOf(file)) {
      if (!target.startsWith(root + path.sep)) continue
      const to = nodeOf(path.relative(root, target))
      if (to === from) continue
      const edges = graph.get(from)
      if (!edges.has(to))
        edges.set(to, `${path.relative(root, file).split(path.sep).join('/')}:${line} → ${spec}`)
    }
  }
  return graph
}

/** src/a/b.ts → "a"; src/errors.ts → "errors.ts". */
export function folderGraph(root) {
  return graphOf(root, (rel) => rel.split(path.sep)[0])
}

/** src/a/b.ts → "a/b.ts". */
export function fileGraph(root) {
  return graphOf(root, (rel) => rel.split(path.sep).join('/'))
}

/** Every elementary cycle reported once, as the nodes in order and the import that closes each edge. */
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
          cycles.push({ nodes: [...trail, start], edges })
        } else if (!trail.includes(next) && next > start) {
          stack.push([next, [...trail, next]])
        }
      }
    }
  }
  return cycles
}

function report(kind, cycles) {
  for (const cycle of cycles) {
    process.stderr.write(`import cycle between ${kind}s: ${cycle.nodes.join(' → ')}\n`)
    for (const edge of cycle.edges) process.stderr.write(`    ${edge}\n`)
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(
    process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src')
  )
  const folderCycles = findCycles(folderGraph(root))
  const fileCycles = findCycles(fileGraph(root))
  report('folder', folderCycles)
  report('file', fileCycles)
  if (folderCycles.length + fileCycles.length > 0) {
    process.stderr.write(
      `${folderCycles.length} folder cycle(s), ${fileCycles.length} file cycle(s): move the shared piece ` +
        `(often a type) to the module that owns the concept\n`
    )
    process.exit(1)
  }
}
