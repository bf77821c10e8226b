/**
 * Windows `os.version` compatibility, as containerd/platforms platform_windows_compat.go decides it: a
 * Windows container runs only on a host with the same major.minor and (before Windows Server 2022) the same
 * build; from Server 2022 on, a host also runs the stable-ABI LTSC images from the previous LTSC up to its
 * own build. The revision (4th number) never matters. Pure: no I/O.
 */

export interface WindowsVersion {
  major: number
  minor: number
  build: number
}

/** Build numbers (platform_windows_compat.go; Microsoft's Windows release-health pages). */
export const WindowsBuild = {
  /** 1809 "Redstone 5": Windows Server 2019 (ltsc2019), Windows 10 October 2018 Update. */
  ltsc2019: 17763,
  /** 21H2: Windows Server 2022 (ltsc2022), the first stable-ABI release. */
  ltsc2022: 20348,
  /** Windows 11 2022 Update (22H2). */
  win11v22H2: 22621,
  /** 23H2 of the Windows Server annual channel. */
  v23H2: 25398,
  /** Windows Server 2025 (ltsc2025). */
  ltsc2025: 26100
} as const

/** compatLTSCReleases: the stable-ABI LTSC builds, ascending. */
const STABLE_ABI_LTSC_BUILDS: readonly number[] = [WindowsBuild.ltsc2022, WindowsBuild.ltsc2025]

const EMPTY: WindowsVersion = { major: 0, minor: 0, build: 0 }

/**
 * getWindowsOSVersion: `major.minor.build[.revision]` into numbers. Anything else (fewer than three parts,
 * a part that is not an unsigned decimal, or out of range: major and minor are uint8, build uint16) is
 * the empty version 0.0.0, which the matcher treats as "no version".
 */
export function parseWindowsVersion(osVersion: string): WindowsVersion {
  const parts = osVersion.split('.')
  if (parts.length < 3) return EMPTY
  const major = parseUnsigned(parts[0] ?? '', 0xff)
  const minor = parseUnsigned(parts[1] ?? '', 0xff)
  const build = parseUnsigned(parts[2] ?? '', 0xffff)
  if (major === undefined || minor === undefined || build === undefined) return EMPTY
  return { major, minor, build }
}

/** Go's strconv.ParseUint(s, 10, bits): decimal digits only, within range. */
function parseUnsigned(text: string, max: number): number | undefined {
  if (!/^[0-9]+$/.test(text)) return undefined
  const value = Number(text)
  return value <= max ? value : undefined
}

function isEmpty(version: WindowsVersion): boolean {
  return version.major === 0 && version.minor === 0 && version.build === 0
}

/**
 * checkWindowsHostAndContainerCompat: can a host of version `host` run a container image built for
 * `container`?
 */
export function windowsHostRunsContainer(host: WindowsVersion, container: WindowsVersion): boolean {
  if (host.major !== container.major || host.minor !== container.minor) return false
  // before Windows Server 2022 the build must be exactly the host's
  if (host.build < WindowsBuild.ltsc2022) return host.build === container.build
  // the host runs everything from the latest stable-ABI LTSC older than itself up to its own build
  let oldestSupported: number = WindowsBuild.ltsc2022
  for (let i = STABLE_ABI_LTSC_BUILDS.length - 1; i >= 0; i--) {
    const ltsc = STABLE_ABI_LTSC_BUILDS[i] ?? WindowsBuild.ltsc2022
    if (host.build > ltsc) {
      oldestSupported = ltsc
      break
    }
  }
  return oldestSupported <= container.build && container.build <= host.build
}

/**
 * windowsVersionMatcher.Match: a request without a (parsable) version, or an entry without one, always
 * matches; otherwise the request's version is the host and the entry's the container.
 */
export function windowsVersionMatches(wantOsVersion: string, haveOsVersion: string): boolean {
  const host = parseWindowsVersion(wantOsVersion)
  if (isEmpty(host) || haveOsVersion === '') return true
  return windowsHostRunsContainer(host, parseWindowsVersion(haveOsVersion))
}
