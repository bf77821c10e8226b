/**
 * The merged filesystem of an image's layers, as a container sees it: entries fed top-down, upper layers
 * winning, whiteouts hiding lower layers, symlinks followed as the kernel follows them. Also what a tar
 * entry's head bytes tell (ELF/PE identity, '#!' line), kept so a scanned layer can be replayed. Pure.
 */
import { ActionError } from '../errors.js'
import { type BinaryIdentity, identifyBinary, isLoadableBinary } from './binary.js'
import type { TarEntry } from './tar.js'

/** Linux's ELOOP limit for one path walk (MAXSYMLINKS, fs/namei.c). */
const MAX_SYMLINK_HOPS = 40
/** binfmt_script reads the '#!' line from the first BINPRM_BUF_SIZE (256) bytes of the file. */
const SHEBANG_BYTES = 256

/**
 * OCI image layer spec, "Whiteouts": '.wh.NAME' hides NAME in lower layers; '.wh..wh..opq' hides
 * everything lower layers hold in its directory.
 */
const WHITEOUT_PREFIX = '.wh.'
const OPAQUE_WHITEOUT = '.wh..wh..opq'

/** One visible file of the merged image filesystem. */
export interface ImageFile {
  /** In TarEntry form: no leading '/'. */
  path: string
  type: TarEntry['type']
  /** 0 is the top layer. */
  layer: number
  linkTarget?: string
  /** Set for files (and hardlinks to files) that are ELF or PE. */
  identity?: BinaryIdentity
  /** For '#!' scripts: the interpreter line, split into words. */
  shebang?: string[]
  /** False for ELF/PE files no process runs or loads (relocatable objects, core dumps). */
  loadable?: boolean
}

/**
 * A tar entry as a layer scan keeps it: the head bytes reduced to what they tell (ELF/PE identity,
 * '#!' line), so a scanned layer can be cached and replayed for every platform that shares it.
 */
export interface LayerEntry {
  path: string
  type: TarEntry['type']
  size: number
  mode: number
  linkTarget?: string
  identity?: BinaryIdentity
  shebang?: string[]
  loadable?: boolean
}

/** What a tar entry's head bytes tell about it, without the bytes. */
export function describeEntry(entry: TarEntry): LayerEntry {
  const described: LayerEntry = { path: entry.path, type: entry.type, size: entry.size, mode: entry.mode }
  if (entry.linkTarget !== undefined) described.linkTarget = entry.linkTarget
  if (entry.type !== 'file') return described
  const identity = identifyBinary(entry.head)
  if (identity) {
    described.identity = identity
    if (!isLoadableBinary(entry.head, identity)) described.loadable = false
  }
  const shebang = parseShebang(entry.head)
  if (shebang) described.shebang = shebang
  return described
}

/**
 * The merged view of an image's layers, fed top-down: an upper entry wins over a lower one at the same
 * path, and an upper layer's whiteouts hide what lower layers hold. Per the OCI layer spec a whiteout
 * only hides lower layers, so a layer's whiteouts take effect when that layer ends.
 */
export class ImageFiles {
  readonly #files = new Map<string, ImageFile>()
  readonly #symlinks = new Map<string, string>()
  /** Paths whited out by finished layers: they and everything under them are gone below. */
  readonly #removed = new Set<string>()
  /** Directories made opaque by finished layers: their lower contents are gone. */
  readonly #opaque = new Set<string>()
  #layerRemoved: string[] = []
  #layerOpaque: string[] = []
  /** This layer's files by path: hardlinks point into their own layer, whatever upper layers hold. */
  #layerFiles = new Map<string, ImageFile>()
  #layer = 0
  #complete = false

  /** Builds the complete view from every layer's entries, top layer first. */
  static fromLayers(layers: Iterable<Iterable<TarEntry | LayerEntry>>): ImageFiles {
    const files = new ImageFiles()
    for (const layer of layers) {
      for (const entry of layer) files.add(entry)
      files.endLayer()
    }
    files.finish()
    return files
  }

  /** True once finish() said there are no lower layers: a missing path is then really missing. */
  get complete(): boolean {
    return this.#complete
  }

  /** Visible symlinks, path → target as stored: the `links` for resolveInImage. */
  get symlinks(): ReadonlyMap<string, string> {
    return this.#symlinks
  }

