/** Real ELF headers committed under __fixtures__/binaries, so the unit layer needs no bench. */
import { readFileSync } from 'node:fs'
import path from 'node:path'

const FIXTURES = path.resolve(import.meta.dirname, '..', '..', '__fixtures__', 'binaries')

/** The first `bytes` (at most 1024) of Debian's busybox-static for `arch`, a build context directory name. */
export function busyboxHead(arch: string, bytes = 64): Uint8Array {
  const head = readFileSync(path.join(FIXTURES, `busybox-${arch}.head`))
  if (bytes > head.length) throw new Error(`busybox-${arch}.head holds ${head.length} bytes, not ${bytes}`)
  return new Uint8Array(head.subarray(0, bytes))
}
