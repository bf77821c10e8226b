export const id = 899;
export const ids = [899];
export const modules = {

/***/ 6899:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  buildLegs: () => (/* binding */ buildLegs),
  probeBuilder: () => (/* binding */ probeBuilder)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/errors.ts
var src_errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/process/exec.ts
var exec = __webpack_require__(9072);
// EXTERNAL MODULE: ./src/names.ts
var names = __webpack_require__(6455);
// EXTERNAL MODULE: ./src/platform/index.ts + 5 modules
var src_platform = __webpack_require__(6132);
;// CONCATENATED MODULE: ./src/binfmt/assessment.ts

/**
 * Emulators by architecture: tonistiigi/binfmt's install names and the handler names it registers
 * (cmd/binfmt/config.go), which are also Debian's qemu-user-static names.
 */
const EMULATORS = new Map([
    ['amd64', { handler: 'qemu-x86_64', installName: 'amd64' }],
    ['arm64', { handler: 'qemu-aarch64', installName: 'arm64' }],
    ['arm', { handler: 'qemu-arm', installName: 'arm' }],
    ['s390x', { handler: 'qemu-s390x', installName: 's390x' }],
    ['ppc64le', { handler: 'qemu-ppc64le', installName: 'ppc64le' }],
    ['riscv64', { handler: 'qemu-riscv64', installName: 'riscv64' }],
    ['386', { handler: 'qemu-i386', installName: '386' }],
    ['mips64le', { handler: 'qemu-mips64el', installName: 'mips64le' }],
    ['mips64', { handler: 'qemu-mips64', installName: 'mips64' }],
    ['loong64', { handler: 'qemu-loongarch64', installName: 'loong64' }]
]);
/**
 * Architectures a host CPU may execute without emulation besides its own. amd64 runs i386 code in
 * compatibility mode when the kernel has IA32 emulation on (some VM and hardened kernels do not). arm64 runs
 * 32-bit arm when the CPU implements AArch32 at EL0 — many do (Cortex-A53/A72, Neoverse N1, Ampere Altra),
 * some do not (Apple M-series, Graviton 3 and later, Neoverse N2), where arm images then fail with "exec
 * format error". So host.ts asks the kernel (probe-program.ts) rather than assuming either way.
 */
const COMPATIBLE = new Map([
    ['amd64', ['386']],
    ['arm64', ['arm']]
]);
/**
 * The architectures worth asking the kernel about: ones a platform needs that this host may run natively
 * (COMPATIBLE) and that no enabled handler serves — binfmt_misc is asked before the kernel's own ELF loader,
 * so with a handler the answer would say nothing about native support.
 */
function architecturesToProbe(platforms, host, state) {
    const have = (0,src_platform/* normalizePlatform */.FL)(host);
    if (have.os !== 'linux')
        return [];
    const wanted = new Set(platforms
        .map((p) => (0,src_platform/* normalizePlatform */.FL)(p))
        .filter((p) => p.os === 'linux')
        .map((p) => p.architecture));
    const compatible = COMPATIBLE.get(have.architecture) ?? [];
    return compatible.filter((architecture) => isProbeArchitecture(architecture) &&
        wanted.has(architecture) &&
        servingHandler(architecture, state) === undefined);
}
function isProbeArchitecture(architecture) {
    return architecture === '386' || architecture === 'arm';
}
/** The enabled handler registered for `architecture`, when binfmt_misc is on. */
function servingHandler(architecture, state) {
    const need = EMULATORS.get(architecture);
    const entry = need && state.mounted && state.enabled ? state.entries.get(need.handler) : undefined;
    return entry?.enabled === true ? entry : undefined;
}
const AARCH32_NOTE = 'runs natively only if this arm64 CPU implements AArch32 (many do; Apple M, Graviton 3+ and Neoverse N2 do not)';
/**
 * What running `platform` on `host` takes. `native` for the host's own architecture and the ones its CPU also
 * executes (386 on amd64, 32-bit arm on arm64 — see COMPATIBLE); `unsupported` when binfmt_misc cannot help:
 * another OS (windows/amd64 needs a Windows host: binfmt_misc runs Linux ELF binaries only), an architecture
 * no QEMU emulator is known for, or a newer arm variant than an arm host's own (a qemu-arm handler would
 * also capture the host's native binaries).
 */
function handlerFor(platform, host) {
    const want = (0,src_platform/* normalizePlatform */.FL)(platform);
    const have = (0,src_platform/* normalizePlatform */.FL)(host);
    if (runsNatively(want, have))
        return 'native';
    if (want.os !== 'linux' || have.os !== 'linux' || want.architecture === have.architecture)
        return 'unsupported';
    return EMULATORS.get(want.architecture) ?? 'unsupported';
}
function runsNatively(want, have) {
    if (want.os !== have.os)
        return false;
    if (want.architecture === have.architecture) {
        // amd64 levels and arm64 versions are CPU features, not something emulation could add: treated as native
        return want.architecture !== 'arm' || armLevel(want) <= armLevel(have);
    }
    return COMPATIBLE.get(have.architecture)?.includes(want.architecture) ?? false;
}
function armLevel(platform) {
    const level = Number.parseInt((platform.variant ?? 'v7').slice(1), 10);
    return Number.isNaN(level) ? 7 : level;
}
/**
 * The readiness of each platform on this host: `ready` needs an enabled handler with the F (fix-binary) flag,
 * because without it the kernel opens the interpreter path inside the container at exec time, where
 * /usr/libexec/qemu-binfmt/… does not exist — the handler works on the host and fails in every build.
 * An architecture the host may run natively (386 on amd64, arm on arm64) is native when `probes` says the
 * kernel ran it, or when it was not probed; one the kernel refused needs its handler like any other.
 */
function assessEmulation(platforms, host, state, probes = new Map()) {
    return platforms.map((platform) => assessOne(platform, host, state, probes));
}
function assessOne(platform, host, state, probes) {
    const key = (0,src_platform/* platformKey */.Ng)(platform);
    const need = handlerFor(platform, host);
    if (need === 'native')
        return assessNative(key, platform, host, state, probes);
    if (need === 'unsupported')
        return { platform: key, readiness: 'unsupported', note: unsupportedNote(platform, host) };
    return assessHandler(key, need, state);
}
function assessHandler(key, need, state, why) {
    const base = { platform: key, handler: need.handler, installName: need.installName };
    const entry = state.mounted ? state.entries.get(need.handler) : undefined;
    if (entry === undefined) {
        const note = state.mounted ? why : 'binfmt_misc is not mounted';
        return { ...base, readiness: 'missing', ...(note === undefined ? {} : { note }) };
    }
    const withInterpreter = entry.interpreter === undefined ? base : { ...base, interpreter: entry.interpreter };
    if (!state.enabled)
        return { ...withInterpreter, readiness: 'disabled', note: 'binfmt_misc is disabled' };
    if (!entry.enabled)
        return { ...withInterpreter, readiness: 'disabled', ...(why === undefined ? {} : { note: why }) };
    if (!entry.flags.includes('F'))
        return { ...withInterpreter, readiness: 'no-fix-binary' };
    return { ...withInterpreter, readiness: 'ready' };
}
/**
 * The host's own architecture is native. Another it may run (COMPATIBLE): an enabled handler for it wins,
 * since binfmt_misc is asked before the kernel's own ELF loader — so it must have F like any handler;
 * without one, the probe decides.
 */
function assessNative(key, platform, host, state, probes) {
    const architecture = (0,src_platform/* normalizePlatform */.FL)(platform).architecture;
    const need = EMULATORS.get(architecture);
    if (architecture === (0,src_platform/* normalizePlatform */.FL)(host).architecture || need === undefined) {
        return { platform: key, readiness: 'native' };
    }
    if (servingHandler(architecture, state) !== undefined)
        return assessHandler(key, need, state);
    const probed = probes.get(architecture);
    if (probed === true)
        return { platform: key, readiness: 'native' };
    if (probed === false) {
        return assessHandler(key, need, state, `this kernel does not run ${architecture} code natively`);
    }
    return architecture === 'arm'
        ? { platform: key, readiness: 'native', note: AARCH32_NOTE }
        : { platform: key, readiness: 'native' };
}
function unsupportedNote(platform, host) {
    const want = (0,src_platform/* normalizePlatform */.FL)(platform);
    const have = (0,src_platform/* normalizePlatform */.FL)(host);
    if (want.os !== 'linux' || have.os !== 'linux') {
        return `binfmt_misc cannot run ${want.os} binaries on a ${have.os} host; it builds only if its Dockerfile runs no commands`;
    }
    if (want.architecture === have.architecture) {
        return `a ${(0,src_platform/* platformKey */.Ng)(host)} CPU cannot run ${(0,src_platform/* platformKey */.Ng)(platform)} code, and emulating arm here would capture native binaries`;
    }
    return `no QEMU emulator is known for ${want.architecture}; it builds only if its Dockerfile runs no commands`;
}
/** Whether a build for this platform can execute code here now. */
function isRunnable(readiness) {
    return readiness.readiness === 'native' || readiness.readiness === 'ready';
}
/** Whether the installer image can make this platform runnable. */
function isInstallable(readiness) {
    return (readiness.readiness === 'missing' ||
        readiness.readiness === 'disabled' ||
        readiness.readiness === 'no-fix-binary');
}
/** The reason a platform cannot run, as the tail of a one-line message: "no qemu-s390x handler". */
function describeReadiness(readiness) {
    const handler = readiness.handler ?? 'QEMU';
    const note = readiness.note === undefined ? '' : ` (${readiness.note})`;
    switch (readiness.readiness) {
        case 'native':
            return `runs natively${note}`;
        case 'ready':
            return `emulated by ${handler}`;
        case 'missing':
            return `no ${handler} handler${note}`;
        case 'disabled':
            return `the ${handler} handler is disabled${note}`;
        case 'no-fix-binary':
            return `the ${handler} handler lacks the F (fix-binary) flag, so containers cannot open its interpreter ${readiness.interpreter ?? ''}`.trimEnd();
        case 'unsupported':
            return readiness.note ?? 'binfmt_misc cannot run it';
    }
}

;// CONCATENATED MODULE: ./src/binfmt/entry.ts
/**
 * The kernel's binfmt_misc entry format (Documentation/admin-guide/binfmt-misc.rst): an entry of
 * /proc/sys/fs/binfmt_misc as the kernel prints it, read into data, and the line that registers it again.
 * Pure: host.ts reads /proc and writes the register file.
 */

/**
 * Parses an entry file. Throws ActionError('environment') when the text is not one (the first line must be
 * `enabled` or `disabled`), since deciding on a misread entry would be worse than stopping.
 */
function parseBinfmtEntry(name, text) {
    const lines = text.split('\n').map((line) => line.trim());
    const status = lines[0];
    if (status !== 'enabled' && status !== 'disabled') {
        throw new src_errors/* ActionError */.l('environment', `binfmt_misc entry "${name}" does not start with "enabled" or "disabled": ${JSON.stringify(status ?? '')}`, { hint: 'check that /proc/sys/fs/binfmt_misc is a binfmt_misc mount' });
    }
    const entry = { name, enabled: status === 'enabled', flags: '' };
    for (const line of lines.slice(1))
        applyField(entry, line);
    return entry;
}
/** One `key value` line; `flags:` is the only key the kernel prints with a colon. */
function applyField(entry, line) {
    const space = line.indexOf(' ');
    const key = space < 0 ? line : line.slice(0, space);
    const value = space < 0 ? '' : line.slice(space + 1).trim();
    switch (key) {
        case 'interpreter':
            entry.interpreter = value;
            break;
        case 'flags:':
            entry.flags = value;
            break;
        case 'offset':
            entry.offset = Number(value);
            break;
        case 'magic':
            entry.magic = value;
            break;
        case 'mask':
            entry.mask = value;
            break;
        default:
            // `extension .jar` of E entries and anything a newer kernel adds do not matter here
            break;
    }
}
/**
 * The line that registers an entry again (`:name:type:offset:magic:mask:interpreter:flags`), magic and mask
 * written with the `\xHH` escapes the kernel decodes itself, so the text stays printable and no tool on the
 * way can turn `\x00` into a NUL byte that would end the line early.
 */
function registrationLine(entry) {
    if (entry.magic === undefined || entry.interpreter === undefined) {
        throw new ActionError('environment', `binfmt_misc entry "${entry.name}" has no magic or no interpreter`);
    }
    const offset = entry.offset === undefined || entry.offset === 0 ? '' : String(entry.offset);
    const mask = entry.mask === undefined ? '' : hexEscapes(entry.mask);
    return `:${entry.name}:M:${offset}:${hexEscapes(entry.magic)}:${mask}:${entry.interpreter}:${entry.flags}`;
}
function hexEscapes(hex) {
    return (hex.match(/../g) ?? []).map((byte) => `\\x${byte}`).join('');
}

;// CONCATENATED MODULE: ./src/binfmt/host-platform.ts
/**
 * The platform of a Node.js process (`process.platform`, `process.arch`) in containerd's terms: x64 is amd64,
 * ia32 is 386, 32-bit arm takes the variant Node was built for (`arm_version`, v7 when unknown), and ppc64
 * is ppc64le on a little-endian CPU (Node's arch name does not tell them apart).
 */
function nodePlatform(nodeOs, nodeArch, options) {
    const os = nodeOs === 'win32' ? 'windows' : nodeOs;
    switch (nodeArch) {
        case 'x64':
            return { os, architecture: 'amd64' };
        case 'ia32':
            return { os, architecture: '386' };
        case 'arm':
            return { os, architecture: 'arm', variant: `v${options.armVersion ?? '7'}` };
        case 'ppc64':
            return { os, architecture: options.endianness === 'LE' ? 'ppc64le' : 'ppc64' };
        case 'mips64el':
            return { os, architecture: 'mips64le' };
        default:
            return { os, architecture: nodeArch };
    }
}

;// CONCATENATED MODULE: ./src/binfmt/installer.ts
/** The emulator installer's command line (tonistiigi/binfmt, as docker/setup-qemu-action runs it). Pure. */
/**
 * `docker` argv that registers the named emulators: `run --privileged --rm IMAGE --install arm64,s390x`.
 * Handlers to replace (disabled, or without F) are uninstalled in the same run first, because the installer
 * refuses to register a name that already exists ("already registered"); it uninstalls before installing.
 */
function installArgs(image, installNames, options = {}) {
    const uninstall = options.uninstall ?? [];
    return [
        'run',
        '--privileged',
        '--rm',
        image,
        ...(uninstall.length > 0 ? ['--uninstall', uninstall.join(',')] : []),
        '--install',
        installNames.join(',')
    ];
}

;// CONCATENATED MODULE: ./src/binfmt/probe-program.ts
/**
 * The smallest program that tells whether this kernel executes an architecture: a static ELF32 executable
 * of one loadable segment whose code is the `exit(0)` system call. BuildKit asks the same question the same
 * way before it counts a platform as supported (util/archutil: a tiny test binary per architecture, run on
 * the host). A CPU that could run the code is not enough: amd64 runs 386 code only when the kernel has IA32
 * emulation switched on, arm64 runs arm only when the CPU implements AArch32 at EL0 (Graviton 3+, Apple M,
 * Neoverse N2 do not). Pure: the bytes only — host.ts writes and runs them.
 */
const SPECS = {
    '386': {
        machine: 3,
        flags: 0,
        base: 0x08048000,
        // mov eax, 1 (exit) · xor ebx, ebx (status 0) · int 0x80
        code: [0xb8, 0x01, 0x00, 0x00, 0x00, 0x31, 0xdb, 0xcd, 0x80]
    },
    arm: {
        machine: 40,
        flags: 0x05000000, // EF_ARM_EABI_VER5
        base: 0x00010000,
        // mov r0, #0 · mov r7, #1 (exit) · svc #0 — A32, little-endian words
        code: [0x00, 0x00, 0xa0, 0xe3, 0x01, 0x70, 0xa0, 0xe3, 0x00, 0x00, 0x00, 0xef]
    }
};
const ELF_HEADER_BYTES = 52;
const PROGRAM_HEADER_BYTES = 32;
/** The probe for `architecture`: an executable whose only effect is to exit with status 0. */
function probeProgram(architecture) {
    const spec = SPECS[architecture];
    const codeAt = ELF_HEADER_BYTES + PROGRAM_HEADER_BYTES;
    const size = codeAt + spec.code.length;
    const bytes = new Uint8Array(size);
    const view = new DataView(bytes.buffer);
    const u16 = (at, value) => {
        view.setUint16(at, value, true);
    };
    const u32 = (at, value) => {
        view.setUint32(at, value, true);
    };
    // e_ident: magic, ELFCLASS32, ELFDATA2LSB, EV_CURRENT, ELFOSABI_SYSV; the rest is padding
    bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0], 0);
    u16(16, 2); // e_type: ET_EXEC
    u16(18, spec.machine);
    u32(20, 1); // e_version
    u32(24, spec.base + codeAt); // e_entry
    u32(28, ELF_HEADER_BYTES); // e_phoff
    u32(32, 0); // e_shoff: no sections
    u32(36, spec.flags);
    u16(40, ELF_HEADER_BYTES); // e_ehsize
    u16(42, PROGRAM_HEADER_BYTES); // e_phentsize
    u16(44, 1); // e_phnum
    u16(46, 0); // e_shentsize
    u16(48, 0); // e_shnum
    u16(50, 0); // e_shstrndx
    const ph = ELF_HEADER_BYTES;
    u32(ph, 1); // p_type: PT_LOAD
    u32(ph + 4, 0); // p_offset: the whole file, headers included
    u32(ph + 8, spec.base); // p_vaddr
    u32(ph + 12, spec.base); // p_paddr
    u32(ph + 16, size); // p_filesz
    u32(ph + 20, size); // p_memsz
    u32(ph + 24, 5); // p_flags: PF_R | PF_X
    u32(ph + 28, 0x1000); // p_align
    bytes.set(spec.code, codeAt);
    return bytes;
}

