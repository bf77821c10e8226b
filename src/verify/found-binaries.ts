/**
 * Every loadable ELF/PE met in the layers read, judged against the image's platform. The classic
 * multi-arch bug is not the entrypoint but a native module built on the runner's CPU and copied into
 * every image (node_modules/x/build/Release/x.node, a .so in site-packages): the container starts, then
 * fails at dlopen or "exec format error". Pure.
 *
 * Where a wrong-CPU file is a problem:
 * - under node_modules, site-packages or dist-packages: it is loaded into the platform's own process,
 *   so only the platform's exact CPU will do;
 * - under a bin/lib directory (bin, sbin, lib, lib32, lib64, libx32, libexec): a CPU the platform cannot
 *   run at all; one it runs as a separate process (i386 on amd64 multilib, WoW64) is a note.
 * Elsewhere (data, vendored archives) it is a note. So are files under a directory named for their own
 * CPU (prebuilds/linux-x64/, 7zip-bin/linux/arm64/, go/pkg/tool/linux_amd64/): bundles for several
 * platforms, the right one picked at run time. Files of the other format (PE in a Linux image, ELF in a
 * Windows one) are never loaded by that OS and are not judged; nor are paths matching an ignore glob.
 */
import { binaryFit, describeBinary, expectedBinary, type BinaryPlatform } from './binary.js'
import type { FoundBinary } from './evidence.js'
import { matchesAnyGlob } from './globs.js'

export interface WrongBinary {
  path: string
  found: string
  severity: 'problem' | 'note'
  /** Why it is a note rather than a problem (absent for problems). */
  why?: string
}

export interface FoundBinariesVerdict {
  /** Files of the platform's format judged (matching ones included). */
  checked: number
  ignored: number
  wrong: WrongBinary[]
}

const MODULE_DIRS = new Set(['node_modules', 'site-packages', 'dist-packages'])
const SYSTEM_DIRS = new Set(['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32', 'libexec'])

/** Directory names that say which CPU their files are for: `x64`, `linux-arm64`, `linux_amd64`, `win32-ia32-msvc`. */
const CPU_LABEL =
  /^(?:(?:linux|win32|windows|darwin|freebsd|openbsd|android|sunos|aix)[-_])?(x64|x86_64|amd64|ia32|x86|i386|i686|arm64|aarch64|arm|armv6l?|armv7l?|armhf|armel|s390x|ppc64|ppc64le|riscv64|mips64el|loong64)(?:[-_](?:gnu|musl|glibc|msvc|napi|eabihf))*$/

/** The architecture (Go names) a CPU label stands for. */
const LABEL_ARCH: Readonly<Record<string, string>> = {
  x64: 'amd64',
  x86_64: 'amd64',
  amd64: 'amd64',
  ia32: '386',
  x86: '386',
  i386: '386',
  i686: '386',
  arm64: 'arm64',
  aarch64: 'arm64',
  arm: 'arm',
  armv6: 'arm',
  armv6l: 'arm',
  armv7: 'arm',
  armv7l: 'arm',
  armhf: 'arm',
  armel: 'arm',
  s390x: 's390x',
  ppc64: 'ppc64',
  ppc64le: 'ppc64le',
  riscv64: 'riscv64',
  mips64el: 'mips64le',
  loong64: 'loong64'
}

export function judgeFoundBinaries(
  platform: BinaryPlatform,
  binaries: readonly FoundBinary[],
  ignore: readonly string[] = []
): FoundBinariesVerdict {
  const expected = expectedBinary(platform)
  const verdict: FoundBinariesVerdict = { checked: 0, ignored: 0, wrong: [] }
  if (!expected) return verdict
  for (const binary of binaries) {
    if (binary.identity.format !== expected.format) continue
    if (matchesAnyGlob(binary.path, ignore)) {
      verdict.ignored += 1
      continue
    }
    verdict.checked += 1
    const fit = binaryFit(platform, binary.identity)
    if (fit === 'match' || fit === 'unknown') continue
    verdict.wrong.push({
      path: binary.path,
      found: describeBinary(binary.identity),
      ...severityOf(binary, fit, platform.os)
    })
  }
  return verdict
}

function severityOf(
  binary: FoundBinary,
  fit: 'compatible' | 'foreign',
  os: string
): Pick<WrongBinary, 'severity' | 'why'> {
  const dirs = binary.path.split('/').slice(0, -1)
  if (labelledForItsCpu(dirs, binary, os)) {
    return {
      severity: 'note',
      why: 'under a directory named for its own CPU (a bundle for several platforms)'
    }
  }
  if (dirs.some((d) => MODULE_DIRS.has(d))) return { severity: 'problem' }
  if (dirs.some((d) => SYSTEM_DIRS.has(d.toLowerCase()))) {
    return fit === 'foreign'
      ? { severity: 'problem' }
      : { severity: 'note', why: 'a CPU this platform also runs, as a separate process' }
  }
  return { severity: 'note', why: 'outside bin/lib directories and package directories' }
}

function labelledForItsCpu(dirs: string[], binary: FoundBinary, os: string): boolean {
  return dirs.some((dir) => {
    const label = CPU_LABEL.exec(dir.toLowerCase())?.[1]
    const architecture = label ? LABEL_ARCH[label] : undefined
    return architecture !== undefined && binaryFit({ os, architecture }, binary.identity) === 'match'
  })
}
