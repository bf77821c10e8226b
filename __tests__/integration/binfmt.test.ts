// The binfmt edge against this host's kernel: reads the real /proc/sys/fs/binfmt_misc and installs a handler
// with a real installer image, a local stand-in for tonistiigi/binfmt built from __fixtures__/binfmt/installer.
// Only qemu-riscv64 is ever unregistered or replaced — other tests emulate arm64, s390x and ppc64le at the
// same time — and Debian's qemu-riscv64 is put back (`update-binfmts --enable`) and compared at the end.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { parseBinfmtEntry, registrationLine } from '../../src/binfmt/entry.js'
import { probeProgram } from '../../src/binfmt/probe-program.js'
import {
  ensureEmulation,
  executesNatively,
  hostPlatform,
  runProbe,
  readBinfmtState,
  type DockerResult
} from '../../src/binfmt/host.js'
import type { QemuSetting } from '../../src/inputs/qemu.js'
import type { Platform } from '../../src/oci/types.js'
import { bench, repoRoot } from '../support/bench.js'
import { exec, run } from '../support/docker.js'
import { rejected } from '../support/thrown.js'

const PROC = '/proc/sys/fs/binfmt_misc'
const HANDLER = 'qemu-riscv64'
const ENTRY = path.join(PROC, HANDLER)
const FIXTURES = path.join(repoRoot, '__fixtures__', 'binfmt')
const INSTALLER_INTERPRETER = '/usr/bin/qemu-riscv64-static'
const IMAGE = `multiarch-publish-test/binfmt-installer:riscv64-${process.pid}`

const RISCV64: Platform = { os: 'linux', architecture: 'riscv64' }
const ARM64: Platform = { os: 'linux', architecture: 'arm64' }
const AMD64: Platform = { os: 'linux', architecture: 'amd64' }
/** `uname -m` → containerd's architecture, for the machines a runner or the bench may be. */
const UNAME_ARCHITECTURES: Record<string, string> = {
  x86_64: 'amd64',
  aarch64: 'arm64',
  armv7l: 'arm',
  s390x: 's390x',
  ppc64le: 'ppc64le',
  riscv64: 'riscv64',
  i686: '386'
}

/** A docker stand-in that records what it was asked and changes nothing. */
function recordingDocker(answer: DockerResult = { code: 0, stdout: '', stderr: '' }): {
  calls: string[][]
  docker: (args: string[]) => Promise<DockerResult>
} {
  const calls: string[][] = []
  return {
    calls,
    docker: (args) => {
      calls.push(args)
      return Promise.resolve(answer)
    }
  }
}

/** The stand-in installer: busybox, Debian's static qemu-riscv64 and its registration line, with F. */
async function buildInstallerImage(): Promise<void> {
  const context = mkdtempSync(path.join(tmpdir(), 'binfmt-installer-'))
  for (const file of ['Dockerfile', 'install.sh']) {
    copyFileSync(path.join(FIXTURES, 'installer', file), path.join(context, file))
  }
  copyFileSync(path.join(bench().context, 'amd64', 'busybox'), path.join(context, 'busybox'))
  copyFileSync(INSTALLER_INTERPRETER, path.join(context, 'qemu-riscv64-static'))
  const recorded = parseBinfmtEntry(HANDLER, readFileSync(path.join(FIXTURES, `${HANDLER}.txt`), 'utf8'))
  const line = registrationLine({ ...recorded, interpreter: INSTALLER_INTERPRETER, flags: 'F' })
  writeFileSync(path.join(context, 'riscv64.line'), line)
  await run('docker', ['build', '--quiet', '-t', IMAGE, context])
}

function unregister(): void {
  if (existsSync(ENTRY)) writeFileSync(ENTRY, '-1')
}

/** Debian's handler exactly as binfmt-support registers it. */
async function restoreDebianHandler(): Promise<void> {
  unregister()
  await run('update-binfmts', ['--enable', HANDLER])
}