;// CONCATENATED MODULE: ./src/binfmt/host.ts
/**
 * The binfmt edge: reads /proc/sys/fs/binfmt_misc and, with `qemu: auto`, runs the installer image for the
 * handlers that are missing, then reads /proc again — the installer's exit code proves nothing, since
 * tonistiigi/binfmt logs a failed registration and still exits 0.
 */












const BINFMT_DIR = '/proc/sys/fs/binfmt_misc';
/**
 * The kernel's view of emulation. Not mounted is a state, not an error: the installer image mounts
 * binfmt_misc itself. Only `qemu-*` entries are read; one unregistered while we read is skipped.
 */
async function readBinfmtState(dir = BINFMT_DIR) {
    const status = await readOptional(external_node_path_default().join(dir, 'status'));
    if (status === undefined)
        return { mounted: false, enabled: false, entries: new Map() };
    const entries = new Map();
    for (const name of (await (0,promises_.readdir)(dir)).filter((n) => n.startsWith('qemu-')).sort()) {
        const text = await readOptional(external_node_path_default().join(dir, name));
        if (text !== undefined)
            entries.set(name, parseBinfmtEntry(name, text));
    }
    return { mounted: true, enabled: status.trim() === 'enabled', entries };
}
async function readOptional(file) {
    try {
        return await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        if (isNotFound(error))
            return undefined;
        throw new src_errors/* ActionError */.l('environment', `cannot read ${file}: ${String(error)}`, {
            hint: 'run where /proc/sys/fs/binfmt_misc is readable (a Linux runner), or set `qemu: false`',
            cause: error
        });
    }
}
/** Duck-typed: Node's fs errors need not be instances of this realm's Error (jest's vm modules). */
function isNotFound(error) {
    return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
/** The platform this process runs on, in containerd's terms. */
function hostPlatform() {
    const variables = process.config.variables;
    const armVersion = variables.arm_version;
    return nodePlatform(process.platform, process.arch, {
        endianness: (0,external_node_os_.endianness)(),
        ...(typeof armVersion === 'string' && armVersion !== '' ? { armVersion } : {})
    });
}
/**
 * Makes every platform that needs emulation runnable, or says which cannot run and why. Native and ready
 * platforms need nothing (no docker call at all); `unsupported` ones (another OS, an unknown architecture)
 * are reported, not fatal, because binfmt_misc cannot help them and a Dockerfile without RUN still builds.
 * `auto` installs the missing, disabled and fix-binary-less handlers in one installer run, replacing the
 * latter two; `off` fails if any of them is needed.
 */
async function ensureEmulation(platforms, setting, options = {}) {
    const dir = options.dir ?? BINFMT_DIR;
    const host = options.host ?? hostPlatform();
    const state = await readBinfmtState(dir);
    const probes = await probeCompatible(platforms, host, state, options.probe ?? executesNatively);
    const before = assessEmulation(platforms, host, state, probes);
    const needed = before.filter(isInstallable);
    if (needed.length === 0)
        return { before, installed: [], after: before };
    if (setting.kind === 'off')
        throw qemuOffError(needed, host);
    const installed = unique(needed.map((r) => r.installName ?? ''));
    const replaced = unique(needed.filter((r) => r.readiness !== 'missing').map((r) => r.handler ?? ''));
    const args = installArgs(setting.image, installed, { uninstall: replaced });
    const result = await (options.docker ?? runDocker)(args);
    const after = assessEmulation(platforms, host, await readBinfmtState(dir), probes);
    const still = after.filter(isInstallable);
    if (still.length > 0)
        throw installFailedError({ image: setting.image, installed, still, host, result });
    return { before, installed, after };
}
/** The kernel's answer for each architecture worth a probe (handlers.ts, architecturesToProbe). */
async function probeCompatible(platforms, host, state, probe) {
    const results = new Map();
    for (const architecture of architecturesToProbe(platforms, host, state)) {
        const ran = await probe(architecture);
        if (ran !== undefined)
            results.set(architecture, ran);
    }
    return results;
}
/** Runs the probe program of `architecture` on this host (runProbe). */
function executesNatively(architecture) {
    return runProbe(probeProgram(architecture));
}
/**
 * Runs `program` from a temporary file. Its only effect is exit(0), so exit 0 means this kernel runs that
 * code (natively, or through a handler) and any other outcome means it does not. Not "exec format error"
 * alone: a refused ELF reaches the process edge's setsid (and Node's spawn) through glibc's execvp, which
 * then hands the file to /bin/sh, whose complaint is "not found", exit 127. What says nothing is a program
 * that could not be written or was not allowed to start (a temporary folder mounted noexec: EACCES): then
 * the architecture is assumed native, as before the probe.
 */
async function runProbe(program) {
    let dir;
    try {
        dir = await (0,promises_.mkdtemp)(external_node_path_default().join((0,external_node_os_.tmpdir)(), 'multiarch-publish-probe-'));
        const file = external_node_path_default().join(dir, 'probe');
        await (0,promises_.writeFile)(file, program);
        await (0,promises_.chmod)(file, 0o755);
        const result = await (0,exec/* runProcess */.R3)(file, [], { ignoreReturnCode: true });
        if (result.code === 0 && result.startError === undefined)
            return true;
        const said = `${result.startError ?? ''}\n${result.stderr}`;
        return /EACCES|EPERM|permission denied|operation not permitted/i.test(said) ? undefined : false;
    }
    catch {
        return undefined;
    }
    finally {
        if (dir !== undefined)
            await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}
function unique(values) {
    return [...new Set(values.filter((v) => v !== ''))];
}
function qemuOffError(needed, host) {
    const these = needed.length === 1 ? 'this platform' : 'these platforms';
    return new src_errors/* ActionError */.l('environment', `\`${names/* Inputs */.G.qemu}: false\` but ${cannotRun(needed, host)}`, {
        hint: `set ${names/* Inputs */.G.qemu}: auto, or run ${these} on a native runner`
    });
}
function installFailedError(failure) {
    const { image, installed, still, host, result } = failure;
    const ran = `\`${names/* Inputs */.G.qemu}\` ran ${image} --install ${installed.join(',')}`;
    return new src_errors/* ActionError */.l('environment', `${ran}, but ${cannotRun(still, host, 'still ')}${dockerOutcome(result)}`, {
        hint: 'the installer needs `docker run --privileged` and an image that provides these emulators; ' +
            'check both, or run these platforms on native runners'
    });
}
/** "linux/s390x cannot run on this linux/amd64 host: no qemu-s390x handler", or the list form for several. */
function cannotRun(readiness, host, still = '') {
    const where = `on this ${(0,src_platform/* platformKey */.Ng)(host)} host`;
    const [only] = readiness;
    if (readiness.length === 1 && only !== undefined) {
        return `${only.platform} ${still}cannot run ${where}: ${describeReadiness(only)}`;
    }
    const each = readiness.map((r) => `${r.platform} (${describeReadiness(r)})`).join(', ');
    return `${readiness.length} platforms ${still}cannot run ${where}: ${each}`;
}
/** The installer's own words when it failed visibly: its exit code and last line of output. */
function dockerOutcome(result) {
    const lastLine = (result.stderr.trim() || result.stdout.trim()).split('\n').pop()?.trim() ?? '';
    if (result.code === 0)
        return lastLine === '' ? '' : ` (installer: ${lastLine})`;
    return ` (docker exited ${result.code}${lastLine === '' ? '' : `: ${lastLine}`})`;
}
/** `docker ARGS` through the process edge, output collected; a docker that cannot start is exit code -1. */
async function runDocker(args) {
    const result = await (0,exec/* runProcess */.R3)('docker', args, { ignoreReturnCode: true });
    return {
        code: result.code,
        stdout: result.stdout,
        stderr: result.startError === undefined ? result.stderr : `${result.stderr}${result.startError}`
    };
}

// EXTERNAL MODULE: ./src/reference/reference.ts
var reference = __webpack_require__(1644);
// EXTERNAL MODULE: ./src/buildx/csv.ts
var csv = __webpack_require__(2684);
// EXTERNAL MODULE: ./src/buildx/staging.ts
var staging = __webpack_require__(1889);
;// CONCATENATED MODULE: ./src/buildx/args.ts
/**
 * What each platform's target outputs, and its per-platform cache scopes: pieces of the bake
 * definition (bake.ts). Pure: no I/O.
 */



/**
 * A `type=gha` cache entry with a scope of its own per platform: `scope=<slug>` added, or `-<slug>`
 * appended to the given scope. The gha cache keeps one manifest per scope, so matrix legs sharing one
 * would overwrite each other's. Other types, entries that are not key=value lists, and entries that do not
 * parse are returned unchanged; the fields the user wrote are kept verbatim.
 */
function scopedCache(entry, platform) {
    const fields = (0,csv/* splitCsvFields */.uC)(entry);
    if (!fields || !isGha(fields))
        return entry;
    const slug = (0,staging/* platformSlug */.DN)(platform);
    const scope = fields.findIndex((f) => keyOf(f.value) === 'scope');
    const given = scope < 0 ? '' : args_valueOf(fields[scope].value);
    const field = { raw: (0,csv/* quoteCsvField */.Br)(`scope=${given === '' ? slug : `${given}-${slug}`}`), value: '' };
    const scoped = scope < 0 ? [...fields, field] : fields.map((f, i) => (i === scope ? field : f));
    return scoped.map((f) => f.raw).join(',');
}
function isGha(fields) {
    return fields.some((f) => keyOf(f.value) === 'type' && args_valueOf(f.value) === 'gha');
}
/** buildx lower-cases keys, not values. */
function keyOf(field) {
    const eq = field.indexOf('=');
    return eq < 0 ? undefined : field.slice(0, eq).toLowerCase();
}
function args_valueOf(field) {
    return field.slice(field.indexOf('=') + 1);
}

;// CONCATENATED MODULE: ./src/buildx/bake.ts
/**
 * One BuildKit session for every platform: a `docker buildx bake` definition with one multi-platform
 * target (one index pushed; its children are the per-platform images), or, where a platform needs an
 * output or cache of its own, one target per platform, each with its own `containerimage.digest` in the
 * metadata file (by target name). The definition and the command line are pure functions of the options (the
 * docker/actions-toolkit way), run by session.ts.
 */



/**
 * Keys bake versions before 0.15–0.18 drop without a word (buildx 0.13 does): when set, session.ts asks
 * `bake --print` whether they survived, and fails naming the input instead of building without them.
 */
const RECENT_BAKE_KEYS = ['network', 'extra-hosts', 'entitlements'];
/**
 * The bake target name of a platform: its tag slug with the characters bake refuses in names
 * (`[a-zA-Z0-9_-]` only) as `_` — `linux/arm/v7` → `linux-arm-v7`. Distinct platforms stay distinct:
 * the slug keeps every letter and digit, and the separators of a platform never become `_`.
 */
function bakeTargetName(platform) {
    return (0,staging/* platformSlug */.DN)(platform).replace(/[^A-Za-z0-9_-]/g, '_');
}
/** The shape and, for the log, why. Pure. */
function sessionShape(facts) {
    const perPlatform = (reason) => ({
        shape: 'target-per-platform',
        reason
    });
    if (facts.platforms <= 1)
        return perPlatform('one platform');
    if (facts.stageAlways)
        return perPlatform('build mode stages every platform under a tag of its own');
    if (facts.driver === 'docker' && facts.imageStore !== 'containerd') {
        return perPlatform(facts.imageStore === 'classic'
            ? "the docker driver's classic image store builds one platform per image"
            : "the docker driver's image store could not be read");
    }
    return { shape: 'one-target', reason: 'every platform in one multi-platform target' };
}
/** The name of the one target of a multi-platform session (bake's `[a-zA-Z0-9_-]`). */
const GROUPED_TARGET = 'multiarch-publish';
/** One multi-platform target with one output (its index holds every platform's image). */
function groupedBakeDefinition(options, platforms, output, cwd) {
    return {
        group: { default: { targets: [GROUPED_TARGET] } },
        target: { [GROUPED_TARGET]: bakeTarget(options, [...platforms], output, cwd, 'as-given') }
    };
}
/**
 * The definition. `cwd` resolves the local context and the Dockerfile: bake reads a target's `dockerfile`
 * relative to its context, while `file` (like buildx build's `--file`) is relative to the working
 * directory. Every string is escaped for HCL templates: bake reads JSON as HCL, where `${` and `%{` start
 * an interpolation, so a build arg `${HOME}` would otherwise be expanded (or refused) by bake.
 */
function bakeDefinition(options, legs, cwd) {
    const target = {};
    for (const leg of legs) {
        target[bakeTargetName(leg.platform)] = bakeTarget(options, [leg.platform], leg.output, cwd, 'per-platform');
    }
    return { group: { default: { targets: Object.keys(target) } }, target };
}
function bakeTarget(options, platforms, output, cwd, cacheScopes) {
    const remote = isRemoteContext(options.context);
    const context = remote ? options.context : external_node_path_default().resolve(cwd, options.context);
    const file = options.file && !remote && options.file !== '-' ? external_node_path_default().resolve(cwd, options.file) : options.file;
    const attest = [
        ...attestFlag('provenance', options.provenance),
        ...attestFlag('sbom', options.sbom),
        ...options.attests
    ];
    const hosts = Object.fromEntries(options.addHosts.map(hostEntry));
    const raw = {
        context,
        ...(file ? { dockerfile: file } : {}),
        ...nonEmptyMap('contexts', options.buildContexts),
        ...nonEmptyMap('args', options.buildArgs),
        ...nonEmptyMap('labels', options.labels),
        ...(options.target ? { target: options.target } : {}),
        platforms,
        output: [outputSpec(output)],
        ...nonEmpty('secret', options.secrets),
        ...nonEmpty('ssh', options.ssh),
        // Targets of one platform each: gha caches scoped per platform (one scope would be overwritten by
        // each). One multi-platform target exports one cache holding every platform, as buildx build does.
        ...nonEmpty('cache-from', cacheEntries(options.cacheFrom, platforms, cacheScopes)),
        ...nonEmpty('cache-to', cacheEntries(options.cacheTo, platforms, cacheScopes)),
        ...nonEmpty('attest', attest),
        ...nonEmpty('annotations', options.annotations),
        ...(options.noCache ? { 'no-cache': true } : {}),
        ...nonEmpty('no-cache-filter', options.noCacheFilters),
        ...(options.pull ? { pull: true } : {}),
        ...(options.network ? { network: options.network } : {}),
        ...(options.shmSize ? { 'shm-size': options.shmSize } : {}),
        ...nonEmpty('ulimits', options.ulimits),
        ...(Object.keys(hosts).length > 0 ? { 'extra-hosts': hosts } : {}),
        ...nonEmpty('entitlements', options.allow)
    };
    return escapeTemplates(raw);
}
/**
 * What `--output` would say: by digest (no tag), or an image pushed under the staging tag.
 * Where the daemon's BuildKit pushes the image itself (containerd store), an empty `push=` keeps buildx
 * from pushing it a second time with docker: BuildKit's exporter reads an empty value as true, buildx's
 * own push runs only for a non-empty true. On the classic store buildx's docker push is the only one.
 */
function outputSpec(output) {
    switch (output.kind) {
        case 'push-by-digest':
            return `type=image,name=${output.repository},push-by-digest=true,name-canonical=true,push=true`;
        case 'staging-tag':
            return `type=image,name=${output.ref},push=${output.builderPushes === true ? '' : 'true'}`;
    }
}
/**
 * buildx build's `--provenance` / `--sbom` value as an attest spec: `true` → `type=X`, `false` →
 * `type=X,disabled=true`, anything else (`mode=max`, `generator=…`) → `type=X,<value>`.
 */
function attestFlag(type, value) {
    if (value === undefined || value === '')
        return [];
    const lower = value.toLowerCase();
    if (['true', '1'].includes(lower))
        return [`type=${type}`];
    if (['false', '0'].includes(lower))
        return [`type=${type},disabled=true`];
    return [`type=${type},${value}`];
}
/** argv after `docker`. */
function bakeArgs(options) {
    return [
        'buildx',
        'bake',
        ...(options.builder ? ['--builder', options.builder] : []),
        '--file',
        options.definitionFile,
        ...(options.print ? ['--print'] : ['--metadata-file', options.metadataFile, '--progress', 'rawjson']),
        ...(options.allow ?? []).flatMap((entitlement) => ['--allow', entitlement]),
        ...options.targets
    ];
}
function cacheEntries(entries, platforms, scopes) {
    const [platform] = platforms;
    return scopes === 'per-platform' && platform !== undefined
        ? entries.map((entry) => scopedCache(entry, platform))
        : [...entries];
}
function isRemoteContext(context) {
    // buildx (docker/cli urlutil.IsGitURL) also takes a bare `github.com/…` for a git repository.
    return /^(https?:\/\/|git@|git:\/\/|ssh:\/\/|github\.com\/)/.test(context) || context === '-';
}
/** `host:ip` / `host=ip` → [host, ip]; the first ':' splits, so an IPv6 address stays whole. */
function hostEntry(entry) {
    const at = entry.includes('=') ? entry.indexOf('=') : entry.indexOf(':');
    return [entry.slice(0, at), entry.slice(at + 1)];
}
/**
 * `KEY=value` lines → a map; the value may hold `=`; a later line wins, as with repeated flags; a line
 * without `=` is a key with an empty value (buildx's `--label key`).
 */
function toMap(lines) {
    const map = {};
    for (const line of lines) {
        const eq = line.indexOf('=');
        if (eq < 0)
            map[line] = '';
        else
            map[line.slice(0, eq)] = line.slice(eq + 1);
    }
    return map;
}
function nonEmptyMap(key, lines) {
    return lines.length === 0 ? {} : { [key]: toMap(lines) };
}
function nonEmpty(key, values) {
    return values.length === 0 ? {} : { [key]: [...values] };
}
/** HCL template escapes: `${` → `$${`, `%{` → `%%{`, in every string value (not in map keys). */
function escapeTemplate(text) {
    return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}
function escapeTemplates(value) {
    if (typeof value === 'string')
        return escapeTemplate(value);
    if (Array.isArray(value))
        return value.map((v) => escapeTemplates(v));
    if (typeof value === 'object' && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeTemplates(v)]));
    }
    return value;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/buildx/entitlements.ts
