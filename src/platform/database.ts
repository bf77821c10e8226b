/**
 * The name tables and spelling rules of containerd/platforms database.go: which operating systems and
 * architectures are "known" (Go's syslist.go), and how alternative spellings fold to the canonical ones.
 * Pure: no I/O.
 */

/** isKnownOS (database.go): the GOOS values of go/build/syslist.go. */
export const KNOWN_OPERATING_SYSTEMS: ReadonlySet<string> = new Set([
  'aix',
  'android',
  'darwin',
  'dragonfly',
  'freebsd',
  'hurd',
  'illumos',
  'ios',
  'js',
  'linux',
  'nacl',
  'netbsd',
  'openbsd',
  'plan9',
  'solaris',
  'windows',
  'zos'
])

/** isKnownArch (database.go): the GOARCH values of go/build/syslist.go. */
export const KNOWN_ARCHITECTURES: ReadonlySet<string> = new Set([
  '386',
  'amd64',
  'amd64p32',
  'arm',
  'armbe',
  'arm64',
  'arm64be',
  'ppc64',
  'ppc64le',
  'loong64',
  'mips',
  'mipsle',
  'mips64',
  'mips64le',
  'mips64p32',
  'mips64p32le',
  'ppc',
  'riscv',
  'riscv64',
  's390',
  's390x',
  'sparc',
  'sparc64',
  'wasm'
])

/** The value must already be normalised (database.go, isKnownOS). */
export function isKnownOs(os: string): boolean {
  return KNOWN_OPERATING_SYSTEMS.has(os)
}

/** The value must already be normalised (database.go, isKnownArch). */
export function isKnownArch(architecture: string): boolean {
  return KNOWN_ARCHITECTURES.has(architecture)
}

/**
 * normalizeOS (database.go): lower case, and `macos` is `darwin`. containerd turns an empty OS into the
 * host's GOOS; a pure module has no host, so an empty OS stays empty (and formats as "unknown").
 */
export function normalizeOs(os: string): string {
  const lower = os.toLowerCase()
  return lower === 'macos' ? 'darwin' : lower
}

/** normalizeArch (database.go): the canonical architecture and variant, both lower-cased. */
export function normalizeArch(
  architecture: string,
  variant: string
): { architecture: string; variant: string } {
  const arch = architecture.toLowerCase()
  const v = variant.toLowerCase()
  switch (arch) {
    case 'i386':
      return { architecture: '386', variant: '' }
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      // amd64's baseline v1 is written without a variant
      return { architecture: 'amd64', variant: v === 'v1' ? '' : v }
    case 'aarch64':
    case 'arm64':
      return { architecture: 'arm64', variant: normalizeArm64Variant(v) }
    case 'armhf':
      return { architecture: 'arm', variant: 'v7' }
    case 'armel':
      return { architecture: 'arm', variant: 'v6' }
    case 'arm':
      return { architecture: 'arm', variant: normalizeArmVariant(v) }
    default:
      return { architecture: arch, variant: v }
  }
}

/** arm64's baseline v8 is written without a variant; v9 has one spelling (database.go). */
function normalizeArm64Variant(variant: string): string {
  switch (variant) {
    case '8':
    case 'v8':
    case 'v8.0':
      return ''
    case '9':
    case '9.0':
    case 'v9.0':
      return 'v9'
    default:
      return variant
  }
}

/** 32-bit arm always carries its variant; none means v7, and bare digits gain their "v" (database.go). */
function normalizeArmVariant(variant: string): string {
  switch (variant) {
    case '':
    case '7':
      return 'v7'
    case '5':
    case '6':
    case '8':
      return `v${variant}`
    default:
      return variant
  }
}
