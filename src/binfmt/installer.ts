/** The emulator installer's command line (tonistiigi/binfmt, as docker/setup-qemu-action runs it). Pure. */

/**
 * `docker` argv that registers the named emulators: `run --privileged --rm IMAGE --install arm64,s390x`.
 * Handlers to replace (disabled, or without F) are uninstalled in the same run first, because the installer
 * refuses to register a name that already exists ("already registered"); it uninstalls before installing.
 */
export function installArgs(
  image: string,
  installNames: string[],
  options: { uninstall?: string[] } = {}
): string[] {
  const uninstall = options.uninstall ?? []
  return [
    'run',
    '--privileged',
    '--rm',
    image,
    ...(uninstall.length > 0 ? ['--uninstall', uninstall.join(',')] : []),
    '--install',
    installNames.join(',')
  ]
}