/**
 * The `--allow` entries a bake definition needs. buildx bake (since 0.17 for `network.host` and
 * `security.insecure`, since 0.20 for the filesystem) refuses, when not run in a terminal, a build that
 * reads a context, Dockerfile, named context, secret or ssh file outside the working directory
 * (`fs.read`), writes a local cache or output there (`fs.write`), forwards the default ssh agent (`ssh`),
 * or runs with host networking or privileges — unless the command line grants it. Pure: the caller resolves
 * paths as bake will (symbolic links, the nearest existing folder).
 */


/**
 * `docker buildx version` → the version: `github.com/docker/buildx v0.36.1 abc123`, Debian's
 * `github.com/docker/buildx 0.13.1+ds1 0.13.1+ds1-3`, `0.29.1+ds1`, a bare `0.20`. Undefined when none is named.
 */
function parseBuildxVersion(text) {
    const after = text.includes('buildx') ? text.slice(text.indexOf('buildx') + 'buildx'.length) : text;
    const match = /(?:^|[\s/])v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(after);
    if (!match)
        return undefined;
    return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}
function atLeast(version, major, minor) {
    return version.major !== major ? version.major > major : version.minor >= minor;
}
/** Everything the definition's targets read and write on the local filesystem, and the privileges they ask. */
function entitlementNeeds(definition, cwd, resolve = (p) => p) {
    const needs = { networkHost: false, securityInsecure: false, sshAgent: false, read: [], write: [] };
    // The definition's strings are escaped for HCL templates (bake.ts): the paths are read unescaped.
    const local = (p) => resolve(external_node_path_default().resolve(cwd, unescapeTemplate(p)));
    for (const target of Object.values(definition.target)) {
        const entitlements = target.entitlements ?? [];
        needs.networkHost ||= target.network === 'host' || entitlements.includes('network.host');
        needs.securityInsecure ||= entitlements.includes('security.insecure');
        needs.read.push(...readPaths(target).map(local));
        needs.write.push(...writePaths(target).map(local));
        needs.sshAgent ||= (target.ssh ?? []).some((spec) => sshPaths(spec).length === 0);
    }
    return needs;
}
/**
 * The `--allow` entries for these needs on this buildx (undefined: assume a current one): the privileges
 * from 0.17, the filesystem and the ssh agent from 0.20 (where bake enforces them); a path only when it is
 * outside `cwd` (bake grants the working directory itself), and once under a granted folder.
 */