describe('ensureEmulation on this host, installing qemu-riscv64 with a local installer image', () => {
  let original = ''
  const auto: QemuSetting = { kind: 'auto', image: IMAGE }

  beforeAll(async () => {
    // the bench registers Debian's handlers; without this one the test would restore something else
    original = readFileSync(ENTRY, 'utf8')
    await buildInstallerImage()
  })

  afterAll(async () => {
    if (!existsSync(ENTRY) || readFileSync(ENTRY, 'utf8') !== original) await restoreDebianHandler()
    await exec('docker', ['rmi', IMAGE])
  })

  test('reads the registered handlers with their F flag', async () => {
    const state = await readBinfmtState()
    expect(state).toMatchObject({ mounted: true, enabled: true })
    expect(state.entries.get(HANDLER)).toEqual(parseBinfmtEntry(HANDLER, original))
    expect(state.entries.get(HANDLER)?.flags).toContain('F')
  })

  test('nothing to install when every platform is ready or native: docker is not called', async () => {
    const { calls, docker } = recordingDocker()
    const report = await ensureEmulation([RISCV64, AMD64, { os: 'linux', architecture: '386' }], auto, {
      docker
    })
    expect(calls).toEqual([])
    expect(report.installed).toEqual([])
    // 386: native where this kernel runs 32-bit x86 code, else through the qemu-i386 bench-up registers
    const i386 = existsSync(path.join(PROC, 'qemu-i386')) ? 'ready' : 'native'
    expect(report.before.map((r) => r.readiness)).toEqual(['ready', 'native', i386])
    expect(report.after).toEqual(report.before)
  })

  test('`qemu: false` with the handler unregistered fails naming the platform and the input', async () => {
    unregister()
    const state = await readBinfmtState()
    expect(state.entries.has(HANDLER)).toBe(false)
    const { calls, docker } = recordingDocker()
    const error = await rejected(ensureEmulation([RISCV64, AMD64], { kind: 'off' }, { docker }))
    expect(error.kind).toBe('environment')
    expect(error.message).toBe(
      `\`qemu: false\` but linux/riscv64 cannot run on this linux/amd64 host: no ${HANDLER} handler`
    )
    expect(error.hint).toBe('set qemu: auto, or run this platform on a native runner')
    expect(calls).toEqual([])
  })

  test('an installer that registers nothing is caught by reading /proc again', async () => {
    unregister()
    const { calls, docker } = recordingDocker({ code: 0, stdout: '', stderr: 'installing: riscv64 OK\n' })
    const error = await rejected(ensureEmulation([RISCV64], auto, { docker }))
    expect(calls).toEqual([['run', '--privileged', '--rm', IMAGE, '--install', 'riscv64']])
    expect(error.kind).toBe('environment')
    expect(error.message).toBe(
      `\`qemu\` ran ${IMAGE} --install riscv64, but linux/riscv64 still cannot run on this linux/amd64 host: ` +
        `no ${HANDLER} handler (installer: installing: riscv64 OK)`
    )
  })

  test('`qemu: auto` installs only the missing handler and confirms it in /proc', async () => {
    unregister()
    const report = await ensureEmulation([RISCV64, ARM64, AMD64], auto)
    expect(report.before.map((r) => `${r.platform} ${r.readiness}`)).toEqual([
      'linux/riscv64 missing',
      'linux/arm64 ready',
      'linux/amd64 native'
    ])
    expect(report.installed).toEqual(['riscv64'])
    expect(report.after[0]).toEqual({
      platform: 'linux/riscv64',
      readiness: 'ready',
      handler: HANDLER,
      installName: 'riscv64',
      interpreter: INSTALLER_INTERPRETER
    })
    const installed = parseBinfmtEntry(HANDLER, readFileSync(ENTRY, 'utf8'))
    expect(installed).toMatchObject({ enabled: true, interpreter: INSTALLER_INTERPRETER })
    expect(installed.flags).toContain('F')
    expect(installed.magic).toBe(parseBinfmtEntry(HANDLER, original).magic)
  })

  test('a disabled handler is replaced: uninstalled and installed in one installer run', async () => {
    if (!existsSync(ENTRY)) await restoreDebianHandler()
    writeFileSync(ENTRY, '0')
    const calls: string[][] = []
    const report = await ensureEmulation([RISCV64], auto, {
      docker: async (args) => {
        calls.push(args)
        return exec('docker', args)
      }
    })
    expect(calls).toEqual([
      ['run', '--privileged', '--rm', IMAGE, '--uninstall', HANDLER, '--install', 'riscv64']
    ])
    expect(report.before[0]?.readiness).toBe('disabled')
    expect(report.after[0]).toMatchObject({ readiness: 'ready', interpreter: INSTALLER_INTERPRETER })
  })

  test("Debian's handler is back exactly as it was", async () => {
    await restoreDebianHandler()
    expect(readFileSync(ENTRY, 'utf8')).toBe(original)
    expect((await readBinfmtState()).entries.get(HANDLER)?.interpreter).toBe(
      parseBinfmtEntry(HANDLER, original).interpreter
    )
  })
})