  /** Records one entry of the current layer. */
  add(entry: TarEntry | LayerEntry): void {
    const { dir, base } = splitDirBase(entry.path)
    if (base.startsWith(WHITEOUT_PREFIX)) {
      this.#addWhiteout(dir, base)
      return
    }
    const file = this.#toImageFile(entry)
    this.#layerFiles.set(entry.path, file)
    if (this.#hiddenByUpperLayers(entry.path)) return
    const existing = this.#files.get(entry.path)
    if (existing && existing.layer < this.#layer) return
    this.#files.set(entry.path, file)
    if (file.type === 'symlink') this.#symlinks.set(file.path, file.linkTarget ?? '')
    else this.#symlinks.delete(file.path)
    this.#addImpliedDirectories(dir)
  }

  /** Ends the current layer: its whiteouts now hide what the layers below hold. */
  endLayer(): void {
    for (const path of this.#layerRemoved) this.#removed.add(path)
    for (const dir of this.#layerOpaque) this.#opaque.add(dir)
    this.#layerRemoved = []
    this.#layerOpaque = []
    this.#layerFiles = new Map()
    this.#layer += 1
  }

  /** Declares the bottom layer read (call after its endLayer). */
  finish(): void {
    this.#complete = true
  }

  get(path: string): ImageFile | undefined {
    return this.#files.get(path)
  }

  values(): IterableIterator<ImageFile> {
    return this.#files.values()
  }

  #addWhiteout(dir: string, base: string): void {
    if (base === OPAQUE_WHITEOUT) this.#layerOpaque.push(dir)
    else this.#layerRemoved.push(joinPath(dir, base.slice(WHITEOUT_PREFIX.length)))
    this.#addImpliedDirectories(dir)
  }

  /** Hidden: whited out (itself or an ancestor), under an opaque directory, or under an upper non-directory. */
  #hiddenByUpperLayers(path: string): boolean {
    if (this.#removed.has(path)) return true
    for (const ancestor of ancestorsOf(path)) {
      if (this.#opaque.has(ancestor) || this.#removed.has(ancestor)) return true
      const upper = this.#files.get(ancestor)
      if (upper && upper.layer < this.#layer && upper.type !== 'directory') return true
    }
    return false
  }

  /** A layer holding a/b/c has directories a and a/b, even when its tar lists no entries for them. */
  #addImpliedDirectories(dir: string): void {
    for (const path of [...ancestorsOf(dir), dir]) {
      if (path === '' || this.#files.has(path) || this.#hiddenByUpperLayers(path)) continue
      this.#files.set(path, { path, type: 'directory', layer: this.#layer })
    }
  }

  #toImageFile(raw: TarEntry | LayerEntry): ImageFile {
    const entry = 'head' in raw ? describeEntry(raw) : raw
    const file: ImageFile = { path: entry.path, type: entry.type, layer: this.#layer }
    if (entry.linkTarget !== undefined) file.linkTarget = entry.linkTarget
    const content = entry.type === 'hardlink' ? this.#layerFiles.get(entry.linkTarget ?? '') : undefined
    if (content) copyContent(content, file)
    if (entry.type === 'file') copyContent(entry, file)
    return file
  }
}

function copyContent(from: Pick<ImageFile, 'identity' | 'shebang' | 'loadable'>, to: ImageFile): void {
  if (from.identity) to.identity = from.identity
  if (from.shebang) to.shebang = from.shebang
  if (from.loadable === false) to.loadable = false
}

/** '#!' + interpreter [+ argument], up to the first newline (binfmt_script). */
function parseShebang(head: Uint8Array): string[] | undefined {
  if (head[0] !== 0x23 || head[1] !== 0x21) return undefined
  const line = new TextDecoder().decode(head.subarray(2, SHEBANG_BYTES)).split('\n')[0] ?? ''
  const words = line.trim().split(/[ \t]+/)
  return words[0] ? words : undefined
}

/**
 * Follows symlinks inside the image filesystem, as the kernel would inside the container: absolute
 * targets from the image root, relative ones from the link's directory, '..' stopping at the root.
 * `links` maps TarEntry paths (no leading '/') to targets as stored; the result is in that form too.
 */
export function resolveInImage(
  path: string,
  links: ReadonlyMap<string, string>,
  maxHops = MAX_SYMLINK_HOPS
): string {
  const resolved: string[] = []
  let pending = path.split('/')
  let hops = 0
  while (pending.length > 0) {
    const [part, ...rest] = pending
    pending = rest
    if (part === undefined || part === '' || part === '.') continue
    if (part === '..') {
      resolved.pop()
      continue
    }
    resolved.push(part)
    const target = links.get(resolved.join('/'))
    if (target === undefined) continue
    hops += 1
    if (hops > maxHops) {
      throw new ActionError(
        'not-found',
        `too many levels of symbolic links resolving /${path} in the image`,
        {
          hint: `the image has a symlink loop (more than ${maxHops} hops)`
        }
      )
    }
    resolved.pop()
    if (target.startsWith('/')) resolved.length = 0
    pending = [...target.split('/'), ...pending]
  }
  return resolved.join('/')
}

export function splitDirBase(path: string): { dir: string; base: string } {
  const slash = path.lastIndexOf('/')
  return slash < 0 ? { dir: '', base: path } : { dir: path.slice(0, slash), base: path.slice(slash + 1) }
}

/** Joins and normalises to TarEntry form: no leading '/', no empty or '.' parts. */
export function joinPath(...parts: string[]): string {
  return parts
    .join('/')
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/')
}

/** 'a/b/c' → ['', 'a', 'a/b']: the root and every proper ancestor directory. */
function ancestorsOf(path: string): string[] {
  if (path === '') return []
  const parts = path.split('/')
  const ancestors = ['']
  for (let depth = 1; depth < parts.length; depth += 1) ancestors.push(parts.slice(0, depth).join('/'))
  return ancestors
}