function allowEntries(needs, cwd, version) {
    const privileges = version === undefined || atLeast(version, 0, 17);
    const filesystem = version === undefined || atLeast(version, 0, 20);
    return [
        ...(privileges && needs.networkHost ? ['network.host'] : []),
        ...(privileges && needs.securityInsecure ? ['security.insecure'] : []),
        ...(filesystem && needs.sshAgent ? ['ssh'] : []),
        ...(filesystem ? outside(needs.read, cwd).map((p) => `fs.read=${p}`) : []),
        ...(filesystem ? outside(needs.write, cwd).map((p) => `fs.write=${p}`) : [])
    ];
}
function unescapeTemplate(text) {
    return text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}
/** Paths outside `cwd`, without those inside another one of them, sorted. */
function outside(paths, cwd) {
    const out = [...new Set(paths.map((p) => external_node_path_default().normalize(p)))].filter((p) => !within(p, cwd));
    return out.filter((p) => !out.some((other) => other !== p && within(p, other))).sort();
}
function within(p, folder) {
    const rel = external_node_path_default().relative(folder, p);
    return rel === '' || (!rel.startsWith('..') && !external_node_path_default().isAbsolute(rel));
}
function readPaths(target) {
    return [
        ...(isLocal(target.context) ? [target.context] : []),
        ...(target.dockerfile !== undefined && isLocal(target.context) && isLocal(target.dockerfile)
            ? [external_node_path_default().resolve(target.context, target.dockerfile)]
            : []),
        ...Object.values(target.contexts ?? {}).filter(isLocal),
        ...(target['cache-from'] ?? []).flatMap((entry) => localAttribute(entry, 'src')),
        ...(target.secret ?? []).flatMap(secretFile),
        ...(target.ssh ?? []).flatMap(sshPaths)
    ];
}
function writePaths(target) {
    return [
        ...(target['cache-to'] ?? []).flatMap((entry) => localAttribute(entry, 'dest')),
        ...target.output.flatMap((entry) => {
            const attributes = (0,csv/* csvAttributes */.eJ)(entry);
            const type = attributes?.get('type');
            const dest = attributes?.get('dest');
            return (type === 'local' || type === 'tar') && dest !== undefined && dest !== '-' ? [dest] : [];
        })
    ];
}
/** A context bake reads from the local filesystem (bake's isLocalPath): not a URL, a target or an image. */
function isLocal(context) {
    return (!/^(https?:\/\/|git@|git:\/\/|ssh:\/\/|github\.com\/|target:|docker-image:|oci-layout:)/.test(context) &&
        context !== '-');
}
/** `type=local,src=…` (cache-from) / `type=local,dest=…` (cache-to) → that path. */
function localAttribute(entry, key) {
    const attributes = (0,csv/* csvAttributes */.eJ)(entry);
    const value = attributes?.get(key);
    return attributes?.get('type') === 'local' && value ? [value] : [];
}
/** A secret read from a file: `src=` or `source=` (buildx's secret spec), not `env=`. */
function secretFile(spec) {
    const attributes = (0,csv/* csvAttributes */.eJ)(spec);
    const file = attributes?.get('src') ?? attributes?.get('source');
    return attributes?.get('type') !== 'env' && file ? [file] : [];
}
/** `default`, `id=/path/key,/path/other` (buildx's ssh spec) → the paths; none for the agent socket. */
function sshPaths(spec) {
    const eq = spec.indexOf('=');
    return eq < 0
        ? []
        : spec
            .slice(eq + 1)
            .split(',')
            .filter((p) => p !== '');
}

;// CONCATENATED MODULE: ./src/buildx/bake-grants.ts
/**
 * The `--allow` entries this machine's bake needs for a definition (entitlements.ts decides): paths
 * resolved as bake resolves them, and the buildx version asked only when something needs a grant.
 */




async function bakeGrants(definition, options) {
    const cwd = existingRealPath(options.cwd);
    const needs = entitlementNeeds(definition, options.cwd, existingRealPath);
    const asked = needs.networkHost ||
        needs.securityInsecure ||
        needs.sshAgent ||
        needs.read.length + needs.write.length > 0;
    if (!asked)
        return [];
    return allowEntries(needs, cwd, await buildxVersion(options));
}
/** `docker buildx version` → its version; undefined when it does not say. */
async function buildxVersion(options = {}) {
    const result = await (options.run ?? exec/* runProcess */.R3)('docker', ['buildx', 'version'], {
        ignoreReturnCode: true,
        ...(options.env ? { env: options.env } : {})
    });
    return result.code === 0 ? parseBuildxVersion(result.stdout) : undefined;
}
/**
 * A path as bake compares it: symbolic links resolved, and for a path that does not exist yet (a cache
 * folder bake will create), its nearest existing folder — bake asks for a grant of that folder.
 */
function existingRealPath(absolute) {
    try {
        return (0,external_node_fs_.realpathSync)(absolute);
    }
    catch {
        const parent = external_node_path_default().dirname(absolute);
        return parent === absolute ? absolute : existingRealPath(parent);
    }
}

;// CONCATENATED MODULE: ./src/buildx/capabilities.ts
/**
 * What the builder cannot do, known before anything is built: the docker driver on the classic image store
 * (GitHub's hosted Ubuntu runners without a builder step) refuses cache export ("Cache export is not
 * supported for the docker driver") and attestations ("Attestation is not supported for the docker
 * driver"), and silently drops buildx's default provenance and manifest annotations. Cache import is
 * allowed there. Pure.
 */




/** The two ways to a builder that can: what users have on GitHub's runners. */
const CAPABLE_BUILDER_HINT = 'pass a docker-container builder (docker/setup-buildx-action, its output `name`) as `builder`, or enable the containerd image store; nothing was built or pushed';
function dockerDriverOnClassicStore(builder) {
    return builder.driver === 'docker' && builder.imageStore === 'classic';
}
/** Every input this builder would refuse, in input order. */
function refusedInputs(build, builder) {
    if (!dockerDriverOnClassicStore(builder))
        return [];
    const refusals = [];
    if (build.cacheTo.some(exportsCache))
        refusals.push({ input: names/* Inputs */.G.cacheTo, cannot: 'export a cache' });
    const attestations = 'attach attestations';
    if (enabled(attestFlag('provenance', build.provenance)))
        refusals.push({ input: names/* Inputs */.G.provenance, cannot: attestations });
    if (enabled(attestFlag('sbom', build.sbom)))
        refusals.push({ input: names/* Inputs */.G.sbom, cannot: attestations });
    if (enabled(build.attests))
        refusals.push({ input: names/* Inputs */.G.attests, cannot: attestations });
    return refusals;
}
/** The one error for what the builder refuses, naming the inputs and both fixes; undefined when it can build them. */
function builderRefusal(build, builder) {
    const refusals = refusedInputs(build, builder);
    if (refusals.length === 0)
        return undefined;
    const inputs = refusals.map((r) => `\`${r.input}\``).join(', ');
    const cannot = [...new Set(refusals.map((r) => r.cannot))].join(' or ');
    return new src_errors/* ActionError */.l('invalid-input', `input${refusals.length > 1 ? 's' : ''} ${inputs}: the docker driver on the classic image store cannot ${cannot}`, { hint: CAPABLE_BUILDER_HINT });
}
/** What the summary should say about what this builder leaves out without being asked. */
function builderNotes(build, builder) {
    if (!dockerDriverOnClassicStore(builder))
        return [];
    const fix = 'a docker-container builder passed as `builder`, or the containerd image store, keeps it';
    const provenanceAsked = build.provenance !== undefined ||
        build.attests.some((line) => (0,csv/* csvAttributes */.eJ)(line)?.get('type') === 'provenance');
    return [
        ...(provenanceAsked
            ? []
            : [
                `no provenance attestation: the docker driver on the classic image store drops buildx's default one (${fix})`
            ]),
        ...(build.annotations.length === 0
            ? []
            : [
                `the platform images carry no \`${names/* Inputs */.G.annotations}\` (manifest level): the docker driver on the classic image store drops them; the index has its own (${fix})`
            ])
    ];
}
/** A `cache-to` entry that exports: every type but `inline`, which goes into the image itself. */
function exportsCache(entry) {
    const attributes = (0,csv/* csvAttributes */.eJ)(entry);
    // buildx reads an entry with no `=` as a registry reference.
    const type = entry.includes('=') ? attributes?.get('type') : 'registry';
    return type?.toLowerCase() !== 'inline';
}
/** Attest specs of which one is not `disabled=true`. */
function enabled(specs) {
    return specs.some((spec) => !['true', '1', 't'].includes((0,csv/* csvAttributes */.eJ)(spec)?.get('disabled')?.toLowerCase() ?? ''));
}

// EXTERNAL MODULE: ./src/registry/credentials.ts
var credentials = __webpack_require__(3653);
;// CONCATENATED MODULE: ./src/buildx/docker-config.ts
/** The docker config folder buildx and the docker CLI read, and a copy of its config.json with one more login. */



/** The docker config folder for this environment (an empty DOCKER_CONFIG is unset, as docker/cli reads it). */
function dockerConfigDir(env) {
    return env.DOCKER_CONFIG || external_node_path_default().join(env.HOME || (0,external_node_os_.homedir)(), '.docker');
}
/**
 * The user's config.json with `login` as the file-store credential of its registry and of no other: its
 * `auths` entry replaced; a credential helper for that registry (or the `credsStore` every registry
 * uses) bypassed for that registry only, by an empty `credHelpers` entry — docker/cli takes the file store
 * for a registry whose helper is empty. Everything else is kept. Pure.
 */
function configWithLogin(config, login) {
    const keys = (0,credentials/* configKeysFor */.C3)(login.registry);
    const key = keys[0];
    const without = (entries) => Object.fromEntries(Object.entries(isRecord(entries) ? entries : {}).filter(([k]) => !keys.includes(k)));
    const helpers = isRecord(config.credHelpers) ? config.credHelpers : {};
    const helped = (typeof config.credsStore === 'string' && config.credsStore !== '') ||
        keys.some((k) => typeof helpers[k] === 'string' && helpers[k] !== '');
    const auth = Buffer.from(`${login.username}:${login.password}`).toString('base64');
    return {
        ...config,
        auths: { ...without(config.auths), [key]: { auth } },
        ...(helped ? { credHelpers: { ...without(config.credHelpers), [key]: '' } } : {})
    };
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./src/buildx/driver.ts
/** The builder's driver ("docker", "docker-container", "remote", …), asked before the build. */




/**
 * `docker buildx inspect` → the builder's driver. Without a builder named (input, BUILDX_BUILDER), buildx
 * uses the current one; when that is a default builder (none created: `buildx/instances` empty, or
 * `buildx/current` naming none) it has the docker driver, so no process is started.
 */
async function builderDriver(builder, options = {}) {
    const env = options.env ?? process.env;
    if (!builder && !env.BUILDX_BUILDER && (await usesDefaultBuilder(env)))
        return 'docker';
    const args = ['buildx', 'inspect', ...(builder ? [builder] : [])];
    const result = await (options.run ?? exec/* runProcess */.R3)('docker', args, {
        ignoreReturnCode: true,
        ...(options.env ? { env: options.env } : {})
    });
    return parseDriver(result.stdout);
}
/** The `Driver:` line of `buildx inspect`. Pure. */
function parseDriver(inspect) {
    return /^Driver:\s*(\S+)/m.exec(inspect)?.[1] ?? 'unknown';
}
async function usesDefaultBuilder(env) {
    const buildx = external_node_path_default().join(dockerConfigDir(env), 'buildx');
    const instances = await (0,promises_.readdir)(external_node_path_default().join(buildx, 'instances')).catch(() => []);
    if (instances.length === 0)
        return true;
    const current = await (0,promises_.readFile)(external_node_path_default().join(buildx, 'current'), 'utf8').catch(() => undefined);
    if (current === undefined)
        return false;
    try {
        return JSON.parse(current).Name === '';
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
;// CONCATENATED MODULE: ./src/buildx/engine-api.ts
/** The one Engine API call made without the docker CLI: `GET /info` on the daemon's unix socket. */

/** The daemon's DriverStatus as JSON text (what `docker info --format '{{json .DriverStatus}}'` prints); undefined on any failure. */
function engineDriverStatus(socketPath, timeoutMs = 2000) {
    return new Promise((resolve) => {
        const req = (0,external_node_http_.request)({ socketPath, path: '/info', method: 'GET', timeout: timeoutMs }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk) => {
                body += chunk;
            });
            res.on('error', () => {
                resolve(undefined);
            });
            res.on('end', () => {
                if (res.statusCode !== 200) {
                    resolve(undefined);
                    return;
                }
                try {
                    const status = JSON.parse(body).DriverStatus;
                    resolve(Array.isArray(status) ? JSON.stringify(status) : undefined);
                }
                catch {
                    resolve(undefined);
                }
            });
        });
        req.on('timeout', () => {
            req.destroy();
        });
        req.on('error', () => {
            resolve(undefined);
        });
        req.end();
    });
}

