/**
 * Which file of an image to check for its CPU: the program the image runs (Entrypoint, else Cmd),
 * followed through symlinks, hardlinks and '#!' interpreters; failing that, the first binary in the
 * usual bin directories. Layers are fed top-down (ImageFiles) so the caller can stop reading as soon as
 * the answer cannot change. Pure.
 */
import { ActionError } from '../errors.js'
import type { ImageConfig } from '../oci/types.js'
import type { BinaryIdentity } from './binary.js'
import { type ImageFile, type ImageFiles, joinPath, resolveInImage, splitDirBase } from './image-files.js'

/** The kernel follows at most this many '#!' interpreters before failing with ELOOP (fs/exec.c). */
const MAX_INTERPRETERS = 4

/** What runc/containerd search when the image sets no PATH (the Docker default PATH). */
const DEFAULT_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']
const SEARCH_DIRS = ['/bin', '/usr/bin', '/usr/local/bin', '/app']
/** Windows layers keep the filesystem under Files/ (hcsshim's layer format) and programs end in .exe. */
const WINDOWS_ROOT = 'Files'
const WINDOWS_PATH = ['/Windows/System32', '/Windows']
const WINDOWS_SEARCH_DIRS = ['/Windows/System32']

export type Candidate =
  /** `reason` is the trail that led here, e.g. "Entrypoint /entrypoint.sh → #!/bin/sh → /bin/busybox". */
  | { status: 'chosen'; path: string; identity: BinaryIdentity; reason: string }
  /** The layers read so far cannot settle it: feed the next (lower) layer. */
  | { status: 'undecided'; reason: string }
  /** Every layer was read and there is nothing to check (the caller passes the image with a note). */
  | { status: 'none'; reason: string }

export type CandidateConfig = Pick<ImageConfig, 'os' | 'config'>

/**
 * Picks the file whose CPU stands for the image. `files` may be partial (the top layers so far): the
 * answer is 'undecided' until lower layers could no longer change it.
 *
 * A program name without '/' is looked up in the image's PATH; when several layers provide it, the
 * uppermost wins (then PATH order), so a choice made from the top layers stays the choice. Where that
 * differs from a shell's lookup, both are copies of the program shipped in the image, and either proves
 * the architecture.
 */
export function chooseCandidate(config: CandidateConfig, files: ImageFiles): Candidate {
  const layout = layoutFor(config)
  const command = commandOf(config)
  const notes: string[] = []
  if (command) {
    const outcome = followProgram(command, layout, files)
    if (outcome.kind === 'binary') {
      return { status: 'chosen', path: outcome.path, identity: outcome.identity, reason: outcome.trail }
    }
    if (outcome.kind === 'missing' && !files.complete) {
      return { status: 'undecided', reason: `${outcome.trail}: not in the layers read so far` }
    }
    notes.push(`${outcome.trail}: ${outcome.kind === 'missing' ? 'not found' : 'not an ELF or PE binary'}`)
  }
  return searchBinDirectories(layout, files, notes)
}

/** Where programs live: Linux images hold the root filesystem, Windows layers hold it under Files/. */
interface Layout {
  windows: boolean
  path: string[]
  searchDirs: string[]
  workingDir: string
}

function layoutFor(config: CandidateConfig): Layout {
  const workingDir = config.config?.WorkingDir || '/'
  if (config.os === 'windows') {
    return { windows: true, path: WINDOWS_PATH, searchDirs: WINDOWS_SEARCH_DIRS, workingDir }
  }
  return {
    windows: false,
    path: pathFromEnv(config.config?.Env) ?? DEFAULT_PATH,
    searchDirs: SEARCH_DIRS,
    workingDir
  }
}

function pathFromEnv(env: string[] | undefined): string[] | undefined {
  const value = env?.find((variable) => variable.startsWith('PATH='))?.slice('PATH='.length)
  return value === undefined ? undefined : value.split(':').filter((dir) => dir !== '')
}

/** What the container starts: Entrypoint[0], else Cmd[0] (image-spec config.md, Entrypoint and Cmd). */
function commandOf(config: CandidateConfig): { label: string; program: string } | undefined {
  const entrypoint = config.config?.Entrypoint?.[0]
  if (entrypoint) return { label: `Entrypoint ${entrypoint}`, program: entrypoint }
  const cmd = config.config?.Cmd?.[0]
  if (cmd) return { label: `Cmd ${cmd}`, program: cmd }
  return undefined
}

