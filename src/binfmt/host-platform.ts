/** The host this process runs on, named as containerd names platforms. Pure: host.ts passes process.*. */
import type { Platform } from '../oci/types.js'

/**
 * The platform of a Node.js process (`process.platform`, `process.arch`) in containerd's terms: x64 is amd64,
 * ia32 is 386, 32-bit arm takes the variant Node was built for (`arm_version`, v7 when unknown), and ppc64
 * is ppc64le on a little-endian CPU (Node's arch name does not tell them apart).
 */
export function nodePlatform(
  nodeOs: string,
  nodeArch: string,
  options: { endianness: 'BE' | 'LE'; armVersion?: string }
): Platform {
  const os = nodeOs === 'win32' ? 'windows' : nodeOs
  switch (nodeArch) {
    case 'x64':
      return { os, architecture: 'amd64' }
    case 'ia32':
      return { os, architecture: '386' }
    case 'arm':
      return { os, architecture: 'arm', variant: `v${options.armVersion ?? '7'}` }
    case 'ppc64':
      return { os, architecture: options.endianness === 'LE' ? 'ppc64le' : 'ppc64' }
    case 'mips64el':
      return { os, architecture: 'mips64le' }
    default:
      return { os, architecture: nodeArch }
  }
}