;// CONCATENATED MODULE: ./src/buildx/image-store.ts
/**
 * The docker driver's image store: `containerd` when the daemon runs the containerd snapshotter (it holds
 * multi-platform images, exports caches and attaches attestations), `classic` for overlay2 and friends
 * (GitHub's hosted Ubuntu runners unless a workflow enables the containerd store), `unknown` when it could
 * not be read.
 */





/**
 * Asked of the Engine API on the daemon's unix socket where the docker CLI would talk to that socket too
 * (it answers before the CLI has started); else, and whenever that fails, with `docker info` — a builder
 * named after a docker context is asked there.
 */
async function dockerImageStore(builder, options = {}) {
    const env = options.env ?? process.env;
    const socket = builder ? undefined : engineSocket(env, await currentContext(env));
    const fromEngine = socket === undefined ? undefined : await engineDriverStatus(socket);
    if (fromEngine !== undefined) {
        const store = parseImageStore(fromEngine);
        if (store !== 'unknown')
            return store;
    }
    const args = [...(builder ? ['--context', builder] : []), 'info', '--format', '{{json .DriverStatus}}'];
    const result = await (options.run ?? exec/* runProcess */.R3)('docker', args, {
        ignoreReturnCode: true,
        ...(options.env ? { env: options.env } : {})
    });
    return result.code === 0 ? parseImageStore(result.stdout) : 'unknown';
}
/**
 * The unix socket the docker CLI would use, when it would use one: the docker CLI's own order
 * (docker/cli resolveContextName) — `DOCKER_HOST` (the default context with that host), then
 * `DOCKER_CONTEXT`, then the config's `currentContext`, then the default context on
 * /var/run/docker.sock. Any other context or a tcp/ssh/npipe host: undefined (ask the CLI). Pure.
 */
function engineSocket(env, configContext) {
    const host = env.DOCKER_HOST ?? '';
    if (host !== '')
        return host.startsWith('unix://') ? host.slice('unix://'.length) : undefined;
    const context = env.DOCKER_CONTEXT || configContext || 'default';
    return context === 'default' ? '/var/run/docker.sock' : undefined;
}
/** The docker config's `currentContext` (undefined when none, or no readable config). */
async function currentContext(env) {
    const text = await (0,promises_.readFile)(external_node_path_default().join(dockerConfigDir(env), 'config.json'), 'utf8').catch(() => undefined);
    if (text === undefined)
        return undefined;
    try {
        const context = JSON.parse(text).currentContext;
        return typeof context === 'string' ? context : undefined;
    }
    catch {
        // The CLI refuses a config it cannot read: let it say so.
        return 'unreadable-config';
    }
}
/** `docker info --format '{{json .DriverStatus}}'` → the image store. Pure. */
function parseImageStore(driverStatus) {
    let status;
    try {
        status = JSON.parse(driverStatus);
    }
    catch {
        return 'unknown';
    }
    if (!Array.isArray(status))
        return 'unknown';
    const pairs = status.filter((p) => Array.isArray(p) && p.length === 2);
    return pairs.some(([k, v]) => k === 'driver-type' && v.startsWith('io.containerd.snapshotter'))
        ? 'containerd'
        : 'classic';
}

;// CONCATENATED MODULE: ./src/buildx/login-config.ts
/**
 * buildx pushes with the credentials of its docker config, never with the action's `username`/`password`.
 * For one session, buildx gets a docker config folder of its own: the user's config.json plus the login
 * for the target registry (docker-config.ts), and every other entry of the user's folder (cli-plugins/,
 * buildx/ with its builder instances, contexts/, …) linked in, so the same docker, buildx and builders
 * run. The folder is private (0700, config.json 0600), under RUNNER_TEMP where the runner has one, named
 * only in the environment of the processes given it, and removed afterwards.
 */





/** Runs `work` with an environment whose DOCKER_CONFIG holds `login`; without a login, with `env` itself. */
async function withRegistryLogin(login, env, work) {
    if (login === undefined)
        return work(env);
    const source = dockerConfigDir(env);
    const folder = await (0,promises_.mkdtemp)(external_node_path_default().join(env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'multiarch-publish-docker-config-'));
    try {
        await (0,promises_.chmod)(folder, 0o700);
        const config = configWithLogin(await readConfig(source), login);
        await (0,promises_.writeFile)(external_node_path_default().join(folder, 'config.json'), JSON.stringify(config, null, 2), {
            mode: 0o600,
            flag: 'wx'
        });
        await linkEntries(source, folder);
        return await work({ ...env, DOCKER_CONFIG: folder });
    }
    finally {
        await (0,promises_.rm)(folder, { recursive: true, force: true });
    }
}
/** The user's config.json ({} when there is none); one the docker CLI could not read either fails here. */
async function readConfig(folder) {
    const file = external_node_path_default().join(folder, 'config.json');
    const text = await (0,promises_.readFile)(file, 'utf8').catch((error) => {
        if (error.code === 'ENOENT')
            return '{}';
        throw error;
    });
    let config;
    try {
        config = JSON.parse(text.trim() === '' ? '{}' : text);
    }
    catch {
        config = undefined;
    }
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
        throw new src_errors/* ActionError */.l('environment', `the docker config ${file} is not a JSON object`, {
            hint: 'fix or remove it (docker/login-action writes it), then run again'
        });
    }
    return config;
}
/** Links every entry of the user's folder but config.json into ours (removing ours never follows a link). */
async function linkEntries(source, folder) {
    const entries = await (0,promises_.readdir)(source).catch(() => []);
    for (const name of entries) {
        if (name === 'config.json')
            continue;
        const target = external_node_path_default().join(source, name);
        const stat = await (0,promises_.lstat)(target).catch(() => undefined);
        if (stat === undefined)
            continue;
        await (0,promises_.symlink)(target, external_node_path_default().join(folder, name), stat.isDirectory() ? 'dir' : 'file');
    }
}

;// CONCATENATED MODULE: ./src/buildx/metadata.ts
/**
 * The file `buildx build --metadata-file` writes: which image the build pushed. Parsed with explicit checks
 * because a build that pushed nothing (or an older buildx) writes a file without the digest. Pure: no I/O.
 */

const DIGEST_KEY = 'containerimage.digest';
const NAME_KEY = 'image.name';
const SHA256 = /^sha256:[a-f0-9]{64}$/;
function parseBuildMetadata(text, platform) {
    const metadata = parseObject(text, platform);
    const digest = metadata[DIGEST_KEY];
    if (digest === undefined) {
        throw new src_errors/* ActionError */.l('build', `buildx metadata for ${platform} has no ${DIGEST_KEY}: nothing was pushed`, {
            hint: `check the build log of ${platform}; the build must push its image (push=true or --push)`
        });
    }
    if (typeof digest !== 'string' || !SHA256.test(digest)) {
        throw new src_errors/* ActionError */.l('build', `buildx metadata for ${platform} has ${DIGEST_KEY} ${JSON.stringify(digest)}, not a sha256 digest`, { hint: 'expected "sha256:" and 64 lowercase hex characters; check the buildx version' });
    }
    const name = metadata[NAME_KEY];
    return typeof name === 'string' && name !== '' ? { digest, imageName: name } : { digest };
}
function parseObject(text, platform) {
    const hint = `check the build log of ${platform}; buildx writes this file only when the build succeeds`;
    if (text.trim() === '') {
        throw new src_errors/* ActionError */.l('build', `buildx wrote no metadata for ${platform}`, { hint });
    }
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new src_errors/* ActionError */.l('build', `buildx metadata for ${platform} is not JSON: ${reason}`, { hint });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new src_errors/* ActionError */.l('build', `buildx metadata for ${platform} is not a JSON object`, { hint });
    }
    return value;
}
/**
 * The file `buildx bake --metadata-file` writes: one object per target name, each as `build` writes it.
 * `platforms` maps target names to platforms, so problems name the platform.
 */
function parseBakeMetadata(text, platforms) {
    const all = parseObject(text, [...platforms.values()].join(', '));
    const result = new Map();
    for (const [target, platform] of platforms) {
        const entry = all[target];
        if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
            throw new src_errors/* ActionError */.l('build', `buildx metadata has no entry for ${platform} (target ${target})`, {
                hint: `check the build log of ${platform}; every target must push its image`
            });
        }
        const raw = entry;
        result.set(platform, { ...parseBuildMetadata(JSON.stringify(raw), platform), raw });
    }
    return result;
}

;// CONCATENATED MODULE: ./src/buildx/attribution.ts
/**
 * Which target of a failed bake session failed for a reason of its own, and why: BuildKit cancels the
 * other targets once one fails, and their steps end in errors too. Pure.
 */
const CANCELLED = /context canceled|canceled|cancelled/i;
/**
 * A step BuildKit stopped, not one that failed by itself. A failed RUN's message quotes its command
 * (`process "/bin/sh -c go test -run TestCancelled" did not complete successfully: exit code: 1`, Go's %q):
 * what the command says is not why it ended, so only the rest is read. A RUN killed by the stop ends in
 * `… did not complete successfully: exit code: 137: context canceled`.
 */
function isCancellation(message) {
    return CANCELLED.test(message.replace(/process "(?:[^"\\]|\\.)*"/g, 'process'));
}
/**
 * The target a failed session names in its closing report, for buildx versions that print it
 * (`ERROR: target linux-s390x: failed to solve: …`, buildx ≥ 0.14).
 */
function targetNamedInError(lines, targets) {
    for (const line of lines) {
        const match = /target "?([A-Za-z0-9_-]+)"?:/.exec(line);
        if (match?.[1] !== undefined && targets.includes(match[1]))
            return match[1];
    }
    return undefined;
}
/**
 * The target that failed, when several report an error: once one target's step fails, BuildKit cancels
 * the others, and their push or export vertices end in errors too — often carrying the same root message.
 * A failed build step (a RUN, a COPY: not a push, an export, nor a cancellation) is the cause; bake's
 * closing `target "x":` line settles a tie; definition order breaks what remains.
 */
function attribution_failedTarget(errors, targets, sessionLines) {
    const failed = targets.filter((t) => errors.get(t) !== undefined);
    const isCause = (t) => {
        const error = errors.get(t);
        if (!error)
            return false;
        return (!/^(pushing|exporting|naming|writing|sending)\b/i.test(error.step) && !isCancellation(error.message));
    };
    const causes = failed.filter(isCause);
    const named = targetNamedInError(sessionLines, targets);
    if (named !== undefined && (causes.length === 0 || causes.includes(named)))
        return named;
    return causes[0] ?? named ?? failed[0];
}
/** buildx ends a failed run with "ERROR: …"; that line says why. */
function lastErrorLine(lines) {
    const error = [...lines].reverse().find((l) => /^ERROR[:\]]|error:/i.test(l.trim()));
    return error?.trim().replace(/^ERROR:\s*/, '');
}

;// CONCATENATED MODULE: ./src/buildx/json-stream.ts
/**
 * Splits rawjson progress into the JSON objects buildx prints and the plain lines around them (buildx's
 * closing error report). Both shapes buildx has printed are read: buildx 0.13/0.14 indent each object over
 * several lines, later versions print one object per line. An object starts with `{` at the start of a
 * line; braces inside strings are skipped; text that does not parse is passed on as plain lines. Pure.
 */