type ProgramOutcome =
  | { kind: 'binary'; path: string; identity: BinaryIdentity; trail: string }
  | { kind: 'missing' | 'not-binary'; trail: string }

/** Follows a program to the binary the kernel would run: through its '#!' interpreters, if a script. */
function followProgram(
  command: { label: string; program: string },
  layout: Layout,
  files: ImageFiles
): ProgramOutcome {
  let trail = command.label
  let program = command.program
  for (let depth = 0; depth <= MAX_INTERPRETERS; depth += 1) {
    const file = findProgram(program, layout, files)
    if (!file) return { kind: 'missing', trail }
    if (program !== `/${file.path}`) trail += ` → /${file.path}`
    if (file.identity) return { kind: 'binary', path: file.path, identity: file.identity, trail }
    const interpreter = file.shebang?.[0]
    if (!interpreter) return { kind: 'not-binary', trail }
    trail += ` → #!${file.shebang?.join(' ') ?? ''}`
    program = interpreter
  }
  return { kind: 'not-binary', trail: `${trail}: more than ${MAX_INTERPRETERS} interpreters` }
}

/** The visible file (or hardlink) a program name leads to, as exec in the container would find it. */
function findProgram(program: string, layout: Layout, files: ImageFiles): ImageFile | undefined {
  const name = layout.windows ? windowsProgram(program) : program
  if (name.includes('/')) return fileAt(imagePath(name, layout), files)
  const found = layout.path
    .map((dir, order) => ({ file: fileAt(imagePath(joinPath(dir, name), layout), files), order }))
    .filter((hit): hit is { file: ImageFile; order: number } => hit.file !== undefined)
  found.sort((a, b) => a.file.layer - b.file.layer || a.order - b.order)
  return found[0]?.file
}

/** 'C:\\app\\server' → '/app/server.exe'; 'cmd' → 'cmd.exe' (Windows finds programs by extension). */
function windowsProgram(program: string): string {
  const path = program.replace(/\\/g, '/').replace(/^[A-Za-z]:/, '')
  const { base } = splitDirBase(path)
  return base.includes('.') ? path : `${path}.exe`
}

/** An absolute image path, or one relative to WorkingDir, in TarEntry form. */
function imagePath(path: string, layout: Layout): string {
  const absolute = path.startsWith('/') ? path : joinPath(layout.workingDir, path)
  return layout.windows ? joinPath(WINDOWS_ROOT, absolute) : absolute
}

function fileAt(path: string, files: ImageFiles): ImageFile | undefined {
  const resolved = resolveOrUndefined(path, files)
  const file = resolved === undefined ? undefined : files.get(resolved)
  return file && (file.type === 'file' || file.type === 'hardlink') ? file : undefined
}

/** A symlink loop makes a path unusable inside the container too (ELOOP): treat it as missing. */
function resolveOrUndefined(path: string, files: ImageFiles): string | undefined {
  try {
    return resolveInImage(path, files.symlinks)
  } catch (error) {
    if (error instanceof ActionError && error.kind === 'not-found') return undefined
    throw error
  }
}

/** The fallback: the first ELF or PE directly under the usual bin directories, upper layers first. */
function searchBinDirectories(layout: Layout, files: ImageFiles, notes: string[]): Candidate {
  const dirs = layout.searchDirs.map((dir) => resolveOrUndefined(imagePath(dir, layout), files))
  let best: { file: ImageFile; identity: BinaryIdentity; order: number } | undefined
  for (const file of files.values()) {
    const order = dirs.indexOf(splitDirBase(file.path).dir)
    if (order < 0 || !file.identity || (file.type !== 'file' && file.type !== 'hardlink')) continue
    const candidate = { file, identity: file.identity, order }
    if (!best || compareSearchHits(candidate, best) < 0) best = candidate
  }
  const searched = `searched ${layout.searchDirs.join(', ')}`
  const prefix = notes.length > 0 ? `${notes.join('; ')}; ` : ''
  if (best) {
    const reason = `${prefix}${searched}: first binary /${best.file.path}`
    return { status: 'chosen', path: best.file.path, identity: best.identity, reason }
  }
  const reason = `${prefix}${searched}: no ELF or PE file`
  return files.complete ? { status: 'none', reason } : { status: 'undecided', reason }
}

function compareSearchHits(
  a: { file: ImageFile; order: number },
  b: { file: ImageFile; order: number }
): number {
  return a.file.layer - b.file.layer || a.order - b.order || (a.file.path < b.file.path ? -1 : 1)
}