describe('executesNatively asks this kernel as a real binary would', () => {
  // The fixture's busybox for the architecture, run directly: the kernel's own answer (natively, or through
  // a registered handler). The probe program must get the same answer, whichever it is on this machine.
  test.each([
    ['386', '386'],
    ['arm', 'armv7']
  ] as const)('%s', async (architecture, fixture) => {
    const real = spawnSync(path.join(bench().context, fixture, 'busybox'), ['true'])
    const ran = real.error === undefined && real.status === 0
    expect(await executesNatively(architecture)).toBe(ran)
  })

  test('a machine no CPU or handler here runs is refused (false), through the process edge', async () => {
    // e_machine 0x9999: no kernel loader and no binfmt_misc entry takes it. glibc's execvp then hands the
    // file to /bin/sh ("not found", exit 127) rather than saying "exec format error": still a refusal.
    const program = probeProgram('386')
    new DataView(program.buffer).setUint16(18, 0x9999, true)
    expect(await runProbe(program)).toBe(false)
  })
})

describe('readBinfmtState and ensureEmulation over a recorded copy of /proc', () => {
  /** A directory laid out like binfmt_misc, from the recorded texts: `name` ← `file`. */
  function recordedDir(entries: Record<string, string>, status = 'status.txt'): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'binfmt-proc-'))
    copyFileSync(path.join(FIXTURES, status), path.join(dir, 'status'))
    writeFileSync(path.join(dir, 'register'), '')
    for (const [name, file] of Object.entries(entries)) {
      copyFileSync(path.join(FIXTURES, file), path.join(dir, name))
    }
    return dir
  }

  test('a directory without binfmt_misc is "not mounted", and every emulated platform is missing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'binfmt-unmounted-'))
    expect(await readBinfmtState(dir)).toEqual({ mounted: false, enabled: false, entries: new Map() })
    const { docker } = recordingDocker()
    const error = await rejected(ensureEmulation([ARM64], { kind: 'off' }, { dir, docker, host: AMD64 }))
    expect(error.message).toBe(
      '`qemu: false` but linux/arm64 cannot run on this linux/amd64 host: no qemu-aarch64 handler (binfmt_misc is not mounted)'
    )
  })

  test('reads only qemu-* entries', async () => {
    const dir = recordedDir({ 'qemu-aarch64': 'qemu-aarch64.txt', jar: 'jar.txt' })
    const state = await readBinfmtState(dir)
    expect([...state.entries.keys()]).toEqual(['qemu-aarch64'])
    expect(state.enabled).toBe(true)
  })

  test('`qemu: false` lists every platform that cannot run, each with its reason', async () => {
    const dir = recordedDir({
      'qemu-s390x': 'qemu-s390x.disabled.txt',
      'qemu-ppc64le': 'qemu-ppc64le.no-fix-binary.txt',
      'qemu-aarch64': 'qemu-aarch64.txt'
    })
    const platforms: Platform[] = ['s390x', 'ppc64le', 'arm64', 'riscv64'].map((architecture) => ({
      os: 'linux',
      architecture
    }))
    const error = await rejected(ensureEmulation(platforms, { kind: 'off' }, { dir, host: AMD64 }))
    expect(error.message).toBe(
      '`qemu: false` but 3 platforms cannot run on this linux/amd64 host: ' +
        'linux/s390x (the qemu-s390x handler is disabled), ' +
        'linux/ppc64le (the qemu-ppc64le handler lacks the F (fix-binary) flag, so containers cannot open its ' +
        'interpreter /usr/libexec/qemu-binfmt/ppc64le-binfmt-P), ' +
        'linux/riscv64 (no qemu-riscv64 handler)'
    )
    expect(error.hint).toBe('set qemu: auto, or run these platforms on a native runner')
  })

  test('386 that this kernel refuses needs qemu-i386: `qemu: false` says so', async () => {
    const dir = recordedDir({ 'qemu-aarch64': 'qemu-aarch64.txt' })
    const asked: string[] = []
    const probe = (architecture: string): Promise<boolean> => {
      asked.push(architecture)
      return Promise.resolve(false)
    }
    const platforms: Platform[] = [AMD64, ARM64, { os: 'linux', architecture: '386' }]
    const error = await rejected(ensureEmulation(platforms, { kind: 'off' }, { dir, host: AMD64, probe }))
    expect(error.message).toBe(
      '`qemu: false` but linux/386 cannot run on this linux/amd64 host: no qemu-i386 handler (this kernel does not run 386 code natively)'
    )
    expect(asked).toEqual(['386'])
  })

  test('386 with a qemu-i386 handler registered is not probed: the handler runs it', async () => {
    const dir = recordedDir({ 'qemu-i386': 'qemu-i386.txt' })
    const probe = (): Promise<boolean> => Promise.reject(new Error('not asked'))
    const report = await ensureEmulation(
      [{ os: 'linux', architecture: '386' }],
      { kind: 'off' },
      { dir, host: AMD64, probe }
    )
    expect(report.before).toEqual([
      {
        platform: 'linux/386',
        readiness: 'ready',
        handler: 'qemu-i386',
        installName: '386',
        interpreter: '/usr/libexec/qemu-binfmt/i386-binfmt-P'
      }
    ])
  })

  test('`qemu: auto` replaces disabled and F-less handlers and installs missing ones in one run', async () => {
    const dir = recordedDir({
      'qemu-s390x': 'qemu-s390x.disabled.txt',
      'qemu-ppc64le': 'qemu-ppc64le.no-fix-binary.txt'
    })
    const calls: string[][] = []
    // plays the installer: every handler it is asked for ends up registered with F
    const docker = (args: string[]): Promise<DockerResult> => {
      calls.push(args)
      copyFileSync(path.join(FIXTURES, 'qemu-s390x.txt'), path.join(dir, 'qemu-s390x'))
      copyFileSync(path.join(FIXTURES, 'qemu-ppc64le.txt'), path.join(dir, 'qemu-ppc64le'))
      copyFileSync(path.join(FIXTURES, 'qemu-arm.txt'), path.join(dir, 'qemu-arm'))
      return Promise.resolve({ code: 0, stdout: '', stderr: '' })
    }
    const platforms: Platform[] = [
      { os: 'linux', architecture: 's390x' },
      { os: 'linux', architecture: 'ppc64le' },
      { os: 'linux', architecture: 'arm', variant: 'v7' },
      { os: 'linux', architecture: 'arm', variant: 'v6' },
      { os: 'windows', architecture: 'amd64' }
    ]
    const report = await ensureEmulation(
      platforms,
      { kind: 'auto', image: 'installer:test' },
      { dir, docker, host: AMD64 }
    )
    expect(calls).toEqual([
      [
        'run',
        '--privileged',
        '--rm',
        'installer:test',
        '--uninstall',
        'qemu-s390x,qemu-ppc64le',
        '--install',
        's390x,ppc64le,arm'
      ]
    ])
    expect(report.installed).toEqual(['s390x', 'ppc64le', 'arm'])
    expect(report.after.map((r) => r.readiness)).toEqual(['ready', 'ready', 'ready', 'ready', 'unsupported'])
  })

  test('a failing docker run is quoted in the error', async () => {
    const dir = recordedDir({})
    const { docker } = recordingDocker({
      code: 125,
      stdout: '',
      stderr: 'Unable to find image\ndocker: Error response from daemon: pull access denied\n'
    })
    const error = await rejected(
      ensureEmulation([RISCV64], { kind: 'auto', image: 'x/y:z' }, { dir, docker, host: AMD64 })
    )
    expect(error.message).toBe(
      '`qemu` ran x/y:z --install riscv64, but linux/riscv64 still cannot run on this linux/amd64 host: ' +
        'no qemu-riscv64 handler (docker exited 125: docker: Error response from daemon: pull access denied)'
    )
  })

  test('hostPlatform names this machine as `uname -m` does, in containerd terms', () => {
    const machine = spawnSync('uname', ['-m'], { encoding: 'utf8' }).stdout.trim()
    const architecture = UNAME_ARCHITECTURES[machine] ?? `unknown machine ${machine}`
    expect(hostPlatform()).toMatchObject({ os: 'linux', architecture })
  })
})