class JsonObjectStream {
    buffer = '';
    depth = 0;
    inString = false;
    escaped = false;
    scanned = 0;
    /** Feeds a chunk; returns what it completed. */
    push(chunk) {
        this.buffer += chunk;
        const objects = [];
        const lines = [];
        for (;;) {
            if (this.depth === 0) {
                // Between objects: whole lines are plain text, until a line starts with '{'.
                if (this.buffer.startsWith('{')) {
                    this.depth = 1;
                    this.scanned = 1;
                    continue;
                }
                const newline = this.buffer.indexOf('\n');
                if (newline < 0)
                    break;
                const line = this.buffer.slice(0, newline).replace(/\r$/, '');
                if (line.trim() !== '')
                    lines.push(line);
                this.buffer = this.buffer.slice(newline + 1);
                continue;
            }
            const end = this.scanObject();
            if (end < 0)
                break;
            const text = this.buffer.slice(0, end);
            this.buffer = this.buffer.slice(end);
            try {
                objects.push(JSON.parse(text));
            }
            catch {
                lines.push(...text.split('\n').filter((l) => l.trim() !== ''));
            }
        }
        return { objects, lines };
    }
    /** Whatever is left when the stream ends, as plain lines. */
    end() {
        const rest = this.buffer;
        this.buffer = '';
        this.depth = 0;
        return rest.split('\n').filter((l) => l.trim() !== '');
    }
    /** Continues scanning the open object; the index just after its closing brace, or -1 if not complete. */
    scanObject() {
        for (let i = this.scanned; i < this.buffer.length; i++) {
            const ch = this.buffer[i];
            if (this.inString) {
                if (this.escaped)
                    this.escaped = false;
                else if (ch === '\\')
                    this.escaped = true;
                else if (ch === '"')
                    this.inString = false;
                continue;
            }
            if (ch === '"')
                this.inString = true;
            else if (ch === '{')
                this.depth++;
            else if (ch === '}' && --this.depth === 0) {
                this.scanned = 0;
                return i + 1;
            }
        }
        this.scanned = this.buffer.length;
        return -1;
    }
}

;// CONCATENATED MODULE: ./src/buildx/progress.ts
/**
 * `--progress=rawjson` of one bake session, split by target or by platform: BuildKit's SolveStatus
 * objects (`{"vertexes": […], "statuses": […], "logs": […], "warnings": […]}`, json-stream.ts splits
 * them out of the text). With one target per platform every vertex name starts with its target in brackets
 * (`[linux-s390x 2/2] RUN …`, `[linux-s390x internal] load build context`, `[linux-s390x] exporting to
 * image`); with one multi-platform target most start with the platform (`[linux/s390x 1/2] COPY …`) and
 * the rest are found by their inputs. This module turns that stream into one readable log per platform
 * (plain-progress style), with per-key start, end, status and the failing step. Pure: the caller feeds
 * text and the clock.
 */

/** The session's own steps (`[internal] load local bake definitions`) and anything not named by target. */
const SESSION_TARGET = '';
/**
 * Reads SolveStatus objects of one session and keeps each key's log, timing and outcome. A key is a
 * bake target (one target per platform: every vertex name starts with it) or a platform (one
 * multi-platform target: BuildKit starts most step names with `[linux/arm64 …]`). A vertex whose name
 * names no key belongs to the key of its inputs when they all have one (a RUN after a platform's COPY is
 * often named plain `[2/2] RUN …`); otherwise to the session. Ownership is settled when asked, because a
 * vertex may arrive before its inputs do.
 */
class SessionProgress {
    keys;
    aliases;
    vertices = new Map();
    events = [];
    doneStatuses = new Set();
    pushedManifests = [];
    next = 1;
    completions = 0;
    /** Who owns each vertex, kept until a vertex or its inputs arrive (log lines change nobody's owner). */
    ownerCache;
    /** `aliases`: other names of a key in step names (BuildKit prints `linux/arm64` for `linux/arm64/v8`). */
    constructor(keys, aliases = new Map()) {
        this.keys = new Set(keys.filter((k) => k !== SESSION_TARGET));
        this.aliases = aliases;
    }
    /** Feeds one object of the stream, received at `nowMs`. */
    add(status, nowMs) {
        if (typeof status !== 'object' || status === null)
            return;
        const s = status;
        for (const v of Array.isArray(s.vertexes) ? s.vertexes : [])
            this.addVertex(v, nowMs);
        for (const log of Array.isArray(s.logs) ? s.logs : [])
            this.addLog(log);
        for (const st of Array.isArray(s.statuses) ? s.statuses : [])
            this.addStatus(st);
        for (const w of Array.isArray(s.warnings) ? s.warnings : [])
            this.addWarning(w);
    }
    /** A plain line outside the JSON (buildx's closing report): the session's. */
    addLine(line) {
        this.events.push({ line });
    }
    /** What is known of one key (or of the session, SESSION_TARGET) so far. */
    target(name) {
        const owners = this.owners();
        const p = emptyProgress(name);
        const mine = [...this.vertices].filter(([digest]) => owners.get(digest) === name).map(([, v]) => v);
        p.lines = this.events
            .filter((e) => (e.vertex === undefined ? SESSION_TARGET : owners.get(e.vertex)) === name)
            .map((e) => e.line);
        for (const v of mine) {
            if (v.startedAt !== undefined)
                p.startMs = Math.min(p.startMs ?? v.startedAt, v.startedAt);
            if (v.completedAt !== undefined)
                p.endMs = Math.max(p.endMs ?? v.completedAt, v.completedAt);
        }
        const failures = mine
            .filter((v) => v.failed)
            .sort((a, b) => (a.completedSeq ?? 0) - (b.completedSeq ?? 0));
        p.cancelledSteps = failures.filter((v) => isCancellation(v.error ?? '')).length;
        const own = failures.find((v) => !isCancellation(v.error ?? ''));
        if (own)
            p.error = { step: own.name, message: own.error ?? '' };
        p.exported = isExported(mine);
        return p;
    }
    /** Whether a key's image was exported (cheaper than target(): no log assembled). */
    exported(name) {
        const owners = this.owners();
        return isExported([...this.vertices].filter(([d]) => owners.get(d) === name).map(([, v]) => v));
    }
    /**
     * The images pushed so far, in order: by BuildKit's exporter (`pushing manifest for <name>@sha256:…`
     * done), or by the docker driver's own push under a tag. From then on the registry holds that image,
     * its children and its blobs, while buildx may still be finishing (its second push, its last reads).
     */
    get pushed() {
        return this.pushedManifests;
    }
    /** How many steps have completed so far: an export can only have finished when this changed. */
    get completed() {
        return this.completions;
    }
    owners() {
        if (this.ownerCache)
            return this.ownerCache;
        const owners = new Map();
        const resolve = (digest, visiting) => {
            const known = owners.get(digest);
            if (known !== undefined)
                return known;
            const v = this.vertices.get(digest);
            if (!v || visiting.has(digest))
                return SESSION_TARGET;
            if (v.key !== undefined) {
                owners.set(digest, v.key);
                return v.key;
            }
            visiting.add(digest);
            const from = new Set(v.inputs.map((i) => resolve(i, visiting)).filter((k) => k !== SESSION_TARGET));
            visiting.delete(digest);
            const owner = from.size === 1 ? [...from][0] : SESSION_TARGET;
            owners.set(digest, owner);
            return owner;
        };
        for (const digest of this.vertices.keys())
            resolve(digest, new Set());
        this.ownerCache = owners;
        return owners;
    }
    /** `[linux-arm64 2/2] RUN x` → key `linux-arm64`, shown as `[2/2] RUN x` in its own log. */
    split(name) {
        const match = /^\[([^\s\]]+)(?:\s+([^\]]*))?\]\s?(.*)$/s.exec(name);
        const named = match?.[1];
        const key = named === undefined ? undefined : this.keyNamed(named);
        if (match && key !== undefined) {
            const rest = match[2];
            return { key, shown: rest ? `[${rest}] ${match[3] ?? ''}` : (match[3] ?? '') };
        }
        return { shown: name };
    }
    /**
     * The key a step's platform part names. A stage built on the build platform for another
     * (`FROM --platform=$BUILDPLATFORM`) is named `<build platform>-><target>` by BuildKit's Dockerfile
     * frontend: the target's arch[/variant] when its OS is the build platform's (`linux/amd64->arm64`,
     * `linux/amd64->arm/v7`), else the whole platform (`linux/amd64->windows/amd64`). The step belongs to
     * the target platform, whose image it goes into.
     */
    keyNamed(named) {
        const lookup = (name) => (this.keys.has(name) ? name : this.aliases.get(name));
        const arrow = named.indexOf('->');
        if (arrow < 0)
            return lookup(named);
        const base = named.slice(0, arrow);
        const target = named.slice(arrow + 2);
        const os = base.split('/')[0] ?? '';
        return lookup(`${os}/${target}`) ?? lookup(target);
    }
    addVertex(v, nowMs) {
        if (typeof v.digest !== 'string')
            return;
        let state = this.vertices.get(v.digest);
        if (!state) {
            if (typeof v.name !== 'string')
                return;
            const { key, shown } = this.split(v.name);
            state = {
                number: this.next++,
                ...(key !== undefined ? { key } : {}),
                name: shown,
                inputs: [],
                failed: false,
                isExport: /^exporting to image|^pushing /.test(shown)
            };
            this.vertices.set(v.digest, state);
            this.ownerCache = undefined;
            this.log(v.digest, `#${state.number} ${shown}`);
        }
        if (state.inputs.length === 0 && Array.isArray(v.inputs)) {
            state.inputs = v.inputs.filter((i) => typeof i === 'string');
            this.ownerCache = undefined;
        }
        if (v.started && state.startedAt === undefined)
            state.startedAt = nowMs;
        if (state.completedAt !== undefined)
            return;
        if (v.cached) {
            this.complete(state, nowMs);
            this.log(v.digest, `#${state.number} CACHED`);
            return;
        }
        if (!v.completed)
            return;
        this.complete(state, nowMs);
        if (v.error) {
            state.failed = true;
            state.error = v.error;
            this.log(v.digest, `#${state.number} ERROR: ${v.error}`);
        }
        else {
            const seconds = (nowMs - (state.startedAt ?? nowMs)) / 1000;
            this.log(v.digest, `#${state.number} DONE ${seconds.toFixed(1)}s`);
            this.addDockerPush(state.name);
        }
    }
    /**
     * The docker driver's own push (`pushing <name> with docker`) done: the image is in the registry under
     * that tag. Announced only for a name BuildKit's exporter did not push already (with the containerd
     * store it did, by digest); with the classic store this push is the only one.
     */
    addDockerPush(name) {
        const pushed = /^pushing (\S+) with docker$/.exec(name)?.[1];
        if (pushed === undefined || this.pushedManifests.some((p) => p.name === pushed))
            return;
        this.pushedManifests.push({ name: pushed });
    }
    complete(state, nowMs) {
        state.completedAt = nowMs;
        state.startedAt ??= nowMs;
        state.completedSeq = ++this.completions;
    }
    log(vertex, line) {
        this.events.push({ vertex, line });
    }
    addLog(log) {
        const state = this.vertices.get(log.vertex);
        if (!state || typeof log.data !== 'string')
            return;
        const text = Buffer.from(log.data, 'base64').toString('utf8');
        for (const line of text.replace(/\n$/, '').split('\n'))
            this.log(log.vertex, `#${state.number} ${line}`);
    }
    addStatus(st) {
        const state = this.vertices.get(st.vertex);
        if (!state || !st.completed || typeof st.id !== 'string')
            return;
        // Only the finished sub-steps (a pushed layer, a sent context), as plain progress shows them.
        const key = `${st.vertex} ${st.id}`;
        if (this.doneStatuses.has(key))
            return;
        this.doneStatuses.add(key);
        this.log(st.vertex, `#${state.number} ${st.id} done`);
        const pushed = pushedManifest(st.id);
        if (pushed && state.isExport)
            this.pushedManifests.push(pushed);
    }
    addWarning(w) {
        const text = typeof w.short === 'string' ? Buffer.from(w.short, 'base64').toString('utf8') : '';
        const line = `WARNING: ${text}`;
        if (this.vertices.has(w.vertex))
            this.log(w.vertex, line);
        else
            this.addLine(line);
    }
}
/** `pushing manifest for 127.0.0.1:5000/app:tag@sha256:…` (BuildKit's push status) → name and digest. */
function pushedManifest(statusId) {
    const match = /^pushing manifest for (\S+)@(sha256:[a-f0-9]{64})$/.exec(statusId);
    return match ? { name: match[1], digest: match[2] } : undefined;
}
/** Exported: an export step among them, and every step completed without error. */
function isExported(vertices) {
    return vertices.some((v) => v.isExport) && vertices.every((v) => v.completedAt !== undefined && !v.failed);
}
function emptyProgress(target) {
    return { target, lines: [], exported: false, cancelledSteps: 0 };
}

;// CONCATENATED MODULE: ./src/buildx/session.ts
/**
 * Runs one bake session (one multi-platform target, or every platform a target of its own) through the process edge and reads its
 * rawjson progress as it arrives: per target its own log, start, end and outcome. bake stops the other
 * targets by itself when one fails (BuildKit cancels the session); a stop from us (abort signal, or
 * SIGINT/SIGTERM to this process) reaches buildx through the process edge.
 */









async function runBakeSession(definition, options = {}) {
    const run = options.run ?? exec/* runProcess */.R3;
    const now = options.now ?? Date.now;
    const work = options.workDir ?? (await (0,promises_.mkdtemp)(external_node_path_default().join((0,external_node_os_.tmpdir)(), 'multiarch-publish-bake-')));
    const definitionFile = external_node_path_default().join(work, 'bake.json');
    const metadataFile = external_node_path_default().join(work, 'bake-metadata.json');
    const targets = definition.group.default.targets;
    try {
        await (0,promises_.writeFile)(definitionFile, JSON.stringify(definition, null, 2));
        const common = {
            definitionFile,
            metadataFile,
            targets,
            ...(options.allow ? { allow: options.allow } : {})
        };
        const withBuilder = options.builder ? { ...common, builder: options.builder } : common;
        await checkRecentKeys(definition, bakeArgs({ ...withBuilder, print: true }), run, options.env);
        const keys = options.keys ?? targets;
        const progress = new SessionProgress(keys, options.aliases);
        // One reader per pipe: text on stdout arriving mid-object on stderr must not split an object.
        const streams = { stdout: new JsonObjectStream(), stderr: new JsonObjectStream() };
        const reported = new Set();
        let completedSeen = 0;
        let pushedSeen = 0;
        const reportPushes = () => {
            const pushed = progress.pushed;
            for (; pushedSeen < pushed.length; pushedSeen++)
                options.onManifestPushed?.(pushed[pushedSeen]);
        };
        const reportExports = () => {
            // Only a completed step can finish an export: chunks of log lines cost nothing more here.
            if (!options.onTargetExported || progress.completed === completedSeen)
                return;
            completedSeen = progress.completed;
            for (const name of keys) {
                if (!reported.has(name) && progress.exported(name)) {
                    reported.add(name);
                    options.onTargetExported(progress.target(name));
                }
            }
        };
        const feed = (stream, chunk) => {
            const { objects, lines } = stream.push(chunk);
            const at = now();
            for (const object of objects)
                progress.add(object, at);
            for (const line of lines)
                progress.addLine(line);
            reportPushes();
            reportExports();
        };
        const result = await run('docker', bakeArgs(withBuilder), {
            ignoreReturnCode: true,
            onStderr: (chunk) => {
                feed(streams.stderr, chunk);
            },
            onStdout: (chunk) => {
                feed(streams.stdout, chunk);
            },
            ...(options.signal ? { signal: options.signal } : {}),
            ...(options.env ? { env: options.env } : {})
        });
        for (const line of [...streams.stdout.end(), ...streams.stderr.end()])
            progress.addLine(line);
        const session = progress.target('');
        if (result.startError !== undefined)
            session.lines.push(result.startError);
        const byKey = new Map(keys.map((k) => [k, progress.target(k)]));
        const failedTarget = result.code === 0
            ? undefined
            : attribution_failedTarget(new Map(keys.map((k) => [k, byKey.get(k)?.error])), [...keys], 
            // A stop we asked for ends with `ERROR: target x: … context canceled` for whichever target
            // buildx names: that names no failure. Only a step that failed by itself does.
            result.stopped ? [] : session.lines);
        const errorLine = result.code === 0 ? undefined : lastErrorLine(session.lines);
        return {
            code: result.code,
            targets: byKey,
            sessionLines: session.lines,
            metadataText: result.code === 0 ? await (0,promises_.readFile)(metadataFile, 'utf8').catch(() => '') : '',
            ...(failedTarget !== undefined ? { failedTarget } : {}),
            ...(errorLine !== undefined ? { errorLine } : {}),
            ...(session.error ? { sessionStepError: session.error } : {}),
            stopped: result.stopped
        };
    }
    finally {
        if (options.workDir === undefined)
            await (0,promises_.rm)(work, { recursive: true, force: true });
    }
}
/**
 * Older bake versions drop keys they do not know without a word (buildx 0.13: `network`, `extra-hosts`,
 * `entitlements`). When the definition uses one, `bake --print` shows what bake understood; a key that
 * did not survive fails the run naming the input, rather than building without it.
 */
async function checkRecentKeys(definition, printArgs, run, env) {
    const used = RECENT_BAKE_KEYS.filter((key) => Object.values(definition.target).some((t) => t[key] !== undefined));
    if (used.length === 0)
        return;
    const result = await run('docker', printArgs, { ignoreReturnCode: true, ...(env ? { env } : {}) });
    const inputOf = {
        network: 'network',
        'extra-hosts': 'add-hosts',
        entitlements: 'allow'
    };
    let printed = {};
    try {
        printed = JSON.parse(result.stdout);
    }
    catch {
        // A bake that refuses the command line (an unknown --allow) prints no JSON; reported below.
    }
    const first = Object.values(printed.target ?? {})[0] ?? {};
    const dropped = used.filter((key) => first[key] === undefined);
    if (result.code === 0 && dropped.length === 0)
        return;
    const inputs = (dropped.length > 0 ? dropped : used).map((k) => `\`${inputOf[k]}\``).join(', ');
    const why = result.code !== 0
        ? (lastErrorLine(result.stderr.split('\n')) ?? `exit ${result.code}`)
        : `its bake ignores ${dropped.join(', ')}`;
    throw new src_errors/* ActionError */.l('environment', `input ${inputs} needs a newer buildx: ${why}`, {
        hint: 'use a buildx whose bake supports these (0.18 or later, e.g. docker/setup-buildx-action), or drop the input'
    });
}

;// CONCATENATED MODULE: ./src/buildx/run.ts
/** What the build of one platform looked like, for the log, the timeline and the report. */
/** The last lines of a failed build's log that say why (buildx prints the error at the end). */
function failureTail(log, lines = 12) {
    return log.trimEnd().split('\n').slice(-lines).join('\n');
}

;// CONCATENATED MODULE: ./src/buildx/session-error.ts
/**
 * A failed bake session as the one error the user reads: the push to a registry that refused or failed
 * (the images were built), else the platform whose step failed, else the session's own step. Pure.
 */




/** Steps that write to a registry: the exporter's push, the docker driver's push, a cache export. */
const PUSH_STEP = /^(pushing|exporting)\b/i;
const PUSH_MESSAGE = /failed to push|no basic auth credentials|unexpected status from (HEAD|PUT|POST|PATCH) request/i;
const DENIED = /\b(401|403)\b|unauthori[sz]ed|denied|no basic auth credentials|authentication required|insufficient_scope/i;
/**
 * The push failure of a session whose every failed step is a push (a failed RUN or COPY is a build
 * failure, whatever the registry said after it), or whose closing line says a push failed.
 */
function pushFailure(errors, errorLine, targetRegistry) {
    const own = errors.filter((e) => !isCancellation(e.message));
    if (own.some((e) => !PUSH_STEP.test(e.step)))
        return undefined;
    const failed = own.find((e) => PUSH_MESSAGE.test(e.message) || /^pushing\b/i.test(e.step));
    const why = failed?.message ?? (errorLine !== undefined && PUSH_MESSAGE.test(errorLine) ? errorLine : undefined);
    if (why === undefined)
        return undefined;
    return {
        registry: registryNamed(`${failed?.step ?? ''} ${why}`) ?? targetRegistry,
        why: why.replace(/^failed to solve:\s*/i, ''),
        denied: DENIED.test(why)
    };
}
/** The registry of the first image reference in a step name or message (`pushing 127.0.0.1:5001/a:t with docker`). */
function registryNamed(text) {
    for (const [candidate] of text.matchAll(/[a-z0-9][a-z0-9.-]*(:\d+)?\/[a-z0-9._/-]+(:[\w.-]+)?(@sha256:[a-f0-9]{64})?/gi)) {
        const host = candidate.slice(0, candidate.indexOf('/'));
        if (!/[.:]/.test(host) && host !== 'localhost')
            continue;
        try {
            return (0,reference/* parseReference */.F2)(candidate.replace(/^(https?):\/\//, ''), { defaultTag: false }).registry;
        }
        catch {
            continue;
        }
    }
    return undefined;
}
/** The error a failed push is reported as: the registry named, and, when it refused, to log in. */
function pushError(failure) {
    const { registry, why, denied } = failure;
    return denied
        ? new src_errors/* ActionError */.l('auth', `the push to ${registry} was refused: ${clip(why, 200)}`, {
            hint: `log in to ${registry}: docker/login-action before this step, or the \`username\` and \`password\` inputs; no tag was moved`
        })
        : new src_errors/* ActionError */.l('registry', `the push to ${registry} failed: ${clip(why, 200)}`, {
            hint: 'the images were built; see the log group "build session"; no tag was moved'
        });
}
/** Why the session failed, as one error: a push, a platform's step, or a step of the session's own. */
function sessionError(session, runs, targetPlatform, targetRegistry) {
    const errors = [...session.targets.values()].flatMap((t) => (t.error ? [t.error] : []));
    if (session.sessionStepError)
        errors.push(session.sessionStepError);
    const push = session.stopped ? undefined : pushFailure(errors, session.errorLine, targetRegistry);
    if (push)
        return pushError(push);
    const stopped = runs.filter((r) => r.status === 'cancelled').map((r) => r.platform);
    const also = stopped.length > 0 ? ` (stopped ${stopped.join(', ')})` : '';
    const failed = session.failedTarget;
    if (failed !== undefined) {
        const platform = targetPlatform.get(failed) ?? failed;
        const target = session.targets.get(failed);
        const why = target?.error
            ? `${clip(target.error.step, 100)}: ${stepFailure(target.error.message)}`
            : clip(session.errorLine ?? 'failed');
        return new src_errors/* ActionError */.l('build', `${platform} failed to build: ${why}${also}`, {
            hint: `see the log group "build ${platform}"; no tag was moved`,
            cause: failureTail(runs.find((r) => r.platform === platform)?.log ?? '')
        });
    }
    const why = session.stopped ? 'stopped' : (session.errorLine ?? `buildx bake exited ${session.code}`);
    return new src_errors/* ActionError */.l('build', `the build session failed in a step no single platform owns: ${clip(why)}${also}`, {
        hint: 'see the log group "build session"; no tag was moved',
        cause: session.sessionLines.slice(-12).join('\n')
    });
}
function clip(text, length = 300) {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length <= length ? flat : `${flat.slice(0, length - 1)}…`;
}
/** BuildKit repeats the whole command in its message; the exit code is what it adds. */
function stepFailure(message) {
    const code = /did not complete successfully: (exit code: \d+)/.exec(message)?.[1];
    return code ?? clip(message, 200);
}

;// CONCATENATED MODULE: ./src/buildx/docker-push.ts
/**
 * `docker push REF`: the image the docker driver exported to the image store, pushed again (the driver's
 * own push is this same push). A builder named after a docker context is pushed from there.
 */

async function dockerPush(ref, builder, options = {}) {
    const args = [...(builder ? ['--context', builder] : []), 'push', ref];
    const result = await (options.run ?? exec/* runProcess */.R3)('docker', args, {
        ignoreReturnCode: true,
        ...(options.env ? { env: options.env } : {})
    });
    if (result.code === 0) {
        const digest = pushedDigest(result.stdout);
        if (digest)
            return { digest };
    }
    // docker prints progress on stdout and the error on stderr.
    return {
        errorLine: result.startError ??
            lastLine(result.stderr) ??
            lastLine(result.stdout) ??
            `docker push exited ${result.code}`
    };
}
/** The `<tag>: digest: sha256:… size: N` line docker push ends with. Pure. */
function pushedDigest(stdout) {
    return /\bdigest: (sha256:[a-f0-9]{64})\b/.exec(stdout)?.[1];
}
function lastLine(text) {
    return text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '')
        .at(-1);
}

;// CONCATENATED MODULE: ./src/buildx/tag-link-race.ts


/** How often a session is run (or its push repeated) when it failed only on the half-written tag link. */
const TAG_LINK_ATTEMPTS = 3;
/** The session failed on the docker driver's push meeting a half-written tag (HEAD … 500), and on nothing else. */
function isTagLinkRace(session) {
    return (session.code !== 0 &&
        !session.stopped &&
        /unexpected status from HEAD request to \S+\/manifests\/\S+: 500 Internal Server Error/.test(session.errorLine ?? ''));
}
/**
 * One multi-platform target lost only its last step, the push: the image this session built is in the
 * image store under its staging tag, so it is pushed again with `docker push` instead of running the
 * session again (with `no-cache` that would rebuild every platform). The push's own digest stands in for
 * the metadata bake did not write.
 */
async function pushAgain(session, output, options) {
    if (output.kind !== 'staging-tag')
        return session;
    const { builder, log, ...processes } = options;
    let errorLine = session.errorLine;
    for (let attempt = 1; attempt <= TAG_LINK_ATTEMPTS; attempt++) {
        log.info(`the registry answered 500 to a HEAD of a tag it was writing (${errorLine ?? ''}); pushing ${output.ref} again`);
        const pushed = await dockerPush(output.ref, builder, processes);
        if (pushed.digest) {
            const metadata = {
                [GROUPED_TARGET]: { 'containerimage.digest': pushed.digest, 'image.name': output.ref }
            };
            const { errorLine: _dropped, failedTarget: _none, ...rest } = session;
            return { ...rest, code: 0, metadataText: JSON.stringify(metadata) };
        }
        errorLine = pushed.errorLine;
        if (!isTagLinkRace({ code: 1, stopped: false, ...(errorLine ? { errorLine } : {}) }))
            break;
    }
    return { ...session, ...(errorLine ? { errorLine } : {}) };
}

;// CONCATENATED MODULE: ./src/buildx/legs.ts
/**
 * Building every platform of a publish or build run in ONE BuildKit session: QEMU only where needed,
 * overlapped with the driver probe; one bake target per platform with its own output (push by digest
 * where the driver can, the staging tag on the docker driver, which refuses push-by-digest); then per
 * platform its log group, duration, digest and build metadata. A failed platform is named, the session
 * stops the others, and nothing is tagged (callers move tags only after this returns).
 */

















/**
 * The builder's driver and, for the docker driver, its image store: they decide what the builder can do
 * (capabilities.ts), the session's shape and who pushes (bake.ts). The default builder's driver needs no
 * process, so the store is asked at once.
 */
async function probeBuilder(builder, processes = {}) {
    const driver = await builderDriver(builder, processes);
    return driver === 'docker' ? { driver, imageStore: await dockerImageStore(builder, processes) } : { driver };
}
async function buildLegs(plan, options) {
    const { log, started } = options;
    const tasks = [];
    const platforms = plan.platforms.map((p) => (0,src_platform/* formatPlatform */.Bq)(p));
    const repository = (0,reference/* formatReference */.FH)({ ...plan.target });
    const timed = async (section, name, work) => {
        const start = Date.now();
        try {
            return await work();
        }
        finally {
            tasks.push({ section, name, startMs: start - started, durationMs: Date.now() - start });
        }
    };
    const processes = {
        ...(options.run ? { run: options.run } : {}),
        ...(options.env ? { env: options.env } : {})
    };
    // QEMU (a /proc read, an installer run only where a handler is missing) and the builder probe at once;
    // both are awaited before a refusal is thrown, so no installer is left running.
    const [emulated, probed] = await Promise.allSettled([
        timed('setup', 'QEMU', () => ensureEmulation(plan.platforms, plan.qemu, options.emulation)),
        timed('setup', 'driver probe', () => probeBuilder(plan.build.builder, processes))
    ]);
    if (probed.status === 'rejected')
        throw probed.reason;
    const builder = probed.value;
    const refusal = builderRefusal(plan.build, builder);
    if (refusal)
        throw refusal;
    if (emulated.status === 'rejected')
        throw emulated.reason;
    const emulation = emulated.value;
    const { driver, imageStore } = builder;
    const notes = builderNotes(plan.build, builder);
    log.info(`QEMU: ${emulation.before.map((r) => `${r.platform} ${r.readiness}`).join(', ')}` +
        (emulation.installed.length > 0 ? `; installed ${emulation.installed.join(', ')}` : ''));
    for (const note of notes)
        log.info(note);
    const shape = sessionShape({
        platforms: platforms.length,
        stageAlways: options.stageAlways,
        driver,
        ...(imageStore ? { imageStore } : {})
    });
    const grouped = shape.shape === 'one-target';
    const stagingRefs = new Map();
    // The docker driver refuses push-by-digest ("create a new builder instance"): stage under a tag —
    // one per platform, or one for the index of one multi-platform target (each platform's image is in it).
    const outputFor = (platform) => {
        if (!options.stageAlways && driver !== 'docker')
            return { kind: 'push-by-digest', repository };
        const ref = (0,reference/* formatReference */.FH)((0,staging/* stagingRef */.lp)(plan.target, options.stagingId, grouped ? GROUPED_STAGE : platform));
        stagingRefs.set(platform, ref);
        return { kind: 'staging-tag', ref, ...(imageStore === 'containerd' ? { builderPushes: true } : {}) };
    };
    const outputs = platforms.map((platform) => ({ platform, output: outputFor(platform) }));
    const cwd = options.cwd ?? process.cwd();
    const definition = grouped
        ? groupedBakeDefinition(plan.build, platforms, outputs[0].output, cwd)
        : bakeDefinition(plan.build, outputs, cwd);
    const allow = [...new Set([...plan.build.allow, ...(await bakeGrants(definition, { cwd, ...processes }))])];
    // Progress and results by key: the platform itself (one target), or its target's name.
    const keyOf = (platform) => (grouped ? platform : bakeTargetName(platform));
    const targetPlatform = new Map(platforms.map((p) => [keyOf(p), p]));
    log.info(`building ${platforms.join(', ')} in one BuildKit session with the ${driver} driver: ` +
        (grouped ? shape.reason : `one target per platform (${shape.reason})`));
    const sessionStart = Date.now();
    const work = await (0,promises_.mkdtemp)(external_node_path_default().join((0,external_node_os_.tmpdir)(), 'multiarch-publish-'));
    try {
        const login = options.targetLogin && { registry: plan.target.registry, ...options.targetLogin };
        const session = await withRegistryLogin(login, options.env ?? process.env, (env) => runPushedSession(definition, {
            plan,
            options,
            outputs,
            grouped,
            allow,
            keys: [...targetPlatform.keys()],
            targetPlatform,
            workDir: work,
            env
        }));
        const sessionEnd = Date.now() - started;
        const failed = session.failedTarget;
        const runs = platforms.map((platform) => {
            const t = session.targets.get(keyOf(platform));
            const status = session.code === 0 ? 'ok' : t.target === failed ? 'failed' : t.exported ? 'ok' : 'cancelled';
            const startMs = t.startMs ?? sessionStart - started;
            const lines = t.target === failed ? [...t.lines, ...session.sessionLines] : t.lines;
            return {
                platform,
                status,
                startMs,
                durationMs: Math.max(0, (t.endMs ?? sessionEnd) - startMs),
                log: lines.join('\n') + '\n',
                ...(session.code !== 0 ? { exitCode: session.code } : {})
            };
        });
        for (const run of runs) {
            log.group(`build ${run.platform}: ${run.status} in ${seconds(run.durationMs)} s`, run.log);
            tasks.push({
                section: 'build and push',
                name: run.platform,
                startMs: run.startMs,
                durationMs: run.durationMs,
                status: run.status
            });
        }
        const sessionMs = sessionEnd - (sessionStart - started);
        if (grouped) {
            // The shared steps (context, export, the one push) as one bar next to the platforms'.
            tasks.push({
                section: 'session',
                name: 'context, shared steps, export, push',
                startMs: sessionStart - started,
                durationMs: sessionMs,
                status: session.code === 0 ? 'ok' : 'failed'
            });
        }
        if (session.code !== 0) {
            if (failed === undefined)
                log.group('build session: failed', session.sessionLines.join('\n') + '\n');
            throw sessionError(session, runs, targetPlatform, plan.target.registry);
        }
        if (grouped)
            log.info(`${platforms.join(', ')}: built and pushed as one index (${seconds(sessionMs)} s)`);
        const metadataStart = Date.now();
        const parsed = grouped
            ? groupedMetadata(session.metadataText, platforms)
            : parseBakeMetadata(session.metadataText, targetPlatform);
        tasks.push({
            section: 'setup',
            name: 'metadata read',
            startMs: metadataStart - started,
            durationMs: Date.now() - metadataStart
        });
        return {
            runs,
            digests: new Map([...parsed].map(([p, m]) => [p, m.digest])),
            metadata: new Map([...parsed].map(([p, m]) => [p, m.raw])),
            stagingRefs,
            emulation,
            driver,
            tasks,
            notes
        };
    }
    finally {
        await (0,promises_.rm)(work, { recursive: true, force: true });
    }
}
/**
 * The bake session, and what repairs a push that met distribution's half-written tag link. Each platform
 * image is said to be "pushed" only once its push is done: BuildKit's exporter pushes inside the export
 * step (by digest, or the containerd store's push); the classic store's docker push comes after it.
 */
async function runPushedSession(definition, s) {
    const { plan, options, env } = s;
    const log = options.log;
    const platformOfRef = new Map(s.outputs.flatMap((o) => (o.output.kind === 'staging-tag' ? [[o.output.ref, o.platform]] : [])));
    const exporterPushes = s.outputs[0].output;
    const pushedOnExport = exporterPushes.kind === 'push-by-digest' || exporterPushes.builderPushes === true;
    const onPushed = options.onPushed ? pushedInto(plan.target, options.onPushed) : undefined;
    const runSession = () => runBakeSession(definition, {
        ...(plan.build.builder ? { builder: plan.build.builder } : {}),
        ...(s.allow.length > 0 ? { allow: s.allow } : {}),
        now: () => Date.now() - options.started,
        keys: s.keys,
        // BuildKit names steps by the normalised platform: `linux/arm64` for `linux/arm64/v8`.
        ...(s.grouped ? { aliases: normalisedNames(plan.platforms) } : {}),
        onTargetExported: (t) => {
            const platform = s.targetPlatform.get(t.target) ?? t.target;
            log.info(`${platform}: built${pushedOnExport ? ' and pushed' : ''} (${seconds(duration(t))} s)`);
        },
        onManifestPushed: (pushed) => {
            const platform = platformOfRef.get(pushed.name);
            if (!pushedOnExport && platform !== undefined && !s.grouped)
                log.info(`${platform}: pushed ${pushed.name}`);
            onPushed?.(pushed);
        },
        workDir: s.workDir,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.run ? { run: options.run } : {}),
        env
    });
    let session = await runSession();
    // One multi-platform target: the image is built, only its push is repeated (never the session).
    const pushOnly = s.grouped && exporterPushes.kind === 'staging-tag';
    if (pushOnly && isTagLinkRace(session)) {
        session = await pushAgain(session, exporterPushes, {
            builder: plan.build.builder,
            env,
            ...(options.run ? { run: options.run } : {}),
            log
        });
    }
    for (let attempt = 1; !pushOnly && attempt < TAG_LINK_ATTEMPTS && isTagLinkRace(session); attempt++) {
        log.info(`the registry answered 500 to a HEAD of a tag it was writing (${session.errorLine ?? ''}); running the session again`);
        session = await runSession();
    }
    return session;
}
/** A push into `target` passed on as its digest, or its tag when the push did not say the digest; a push elsewhere is not ours. */
function pushedInto(target, onPushed) {
    return (pushed) => {
        let ref;
        try {
            ref = (0,reference/* parseReference */.F2)(pushed.name, { defaultTag: false });
        }
        catch {
            return;
        }
        if (ref.registry !== target.registry || ref.repository !== target.repository)
            return;
        if (pushed.digest !== undefined)
            onPushed({ digest: pushed.digest });
        else if (ref.tag !== undefined)
            onPushed({ tag: ref.tag });
    };
}
/** normalised `os/arch[/variant]` → the platform as the plan gives it, where the two differ. */
function normalisedNames(platforms) {
    return new Map(platforms
        .map((p) => [(0,src_platform/* platformKey */.Ng)(p), (0,src_platform/* formatPlatform */.Bq)(p)])
        .filter(([normalised, given]) => normalised !== given));
}
/** The staging tag's platform part for the index of one multi-platform target. */
const GROUPED_STAGE = 'all';
/** The one target's metadata, as every platform's: the index it pushed holds each platform's image. */
function groupedMetadata(text, platforms) {
    const one = parseBakeMetadata(text, new Map([[GROUPED_TARGET, platforms.join(', ')]]));
    const entry = [...one.values()][0];
    return new Map(platforms.map((p) => [p, entry]));
}
function duration(t) {
    return Math.max(0, (t.endMs ?? 0) - (t.startMs ?? 0));
}
function seconds(ms) {
    return (ms / 1000).toFixed(1);
}


/***/ })

};
