export const id = 881;
export const ids = [881];
export const modules = {

/***/ 6881:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// UNUSED EXPORTS: registryFor

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/buildx/csv.ts
var csv = __webpack_require__(2684);
// EXTERNAL MODULE: ./src/reference/reference.ts
var reference_reference = __webpack_require__(1644);
// EXTERNAL MODULE: ./src/names.ts
var names = __webpack_require__(6455);
;// CONCATENATED MODULE: ./src/inputs/credentials.ts
/**
 * Credential inputs → which registry each credential belongs to. Pure. `username`/`password` belong to
 * the target repository's registry only; `registry-auth` gives other registries theirs, one line each:
 * `registry=HOST[:PORT],username=USER,password=SECRET` (buildx's CSV rules, build/csv.ts: a field with a
 * comma is quoted).
 * Error messages name the line and the field, never a value: a password must not reach the log.
 */




function parseCredentialInputs(read) {
    const username = read(names/* Inputs */.G.username).trim();
    const password = read(names/* Inputs */.G.password);
    if ((username === '') !== (password === '')) {
        throw new errors/* ActionError */.l('invalid-input', `input \`${username ? names/* Inputs */.G.password : names/* Inputs */.G.username}\` is empty but \`${username ? names/* Inputs */.G.username : names/* Inputs */.G.password}\` is set`, {
            hint: `set both \`${names/* Inputs */.G.username}\` and \`${names/* Inputs */.G.password}\` (they log in to the registry of \`${names/* Inputs */.G.image}\` only), or neither to use the docker config`
        });
    }
    return {
        ...(username ? { target: { username, password } } : {}),
        logins: parseRegistryAuth(read(names/* Inputs */.G.registryAuth))
    };
}
const FIELDS = ['registry', 'username', 'password'];
function parseRegistryAuth(raw) {
    const logins = [];
    raw.split(/\r?\n/).forEach((text, i) => {
        const line = text.trim();
        if (line === '' || line.startsWith('#'))
            return;
        const where = `input \`${names/* Inputs */.G.registryAuth}\` line ${i + 1}`;
        const fields = (0,csv/* splitCsvFields */.uC)(line)?.map((f) => (f.raw.startsWith('"') ? f.value : f.value.trim()));
        if (!fields)
            throw loginError(`${where} has an unclosed quote`);
        const values = {};
        for (const field of fields) {
            const eq = field.indexOf('=');
            const key = eq < 0 ? '' : field.slice(0, eq).trim().toLowerCase();
            const known = FIELDS.find((f) => f === key);
            if (!known)
                throw loginError(`${where} has a field that is not registry=, username= or password=`);
            if (values[known] !== undefined)
                throw loginError(`${where} gives ${known}= twice`);
            values[known] = field.slice(eq + 1);
        }
        const missing = FIELDS.filter((f) => !values[f]);
        if (missing.length > 0)
            throw loginError(`${where} lacks ${missing.map((m) => `${m}=`).join(', ')}`);
        const registry = registryOf(values.registry ?? '', where);
        if (logins.some((l) => l.registry === registry))
            throw loginError(`${where} repeats registry ${registry}`);
        logins.push({ registry, username: values.username ?? '', password: values.password ?? '' });
    });
    return logins;
}
/** `ghcr.io`, `https://ghcr.io/` or `localhost:5000` → the registry as references name it. */
function registryOf(value, where) {
    const host = value
        .trim()
        .replace(/^https?:\/\//, '')
        .replace(/\/.*$/, '');
    try {
        return (0,reference_reference/* parseReference */.F2)(`${host}/x`).registry;
    }
    catch {
        throw loginError(`${where} has registry=${JSON.stringify(value)}, which is not a host[:port]`);
    }
}
function loginError(message) {
    return new errors/* ActionError */.l('invalid-input', message, {
        hint: `write one registry=HOST,username=USER,password=SECRET per line in \`${names/* Inputs */.G.registryAuth}\` (quote a field that holds a comma)`
    });
}

// EXTERNAL MODULE: ./src/platform/index.ts + 5 modules
var platform = __webpack_require__(6132);
;// CONCATENATED MODULE: ./src/inputs/values.ts
/** Readers for input values shared by every mode: booleans, lists. Pure. */

// YAML 1.2 core schema booleans, the ones core.getBooleanInput accepts.
const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);
function parseBoolean(name, raw, fallback) {
    const value = raw.trim();
    if (value === '')
        return fallback;
    if (TRUE.has(value))
        return true;
    if (FALSE.has(value))
        return false;
    throw new errors/* ActionError */.l('invalid-input', `input \`${name}\` is "${value}", which is not a boolean`, {
        hint: `set \`${name}\` to true or false`
    });
}
/** A newline- or comma-separated list, blanks dropped (how docker/build-push-action reads its lists). */
function parseList(raw) {
    return raw
        .split(/[\n,]/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
}

;// CONCATENATED MODULE: ./src/inputs/attest.ts
/**
 * The attestation inputs → what to write (publish, merge) and what verify mode requires. Pure: the key
 * files are read by the composition root, the signing choice is made there with what the job has.
 */



/** GitHub Actions' OIDC issuer: what a keyless certificate of a workflow names. */
const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';
/** A tag of the referrers tag schema (`sha256-<hex>`): the fallback index of a digest's referrers, never a user's tag. */
const REFERRERS_TAG = /^sha256-[0-9a-f]{64}$/;
function parseAttestInputs(read) {
    return {
        mode: read(names/* Inputs */.G.attest),
        key: read(names/* Inputs */.G.attestKey),
        github: parseBoolean(names/* Inputs */.G.attestGithub, read(names/* Inputs */.G.attestGithub), false)
    };
}
const REQUIRE_VALUES = ['false', 'true', 'reverify'];
function parseAttestationRequirement(read) {
    const raw = read(names/* Inputs */.G.requireAttestation).trim().toLowerCase() || 'false';
    if (!REQUIRE_VALUES.includes(raw))
        throw new errors/* ActionError */.l('invalid-input', `input \`${names/* Inputs */.G.requireAttestation}\` is "${raw}"`, {
            hint: `set \`${names/* Inputs */.G.requireAttestation}\` to ${REQUIRE_VALUES.join(', ')}`
        });
    const publicKey = read(names/* Inputs */.G.attestationPublicKey).trim();
    const identity = read(names/* Inputs */.G.attestationIdentity).trim();
    if (raw === 'false') {
        const given = publicKey !== '' ? names/* Inputs */.G.attestationPublicKey : identity !== '' ? names/* Inputs */.G.attestationIdentity : '';
        if (given !== '')
            throw new errors/* ActionError */.l('invalid-input', `input \`${given}\` is set but \`${names/* Inputs */.G.requireAttestation}\` is false`, {
                hint: `set \`${names/* Inputs */.G.requireAttestation}: true\` to gate on the attestation, or drop \`${given}\``
            });
        return { kind: 'none' };
    }
    if ((publicKey === '') === (identity === ''))
        throw new errors/* ActionError */.l('invalid-input', `\`${names/* Inputs */.G.requireAttestation}\` needs exactly one of \`${names/* Inputs */.G.attestationPublicKey}\` and \`${names/* Inputs */.G.attestationIdentity}\``, {
            hint: `give \`${names/* Inputs */.G.attestationPublicKey}\` (cosign.pub, path or PEM) for key-signed attestations, or \`${names/* Inputs */.G.attestationIdentity}\` (the signing workflow, https://github.com/OWNER/REPO/.github/workflows/FILE@REF, or /a regular expression/) for keyless ones`
        });
    return {
        kind: 'required',
        reverify: raw === 'reverify',
        trust: publicKey !== '' ? { kind: 'key', publicKey } : { kind: 'identity', identity: parseIdentity(identity) }
    };
}
/** `/…/` is a regular expression over the certificate's SAN URI (anchored); anything else must equal it. */
function parseIdentity(value) {
    const match = /^\/(.+)\/$/.exec(value);
    if (!match?.[1])
        return value;
    try {
        return new RegExp(`^(?:${match[1]})$`);
    }
    catch (error) {
        throw new errors/* ActionError */.l('invalid-input', `input \`${names/* Inputs */.G.attestationIdentity}\` is not a valid regular expression`, {
            hint: 'write the workflow identity exactly, or a JavaScript regular expression between slashes',
            cause: error
        });
    }
}
/** A `sha256-<hex>` tag is the referrers fallback index of a digest: refused as a user's tag. */
function refuseReferrersTags(tags) {
    const taken = tags.find((tag) => REFERRERS_TAG.test(tag));
    if (taken)
        throw new errors/* ActionError */.l('invalid-input', `input \`${names/* Inputs */.G.tags}\` has "${taken}", a tag of the referrers tag schema`, {
            hint: 'sha256-<hex> tags hold the attestations of that digest; choose another tag'
        });
    return [...tags];
}

// EXTERNAL MODULE: ./src/verify/gather.ts + 1 modules
var gather = __webpack_require__(9583);
;// CONCATENATED MODULE: ./src/inputs/verify.ts
/** verify mode's inputs → a typed plan. Pure: reads through an InputReader, never from the environment. */






/** A reference that must pin a tag or digest: verifying "whatever latest is" would be a silent default. */
function pinnedReference(name, raw) {
    const value = raw.trim();
    if (value === '') {
        throw new errors/* ActionError */.l('invalid-input', `input \`${name}\` is required in verify mode`, {
            hint: `set \`${name}\` to the image to check, with a tag or digest, e.g. ghcr.io/acme/app:1.2`
        });
    }
    const ref = namingInput(name, () => (0,reference_reference/* parseReference */.F2)(value, { defaultTag: false }));
    if (!ref.tag && !ref.digest) {
        throw new errors/* ActionError */.l('invalid-input', `input \`${name}\` is "${value}", which names no tag or digest`, {
            hint: `add the tag or digest to check, e.g. ${(0,reference_reference/* formatReference */.FH)({ ...ref, tag: 'latest' })}`
        });
    }
    return ref;
}
function parseVerifyInputs(read) {
    const noRegress = read(names/* Inputs */.G.noRegress).trim();
    return {
        image: pinnedReference(names/* Inputs */.G.image, read(names/* Inputs */.G.image)),
        platforms: readPlatforms(read(names/* Inputs */.G.platforms)),
        checkBinaries: parseBoolean(names/* Inputs */.G.checkBinaries, read(names/* Inputs */.G.checkBinaries), true),
        ...(noRegress ? { noRegress: pinnedReference(names/* Inputs */.G.noRegress, noRegress) } : {}),
        allowExtra: parseBoolean(names/* Inputs */.G.allowExtra, read(names/* Inputs */.G.allowExtra), true),
        layers: parseLayerPolicy(read)
    };
}
const VERIFY_LAYERS = ['read', 'all'];
const BUDGET_EXCEEDED = ['warn', 'fail'];
/** The layer-reading inputs, shared by verify, merge and publish. */
function parseLayerPolicy(read) {
    return {
        verifyLayers: oneOf(names/* Inputs */.G.verifyLayers, read(names/* Inputs */.G.verifyLayers), VERIFY_LAYERS, 'read'),
        readBudget: parseBudget(read(names/* Inputs */.G.verifyBudget)),
        budgetExceeded: oneOf(names/* Inputs */.G.verifyBudgetExceeded, read(names/* Inputs */.G.verifyBudgetExceeded), BUDGET_EXCEEDED, 'warn'),
        ignoreBinaries: parseList(read(names/* Inputs */.G.checkBinariesIgnore))
    };
}
function oneOf(name, raw, values, fallback) {
    const value = raw.trim();
    if (value === '')
        return fallback;
    const found = values.find((v) => v === value);
    if (!found) {
        throw new errors/* ActionError */.l('invalid-input', `input \`${name}\` is "${value}"`, {
            hint: `set \`${name}\` to ${values.join(' or ')}`
        });
    }
    return found;
}
const UNITS = {
    '': 1,
    b: 1,
    k: 1024,
    kb: 1000,
    kib: 1024,
    m: 1024 ** 2,
    mb: 1000 ** 2,
    mib: 1024 ** 2,
    g: 1024 ** 3,
    gb: 1000 ** 3,
    gib: 1024 ** 3
};
/** `512MiB`, `1GiB`, `300MB`, `1073741824`; `none` (or `0`) for no budget. */
function parseBudget(raw) {
    const value = raw.trim();
    if (value === '')
        return gather/* DEFAULT_READ_BUDGET */.v;
    if (/^(none|unlimited|0)$/i.test(value))
        return Number.POSITIVE_INFINITY;
    const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value);
    const unit = match ? UNITS[(match[2] ?? '').toLowerCase()] : undefined;
    if (!match || unit === undefined) {
        throw new errors/* ActionError */.l('invalid-input', `input \`${names/* Inputs */.G.verifyBudget}\` is "${value}", which is not a size`, {
            hint: `set \`${names/* Inputs */.G.verifyBudget}\` to a size of compressed layer bytes per platform, e.g. 512MiB or 2GiB, or none`
        });
    }
    return Math.round(Number(match[1]) * unit);
}
function readPlatforms(raw) {
    return namingInput(names/* Inputs */.G.platforms, () => (0,platform/* parsePlatformList */.VX)(raw));
}
/** Parsers say what is wrong with a value; this adds which input it came from. */
function namingInput(name, parse) {
    try {
        return parse();
    }
    catch (error) {
        if (error instanceof errors/* ActionError */.l) {
            throw new errors/* ActionError */.l('invalid-input', `input \`${name}\`: ${error.message}`, {
                ...(error.hint ? { hint: error.hint } : {})
            });
        }
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/inputs/merge.ts
/** merge mode's inputs → a typed plan. Pure: reads through an InputReader. */







const MEDIA_TYPES = ['auto', 'oci', 'docker'];
function parseMergeInputs(read) {
    const plan = parsePublishingInputs(read, 'merge');
    const sources = parseList(read(names/* Inputs */.G.sources)).map((s) => namingInput(names/* Inputs */.G.sources, () => (0,reference_reference/* parseReference */.F2)(s)));
    if (sources.length === 0 && plan.platforms.length === 0) {
        throw new errors/* ActionError */.l('invalid-input', `inputs \`${names/* Inputs */.G.sources}\` and \`${names/* Inputs */.G.platforms}\` are both empty: there is nothing to merge`, {
            hint: `set \`${names/* Inputs */.G.platforms}\` to merge this run's build legs, or list images in \`${names/* Inputs */.G.sources}\``
        });
    }
    return { ...plan, sources };
}
/** What merge and publish read alike: where to publish, what to require, how to check (no sources). */
function parsePublishingInputs(read, mode) {
    const image = read(names/* Inputs */.G.image).trim();
    if (image === '') {
        throw new errors/* ActionError */.l('invalid-input', `input \`${names/* Inputs */.G.image}\` is required in ${mode} mode`, {
            hint: `set \`${names/* Inputs */.G.image}\` to the repository to publish, e.g. ghcr.io/acme/app`
        });
    }
    const target = namingInput(names/* Inputs */.G.image, () => (0,reference_reference/* parseRepository */.SU)(image));
    const dryRun = parseBoolean(names/* Inputs */.G.dryRun, read(names/* Inputs */.G.dryRun), false);
    const { tags, others } = parseTags(read(names/* Inputs */.G.tags), target);
    if (tags.length === 0 && others.length === 0 && !dryRun) {
        throw new errors/* ActionError */.l('invalid-input', `input \`${names/* Inputs */.G.tags}\` is empty: ${mode} would publish nothing`, {
            hint: `set \`${names/* Inputs */.G.tags}\` (e.g. "latest" or docker/metadata-action's tags output), or set \`${names/* Inputs */.G.dryRun}: true\``
        });
    }
    const platforms = namingInput(names/* Inputs */.G.platforms, () => (0,platform/* parsePlatformList */.VX)(read(names/* Inputs */.G.platforms)));
    const noRegress = parseNoRegress(read(names/* Inputs */.G.noRegress));
    return {
        target,
        tags,
        ...(others.length > 0 ? { others } : {}),
        platforms,
        annotations: read(names/* Inputs */.G.annotations),
        mediaType: parseMediaType(read(names/* Inputs */.G.mediaType)),
        checkBinaries: parseBoolean(names/* Inputs */.G.checkBinaries, read(names/* Inputs */.G.checkBinaries), true),
        ...(noRegress ? { noRegress } : {}),
        dryRun,
        stagingId: read(names/* Inputs */.G.stagingId).trim(),
        layers: parseLayerPolicy(read)
    };
}
/**
 * Bare tags (the target's), or full references as docker/metadata-action emits them: in the target
 * repository, or in other repositories and registries (its `images` listing several), grouped by
 * repository in the order first named.
 */
function parseTags(raw, target) {
    const byRepository = new Map();
    const key = (repo) => `${repo.registry}/${repo.repository}`;
    const primary = { target, tags: [] };
    byRepository.set(key(target), primary);
    for (const item of parseList(raw)) {
        if ((0,reference_reference/* isValidTag */.r_)(item)) {
            primary.tags.push(item);
            continue;
        }
        const ref = namingInput(names/* Inputs */.G.tags, () => (0,reference_reference/* parseReference */.F2)(item, { defaultTag: false }));
        if (!ref.tag || ref.digest) {
            throw new errors/* ActionError */.l('invalid-input', `input \`${names/* Inputs */.G.tags}\` has "${item}", which is not a tag (${ref.digest ? 'it names a digest' : 'it names no tag'})`, {
                hint: `give bare tags, or references with a tag (${(0,reference_reference/* formatReference */.FH)({ ...target })}:TAG, or another repository's REGISTRY/REPOSITORY:TAG)`
            });
        }
        const repo = { registry: ref.registry, repository: ref.repository };
        const entry = byRepository.get(key(repo)) ?? { target: repo, tags: [] };
        byRepository.set(key(repo), entry);
        entry.tags.push(ref.tag);
    }
    const all = [...byRepository.values()].map((r) => ({ target: r.target, tags: [...new Set(r.tags)] }));
    refuseReferrersTags(all.flatMap((r) => r.tags));
    const [first, ...others] = all;
    return { tags: first?.tags ?? [], others };
}
function parseMediaType(raw) {
    const value = raw.trim() || 'auto';
    const choice = MEDIA_TYPES.find((m) => m === value);
    if (!choice) {
        throw new errors/* ActionError */.l('invalid-input', `input \`${names/* Inputs */.G.mediaType}\` is "${value}"`, {
            hint: `set \`${names/* Inputs */.G.mediaType}\` to auto, oci or docker`
        });
    }
    return choice;
}
function parseNoRegress(raw) {
    const value = raw.trim();
    if (value === '' || value === 'false')
        return undefined;
    if (value === 'true')
        return { kind: 'previous-tags' };
    const reference = namingInput(names/* Inputs */.G.noRegress, () => (0,reference_reference/* parseReference */.F2)(value, { defaultTag: false }));
    if (!reference.tag && !reference.digest) {
        throw new errors/* ActionError */.l('invalid-input', `input \`${names/* Inputs */.G.noRegress}\` is "${value}", which names no tag or digest`, {
            hint: 'use true (compare with what each tag points to now) or a reference with a tag or digest'
        });
    }
    return { kind: 'reference', reference };
}

// EXTERNAL MODULE: ./src/process/exec.ts
var exec = __webpack_require__(9072);
// EXTERNAL MODULE: ./src/revision/decide.ts
var decide = __webpack_require__(5085);
;// CONCATENATED MODULE: ./src/revision/ancestry.ts
/**
 * The ancestry edge: how this run's commit relates to the one a tag records. First the checkout's own git
 * history (`git merge-base --is-ancestor`), else the GitHub compare API, else unknown with the reasons of
 * both. Git and the API are ports (GitRunner, CompareClient) so the mapping is tested with fakes and the
 * git path against real repositories.
 */


/** The lookup the publish protocol uses: git, then the API, then unknown. Answers are cached per pair. */
function createAncestryLookup(options) {
    const git = options.git ?? runGit;
    let github = options.github;
    const cache = new Map();
    return (run, tag) => {
        const key = `${run} ${tag}`;
        let answer = cache.get(key);
        if (answer === undefined) {
            answer = (async () => {
                const local = await gitAncestry(git, options.workspace, run, tag);
                if (local.relation !== 'unknown')
                    return local;
                if (options.token.trim() === '')
                    return unknown(`${local.reason}; no \`github-token\` to ask GitHub`);
                // Imported here: Octokit is heavy, and most runs settle the question with git.
                github ??= (await __webpack_require__.e(/* import() */ 758).then(__webpack_require__.bind(__webpack_require__, 1758))).getOctokit(options.token);
                const remote = await githubAncestry(github, options.repository, run, tag);
                if (remote.relation !== 'unknown')
                    return remote;
                return unknown(`${local.reason}; ${remote.reason}`);
            })();
            cache.set(key, answer);
        }
        return answer;
    };
}
/** git through the one process edge, never throwing: the exit code is the answer. */
const runGit = async (args, cwd) => {
    const result = await (0,exec/* runProcess */.R3)('git', args, { cwd, ignoreReturnCode: true });
    return {
        code: result.startError === undefined ? result.code : -1,
        stdout: result.stdout,
        stderr: result.stderr
    };
};
/**
 * From the local history. Answers only what it can prove: a missing commit, a shallow history that says
 * "not an ancestor" (the path may be cut off at the shallow boundary), or an error give `unknown`.
 * Two commits with no common ancestor (unrelated histories) are `unknown` too.
 */
async function gitAncestry(git, cwd, run, tag) {
    // The tag's revision came from a registry: only hex ids reach git's argv (no options, no ref names).
    if (!(0,decide/* isCommitId */.jh)(run) || !(0,decide/* isCommitId */.jh)(tag))
        return unknown('a revision is not a commit id');
    const inside = await git(['rev-parse', '--git-dir'], cwd);
    if (inside.code !== 0) {
        // A checkout owned by another user (container jobs) fails here too: git's own line says so.
        const said = inside.stderr.trim().split('\n')[0]?.trim() ?? '';
        return unknown(inside.code === -1
            ? 'git cannot be run'
            : `${cwd} is not a usable git checkout${said ? ` (${said})` : ''}`);
    }
    const shallow = (await git(['rev-parse', '--is-shallow-repository'], cwd)).stdout.trim() === 'true';
    const where = shallow ? 'the shallow checkout' : 'the checkout';
    const [runSha, tagSha] = await Promise.all([resolveCommit(git, cwd, run), resolveCommit(git, cwd, tag)]);
    const missing = [runSha === undefined ? run : undefined, tagSha === undefined ? tag : undefined].filter((sha) => sha !== undefined);
    if (runSha === undefined || tagSha === undefined) {
        return unknown(`${where} does not have commit ${missing.join(' or ')}`);
    }
    if (runSha === tagSha)
        return { relation: 'same', source: 'git' };
    const runFirst = await isAncestor(git, cwd, runSha, tagSha);
    if (runFirst === 'error')
        return unknown('git merge-base failed');
    if (runFirst)
        return { relation: 'ancestor', source: 'git' };
    const tagFirst = await isAncestor(git, cwd, tagSha, runSha);
    if (tagFirst === 'error')
        return unknown('git merge-base failed');
    if (tagFirst)
        return { relation: 'descendant', source: 'git' };
    if (shallow)
        return unknown('the shallow checkout does not hold the history between the commits');
    const base = await git(['merge-base', runSha, tagSha], cwd);
    if (base.code === 1)
        return unknown('the commits have unrelated histories');
    if (base.code !== 0)
        return unknown('git merge-base failed');
    return { relation: 'diverged', source: 'git' };
}
/**
 * From GitHub's compare API: `base...head` with the tag's commit as base and this run's as head, so
 * `ahead` (head has commits base lacks, base is an ancestor) means this run is newer and `behind` older.
 * A 404 is a commit the repository does not have, or no common ancestor: cannot tell.
 */
async function githubAncestry(github, repository, run, tag) {
    if (!(0,decide/* isCommitId */.jh)(run) || !(0,decide/* isCommitId */.jh)(tag))
        return unknown('a revision is not a commit id');
    const [owner, repo, ...rest] = repository.split('/');
    if (owner === undefined || owner === '' || repo === undefined || repo === '' || rest.length > 0) {
        return unknown('GITHUB_REPOSITORY is not set, so GitHub was not asked');
    }
    let status;
    try {
        const response = await github.rest.repos.compareCommitsWithBasehead({
            owner,
            repo,
            basehead: `${tag}...${run}`,
            per_page: 1
        });
        status = response.data.status;
    }
    catch (error) {
        const code = statusOf(error);
        if (code === 404)
            return unknown(`GitHub does not find both commits with a common history in ${repository}`);
        const what = code === undefined ? (error instanceof Error ? error.message : String(error)) : `HTTP ${code}`;
        return unknown(`the GitHub compare API failed (${what})`);
    }
    return compareStatusAncestry(status);
}
/** GitHub's compare `status` (head relative to base; base = the tag's commit, head = this run's). */
function compareStatusAncestry(status) {
    switch (status) {
        case 'identical':
            return { relation: 'same', source: 'github' };
        case 'ahead':
            return { relation: 'descendant', source: 'github' };
        case 'behind':
            return { relation: 'ancestor', source: 'github' };
        case 'diverged':
            return { relation: 'diverged', source: 'github' };
        default:
            return unknown(`the GitHub compare API answered status "${status}"`);
    }
}
async function resolveCommit(git, cwd, sha) {
    // `cat-file -e` tells "not in this repository" without printing; rev-parse then gives the full id.
    const present = await git(['cat-file', '-e', `${sha}^{commit}`], cwd);
    if (present.code !== 0)
        return undefined;
    const full = await git(['rev-parse', '--verify', '--quiet', `${sha}^{commit}`], cwd);
    return full.code === 0 ? full.stdout.trim() : undefined;
}
/** `git merge-base --is-ancestor`: exit 0 yes, 1 no, anything else an error. */
async function isAncestor(git, cwd, a, b) {
    const result = await git(['merge-base', '--is-ancestor', a, b], cwd);
    if (result.code === 0)
        return true;
    if (result.code === 1)
        return false;
    return 'error';
}
function statusOf(error) {
    if (typeof error !== 'object' || error === null || !('status' in error))
        return undefined;
    const status = error.status;
    return typeof status === 'number' ? status : undefined;
}
function unknown(reason) {
    return { relation: 'unknown', reason };
}

;// CONCATENATED MODULE: ./src/inputs/revision.ts
/** The `on-older` input → the forward-only policy's choice. Pure. */



/** The `on-older` input: skip (default), fail or force. */
function parseOnOlder(read) {
    const raw = read(names/* Inputs */.G.onOlder).trim();
    if (raw === '')
        return decide/* DEFAULT_ON_OLDER */.b8;
    const value = raw.toLowerCase();
    if (decide/* ON_OLDER_VALUES */.cz.includes(value))
        return value;
    throw new errors/* ActionError */.l('invalid-input', `input \`${names/* Inputs */.G.onOlder}\` is "${raw}", which is not one of skip, fail, force`, {
        hint: `set \`${names/* Inputs */.G.onOlder}\` to skip (leave a newer tag where it is), fail (move no tag) or force (move it back)`
    });
}

;// CONCATENATED MODULE: ./src/inputs/qemu.ts
/**
 * The `qemu` input: whether to install missing QEMU emulators, and with which installer image. Pure.
 */



/**
 * The installer `qemu: auto` runs, pinned so a new upstream release cannot change a working pipeline.
 * tonistiigi/binfmt is what docker/setup-qemu-action runs (its default is the moving `latest`).
 * Release deploy/v9.2.0-51 (https://github.com/tonistiigi/binfmt/releases/tag/deploy%2Fv9.2.0-51, announced
 * by the maintainer as the image behind `latest` in tonistiigi/binfmt#197) is published as `qemu-v9.2.0-51`:
 * the release workflow tags mainline images `qemu-<version>-<run>` (.github/workflows/release.yml).
 */
const DEFAULT_INSTALLER_IMAGE = 'tonistiigi/binfmt:qemu-v9.2.0-51';
/**
 * The `qemu` input: empty, `auto` or `true` install what is missing with DEFAULT_INSTALLER_IMAGE; `false`
 * installs nothing; anything else is the installer image to use instead (a mirror, or a pinned digest).
 * The YAML 1.2 spellings of true and false are accepted, as @actions/core's getBooleanInput does.
 */
function parseQemuInput(raw) {
    const value = raw.trim();
    if (value === '' || value === 'auto' || ['true', 'True', 'TRUE'].includes(value)) {
        return { kind: 'auto', image: DEFAULT_INSTALLER_IMAGE };
    }
    if (['false', 'False', 'FALSE'].includes(value))
        return { kind: 'off' };
    if (SWITCH_WORDS.has(value.toLowerCase())) {
        throw invalidQemuInput(value, 'it reads as a switch, not an image', 'write auto or false');
    }
    try {
        (0,reference_reference/* parseReference */.F2)(value);
    }
    catch (error) {
        if (!(error instanceof errors/* ActionError */.l))
            throw error;
        throw invalidQemuInput(value, error.message, `write auto, false, or an image such as ${DEFAULT_INSTALLER_IMAGE}`);
    }
    return { kind: 'auto', image: value };
}
/**
 * Words that are valid Docker Hub names (`no` is docker.io/library/no) but surely mean a switch: guessing
 * on or off could install emulators nobody asked for, or skip needed ones, so they are rejected.
 */
const SWITCH_WORDS = new Set([
    'yes',
    'no',
    'on',
    'off',
    'y',
    'n',
    '0',
    '1',
    'none',
    'enabled',
    'disabled'
]);
function invalidQemuInput(value, problem, hint) {
    return new errors/* ActionError */.l('invalid-input', `input \`${names/* Inputs */.G.qemu}\` is "${value}": expected auto, false or an installer image reference (${problem})`, { hint });
}

// EXTERNAL MODULE: ./src/buildx/annotations.ts
var annotations = __webpack_require__(8162);
;// CONCATENATED MODULE: ./src/inputs/build.ts
/**
 * The build-related action inputs → BuildOptions. Names and list shapes follow docker/build-push-action,
 * so a workflow's build step moves over unchanged. Pure: reads through an InputReader.
 */





/** The keys buildx's secret parser knows (buildx util/buildflags/secrets.go). */
const SECRET_KEYS = new Set(['id', 'type', 'src', 'source', 'env']);
function parseBuildOptions(read) {
    return {
        context: read(names/* Inputs */.G.context).trim() || '.',
        ...single('file', read(names/* Inputs */.G.file)),
        buildArgs: parseBuildArgs(read(names/* Inputs */.G.buildArgs)),
        labels: parseLines(read(names/* Inputs */.G.labels)),
        ...single('target', read(names/* Inputs */.G.target)),
        secrets: [
            ...parseSecrets(read(names/* Inputs */.G.secrets)),
            ...parseSecretPairs(names/* Inputs */.G.secretEnvs, 'env', build_parseList(read(names/* Inputs */.G.secretEnvs))),
            ...parseSecretPairs(names/* Inputs */.G.secretFiles, 'src', parseLines(read(names/* Inputs */.G.secretFiles)))
        ],
        cacheFrom: parseLines(read(names/* Inputs */.G.cacheFrom)),
        cacheTo: parseLines(read(names/* Inputs */.G.cacheTo)),
        ...single('provenance', read(names/* Inputs */.G.provenance)),
        ...single('sbom', read(names/* Inputs */.G.sbom)),
        ...single('builder', read(names/* Inputs */.G.builder)),
        noCache: parseBoolean(names/* Inputs */.G.noCache, read(names/* Inputs */.G.noCache), false),
        pull: parseBoolean(names/* Inputs */.G.pull, read(names/* Inputs */.G.pull), false),
        buildContexts: parsePairs(names/* Inputs */.G.buildContexts, parseLines(read(names/* Inputs */.G.buildContexts)), 'name=value'),
        ssh: build_parseList(read(names/* Inputs */.G.ssh)),
        ...single('network', read(names/* Inputs */.G.network)),
        addHosts: parseHosts(build_parseList(read(names/* Inputs */.G.addHosts))),
        ...single('shmSize', read(names/* Inputs */.G.shmSize)),
        ulimits: parsePairs(names/* Inputs */.G.ulimit, parseLines(read(names/* Inputs */.G.ulimit)), 'type=soft:hard'),
        allow: build_parseList(read(names/* Inputs */.G.allow)),
        noCacheFilters: build_parseList(read(names/* Inputs */.G.noCacheFilters)),
        attests: parseLines(read(names/* Inputs */.G.attests)),
        annotations: (0,annotations/* imageAnnotations */.s)(read(names/* Inputs */.G.annotations))
    };
}
/**
 * Items separated by newlines or commas, as build-push-action reads `allow`, `ssh`, `add-hosts`,
 * `no-cache-filters` and `secret-envs` (getInputList without ignoreComma).
 */
function build_parseList(raw) {
    return parseLines(raw.replace(/,/g, '\n'));
}
/** Lines that must be `key=value` with a non-empty key. */
function parsePairs(input, lines, shape) {
    lines.forEach((line, i) => {
        if (line.indexOf('=') <= 0) {
            throw new errors/* ActionError */.l('invalid-input', `input \`${input}\` line ${i + 1} is ${JSON.stringify(line)}, not ${shape}`, { hint: `write one ${shape} per line in \`${input}\`` });
        }
    });
    return lines;
}
/**
 * build-push-action's `secret-envs` (`id=VARIABLE`) and `secret-files` (`id=path`) as buildx secret specs
 * (`id=…,env=…` / `id=…,src=…`), quoted by encoding/csv's rules when a part holds a comma or quote. The
 * message names the line, never its value.
 */
function parseSecretPairs(input, key, items) {
    return items.map((item, i) => {
        const eq = item.indexOf('=');
        if (eq <= 0 || eq === item.length - 1) {
            throw new errors/* ActionError */.l('invalid-input', `input \`${input}\` item ${i + 1} is not id=${key === 'env' ? 'VARIABLE' : 'path'}`, {
                hint: `write one id=${key === 'env' ? 'VARIABLE' : 'path'} per line in \`${input}\``
            });
        }
        return `${(0,csv/* quoteCsvField */.Br)(`id=${item.slice(0, eq)}`)},${(0,csv/* quoteCsvField */.Br)(`${key}=${item.slice(eq + 1)}`)}`;
    });
}
/** `host:ip` (docker's form; the address may be IPv6, so the first ':' splits) or `host=ip`. */
function parseHosts(items) {
    items.forEach((item, i) => {
        const sep = item.includes('=') ? item.indexOf('=') : item.indexOf(':');
        if (sep <= 0 || sep === item.length - 1) {
            throw new errors/* ActionError */.l('invalid-input', `input \`${names/* Inputs */.G.addHosts}\` item ${i + 1} is ${JSON.stringify(item)}, not host:ip`, { hint: `write host:ip (or host=ip), e.g. registry.local:10.0.0.5` });
        }
    });
    return items;
}
/**
 * One item per line, trimmed, blanks dropped. Commas do not separate: build args, labels and cache specs
 * hold commas themselves (build-push-action reads these inputs with `ignoreComma`).
 */
function parseLines(raw) {
    return raw
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
}
function single(key, raw) {
    const value = raw.trim();
    return value === '' ? {} : { [key]: value };
}
function parseBuildArgs(raw) {
    const args = parseLines(raw);
    args.forEach((arg, i) => {
        if (arg.indexOf('=') <= 0) {
            throw new errors/* ActionError */.l('invalid-input', `input \`${names/* Inputs */.G.buildArgs}\` line ${i + 1} is ${JSON.stringify(arg)}, not KEY=value`, { hint: `write one KEY=value per line in \`${names/* Inputs */.G.buildArgs}\`` });
        }
    });
    return args;
}
/**
 * Each line must be a buildx secret spec. The message never quotes the line: a value pasted in
 * build-push-action's `KEY=secret` form would otherwise land in the log (and buildx's own error quotes it).
 */
function parseSecrets(raw) {
    const secrets = parseLines(raw);
    secrets.forEach((secret, i) => {
        const problem = secretProblem(secret);
        if (problem) {
            throw new errors/* ActionError */.l('invalid-input', `input \`${names/* Inputs */.G.secrets}\` line ${i + 1} ${problem}`, {
                hint: 'write id=<id>,src=<file> or id=<id>,env=<VARIABLE>; to pass a value, put it in an environment ' +
                    'variable of the step and name that variable'
            });
        }
    });
    return secrets;
}
function secretProblem(secret) {
    const fields = (0,csv/* splitCsvFields */.uC)(secret);
    if (!fields)
        return 'has an unclosed quote';
    for (const { value } of fields) {
        const eq = value.indexOf('=');
        if (eq < 0)
            return 'has a field without "="';
        if (!SECRET_KEYS.has(value.slice(0, eq).toLowerCase())) {
            return `has a key buildx does not know (expected ${[...SECRET_KEYS].join(', ')})`;
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/inputs/publish.ts
/** publish mode's inputs → a typed plan: what merge needs (target, tags, platforms, …) plus how to build. Pure. */









function parsePublishInputs(read) {
    // Everything merge reads is read the same way; sources come from the builds, not from an input.
    const merge = parsePublishingInputs(read, 'publish');
    if (merge.platforms.length === 0) {
        throw new errors/* ActionError */.l('invalid-input', `input \`${names/* Inputs */.G.platforms}\` is empty: publish needs the platforms to build`, {
            hint: `set \`${names/* Inputs */.G.platforms}\`, e.g. linux/amd64,linux/arm64`
        });
    }
    return {
        ...merge,
        build: parseBuildOptions(read),
        qemu: parseQemuInput(read(names/* Inputs */.G.qemu)),
        archTags: parseBoolean(names/* Inputs */.G.archTags, read(names/* Inputs */.G.archTags), false)
    };
}
/** build mode (one matrix leg): the repository, the leg's platform(s), how to build; no tags. */
function parseBuildModeInputs(read) {
    const image = read(names/* Inputs */.G.image).trim();
    if (image === '') {
        throw new errors/* ActionError */.l('invalid-input', `input \`${names/* Inputs */.G.image}\` is required in build mode`, {
            hint: `set \`${names/* Inputs */.G.image}\` to the repository the merge job publishes, e.g. ghcr.io/acme/app`
        });
    }
    const platforms = namingInput(names/* Inputs */.G.platforms, () => (0,platform/* parsePlatformList */.VX)(read(names/* Inputs */.G.platforms)));
    if (platforms.length === 0) {
        throw new errors/* ActionError */.l('invalid-input', `input \`${names/* Inputs */.G.platforms}\` is empty: build mode needs the leg's platform`, {
            hint: 'set `platforms` from the matrix, e.g. platforms: ${{ matrix.platform }}'
        });
    }
    return {
        target: namingInput(names/* Inputs */.G.image, () => (0,reference_reference/* parseRepository */.SU)(image)),
        platforms,
        build: parseBuildOptions(read),
        qemu: parseQemuInput(read(names/* Inputs */.G.qemu)),
        stagingId: read(names/* Inputs */.G.stagingId).trim()
    };
}

// EXTERNAL MODULE: ./src/modes/merge.ts + 3 modules
var merge = __webpack_require__(6129);
// EXTERNAL MODULE: ./src/report/verify.ts
var verify = __webpack_require__(8325);
// EXTERNAL MODULE: ./src/verify/verify-image.ts + 4 modules
var verify_image = __webpack_require__(5728);
// EXTERNAL MODULE: ./src/modes/attestation.ts + 5 modules
var modes_attestation = __webpack_require__(8270);
// EXTERNAL MODULE: ./src/modes/ports.ts
var modes_ports = __webpack_require__(884);
;// CONCATENATED MODULE: ./src/modes/verify.ts




async function runVerifyMode(plan, ports) {
    const before = ports.registry.requestCounts();
    const { result, evidence, durationMs } = await (0,verify_image/* verifyImage */.Z)(ports.registry, plan);
    const report = (0,verify/* verifyReport */.y)(result, evidence, {
        durationMs,
        requests: (0,modes_ports/* requestsSince */.T)(before, ports.registry.requestCounts())
    });
    const attestation = await attestVerified(plan, result, ports);
    const reportPath = await ports.reports.write('verify', result.digest, report);
    const summary = (0,verify/* verifySummary */.I)(result) + (0,modes_attestation/* attestationSummary */.hT)(ports.attestation, attestation);
    return { result, report, reportPath, summary, ...(attestation ? { attestation } : {}) };
}
/**
 * The statement of what was just verified, for the index by digest: its media type and size from the bytes
 * the registry serves under that digest (checked over them); the tags field names the tag verified, if any.
 */
async function attestVerified(plan, result, ports) {
    const setup = ports.attestation;
    if (!setup || !('ports' in setup))
        return undefined;
    const repository = { registry: plan.image.registry, repository: plan.image.repository };
    const served = await ports.registry.getManifest({ ...repository, digest: result.digest });
    return (0,modes_attestation/* attestVerifiedIndex */.kl)({
        ports: setup.ports,
        repository,
        index: { mediaType: served.mediaType, digest: served.digest, size: served.bytes.length },
        result,
        policy: (0,modes_attestation/* verifyPolicy */.Es)(plan),
        tags: plan.image.tag ? [plan.image.tag] : []
    });
}

// EXTERNAL MODULE: ./src/buildx/staging.ts
var staging = __webpack_require__(1889);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./src/registry/content-cache.ts
/**
 * What one run already knows about registry content, so nothing is fetched twice: content by digest is
 * immutable (its bytes are its name), so a manifest or a small blob read or written once in a repository
 * is that repository's for the rest of the run. Bounded by bytes, least recently used first out.
 * Keys name the repository too: the same digest in another repository is not known to exist there.
 */
class ByteBoundedCache {
    entries = new Map();
    total = 0;
    limit;
    constructor(limit) {
        this.limit = limit;
    }
    get(key) {
        const entry = this.entries.get(key);
        if (!entry)
            return undefined;
        // Map keeps insertion order: re-inserting marks the entry as the most recently used.
        this.entries.delete(key);
        this.entries.set(key, entry);
        return entry.value;
    }
    has(key) {
        return this.entries.has(key);
    }
    /** Stores `value`; one larger than the whole limit is not kept at all. */
    set(key, value, size) {
        this.delete(key);
        if (size > this.limit)
            return;
        this.entries.set(key, { value, size });
        this.total += size;
        for (const [oldest, entry] of this.entries) {
            if (this.total <= this.limit)
                break;
            this.entries.delete(oldest);
            this.total -= entry.size;
        }
    }
    delete(key) {
        const entry = this.entries.get(key);
        if (!entry)
            return;
        this.entries.delete(key);
        this.total -= entry.size;
    }
    get bytes() {
        return this.total;
    }
    get size() {
        return this.entries.size;
    }
}
/** The key of a digest in one repository of one registry. */
function contentKey(repo, digest) {
    return `${repo.registry}/${repo.repository}@${digest}`;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/registry/errors.ts
var registry_errors = __webpack_require__(6764);
;// CONCATENATED MODULE: ./src/registry/digest.ts
/**
 * Digests over the exact bytes sent or received, and the error for bytes that do not match their name.
 * Nothing here re-serialises: a digest is computed over what went over the wire.
 */




function sha256Digest(bytes) {
    return 'sha256:' + (0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex');
}
function digestOf(bytes, algorithm) {
    return `${algorithm}:` + (0,external_node_crypto_.createHash)(algorithm).update(bytes).digest('hex');
}
function mismatch(request, what, expected, actual) {
    return new registry_errors/* RegistryError */.gl('digest-mismatch', `${what}: expected digest ${expected} but the bytes hash to ${actual}`, { method: request.method, url: (0,registry_errors/* redactUrl */.BO)(request.url), temporary: false }, {
        hint: 'the registry or something between returned different content; do not trust this image, and retry'
    });
}
/** Passes bytes through while hashing them; fails the stream at its end if the digest differs. */
class DigestCheck extends external_node_stream_.Transform {
    hash;
    expected;
    request;
    what;
    constructor(options) {
        super();
        this.expected = options.expected;
        this.request = options.request;
        this.what = options.what;
        this.hash = (0,external_node_crypto_.createHash)((0,reference_reference/* parseDigest */.m)(options.expected).algorithm);
    }
    _transform(chunk, _encoding, callback) {
        this.hash.update(chunk);
        callback(null, chunk);
    }
    _flush(callback) {
        const actual = `${(0,reference_reference/* parseDigest */.m)(this.expected).algorithm}:${this.hash.digest('hex')}`;
        callback(actual === this.expected ? null : mismatch(this.request, this.what, this.expected, actual));
    }
}

;// CONCATENATED MODULE: ./src/registry/challenge.ts
const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;
function parseChallenges(header) {
    if (!header)
        return [];
    const challenges = [];
    let i = 0;
    const skipSpaces = () => {
        while (i < header.length && /[\s,]/.test(header.charAt(i)))
            i++;
    };
    const readToken = () => {
        TOKEN.lastIndex = i;
        const match = TOKEN.exec(header);
        if (!match)
            return undefined;
        i = TOKEN.lastIndex;
        return match[0];
    };
    const readQuoted = () => {
        let value = '';
        i++; // opening quote
        while (i < header.length && header.charAt(i) !== '"') {
            if (header.charAt(i) === '\\' && i + 1 < header.length)
                i++;
            value += header.charAt(i++);
        }
        i++; // closing quote
        return value;
    };
    while (i < header.length) {
        skipSpaces();
        const scheme = readToken();
        if (!scheme)
            break;
        const challenge = { scheme: scheme.toLowerCase(), params: {} };
        challenges.push(challenge);
        for (;;) {
            const save = i;
            while (i < header.length && /[\s,]/.test(header.charAt(i)))
                i++;
            const name = readToken();
            while (i < header.length && header.charAt(i) === ' ')
                i++;
            if (!name || header.charAt(i) !== '=') {
                i = save; // not a parameter: the next challenge starts here
                break;
            }
            i++;
            while (i < header.length && header.charAt(i) === ' ')
                i++;
            challenge.params[name.toLowerCase()] = header.charAt(i) === '"' ? readQuoted() : (readToken() ?? '');
        }
    }
    return challenges;
}
/** `repository:NAME:pull,push` for a repository and actions; the token server grants per scope. */
function repositoryScope(repository, actions) {
    return `repository:${repository}:${actions.join(',')}`;
}

// EXTERNAL MODULE: ./src/registry/transport.ts + 1 modules
var transport = __webpack_require__(2822);
;// CONCATENATED MODULE: ./src/registry/auth.ts
/**
 * Registry authentication: learns each registry's challenge once (Basic or Bearer), then authorises
 * requests up front so most operations cost one request, not two. Bearer tokens are fetched for the
 * union of the scopes an operation needs (e.g. push on the target and pull on a mount source) and
 * cached per registry until shortly before they expire (distribution, docs/spec/auth/token.md). A cached
 * token serves any later request whose scopes it covers — what its `access` claim grants, or what was
 * asked for when the token is opaque — so pull on a mount's source reuses the mount's token. Concurrent
 * requests for one scope set share one token request.
 *
 * Credentials are looked up by the registry being talked to, and go only to that registry and to the
 * token realm its own challenge names (the client never passes on a challenge that came from elsewhere).
 */




/** Tokens without expires_in last 60 s (token.md); refresh a little early so none expires in flight. */
const DEFAULT_TOKEN_SECONDS = 60;
const EXPIRY_MARGIN_MS = 10_000;
const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;
class Authenticator {
    /** Token requests made, so request counts can be reported with and without them. */
    tokenRequests = 0;
    challenges = new Map();
    tokens = new Map();
    inFlight = new Map();
    options;
    constructor(options) {
        this.options = options;
    }
    /** The Authorization header to send first, from what the registry asked for before (if anything). */
    async headerFor(registry, scopes) {
        const challenge = this.challenges.get(registry);
        if (!challenge)
            return undefined;
        if (challenge.scheme === 'basic')
            return this.basicHeader(registry);
        return this.cachedToken(registry, scopes) ?? this.fetchToken(registry, challenge, scopes);
    }
    /** A live token asked for with exactly these scopes, else one whose grant covers them. */
    cachedToken(registry, scopes) {
        const now = Date.now();
        const exact = this.tokens.get(tokenKey(registry, scopes));
        if (exact && exact.expiresAt > now)
            return exact.header;
        const needed = parseScopes(scopes);
        for (const [key, token] of this.tokens) {
            if (token.expiresAt <= now) {
                this.tokens.delete(key);
                continue;
            }
            if (key.startsWith(`${registry}|`) && scopeCovers(token.granted, needed))
                return token.header;
        }
        return undefined;
    }
    /**
     * After a 401: remember the challenge and return a header worth one more try, or undefined when there
     * is nothing better to send (no credentials for Basic).
     */
    async answer(registry, scopes, wwwAuthenticate) {
        const all = parseChallenges(wwwAuthenticate);
        const challenge = all.find((c) => c.scheme === 'bearer') ?? all.find((c) => c.scheme === 'basic');
        if (!challenge)
            return undefined;
        this.challenges.set(registry, challenge);
        if (challenge.scheme === 'basic')
            return this.basicHeader(registry);
        const asked = challenge.params.scope?.split(' ').filter(Boolean) ?? [];
        return this.fetchToken(registry, challenge, [...new Set([...scopes, ...asked])]);
    }
    async basicHeader(registry) {
        const credential = await this.options.credentials.get(registry);
        if (credential?.kind !== 'basic')
            return undefined;
        const header = 'Basic ' + Buffer.from(`${credential.username}:${credential.password}`).toString('base64');
        this.options.onSecret(header.slice(6));
        return header;
    }
    /** One token request per registry and scope set at a time: concurrent callers share its answer. */
    fetchToken(registry, challenge, scopes) {
        const key = tokenKey(registry, scopes);
        const pending = this.inFlight.get(key);
        if (pending)
            return pending;
        const request = this.requestToken(registry, challenge, scopes).finally(() => {
            this.inFlight.delete(key);
        });
        this.inFlight.set(key, request);
        return request;
    }
    async requestToken(registry, challenge, scopes) {
        const realm = challenge.params.realm;
        if (!realm) {
            throw new registry_errors/* RegistryError */.gl('auth', `${registry} asked for a Bearer token without naming a realm`, { method: 'GET', url: registry, temporary: false }, { hint: 'the registry is misconfigured; report it to its operator' });
        }
        const credential = await this.options.credentials.get(registry);
        this.refuseInsecureRealm(registry, realm, credential);
        this.tokenRequests++;
        const response = await this.options.transport.send(tokenRequest(realm, challenge.params.service, scopes, credential));
        const body = await (0,transport/* readBody */.x8)(response, MAX_TOKEN_RESPONSE_BYTES, `token from ${realm}`);
        if (response.status !== 200) {
            if (response.status === 401 || response.status === 403) {
                throw new registry_errors/* RegistryError */.gl('auth', `the token server ${new URL(realm).origin} refused the credentials for ${registry} (${response.status})`, { method: 'GET', url: realm, status: response.status, temporary: false }, {
                    hint: credential
                        ? 'check the username and password (or log in again with docker/login-action)'
                        : "log in with docker/login-action first, or set `username`/`password` (for `image`'s registry) or a `registry-auth` line (for any other)"
                });
            }
            throw (0,registry_errors/* errorForResponse */.vw)({
                method: 'GET',
                url: realm,
                status: response.status,
                body: body.toString(),
                what: 'token request'
            });
        }
        const parsed = JSON.parse(body.toString('utf8'));
        const token = parsed.token ?? parsed.access_token;
        if (!token) {
            throw new registry_errors/* RegistryError */.gl('auth', `the token server ${new URL(realm).origin} answered without a token`, { method: 'GET', url: realm, status: 200, temporary: false }, { hint: 'the token server is misconfigured; report it to the registry operator' });
        }
        this.options.onSecret(token);
        const issuedAt = parsed.issued_at ? Date.parse(parsed.issued_at) : NaN;
        const start = Number.isNaN(issuedAt) ? Date.now() : Math.min(issuedAt, Date.now());
        const seconds = parsed.expires_in && parsed.expires_in > 0 ? parsed.expires_in : DEFAULT_TOKEN_SECONDS;
        const header = `Bearer ${token}`;
        this.tokens.set(tokenKey(registry, scopes), {
            header,
            expiresAt: start + seconds * 1000 - EXPIRY_MARGIN_MS,
            granted: grantedScopes(token) ?? parseScopes(scopes)
        });
        return header;
    }
    /** A password must not cross the network in clear text to a host the user did not mark insecure. */
    refuseInsecureRealm(registry, realm, credential) {
        const url = new URL(realm);
        if (!credential || url.protocol === 'https:')
            return;
        if ((0,reference_reference/* isLoopbackRegistry */.jW)(url.host) || this.options.insecureHosts.has(url.host))
            return;
        throw new registry_errors/* RegistryError */.gl('auth', `${registry} sends logins to ${url.origin} over plain HTTP; refusing to send credentials there`, { method: 'GET', url: url.origin, temporary: false }, { hint: `list ${url.host} as insecure only if that network is trusted` });
    }
}
/** `repository:NAME:a,b` scopes → NAME → actions; other resource types are ignored. */
function parseScopes(scopes) {
    const set = new Map();
    for (const scope of scopes) {
        const first = scope.indexOf(':');
        const last = scope.lastIndexOf(':');
        if (first < 0 || last <= first || scope.slice(0, first) !== 'repository')
            continue;
        const name = scope.slice(first + 1, last);
        const actions = set.get(name) ?? new Set();
        for (const action of scope.slice(last + 1).split(','))
            if (action)
                actions.add(action);
        set.set(name, actions);
    }
    return set;
}
/** Whether every repository and action in `needed` is in `granted` (`*` grants every action). */
function scopeCovers(granted, needed) {
    for (const [name, actions] of needed) {
        const have = granted.get(name);
        if (!have)
            return false;
        if (have.has('*'))
            continue;
        for (const action of actions)
            if (!have.has(action))
                return false;
    }
    return true;
}
/**
 * What a JWT bearer token grants, from its `access` claim (token.md, "Requesting a Token"); undefined for
 * an opaque token or one that cannot be read, whose grant is then taken to be what was asked for. Read
 * only to decide reuse: the registry still checks the signature and the claim on every request.
 */
function grantedScopes(token) {
    const payload = token.split('.')[1];
    if (token.split('.').length !== 3 || !payload)
        return undefined;
    try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        if (!Array.isArray(claims.access))
            return undefined;
        const set = new Map();
        for (const entry of claims.access) {
            if (entry.type !== 'repository' || typeof entry.name !== 'string' || !Array.isArray(entry.actions))
                continue;
            const actions = set.get(entry.name) ?? new Set();
            for (const action of entry.actions)
                if (typeof action === 'string')
                    actions.add(action);
            set.set(entry.name, actions);
        }
        return set;
    }
    catch {
        return undefined;
    }
}
function tokenKey(registry, scopes) {
    return `${registry}|${[...scopes].sort().join(' ')}`;
}
function tokenRequest(realm, service, scopes, credential) {
    if (credential?.kind === 'identity-token') {
        // An identity token is an OAuth2 refresh token: exchange it with a POST (token.md, "oauth").
        const form = new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: credential.token,
            client_id: 'multiarch-publish'
        });
        if (service)
            form.set('service', service);
        if (scopes.length > 0)
            form.set('scope', scopes.join(' '));
        return {
            method: 'POST',
            url: realm,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: Buffer.from(form.toString()),
            // Asking for a token changes nothing on the server: a lost answer is simply asked again.
            repeatable: true
        };
    }
    const url = new URL(realm);
    if (service)
        url.searchParams.set('service', service);
    for (const scope of scopes)
        url.searchParams.append('scope', scope);
    const headers = {};
    if (credential?.kind === 'basic') {
        headers.authorization =
            'Basic ' + Buffer.from(`${credential.username}:${credential.password}`).toString('base64');
    }
    return { method: 'GET', url: url.toString(), headers, repeatable: true };
}

// EXTERNAL MODULE: ./src/registry/credentials.ts
var credentials = __webpack_require__(3653);
;// CONCATENATED MODULE: ./src/registry/session.ts
/**
 * What every resource file (manifests, blobs, uploads, tags) shares: the authorised request to a
 * registry, the one loop that repeats a write whose answer was lost, and the run's memory of what is
 * where. As regclient's scheme/reg: one session, one file per API area around it.
 */







const PULL = ['pull'];
const PUSH = ['pull', 'push'];
const DEFAULT_READ_AFTER_WRITE_RETRIES = 4;
const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;
/** Digests remembered as present per repository (an entry is a short string; the bound keeps memory flat). */
const MAX_KNOWN_DIGESTS = 100_000;
/** Error bodies read for their code and message; anything longer is cut. */
const MAX_ERROR_BODY = 64 * 1024;
class RegistrySession {
    transport;
    auth;
    readAfterWriteRetries;
    /** Manifests this run pushed (registry/repository@digest): read-after-write may ask again for them. */
    pushed = new Set();
    /**
     * Manifests and small blobs (configs) by digest, as read or written this run: the digest names the
     * bytes, so they are the same in every repository. They are served for a repository only where this run
     * has seen that digest exist (the known sets below).
     */
    manifests;
    smallBlobs;
    /** Manifests known to be in a repository: read, written or HEADed this run. */
    knownManifests = new ByteBoundedCache(MAX_KNOWN_DIGESTS);
    /** Blobs known to be in a repository (pushed, mounted, read or HEADed this run), with their size when known. */
    knownBlobs = new ByteBoundedCache(MAX_KNOWN_DIGESTS);
    insecure;
    /** Registries answered at least once, and the first request to each while it is in flight. */
    contacted = new Set();
    firstContact = new Map();
    constructor(options = {}) {
        this.transport =
            options.transport instanceof transport/* Transport */.oK ? options.transport : new transport/* Transport */.oK(options.transport);
        this.insecure = new Set(options.insecureRegistries ?? []);
        const onSecret = options.onSecret ?? (() => undefined);
        this.auth = new Authenticator({
            transport: this.transport,
            credentials: options.credentials ?? (0,credentials/* chainCredentials */.a)((0,credentials/* dockerConfigCredentials */.D)({ onSecret })),
            onSecret,
            insecureHosts: this.insecure
        });
        this.readAfterWriteRetries = options.readAfterWriteRetries ?? DEFAULT_READ_AFTER_WRITE_RETRIES;
        const cacheBytes = options.cacheBytes ?? DEFAULT_CACHE_BYTES;
        this.manifests = new ByteBoundedCache(cacheBytes);
        this.smallBlobs = new ByteBoundedCache(Math.floor(cacheBytes / 4));
    }
    /** `http(s)://HOST/v2/` for a registry: plain HTTP only for loopback or listed insecure registries. */
    apiBase(registry) {
        const scheme = (0,reference_reference/* isLoopbackRegistry */.jW)(registry) || this.insecure.has(registry) ? 'http' : 'https';
        return `${scheme}://${(0,reference_reference/* registryApiHost */.Mb)(registry)}/v2/`;
    }
    /** The URL a request goes to: its own, or its path under the registry's /v2/. */
    urlOf(repo, req) {
        return req.url ?? this.apiBase(repo.registry) + (req.path ?? '');
    }
    /**
     * One authorised request: the header learned before (if any), and after a 401 one more try with what
     * the challenge asks for. Bodies are bytes or stream factories, so the second try can send them again.
     *
     * Credentials are for the registry's own origin only: a URL on another host (an upload Location, a
     * redirect) gets no Authorization, and a 401 that did not come from the registry itself is not answered
     * (a challenge from elsewhere could name a realm that would collect this registry's password).
     * The first request to a registry goes alone: the others wait for its challenge instead of each
     * collecting a 401 of their own.
     */
    async call(repo, actions, req) {
        const base = this.apiBase(repo.registry);
        const url = this.urlOf(repo, req);
        const origin = new URL(base).origin;
        const own = new URL(url).origin === origin;
        const scopes = [repositoryScope(repo.repository, actions), ...(req.extraScopes ?? [])];
        const send = (authorization) => this.transport.send({
            method: req.method,
            url,
            headers: { ...req.headers, ...(authorization ? { authorization } : {}) },
            ...(req.body ? { body: req.body } : {}),
            ...(req.repeatable !== undefined ? { repeatable: req.repeatable } : {})
        });
        const release = await this.turnToContact(repo.registry);
        try {
            const first = own ? await this.auth.headerFor(repo.registry, scopes) : undefined;
            const response = await send(first);
            if (response.status !== 401 || !own || new URL(response.url).origin !== origin)
                return response;
            await (0,transport/* drain */.Ze)(response);
            const second = await this.auth.answer(repo.registry, scopes, response.header('www-authenticate'));
            // The challenge is learned and its token (or Basic header) is held: the requests waiting on first
            // contact go now, authorised up front, instead of one round trip later, after this retry's answer.
            release();
            if (second === undefined || second === first)
                return response;
            return await send(second);
        }
        finally {
            release();
        }
    }
    /**
     * A write that is never repeated blindly — a tag PUT repeated after another publish moved the tag would
     * move it back, an upload's closing PUT consumes its session — so when its answer is lost the registry
     * is asked whether it took effect, and only when it did not is the write sent again (within the
     * transport's attempts). Every write the client makes goes through here. Returns the registry's answer,
     * or undefined when a write whose answer was lost is found to have landed.
     */
    async write(repo, req, check) {
        for (let attempt = 1;; attempt++) {
            try {
                return await this.call(repo, PUSH, { ...req, repeatable: false });
            }
            catch (error) {
                if (!(0,registry_errors/* isReplyLost */.Fe)(error) || attempt >= this.transport.maxAttempts)
                    throw error;
                if (await check.landed())
                    return undefined;
                await this.transport.pause({ method: req.method, url: this.urlOf(repo, req) }, attempt, `answer lost and ${check.missing}`);
            }
        }
    }
    /** The error for an answer that is not a success, naming the request's real method and URL. */
    async failure(response, what) {
        const head = response.method === 'HEAD';
        const body = head
            ? ''
            : (await (0,transport/* readBody */.x8)(response, MAX_ERROR_BODY, what).catch(() => Buffer.alloc(0))).toString('utf8');
        if (head)
            await (0,transport/* drain */.Ze)(response);
        return (0,registry_errors/* errorForResponse */.vw)({
            method: response.method,
            url: response.url,
            status: response.status,
            body,
            what,
            header: (name) => response.header(name)
        });
    }
    async expectStatus(response, ok, what) {
        if (ok.includes(response.status))
            return;
        throw await this.failure(response, what);
    }
    knownBlob(repo, digest, size) {
        const known = size !== undefined && Number.isFinite(size) ? { size } : {};
        this.knownBlobs.set(contentKey(repo, digest), known, 1);
    }
    /**
     * Waits while another request makes first contact with `registry`; returns what ends this one's turn
     * (called once the registry has answered, or its challenge has been answered; calling it again does nothing).
     */
    async turnToContact(registry) {
        const nothing = () => undefined;
        if (this.contacted.has(registry))
            return nothing;
        const pending = this.firstContact.get(registry);
        if (pending) {
            await pending;
            return nothing;
        }
        let done = nothing;
        this.firstContact.set(registry, new Promise((resolve) => {
            done = resolve;
        }));
        return () => {
            this.contacted.add(registry);
            this.firstContact.delete(registry);
            done();
        };
    }
}

;// CONCATENATED MODULE: ./src/registry/blobs.ts
/**
 * Reading blobs (GET, HEAD /v2/<name>/blobs/<digest>), digest-checked: configs whole and kept for the
 * run, layers streamed. Writing them is uploads.ts.
 */






const MAX_CONFIG_BYTES = 8 * 1024 * 1024;
/** Blobs up to this size (configs, attestation statements) are kept once read; layers are streamed. */
const CACHED_BLOB_BYTES = 1024 * 1024;
class Blobs {
    session;
    constructor(session) {
        this.session = session;
    }
    /** HEAD a blob: its size, or undefined when the repository does not have it. */
    async head(repo, digest) {
        const known = this.session.knownBlobs.get(contentKey(repo, digest));
        if (known?.size !== undefined)
            return known.size;
        return this.headFromRegistry(repo, digest);
    }
    /**
     * GET a blob as a stream whose digest is checked while it flows: the stream errors at its end when the
     * bytes do not match. Redirects (object stores) are followed without our Authorization.
     */
    async get(repo, digest) {
        const what = describe(repo, digest);
        const response = await this.session.call(repo, PULL, {
            method: 'GET',
            path: `${repo.repository}/blobs/${digest}`
        });
        await this.session.expectStatus(response, [200], what);
        this.session.knownBlob(repo, digest, Number(response.header('content-length')));
        const checked = new DigestCheck({ expected: digest, request: response, what });
        // pipeline, not pipe: a connection that breaks mid-blob must fail the stream the caller reads.
        (0,external_node_stream_.pipeline)(response.body, checked, (error) => {
            if (error)
                checked.destroy(error);
        });
        return checked;
    }
    /**
     * A whole small blob (a config), digest-checked, refusing more than `limit` bytes. Read once per
     * repository and run; callers must not change the Buffer they get.
     */
    async read(repo, digest, limit = MAX_CONFIG_BYTES) {
        const known = this.session.knownBlobs.has(contentKey(repo, digest));
        const cached = known ? this.session.smallBlobs.get(digest) : undefined;
        if (cached && cached.byteLength <= limit)
            return cached;
        const what = describe(repo, digest);
        const response = await this.session.call(repo, PULL, {
            method: 'GET',
            path: `${repo.repository}/blobs/${digest}`
        });
        await this.session.expectStatus(response, [200], what);
        const bytes = await (0,transport/* readBody */.x8)(response, limit, what);
        const actual = digestOf(bytes, (0,reference_reference/* parseDigest */.m)(digest).algorithm);
        if (actual !== digest)
            throw mismatch(response, what, digest, actual);
        this.session.knownBlob(repo, digest, bytes.byteLength);
        if (bytes.byteLength <= CACHED_BLOB_BYTES)
            this.session.smallBlobs.set(digest, bytes, bytes.byteLength);
        return bytes;
    }
    /** Asks the registry, never the run's memory: used to check whether a write took effect. */
    async headFromRegistry(repo, digest) {
        const response = await this.session.call(repo, PULL, {
            method: 'HEAD',
            path: `${repo.repository}/blobs/${digest}`
        });
        if (response.status === 404) {
            await (0,transport/* drain */.Ze)(response);
            return undefined;
        }
        await this.session.expectStatus(response, [200], describe(repo, digest));
        await (0,transport/* drain */.Ze)(response);
        const size = Number(response.header('content-length'));
        this.session.knownBlob(repo, digest, size);
        return size;
    }
}
function describe(repo, digest) {
    return `blob ${repo.registry}/${repo.repository}@${digest}`;
}

// EXTERNAL MODULE: ./src/oci/parse.ts
var parse = __webpack_require__(2614);
// EXTERNAL MODULE: ./src/oci/types.ts
var types = __webpack_require__(3048);
;// CONCATENATED MODULE: ./src/registry/manifests.ts
/**
 * Manifests and indexes over the distribution API (GET, HEAD, PUT /v2/<name>/manifests/<reference>).
 * Every digest is computed over the exact bytes received or sent and compared with what was asked for
 * and with what the registry says; nothing is re-serialised.
 */









/** How often a manifest PUT is sent when the registry read a blob link another client was writing. */
const MANIFEST_LINK_ATTEMPTS = 3;
class Manifests {
    session;
    constructor(session) {
        this.session = session;
    }
    /**
     * GET a manifest or index by tag or digest, checked: size cap, digest, Content-Type, structure. One
     * read by digest per repository and run: the bytes are kept (bounded) and served again.
     */
    async get(ref) {
        const reference = manifestReference(ref);
        const cached = ref.digest ? this.cached(ref, ref.digest) : undefined;
        if (cached)
            return cached;
        const what = (0,reference_reference/* formatReference */.FH)(ref);
        const response = await this.read(ref, 'GET', reference, what);
        const bytes = await (0,transport/* readBody */.x8)(response, types/* MAX_MANIFEST_BYTES */.ZJ, `manifest ${what}`);
        const digest = checkDigest(ref, bytes, response, what);
        const parsed = (0,parse/* parseManifest */.N)(bytes, response.header('content-type'), what);
        const fetched = { kind: parsed.kind, mediaType: parsed.mediaType, digest, bytes, parsed };
        this.remember(ref, fetched);
        return fetched;
    }
    /**
     * HEAD a manifest: its digest, media type and size, or undefined when it does not exist. By digest it
     * may come from the run's memory; by tag it is always asked of the registry (a tag moves).
     */
    async head(ref) {
        if (ref.digest) {
            const known = this.session.knownManifests.get(contentKey(ref, ref.digest));
            if (known)
                return known;
        }
        const head = await this.headFromRegistry(ref);
        if (head)
            this.session.knownManifests.set(contentKey(ref, head.digest), head, 1);
        return head;
    }
    /**
     * PUT manifest bytes under a tag or digest; the registry's Docker-Content-Digest must be theirs. When
     * the answer is lost, the registry is asked (HEAD) whether it stored them before they are sent again
     * (for a tag: another publish may have moved it since, and repeating ours would undo theirs).
     */
    async put(ref, bytes, mediaType) {
        const digest = sha256Digest(bytes);
        const what = (0,reference_reference/* formatReference */.FH)(ref);
        const reference = ref.digest ?? ref.tag;
        const path = `${ref.repository}/manifests/${reference ?? ''}`;
        const request = { method: 'PUT', url: this.session.urlOf(ref, { path }) };
        if (bytes.byteLength > types/* MAX_MANIFEST_BYTES */.ZJ)
            throw oversizeManifest(request, what, bytes.byteLength);
        if (ref.digest && ref.digest !== digest)
            throw mismatch(request, what, ref.digest, digest);
        if (!reference)
            throw needsTagOrDigest(what);
        for (let attempt = 1;; attempt++) {
            const response = await this.session.write(ref, { method: 'PUT', path, headers: { 'content-type': mediaType }, body: bytes }, {
                landed: async () => (await this.headFromRegistry(ref))?.digest === digest,
                missing: `${what} does not hold ${digest.slice(0, 19)}: PUT again`
            });
            if (response === undefined)
                break;
            try {
                await this.session.expectStatus(response, [201], `push manifest ${what}`);
            }
            catch (error) {
                if (!isRacedLink(error) || attempt >= MANIFEST_LINK_ATTEMPTS)
                    throw error;
                // distribution 2.8 writes a repository's blob links non-atomically: while another client mounts
                // the same blob into this repository, a manifest PUT can read a half-written link and answer
                // DIGEST_INVALID or MANIFEST_BLOB_UNKNOWN for bytes we hashed ourselves. It settles in moments.
                await this.session.transport.pause(request, attempt, `${what}: the registry read a blob link mid-write (${error.details.code ?? ''}); PUT again`);
                continue;
            }
            await (0,transport/* drain */.Ze)(response);
            const answered = response.header('docker-content-digest');
            if (answered && answered !== digest)
                throw mismatch(request, `${what} (as stored by the registry)`, digest, answered);
            break;
        }
        this.session.pushed.add(`${ref.registry}/${ref.repository}@${digest}`);
        this.rememberPushed(ref, { digest, bytes, mediaType });
        return digest;
    }
    /** Asks the registry, never the run's memory: used to check whether a write took effect. */
    async headFromRegistry(ref) {
        const what = (0,reference_reference/* formatReference */.FH)(ref);
        const response = await this.read(ref, 'HEAD', manifestReference(ref), what, { allowMissing: true });
        if (response.status === 404)
            return undefined;
        await (0,transport/* drain */.Ze)(response);
        const digest = response.header('docker-content-digest') ?? ref.digest;
        const mediaType = response.header('content-type')?.split(';')[0]?.trim();
        const size = Number(response.header('content-length'));
        if (!digest || !mediaType || !Number.isFinite(size)) {
            throw new registry_errors/* RegistryError */.gl('registry', `HEAD of manifest ${what} answered without Docker-Content-Digest, Content-Type or Content-Length`, { method: 'HEAD', url: (0,registry_errors/* redactUrl */.BO)(response.url), status: response.status, temporary: false }, { hint: 'use a registry that implements the distribution spec’s HEAD, or fetch by digest' });
        }
        if (ref.digest && digest !== ref.digest)
            throw mismatch(response, what, ref.digest, digest);
        if (size > types/* MAX_MANIFEST_BYTES */.ZJ)
            throw oversizeManifest(response, what, size);
        return { digest, mediaType, size };
    }
    cached(repo, digest) {
        const known = this.session.knownManifests.has(contentKey(repo, digest));
        return known ? this.session.manifests.get(digest) : undefined;
    }
    remember(repo, manifest) {
        this.session.manifests.set(manifest.digest, manifest, manifest.bytes.byteLength);
        this.session.knownManifests.set(contentKey(repo, manifest.digest), { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.byteLength }, 1);
    }
    /** What was pushed is known to be there, and its bytes are what a later read by digest would get. */
    rememberPushed(repo, pushed) {
        const { digest, bytes, mediaType } = pushed;
        let parsed;
        try {
            parsed = (0,parse/* parseManifest */.N)(Buffer.from(bytes), mediaType, `${repo.registry}/${repo.repository}@${digest}`);
        }
        catch {
            // The registry took bytes this client cannot read back as a manifest: only their presence is known.
            this.session.knownManifests.set(contentKey(repo, digest), { digest, mediaType, size: bytes.byteLength }, 1);
            return;
        }
        this.remember(repo, {
            kind: parsed.kind,
            mediaType: parsed.mediaType,
            digest,
            bytes: Buffer.from(bytes),
            parsed
        });
    }
    async read(ref, method, reference, what, options = {}) {
        const key = `${ref.registry}/${ref.repository}@${reference}`;
        for (let attempt = 0;; attempt++) {
            const response = await this.session.call(ref, PULL, {
                method,
                path: `${ref.repository}/manifests/${reference}`,
                headers: { accept: types/* MANIFEST_MEDIA_TYPES */.$T.join(', ') }
            });
            // Some registries (ECR) answer 404 for a moment after a manifest was pushed: ask again.
            if (response.status === 404 &&
                this.session.pushed.has(key) &&
                attempt < this.session.readAfterWriteRetries) {
                await (0,transport/* drain */.Ze)(response);
                await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
                continue;
            }
            if (response.status === 404 && options.allowMissing) {
                await (0,transport/* drain */.Ze)(response);
                return response;
            }
            await this.session.expectStatus(response, [200], `manifest ${what}`);
            return response;
        }
    }
}
/** The digest of manifest bytes as read: the one asked for, checked; else theirs, checked against the registry's. */
function checkDigest(ref, bytes, response, what) {
    if (ref.digest) {
        const actual = digestOf(bytes, (0,reference_reference/* parseDigest */.m)(ref.digest).algorithm);
        if (actual !== ref.digest)
            throw mismatch(response, what, ref.digest, actual);
        return ref.digest;
    }
    const actual = sha256Digest(bytes);
    const answered = response.header('docker-content-digest');
    if (answered && answered.startsWith('sha256:') && answered !== actual)
        throw mismatch(response, what, answered, actual);
    return actual;
}
/** The manifest path element: the digest when there is one (it pins the content), else the tag. */
function manifestReference(ref) {
    const reference = ref.digest ?? ref.tag;
    if (!reference)
        throw needsTagOrDigest((0,reference_reference/* formatReference */.FH)(ref));
    return reference;
}
function needsTagOrDigest(what) {
    return new errors/* ActionError */.l('invalid-input', `${what} names neither a tag nor a digest`, {
        hint: 'write the reference as NAME:TAG or NAME@sha256:DIGEST'
    });
}
function isRacedLink(error) {
    return (error instanceof registry_errors/* RegistryError */.gl &&
        error.details.status === 400 &&
        (error.details.code === 'DIGEST_INVALID' || error.details.code === 'MANIFEST_BLOB_UNKNOWN'));
}
function oversizeManifest(request, what, size) {
    return new registry_errors/* RegistryError */.gl('registry', `manifest ${what} is ${size} bytes, over the ${types/* MAX_MANIFEST_BYTES */.ZJ}-byte limit`, { method: request.method, url: (0,registry_errors/* redactUrl */.BO)(request.url), temporary: false }, { hint: 'manifests over 4 MiB are refused by registries and by this action' });
}

;// CONCATENATED MODULE: ./src/registry/uploads.ts
/**
 * Writing blobs (POST /v2/<name>/blobs/uploads/, PATCH, PUT ?digest=): uploads, cross-repository
 * mounts and copies. A lost answer is checked (HEAD) before anything is sent again, and a session the
 * registry forgot is started anew.
 *
 * The rule: one monolithic upload per blob — POST for a session, then one PUT with the whole body and its
 * Content-Length — because chunking is where registries differ (GHCR refuses chunks over 4 MiB with 416;
 * ECR answers a chunk 201 instead of 202, refuses parts under 5 MB and drops bodies after the first
 * chunk). PATCH chunks are sent only when the caller sets `chunkSize` for a registry it knows takes them
 * (distribution does).
 */





class Uploads {
    session;
    blobs;
    chunkSize;
    /** Copies in flight per target and digest: a layer several children share is brought over once. */
    copying = new Map();
    constructor(options) {
        this.session = options.session;
        this.blobs = options.blobs;
        this.chunkSize = options.chunkSize;
    }
    /**
     * Upload a blob: one PUT, or PATCH chunks when larger than chunkSize. A lost answer is checked (HEAD)
     * before anything is sent again, and a session the registry forgot is started anew; a streamed body
     * is opened again for each attempt.
     */
    async upload(repo, digest, body) {
        const location = await this.start(repo);
        await this.finish(repo, digest, body, location);
    }
    /**
     * Mount a blob from another repository of the same registry; returns false (and abandons nothing: the
     * 202's session is used for an upload by copy) when the registry answers 202 instead of 201.
     */
    async mount(repo, digest, from) {
        const query = new URLSearchParams({ mount: digest, from: from.repository });
        const response = await this.session.write(repo, {
            method: 'POST',
            path: `${repo.repository}/blobs/uploads/?${query.toString()}`,
            extraScopes: [repositoryScope(from.repository, PULL)]
        }, {
            landed: async () => (await this.blobs.headFromRegistry(repo, digest)) !== undefined,
            missing: `${digest.slice(0, 19)} is not in ${repo.repository}: mount again`
        });
        if (response === undefined)
            return { mounted: true };
        const what = `mount ${digest} from ${from.repository} into ${repo.repository}`;
        await this.session.expectStatus(response, [201, 202], what);
        await (0,transport/* drain */.Ze)(response);
        if (response.status === 201) {
            this.session.knownBlob(repo, digest, undefined);
            return { mounted: true };
        }
        return { mounted: false, location: this.location(repo, response) };
    }
    /**
     * Make a blob present in `to`: nothing when it is there (known this run, or by HEAD), a mount within one
     * registry, else a streamed copy (GET from the source, digest-checked, PUT to the target).
     */
    async copy(from, to, digest, size) {
        const key = contentKey(to, digest);
        if (this.session.knownBlobs.has(key))
            return 'exists';
        const running = this.copying.get(key);
        if (running)
            return running.then(() => 'exists');
        const copy = this.copyMissing(from, to, digest, size).finally(() => {
            this.copying.delete(key);
        });
        this.copying.set(key, copy);
        return copy;
    }
    async copyMissing(from, to, digest, size) {
        if ((await this.blobs.headFromRegistry(to, digest)) !== undefined)
            return 'exists';
        let location;
        if (from.registry === to.registry) {
            const mount = await this.mount(to, digest, from);
            if (mount.mounted) {
                this.session.knownBlob(to, digest, size);
                return 'mounted';
            }
            location = mount.location;
        }
        // Each attempt opens the source again: a copy whose target connection broke starts from byte 0.
        const body = { size, open: () => this.blobs.get(from, digest) };
        await this.finish(to, digest, body, location ?? (await this.start(to)));
        return 'copied';
    }
    /** Opens an upload session; returns its location (referrers open one while the index is verified). */
    async start(repo) {
        const response = await this.session.call(repo, PUSH, {
            method: 'POST',
            path: `${repo.repository}/blobs/uploads/`,
            // A lost answer leaves a session nobody uses, which the registry expires: asking again is harmless.
            repeatable: true
        });
        await this.session.expectStatus(response, [202], `start upload to ${repo.registry}/${repo.repository}`);
        await (0,transport/* drain */.Ze)(response);
        return this.location(repo, response);
    }
    /**
     * Sends the blob into the session at `location` (PATCH chunks first when chunked) and closes it with
     * the PUT ?digest=, a write never repeated blindly (it consumes the session). A session the registry
     * no longer knows (BLOB_UPLOAD_UNKNOWN: consumed by a PUT whose answer was lost, expired, another
     * replica's) is replaced by a new one and the whole blob sent again.
     */
    async finish(repo, digest, body, location) {
        const size = body instanceof Uint8Array ? body.byteLength : body.size;
        const what = `upload of ${digest} to ${repo.registry}/${repo.repository}`;
        const chunked = this.chunkSize !== undefined && size > this.chunkSize && body instanceof Uint8Array ? body : undefined;
        const fill = (url) => chunked ? this.sendChunks(repo, { digest, bytes: chunked, location: url }) : Promise.resolve(url);
        const stored = async () => (await this.blobs.headFromRegistry(repo, digest)) !== undefined;
        let url = await fill(location);
        for (let session = 1;; session++) {
            const response = await this.session.write(repo, {
                method: 'PUT',
                url: withDigest(url, digest),
                ...(chunked ? {} : { headers: { 'content-type': 'application/octet-stream' }, body })
            }, 
            // Not stored: the PUT never reached the registry, so its session is still open.
            { landed: stored, missing: `${digest.slice(0, 19)} is not stored: PUT again` });
            if (response === undefined)
                break;
            if (response.status === 201) {
                await (0,transport/* drain */.Ze)(response);
                break;
            }
            const error = await this.session.failure(response, what);
            if (!isSessionLost(error) || session >= this.session.transport.maxAttempts)
                throw error;
            if (await stored())
                break;
            await this.session.transport.pause({ method: 'PUT', url }, session, `${error.details.code ?? 'session'} unknown to the registry: new upload session`);
            url = await fill(await this.start(repo));
        }
        this.session.knownBlob(repo, digest, size);
    }
    /**
     * PATCHes `bytes` in chunks from offset 0 into the session at `location`; returns the URL to close it
     * with. A chunk whose answer was lost is not sent again blindly either, but resumed where the session
     * says it is (GET, Range); a session that cannot say (distribution refuses the pre-chunk URL once the
     * chunk landed) or is gone is replaced by a new one, from byte 0.
     */
    async sendChunks(repo, upload) {
        const { digest, bytes } = upload;
        const chunkSize = this.chunkSize ?? bytes.byteLength;
        const what = `upload of ${digest} to ${repo.registry}/${repo.repository}`;
        const max = this.session.transport.maxAttempts;
        let url = upload.location;
        let offset = 0;
        let failures = 0;
        let restarts = 0;
        const restart = async (reason) => {
            if (++restarts >= max)
                throw sessionFailed({ method: 'PATCH', url }, what, reason);
            await this.session.transport.pause({ method: 'PATCH', url }, restarts, `${reason}: new upload session`);
            url = await this.start(repo);
            offset = 0;
        };
        while (offset < bytes.byteLength) {
            const end = Math.min(bytes.byteLength, offset + chunkSize);
            let response;
            try {
                response = await this.session.call(repo, PUSH, {
                    method: 'PATCH',
                    url,
                    headers: {
                        'content-type': 'application/octet-stream',
                        'content-range': `${offset}-${end - 1}`
                    },
                    body: bytes.subarray(offset, end)
                });
            }
            catch (error) {
                if (!(0,registry_errors/* isReplyLost */.Fe)(error) || ++failures >= max)
                    throw error;
                const status = await this.status(repo, url);
                const resumed = status ? resumeOffset(status.range, offset, end) : undefined;
                if (status && resumed !== undefined) {
                    if (resumed === offset)
                        await this.session.transport.pause({ method: 'PATCH', url }, failures, `chunk answer lost and the session holds ${offset} bytes: PATCH again`);
                    url = status.url;
                    offset = resumed;
                    continue;
                }
                await restart('chunk answer lost and the session cannot say how much it holds');
                continue;
            }
            if (response.status === 202) {
                await (0,transport/* drain */.Ze)(response);
                url = this.location(repo, response);
                offset = end;
                failures = 0;
                continue;
            }
            const error = await this.session.failure(response, what);
            if (!isSessionLost(error))
                throw error;
            await restart(`${error.details.code ?? String(error.details.status)} from the registry`);
        }
        return url;
    }
    /** Where an upload session is (distribution spec: GET on the upload URL, 204 with Range), or undefined. */
    async status(repo, url) {
        const response = await this.session.call(repo, PUSH, { method: 'GET', url });
        await (0,transport/* drain */.Ze)(response);
        if (response.status !== 204)
            return undefined;
        const location = response.header('location');
        return {
            url: location ? new URL(location, this.session.apiBase(repo.registry)).toString() : url,
            range: response.header('range')
        };
    }
    location(repo, response) {
        const location = response.header('location');
        if (!location) {
            throw new registry_errors/* RegistryError */.gl('registry', `${repo.registry} started an upload without a Location header`, {
                method: response.method,
                url: (0,registry_errors/* redactUrl */.BO)(response.url),
                status: response.status,
                temporary: false
            }, { hint: 'the registry does not follow the distribution spec; report it' });
        }
        return new URL(location, this.session.apiBase(repo.registry)).toString();
    }
}
/** The registry no longer knows the upload session (or its state token no longer matches it). */
function isSessionLost(error) {
    const code = error.details.code;
    return (code === 'BLOB_UPLOAD_UNKNOWN' ||
        code === 'BLOB_UPLOAD_INVALID' ||
        (error.details.status === 404 && code === undefined) ||
        error.details.status === 416);
}
/**
 * Where to resume a chunked upload whose chunk [start, end) got no answer, from the session's Range
 * (`0-N`: bytes 0..N held): `end` when the chunk landed, `start` when it did not, undefined when the
 * session holds something else (then only a new session is safe). Distribution answers `0-0` for an
 * empty session as for a 1-byte one, so `0-0` at start 0 counts as nothing held.
 */
function resumeOffset(range, start, end) {
    const match = range ? /^(?:bytes=)?0-(\d+)$/.exec(range.trim()) : null;
    if (!match?.[1])
        return start === 0 && range === undefined ? 0 : undefined;
    const last = Number(match[1]);
    if (last === 0 && start === 0)
        return end === 1 ? undefined : 0;
    if (last + 1 === end)
        return end;
    if (last + 1 === start)
        return start;
    return undefined;
}
function sessionFailed(request, what, reason) {
    return new registry_errors/* RegistryError */.gl('registry', `${what} failed: ${reason}, and new upload sessions did not get further`, { method: request.method, url: (0,registry_errors/* redactUrl */.BO)(request.url), temporary: true }, {
        hint: 'the registry keeps losing upload sessions; retry the job, and check the registry or proxy in between'
    });
}
function withDigest(url, digest) {
    const parsed = new URL(url);
    parsed.searchParams.set('digest', digest);
    return parsed.toString();
}

;// CONCATENATED MODULE: ./src/registry/referrers.ts
/**
 * Referrers (distribution-spec v1.1 "Listing Referrers", image-spec v1.1 artifacts): storing an artifact
 * manifest whose `subject` is an image or index, and listing what refers to one. The referrers API is
 * used only where the registry proves it has one (an OCI-Subject header on the manifest PUT, or a
 * referrers GET answering with an index from the registry itself); elsewhere the tag-schema fallback
 * index `sha256-<hex>` is kept here: read, appended to, written, read back, and written again when a
 * concurrent writer's PUT dropped ours. That index is never deleted.
 */











/** The empty config of an artifact manifest (image-spec manifest.md, "Guidance for an Empty Descriptor"). */
const EMPTY_CONFIG = {
    mediaType: 'application/vnd.oci.empty.v1+json',
    digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    size: 2
};
const EMPTY_CONFIG_BYTES = Buffer.from('{}');
/** Bundles and statements are small; anything larger is not one of ours. */
const MAX_ARTIFACT_BYTES = 4 * 1024 * 1024;
/** Rounds of read, append, write, read back before giving up on a fallback index others keep rewriting. */
const FALLBACK_ROUNDS = 6;
/** Bounds of the wait before the read-back (see settleDelay). */
const MIN_SETTLE_MS = 20;
const MAX_SETTLE_MS = 2_000;
/** `sha256:abc…` → `sha256-abc…`, the referrers tag schema. */
function fallbackTag(digest) {
    const { algorithm, hex } = (0,reference_reference/* parseDigest */.m)(digest);
    return `${algorithm}-${hex}`;
}
/** The artifact manifest bytes: empty config, one layer, the subject; what is hashed is what is PUT. */
function artifactManifest(options) {
    const manifest = {
        schemaVersion: 2,
        mediaType: types/* MediaType */.zu.ociManifest,
        artifactType: options.artifactType,
        config: EMPTY_CONFIG,
        layers: [options.layer],
        ...(options.subject
            ? {
                subject: {
                    mediaType: options.subject.mediaType,
                    digest: options.subject.digest,
                    size: options.subject.size
                }
            }
            : {}),
        annotations: options.annotations
    };
    return Buffer.from(JSON.stringify(manifest), 'utf8');
}
/** The fallback index with `entry` appended, unless an entry of that digest is there already. */
function appendReferrer(current, entry) {
    const manifests = current?.manifests ?? [];
    if (manifests.some((m) => m.digest === entry.digest))
        return undefined;
    return {
        schemaVersion: 2,
        mediaType: types/* MediaType */.zu.ociIndex,
        ...(current?.annotations ? { annotations: current.annotations } : {}),
        manifests: [...manifests, entry]
    };
}
/**
 * How long to wait before reading the fallback index back: as long as our own read-to-write took, so a
 * writer that read before our write landed (and takes as long as we do from its read to its write) has
 * written by then. Without a compare-and-swap on tags (distribution has none) this is the window that
 * can be closed, not all of it.
 */
function settleDelay(readToWriteMs) {
    return Math.min(MAX_SETTLE_MS, Math.max(MIN_SETTLE_MS, readToWriteMs));
}
class Referrers {
    session;
    manifests;
    blobs;
    uploads;
    /** Registries (host) proven to have the referrers API this run. */
    withApi = new Set();
    sleep;
    constructor(session, options = {}) {
        this.session = session;
        this.manifests = new Manifests(session);
        this.blobs = new Blobs(session);
        this.uploads = new Uploads({ session, blobs: this.blobs });
        this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    }
    /**
     * What storing a referrer of `subjectDigest` needs before the artifact exists, started at once: the
     * empty config's upload, a session for the layer, the API probe (skipped where the API is proven).
     */
    prepare(repo, subjectDigest) {
        const settle = (work) => work.catch((error) => (error instanceof Error ? error : new Error(String(error))));
        return {
            config: settle(this.uploadOnce(repo, EMPTY_CONFIG.digest, EMPTY_CONFIG_BYTES)).then((r) => r instanceof Error ? r : undefined),
            session: settle(this.uploads.start(repo)),
            api: this.withApi.has(repo.registry)
                ? Promise.resolve(true)
                : this.apiAnswers(repo, subjectDigest).catch(() => false)
        };
    }
    /**
     * Stores an artifact as a referrer of `repo`'s subject: the empty config and the layer (into the session
     * `prepare` opened), then the manifest PUT by digest; then, unless the registry proved its referrers
     * API (an OCI-Subject answer, or the probe answered with an index), the fallback index — read afresh
     * when it is written, so a writer that wrote while the subject was verified is not overwritten.
     */
    async store(repo, artifact, options = {}) {
        if (artifact.bytes.byteLength > MAX_ARTIFACT_BYTES)
            throw new errors/* ActionError */.l('invalid-input', `the attestation is ${artifact.bytes.byteLength} bytes`, {
                hint: `attestations over ${MAX_ARTIFACT_BYTES} bytes are refused; this is a bug, report it`
            });
        const prepared = options.prepared ?? this.prepare(repo, artifact.subject.digest);
        const layer = {
            mediaType: artifact.artifactType,
            digest: sha256Digest(artifact.bytes),
            size: artifact.bytes.byteLength
        };
        await Promise.all([
            this.uploadLayer(repo, layer.digest, artifact.bytes, prepared),
            this.configUploaded(repo, prepared)
        ]);
        const tag = fallbackTag(artifact.subject.digest);
        // Where the API is not known, the fallback index is read while the manifest goes up (its entry needs
        // only the manifest's digest): read afresh, not while the subject was verified.
        const apiKnown = this.withApi.has(repo.registry) || (await prepared.api);
        const reading = apiKnown ? undefined : this.timedFallbackRead(repo, tag);
        reading?.catch(() => undefined);
        const put = await this.putArtifact(repo, { ...artifact, layer });
        const descriptor = {
            mediaType: types/* MediaType */.zu.ociManifest,
            digest: put.digest,
            size: put.size,
            artifactType: artifact.artifactType,
            annotations: artifact.annotations
        };
        if (put.subjectHeader === artifact.subject.digest)
            this.withApi.add(repo.registry);
        if (put.withSubject && (apiKnown || this.withApi.has(repo.registry))) {
            this.withApi.add(repo.registry);
            return { descriptor, via: 'referrers-api', withSubject: true };
        }
        const stored = {
            descriptor,
            via: 'tag-schema',
            fallbackTag: tag,
            withSubject: put.withSubject
        };
        const fallback = this.appendToFallback(repo, tag, descriptor, reading);
        if (!options.deferFallback) {
            await fallback;
            return stored;
        }
        // Observed here so an early rejection is not reported as unhandled; the caller awaits `pending`.
        fallback.catch(() => undefined);
        return { ...stored, pending: fallback };
    }
    /** The layer into the prepared session (one PUT); where opening it failed, a whole upload. */
    async uploadLayer(repo, digest, bytes, prepared) {
        const location = await prepared.session;
        if (location instanceof Error)
            return this.uploadOnce(repo, digest, bytes);
        // A session the registry lost meanwhile is replaced there (Uploads.finish).
        await this.uploads.finish(repo, digest, bytes, location);
    }
    /** The empty config as `prepare` uploaded it, or again when that failed. */
    async configUploaded(repo, prepared) {
        if ((await prepared.config) !== undefined)
            await this.uploadOnce(repo, EMPTY_CONFIG.digest, EMPTY_CONFIG_BYTES);
    }
    /**
     * The referrers of `subjectDigest` in `repo`: from the API where the registry answers it with an index,
     * else from the fallback tag; filtered by artifactType when given. Descriptors only, nothing checked yet.
     */
    async list(repo, subjectDigest, artifactTypes) {
        const api = await this.readApi(repo, subjectDigest);
        const via = api ? 'referrers-api' : 'tag-schema';
        const index = api ?? (await this.readFallback(repo, fallbackTag(subjectDigest)));
        const all = index?.manifests ?? [];
        const referrers = artifactTypes
            ? all.filter((m) => m.artifactType !== undefined && artifactTypes.includes(m.artifactType))
            : all;
        return { via, referrers };
    }
    /**
     * A referrer's manifest and its single layer, both checked against their digests; its `subject`, when
     * it has one, must be `subjectDigest`.
     */
    async fetch(repo, descriptor, subjectDigest) {
        const ref = { ...repo, digest: descriptor.digest };
        const what = (0,reference_reference/* formatReference */.FH)(ref);
        const fetched = await this.manifests.get(ref);
        if (fetched.parsed.kind !== 'manifest')
            throw notArtifact(what, 'it is an index');
        const manifest = fetched.parsed.manifest;
        if (manifest.subject && manifest.subject.digest !== subjectDigest)
            throw notArtifact(what, `its subject is ${manifest.subject.digest}, not ${subjectDigest}`);
        const [layer, ...more] = manifest.layers;
        if (!layer || more.length > 0)
            throw notArtifact(what, `it has ${manifest.layers.length} layers, not one`);
        if (layer.size > MAX_ARTIFACT_BYTES)
            throw notArtifact(what, `its layer is ${layer.size} bytes`);
        const bytes = await this.blobs.read(repo, layer.digest, MAX_ARTIFACT_BYTES);
        return { descriptor: { ...descriptor, digest: fetched.digest }, manifest, layer, bytes };
    }
    async uploadOnce(repo, digest, bytes) {
        if ((await this.blobs.head(repo, digest)) !== undefined)
            return;
        await this.uploads.upload(repo, digest, bytes);
    }
    /**
     * PUT the artifact manifest by digest, reading the registry's OCI-Subject answer. A registry that
     * refuses a subject which is an index (ECR answers 405) gets the manifest without one; the fallback
     * index then carries the link.
     */
    async putArtifact(repo, artifact) {
        const withSubject = artifactManifest({ ...artifact, subject: artifact.subject });
        const first = await this.putManifest(repo, withSubject);
        if (first.ok)
            return { ...first, withSubject: true };
        const bare = artifactManifest({
            artifactType: artifact.artifactType,
            layer: artifact.layer,
            annotations: artifact.annotations
        });
        const second = await this.putManifest(repo, bare);
        if (!second.ok)
            throw first.error;
        return { ...second, withSubject: false };
    }
    async putManifest(repo, bytes) {
        const digest = sha256Digest(bytes);
        const ref = { ...repo, digest };
        const what = `referrer ${(0,reference_reference/* formatReference */.FH)(ref)}`;
        const response = await this.session.write(repo, {
            method: 'PUT',
            path: `${repo.repository}/manifests/${digest}`,
            headers: { 'content-type': types/* MediaType */.zu.ociManifest },
            body: bytes
        }, {
            landed: async () => (await this.manifests.headFromRegistry(ref))?.digest === digest,
            missing: `${digest.slice(0, 19)} is not stored: PUT again`
        });
        const size = bytes.byteLength;
        if (response === undefined)
            return { ok: true, digest, size, subjectHeader: undefined };
        if (response.status === 201) {
            await (0,transport/* drain */.Ze)(response);
            const answered = response.header('docker-content-digest');
            if (answered && answered !== digest)
                throw new registry_errors/* RegistryError */.gl('digest-mismatch', `${what}: the registry stored it as ${answered}`, { method: 'PUT', url: response.url, status: 201, temporary: false }, { hint: 'the registry rewrote the manifest; do not trust it, report it' });
            return { ok: true, digest, size, subjectHeader: response.header('oci-subject') };
        }
        const error = await this.session.failure(response, `push ${what}`);
        if (refusesSubject(error))
            return { ok: false, error };
        throw error;
    }
    /** True when the registry answers the referrers API for `digest` with an index, from its own origin. */
    async apiAnswers(repo, digest) {
        return (await this.readApi(repo, digest)) !== undefined;
    }
    async readApi(repo, digest) {
        const what = `referrers of ${repo.registry}/${repo.repository}@${digest}`;
        const url = this.session.urlOf(repo, { path: `${repo.repository}/referrers/${digest}` });
        const response = await this.session.call(repo, PULL, { method: 'GET', url });
        // GHCR answers 404, or 303 to a rate-limited API elsewhere: only the registry's own 200 counts.
        if (response.status !== 200 || new URL(response.url).origin !== new URL(url).origin) {
            await (0,transport/* drain */.Ze)(response);
            return undefined;
        }
        if ((0,parse/* bareMediaType */.Z)(response.header('content-type')) !== types/* MediaType */.zu.ociIndex) {
            await (0,transport/* drain */.Ze)(response);
            return undefined;
        }
        const bytes = await (0,transport/* readBody */.x8)(response, MAX_ARTIFACT_BYTES, what);
        try {
            const parsed = (0,parse/* parseManifest */.N)(bytes, types/* MediaType */.zu.ociIndex, what);
            return parsed.kind === 'index' ? parsed.index : undefined;
        }
        catch {
            return undefined;
        }
    }
    async timedFallbackRead(repo, tag) {
        const startedAt = Date.now();
        return { index: await this.readFallback(repo, tag), startedAt };
    }
    /** The fallback index under `tag`, or undefined when the tag does not exist. */
    async readFallback(repo, tag) {
        const ref = { ...repo, tag };
        let fetched;
        try {
            fetched = await this.manifests.get(ref);
        }
        catch (error) {
            if (error instanceof errors/* ActionError */.l && error.kind === 'not-found')
                return undefined;
            throw error;
        }
        if (fetched.parsed.kind !== 'index' || fetched.mediaType !== types/* MediaType */.zu.ociIndex) {
            throw new errors/* ActionError */.l('conflict', `${(0,reference_reference/* formatReference */.FH)(ref)} holds a ${fetched.mediaType}, not a referrers index`, {
                hint: 'that tag belongs to the referrers tag schema; move what is there to another tag'
            });
        }
        return fetched.parsed.index;
    }
    /**
     * Read, append, write, read back — again while a concurrent writer's PUT has dropped our entry. Others'
     * entries are kept as read; nothing is ever removed.
     */
    async appendToFallback(repo, tag, entry, reading) {
        const ref = { ...repo, tag };
        let read = await (reading ?? this.timedFallbackRead(repo, tag));
        for (let round = 1; round <= FALLBACK_ROUNDS; round++) {
            const next = appendReferrer(read.index, entry);
            if (next) {
                await this.manifests.put(ref, Buffer.from(JSON.stringify(next), 'utf8'), types/* MediaType */.zu.ociIndex);
                await this.sleep(settleDelay(Date.now() - read.startedAt));
            }
            read = await this.timedFallbackRead(repo, tag);
            if (read.index?.manifests.some((m) => m.digest === entry.digest))
                return;
        }
        throw new errors/* ActionError */.l('conflict', `${(0,reference_reference/* formatReference */.FH)(ref)} kept losing the attestation ${entry.digest.slice(0, 19)} to other writers`, {
            hint: 'other jobs are writing attestations for the same digest at once; run this job again'
        });
    }
}
/** ECR: 405 for a manifest whose subject is an index; other registries: MANIFEST_INVALID naming it. */
function refusesSubject(error) {
    return error.details.status === 405 || (error.details.status === 400 && /subject/i.test(error.message));
}
function notArtifact(what, problem) {
    return new errors/* ActionError */.l('registry', `${what} is not an attestation artifact: ${problem}`, {
        hint: 'the referrer was not written by this action; it is ignored'
    });
}

;// CONCATENATED MODULE: ./src/registry/tags.ts


/** Pages followed at most: a registry whose Link never ends must not hold a run forever. */
const MAX_PAGES = 1000;
const MAX_PAGE_BYTES = 16 * 1024 * 1024;
class Tags {
    session;
    constructor(session) {
        this.session = session;
    }
    /** All tags of a repository, following Link pagination; none when the repository does not exist. */
    async list(repo, pageSize = 1000) {
        const tags = [];
        let path = `${repo.repository}/tags/list?n=${pageSize}`;
        for (let page = 0; path !== undefined && page < MAX_PAGES; page++) {
            const response = await this.session.call(repo, PULL, { method: 'GET', path });
            if (response.status === 404 && page === 0) {
                await (0,transport/* drain */.Ze)(response);
                return [];
            }
            await this.session.expectStatus(response, [200], `tags of ${repo.registry}/${repo.repository}`);
            const body = JSON.parse((await (0,transport/* readBody */.x8)(response, MAX_PAGE_BYTES, 'tag list')).toString('utf8'));
            tags.push(...(body.tags ?? []));
            path = nextPage(response.header('link'), this.session.apiBase(repo.registry));
        }
        return tags;
    }
}
/** `Link: </v2/foo/tags/list?n=2&last=b>; rel="next"` (RFC 8288) → the path relative to /v2/. */
function nextPage(link, base) {
    const match = link ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(link) : null;
    if (!match?.[1])
        return undefined;
    const url = new URL(match[1], base).toString();
    // A next page on another host or outside /v2/ is not this registry's: stop rather than follow it.
    return url.startsWith(base) ? url.slice(base.length) : undefined;
}

;// CONCATENATED MODULE: ./src/registry/client.ts









class RegistryClient {
    transport;
    auth;
    session;
    manifests;
    blobs;
    uploads;
    tags;
    /** OCI 1.1 referrers (attestations): the API where the registry proves it, else the tag-schema fallback. */
    referrers;
    constructor(options = {}) {
        this.session = new RegistrySession(options);
        this.transport = this.session.transport;
        this.auth = this.session.auth;
        this.manifests = new Manifests(this.session);
        this.blobs = new Blobs(this.session);
        this.uploads = new Uploads({ session: this.session, blobs: this.blobs, chunkSize: options.chunkSize });
        this.tags = new Tags(this.session);
        this.referrers = new Referrers(this.session);
    }
    /** Requests made so far: registry requests (token requests excluded), token requests, retries. */
    requestCounts() {
        const tokens = this.auth.tokenRequests;
        return { registry: this.transport.stats.requests - tokens, tokens, retries: this.transport.stats.retries };
    }
    /** `http(s)://HOST/v2/` for a registry: plain HTTP only for loopback or listed insecure registries. */
    apiBase(registry) {
        return this.session.apiBase(registry);
    }
    getManifest(ref) {
        return this.manifests.get(ref);
    }
    /** By tag this is always asked of the registry: one HEAD reads the tag's current digest. */
    headManifest(ref) {
        return this.manifests.head(ref);
    }
    putManifest(ref, bytes, mediaType) {
        return this.manifests.put(ref, bytes, mediaType);
    }
    headBlob(repo, digest) {
        return this.blobs.head(repo, digest);
    }
    getBlob(repo, digest) {
        return this.blobs.get(repo, digest);
    }
    readBlob(repo, digest, limit) {
        return this.blobs.read(repo, digest, limit);
    }
    uploadBlob(repo, digest, body) {
        return this.uploads.upload(repo, digest, body);
    }
    mountBlob(repo, digest, from) {
        return this.uploads.mount(repo, digest, from);
    }
    copyBlob(from, to, digest, size) {
        return this.uploads.copy(from, to, digest, size);
    }
    listTags(repo, pageSize) {
        return this.tags.list(repo, pageSize);
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/report/write.ts
/** Writes a JSON report where the action (RUNNER_TEMP) or the CLI (--report-dir) keeps them. */


/** `<dir>/<mode>-sha256-<12 hex>-<time>.json`: one file per run, named by what it describes. */
async function writeReport(dir, mode, digest, report) {
    await (0,promises_.mkdir)(dir, { recursive: true });
    const file = external_node_path_default().join(dir, `${mode}-${digest.replace(':', '-').slice(0, 19)}-${Date.now()}.json`);
    await (0,promises_.writeFile)(file, JSON.stringify(report, null, 2) + '\n');
    return file;
}

// EXTERNAL MODULE: ./src/publish/publish.ts + 5 modules
var publish = __webpack_require__(6326);
// EXTERNAL MODULE: ./src/verify/layers.ts + 2 modules
var verify_layers = __webpack_require__(5322);
;// CONCATENATED MODULE: ./src/app/adapters.ts


/** `targetLogin`: the username/password inputs, for the target registry's push alone (buildx reads a docker config). */
function buildxBuilder(log, targetLogin) {
    return {
        // buildx's code (and @actions/exec, QEMU's setup) loads with the first build: verify and merge never do.
        build: async (request) => (await __webpack_require__.e(/* import() */ 899).then(__webpack_require__.bind(__webpack_require__, 6899))).buildLegs(request, {
            stagingId: request.stagingId,
            stageAlways: request.stageAlways,
            log,
            started: request.started,
            ...(request.onPushed ? { onPushed: request.onPushed } : {}),
            ...(targetLogin ? { targetLogin } : {})
        })
    };
}
/**
 * Verification's reads of each pushed image (manifests and configs kept by the client, layer scans by
 * the scanner), once per image, timed for the timeline. The scanner keeps only what a read ahead read
 * whole and checked, so a failure is met again by the verification that counts.
 */
function layerPrefetch(source, scanner = new verify_layers/* LayerScanner */.w()) {
    const reads = new Map();
    const ahead = scanner.prefetcher();
    return {
        scans: scanner,
        start(request, image) {
            const key = 'digest' in image ? image.digest : `:${image.tag}`;
            if (reads.has(key))
                return;
            const startedAt = Date.now();
            reads.set(key, (0,publish/* readAhead */.Ek)(source, request, image, ahead).then(() => ({
                startedAt,
                durationMs: Date.now() - startedAt
            })));
        },
        settled: () => Promise.all(reads.values())
    };
}

;// CONCATENATED MODULE: ./src/app/failure.ts
const WHAT = {
    verify: 'Verification',
    merge: 'Merge',
    publish: 'Publish',
    build: 'Build',
    inspect: 'Inspect'
};
function failureSummary(command, line, refsMoved) {
    const code = (text) => '`' + text.replace(/`/g, "'") + '`';
    const consequence = command === 'verify' || command === 'inspect'
        ? 'Nothing was written to any registry.'
        : refsMoved.length > 0
            ? `These tags had moved before the failure: ${refsMoved.map(code).join(', ')}; every other tag is as it was.`
            : command === 'build'
                ? 'No tag was moved: legs that finished may have pushed their staging tags, which only a merge publishes.'
                : 'No tag was moved.';
    return `### ❌ ${command ? WHAT[command] : 'multiarch-publish'} failed\n\n${line}\n\n**${consequence}**\n`;
}

;// CONCATENATED MODULE: ./src/report/inspect.ts
/**
 * What `multiarch-publish inspect` prints, like `docker buildx imagetools inspect`: the name, media type
 * and digest, then for an index one row per entry; attestation manifests are marked as such and name
 * the image they describe, never shown as a platform. Pure formatting over fetched data.
 */

function describePlatform(platform) {
    if (!platform)
        return '(none)';
    const base = [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
    return platform['os.version'] ? `${base} (${platform['os.version']})` : base;
}
function inspectRows(manifests) {
    const platformOf = new Map(manifests.map((m) => [m.digest, describePlatform(m.platform)]));
    return manifests.map((m) => {
        const attestation = (0,types/* isAttestation */.H3)(m);
        const subject = m.annotations?.[types/* ATTESTATION_REFERENCE_DIGEST */.qq];
        return {
            platform: attestation ? '(attestation)' : describePlatform(m.platform),
            digest: m.digest,
            size: String(m.size),
            mediaType: m.mediaType,
            note: attestation && subject
                ? `for ${subject.slice(0, 19)}… ${platformOf.get(subject) ?? '(not in index)'}`
                : ''
        };
    });
}
function table(header, rows) {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells) => '  ' +
        cells
            .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
            .join('  ')
            .trimEnd();
    return [line(header), ...rows.map(line)];
}
function formatInspect(input) {
    const lines = [
        `Name:      ${input.name}`,
        `MediaType: ${input.mediaType}`,
        `Digest:    ${input.digest}`,
        `Size:      ${input.size}`
    ];
    if (input.config)
        lines.push(`Platform:  ${describePlatform(input.config)}`);
    if (input.manifests) {
        const rows = inspectRows(input.manifests);
        const images = rows.filter((r) => r.platform !== '(attestation)').length;
        lines.push('', `Manifests: ${images} image(s), ${rows.length - images} attestation(s)`);
        lines.push(...table(['PLATFORM', 'DIGEST', 'SIZE', 'MEDIA TYPE', ''], rows.map((r) => [r.platform, r.digest, r.size, r.mediaType, r.note])));
    }
    return lines.join('\n') + '\n';
}

;// CONCATENATED MODULE: ./src/report/referrers.ts
const PREDICATE_ANNOTATIONS = ['dev.sigstore.bundle.predicateType', 'in-toto.io/predicate-type'];
const CREATED = 'org.opencontainers.image.created';
function formatReferrers(via, referrers) {
    const source = via === 'referrers-api' ? 'referrers API' : 'sha256-<hex> fallback tag';
    if (referrers.length === 0)
        return `Referrers (${source}): none\n`;
    const lines = referrers.map((r) => {
        const predicate = PREDICATE_ANNOTATIONS.map((k) => r.annotations?.[k]).find((v) => v !== undefined);
        const created = r.annotations?.[CREATED];
        return [`  ${r.digest}`, r.artifactType ?? r.mediaType, predicate, created].filter(Boolean).join('  ');
    });
    return `Referrers (${source}):\n${lines.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/app/inspect.ts
/** The CLI's `inspect`: what a reference points to, as a table or as the exact bytes. Writes nothing. */








/** Terminal-only input of `inspect`: print the manifest's bytes instead of the table. */
const RAW_INPUT = 'raw';
async function runInspect(host, registryFor) {
    const name = host.input(names/* Inputs */.G.image).trim();
    if (name === '') {
        throw new errors/* ActionError */.l('invalid-input', 'inspect needs an image reference', {
            hint: 'run: multiarch-publish inspect REGISTRY/REPOSITORY:TAG'
        });
    }
    const ref = namingInput(names/* Inputs */.G.image, () => (0,reference_reference/* parseReference */.F2)(name));
    const raw = parseBoolean(RAW_INPUT, host.input(RAW_INPUT), false);
    const registry = registryFor(ref.registry);
    const manifest = await registry.getManifest(ref);
    if (raw) {
        host.print(manifest.bytes);
        return;
    }
    const common = { name, mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.length };
    if (manifest.parsed.kind === 'index') {
        host.print(formatInspect({ ...common, manifests: manifest.parsed.index.manifests }));
        await printReferrers(host, registry, {
            registry: ref.registry,
            repository: ref.repository,
            digest: manifest.digest
        });
        return;
    }
    const config = JSON.parse((await registry.readBlob(ref, manifest.parsed.manifest.config.digest)).toString('utf8'));
    host.print(formatInspect({ ...common, config }));
    await printReferrers(host, registry, {
        registry: ref.registry,
        repository: ref.repository,
        digest: manifest.digest
    });
}
/** The referrers of what the reference points to (the real client only: it has the referrers API). */
async function printReferrers(host, registry, subject) {
    if (!(registry instanceof RegistryClient))
        return;
    const repo = { registry: subject.registry, repository: subject.repository };
    const listed = await registry.referrers.list(repo, subject.digest);
    host.print(formatReferrers(listed.via, listed.referrers));
}

// EXTERNAL MODULE: ./src/attest/sign.ts
var sign = __webpack_require__(8492);
;// CONCATENATED MODULE: ./src/attest/signing.ts
/**
 * Which attestation a run writes, from the `attest` and `attest-key` inputs and what the job has: the
 * default (`auto`) signs with what there is — a key given, else the workflow's OIDC token — and
 * otherwise writes nothing and says so once. Pure.
 */

const ATTEST_MODES = ['auto', 'key', 'keyless', 'unsigned', 'false'];
const ID_TOKEN_HINT = 'add `permissions: id-token: write` to the job, or give `attest-key`';
function parseAttestMode(value) {
    const mode = value.trim() === '' ? 'auto' : value.trim().toLowerCase();
    if (ATTEST_MODES.includes(mode))
        return mode;
    throw new errors/* ActionError */.l('invalid-input', `\`attest\` is "${value}"`, {
        hint: `use one of ${ATTEST_MODES.join(', ')}`
    });
}
function chooseSigning(context) {
    const mode = parseAttestMode(context.mode);
    const key = context.key.trim();
    if (key !== '' && (mode === 'keyless' || mode === 'unsigned' || mode === 'false')) {
        throw new errors/* ActionError */.l('invalid-input', `\`attest-key\` is set but \`attest\` is ${mode}`, {
            hint: 'drop `attest-key`, or set `attest: key` (or leave `attest` at auto)'
        });
    }
    switch (mode) {
        case 'false':
            return { kind: 'none' };
        case 'unsigned':
            return { kind: 'unsigned' };
        case 'key':
            if (key === '')
                throw new errors/* ActionError */.l('invalid-input', '`attest: key` needs `attest-key`', {
                    hint: 'set `attest-key` to the path or PEM text of cosign.key (password in COSIGN_PASSWORD)'
                });
            return { kind: 'key', key };
        case 'keyless':
            if (!context.oidc)
                throw new errors/* ActionError */.l('environment', '`attest: keyless` needs an OIDC token, and this job has none (`permissions: id-token: write`)', {
                    hint: ID_TOKEN_HINT
                });
            return { kind: 'keyless' };
        case 'auto':
            if (key !== '')
                return { kind: 'key', key };
            if (context.oidc)
                return { kind: 'keyless' };
            return {
                kind: 'none',
                notice: 'No attestation written: no `attest-key` and no OIDC token — add `permissions: id-token: write` (keyless) or `attest-key`, or set `attest: false` to silence this'
            };
    }
}

;// CONCATENATED MODULE: ./src/app/attestation.ts
/**
 * The attestation's wiring at the composition root: the signing choice made from the inputs and what the
 * job has (a key, an OIDC token) before anything is written — a bad `attest` input or key fails with
 * nothing written — the bundle files next to the reports, forward-only's trusted signer, and verify mode's
 * gate (reads the attestations, no layer).
 */








/**
 * publish and merge: what this run attests with, decided before anything is written. `none` (the default
 * with neither key nor token) gives its one notice.
 */
async function prepareAttestation(host, edges) {
    const env = edges.env ?? process.env;
    const inputs = parseAttestInputs(host.input);
    maskKeyText(host, inputs.key);
    const signing = chooseSigning({ mode: inputs.mode, key: inputs.key, oidc: (0,sign/* hasOidcToken */.dn)(env) });
    if (inputs.github && signing.kind !== 'keyless')
        throw new errors/* ActionError */.l('invalid-input', `\`${names/* Inputs */.G.attestGithub}\` stores keyless attestations only`, {
            hint: `drop \`${names/* Inputs */.G.attestGithub}\`, or sign keyless (\`${names/* Inputs */.G.attest}: keyless\` with \`permissions: id-token: write\`)`
        });
    if (signing.kind === 'none') {
        if (signing.notice)
            host.log.info(signing.notice);
        return { setup: { notice: signing.notice ?? `No attestation written: \`${names/* Inputs */.G.attest}\` is false` } };
    }
    const referrers = edges.referrers;
    if (!referrers)
        throw new errors/* ActionError */.l('environment', 'this registry client cannot store attestations', {
            hint: `set \`${names/* Inputs */.G.attest}: false\``
        });
    // A key that cannot be read or decrypted fails here, before the first write.
    const forwardTrust = signing.kind === 'key'
        ? { kind: 'key', publicKeyPem: (await (0,sign/* loadSigningKey */.fm)(signing.key, env)).publicKeyPem }
        : signing.kind === 'keyless'
            ? workflowIdentity(host, env)
            : undefined;
    const token = host.input(names/* Inputs */.G.githubToken);
    const setup = {
        ports: {
            referrers,
            signing,
            sign: {
                env,
                githubStore: inputs.github,
                ...(token ? { githubToken: token } : {}),
                ...(edges.keyless ? { keyless: edges.keyless } : {})
            },
            bundles: bundleFiles(host.reportDir),
            ...(host.context.repository
                ? {
                    sourceUri: `${(host.context.serverUrl || 'https://github.com').replace(/\/+$/, '')}/${host.context.repository}`
                }
                : {})
        }
    };
    return { setup, referrers, ...(forwardTrust ? { forwardTrust } : {}) };
}
/**
 * verify mode: an attestation only when `attest` asks for one (its default there is off: verify writes
 * nothing unless asked), and only after a full verification — with `require-attestation: true` alone (the
 * gate, no layer read) there is nothing verified to attest. Decided, the key opened, before any request.
 */
async function prepareVerifyAttestation(host, edges) {
    const inputs = parseAttestInputs(host.input);
    const mode = inputs.mode.trim().toLowerCase();
    if (mode === '' || mode === 'false') {
        const stray = inputs.key.trim() !== '' ? names/* Inputs */.G.attestKey : inputs.github ? names/* Inputs */.G.attestGithub : '';
        if (stray !== '')
            throw new errors/* ActionError */.l('invalid-input', `\`${stray}\` is set but verify mode attests only when \`${names/* Inputs */.G.attest}\` asks`, {
                hint: `set \`${names/* Inputs */.G.attest}: key\` (or keyless) to attest the verified image, or drop \`${stray}\``
            });
        return undefined;
    }
    if (edges.gateOnly)
        throw new errors/* ActionError */.l('invalid-input', `\`${names/* Inputs */.G.attest}\` with \`${names/* Inputs */.G.requireAttestation}: true\`: the gate reads no layer, so nothing is verified to attest`, {
            hint: `set \`${names/* Inputs */.G.requireAttestation}: reverify\` to verify fully and attest, or drop \`${names/* Inputs */.G.attest}\``
        });
    const { setup } = await prepareAttestation(host, edges);
    if (!('ports' in setup))
        return setup;
    // The verifying workflow is not where the image was built: no source in the statement.
    const { sourceUri, ...ports } = setup.ports;
    return { ports };
}
/** forward-only's reader of attested revisions, when this run has a signer to trust. */
function forwardReader(prepared) {
    if (!prepared.forwardTrust || !prepared.referrers)
        return undefined;
    return (0,modes_attestation/* attestedRevisionReader */.D6)(prepared.referrers, prepared.forwardTrust);
}
/** Keyless: the certificate of this workflow (GITHUB_WORKFLOW_REF) from GitHub's issuer. */
function workflowIdentity(host, env) {
    const ref = env.GITHUB_WORKFLOW_REF?.trim();
    if (!ref)
        return undefined;
    const server = (host.context.serverUrl || 'https://github.com').replace(/\/+$/, '');
    return { kind: 'identity', identity: `${server}/${ref}`, issuer: GITHUB_OIDC_ISSUER };
}
/** A key given as PEM text (from a secret) is masked line by line, as the log prints it. */
function maskKeyText(host, key) {
    if (!key.includes('-----BEGIN'))
        return;
    host.secret(key);
    for (const line of key.split(/\r?\n/))
        if (line.trim() !== '' && !line.startsWith('-----'))
            host.secret(line.trim());
}
/** `<dir>/attestation-sha256-<12 hex>.json`, next to the JSON reports. */
function bundleFiles(dir) {
    return {
        async write(digest, bytes) {
            await (0,promises_.mkdir)(dir, { recursive: true });
            const file = external_node_path_default().join(dir, `attestation-${digest.replace(':', '-').slice(0, 19)}.json`);
            await (0,promises_.writeFile)(file, bytes);
            return file;
        }
    };
}
/** verify mode's requirement, its public key read (path or PEM); read before the registry is asked anything. */
async function readRequirement(host) {
    const requirement = parseAttestationRequirement(host.input);
    if (requirement.kind === 'none')
        return requirement;
    const given = requirement.trust;
    if (given.kind === 'identity')
        return {
            kind: 'required',
            reverify: requirement.reverify,
            trust: { kind: 'identity', identity: given.identity, issuer: GITHUB_OIDC_ISSUER }
        };
    return {
        kind: 'required',
        reverify: requirement.reverify,
        trust: { kind: 'key', publicKeyPem: await publicKeyText(given.publicKey) }
    };
}
async function publicKeyText(value) {
    if (value.includes('-----BEGIN PUBLIC KEY-----'))
        return value;
    try {
        const text = await (0,promises_.readFile)(value, 'utf8');
        if (text.includes('-----BEGIN PUBLIC KEY-----'))
            return text;
    }
    catch (error) {
        throw new errors/* ActionError */.l('invalid-input', `\`${names/* Inputs */.G.attestationPublicKey}\` names ${value}, which cannot be read`, {
            hint: 'give the path of cosign.pub in the workspace, or its PEM text',
            cause: error
        });
    }
    throw new errors/* ActionError */.l('invalid-input', `\`${names/* Inputs */.G.attestationPublicKey}\` is not a PEM public key`, {
        hint: 'give cosign.pub (-----BEGIN PUBLIC KEY-----), path or text'
    });
}
/** The gate over the image's digest (a tag is read once, by HEAD). */
async function gateImage(options) {
    const { image } = options;
    const digest = image.digest ?? (await options.registry.headManifest(image))?.digest;
    if (!digest)
        throw new errors/* ActionError */.l('not-found', `${image.registry}/${image.repository}:${image.tag ?? ''} does not exist`, {
            hint: `check \`${names/* Inputs */.G.image}\``
        });
    if (!options.referrers)
        throw new errors/* ActionError */.l('environment', 'this registry client cannot read attestations', {
            hint: `set \`${names/* Inputs */.G.requireAttestation}: false\``
        });
    const subject = { registry: image.registry, repository: image.repository, digest };
    const outcome = await (0,modes_attestation/* gateOnAttestation */.BV)(options.referrers, {
        subject,
        trust: options.trust,
        platforms: options.platforms
    });
    return { ...outcome, subject: digest };
}

;// CONCATENATED MODULE: ./src/app/run.ts
/**
 * The one composition root. The action and the CLI differ only in their Host: both call `run` with a
 * command, and everything else — parsing the inputs into a plan, wiring the registry with credentials
 * scoped to their registries, running the mode on its ports, printing the result, failing honestly — is
 * done here, once.
 */


















const REAL_EDGES = {
    registry: registryFor,
    builder: (host) => buildxBuilder(host.log, parseCredentialInputs(host.input).target),
    prefetch: (source) => layerPrefetch(source),
    referrers: (registry) => (registry instanceof RegistryClient ? registry.referrers : undefined),
    env: process.env
};
/** Runs a command (or the one an input names, read inside, so a bad name fails like any input). */
async function run(command, host, edges = REAL_EDGES) {
    let known;
    maskGivenCredentials(host);
    try {
        known = typeof command === 'function' ? command() : command;
        await COMMANDS[known](host, edges);
    }
    catch (error) {
        await failWith(known, host, error);
    }
}
const COMMANDS = {
    verify: run_verify,
    merge: run_merge,
    publish: run_publish,
    build,
    inspect: (host, edges) => runInspect(host, (registry) => edges.registry(host, registry))
};
/**
 * Every password the inputs hold is masked before anything runs, whatever the mode does with it: build
 * mode sends none itself (buildx pushes with the docker config), yet its log must not show one either. A
 * malformed `registry-auth` is reported by the mode that reads it; its well-formed lines are masked here.
 */
function maskGivenCredentials(host) {
    const password = host.input(names/* Inputs */.G.password);
    if (password !== '')
        host.secret(password);
    for (const line of host.input(names/* Inputs */.G.registryAuth).split(/\r?\n/)) {
        try {
            for (const login of parseRegistryAuth(line))
                host.secret(login.password);
        }
        catch {
            // Not a credential line this run can use: the mode that reads `registry-auth` names it.
        }
    }
}
/** The registry client, every credential scoped to the registry it was given for (README: credentials). */
function registryFor(host, targetRegistry) {
    const given = parseCredentialInputs(host.input);
    const onSecret = (secret) => {
        host.secret(secret);
    };
    // The passwords themselves were masked before the command ran (maskGivenCredentials); tokens are masked
    // as the client receives them.
    return new RegistryClient({
        credentials: (0,credentials/* scopedCredentials */.Bq)({
            targetRegistry,
            ...(given.target ? { target: given.target } : {}),
            logins: given.logins,
            onSecret
        }),
        onSecret,
        insecureRegistries: host.insecureRegistries,
        transport: {
            onRetry: (info) => {
                host.log.info(`retrying ${info.method} ${info.url} in ${info.delayMs} ms (attempt ${info.attempt}: ${info.reason})`);
            }
        }
    });
}
function reportsOf(host) {
    return { write: (mode, digest, report) => writeReport(host.reportDir, mode, digest, report) };
}
async function run_verify(host, edges) {
    const plan = parseVerifyInputs(host.input);
    const requirement = await readRequirement(host);
    const registry = edges.registry(host, plan.image.registry);
    const attestation = await prepareVerifyAttestation(host, {
        gateOnly: requirement.kind === 'required' && !requirement.reverify,
        ...(edges.referrers ? { referrers: edges.referrers(registry) } : {}),
        env: edges.env ?? {}
    });
    if (requirement.kind === 'required') {
        const passed = await gate(host, { edges, registry, plan, trust: requirement.trust });
        if (!passed || !requirement.reverify)
            return;
    }
    const { result, report, reportPath, summary, attestation: written } = await runVerifyMode(plan, {
        registry,
        reports: reportsOf(host),
        ...(attestation ? { attestation } : {})
    });
    await host.writeSummary(summary);
    if (written) {
        host.setOutput(names/* Outputs */.t.attestation, written.digest);
        host.setOutput(names/* Outputs */.t.attestationBundle, written.bundlePath);
    }
    host.setOutput(names/* Outputs */.t.report, reportPath);
    host.setOutput(names/* Outputs */.t.summary, summary);
    host.setOutput(names/* Outputs */.t.verified, String(result.ok));
    if (!result.ok) {
        failWithProblems(host, result, '');
        return;
    }
    host.setOutput(names/* Outputs */.t.digest, result.digest);
    host.setOutput(names/* Outputs */.t.platforms, JSON.stringify(result.platforms));
    const requests = report.requests;
    // A terminal has the summary on stdout already; the action's log gets one line to find.
    if (host.summaryApart)
        host.log.info(`verified ${result.reference} (${result.digest}) in ${report.durationMs} ms: ${requests?.registry ?? 0} registry requests, ${requests?.tokens ?? 0} token requests`);
}
/**
 * verify mode's gate: an attestation of the image's digest, signed as trusted, PASSED, covering the
 * platforms — read without a layer. Fails in one line naming the reason; true when it passed.
 */
async function gate(host, options) {
    const { registry, plan } = options;
    const outcome = await gateImage({
        registry,
        referrers: options.edges.referrers?.(registry),
        image: plan.image,
        platforms: plan.platforms,
        trust: options.trust
    });
    const name = `${plan.image.registry}/${plan.image.repository}@${outcome.subject}`;
    if (!outcome.ok) {
        await host.writeSummary(`- Attestation gate of ${name}: **failed** (${outcome.reason})\n`);
        host.setOutput(names/* Outputs */.t.verified, 'false');
        host.fail({ line: outcome.line, more: [], exitCode: 1 });
        return false;
    }
    const unchecked = outcome.notChecked.length > 0 ? ` (not checked offline: ${outcome.notChecked.join('; ')})` : '';
    const line = `- Attestation gate of ${name}: passed — attestation \`${outcome.digest}\` (${outcome.via})${unchecked}`;
    await host.writeSummary(line + '\n');
    host.setOutput(names/* Outputs */.t.verified, 'true');
    host.setOutput(names/* Outputs */.t.digest, outcome.subject);
    host.setOutput(names/* Outputs */.t.attestation, outcome.digest);
    if (host.summaryApart)
        host.log.info(line.slice(2));
    return true;
}
/** Tags only move forward: this run's commit (GITHUB_SHA) against each tag's, by git history or the API. */
function forwardPolicy(host, attested) {
    const onOlder = parseOnOlder(host.input);
    const token = host.input(names/* Inputs */.G.githubToken);
    if (token)
        host.secret(token);
    return {
        revision: host.context.sha || undefined,
        onOlder,
        ancestry: createAncestryLookup({
            workspace: host.context.workspace,
            repository: host.context.repository,
            token
        }),
        ...(attested ? { attestedRevision: attested } : {})
    };
}
/**
 * What merge and publish share: the target's registry, reports, the workflow, the forward-only policy,
 * the attestation (chosen here, before anything is written).
 */
async function publishingPorts(host, edges, targetRegistry) {
    const registry = edges.registry(host, targetRegistry);
    const attestation = await prepareAttestation(host, {
        ...(edges.referrers ? { referrers: edges.referrers(registry) } : {}),
        env: edges.env ?? {}
    });
    return {
        registry,
        reports: reportsOf(host),
        context: host.context,
        forward: forwardPolicy(host, forwardReader(attestation)),
        attestation: attestation.setup
    };
}
async function run_merge(host, edges) {
    const plan = parseMergeInputs(host.input);
    const merged = await (0,merge/* runMergeMode */.p)(plan, await publishingPorts(host, edges, plan.target.registry));
    await presentMerge(host, merged, plan.tags);
}
async function run_publish(host, edges) {
    const plan = parsePublishInputs(host.input);
    const ports = await publishingPorts(host, edges, plan.target.registry);
    // The build modes' code loads only when one runs: verify and merge start without it.
    const { runPublishMode } = await __webpack_require__.e(/* import() */ 571).then(__webpack_require__.bind(__webpack_require__, 8571));
    const result = await runPublishMode(plan, {
        ...ports,
        stagingId: (0,staging/* stagingIdOf */.Ek)(plan.stagingId, host.context.runId, { outsideWorkflow: 'local' }),
        builder: edges.builder(host),
        prefetch: edges.prefetch(ports.registry)
    });
    host.setOutput(names/* Outputs */.t.metadata, JSON.stringify(result.metadata));
    await presentMerge(host, result, plan.tags);
}
async function build(host, edges) {
    const plan = parseBuildModeInputs(host.input);
    const { runBuildMode } = await __webpack_require__.e(/* import() */ 80).then(__webpack_require__.bind(__webpack_require__, 4080));
    const result = await runBuildMode(plan, {
        stagingId: (0,staging/* stagingIdOf */.Ek)(plan.stagingId, host.context.runId),
        reports: reportsOf(host),
        builder: edges.builder(host),
        context: host.context
    });
    await host.writeSummary(result.summary);
    host.setOutput(names/* Outputs */.t.digest, Object.values(result.platforms)[0] ?? '');
    host.setOutput(names/* Outputs */.t.platforms, JSON.stringify(result.platforms));
    host.setOutput(names/* Outputs */.t.refs, JSON.stringify(result.refs));
    host.setOutput(names/* Outputs */.t.metadata, JSON.stringify(result.metadata));
    host.setOutput(names/* Outputs */.t.report, result.reportPath);
    host.setOutput(names/* Outputs */.t.summary, result.summary);
    // A leg is checked by the merge that publishes it, not here.
    host.setOutput(names/* Outputs */.t.verified, 'false');
}
/** Outputs, summary and verdict of a merge (also the end of publish). */
async function presentMerge(host, merged, tags) {
    const { outcome, report, reportPath, summary, ok } = merged;
    await host.writeSummary(summary);
    host.setOutput(names/* Outputs */.t.report, reportPath);
    host.setOutput(names/* Outputs */.t.summary, summary);
    host.setOutput(names/* Outputs */.t.verified, String(!outcome.dryRun && ok));
    if (outcome.attestation) {
        host.setOutput(names/* Outputs */.t.attestation, outcome.attestation.digest);
        host.setOutput(names/* Outputs */.t.attestationBundle, outcome.attestation.bundlePath);
    }
    if (outcome.dryRun) {
        host.log.info(`dry run: would push this index as ${tags.join(', ')}:\n${outcome.assembled.bytes.toString('utf8')}`);
        host.setOutput(names/* Outputs */.t.digest, outcome.assembled.digest);
        return;
    }
    if (outcome.refused) {
        const moved = outcome.refs.length > 0 ? ` (moved before the refusal: ${outcome.refs.join(', ')})` : '';
        host.fail({ line: `${outcome.refused.oneLine()}${moved}`, more: [], exitCode: 1 });
        return;
    }
    if (!ok) {
        if (outcome.verification)
            failWithProblems(host, outcome.verification.result, ' — no tag was moved');
        return;
    }
    for (const warning of outcome.tagging?.warnings ?? [])
        host.log.warning(warning);
    host.setOutput(names/* Outputs */.t.digest, outcome.assembled.digest);
    host.setOutput(names/* Outputs */.t.platforms, JSON.stringify(outcome.verification?.result.platforms ?? {}));
    host.setOutput(names/* Outputs */.t.refs, JSON.stringify(outcome.refs));
    host.setOutput(names/* Outputs */.t.repositories, JSON.stringify(repositoryDigests(outcome)));
    if (host.summaryApart)
        host.log.info(`published ${outcome.refs.join(', ')} in ${report.durationMs} ms: ${report.requests.registry} registry requests, ${report.requests.tokens} token requests`);
}
/** The `repositories` output: each repository published to → the index digest there. */
function repositoryDigests(outcome) {
    return Object.fromEntries(outcome.repositories.map((r) => [r.repository, r.digest]));
}
/** The first problem is the error line; the others follow as lines (annotations in the action) of their own. */
function failWithProblems(host, result, suffix) {
    const [first, ...rest] = result.problems;
    const more = rest.length > 0 ? ` (and ${rest.length} more problem(s), listed below and in the step summary)` : '';
    host.fail({ line: `${first ?? 'verification failed'}${more}${suffix}`, more: rest, exitCode: 1 });
}
/** Any error: one line naming what failed and what to do, a summary saying so and that no tag moved. */
async function failWith(command, host, error) {
    const line = (0,errors/* isActionError */.B)(error)
        ? error.oneLine()
        : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
    if (error instanceof Error)
        host.log.debug(error.stack ?? error.message);
    if ((0,errors/* isActionError */.B)(error) && error.cause !== undefined)
        host.log.debug(run_describe(error.cause));
    host.setOutput(names/* Outputs */.t.verified, 'false');
    // The step summary is where a workflow's reader looks; a terminal has the error line itself.
    if (host.summaryApart) {
        try {
            await host.writeSummary(failureSummary(command, line, refsMovedOf(error)));
        }
        catch (summaryError) {
            host.log.warning(`could not write the step summary: ${run_describe(summaryError)}`);
        }
    }
    const exitCode = (0,errors/* isActionError */.B)(error) && error.kind === 'invalid-input' ? 2 : 1;
    host.fail({ line, more: [], exitCode });
}
function refsMovedOf(error) {
    return error instanceof errors/* ActionError */.l ? error.refsMoved : [];
}
function run_describe(cause) {
    if (cause instanceof Error)
        return cause.stack ?? cause.message;
    return typeof cause === 'string' ? cause : JSON.stringify(cause);
}


/***/ }),

/***/ 8149:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bo: () => (/* binding */ readBundle),
/* harmony export */   KG: () => (/* binding */ keyBundle),
/* harmony export */   NV: () => (/* binding */ BUNDLE_MEDIA_TYPE)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/**
 * Sigstore bundles v0.3 (sigstore/protobuf-specs, bundle.proto) holding a DSSE envelope: the one a key
 * signature goes in, and reading any bundle back (key or Fulcio certificate). Pure.
 */

const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
/**
 * A bundle for a key signature. `hint` and the signature's `keyid` stay empty: sigstore-go skips a
 * signature whose keyid is not the key's own fingerprint, and an empty one matches any key it is given.
 */
function keyBundle(dsse) {
    return {
        mediaType: BUNDLE_MEDIA_TYPE,
        verificationMaterial: { publicKey: { hint: '' }, tlogEntries: [] },
        dsseEnvelope: dsse
    };
}
/** Parses bundle bytes into the envelope and what signed it; throws on anything else. */
function readBundle(bytes, what) {
    let json;
    try {
        json = JSON.parse(Buffer.from(bytes).toString('utf8'));
    }
    catch {
        throw invalid(what, 'not JSON');
    }
    const b = json;
    if (typeof b !== 'object' || b === null)
        throw invalid(what, 'not an object');
    if (typeof b.mediaType !== 'string' || !b.mediaType.startsWith('application/vnd.dev.sigstore.bundle'))
        throw invalid(what, 'no Sigstore bundle media type');
    const env = b.dsseEnvelope;
    if (!env ||
        typeof env.payload !== 'string' ||
        typeof env.payloadType !== 'string' ||
        !Array.isArray(env.signatures) ||
        !env.signatures.every((s) => typeof s.sig === 'string'))
        throw invalid(what, 'no DSSE envelope');
    const material = b.verificationMaterial;
    let signer;
    if (material && 'publicKey' in material)
        signer = { kind: 'key' };
    else if (material &&
        typeof material.certificate?.rawBytes === 'string')
        signer = {
            kind: 'certificate',
            der: Buffer.from(material.certificate.rawBytes, 'base64')
        };
    else if (material &&
        Array.isArray(material.x509CertificateChain?.certificates)) {
        const first = material.x509CertificateChain
            .certificates[0];
        if (typeof first?.rawBytes !== 'string')
            throw invalid(what, 'an empty certificate chain');
        signer = { kind: 'certificate', der: Buffer.from(first.rawBytes, 'base64') };
    }
    else
        throw invalid(what, 'no verification material');
    return { bundle: b, signer, payload: Buffer.from(env.payload, 'base64') };
}
function invalid(what, problem) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .l('registry', `${what} is not a Sigstore bundle: ${problem}`, {
        hint: 'the referrer was not written by this action or cosign; ignore or remove it'
    });
}


/***/ }),

/***/ 2472:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JC: () => (/* binding */ preAuthEncoding),
/* harmony export */   RE: () => (/* binding */ envelope),
/* harmony export */   T4: () => (/* binding */ IN_TOTO_PAYLOAD_TYPE)
/* harmony export */ });
/**
 * DSSE (github.com/secure-systems-lab/dsse, protocol.md): what is signed is the pre-authentication encoding
 * of the payload type and body, never the body alone. Pure.
 */
const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
/** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body; LEN in bytes, ASCII decimal. */
function preAuthEncoding(payloadType, body) {
    const type = Buffer.from(payloadType, 'utf8');
    return Buffer.concat([
        Buffer.from(`DSSEv1 ${type.byteLength} `, 'utf8'),
        type,
        Buffer.from(` ${body.byteLength} `, 'utf8'),
        body
    ]);
}
/** An envelope over `body` with one signature; keyid stays empty (see bundle.ts). */
function envelope(payloadType, body, signature) {
    return {
        payload: Buffer.from(body).toString('base64'),
        payloadType,
        signatures: [{ sig: Buffer.from(signature).toString('base64'), keyid: '' }]
    };
}


/***/ }),

/***/ 2001:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ee: () => (/* binding */ verifyMessage),
/* harmony export */   UG: () => (/* binding */ parseSigningKey),
/* harmony export */   lT: () => (/* binding */ signMessage)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _noble_ciphers_salsa_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6382);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/**
 * cosign's key files: a PEM PKCS#8 (or SEC1) EC P-256 private key, or cosign's encrypted one
 * ("ENCRYPTED SIGSTORE PRIVATE KEY" / "ENCRYPTED COSIGN PRIVATE KEY": JSON of scrypt parameters and a
 * NaCl secretbox over the PKCS#8 DER, as go-securesystemslib's encrypted package writes it). Signs with
 * ECDSA P-256 / SHA-256 (ASN.1 DER signatures), what `cosign verify --key` checks. No I/O: the caller
 * reads the file and the password.
 */



const ENCRYPTED_TYPES = ['ENCRYPTED SIGSTORE PRIVATE KEY', 'ENCRYPTED COSIGN PRIVATE KEY'];
/** The scrypt parameters go-securesystemslib accepts (legacy, standard, OWASP); anything else is refused. */
const SCRYPT_PARAMS = [32768, 65536, 131072].map((N) => ({ N, r: 8, p: 1 }));
const INPUT = 'attest-key';
function pemBlock(text) {
    const match = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
    if (!match?.[1] || match[2] === undefined)
        return undefined;
    return { type: match[1], body: Buffer.from(match[2].replace(/\s+/g, ''), 'base64') };
}
/** Parses a cosign private key; an encrypted one needs `password` (COSIGN_PASSWORD; cosign allows an empty one). */
async function parseSigningKey(text, password) {
    const block = pemBlock(text);
    if (!block)
        throw badKey('is not a PEM private key', 'give a cosign.key file or a PEM PKCS#8 EC P-256 key');
    let privateKey;
    if (ENCRYPTED_TYPES.includes(block.type)) {
        if (password === undefined)
            throw badKey('is encrypted and COSIGN_PASSWORD is not set', 'set COSIGN_PASSWORD in the step env from a secret');
        privateKey = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)({
            key: await decryptCosignKey(block.body, password),
            format: 'der',
            type: 'pkcs8'
        });
    }
    else if (block.type === 'PRIVATE KEY' || block.type === 'EC PRIVATE KEY') {
        try {
            privateKey = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)(text);
        }
        catch (error) {
            throw badKey(`cannot be read (${error.message})`, 'give a PEM PKCS#8 EC P-256 key', error);
        }
    }
    else {
        throw badKey(`is a PEM "${block.type}"`, 'give a private key: cosign.key or a PEM PKCS#8 EC P-256 key');
    }
    const curve = privateKey.asymmetricKeyDetails?.namedCurve;
    if (privateKey.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
        throw badKey(`is ${privateKey.asymmetricKeyType ?? 'unknown'}${curve ? ` ${curve}` : ''}, not EC P-256`, 'generate one with `cosign generate-key-pair` (ECDSA P-256)');
    }
    const publicKeyPem = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(privateKey).export({ type: 'spki', format: 'pem' }).toString();
    return { privateKey, publicKeyPem };
}
function isEncryptedKey(value) {
    const v = value;
    return (typeof v === 'object' &&
        v !== null &&
        typeof v.ciphertext === 'string' &&
        typeof v.kdf?.salt === 'string' &&
        typeof v.kdf.params === 'object' &&
        typeof v.cipher?.nonce === 'string');
}
async function decryptCosignKey(body, password) {
    let data;
    try {
        data = JSON.parse(body.toString('utf8'));
    }
    catch {
        data = undefined;
    }
    if (!isEncryptedKey(data))
        throw badKey('is not a cosign encrypted key', 'give the cosign.key file as written');
    if (data.kdf.name !== 'scrypt' || data.cipher.name !== 'nacl/secretbox')
        throw badKey(`uses ${data.kdf.name} and ${data.cipher.name}`, 'cosign keys use scrypt and nacl/secretbox');
    const { N, r, p } = data.kdf.params;
    if (!SCRYPT_PARAMS.some((known) => known.N === N && known.r === r && known.p === p))
        throw badKey(`has unsupported scrypt parameters N=${N} r=${r} p=${p}`, 'write the key again with cosign');
    const key = await new Promise((resolve, reject) => {
        (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.scrypt)(password, Buffer.from(data.kdf.salt, 'base64'), 32, { N, r, p, maxmem: 256 * N * r }, (error, derived) => {
            if (error)
                reject(error);
            else
                resolve(derived);
        });
    });
    try {
        return Buffer.from((0,_noble_ciphers_salsa_js__WEBPACK_IMPORTED_MODULE_2__/* .secretbox */ .EY)(key, Buffer.from(data.cipher.nonce, 'base64')).open(Buffer.from(data.ciphertext, 'base64')));
    }
    catch (error) {
        throw badKey('cannot be decrypted with COSIGN_PASSWORD', 'set COSIGN_PASSWORD to the password the key was made with', error);
    }
}
/** ECDSA P-256 / SHA-256 over `message`, DER-encoded (what cosign and sigstore-go verify). */
function signMessage(key, message) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)('sha256', message, key.privateKey);
}
/** Checks an ECDSA / SHA-256 DER signature with a public key (PEM SPKI or KeyObject). */
function verifyMessage(publicKey, message, signature) {
    try {
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)('sha256', message, publicKey, signature);
    }
    catch {
        return false;
    }
}
function badKey(problem, hint, cause) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .l('invalid-input', `\`${INPUT}\` ${problem}`, { hint, ...(cause ? { cause } : {}) });
}


/***/ }),

/***/ 8492:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dn: () => (/* binding */ hasOidcToken),
/* harmony export */   fT: () => (/* binding */ signStatement),
/* harmony export */   fm: () => (/* binding */ loadSigningKey)
/* harmony export */ });
/* unused harmony exports signWithKey, unsignedAttestation */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _bundle_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8149);
/* harmony import */ var _dsse_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2472);
/* harmony import */ var _keys_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2001);
/**
 * Signing a statement into what is stored beside the index: a Sigstore bundle (key: DSSE signed here;
 * keyless: @actions/attest with the workflow's OIDC token, Fulcio certificate, transparency log) or the
 * bare statement. The edge of attest/: reads the key file and COSIGN_PASSWORD, calls Sigstore.
 */






/** True when the job may ask GitHub for an OIDC token (`permissions: id-token: write`). */
function hasOidcToken(env = process.env) {
    return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}
/**
 * Keys this process opened, by what opened them (a hash of `attest-key` and the password): the run
 * opens its key when the inputs are checked, before anything is written, and signs with that same key
 * at the end instead of running scrypt (about a second for a cosign key) again after verification.
 */
const opened = new Map();
/** `attest-key` as given: PEM text, or a path to read. Opened once per process; a failure is not kept. */
function loadSigningKey(value, env = process.env) {
    const password = env.COSIGN_PASSWORD;
    const id = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256')
        .update(JSON.stringify([value, password ?? null]))
        .digest('hex');
    const known = opened.get(id);
    if (known)
        return known;
    const opening = openSigningKey(value, password);
    opened.set(id, opening);
    opening.catch(() => opened.delete(id));
    return opening;
}
async function openSigningKey(value, password) {
    let text = value;
    if (!value.includes('-----BEGIN')) {
        try {
            text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(value, 'utf8');
        }
        catch (error) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .l('invalid-input', `\`attest-key\` names ${value}, which cannot be read`, {
                hint: 'give the path of cosign.key in the workspace, or its PEM text from a secret',
                cause: error
            });
        }
    }
    return (0,_keys_js__WEBPACK_IMPORTED_MODULE_4__/* .parseSigningKey */ .UG)(text, password);
}
/** DSSE over the statement's exact JSON bytes, signed with the key, in a bundle v0.3. */
function signWithKey(statement, key) {
    const body = Buffer.from(JSON.stringify(statement), 'utf8');
    const signature = (0,_keys_js__WEBPACK_IMPORTED_MODULE_4__/* .signMessage */ .lT)(key, (0,_dsse_js__WEBPACK_IMPORTED_MODULE_5__/* .preAuthEncoding */ .JC)(_dsse_js__WEBPACK_IMPORTED_MODULE_5__/* .IN_TOTO_PAYLOAD_TYPE */ .T4, body));
    const bundle = (0,_bundle_js__WEBPACK_IMPORTED_MODULE_3__/* .keyBundle */ .KG)((0,_dsse_js__WEBPACK_IMPORTED_MODULE_5__/* .envelope */ .RE)(_dsse_js__WEBPACK_IMPORTED_MODULE_5__/* .IN_TOTO_PAYLOAD_TYPE */ .T4, body, signature));
    return { mediaType: _bundle_js__WEBPACK_IMPORTED_MODULE_3__/* .BUNDLE_MEDIA_TYPE */ .NV, bytes: Buffer.from(JSON.stringify(bundle), 'utf8'), signedBy: 'key' };
}
function unsignedAttestation(statement) {
    return {
        mediaType: _dsse_js__WEBPACK_IMPORTED_MODULE_5__/* .IN_TOTO_PAYLOAD_TYPE */ .T4,
        bytes: Buffer.from(JSON.stringify(statement), 'utf8'),
        signedBy: 'unsigned'
    };
}
/** Signs as chosen; undefined for `none`. */
async function signStatement(statement, choice, options = {}) {
    const env = options.env ?? process.env;
    switch (choice.kind) {
        case 'none':
            return undefined;
        case 'unsigned':
            return unsignedAttestation(statement);
        case 'key':
            return signWithKey(statement, await loadSigningKey(choice.key, env));
        case 'keyless':
            return signKeyless(statement, env, options);
    }
}
async function signKeyless(statement, env, options) {
    if (!hasOidcToken(env))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .l('environment', 'keyless attestation needs an OIDC token, and this job has none (`permissions: id-token: write`)', {
            hint: 'add `permissions: id-token: write` to the job, or give `attest-key`'
        });
    const store = options.githubStore === true;
    if (store && !options.githubToken)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .l('invalid-input', 'storing the attestation in GitHub needs a token', {
            hint: 'set `github-token` (with `permissions: attestations: write`)'
        });
    const keyless = options.keyless ?? (await Promise.all(/* import() */[__webpack_require__.e(758), __webpack_require__.e(260), __webpack_require__.e(672)]).then(__webpack_require__.bind(__webpack_require__, 8672))).attest;
    try {
        // @actions/attest makes the same Statement v1 from subject, type and predicate, and signs its JSON.
        const result = await keyless({
            subjects: statement.subject,
            predicateType: statement.predicateType,
            predicate: statement.predicate,
            token: options.githubToken ?? '',
            skipWrite: !store
        });
        return {
            mediaType: _bundle_js__WEBPACK_IMPORTED_MODULE_3__/* .BUNDLE_MEDIA_TYPE */ .NV,
            bytes: Buffer.from(JSON.stringify(result.bundle), 'utf8'),
            signedBy: 'keyless',
            ...(result.attestationID ? { githubAttestationId: result.attestationID } : {})
        };
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .l('environment', `keyless signing failed: ${error.message.split('\n')[0] ?? ''}`, {
            hint: 'check that the job has `permissions: id-token: write` (and `attestations: write` to store in GitHub); or give `attest-key`',
            cause: error
        });
    }
}


/***/ }),

/***/ 8162:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ indexAnnotationText),
/* harmony export */   s: () => (/* binding */ imageAnnotations)
/* harmony export */ });
/**
 * The `annotations` input split by level, as build-push-action and docker/metadata-action write it
 * (`manifest:key=value`, `index:key=value`, `manifest,index:key=value`, `manifest[linux/arm64]:key=value`):
 * `manifest` lines go to the images the build pushes, everything else stays for the index, which
 * index/annotations.ts parses. A line without a level is an index annotation (this action's documented
 * meaning of the input). Pure: no I/O.
 */
const LEVELS = new Set(['manifest', 'index', 'manifest-descriptor', 'index-descriptor']);
/** One level token: a lower-case word, optionally with a `[platform,…]` filter. */
const TOKEN = /^([a-z-]+)(\[[^\]]*\])?$/;
/** The images' annotations, in buildx's form (`manifest:key=value`, platform filters kept). */
function imageAnnotations(raw) {
    return lines(raw).flatMap((line) => {
        const { levels, body } = splitLevels(line);
        const manifest = levels?.filter((l) => levelName(l) === 'manifest') ?? [];
        return manifest.length === 0 ? [] : [`${manifest.join(',')}:${body}`];
    });
}
/**
 * The input without what went to the images: `manifest`-only lines dropped, mixed lines keep their other
 * levels. Line numbers shift; the index parser names lines of this text.
 */
function indexAnnotationText(raw) {
    return raw
        .split('\n')
        .flatMap((line) => {
        const trimmed = line.replace(/\r$/, '');
        const { levels, body } = splitLevels(trimmed);
        if (levels === undefined)
            return [line];
        const rest = levels.filter((l) => levelName(l) !== 'manifest');
        if (rest.length === levels.length)
            return [line];
        return rest.length === 0 ? [] : [`${rest.join(',')}:${body}`];
    })
        .join('\n');
}
function lines(raw) {
    return raw
        .split('\n')
        .map((line) => line.replace(/\r$/, ''))
        .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
}
/** `a,b:key=value` → levels and body, when every token before the first ':' is a known level. */
function splitLevels(line) {
    const colon = line.indexOf(':');
    const eq = line.indexOf('=');
    if (colon <= 0 || (eq >= 0 && eq < colon))
        return { levels: undefined, body: line };
    const tokens = splitTokens(line.slice(0, colon));
    if (!tokens.every((t) => TOKEN.test(t) && LEVELS.has(levelName(t))))
        return { levels: undefined, body: line };
    return { levels: tokens, body: line.slice(colon + 1) };
}
/** Commas inside `[…]` belong to the platform filter. */
function splitTokens(prefix) {
    const tokens = [];
    let depth = 0;
    let current = '';
    for (const ch of prefix) {
        if (ch === '[')
            depth++;
        if (ch === ']')
            depth--;
        if (ch === ',' && depth === 0) {
            tokens.push(current.trim());
            current = '';
        }
        else
            current += ch;
    }
    tokens.push(current.trim());
    return tokens;
}
function levelName(token) {
    return TOKEN.exec(token)?.[1] ?? token;
}


/***/ }),

/***/ 2684:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Br: () => (/* binding */ quoteCsvField),
/* harmony export */   eJ: () => (/* binding */ csvAttributes),
/* harmony export */   uC: () => (/* binding */ splitCsvFields)
/* harmony export */ });
/**
 * One line of comma-separated fields by encoding/csv's rules, which buildx uses for cache, secret and
 * output specs: a field that starts with `"` is quoted, `""` inside it is one quote. Undefined when a
 * quoted field is not closed or is followed by anything but a comma.
 */
function splitCsvFields(line) {
    const fields = [];
    let at = 0;
    for (;;) {
        const field = line.startsWith('"', at) ? readQuoted(line, at) : readBare(line, at);
        if (!field)
            return undefined;
        fields.push(field.field);
        if (field.end >= line.length)
            return fields;
        at = field.end + 1;
    }
}
function readBare(line, start) {
    const comma = line.indexOf(',', start);
    const end = comma < 0 ? line.length : comma;
    const raw = line.slice(start, end);
    return { field: { raw, value: raw }, end };
}
function readQuoted(line, start) {
    let value = '';
    let at = start + 1;
    while (at < line.length) {
        const quote = line.indexOf('"', at);
        if (quote < 0)
            return undefined;
        value += line.slice(at, quote);
        if (line[quote + 1] === '"') {
            value += '"';
            at = quote + 2;
            continue;
        }
        const end = quote + 1;
        if (end < line.length && line[end] !== ',')
            return undefined;
        return { field: { raw: line.slice(start, end), value }, end };
    }
    return undefined;
}
/** encoding/csv Writer's rule: quote a field holding a comma, a quote or a line break, or starting with a space. */
function quoteCsvField(value) {
    return /[",\r\n]|^\s/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
/**
 * A `key=value,…` spec (cache, attest, secret, output) as buildx reads it: keys lower-cased, values as
 * written; a field without `=` is a key with an empty value. Undefined when the line does not parse.
 */
function csvAttributes(line) {
    const fields = splitCsvFields(line);
    if (!fields)
        return undefined;
    return new Map(fields.map(({ value }) => {
        const eq = value.indexOf('=');
        return eq < 0
            ? [value.trim().toLowerCase(), '']
            : [value.slice(0, eq).trim().toLowerCase(), value.slice(eq + 1)];
    }));
}


/***/ }),

/***/ 1889:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DN: () => (/* binding */ platformSlug),
/* harmony export */   Ek: () => (/* binding */ stagingIdOf),
/* harmony export */   lp: () => (/* binding */ stagingRef),
/* harmony export */   p9: () => (/* binding */ archTag)
/* harmony export */ });
/* unused harmony exports DEFAULT_STAGING_PREFIX, stagingTag */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _reference_reference_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1644);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6455);
/**
 * Tag names the build step derives: the staging tag a matrix leg pushes under (for merge to find) and the
 * per-architecture tags of `arch-tags`. Every name fits the tag grammar of distribution/reference
 * (`[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`) by construction. Pure: no I/O.
 */




const DEFAULT_STAGING_PREFIX = 'mp-staging';
const STAGING_PREFIX_INPUT = 'staging-prefix';
const MAX_TAG_LENGTH = 128;
/** A slug longer than this is shortened too, so a clipped tag always keeps a readable head. */
const MAX_SLUG_LENGTH = 64;
const SHORT_HASH_LENGTH = 8;
const TAG_GRAMMAR = 'letters, digits, "_", "." and "-", starting with a letter, digit or "_", at most 128 characters';
/**
 * `<prefix>-<runId>-<8 hex of sha256(image)>-<platform slug>`. The image hash keeps two repositories
 * staged by the same run apart without putting a long name in the tag.
 */
function stagingTag(options) {
    const prefix = options.prefix ?? DEFAULT_STAGING_PREFIX;
    if (!(0,_reference_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .isValidTag */ .r_)(prefix)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .l('invalid-input', `input \`${STAGING_PREFIX_INPUT}\` is ${JSON.stringify(prefix)}, which cannot start a tag`, { hint: `use ${TAG_GRAMMAR}` });
    }
    const runId = options.runId.trim().replace(/[^A-Za-z0-9._-]+/g, '-');
    if (runId === '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .l('invalid-input', 'the staging tag needs a workflow run id, and it is empty', {
            hint: 'run inside a GitHub workflow (GITHUB_RUN_ID), or give the CLI a run id'
        });
    }
    return fitTag(`${prefix}-${runId}-${shortHash(options.image)}`, platformSlug(options.platform));
}
/**
 * A platform as a tag fragment: every run of characters a tag cannot hold becomes one "-"
 * (`linux/arm/v7` → `linux-arm-v7`, `windows(10.0.17763)/amd64` → `windows-10.0.17763-amd64`).
 */
function platformSlug(platform) {
    const slug = platform
        .trim()
        .replace(/[^A-Za-z0-9._]+/g, '-')
        .replace(/^-+|-+$/g, '');
    if (slug === '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .l('invalid-input', `platform ${JSON.stringify(platform)} has nothing to name a tag by`, {
            hint: 'write the platform as os/arch[/variant], e.g. linux/arm64'
        });
    }
    return slug;
}
/** `<tag>-<os>-<arch>[-<variant>]` (`1.2` on linux/arm64 → `1.2-linux-arm64`), for `arch-tags`. */
function archTag(tag, platform) {
    if (!(0,_reference_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .isValidTag */ .r_)(tag)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .l('invalid-input', `input \`${_names_js__WEBPACK_IMPORTED_MODULE_3__/* .Inputs */ .G.tags}\` has ${JSON.stringify(tag)}, which is not a tag`, {
            hint: `tags are ${TAG_GRAMMAR}`
        });
    }
    return fitTag(tag, platformSlug(platform));
}
/**
 * `<head>-<slug>`, at most 128 characters. When too long, the head is cut and the hash of the whole head
 * put after the cut, so two long heads that share their start still give different tags.
 */
function fitTag(head, slug) {
    const tail = slug.length > MAX_SLUG_LENGTH ? clipWithHash(slug, MAX_SLUG_LENGTH) : slug;
    const whole = `${head}-${tail}`;
    if (whole.length <= MAX_TAG_LENGTH)
        return whole;
    return `${clipWithHash(head, MAX_TAG_LENGTH - tail.length - 1)}-${tail}`;
}
/** `text` cut to `length` characters, its last 9 replaced by `-<8 hex of sha256(text)>`. */
function clipWithHash(text, length) {
    return `${text.slice(0, length - SHORT_HASH_LENGTH - 1)}-${shortHash(text)}`;
}
function shortHash(text) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(text).digest('hex').slice(0, SHORT_HASH_LENGTH);
}
/**
 * The id staging tags derive from — the one rule for every mode: the `staging-id` input, else the
 * workflow run id (the same for every job of a run). build and merge need one (they must agree across
 * jobs); publish stages only within itself, so outside a workflow it may make one up.
 */
function stagingIdOf(input, runId, options = { outsideWorkflow: 'fail' }) {
    const id = input.trim() || runId;
    if (id)
        return id;
    if (options.outsideWorkflow === 'local')
        return `local-${Date.now()}`;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .l('invalid-input', `input \`${_names_js__WEBPACK_IMPORTED_MODULE_3__/* .Inputs */ .G.stagingId}\` is empty and GITHUB_RUN_ID is not set`, {
        hint: `set \`${_names_js__WEBPACK_IMPORTED_MODULE_3__/* .Inputs */ .G.stagingId}\` to the same value in the build and merge jobs`
    });
}
/** The tag a build leg of `platform` pushes under, in the target repository. */
function stagingRef(target, stagingId, platform) {
    return { ...target, tag: stagingTag({ runId: stagingId, image: (0,_reference_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .formatReference */ .FH)({ ...target }), platform }) };
}


/***/ }),

/***/ 5550:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KX: () => (/* binding */ parseAnnotations),
/* harmony export */   RF: () => (/* binding */ mergeAnnotations),
/* harmony export */   eM: () => (/* binding */ SOURCE_ANNOTATION),
/* harmony export */   mA: () => (/* binding */ defaultIndexAnnotations),
/* harmony export */   wB: () => (/* binding */ REVISION_ANNOTATION)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/**
 * The `annotations` input (index-level annotations) and the defaults the action adds. Accepts plain
 * `key=value` lines and the `<level>:key=value` lines of buildx and docker/metadata-action's `annotations`
 * output (one line per level in DOCKER_METADATA_ANNOTATIONS_LEVELS, or comma-joined levels as buildx
 * allows: `manifest,index:key=value`). Pure: no I/O.
 */

const SOURCE_ANNOTATION = 'org.opencontainers.image.source';
const REVISION_ANNOTATION = 'org.opencontainers.image.revision';
const DEFAULT_SERVER_URL = 'https://github.com';
const INPUT = 'annotations';
/** Long values (descriptions) would make a one-line message unreadable. */
const MAX_QUOTED_LINE = 80;
/** Where a buildx annotation level puts it; `index` is the only one this step can still write. */
const LEVEL_TARGETS = new Map([
    ['index', 'the index'],
    ['manifest', 'the image manifests, which are already pushed'],
    ['manifest-descriptor', 'the descriptors inside the index, which are copied from the sources as they are'],
    ['index-descriptor', "the index's own descriptor in an OCI layout, which a registry has no place for"]
]);
/** `level[platform,…],level:` before the key; levels are lower-case words, so `com.example:x` stays a key. */
const LEVEL_LIST = /^[a-z-]+(?:\[[^\]]*\])?(?:,[a-z-]+(?:\[[^\]]*\])?)*$/i;
const LEVEL_TOKEN = /([a-z-]+)(?:\[([^\]]*)\])?/gi;
/**
 * Parses the `annotations` input: one `key=value` per line (the value may contain `=`; only a trailing CR
 * is removed from it), blank lines and `#` comments skipped. Problems name the input, the line and its
 * number.
 */
function parseAnnotations(raw) {
    const entries = raw
        .split('\n')
        .map((text, i) => ({ line: i + 1, text: text.endsWith('\r') ? text.slice(0, -1) : text }))
        .filter(({ text }) => !isBlankOrComment(text))
        .map(parseLine);
    const index = collectIndex(entries.filter((entry) => entry.toIndex));
    const ignored = entries
        .filter((entry) => !entry.toIndex)
        .map((entry) => {
        if (index.get(entry.key)?.value !== entry.value)
            throw unreachableLevel(entry);
        return { line: entry.line, text: entry.text };
    });
    return { index: Object.fromEntries([...index].map(([key, entry]) => [key, entry.value])), ignored };
}
/**
 * What the action annotates every index with: where it was built from and at which commit. No timestamp,
 * so a re-run over the same images gives the same index digest.
 */
function defaultIndexAnnotations(context) {
    const defaults = {};
    const serverUrl = (context.serverUrl ?? '') === '' ? DEFAULT_SERVER_URL : (context.serverUrl ?? '');
    if ((context.repository ?? '') !== '') {
        defaults[SOURCE_ANNOTATION] = `${serverUrl.replace(/\/+$/, '')}/${context.repository ?? ''}`;
    }
    if ((context.sha ?? '') !== '')
        defaults[REVISION_ANNOTATION] = context.sha ?? '';
    return defaults;
}
/** The user's annotations override the defaults key by key. */
function mergeAnnotations(defaults, user) {
    return { ...defaults, ...user };
}
function isBlankOrComment(text) {
    const trimmed = text.trim();
    return trimmed === '' || trimmed.startsWith('#');
}
function parseLine(source) {
    const equals = source.text.indexOf('=');
    if (equals < 0) {
        throw lineError(source, 'is not key=value', 'write one annotation per line as key=value');
    }
    const { levels, key } = splitLevels(source, source.text.slice(0, equals).trim());
    checkKey(source, key);
    const others = levels?.filter((level) => level.name !== 'index') ?? [];
    return {
        ...source,
        key,
        value: source.text.slice(equals + 1),
        toIndex: levels === undefined || levels.some((level) => level.name === 'index'),
        otherLevel: others[0]?.name
    };
}
/** `index,manifest[linux/amd64]:key` → its levels and `key`; a key without a level prefix means the index. */
function splitLevels(source, prefixedKey) {
    const colon = prefixedKey.indexOf(':');
    const prefix = colon < 0 ? '' : prefixedKey.slice(0, colon).trim();
    if (!LEVEL_LIST.test(prefix))
        return { levels: undefined, key: prefixedKey };
    const levels = [...prefix.matchAll(LEVEL_TOKEN)].map((match) => ({
        name: match[1] ?? '',
        platforms: match[2]
    }));
    levels.forEach((level) => {
        checkLevel(source, level);
    });
    return { levels, key: prefixedKey.slice(colon + 1).trim() };
}
function checkLevel(source, level) {
    if (!LEVEL_TARGETS.has(level.name)) {
        throw lineError(source, `has an unknown level "${level.name}"`, `levels are ${[...LEVEL_TARGETS.keys()].join(', ')}; prefix with index: (or nothing) to annotate the index`);
    }
    if (level.name === 'index' && level.platforms !== undefined) {
        throw lineError(source, `limits an index annotation to platforms [${level.platforms}]`, 'there is one index for all platforms: drop the [...] after index');
    }
}
/** OCI keys are reverse-domain names; the loose check catches the mistakes that matter (empty, spaces). */
function checkKey(source, key) {
    if (key === '') {
        throw lineError(source, 'has no key before "="', 'write key=value, e.g. org.opencontainers.image.title=app');
    }
    if (/\s/.test(key)) {
        throw lineError(source, `has a key with whitespace ("${key}")`, 'annotation keys are reverse-domain names such as org.opencontainers.image.title');
    }
}
/** Index entries by key; the same key twice is allowed only with the same value, since order would decide silently. */
function collectIndex(entries) {
    const byKey = new Map();
    for (const entry of entries) {
        const earlier = byKey.get(entry.key);
        if (earlier === undefined) {
            byKey.set(entry.key, entry);
        }
        else if (earlier.value !== entry.value) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .l('invalid-input', `annotations lines ${earlier.line} and ${entry.line} give "${entry.key}" two different values`, { hint: 'keep one of the two lines in `annotations`' });
        }
    }
    return byKey;
}
function unreachableLevel(entry) {
    const level = entry.otherLevel ?? 'manifest';
    const hint = level === 'manifest'
        ? 'set them at build time (docker/build-push-action `annotations`), or prefix with index: ' +
            '(docker/metadata-action: DOCKER_METADATA_ANNOTATIONS_LEVELS=index)'
        : 'prefix with index: to annotate the index itself';
    return lineError(entry, `targets ${LEVEL_TARGETS.get(level) ?? level}`, hint);
}
function lineError(source, problem, hint) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .l('invalid-input', `${INPUT} line ${source.line} "${quoted(source.text)}" ${problem}`, {
        hint
    });
}
function quoted(text) {
    const trimmed = text.trim();
    return trimmed.length <= MAX_QUOTED_LINE ? trimmed : `${trimmed.slice(0, MAX_QUOTED_LINE - 1)}…`;
}


/***/ }),

/***/ 8270:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  kl: () => (/* binding */ attestVerifiedIndex),
  yh: () => (/* binding */ attestationSettled),
  hT: () => (/* binding */ attestationSummary),
  D6: () => (/* binding */ attestedRevisionReader),
  BV: () => (/* binding */ gateOnAttestation),
  Es: () => (/* binding */ verifyPolicy),
  Nq: () => (/* binding */ withAttestation)
});

// UNUSED EXPORTS: attestationLine, prepareStore, publishPolicy

// EXTERNAL MODULE: ./src/attest/bundle.ts
var bundle = __webpack_require__(8149);
// EXTERNAL MODULE: ./src/attest/dsse.ts
var dsse = __webpack_require__(2472);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/platform/index.ts + 5 modules
var platform = __webpack_require__(6132);
// EXTERNAL MODULE: ./src/attest/keys.ts
var keys = __webpack_require__(2001);
// EXTERNAL MODULE: ./src/reference/reference.ts
var reference = __webpack_require__(1644);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/attest/jcs.ts
/**
 * JSON Canonicalization Scheme (RFC 8785): the one byte string a JSON value has, so a consumer can
 * recompute a digest over it. Object members sorted by their UTF-16 code units (§3.2.3), strings and
 * numbers serialised as ECMAScript's JSON.stringify does (§3.2.2), no whitespace. Pure.
 */

/** The canonical JSON text of `value`; throws on what JSON cannot hold (NaN, Infinity, undefined, functions). */
function canonicalJson(value) {
    return serialise(value, '$');
}
function serialise(value, at) {
    if (value === null || typeof value === 'boolean' || typeof value === 'string')
        return JSON.stringify(value);
    if (typeof value === 'number') {
        // RFC 8785 §3.2.2.3: ECMAScript's Number serialisation, and no NaN or Infinity.
        if (!Number.isFinite(value))
            throw notJson(at, String(value));
        return JSON.stringify(value);
    }
    if (Array.isArray(value))
        return `[${value.map((item, i) => serialise(item, `${at}[${i}]`)).join(',')}]`;
    if (typeof value === 'object') {
        const record = value;
        // Array.prototype.sort compares strings by UTF-16 code units, the order §3.2.3 asks for.
        const keys = Object.keys(record)
            .filter((key) => record[key] !== undefined)
            .sort();
        return `{${keys.map((key) => `${JSON.stringify(key)}:${serialise(record[key], `${at}.${key}`)}`).join(',')}}`;
    }
    throw notJson(at, typeof value);
}
function notJson(at, what) {
    return new errors/* ActionError */.l('invalid-input', `cannot canonicalise ${at}: ${what} is not a JSON value`, {
        hint: 'this is a bug in the attestation builder; report it'
    });
}

;// CONCATENATED MODULE: ./src/attest/policy.ts
/**
 * The effective verification policy an attestation vouches for, and its digest: sha256 over the RFC 8785
 * canonical JSON of exactly this object, so a consumer can rebuild it from the statement's detail and
 * recompute the digest. Pure.
 */



/** How a requested platform is matched to an index entry (containerd's rules, equal after normalisation). */
const MATCHING_RULE = 'containerd-normalized-exact';
function effectivePolicy(options) {
    const budget = options.readBudget;
    return {
        platforms: [...new Set(options.platforms.map((p) => (0,platform/* platformIdentity */.cj)((0,platform/* normalizePlatform */.FL)(p))))].sort(),
        allowExtra: options.allowExtra,
        matching: MATCHING_RULE,
        binaries: { check: options.checkBinaries, ignore: [...(options.ignoreBinaries ?? [])].sort() },
        layers: {
            read: options.verifyLayers ?? 'read',
            budgetBytes: budget === undefined || !Number.isFinite(budget) ? null : budget,
            budgetExceeded: options.budgetExceeded ?? 'warn'
        },
        noRegress: options.noRegress ?? null
    };
}
/** The hex sha256 of the policy's canonical JSON (RFC 8785). */
function policyDigest(policy) {
    return (0,external_node_crypto_.createHash)('sha256').update(canonicalJson(policy), 'utf8').digest('hex');
}

;// CONCATENATED MODULE: ./src/attest/statement.ts


const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
const VSA_PREDICATE_TYPE = 'https://slsa.dev/verification_summary/v1';
const HOME = 'https://github.com/multiarch-publish/multiarch-publish';
/** verifier.id: who verified (this action). */
const VERIFIER_ID = HOME;
/** policy.uri: where the policy's fields and the digest rule are documented. */
const POLICY_URI = `${HOME}/blob/v0/docs/attestation.md#the-policy`;
/** The extension field of the predicate that holds the detail (SLSA: extension fields are URI-named). */
const DETAIL_FIELD = `${HOME}/blob/v0/docs/schema/verification-detail-v1.json`;
/** Properties of the index, each listed in verifiedLevels only when its check ran and passed. */
const Levels = {
    unevaluated: 'SLSA_BUILD_LEVEL_UNEVALUATED',
    failed: 'FAILED',
    /** The index, every child manifest and every config read were checked against their digests. */
    manifests: 'MULTIARCH_MANIFESTS_DIGEST_VERIFIED',
    /** Every required platform has an entry (after normalisation). */
    covered: 'MULTIARCH_PLATFORMS_COVERED',
    /** No entry beyond the required platforms. */
    noExtra: 'MULTIARCH_NO_EXTRA_PLATFORMS',
    /** Every entry's config states the platform its index entry claims. */
    configs: 'MULTIARCH_CONFIG_MATCHES_INDEX',
    /** Every required platform's entrypoint (and every ELF/PE met on the way) is built for its CPU. */
    binaries: 'MULTIARCH_BINARY_CPU_VERIFIED',
    /** Every layer read was read to its end and matched its digest (not every layer need have been read). */
    layersRead: 'MULTIARCH_LAYERS_READ_DIGEST_VERIFIED',
    /** Every layer of every required platform was read to its end and matched its digest. */
    layersAll: 'MULTIARCH_LAYERS_ALL_DIGEST_VERIFIED',
    /** No platform of the no-regress reference was lost. */
    noRegress: 'MULTIARCH_NO_REGRESS'
};
function buildStatement(input) {
    const { algorithm, hex } = (0,reference/* parseDigest */.m)(input.index.digest);
    const result = input.outcome.passed ? 'PASSED' : 'FAILED';
    const name = `${input.registry}/${input.repository}`;
    return {
        _type: STATEMENT_TYPE,
        subject: [{ name, digest: { [algorithm]: hex } }],
        predicateType: VSA_PREDICATE_TYPE,
        predicate: {
            verifier: { id: VERIFIER_ID, version: { 'multiarch-publish': input.verifierVersion } },
            timeVerified: input.timeVerified.toISOString(),
            resourceUri: `oci://${name}@${input.index.digest}`,
            policy: { uri: POLICY_URI, digest: { sha256: policyDigest(input.policy) } },
            verificationResult: result,
            verifiedLevels: verifiedLevels(input.policy, input.outcome),
            slsaVersion: '1.0',
            [DETAIL_FIELD]: {
                index: { mediaType: input.index.mediaType, digest: input.index.digest, size: input.index.size },
                tags: [...input.tags],
                source: { revision: input.source?.revision ?? null, uri: input.source?.uri ?? null },
                policy: input.policy,
                platforms: input.outcome.platforms
            }
        }
    };
}
/**
 * SLSA's verifiedLevels: FAILED alone when verification failed; otherwise SLSA_BUILD_LEVEL_UNEVALUATED
 * (this action does not evaluate the build track) and each MULTIARCH_* property whose check ran and
 * passed for every platform it concerns — a check that was off, or cut short by a read budget, is absent.
 */
function verifiedLevels(policy, outcome) {
    if (!outcome.passed)
        return [Levels.failed];
    const images = outcome.platforms.filter((p) => p.digest !== null);
    const required = outcome.platforms.filter((p) => p.required);
    const levels = [Levels.unevaluated, Levels.manifests];
    if (policy.platforms.length > 0 && required.every((p) => p.digest !== null))
        levels.push(Levels.covered);
    if (policy.platforms.length > 0 && !policy.allowExtra && images.every((p) => p.required))
        levels.push(Levels.noExtra);
    if (images.length > 0 && images.every((p) => p.config === 'match'))
        levels.push(Levels.configs);
    if (policy.binaries.check &&
        required.length > 0 &&
        required.every((p) => p.binaries.checked && p.binaries.entrypoint?.ok === true && p.binaries.wrongCpu.length === 0))
        levels.push(Levels.binaries);
    const withLayers = required.filter((p) => p.layers !== null);
    if (withLayers.length > 0 &&
        withLayers.every((p) => p.layers?.unchecked === 0 && p.layers.verified === p.layers.read))
        levels.push(Levels.layersRead);
    if (required.length > 0 &&
        required.every((p) => p.layers !== null && p.layers.total > 0 && p.layers.verified === p.layers.total))
        levels.push(Levels.layersAll);
    if (policy.noRegress !== null)
        levels.push(Levels.noRegress);
    return levels;
}
/** A VerifyResult (verify/checks.ts) as the statement's outcome: one PlatformOutcome per row. */
function outcomeFromVerifyResult(result, options) {
    return {
        passed: result.ok,
        platforms: result.rows.map((row) => platformOutcome(row, result.problems, options.checkBinaries))
    };
}
function platformOutcome(row, problems, checkBinaries) {
    const binary = row.binary;
    const config = row.config.ok === true ? 'match' : row.config.ok === false ? 'mismatch' : 'not-checked';
    const failed = row.digest === undefined ||
        row.config.ok === false ||
        binary.ok === false ||
        problems.some((p) => p.startsWith(`${row.platform}:`) || p.startsWith(`${row.platform} `));
    return {
        platform: row.platform,
        required: row.required,
        digest: row.digest ?? null,
        config,
        layers: row.layers
            ? {
                total: row.layers.total,
                read: row.layers.read,
                verified: row.layers.verified,
                unchecked: row.layers.unchecked,
                bytesRead: row.layers.bytesRead,
                bytesTotal: row.layers.bytesTotal
            }
            : null,
        binaries: {
            checked: checkBinaries && row.digest !== undefined && binary.ok !== null,
            entrypoint: binary.path !== undefined
                ? { path: `/${binary.path}`, machine: binary.found ?? binary.detail, ok: binary.ok }
                : null,
            filesChecked: row.layers?.filesChecked ?? 0,
            wrongCpu: (row.layers?.wrongCpu ?? []).map((path) => `/${path}`)
        },
        result: failed ? 'FAILED' : 'PASSED'
    };
}

;// CONCATENATED MODULE: ./src/attest/gate.ts
/**
 * The release gate over stored attestations (pure): which one vouches for a digest — signed by the given
 * key (or carrying the given workflow identity), about this subject, PASSED, under a policy that covers
 * the required platforms — and, for forward-only, the newest valid one's revision.
 *
 * Checked offline: the DSSE signature over the PAE (with the given key, or with the certificate's key),
 * the statement's subject and predicate, the certificate's SAN and OIDC issuer. NOT checked offline: that
 * a keyless certificate chains to Sigstore's Fulcio root, that it was valid when it signed, and its
 * transparency-log (Rekor) or timestamp proofs — those need Sigstore's trusted root; use
 * `gh attestation verify` or `cosign verify-attestation` for them. A key signature needs none of it.
 */






/** What the offline check of a keyless certificate leaves out; the modes print it with a keyless pass. */
const KEYLESS_NOT_CHECKED = [
    "the certificate's chain to Sigstore's Fulcio root",
    'its validity when it signed',
    'its transparency-log and timestamp proofs'
];
/** How far a candidate got: the furthest failure is the one a person is told about. */
const STAGES = ['wrong-signer', 'subject-mismatch', 'failed', 'policy-too-narrow'];
/** The newest attestation that passes every check, or the reason none does (naming the furthest a candidate got). */
function gate(candidates, requirement) {
    const what = `${requirement.subject.registry}/${requirement.subject.repository}@${requirement.subject.digest}`;
    if (candidates.length === 0)
        return {
            ok: false,
            reason: 'none-found',
            message: `no attestation found for ${what} — publish it with \`attest\` on, or re-verify with the layers`
        };
    const judged = candidates.map((c) => judge(c, requirement));
    const passed = newest(judged.flatMap((j) => (j.accepted ? [j.accepted] : [])));
    if (passed)
        return {
            ok: true,
            attestation: passed,
            notChecked: passed.signedBy === 'certificate' ? KEYLESS_NOT_CHECKED : []
        };
    const furthest = judged
        .flatMap((j) => (j.failure ? [{ ...j.failure, digest: j.digest }] : []))
        .sort((a, b) => STAGES.indexOf(b.reason) - STAGES.indexOf(a.reason))[0];
    const reason = furthest?.reason ?? 'none-found';
    return {
        ok: false,
        reason,
        message: `${candidates.length} attestation(s) for ${what}, none accepted: ${reason} — ${furthest?.detail ?? ''} (${furthest?.digest.slice(0, 19) ?? ''})`
    };
}
/**
 * The revision (and when it was verified) from the newest attestation that is signed as trusted and
 * about this subject, whatever its result: forward-only reads it when the index cannot say.
 */
function newestRevision(candidates, requirement) {
    const valid = candidates.flatMap((c) => {
        const signed = signedStatement(c, requirement.trust);
        if (!signed.ok || subjectProblem(signed.statement, requirement.subject))
            return [];
        return [accepted(c.digest, signed.statement, signed.signedBy)];
    });
    const best = newest(valid.filter((a) => a.revision !== null));
    return best?.revision
        ? { revision: best.revision, digest: best.digest, timeVerified: best.timeVerified }
        : undefined;
}
function newest(accepted) {
    return [...accepted].sort((a, b) => Date.parse(b.timeVerified) - Date.parse(a.timeVerified))[0];
}
function judge(candidate, requirement) {
    const fail = (reason, detail) => ({
        digest: candidate.digest,
        failure: { reason, detail }
    });
    const signed = signedStatement(candidate, requirement.trust);
    if (!signed.ok)
        return fail('wrong-signer', signed.detail);
    const statement = signed.statement;
    const mismatch = subjectProblem(statement, requirement.subject);
    if (mismatch)
        return fail('subject-mismatch', mismatch);
    const predicate = statement.predicate;
    if (predicate.verificationResult !== 'PASSED')
        return fail('failed', `the verification it records is ${predicate.verificationResult}`);
    const policyPlatforms = predicate[DETAIL_FIELD].policy.platforms;
    const missing = requirement.platforms.filter((want) => !policyPlatforms.some((have) => samePlatform(want, have)));
    if (missing.length > 0)
        return fail('policy-too-narrow', `its policy required ${policyPlatforms.join(', ') || 'no platform'}, not ${missing.map(platform/* platformIdentity */.cj).join(', ')}`);
    return { digest: candidate.digest, accepted: accepted(candidate.digest, statement, signed.signedBy) };
}
/** Why the statement is not about this repository's digest, or undefined when it is. */
function subjectProblem(statement, subject) {
    const { algorithm, hex } = splitDigest(subject.digest);
    const name = `${subject.registry}/${subject.repository}`;
    const about = statement.subject.find((s) => s.digest[algorithm] === hex);
    if (!about)
        return `the statement is about ${describeSubjects(statement)}, not ${subject.digest}`;
    if (about.name !== name)
        return `the statement names ${about.name}, not ${name}`;
    return undefined;
}
function accepted(digest, statement, signedBy) {
    return {
        digest,
        statement,
        timeVerified: statement.predicate.timeVerified,
        revision: statement.predicate[DETAIL_FIELD].source.revision,
        signedBy
    };
}
function samePlatform(want, have) {
    try {
        return (0,platform/* matchesStrict */.V9)(want, (0,platform/* parsePlatform */.Y8)(have));
    }
    catch {
        return false;
    }
}
/** The statement, if the candidate is a bundle whose DSSE signature the trusted signer made. */
function signedStatement(candidate, trust) {
    if (!candidate.mediaType.startsWith('application/vnd.dev.sigstore.bundle'))
        return { ok: false, detail: `it is not signed (${candidate.mediaType})` };
    let read;
    try {
        read = (0,bundle/* readBundle */.Bo)(candidate.bytes, `attestation ${candidate.digest}`);
    }
    catch (error) {
        return { ok: false, detail: error.message };
    }
    const envelope = read.bundle.dsseEnvelope;
    if (envelope.payloadType !== dsse/* IN_TOTO_PAYLOAD_TYPE */.T4)
        return { ok: false, detail: `its payload is ${envelope.payloadType}, not an in-toto statement` };
    const pae = (0,dsse/* preAuthEncoding */.JC)(envelope.payloadType, read.payload);
    const signatures = envelope.signatures.map((s) => Buffer.from(s.sig, 'base64'));
    let signedBy;
    if (trust.kind === 'key') {
        if (read.signer.kind !== 'key')
            return { ok: false, detail: 'it is signed keyless, not with the given key' };
        if (!signatures.some((sig) => (0,keys/* verifyMessage */.Ee)(trust.publicKeyPem, pae, sig)))
            return { ok: false, detail: 'its signature does not verify with the given key' };
        signedBy = 'key';
    }
    else {
        if (read.signer.kind !== 'certificate')
            return { ok: false, detail: 'it is signed with a key, not keyless' };
        const problem = certificateProblem(read.signer.der, pae, signatures, trust);
        if (problem)
            return { ok: false, detail: problem };
        signedBy = 'certificate';
    }
    const statement = parseStatement(read.payload);
    if (typeof statement === 'string')
        return { ok: false, detail: statement };
    return { ok: true, statement, signedBy };
}
function certificateProblem(der, pae, signatures, trust) {
    let certificate;
    try {
        certificate = new external_node_crypto_.X509Certificate(der);
    }
    catch {
        return 'its certificate cannot be read';
    }
    if (!signatures.some((sig) => (0,keys/* verifyMessage */.Ee)(certificate.publicKey, pae, sig)))
        return "its signature does not verify with its certificate's key";
    const uris = (certificate.subjectAltName ?? '')
        .split(/,\s*/)
        .filter((s) => s.startsWith('URI:'))
        .map((s) => s.slice(4));
    const matches = (uri) => typeof trust.identity === 'string' ? uri === trust.identity : trust.identity.test(uri);
    if (!uris.some(matches))
        return `its certificate names ${uris.join(', ') || 'no URI'}, not ${String(trust.identity)}`;
    if (trust.issuer !== undefined) {
        const issuer = oidcIssuer(der);
        if (issuer !== trust.issuer)
            return `its certificate's OIDC issuer is ${issuer ?? 'absent'}, not ${trust.issuer}`;
    }
    return undefined;
}
/** Fulcio's OIDC issuer extension: 1.3.6.1.4.1.57264.1.8 (a DER UTF8String), else the older .1.1 (raw). */
function oidcIssuer(der) {
    const oid = (last) => Buffer.from([0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0xbf, 0x30, 0x01, last]);
    const value = (last) => {
        const at = der.indexOf(oid(last));
        if (at < 0)
            return undefined;
        let i = at + 12;
        if (der[i] === 0x01)
            i += 3; // critical BOOLEAN
        if (der[i] !== 0x04)
            return undefined;
        const [length, start] = derLength(der, i + 1);
        return der.subarray(start, start + length);
    };
    const v2 = value(8);
    if (v2 && v2[0] === 0x0c) {
        const [length, start] = derLength(v2, 1);
        return v2.subarray(start, start + length).toString('utf8');
    }
    return value(1)?.toString('utf8');
}
function derLength(bytes, at) {
    const first = bytes[at] ?? 0;
    if (first < 0x80)
        return [first, at + 1];
    const count = first & 0x7f;
    let length = 0;
    for (let i = 1; i <= count; i++)
        length = length * 256 + (bytes[at + i] ?? 0);
    return [length, at + 1 + count];
}
/** The statement from payload bytes, or why it is not one of ours. */
function parseStatement(payload) {
    let json;
    try {
        json = JSON.parse(payload.toString('utf8'));
    }
    catch {
        return 'its payload is not JSON';
    }
    const s = json;
    if (!s || s._type !== STATEMENT_TYPE)
        return 'its payload is not an in-toto Statement v1';
    if (s.predicateType !== VSA_PREDICATE_TYPE)
        return `its predicate is ${String(s.predicateType)}`;
    if (!Array.isArray(s.subject) || typeof s.predicate !== 'object')
        return 'its statement has no subject or predicate';
    const detail = s.predicate[DETAIL_FIELD];
    if (!detail || !Array.isArray(detail.policy?.platforms) || typeof detail.source !== 'object')
        return 'its predicate has no multiarch-publish detail';
    return s;
}
function splitDigest(digest) {
    const colon = digest.indexOf(':');
    return { algorithm: digest.slice(0, colon), hex: digest.slice(colon + 1) };
}
function describeSubjects(statement) {
    return (statement.subject
        .map((s) => `${s.name}@${Object.entries(s.digest)
        .map(([a, h]) => `${a}:${h}`)
        .join(',')}`)
        .join(' ') || 'nothing');
}

// EXTERNAL MODULE: ./src/attest/sign.ts
var sign = __webpack_require__(8492);
;// CONCATENATED MODULE: ./src/attest/attest.ts
/**
 * What the modes call: attest a verified index (statement → signature → referrer, before any tag moves),
 * read the attestations of a digest back, gate on them, and find the revision they record.
 */





/** The artifact types this action writes and reads. */
const ATTESTATION_ARTIFACT_TYPES = [bundle/* BUNDLE_MEDIA_TYPE */.NV, dsse/* IN_TOTO_PAYLOAD_TYPE */.T4];
/** The annotation cosign writes with the predicate type of a bundle referrer. */
const PREDICATE_TYPE_ANNOTATION = 'dev.sigstore.bundle.predicateType';
/**
 * Builds the statement, signs it as chosen and stores it as a referrer of the index. Undefined when the
 * choice is `none` (the caller prints its notice). The index must already be in the repository.
 */
async function attestIndex(options) {
    const { input } = options;
    const statement = buildStatement(input);
    const signed = await (0,sign/* signStatement */.fT)(statement, options.signing, options.sign);
    if (!signed)
        return undefined;
    const repo = { registry: input.registry, repository: input.repository };
    const stored = await options.referrers.store(repo, {
        subject: input.index,
        artifactType: signed.mediaType,
        bytes: signed.bytes,
        annotations: artifactAnnotations(input.timeVerified, signed)
    }, options.store);
    return { statement, signed, stored };
}
/** The artifact manifest's annotations: what cosign writes for a bundle, and the creation time. */
function artifactAnnotations(created, signed) {
    return {
        // RFC 3339 without fractions, as cosign writes it.
        'org.opencontainers.image.created': created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        [PREDICATE_TYPE_ANNOTATION]: VSA_PREDICATE_TYPE,
        ...(signed.mediaType === bundle/* BUNDLE_MEDIA_TYPE */.NV ? { 'dev.sigstore.bundle.content': 'dsse-envelope' } : {})
    };
}
/**
 * Every attestation of ours stored for `digest`: listed (API or fallback tag), then each manifest and
 * layer read and checked against its digest. Referrers that are not ours, or unreadable, are skipped
 * and named in `skipped`.
 */
async function readAttestations(referrers, repo, digest) {
    const listed = await referrers.list(repo, digest, ATTESTATION_ARTIFACT_TYPES);
    const ours = listed.referrers.filter((d) => d.annotations?.[PREDICATE_TYPE_ANNOTATION] === undefined ||
        d.annotations[PREDICATE_TYPE_ANNOTATION] === VSA_PREDICATE_TYPE);
    const read = await Promise.all(ours.map(async (descriptor) => {
        try {
            const fetched = await referrers.fetch(repo, descriptor, digest);
            return {
                candidate: {
                    digest: fetched.descriptor.digest,
                    mediaType: fetched.layer.mediaType,
                    bytes: fetched.bytes
                }
            };
        }
        catch (error) {
            return { skipped: `${descriptor.digest.slice(0, 19)}: ${error.message}` };
        }
    }));
    return {
        via: listed.via,
        candidates: read.flatMap((r) => (r.candidate ? [r.candidate] : [])),
        skipped: read.flatMap((r) => (r.skipped ? [r.skipped] : []))
    };
}
/** verify mode's fast gate: reads attestations only, no layer. */
async function requireAttestation(referrers, requirement) {
    const repo = { registry: requirement.subject.registry, repository: requirement.subject.repository };
    const { via, candidates, skipped } = await readAttestations(referrers, repo, requirement.subject.digest);
    return { ...gate(candidates, requirement), via, skipped };
}
/** forward-only: the revision the newest trusted attestation of `subject` records, if any. */
async function attestedRevision(referrers, requirement) {
    const repo = { registry: requirement.subject.registry, repository: requirement.subject.repository };
    const { candidates } = await readAttestations(referrers, repo, requirement.subject.digest);
    return newestRevision(candidates, requirement);
}

// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/modes/attestation.ts
/**
 * The attestation step of publish and merge (and of verify mode when asked), once per repository: after the index is verified and PUT by
 * digest, before any tag moves, the verification's statement is signed as chosen (the choice was made
 * before anything was written) and stored as a referrer of the index; the bundle's bytes are kept in a
 * file for the `attestation-bundle` output. A FAILED verification is attested as FAILED (and moves no tag).
 * Also the two readers: verify mode's gate and forward-only's revision of an index that cannot say it.
 */





/** The policy a publish or merge verified under (verification there allows platforms beyond those required). */
function publishPolicy(request) {
    const noRegress = request.noRegress;
    return effectivePolicy({
        platforms: request.platforms,
        allowExtra: true,
        checkBinaries: request.checkBinaries,
        ...layerOptions(request.layers),
        ...(noRegress
            ? {
                noRegress: noRegress.kind === 'reference' ? (0,reference/* formatReference */.FH)(noRegress.reference) : 'the tags published'
            }
            : {})
    });
}
/** The policy verify mode verified under: its own `allow-extra`, and `no-regress` against the reference given. */
function verifyPolicy(plan) {
    return effectivePolicy({
        platforms: plan.platforms,
        allowExtra: plan.allowExtra,
        checkBinaries: plan.checkBinaries,
        ...layerOptions(plan.layers),
        ...(plan.noRegress ? { noRegress: (0,reference/* formatReference */.FH)(plan.noRegress) } : {})
    });
}
function layerOptions(layers) {
    if (!layers)
        return {};
    return {
        ignoreBinaries: layers.ignoreBinaries,
        verifyLayers: layers.verifyLayers,
        readBudget: layers.readBudget,
        budgetExceeded: layers.budgetExceeded
    };
}
/**
 * Attests one repository's verified index: one statement, signed, stored as its referrer, its bytes kept.
 * Called once per repository, after the index exists there and before any of its tags moves (verify mode:
 * once, after its verification).
 */
async function attestVerifiedIndex(options) {
    const { ports, repository, index, result } = options;
    const attested = await attestIndex({
        referrers: ports.referrers,
        input: {
            ...repository,
            index: { mediaType: index.mediaType, digest: index.digest, size: index.size },
            tags: options.tags,
            source: {
                ...(options.revision ? { revision: options.revision } : {}),
                ...(ports.sourceUri ? { uri: ports.sourceUri } : {})
            },
            verifierVersion: version/* VERSION */.x,
            timeVerified: (ports.now ?? (() => new Date()))(),
            policy: options.policy,
            outcome: outcomeFromVerifyResult(result, { checkBinaries: options.policy.binaries.check })
        },
        signing: ports.signing,
        ...(ports.sign ? { sign: ports.sign } : {}),
        store: {
            ...(options.prepared ? { prepared: options.prepared } : {}),
            ...(options.deferFallback ? { deferFallback: true } : {})
        }
    });
    // attestIndex writes nothing only for `none`, which never reaches here.
    if (!attested)
        throw new Error('attestIndex returned nothing for a signing choice other than none');
    const { stored, signed } = attested;
    return {
        repository: `${repository.registry}/${repository.repository}`,
        digest: stored.descriptor.digest,
        bundlePath: await ports.bundles.write(stored.descriptor.digest, signed.bytes),
        via: stored.via,
        ...(stored.fallbackTag ? { fallbackTag: stored.fallbackTag } : {}),
        signedBy: signed.signedBy,
        result: attested.statement.predicate.verificationResult,
        ...(stored.pending ? { pending: stored.pending } : {})
    };
}
/**
 * The request with the attestation step wired in (unchanged when this run writes none): the protocol
 * calls it for each repository it published to with the index PUT there, before any tag moves.
 */
function withAttestation(request, options) {
    const { ports } = options;
    if (!ports)
        return request;
    const policy = publishPolicy(request);
    const step = async (pushed) => {
        const repository = pushed.repository;
        const prepared = prepareStore(ports, repository, pushed.index);
        return attestVerifiedIndex({
            ports,
            repository,
            index: pushed.index,
            result: await pushed.verifying,
            policy,
            tags: pushed.tags,
            ...(options.revision ? { revision: options.revision } : {}),
            ...(prepared ? { prepared } : {}),
            deferFallback: true
        });
    };
    return { ...request, attest: step };
}
/** The summary's lines about the attestation: the one written, or why none was. */
function attestationSummary(setup, record) {
    if (record)
        return `\n${attestationLine(record)}\n`;
    if (setup && 'notice' in setup)
        return `\n- ${setup.notice}\n`;
    return '';
}
/**
 * Starts storing's first requests for a repository's index as soon as it is PUT by digest (the empty
 * config, the layer's upload session, the API probe), so attesting after verification costs the layer's
 * PUT and the artifact manifest's PUT.
 */
function prepareStore(ports, repository, index) {
    return ports.referrers.prepare?.(repository, index.digest);
}
/** Awaits the fallback index's update a record left pending (after the tags moved). */
async function attestationSettled(record) {
    await record?.pending;
}
/** The summary's line for an attestation written. */
function attestationLine(record) {
    const where = record.via === 'referrers-api'
        ? 'as a referrer (referrers API)'
        : `as a referrer (fallback tag \`${record.fallbackTag ?? ''}\`)`;
    const signer = record.signedBy === 'unsigned' ? 'unsigned' : `signed (${record.signedBy})`;
    return `- Attestation (${record.result}, ${signer}) of ${record.repository}: \`${record.digest}\` stored ${where}; bundle: \`${record.bundlePath}\``;
}
/** Reads the subject's attestations only (no layer): one is signed as trusted, about it, PASSED, covering the platforms. */
async function gateOnAttestation(referrers, requirement) {
    const verdict = await requireAttestation(referrers, requirement);
    if (!verdict.ok)
        return {
            ok: false,
            reason: verdict.reason,
            line: `attestation required: ${verdict.reason}: ${verdict.message}`
        };
    return {
        ok: true,
        digest: verdict.attestation.digest,
        via: verdict.via,
        revision: verdict.attestation.revision,
        notChecked: verdict.notChecked
    };
}
/**
 * forward-only's reader: the revision the newest trusted attestation of an index records, asked only
 * when the index and its children carry none (a Docker list merged from unlabelled images).
 */
function attestedRevisionReader(referrers, trust) {
    return async (subject) => (await attestedRevision(referrers, { subject, trust }))?.revision;
}


/***/ }),

/***/ 6129:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  S: () => (/* binding */ publishSources),
  p: () => (/* binding */ runMergeMode)
});

// EXTERNAL MODULE: ./src/buildx/staging.ts
var staging = __webpack_require__(1889);
// EXTERNAL MODULE: ./src/publish/publish.ts + 5 modules
var publish = __webpack_require__(6326);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/oci/types.ts
var types = __webpack_require__(3048);
// EXTERNAL MODULE: ./src/pool.ts
var pool = __webpack_require__(9537);
// EXTERNAL MODULE: ./src/reference/reference.ts
var reference = __webpack_require__(1644);
// EXTERNAL MODULE: ./src/registry/transport.ts + 1 modules
var transport = __webpack_require__(2822);
;// CONCATENATED MODULE: ./src/publish/sources.ts
/**
 * Reads merge sources: each reference once (a tag, a digest, an index or a single image, on any
 * registry), flattening indexes into their platform images with the attestation manifests bound to them
 * (buildx pushes per-platform indexes: one image + one attestation). A platform the index does not state
 * is read from the image's config.
 */





/**
 * Every source's image(s), read as many at once as the transport keeps connections per registry: each
 * costs two round trips in sequence (the manifest, then its config), so 64 Windows sources behind a 40 ms
 * registry took 16 round trips at 8 at once.
 */
async function resolveSources(source, refs, concurrency = transport/* CONNECTIONS_PER_ORIGIN */.J0) {
    const perSource = await (0,pool/* mapBounded */.y)(refs, concurrency, (ref) => resolveOne(source, ref));
    return perSource.flat();
}
async function resolveOne(source, ref) {
    const name = (0,reference/* formatReference */.FH)(ref);
    const from = { registry: ref.registry, repository: ref.repository };
    const root = await source.getManifest(ref);
    if (root.parsed.kind === 'manifest') {
        const platform = await configPlatform(source, from, root.parsed.manifest.config.digest);
        const descriptor = { mediaType: root.mediaType, digest: root.digest, size: root.bytes.length };
        return [{ source: name, descriptor, platform, attestations: [], from }];
    }
    const entries = root.parsed.index.manifests;
    const nested = entries.find((e) => !(0,types/* isAttestation */.H3)(e) && (0,types/* isIndexMediaType */.$$)(e.mediaType));
    if (nested) {
        throw new errors/* ActionError */.l('invalid-input', `source ${name} holds a nested index (${nested.digest.slice(0, 19)})`, {
            hint: 'list the nested index itself in `sources` instead'
        });
    }
    const attestations = entries.filter(types/* isAttestation */.H3);
    const images = entries.filter((e) => !(0,types/* isAttestation */.H3)(e));
    return (0,pool/* mapBounded */.y)(images, 4, async (descriptor) => ({
        source: name,
        descriptor,
        platform: descriptor.platform ?? (await childPlatform(source, from, descriptor.digest)),
        attestations: attestations.filter((a) => a.annotations?.[types/* ATTESTATION_REFERENCE_DIGEST */.qq] === descriptor.digest),
        from
    }));
}
async function childPlatform(source, from, digest) {
    const child = await source.getManifest({ ...from, digest });
    if (child.parsed.kind !== 'manifest') {
        throw new errors/* ActionError */.l('invalid-input', `${from.registry}/${from.repository}@${digest} is an index inside an index`, {
            hint: 'list the nested index itself in `sources` instead'
        });
    }
    return configPlatform(source, from, child.parsed.manifest.config.digest);
}
async function configPlatform(source, from, digest) {
    const config = JSON.parse((await source.readBlob(from, digest)).toString('utf8'));
    if (typeof config.os !== 'string' || typeof config.architecture !== 'string') {
        throw new errors/* ActionError */.l('invalid-input', `the config of ${from.registry}/${from.repository} (${digest.slice(0, 19)}) names no os/architecture`, {
            hint: 'merge only images whose config states their platform'
        });
    }
    return {
        os: config.os,
        architecture: config.architecture,
        ...(config.variant ? { variant: config.variant } : {}),
        ...(config['os.version'] ? { 'os.version': config['os.version'] } : {}),
        ...(config['os.features']?.length ? { 'os.features': config['os.features'] } : {})
    };
}

// EXTERNAL MODULE: ./src/platform/index.ts + 5 modules
var platform = __webpack_require__(6132);
;// CONCATENATED MODULE: ./src/publish/staged.ts
/**
 * Build mode's legs, found without artifacts: each leg pushed its image under a staging tag derived from
 * the run, the image and the platform, so merge HEADs the tag each requested platform should have and
 * says exactly which legs are missing.
 */





async function findStagedLegs(client, target, platforms, stagingId) {
    const legs = platforms.map((p) => ({
        platform: (0,platform/* formatPlatform */.Bq)(p),
        ref: (0,staging/* stagingRef */.lp)(target, stagingId, (0,platform/* formatPlatform */.Bq)(p))
    }));
    const found = await (0,pool/* mapBounded */.y)(legs, 8, async (leg) => ({
        ...leg,
        head: await client.headManifest(leg.ref)
    }));
    const missing = found.filter((leg) => leg.head === undefined);
    if (missing.length > 0) {
        throw new errors/* ActionError */.l('not-found', `build legs missing for staging id ${stagingId}: ${missing.map((m) => `${m.platform} (no ${(0,reference/* formatReference */.FH)(m.ref)})`).join(', ')}`, {
            hint: 'run `mode: build` for these platforms in this workflow run (needs: the build jobs), or list images in `sources`'
        });
    }
    // Pin each leg by digest: a leg re-run while merging must not change what was verified.
    return found.map((leg) => ({ ...target, digest: leg.head?.digest ?? '' }));
}

// EXTERNAL MODULE: ./src/report/verify.ts
var verify = __webpack_require__(8325);
;// CONCATENATED MODULE: ./src/report/merge.ts


const code = (text) => '`' + text.replace(/`/g, "'") + '`';
/** A dry run's other repositories: where the same index would also go. */
function alsoAs(plan) {
    const refs = (plan.others ?? []).flatMap((o) => o.tags.map((tag) => code((0,reference/* formatReference */.FH)({ ...o.target, tag }))));
    return refs.length > 0 ? `, and as ${refs.join(', ')}` : '';
}
function mergeSummary(plan, outcome) {
    const target = (0,reference/* formatReference */.FH)({ ...plan.target });
    const lines = [];
    if (outcome.dryRun) {
        lines.push(`### 🧪 Dry run: nothing was written to ${code(target)}`, '', `Would push ${code(outcome.assembled.digest)} (${outcome.assembled.mediaType}) as ${plan.tags.map((t) => code(t)).join(', ') || '(no tags)'}${alsoAs(plan)}:`, '', '```json', JSON.stringify(outcome.assembled.index, null, 2), '```');
        return lines.join('\n') + '\n';
    }
    const verification = outcome.verification;
    const tagging = outcome.tagging;
    if (outcome.refused) {
        const heading = outcome.refs.length > 0
            ? `### ❌ Tags refused: only ${outcome.refs.map((r) => code(r)).join(', ')} had moved`
            : '### ❌ No tag was moved: the tags were refused';
        lines.push(heading, '', outcome.refused.oneLine(), '');
    }
    else if (verification && outcome.refs.length > 0) {
        lines.push(`Published ${outcome.refs.map((r) => code(r)).join(', ')} → ${code(outcome.assembled.digest)}`, '');
    }
    else if (verification?.result.ok && tagging) {
        lines.push(`**No tag was moved**: the index ${code(outcome.assembled.digest)} was verified and pushed by digest, and every tag already points to a newer commit.`, '');
    }
    else {
        lines.push(`**No tag was moved**: the index ${code(outcome.assembled.digest)} was pushed by digest only, and failed verification.`, '');
    }
    if (outcome.repositories.length > 1)
        lines.push(...repositoryTable(outcome), '');
    if (outcome.mediaTypeFallback) {
        lines.push(`- ↪️ the registry refused the Docker manifest list, so the index was published as OCI (and verified as such): ${outcome.mediaTypeFallback}`, '');
    }
    for (const tag of tagging?.unchanged ?? [])
        lines.push(`- 🟰 tag ${code(tag)} already pointed there: unchanged, not written again`);
    for (const skipped of tagging?.skipped ?? [])
        lines.push(`- ⏭️ tag ${code(skipped.tag)} not moved: ${skipped.message}`);
    for (const raced of tagging?.raced ?? [])
        lines.push(`- ⚠️ tag ${code(raced.tag)} was moved by another publish right after this one: it points to ${code(raced.digest)}`);
    const notes = (tagging?.warnings ?? []).filter((w) => !tagging?.skipped.some((s) => s.message === w) && !tagging?.raced.some((r) => w.startsWith(`${r.tag}:`)));
    for (const note of notes)
        lines.push(`- ⚠️ ${note}`);
    if ((tagging?.warnings.length ?? 0) > 0 || (tagging?.unchanged.length ?? 0) > 0)
        lines.push('');
    if (verification)
        lines.push((0,verify/* verifySummary */.I)(verification.result, {
            title: outcome.refs.length > 0
                ? 'Verified and published'
                : verification.result.ok
                    ? 'Verified'
                    : 'Not published:'
        }));
    const c = outcome.copy;
    lines.push(`Children: ${c.manifests.present} already in ${code(target)}, ${c.manifests.copied} copied; blobs: ${c.blobs.mounted} mounted, ${c.blobs.copied} copied, ${c.blobs.exists} already there.`);
    if (outcome.assembled.dropped.length > 0) {
        lines.push('', `Dropped ${outcome.assembled.dropped.length} attestation(s) whose image is not in the index.`);
    }
    return lines.join('\n') + '\n';
}
/** One row per repository published to: its index, its verdict, the references that moved there. */
function repositoryTable(outcome) {
    return [
        '| repository | index | verified | published |',
        '|---|---|---|---|',
        ...outcome.repositories.map((r) => `| ${code(r.repository)} | ${code(r.digest)} | ${r.verified ? '✅' : '❌'} | ${r.refs.map((ref) => code(ref)).join(', ') || 'nothing'} |`)
    ];
}
function mergeReport(plan, sources, outcome, extra) {
    const verification = outcome.verification;
    return {
        tool: 'multiarch-publish',
        mode: 'merge',
        ok: outcome.dryRun || ((verification?.result.ok ?? false) && !outcome.refused),
        ...(outcome.refused ? { refused: outcome.refused.oneLine() } : {}),
        ...(outcome.mediaTypeFallback ? { mediaTypeFallback: outcome.mediaTypeFallback } : {}),
        dryRun: outcome.dryRun,
        target: (0,reference/* formatReference */.FH)({ ...plan.target }),
        digest: outcome.assembled.digest,
        mediaType: outcome.assembled.mediaType,
        refs: outcome.refs,
        repositories: outcome.repositories.map((r) => ({
            repository: r.repository,
            digest: r.digest,
            mediaType: r.mediaType,
            verified: r.verified,
            refs: r.refs,
            copy: r.copy,
            ...(r.attestation ? { attestation: r.attestation.digest } : {}),
            ...(r.mediaTypeFallback ? { mediaTypeFallback: r.mediaTypeFallback } : {})
        })),
        ...(outcome.tagging ? { tagging: outcome.tagging } : {}),
        sources: sources.map((s) => (0,reference/* formatReference */.FH)(s)),
        index: outcome.assembled.index,
        copy: outcome.copy,
        phases: outcome.phases,
        durationMs: extra.durationMs,
        requests: extra.requests,
        ...(verification
            ? { verification: (0,verify/* verifyReport */.y)(verification.result, verification.evidence, { durationMs: 0 }) }
            : {})
    };
}

// EXTERNAL MODULE: ./src/modes/attestation.ts + 5 modules
var attestation = __webpack_require__(8270);
// EXTERNAL MODULE: ./src/modes/ports.ts
var ports = __webpack_require__(884);
// EXTERNAL MODULE: ./src/modes/request.ts
var request = __webpack_require__(9181);
;// CONCATENATED MODULE: ./src/modes/merge.ts
/** merge mode: the request built once, the sources (or this run's staged legs), the publish protocol, the report. */








async function runMergeMode(plan, ports) {
    const started = Date.now();
    const requestsBefore = ports.registry.requestCounts();
    const built = (0,request/* buildPublishRequest */.d)(plan, { ...ports, annotations: plan.annotations });
    const sources = plan.sources.length > 0
        ? plan.sources
        : await findStagedLegs(ports.registry, plan.target, plan.platforms, (0,staging/* stagingIdOf */.Ek)(plan.stagingId, ports.context.runId));
    return publishSources(built, sources, { ports, started, requestsBefore });
}
/**
 * What merge does once it knows its sources, and what publish does after its build: read the sources,
 * run the protocol, write the report. `requestsBefore`: the report counts every request of the run's
 * publishing, the reads made ahead included.
 */
async function publishSources(built, sources, run) {
    const { registry, reports } = run.ports;
    const images = await resolveSources(registry, sources);
    const attest = run.ports.attestation;
    const request = (0,attestation/* withAttestation */.Nq)(built.request, {
        ports: attest && 'ports' in attest ? attest.ports : undefined,
        revision: run.ports.context.sha || undefined
    });
    const outcome = await (0,publish/* publishIndex */.cN)(registry, request, images);
    const attested = outcome.repositories.flatMap((r) => (r.attestation ? [r.attestation] : []));
    await Promise.all(attested.map((record) => (0,attestation/* attestationSettled */.yh)(record)));
    const report = mergeReport(built.request, sources, outcome, {
        durationMs: Date.now() - run.started,
        requests: (0,ports/* requestsSince */.T)(run.requestsBefore, registry.requestCounts())
    });
    const reportPath = await reports.write('merge', outcome.assembled.digest, report);
    const ok = outcome.dryRun || ((outcome.verification?.result.ok ?? false) && !outcome.refused);
    const notes = built.notes.length > 0 ? `\n${built.notes.join('\n')}\n` : '';
    const summary = mergeSummary(built.request, outcome) + notes + attestationLines(attest, attested);
    return { outcome, report, reportPath, summary, ok };
}
/** One attestation line per repository attested (or the notice saying why none was written). */
function attestationLines(setup, records) {
    if (records.length === 0)
        return (0,attestation/* attestationSummary */.hT)(setup, undefined);
    return records.map((record) => (0,attestation/* attestationSummary */.hT)(setup, record)).join('');
}


/***/ }),

/***/ 884:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ requestsSince)
/* harmony export */ });
function requestsSince(before, now) {
    return {
        registry: now.registry - before.registry,
        tokens: now.tokens - before.tokens,
        retries: now.retries - before.retries
    };
}


/***/ }),

/***/ 9181:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ buildPublishRequest)
/* harmony export */ });
/* harmony import */ var _image_index_annotations_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5550);
/**
 * The publish protocol's request, built once from the plan (as go-containerregistry's makeOptions builds
 * one options struct): the modes pass it down unchanged, and the protocol reads it in every phase.
 */

function buildPublishRequest(plan, options) {
    const parsed = (0,_image_index_annotations_js__WEBPACK_IMPORTED_MODULE_0__/* .parseAnnotations */ .KX)(options.annotations);
    const request = {
        target: plan.target,
        tags: plan.tags,
        ...(plan.others ? { others: plan.others } : {}),
        platforms: plan.platforms,
        annotations: parsed.index,
        defaultAnnotations: (0,_image_index_annotations_js__WEBPACK_IMPORTED_MODULE_0__/* .defaultIndexAnnotations */ .mA)(options.context),
        mediaType: plan.mediaType,
        checkBinaries: plan.checkBinaries,
        ...(plan.noRegress ? { noRegress: plan.noRegress } : {}),
        ...(plan.layers ? { layers: plan.layers } : {}),
        ...(options.forward ? { forward: options.forward } : {}),
        archTags: plan.archTags ?? false,
        ...(options.scans ? { scans: options.scans } : {}),
        dryRun: plan.dryRun
    };
    // metadata-action with levels manifest,index writes each annotation twice; the manifest copy is skipped.
    const notes = parsed.ignored.map((l) => `- annotations line ${l.line} skipped (also given at index level): \`${l.text}\``);
    return { request, notes };
}


/***/ }),

/***/ 2614:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ parseManifest),
/* harmony export */   Z: () => (/* binding */ bareMediaType)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3048);
/**
 * Untrusted manifest bytes → typed objects, with explicit validation (never `as any`): schemaVersion 2,
 * a known media type agreeing with the one the registry declared, the fields each kind requires.
 * Pure: the caller fetched the bytes and checked their digest.
 */


/** `application/vnd.oci.image.index.v1+json; charset=utf-8` → the bare media type. */
function bareMediaType(contentType) {
    const bare = contentType?.split(';')[0]?.trim().toLowerCase();
    return bare === '' ? undefined : bare;
}
function invalid(what, problem) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .l('registry', `${what} is not a valid manifest: ${problem}`, {
        hint: 'the registry returned something that is not an image manifest or index; check the reference'
    });
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function checkDescriptor(value, where, what) {
    if (!isRecord(value))
        throw invalid(what, `${where} is not an object`);
    const { mediaType, digest, size } = value;
    if (typeof mediaType !== 'string')
        throw invalid(what, `${where}.mediaType is missing`);
    if (typeof digest !== 'string' || !/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(digest)) {
        throw invalid(what, `${where}.digest is missing or malformed`);
    }
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        throw invalid(what, `${where}.size is missing or not a non-negative integer`);
    }
    if (value.platform !== undefined) {
        const p = value.platform;
        if (!isRecord(p) || typeof p.os !== 'string' || typeof p.architecture !== 'string') {
            throw invalid(what, `${where}.platform needs string os and architecture`);
        }
    }
    if (value.annotations !== undefined && !isRecord(value.annotations)) {
        throw invalid(what, `${where}.annotations is not an object`);
    }
    return value;
}
/**
 * Parses manifest bytes. `declared` is the Content-Type the registry sent; when the body names its own
 * mediaType the two must agree (a registry or proxy that mislabels content is not trusted).
 */
function parseManifest(bytes, declared, what) {
    let json;
    try {
        json = JSON.parse(Buffer.from(bytes).toString('utf8'));
    }
    catch {
        throw invalid(what, 'the body is not JSON');
    }
    if (!isRecord(json))
        throw invalid(what, 'the body is not a JSON object');
    if (json.schemaVersion !== 2)
        throw invalid(what, `schemaVersion is ${JSON.stringify(json.schemaVersion)}, not 2`);
    const declaredType = bareMediaType(declared);
    const bodyType = typeof json.mediaType === 'string' ? json.mediaType : undefined;
    if (bodyType !== undefined && declaredType !== undefined && bodyType !== declaredType) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .l('registry', `${what}: the registry said Content-Type ${declaredType} but the body's mediaType is ${bodyType}`, { hint: 'a proxy or registry is mislabelling manifests; fetch through another path or report it' });
    }
    const mediaType = bodyType ?? declaredType ?? (Array.isArray(json.manifests) ? _types_js__WEBPACK_IMPORTED_MODULE_1__/* .MANIFEST_MEDIA_TYPES */ .$T[0] : undefined);
    if (mediaType === undefined || !_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MANIFEST_MEDIA_TYPES */ .$T.includes(mediaType)) {
        throw invalid(what, `media type ${JSON.stringify(mediaType ?? null)} is not an image manifest or index`);
    }
    if ((0,_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isIndexMediaType */ .$$)(mediaType)) {
        if (!Array.isArray(json.manifests))
            throw invalid(what, 'an index needs a manifests array');
        json.manifests.forEach((d, i) => checkDescriptor(d, `manifests[${i}]`, what));
        return { kind: 'index', mediaType, index: json };
    }
    if (!_types_js__WEBPACK_IMPORTED_MODULE_1__/* .IMAGE_MANIFEST_MEDIA_TYPES */ .vA.includes(mediaType))
        throw invalid(what, `unexpected media type ${mediaType}`);
    checkDescriptor(json.config, 'config', what);
    if (!Array.isArray(json.layers))
        throw invalid(what, 'an image manifest needs a layers array');
    json.layers.forEach((d, i) => checkDescriptor(d, `layers[${i}]`, what));
    return { kind: 'manifest', mediaType, manifest: json };
}


/***/ }),

/***/ 3048:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $$: () => (/* binding */ isIndexMediaType),
/* harmony export */   $T: () => (/* binding */ MANIFEST_MEDIA_TYPES),
/* harmony export */   H3: () => (/* binding */ isAttestation),
/* harmony export */   ZJ: () => (/* binding */ MAX_MANIFEST_BYTES),
/* harmony export */   qq: () => (/* binding */ ATTESTATION_REFERENCE_DIGEST),
/* harmony export */   vA: () => (/* binding */ IMAGE_MANIFEST_MEDIA_TYPES),
/* harmony export */   zu: () => (/* binding */ MediaType)
/* harmony export */ });
/* unused harmony exports INDEX_MEDIA_TYPES, ATTESTATION_REFERENCE_TYPE, ATTESTATION_MANIFEST */
/**
 * OCI and Docker image types, separate from behaviour (image-spec: descriptor.md, manifest.md,
 * image-index.md, config.md; Docker's Image Manifest V2 Schema 2). Pure: no I/O.
 */
const MediaType = {
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    ociConfig: 'application/vnd.oci.image.config.v1+json',
    ociLayerTar: 'application/vnd.oci.image.layer.v1.tar',
    ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
    ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerConfig: 'application/vnd.docker.container.image.v1+json',
    dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    dockerForeignLayerGzip: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip'
};
/** Every manifest and index type a registry may answer with: send all four in Accept. */
const MANIFEST_MEDIA_TYPES = [
    MediaType.ociIndex,
    MediaType.dockerList,
    MediaType.ociManifest,
    MediaType.dockerManifest
];
const INDEX_MEDIA_TYPES = [MediaType.ociIndex, MediaType.dockerList];
const IMAGE_MANIFEST_MEDIA_TYPES = [MediaType.ociManifest, MediaType.dockerManifest];
/** Docker's 4 MiB manifest limit (distribution's default; also what most registries enforce). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** The annotation buildx puts on the attestation manifest beside each image (docker/buildx, attestations). */
const ATTESTATION_REFERENCE_TYPE = 'vnd.docker.reference.type';
const ATTESTATION_MANIFEST = 'attestation-manifest';
const ATTESTATION_REFERENCE_DIGEST = 'vnd.docker.reference.digest';
function isIndexMediaType(mediaType) {
    return INDEX_MEDIA_TYPES.includes(mediaType);
}
function isAttestation(descriptor) {
    return descriptor.annotations?.[ATTESTATION_REFERENCE_TYPE] === ATTESTATION_MANIFEST;
}


/***/ }),

/***/ 4454:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   QO: () => (/* binding */ isKnownOs),
/* harmony export */   o1: () => (/* binding */ isKnownArch),
/* harmony export */   qA: () => (/* binding */ normalizeArch),
/* harmony export */   yR: () => (/* binding */ normalizeOs)
/* harmony export */ });
/* unused harmony exports KNOWN_OPERATING_SYSTEMS, KNOWN_ARCHITECTURES */
/**
 * The name tables and spelling rules of containerd/platforms database.go: which operating systems and
 * architectures are "known" (Go's syslist.go), and how alternative spellings fold to the canonical ones.
 * Pure: no I/O.
 */
/** isKnownOS (database.go): the GOOS values of go/build/syslist.go. */
const KNOWN_OPERATING_SYSTEMS = new Set([
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
]);
/** isKnownArch (database.go): the GOARCH values of go/build/syslist.go. */
const KNOWN_ARCHITECTURES = new Set([
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
]);
/** The value must already be normalised (database.go, isKnownOS). */
function isKnownOs(os) {
    return KNOWN_OPERATING_SYSTEMS.has(os);
}
/** The value must already be normalised (database.go, isKnownArch). */
function isKnownArch(architecture) {
    return KNOWN_ARCHITECTURES.has(architecture);
}
/**
 * normalizeOS (database.go): lower case, and `macos` is `darwin`. containerd turns an empty OS into the
 * host's GOOS; a pure module has no host, so an empty OS stays empty (and formats as "unknown").
 */
function normalizeOs(os) {
    const lower = os.toLowerCase();
    return lower === 'macos' ? 'darwin' : lower;
}
/** normalizeArch (database.go): the canonical architecture and variant, both lower-cased. */
function normalizeArch(architecture, variant) {
    const arch = architecture.toLowerCase();
    const v = variant.toLowerCase();
    switch (arch) {
        case 'i386':
            return { architecture: '386', variant: '' };
        case 'x86_64':
        case 'x86-64':
        case 'amd64':
            // amd64's baseline v1 is written without a variant
            return { architecture: 'amd64', variant: v === 'v1' ? '' : v };
        case 'aarch64':
        case 'arm64':
            return { architecture: 'arm64', variant: normalizeArm64Variant(v) };
        case 'armhf':
            return { architecture: 'arm', variant: 'v7' };
        case 'armel':
            return { architecture: 'arm', variant: 'v6' };
        case 'arm':
            return { architecture: 'arm', variant: normalizeArmVariant(v) };
        default:
            return { architecture: arch, variant: v };
    }
}
/** arm64's baseline v8 is written without a variant; v9 has one spelling (database.go). */
function normalizeArm64Variant(variant) {
    switch (variant) {
        case '8':
        case 'v8':
        case 'v8.0':
            return '';
        case '9':
        case '9.0':
        case 'v9.0':
            return 'v9';
        default:
            return variant;
    }
}
/** 32-bit arm always carries its variant; none means v7, and bare digits gain their "v" (database.go). */
function normalizeArmVariant(variant) {
    switch (variant) {
        case '':
        case '7':
            return 'v7';
        case '5':
        case '6':
        case '8':
            return `v${variant}`;
        default:
            return variant;
    }
}


/***/ }),

/***/ 6132:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CE: () => (/* reexport */ bestMatch),
  Bq: () => (/* reexport */ formatPlatform),
  V9: () => (/* reexport */ matchesStrict),
  FL: () => (/* reexport */ normalize/* normalizePlatform */.FL),
  Y8: () => (/* reexport */ parsePlatform),
  VX: () => (/* reexport */ parsePlatformList),
  cj: () => (/* reexport */ platformIdentity),
  Ng: () => (/* reexport */ platformKey)
});

// UNUSED EXPORTS: DEFAULT_OS, KNOWN_ARCHITECTURES, KNOWN_OPERATING_SYSTEMS, WindowsBuild, formatPlatformWithVersion, isKnownArch, isKnownOs, matchesLenient, matchesPlatform, parseSpecifier, parseWindowsVersion, platformLess, preferenceOrder, sortByPreference, windowsHostRunsContainer, windowsVersionMatches

// EXTERNAL MODULE: ./src/platform/database.ts
var database = __webpack_require__(4454);
// EXTERNAL MODULE: ./src/platform/normalize.ts
var normalize = __webpack_require__(3424);
;// CONCATENATED MODULE: ./src/platform/format.ts

/**
 * containerd's Format: `os/arch[/variant]` exactly as given (not normalised), without `os.version`;
 * a platform without an OS is "unknown".
 */
function formatPlatform(platform) {
    if (platform.os === '')
        return 'unknown';
    return joinPath([platform.os, platform.architecture, platform.variant ?? '']);
}
/**
 * containerd's FormatAll: like formatPlatform, with `os.version` and sorted `os.features` in parentheses
 * after the OS — `windows(10.0.17763.1697)/amd64`, `windows(10.0.17763+win32k)/amd64`, `linux(+gpu)/amd64`.
 * Characters that would be ambiguous in that syntax are percent-encoded; empty features are skipped.
 */
function formatPlatformWithVersion(platform) {
    if (platform.os === '')
        return 'unknown';
    const options = osOptions(platform);
    const os = options === '' ? platform.os : `${platform.os}(${options})`;
    return joinPath([os, platform.architecture, platform.variant ?? '']);
}
/** The normalised `os/arch[/variant]`, e.g. `linux/arm64`, `linux/arm/v7`: the key of the `platforms` output. */
function platformKey(platform) {
    return formatPlatform((0,normalize/* normalizePlatform */.FL)(platform));
}
/**
 * The normalised form including `os.version` and `os.features` (`windows(10.0.20348.2113)/amd64`): unlike
 * platformKey, it tells two Windows builds of the same architecture apart.
 */
function platformIdentity(platform) {
    return formatPlatformWithVersion((0,normalize/* normalizePlatform */.FL)(platform));
}
/** `<os.version>[+<feature>]*`, each part encoded (platforms.go, FormatAll). */
function osOptions(platform) {
    const version = encodeOsOption(platform['os.version'] ?? '');
    // sorted but, as in FormatAll, not de-duplicated (Normalize does that)
    const features = [...(platform['os.features'] ?? [])]
        .sort(normalize/* compareCodePoints */.OP)
        .filter((feature) => feature !== '')
        .map((feature) => `+${encodeOsOption(feature)}`);
    return version + features.join('');
}
/**
 * platforms.go osOptionReplacer: `%` first so nothing is encoded twice, then the characters of the
 * syntax itself (`+`, `(`, `)`, `/`).
 */
function encodeOsOption(value) {
    return value.replace(/[%+()/]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
/**
 * Go's path.Join, which containerd's Format uses: empty elements are skipped and the result is cleaned
 * (`.` dropped, `..` removes the element before it).
 */
function joinPath(elements) {
    const joined = elements.filter((element) => element !== '').join('/');
    if (joined === '')
        return '';
    return cleanPath(joined);
}
/** Go's path.Clean for the relative paths Format produces. */
function cleanPath(path) {
    const rooted = path.startsWith('/');
    const out = [];
    for (const segment of path.split('/')) {
        if (segment === '' || segment === '.')
            continue;
        if (segment === '..' && out.length > 0 && out[out.length - 1] !== '..') {
            out.pop();
        }
        else if (segment !== '..' || !rooted) {
            out.push(segment);
        }
    }
    const cleaned = (rooted ? '/' : '') + out.join('/');
    return cleaned === '' ? '.' : cleaned;
}

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/platform/parse.ts
/**
 * Platform specifiers: containerd/platforms Parse (platforms.go), its syntax
 * `<os>[(<os.version>[+<os.feature>]*)]|<arch>|<os>[(<os.version>[+<os.feature>]*)]/<arch>[/<variant>]`,
 * e.g. `linux/arm64`, `linux/arm/v7`, `windows(10.0.17763.1697)/amd64`, `arm64`. Pure: no I/O.
 */




/** The OS a bare architecture (`arm64`, `x86_64`) runs on when no host is given: images here are Linux. */
const DEFAULT_OS = 'linux';
const HINT = 'write it as os/arch[/variant], e.g. linux/arm64';
/** specifierRe (platforms.go): the architecture and variant components. */
const COMPONENT = /^[A-Za-z0-9_.-]+$/;
/** osRe (platforms.go): `<os>[(<os.version>[+<feature>]*)]`. */
const OS_COMPONENT = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$/;
/** `windows/amd64:10.0.17763` — a spelling people try; containerd puts the version in parentheses. */
const VERSION_AFTER_COLON = /^([^/:]+)(\/[^:]+):([^/]+)$/;
/**
 * containerd's Parse, exactly: the specifier's own form, only partly normalised (`linux/arm` stays
 * without a variant, `linux/arm64/v8` keeps its v8, `armhf` becomes plain `arm`). Use parsePlatform for
 * the canonical form.
 */
function parseSpecifier(spec, options = {}) {
    if (spec.includes('*'))
        throw invalidPlatform(spec, 'wildcards are not supported');
    const parts = spec.split('/');
    if (parts.length > 3) {
        throw invalidPlatform(spec, `too many "/"-separated parts (${parts.length}), expected at most os/arch/variant`);
    }
    const platform = parseOsComponent(spec, parts[0] ?? '');
    parts.slice(1).forEach((part, i) => {
        checkComponent(spec, part, i === 0 ? 'architecture' : 'variant');
    });
    const [, arch, variant] = parts;
    if (arch === undefined)
        return parseSingleComponent(spec, platform, options);
    if (variant === undefined) {
        // os/arch: the OS and architecture need not be known ones (platforms.go, Parse case 2)
        const normalized = (0,database/* normalizeArch */.qA)(arch, '');
        const shortVariant = isArmV7(normalized) ? '' : normalized.variant;
        return withArch(platform, normalized.architecture, shortVariant);
    }
    const normalized = (0,database/* normalizeArch */.qA)(arch, variant);
    // Parse case 3 keeps an explicit arm64 v8, which Normalize would drop
    const keptVariant = normalized.architecture === 'arm64' && normalized.variant === '' ? 'v8' : normalized.variant;
    return withArch(platform, normalized.architecture, keptVariant);
}
/**
 * A specifier in canonical form (containerd's Parse, then Normalize): `linux/aarch64`, `linux/arm64/v8`
 * and `arm64` are all `{ os: 'linux', architecture: 'arm64' }`; `linux/arm` and `linux/armhf` are
 * `linux/arm/v7`. Throws ActionError('invalid-input') quoting the input and saying what is wrong.
 */
function parsePlatform(spec, options = {}) {
    return (0,normalize/* normalizePlatform */.FL)(parseSpecifier(spec, options));
}
/**
 * A list of specifiers as the `platforms` input holds them: separated by commas and/or newlines, blanks
 * ignored, each parsed and normalised. Every invalid entry and every platform named twice (after
 * normalisation, so `linux/arm64/v8` and `linux/aarch64` collide) is reported in one error.
 */
function parsePlatformList(input, options = {}) {
    const platforms = [];
    const problems = [];
    const seen = new Map();
    for (const spec of splitList(input)) {
        let platform;
        try {
            platform = parsePlatform(spec, options);
        }
        catch (error) {
            if (!(error instanceof errors/* ActionError */.l))
                throw error;
            problems.push(error.message);
            continue;
        }
        const identity = platformIdentity(platform);
        const first = seen.get(identity);
        if (first === undefined) {
            seen.set(identity, spec);
            platforms.push(platform);
        }
        else {
            problems.push(duplicateMessage(first, spec, identity));
        }
    }
    if (problems.length > 0) {
        const hint = problems.some((p) => p.startsWith('invalid platform')) ? HINT : 'list each platform once';
        throw new errors/* ActionError */.l('invalid-input', problems.join('; '), { hint });
    }
    return platforms;
}
function splitList(input) {
    return input
        .split(/[,\r\n]/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
}
function duplicateMessage(first, second, identity) {
    if (first === second)
        return `platform "${first}" is listed twice`;
    return `platforms "${first}" and "${second}" are the same platform (${identity})`;
}
/** The first component: `<os>[(<os.version>[+<feature>]*)]`, options percent-decoded. */
function parseOsComponent(spec, component) {
    const match = OS_COMPONENT.exec(component);
    if (match === null)
        throw invalidOs(spec, component);
    const [, os = '', rawVersion = '', rawFeatures = ''] = match;
    const platform = { os: (0,database/* normalizeOs */.yR)(os), architecture: '' };
    const osVersion = decodeOsOption(spec, rawVersion, 'os.version');
    (0,normalize/* setOptional */.dH)(platform, 'os.version', osVersion === '' ? undefined : osVersion);
    if (rawFeatures !== '') {
        platform['os.features'] = rawFeatures
            .slice(1)
            .split('+')
            .map((feature) => decodeOsOption(spec, feature, 'os feature'));
    }
    return platform;
}
function invalidOs(spec, component) {
    if (component === '')
        return invalidPlatform(spec, 'the operating system is empty');
    return invalidPlatform(spec, `"${component}" is not a valid operating system (letters, digits, "_" and "-", optionally followed by "(os.version)")`);
}
function checkComponent(spec, component, what) {
    if (COMPONENT.test(component))
        return;
    if (component === '')
        throw invalidPlatform(spec, `the ${what} is empty`);
    const colon = VERSION_AFTER_COLON.exec(spec);
    if (colon !== null && component.includes(':')) {
        const [, os = '', rest = '', version = ''] = colon;
        throw invalidPlatform(spec, 'the os.version goes in parentheses after the operating system', {
            hint: `write it as ${os}(${version})${rest}`
        });
    }
    throw invalidPlatform(spec, `"${component}" is not a valid ${what} (letters, digits, ".", "_" and "-" only)`);
}
/**
 * Parse case 1: a known OS takes the host's architecture; otherwise the value is tried as an architecture,
 * which must then be a known one, and takes the host's OS.
 */
function parseSingleComponent(spec, platform, options) {
    if ((0,database/* isKnownOs */.QO)(platform.os)) {
        const host = options.host;
        if (host === undefined) {
            throw invalidPlatform(spec, `"${platform.os}" names an operating system but no architecture`);
        }
        // cpuVariant: the host's variant is kept unless it is arm's default v7
        const normalized = (0,database/* normalizeArch */.qA)(host.architecture, host.variant ?? '');
        return withArch(platform, normalized.architecture, isArmV7(normalized) ? '' : normalized.variant);
    }
    const normalized = (0,database/* normalizeArch */.qA)(spec, '');
    if (!(0,database/* isKnownArch */.o1)(normalized.architecture)) {
        throw invalidPlatform(spec, `"${spec}" is neither a known operating system nor a known architecture`);
    }
    const os = options.host === undefined ? DEFAULT_OS : (0,database/* normalizeOs */.yR)(options.host.os);
    const variant = isArmV7(normalized) ? '' : normalized.variant;
    return { os, architecture: normalized.architecture, ...(variant === '' ? {} : { variant }) };
}
function isArmV7(arch) {
    return arch.architecture === 'arm' && arch.variant === 'v7';
}
function withArch(platform, architecture, variant) {
    const result = { ...platform, architecture };
    (0,normalize/* setOptional */.dH)(result, 'variant', variant === '' ? undefined : variant);
    return result;
}
/** decodeOSOption: url.PathUnescape when the value holds a `%`; a malformed escape is an error. */
function decodeOsOption(spec, value, what) {
    if (!value.includes('%'))
        return value;
    const bytes = [];
    for (let i = 0; i < value.length; i++) {
        const c = value.charCodeAt(i);
        if (c !== 0x25) {
            bytes.push(c); // the syntax only admits ASCII here
            continue;
        }
        const hex = value.slice(i + 1, i + 3);
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
            throw invalidPlatform(spec, `the ${what} "${value}" has a malformed %-escape`);
        }
        bytes.push(parseInt(hex, 16));
        i += 2;
    }
    return new TextDecoder().decode(new Uint8Array(bytes));
}
function invalidPlatform(spec, problem, options = {}) {
    return new errors/* ActionError */.l('invalid-input', `invalid platform "${spec}": ${problem}`, {
        hint: options.hint ?? HINT
    });
}

;// CONCATENATED MODULE: ./src/platform/windows.ts
/**
 * Windows `os.version` compatibility, as containerd/platforms platform_windows_compat.go decides it: a
 * Windows container runs only on a host with the same major.minor and (before Windows Server 2022) the same
 * build; from Server 2022 on, a host also runs the stable-ABI LTSC images from the previous LTSC up to its
 * own build. The revision (4th number) never matters. Pure: no I/O.
 */
/** Build numbers (platform_windows_compat.go; Microsoft's Windows release-health pages). */
const WindowsBuild = {
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
};
/** compatLTSCReleases: the stable-ABI LTSC builds, ascending. */
const STABLE_ABI_LTSC_BUILDS = [WindowsBuild.ltsc2022, WindowsBuild.ltsc2025];
const EMPTY = { major: 0, minor: 0, build: 0 };
/**
 * getWindowsOSVersion: `major.minor.build[.revision]` into numbers. Anything else (fewer than three parts,
 * a part that is not an unsigned decimal, or out of range: major and minor are uint8, build uint16) is
 * the empty version 0.0.0, which the matcher treats as "no version".
 */
function parseWindowsVersion(osVersion) {
    const parts = osVersion.split('.');
    if (parts.length < 3)
        return EMPTY;
    const major = parseUnsigned(parts[0] ?? '', 0xff);
    const minor = parseUnsigned(parts[1] ?? '', 0xff);
    const build = parseUnsigned(parts[2] ?? '', 0xffff);
    if (major === undefined || minor === undefined || build === undefined)
        return EMPTY;
    return { major, minor, build };
}
/** Go's strconv.ParseUint(s, 10, bits): decimal digits only, within range. */
function parseUnsigned(text, max) {
    if (!/^[0-9]+$/.test(text))
        return undefined;
    const value = Number(text);
    return value <= max ? value : undefined;
}
function isEmpty(version) {
    return version.major === 0 && version.minor === 0 && version.build === 0;
}
/**
 * checkWindowsHostAndContainerCompat: can a host of version `host` run a container image built for
 * `container`?
 */
function windowsHostRunsContainer(host, container) {
    if (host.major !== container.major || host.minor !== container.minor)
        return false;
    // before Windows Server 2022 the build must be exactly the host's
    if (host.build < WindowsBuild.ltsc2022)
        return host.build === container.build;
    // the host runs everything from the latest stable-ABI LTSC older than itself up to its own build
    let oldestSupported = WindowsBuild.ltsc2022;
    for (let i = STABLE_ABI_LTSC_BUILDS.length - 1; i >= 0; i--) {
        const ltsc = STABLE_ABI_LTSC_BUILDS[i] ?? WindowsBuild.ltsc2022;
        if (host.build > ltsc) {
            oldestSupported = ltsc;
            break;
        }
    }
    return oldestSupported <= container.build && container.build <= host.build;
}
/**
 * windowsVersionMatcher.Match: a request without a (parsable) version, or an entry without one, always
 * matches; otherwise the request's version is the host and the entry's the container.
 */
function windowsVersionMatches(wantOsVersion, haveOsVersion) {
    const host = parseWindowsVersion(wantOsVersion);
    if (isEmpty(host) || haveOsVersion === '')
        return true;
    return windowsHostRunsContainer(host, parseWindowsVersion(haveOsVersion));
}

;// CONCATENATED MODULE: ./src/platform/match.ts


/**
 * containerd's NewMatcher(want).Match(have): OS, architecture and variant equal after normalisation; for a
 * Windows `want`, the `os.version` compatibility of platform_windows_compat.go; and `have`'s `os.features`
 * a subset of `want`'s (an image needing a feature runs only where the request offers it).
 */
function match_matchesPlatform(want, have) {
    const w = (0,normalize/* normalizePlatform */.FL)(want);
    const h = (0,normalize/* normalizePlatform */.FL)(have);
    return (sameArchitecture(w, h) &&
        (w.os !== 'windows' || windowsVersionMatches(w['os.version'] ?? '', have['os.version'] ?? '')) &&
        isSortedSubset(h['os.features'] ?? [], w['os.features'] ?? []));
}
/**
 * Coverage: `have` is the platform `want` names — equal after normalisation (containerd's OnlyStrict:
 * `arm64` is `arm64/v8` and `aarch64`, `arm` is `arm/v7`, but `amd64` is not `386` and `arm/v7` is not
 * `arm/v6`). One deliberate difference from OnlyStrict: a pinned `os.version` must be present on `have`
 * and equal to it in every part the pin gives (`10.0.17763` accepts `10.0.17763.1697`, and
 * `10.0.17763.1697` only itself), where containerd would accept any compatible build or none at all.
 * A request without `os.version` accepts any.
 */
function matchesStrict(want, have) {
    const w = (0,normalize/* normalizePlatform */.FL)(want);
    const h = (0,normalize/* normalizePlatform */.FL)(have);
    return (sameArchitecture(w, h) &&
        osVersionPinHolds(w['os.version'] ?? '', have['os.version'] ?? '') &&
        isSortedSubset(h['os.features'] ?? [], w['os.features'] ?? []));
}
/** Both already normalised. */
function sameArchitecture(want, have) {
    return (want.os === have.os &&
        want.architecture === have.architecture &&
        (want.variant ?? '') === (have.variant ?? ''));
}
/** Ours: a pin is a dotted prefix of the entry's version, compared part by part. */
function osVersionPinHolds(pin, version) {
    if (pin === '')
        return true;
    return version === pin || version.startsWith(`${pin}.`);
}
/** platforms.go matcher.Match: every one of `needed` (sorted) is in `offered` (sorted). */
function isSortedSubset(needed, offered) {
    let j = 0;
    for (const feature of needed) {
        while (j < offered.length && (0,normalize/* compareCodePoints */.OP)(offered[j] ?? '', feature) < 0)
            j++;
        if (j >= offered.length || offered[j] !== feature)
            return false;
        j++;
    }
    return true;
}

;// CONCATENATED MODULE: ./src/platform/compare.ts


/**
 * Variant numbers above this are treated as not numeric. containerd would enumerate every lower variant
 * (`arm/v1000000` → a million entries); no real variant comes near.
 */
const MAX_VARIANT_NUMBER = 1000;
/** Armv9.N carries the baseline of Armv8.(N+5), and Armv8 stops at .9 (compare.go). */
const ARM64_V9_TO_V8_OFFSET = 5;
const ARM64_MAX_V8_MINOR = 9;
/**
 * The platforms containerd's Only(want) accepts, most preferred first (compare.go, platformVector), in
 * normalised form:
 * - amd64/vN: amd64/vN … amd64/v2, amd64, then 386
 * - arm/vN (N > 5): arm/vN … arm/v5
 * - arm64/v8.N: arm64/v8.N … arm64/v8.1, arm64, then arm/v8 … arm/v5
 * - arm64/v9.N: arm64/v9.N … arm64/v9, arm64/v8.(N+5, at most 9) … arm64, then arm/v8 … arm/v5
 *   (plain arm64/v9 falls back to arm/v9 … arm/v5, as upstream does)
 * - anything else: itself only.
 * `os`, `os.version` and `os.features` are carried to every entry.
 */
function preferenceOrder(want) {
    return platformVector((0,normalize/* normalizePlatform */.FL)(want)).map(normalize/* normalizePlatform */.FL);
}
/** containerd's Only(want).Match(have): `have` is runnable where `want` is asked for. */
function matchesLenient(want, have) {
    return preferenceOrder(want).some((candidate) => matchesPlatform(candidate, have));
}
/**
 * containerd's Only(want).Less(p1, p2) (compare.go, orderedPlatformComparer): p1 sorts before p2 when it
 * matches an earlier entry of preferenceOrder(want); at the same entry, the one declaring more
 * `os.features` wins; when neither matches, the comparison is retried with features ignored.
 */
function platformLess(want, p1, p2) {
    return orderedLess(preferenceOrder(want), p1, p2);
}
/**
 * The candidates containerd's Only(want) accepts, best first: its filter, then a stable sort by Less —
 * what images.Manifest and LimitManifests do with an index. Candidates without a platform are left out
 * (containerd would fetch their config to decide; that is I/O).
 */
function sortByPreference(want, candidates) {
    const order = preferenceOrder(want);
    const matching = candidates.filter((c) => c.platform !== undefined && matchesAny(order, c.platform));
    return matching
        .map((candidate, index) => ({ candidate, index }))
        .sort((a, b) => compareWith(order, a.candidate, b.candidate) || a.index - b.index)
        .map(({ candidate }) => candidate);
}
/** What a containerd client pulls for `want` from these index entries: the first of sortByPreference. */
function bestMatch(want, candidates) {
    return sortByPreference(want, candidates)[0];
}
function matchesAny(order, have) {
    return order.some((candidate) => match_matchesPlatform(candidate, have));
}
function compareWith(order, a, b) {
    if (a.platform === undefined || b.platform === undefined)
        return 0;
    if (orderedLess(order, a.platform, b.platform))
        return -1;
    if (orderedLess(order, b.platform, a.platform))
        return 1;
    return 0;
}
function orderedLess(order, p1, p2) {
    for (const candidate of order) {
        const m1 = match_matchesPlatform(candidate, p1);
        const m2 = match_matchesPlatform(candidate, p2);
        if (m1 && !m2)
            return true;
        if (m1 || m2) {
            // both match here: prefer the one with more OS features
            return m1 && m2 && featureCount(p1) > featureCount(p2);
        }
    }
    if (featureCount(p1) > 0 || featureCount(p2) > 0) {
        return orderedLess(order, withoutFeatures(p1), withoutFeatures(p2));
    }
    return false;
}
function featureCount(platform) {
    return platform['os.features']?.length ?? 0;
}
function withoutFeatures(platform) {
    const copy = { ...platform };
    (0,normalize/* setOptional */.dH)(copy, 'os.features', undefined);
    return copy;
}
/** compare.go platformVector, over a normalised platform. */
function platformVector(platform) {
    switch (platform.architecture) {
        case 'amd64':
            return [platform, ...amd64Fallbacks(platform)];
        case 'arm':
            return [platform, ...armFallbacks(platform)];
        case 'arm64':
            return [platform, ...arm64Fallbacks(platform)];
        default:
            return [platform];
    }
}
/** amd64/vN also runs vN-1 … v1, and every amd64 runs 386. */
function amd64Fallbacks(platform) {
    const level = variantNumber(platform.variant ?? '');
    const lower = level !== undefined && level > 1 ? countDown(level - 1, 1).map((n) => `v${n}`) : [];
    return [...lower.map((v) => sibling(platform, 'amd64', v)), sibling(platform, '386', '')];
}
/** arm/vN (N > 5) also runs vN-1 … v5. */
function armFallbacks(platform) {
    const level = variantNumber(platform.variant ?? '');
    if (level === undefined || level <= 5)
        return [];
    return countDown(level - 1, 5).map((n) => sibling(platform, 'arm', `v${n}`));
}
/** arm64: the earlier v8.x/v9.x levels, then 32-bit arm from v8 down (compare.go, case "arm64"). */
function arm64Fallbacks(platform) {
    const variant = platform.variant === undefined || platform.variant === '' ? 'v8' : platform.variant;
    const fallbacks = arm64Levels(variant).map((v) => sibling(platform, 'arm64', v));
    // every arm64/v8.x and v9.x runs 32-bit arm/v8 and below
    const armVariant = variant.startsWith('v8.') || variant.startsWith('v9.') ? 'v8' : variant;
    return [...fallbacks, ...platformVector(sibling(platform, 'arm', armVariant))];
}
/** The arm64 variants below `variant`, highest first (compare.go keeps upstream's quirks: see the tests). */
function arm64Levels(variant) {
    const dot = variant.indexOf('.');
    const majorPart = dot < 0 ? variant : variant.slice(0, dot);
    let major = variantNumber(majorPart);
    if (major === undefined || major < 8)
        return [];
    // only a one-digit minor ("v8.3", four characters) counts; "v8.10" is read as v8
    const minorNumber = dot >= 0 && variant.length === 4 ? goAtoi(variant.slice(dot + 1)) : undefined;
    let minor = minorNumber ?? 0;
    const levels = [];
    if (major === 9) {
        levels.push(...countDown(minor - 1, 0).map((n) => arm64Level(9, n)));
        minor = Math.min(minor + ARM64_V9_TO_V8_OFFSET, ARM64_MAX_V8_MINOR);
        major = 8;
        levels.push(`v8.${minor}`);
    }
    levels.push(...countDown(minor - 1, 0).map((n) => arm64Level(major, n)));
    return levels;
}
function arm64Level(major, minor) {
    return minor === 0 ? `v${major}` : `v${major}.${minor}`;
}
/** A fallback entry: same OS, os.version and os.features, another architecture/variant. */
function sibling(platform, architecture, variant) {
    const result = { os: platform.os, architecture };
    (0,normalize/* setOptional */.dH)(result, 'variant', variant === '' ? undefined : variant);
    (0,normalize/* setOptional */.dH)(result, 'os.version', platform['os.version']);
    (0,normalize/* setOptional */.dH)(result, 'os.features', platform['os.features']);
    return result;
}
/** `from`, `from - 1`, … `to` (empty when from < to). */
function countDown(from, to) {
    const out = [];
    for (let n = from; n >= to; n--)
        out.push(n);
    return out;
}
/** strconv.Atoi(strings.TrimPrefix(variant, "v")), bounded by MAX_VARIANT_NUMBER. */
function variantNumber(variant) {
    return goAtoi(variant.startsWith('v') ? variant.slice(1) : variant);
}
/** Go's strconv.Atoi: optional sign, decimal digits; undefined where Go returns an error. */
function goAtoi(text) {
    if (!/^[+-]?[0-9]+$/.test(text))
        return undefined;
    const value = Number(text);
    return Math.abs(value) <= MAX_VARIANT_NUMBER ? value : undefined;
}

;// CONCATENATED MODULE: ./src/platform/index.ts
/**
 * Platforms by containerd's rules (github.com/containerd/platforms): parse, normalise, format, match and
 * order. Pure: no I/O.
 */









/***/ }),

/***/ 3424:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FL: () => (/* binding */ normalizePlatform),
/* harmony export */   OP: () => (/* binding */ compareCodePoints),
/* harmony export */   dH: () => (/* binding */ setOptional)
/* harmony export */ });
/* unused harmony export sortedUnique */
/* harmony import */ var _database_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4454);

/**
 * The canonical value of a platform (platforms.go, Normalize): `aarch64`→`arm64`, `arm64/v8`→`arm64`,
 * `arm`→`arm/v7`, `armhf`→`arm/v7`, `armel`→`arm/v6`, `x86_64`→`amd64`, `amd64/v1`→`amd64`, `i386`→`386`,
 * `macos`→`darwin`, OS, architecture and variant lower-cased, `os.features` sorted without repeats.
 * `os.version` and `features` are kept as they are. The input is not modified.
 */
function normalizePlatform(platform) {
    const { architecture, variant } = (0,_database_js__WEBPACK_IMPORTED_MODULE_0__/* .normalizeArch */ .qA)(platform.architecture, platform.variant ?? '');
    const normalized = { ...platform, os: (0,_database_js__WEBPACK_IMPORTED_MODULE_0__/* .normalizeOs */ .yR)(platform.os), architecture };
    setOptional(normalized, 'variant', variant === '' ? undefined : variant);
    const osFeatures = platform['os.features'];
    if (osFeatures !== undefined && osFeatures.length > 0) {
        normalized['os.features'] = sortedUnique(osFeatures);
    }
    return normalized;
}
/** Sets an optional field, or removes it so that `{}` and `{ variant: undefined }` never differ. */
function setOptional(platform, key, value) {
    if (value === undefined) {
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- key is one of three literal names
        delete platform[key];
    }
    else {
        platform[key] = value;
    }
}
/** Go's slices.Sort + slices.Compact: byte order of UTF-8 is code point order. */
function sortedUnique(values) {
    const sorted = [...values].sort(compareCodePoints);
    return sorted.filter((value, i) => i === 0 || value !== sorted[i - 1]);
}
/** Compares like Go compares strings (UTF-8 bytes, i.e. code points), not by UTF-16 code units. */
function compareCodePoints(a, b) {
    const left = Array.from(a, (c) => c.codePointAt(0) ?? 0);
    const right = Array.from(b, (c) => c.codePointAt(0) ?? 0);
    const length = Math.min(left.length, right.length);
    for (let i = 0; i < length; i++) {
        const diff = (left[i] ?? 0) - (right[i] ?? 0);
        if (diff !== 0)
            return diff;
    }
    return left.length - right.length;
}


/***/ }),

/***/ 9537:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ mapBounded)
/* harmony export */ });
/** Runs `work` over items with at most `limit` in flight, keeping the results in item order. */
async function mapBounded(items, limit, work) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index], index);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    return results;
}


/***/ }),

/***/ 9072:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R3: () => (/* binding */ runProcess)
/* harmony export */ });
/* unused harmony exports PROCESS_MARKER, findMarked, parsePgid */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6193);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_string_decoder__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);
/**
 * The one process edge: every external program (docker, buildx, credential helpers, the QEMU installer)
 * starts here, through @actions/exec — the way docker/actions-toolkit starts everything through one `Exec`.
 *
 * Stopping. @actions/exec does not hand out the child (nor its pid), yet a stop — our own failure, or
 * SIGINT/SIGTERM sent to us by the runner's cancel — must reach buildx, which cancels its build on SIGINT
 * as it does on Ctrl-C. So, on Linux:
 * - the program is started through `setsid` (util-linux, also busybox): the child @actions/exec spawns is
 *   never a process-group leader, so setsid execs the program in place, as the leader of a new group that
 *   holds docker and the buildx plugin it runs — signalling that group is what a terminal's Ctrl-C does,
 *   and a signal to our own group (a runner's) no longer reaches it unasked;
 * - every process gets a marker in its environment; to stop one, /proc is searched for the processes
 *   carrying its marker (descendants inherit it), and their groups get SIGINT, then SIGKILL after a grace
 *   period. Matching by marker, not by parent pid, also finds the process when setsid was unavailable
 *   (then each marked process is signalled on its own, never our group).
 * Where there is no /proc or no setsid (macOS CLI users), processes run the same, and a stop falls back to
 * what the OS gives: nothing reaches a child we cannot name, so the caller still waits for it to end.
 */




/** The environment variable carrying each process's marker (the /proc search looks for it). */
const PROCESS_MARKER = 'MULTIARCH_PUBLISH_PROCESS';
const DEFAULT_GRACE_MS = 10_000;
const running = new Map();
/** Runs `command args`, output captured (and streamed to the listeners); see the module comment for stops. */
async function runProcess(command, args, options = {}) {
    const id = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)();
    const env = processEnv(options.env ?? process.env, id);
    const wrap = await setsidPath();
    // Loaded at the first program run: verify and merge usually run none (a credential helper at most).
    const { exec } = await __webpack_require__.e(/* import() */ 260).then(__webpack_require__.bind(__webpack_require__, 1260));
    let stdout = '';
    let stderr = '';
    const outDecoder = new node_string_decoder__WEBPACK_IMPORTED_MODULE_2__.StringDecoder('utf8');
    const errDecoder = new node_string_decoder__WEBPACK_IMPORTED_MODULE_2__.StringDecoder('utf8');
    let stopped = false;
    let settled = false;
    const stop = () => {
        if (stopped || settled)
            return;
        stopped = true;
        void stopMarked(id, options.graceMs ?? DEFAULT_GRACE_MS, () => settled);
    };
    if (options.signal?.aborted)
        stop();
    options.signal?.addEventListener('abort', stop, { once: true });
    const execution = exec(wrap ?? command, wrap ? [command, ...args] : [...args], {
        silent: true,
        ignoreReturnCode: true,
        env,
        ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
        ...(options.input !== undefined
            ? { input: typeof options.input === 'string' ? Buffer.from(options.input) : options.input }
            : {}),
        listeners: {
            stdout: (data) => {
                const text = outDecoder.write(data);
                stdout += text;
                if (text !== '')
                    options.onStdout?.(text);
            },
            stderr: (data) => {
                const text = errDecoder.write(data);
                stderr += text;
                if (text !== '')
                    options.onStderr?.(text);
            }
        }
    });
    track(id, { stop });
    let code;
    let startError;
    try {
        code = await execution;
    }
    catch (error) {
        // @actions/exec rejects when the program is not on PATH, or when the spawn itself fails.
        code = -1;
        startError = error instanceof Error ? error.message : String(error);
    }
    finally {
        settled = true;
        options.signal?.removeEventListener('abort', stop);
        untrack(id);
    }
    stdout += outDecoder.end();
    stderr += errDecoder.end();
    // setsid itself reports a missing program (exit 127 with "failed to execute"), not @actions/exec.
    if (wrap && code === 127 && /setsid: failed to execute/.test(stderr))
        startError ??= stderr.trim();
    const result = {
        code,
        stdout,
        stderr,
        stopped,
        ...(startError !== undefined ? { startError } : {})
    };
    if (!options.ignoreReturnCode && (code !== 0 || startError !== undefined)) {
        throw failure(command, args, result, options.errorKind ?? 'environment');
    }
    return result;
}
function failure(command, args, result, kind) {
    const what = `\`${[command, ...args.slice(0, 2)].join(' ')}\``;
    if (result.startError !== undefined) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .l('environment', `${what} cannot be run: ${result.startError}`, {
            hint: `install ${command} or put it on PATH`
        });
    }
    const last = (result.stderr.trim() || result.stdout.trim()).split('\n').pop()?.trim() ?? '';
    return new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .l(kind, `${what} exited ${result.code}${last === '' ? '' : `: ${last}`}`, {
        hint: 'see the output above',
        cause: result.stderr
    });
}
function processEnv(source, id) {
    const env = {};
    for (const [key, value] of Object.entries(source))
        if (value !== undefined)
            env[key] = value;
    env[PROCESS_MARKER] = id;
    return env;
}
let setsidLookup;
/** setsid's path on Linux, found once; undefined elsewhere or when it is not installed. */
function setsidPath() {
    setsidLookup ??= (async () => {
        if (process.platform !== 'linux')
            return undefined;
        const dirs = (process.env.PATH ?? '').split(':').filter((d) => d !== '');
        for (const dir of [...dirs, '/usr/bin', '/bin']) {
            try {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.access)(`${dir}/setsid`, node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.constants.X_OK);
                return `${dir}/setsid`;
            }
            catch {
                // Not here.
            }
        }
        return undefined;
    })();
    return setsidLookup;
}
/** The live processes whose environment carries `id` (ours and our users' only: others' environ is unreadable). */
async function findMarked(id) {
    const marker = `${PROCESS_MARKER}=${id}`;
    let names;
    try {
        names = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)('/proc');
    }
    catch {
        return [];
    }
    const found = [];
    await Promise.all(names
        .filter((n) => /^\d+$/.test(n) && Number(n) !== process.pid)
        .map(async (n) => {
        try {
            const environ = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(`/proc/${n}/environ`, 'latin1');
            if (!environ.split('\0').includes(marker))
                return;
            const pgid = parsePgid(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(`/proc/${n}/stat`, 'latin1'));
            if (pgid !== undefined)
                found.push({ pid: Number(n), pgid });
        }
        catch {
            // Gone, or not ours.
        }
    }));
    return found;
}
/** Field 5 of /proc/PID/stat; the command name (field 2) is in parentheses and may hold spaces. */
function parsePgid(stat) {
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pgid = Number(fields[2]);
    return Number.isInteger(pgid) && pgid > 0 ? pgid : undefined;
}
let ownGroup;
function ownProcessGroup() {
    ownGroup ??= (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)('/proc/self/stat', 'latin1')
        .then(parsePgid)
        .catch(() => undefined);
    return ownGroup;
}
/** Signals the marked processes' groups (or the processes, when they share our group) until `done()`. */
async function stopMarked(id, graceMs, done) {
    const own = await ownProcessGroup();
    const deadline = Date.now() + graceMs;
    const interrupted = new Set();
    // Repeated: a process that had not exec'd yet at the first look is found at a later one.
    while (!done()) {
        const kill = Date.now() >= deadline;
        for (const p of await findMarked(id)) {
            const target = own !== undefined && p.pgid !== own ? -p.pgid : p.pid;
            if (!kill && interrupted.has(target))
                continue;
            interrupted.add(target);
            try {
                process.kill(target, kill ? 'SIGKILL' : 'SIGINT');
            }
            catch {
                // Already gone.
            }
        }
        await new Promise((resolve) => setTimeout(resolve, kill ? 1_000 : 200).unref());
    }
}
// ── a signal to us stops our children first ─────────────────────────────────────────────────────────────
const FORWARDED = ['SIGINT', 'SIGTERM'];
let pendingSignal;
function onSignal(signal) {
    pendingSignal ??= signal;
    for (const r of running.values())
        r.stop();
    // Re-raised once every child has ended (untrack), or after the grace period at the latest.
    setTimeout(reraise, DEFAULT_GRACE_MS + 2_000).unref();
    if (running.size === 0)
        reraise();
}
function reraise() {
    const signal = pendingSignal;
    if (signal === undefined)
        return;
    pendingSignal = undefined;
    for (const s of FORWARDED)
        process.removeListener(s, onSignal);
    process.kill(process.pid, signal);
}
function track(id, entry) {
    if (running.size === 0)
        for (const s of FORWARDED)
            process.on(s, onSignal);
    running.set(id, entry);
}
function untrack(id) {
    running.delete(id);
    if (running.size > 0)
        return;
    if (pendingSignal !== undefined)
        reraise();
    else
        for (const s of FORWARDED)
            process.removeListener(s, onSignal);
}


/***/ }),

/***/ 6326:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cN: () => (/* binding */ publishIndex),
  Ao: () => (/* binding */ reachOtherRepositories),
  Ek: () => (/* binding */ readAhead)
});

// EXTERNAL MODULE: ./src/image-index/annotations.ts
var annotations = __webpack_require__(5550);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/oci/types.ts
var types = __webpack_require__(3048);
// EXTERNAL MODULE: ./src/platform/index.ts + 5 modules
var src_platform = __webpack_require__(6132);
// EXTERNAL MODULE: ./src/platform/normalize.ts
var normalize = __webpack_require__(3424);
;// CONCATENATED MODULE: ./src/image-index/assemble.ts
/**
 * Assembling the index this action publishes from the platform images of one or more sources and the
 * attestation manifests that describe them: which entries, in which order, as a Docker manifest list or an
 * OCI index, and the exact bytes whose sha256 is the index digest. Pure: no I/O.
 */





/**
 * Builds the index: images matching a requested platform first (in the requested order), then the rest in
 * the order given, then every attestation manifest in the order of its image. Serialised once; the digest
 * is computed over those bytes, so the same inputs always give the same digest.
 */
function assembleIndex(images, options) {
    if (images.length === 0) {
        throw new errors/* ActionError */.l('invalid-input', 'no images to assemble: no source gave a platform image', {
            hint: 'check `sources` and `platforms`: at least one platform image is needed'
        });
    }
    rejectNonImages(images);
    rejectDuplicatePlatforms(images);
    const { bound, dropped } = bindAttestations(images);
    const ordered = orderImages(bound, options.requested);
    const mediaType = chooseMediaType(ordered, options.mediaType, Object.keys(options.annotations).length > 0);
    const manifests = [
        ...ordered.map((image) => imageEntry(image, pinnedFor(image, options.requested))),
        ...ordered.flatMap((image) => image.attestations)
    ];
    const index = buildIndex(mediaType, manifests, options.annotations);
    const bytes = Buffer.from(JSON.stringify(index), 'utf8');
    rejectOversized(bytes);
    return {
        mediaType,
        bytes,
        digest: sha256Digest(bytes),
        index,
        order: ordered.map((image) => (0,src_platform/* platformIdentity */.cj)(image.platform)),
        dropped
    };
}
/**
 * The media type of the index (CONTRIBUTING.md, "Media type"): a Docker manifest list only when every child is
 * a Docker v2 manifest, nothing OCI-only rides along (attestations are OCI manifests) and no index
 * annotations are asked for; an OCI index otherwise. `oci` and `docker` override, but `docker` refuses
 * what a Docker list cannot hold rather than silently dropping it.
 */
function chooseMediaType(images, choice, hasAnnotations) {
    switch (choice) {
        case 'oci':
            return types/* MediaType */.zu.ociIndex;
        case 'docker':
            checkDockerListPossible(images, hasAnnotations);
            return types/* MediaType */.zu.dockerList;
        case 'auto':
            return fitsDockerList(images, hasAnnotations) ? types/* MediaType */.zu.dockerList : types/* MediaType */.zu.ociIndex;
    }
}
function fitsDockerList(images, hasAnnotations) {
    return (!hasAnnotations &&
        images.every((image) => image.descriptor.mediaType === types/* MediaType */.zu.dockerManifest) &&
        images.every((image) => image.attestations.length === 0));
}
function checkDockerListPossible(images, hasAnnotations) {
    if (hasAnnotations) {
        throw new errors/* ActionError */.l('invalid-input', '`media-type: docker` with `annotations`: a Docker manifest list cannot carry annotations', { hint: 'use `media-type: oci` (or auto), or drop `annotations`' });
    }
    const ociChildren = images.filter((image) => image.descriptor.mediaType !== types/* MediaType */.zu.dockerManifest);
    if (ociChildren.length > 0) {
        // A Docker list pointing at OCI manifests is a mixed document that Docker clients mishandle.
        throw new errors/* ActionError */.l('invalid-input', `\`media-type: docker\`, but ${describeImages(ociChildren)} ${ociChildren.length === 1 ? 'is an OCI image manifest' : 'are OCI image manifests'}`, {
            hint: 'use `media-type: oci` (or auto), or build those images with Docker media types (oci-mediatypes=false)'
        });
    }
    const attested = images.filter((image) => image.attestations.length > 0);
    if (attested.length > 0) {
        throw new errors/* ActionError */.l('invalid-input', `\`media-type: docker\`, but ${describeImages(attested)} ${attested.length === 1 ? 'carries' : 'carry'} attestation manifests (provenance/SBOM), which are OCI manifests`, { hint: 'use `media-type: oci` (or auto), or set `provenance: false` and `sbom: false`' });
    }
}
/** `linux/arm64 from ghcr.io/o/a:1, linux/amd64 from ghcr.io/o/b:1` */
function describeImages(images) {
    return images.map((image) => `${(0,src_platform/* platformIdentity */.cj)(image.platform)} from ${image.source}`).join(', ');
}
/** Only platform image manifests can be index entries: a nested index or an attestation here is a caller bug or a bad source. */
function rejectNonImages(images) {
    for (const image of images) {
        const { mediaType } = image.descriptor;
        if (!types/* IMAGE_MANIFEST_MEDIA_TYPES */.vA.includes(mediaType) || (0,types/* isAttestation */.H3)(image.descriptor)) {
            const what = (0,types/* isAttestation */.H3)(image.descriptor) ? 'an attestation manifest' : `a ${mediaType}`;
            throw new errors/* ActionError */.l('invalid-input', `${image.source} gives ${(0,src_platform/* platformIdentity */.cj)(image.platform)} as ${what}, not a platform image manifest`, { hint: 'list images (or indexes of images) in `sources`, not artifacts or nested indexes' });
        }
    }
}
/**
 * Two entries for one platform make a client's pick depend on order. Compared by platformIdentity, so
 * arm64 and arm64/v8 collide while Windows builds with different os.version do not. Every collision is
 * reported at once.
 */
function rejectDuplicatePlatforms(images) {
    const firstByIdentity = new Map();
    const problems = [];
    for (const image of images) {
        const identity = (0,src_platform/* platformIdentity */.cj)(image.platform);
        const first = firstByIdentity.get(identity);
        if (first === undefined) {
            firstByIdentity.set(identity, image);
        }
        else if (first.source === image.source) {
            problems.push(`${identity} comes twice from ${image.source}`);
        }
        else {
            problems.push(`${identity} comes from two sources: ${first.source} and ${image.source}`);
        }
    }
    if (problems.length > 0) {
        throw new errors/* ActionError */.l('invalid-input', problems.join('; '), {
            hint: 'build each platform once: remove the extra one from `sources` or `platforms`'
        });
    }
}
/**
 * Keeps each attestation whose subject (vnd.docker.reference.digest) is one of the images, once; the rest
 * cannot be bound to anything in this index and are returned so the caller can say so.
 */
function bindAttestations(images) {
    const subjects = new Set(images.map((image) => image.descriptor.digest));
    const seen = new Set();
    const dropped = [];
    const bound = images.map((image) => {
        const attestations = image.attestations.filter((attestation) => {
            const subject = attestation.annotations?.[types/* ATTESTATION_REFERENCE_DIGEST */.qq];
            if (subject === undefined || !subjects.has(subject)) {
                dropped.push(attestation);
                return false;
            }
            if (seen.has(attestation.digest))
                return false;
            seen.add(attestation.digest);
            return true;
        });
        return { ...image, attestations };
    });
    return { bound, dropped };
}
/** Requested platforms first, in the requested order (each image placed once); then the rest as given. */
function orderImages(images, requested) {
    const placed = new Set();
    const ordered = [];
    for (const want of requested) {
        for (const image of images) {
            if (!placed.has(image) && (0,src_platform/* matchesStrict */.V9)(want, image.platform)) {
                placed.add(image);
                ordered.push(image);
            }
        }
    }
    return [...ordered, ...images.filter((image) => !placed.has(image))];
}
/**
 * An image's index entry, fields in the order of the OCI descriptor (mediaType, digest, size, annotations,
 * platform), so the bytes depend only on the values.
 */
function imageEntry(image, pinned) {
    const { mediaType, digest, size, annotations } = image.descriptor;
    return {
        mediaType,
        digest,
        size,
        ...(annotations !== undefined && Object.keys(annotations).length > 0 ? { annotations } : {}),
        platform: indexPlatform(image.platform, pinned)
    };
}
/** The requested platform an image answers, when the request spells a variant of its own. */
function pinnedFor(image, requested) {
    return requested.find((want) => (want.variant ?? '') !== '' && (0,src_platform/* matchesStrict */.V9)(want, image.platform));
}
/**
 * The platform as the source states it (the source index entry's, else the child's config), written in
 * containerd's field order: os, architecture, variant, os.version, os.features. The architecture is
 * normalised (aarch64 → arm64, x86_64 → amd64) but a stated variant stays — arm64's `v8` included, as
 * `docker manifest create` keeps it and as `--platform linux/arm64/v8` lookups (oras, crane) need it —
 * unless the user's `platforms` pins a variant of its own for this image. Without a stated variant the
 * normalised one is written (arm → arm/v7). `features` is reserved by the spec and left out.
 */
function indexPlatform(platform, pinned) {
    const normalized = (0,src_platform/* normalizePlatform */.FL)(platform);
    const variant = pinned?.variant || platform.variant || normalized.variant || '';
    const osVersion = normalized['os.version'] ?? '';
    const osFeatures = normalized['os.features'] ?? [];
    return {
        os: normalized.os,
        architecture: normalized.architecture,
        ...(variant === '' ? {} : { variant }),
        ...(osVersion === '' ? {} : { 'os.version': osVersion }),
        ...(osFeatures.length === 0 ? {} : { 'os.features': osFeatures })
    };
}
/** The document: a Docker list has no annotations field; an OCI index gets one only when there are any. */
function buildIndex(mediaType, manifests, annotations) {
    const sorted = sortedAnnotations(annotations);
    if (mediaType === types/* MediaType */.zu.dockerList || Object.keys(sorted).length === 0) {
        return { schemaVersion: 2, mediaType, manifests };
    }
    return { schemaVersion: 2, mediaType, manifests, annotations: sorted };
}
/** Keys in byte order, as Go's encoding/json writes maps, so insertion order never changes the digest. */
function sortedAnnotations(annotations) {
    // fromEntries defines own properties, so even a `__proto__` key stays an annotation
    return Object.fromEntries(Object.entries(annotations).sort(([a], [b]) => (0,normalize/* compareCodePoints */.OP)(a, b)));
}
function rejectOversized(bytes) {
    if (bytes.length > types/* MAX_MANIFEST_BYTES */.ZJ) {
        throw new errors/* ActionError */.l('invalid-input', `the assembled index is ${bytes.length} bytes, over the ${types/* MAX_MANIFEST_BYTES */.ZJ}-byte manifest limit registries enforce`, { hint: 'publish fewer platforms or fewer attestations, or shorten the annotations' });
    }
}
function sha256Digest(bytes) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
}

// EXTERNAL MODULE: ./src/oci/parse.ts
var parse = __webpack_require__(2614);
// EXTERNAL MODULE: ./src/pool.ts
var pool = __webpack_require__(9537);
// EXTERNAL MODULE: ./src/reference/reference.ts
var reference = __webpack_require__(1644);
// EXTERNAL MODULE: ./src/registry/errors.ts
var registry_errors = __webpack_require__(6764);
// EXTERNAL MODULE: ./src/verify/layers.ts + 2 modules
var verify_layers = __webpack_require__(5322);
// EXTERNAL MODULE: ./src/verify/verify-image.ts + 4 modules
var verify_image = __webpack_require__(5728);
;// CONCATENATED MODULE: ./src/publish/cache.ts
class KnownContentSource {
    manifests = new Map();
    client;
    constructor(client) {
        this.client = client;
    }
    remember(manifest) {
        this.manifests.set(manifest.digest, manifest);
    }
    async getManifest(ref) {
        const known = ref.digest ? this.manifests.get(ref.digest) : undefined;
        return known ?? this.client.getManifest(ref);
    }
    readBlob(repo, digest, limit) {
        return this.client.readBlob(repo, digest, limit);
    }
    getBlob(repo, digest) {
        return this.client.getBlob(repo, digest);
    }
}

;// CONCATENATED MODULE: ./src/publish/copy.ts
/**
 * Brings a manifest and everything it references into the target repository before the index that lists
 * it is pushed (a registry refuses an index whose children it lacks: MANIFEST_BLOB_UNKNOWN). Same
 * repository: nothing to do. Same registry: blobs are mounted. Another registry: blobs are streamed,
 * those already there skipped. Then the manifest is PUT by digest with its exact bytes.
 */


function emptyCopyStats() {
    return { manifests: { present: 0, copied: 0 }, blobs: { exists: 0, mounted: 0, copied: 0 } };
}
const sameRepository = (a, b) => a.registry === b.registry && a.repository === b.repository;
/** Copies `descriptor` (an image or attestation manifest) from `from` to `to`; returns its bytes when read. */
async function copyManifest(client, from, to, descriptor, stats) {
    if (sameRepository(from, to) ||
        (await client.headManifest({ ...to, digest: descriptor.digest })) !== undefined) {
        stats.manifests.present++;
        return undefined;
    }
    const manifest = await client.getManifest({ ...from, digest: descriptor.digest });
    if (manifest.parsed.kind !== 'manifest') {
        throw new errors/* ActionError */.l('invalid-input', `${from.registry}/${from.repository}@${descriptor.digest} is an index, not an image`, {
            hint: 'list images (or per-platform indexes) in `sources`, not indexes of indexes'
        });
    }
    const { config, layers } = manifest.parsed.manifest;
    const blobs = [config, ...layers.filter((l) => !l.urls?.length)];
    await (0,pool/* mapBounded */.y)(blobs, 4, async (blob) => {
        stats.blobs[await client.copyBlob(from, to, blob.digest, blob.size)]++;
    });
    await client.putManifest({ ...to, digest: descriptor.digest }, manifest.bytes, manifest.mediaType);
    stats.manifests.copied++;
    return manifest;
}

// EXTERNAL MODULE: ./src/buildx/staging.ts
var staging = __webpack_require__(1889);
// EXTERNAL MODULE: ./src/revision/decide.ts
var decide = __webpack_require__(5085);
// EXTERNAL MODULE: ./src/revision/read.ts
var read = __webpack_require__(9905);
;// CONCATENATED MODULE: ./src/revision/tag.ts


/** What the tag points to now: absent, or its digest and revision (read.ts rules for both media types). */
async function readTagState(store, ref) {
    const target = { registry: ref.registry, repository: ref.repository, tag: ref.tag };
    if ((await store.headManifest(target)) === undefined)
        return { exists: false };
    const top = await store.getManifest(target);
    // Children are read together: a 7-platform Docker list is 14 small reads before each tag PUT.
    const configs = new Map(await Promise.all((0,read/* configsToRead */.HD)(top).map(async (digest) => {
        const manifest = digest === top.digest
            ? top
            : await store.getManifest({ registry: ref.registry, repository: ref.repository, digest });
        // A child that is no image has no config; read.ts reports it as not read.
        if (manifest.parsed.kind !== 'manifest')
            return [digest, undefined];
        return [digest, parseJson(await store.readBlob(ref, manifest.parsed.manifest.config.digest))];
    })));
    return {
        exists: true,
        digest: top.digest,
        revision: (0,read/* revisionOf */.DT)({ digest: top.digest, parsed: top.parsed, configs })
    };
}
/** Reads the tag, asks ancestry when needed and decides; `current` is returned for no-regress and reports. */
async function checkTagForward(options) {
    const current = await withAttestedRevision(await readTagState(options.store, options.ref), options);
    // Asked under force too: the tag moves either way, but a move back is named in the summary.
    const question = (0,decide/* ancestryQuestion */.cV)(current, options.revision);
    const ancestry = question === undefined ? undefined : await options.ancestry(question.run, question.tag);
    const decision = (0,decide/* decideTag */.BF)({
        tag: options.ref.tag,
        current,
        revision: options.revision,
        onOlder: options.onOlder,
        ...(ancestry !== undefined ? { ancestry } : {})
    });
    return { decision, current };
}
/**
 * A tag whose index and children carry no revision (a Docker list merged from unlabelled images) gets the
 * one its newest trusted attestation records; the reason stays when there is none.
 */
async function withAttestedRevision(current, options) {
    if (!current.exists || current.revision.revision !== undefined || !options.attestedRevision)
        return current;
    const { registry, repository } = options.ref;
    const revision = await options.attestedRevision({ registry, repository, digest: current.digest });
    if (revision === undefined)
        return {
            ...current,
            revision: {
                revision: undefined,
                reason: `${current.revision.reason}, and no trusted attestation records one`
            }
        };
    return { ...current, revision: { revision, from: 'attestation' } };
}
function parseJson(bytes) {
    try {
        return JSON.parse(Buffer.from(bytes).toString('utf8'));
    }
    catch {
        // A config that is not JSON has no label; read.ts reports the revision as missing.
        return {};
    }
}

;// CONCATENATED MODULE: ./src/publish/tags.ts
/**
 * The last phase of the publish protocol, and the only code that writes under a tag (arch tags too):
 * moving the tags, each only forward and never to fewer platforms than it has at that moment; a tag
 * already on the index is read, not written again. Every tag is checked first (nothing moves when one must fail);
 * then each in turn is re-read just before its PUT (a HEAD: if it changed since its check, it is checked
 * again), PUT, and read back (while the next tag is re-read). The distribution API has no conditional
 * PUT, so the window that remains is the one request between that HEAD and the PUT (README: "Tags only
 * move forward"); a workflow `concurrency:` group closes it.
 */







/**
 * The first check of every tag: reads only (the tag, its configs, ancestry; the arch tags' heads), so
 * publish starts it while the index is still being pushed and verified. Nothing is decided from it
 * alone: writeTags refuses on it, and re-reads each tag right before its PUT.
 */
async function checkTags(client, request, index) {
    const names = archTagNames(request, index);
    const [tags, heads] = await Promise.all([
        Promise.all(request.tags.map((tag) => checkTag(client, request, index, tag))),
        Promise.all(names.map((tag) => client.headManifest({ ...request.target, tag })))
    ]);
    return { tags, archTags: new Map(names.map((tag, i) => [tag, heads[i]])) };
}
/**
 * Moves the tags after `checkTags` of the same request: any tag that must not move fails the run and
 * nothing moves; then each tag in turn is re-read, PUT (unless it already points to the index) and read
 * back; then, beside each tag now on the index, its arch tags. The only writes under a tag in the code base.
 */
async function writeTags(client, request, index, checked) {
    refuseAll(checked.tags);
    const outcome = { refs: [], unchanged: [], skipped: [], warnings: [], raced: [] };
    // A tag's read-back only reports (a race); it decides nothing about the next tag, whose re-read and PUT
    // need not wait for it. Every read-back is answered before the outcome is: tag i's after its PUT,
    // possibly while tag i+1 is being re-read.
    const readBacks = [];
    try {
        const published = [];
        for (const first of checked.tags) {
            const moved = await moveTag(client, { request, index, first, outcome });
            if (moved === 'skipped')
                continue;
            published.push(first.decision.tag);
            if (moved === 'unchanged')
                continue;
            const reading = readBack(client, index, moved);
            // Handled here as well: a read-back that fails while a later tag is still moving is thrown below.
            reading.catch(() => undefined);
            readBacks.push(reading);
        }
        await writeArchTags(client, { request, index, published, heads: checked.archTags, outcome });
        for (const raced of await Promise.all(readBacks)) {
            if (!raced)
                continue;
            outcome.raced.push(raced);
            outcome.warnings.push(`${raced.tag}: another publish moved it right after this run did; it now points to ${raced.digest}`);
        }
    }
    catch (error) {
        await Promise.allSettled(readBacks);
        // The failure summary says which tags moved: a write that failed after others landed must say so.
        throw withRefsMoved(error, outcome.refs);
    }
    return outcome;
}
/**
 * The tag phase of a publish to several repositories, after every one's index was verified there: any
 * tag in any repository that must not move fails the run before the first write, so nothing moves
 * anywhere; then each repository's tags move in turn (writeTags). A write refused part-way names every
 * reference that had moved, in every repository.
 */
async function writeTagsEverywhere(client, repositories) {
    refuseAll(repositories.flatMap((r) => r.checked.tags));
    const outcomes = [];
    for (const { request, index, checked } of repositories) {
        try {
            outcomes.push(await writeTags(client, request, index, checked));
        }
        catch (error) {
            const before = outcomes.flatMap((o) => o.refs);
            const during = error instanceof errors/* ActionError */.l ? error.refsMoved : [];
            throw withRefsMoved(error, [...before, ...during]);
        }
    }
    return outcomes;
}
/** Reads a tag back after our PUT: another publish's digest there, or undefined when ours is. */
async function readBack(client, index, ref) {
    const after = await client.headManifest(ref);
    if (after?.digest === index.digest)
        return undefined;
    return { tag: ref.tag, digest: after?.digest ?? 'nothing (deleted)' };
}
/** `<tag>-<os>-<arch>[-<variant>]` for every tag and platform image (none without `archTags`). */
function archTagNames(request, index) {
    if (!request.archTags)
        return [];
    return request.tags.flatMap((tag) => (index.images ?? []).map((image) => (0,staging/* archTag */.p9)(tag, image.platform)));
}
/**
 * Each platform's image under `<tag>-<os>-<arch>`, beside each tag that now points to the index (a tag
 * left on a newer commit keeps its arch tags too). An arch tag already on that image is not written
 * again; the images to write are all read before the first arch tag is.
 */
async function writeArchTags(client, options) {
    const { request, index, outcome } = options;
    if (!request.archTags)
        return;
    const planned = (index.images ?? []).flatMap((image) => options.published.map((tag) => {
        const ref = { ...request.target, tag: (0,staging/* archTag */.p9)(tag, image.platform) };
        return { ref, image, unchanged: options.heads.get(ref.tag)?.digest === image.digest };
    }));
    const toRead = [...new Set(planned.filter((p) => !p.unchanged).map((p) => p.image.digest))];
    const manifests = new Map(await Promise.all(toRead.map(async (digest) => [digest, await client.getManifest({ ...request.target, digest })])));
    for (const { ref, image, unchanged } of planned) {
        const manifest = manifests.get(image.digest);
        if (unchanged || !manifest)
            outcome.unchanged.push(ref.tag);
        else
            await client.putManifest(ref, manifest.bytes, manifest.mediaType);
        // Each arch tag joins the refs as it lands, so a failure part-way names every tag that moved.
        outcome.refs.push((0,reference/* formatReference */.FH)(ref));
    }
}
/** A tag that keeps changing under us is given up on after this many checks again (another publish is busy). */
const MAX_RECHECKS = 3;
/**
 * Re-reads the tag, re-checks it if it changed, PUTs the index under it unless it already points there;
 * returns the tag when it was PUT.
 */
async function moveTag(client, options) {
    const { request, index, outcome } = options;
    const tag = options.first.decision.tag;
    const ref = { ...request.target, tag };
    // Re-read immediately before the PUT; a tag that changed since its check is checked again, and re-read
    // again after that check, so the PUT always follows a re-read that found the tag as last checked.
    let last = options.first;
    for (let rechecks = 0;; rechecks++) {
        const now = await client.headManifest(ref);
        if (last.current.exists ? now?.digest === last.current.digest : now === undefined)
            break;
        if (rechecks === MAX_RECHECKS) {
            throw new errors/* ActionError */.l('conflict', `${tag} kept changing while this run was about to move it`, {
                hint: 'run again once the other publishes have finished; a workflow `concurrency:` group on the tag prevents this'
            });
        }
        last = await checkTag(client, request, index, tag);
        if (refusalOf(last))
            break;
    }
    const refusal = refusalOf(last);
    if (refusal) {
        throw new errors/* ActionError */.l('conflict', `${refusal} (it changed while this run was publishing)`, {
            hint: 'run again once the other publish has finished; a workflow `concurrency:` group on the tag prevents this'
        });
    }
    // Already there (a re-run): writing it again would change nothing, and an immutable tag refuses it.
    if (last.current.exists && last.current.digest === index.digest) {
        outcome.unchanged.push(tag);
        outcome.refs.push((0,reference/* formatReference */.FH)(ref));
        return 'unchanged';
    }
    if (last.decision.action === 'skip') {
        outcome.skipped.push({ tag, message: last.decision.message });
        outcome.warnings.push(last.decision.message);
        return 'skipped';
    }
    if (last.decision.action === 'move-with-note')
        outcome.warnings.push(last.decision.message);
    await client.putManifest(ref, index.bytes, index.mediaType);
    outcome.refs.push((0,reference/* formatReference */.FH)(ref));
    return ref;
}
/** The error, carrying the references that had moved before it (unchanged when none had). */
function withRefsMoved(error, refsMoved) {
    if (refsMoved.length === 0)
        return error;
    const moved = [...refsMoved];
    if (error instanceof errors/* ActionError */.l) {
        return new errors/* ActionError */.l(error.kind, error.message, {
            ...(error.hint !== undefined ? { hint: error.hint } : {}),
            cause: error,
            refsMoved: moved
        });
    }
    return new errors/* ActionError */.l('registry', error instanceof Error ? error.message : String(error), {
        cause: error,
        refsMoved: moved
    });
}
async function checkTag(client, request, index, tag) {
    const ref = { ...request.target, tag };
    const { decision, current } = request.forward
        ? await checkTagForward({ store: client, ref, ...request.forward })
        : {
            decision: { tag, action: 'move', message: `${tag}: moved` },
            current: await readTagState(client, ref)
        };
    const lost = request.noRegress?.kind === 'previous-tags' && current.exists && current.digest !== index.digest
        ? (await (0,verify_image/* platformsOfReference */.h)(client, { ...request.target, digest: current.digest })).filter((had) => !index.platforms.some((have) => (0,src_platform/* matchesStrict */.V9)(had, have)))
        : [];
    return { decision, current, lost };
}
/** Why this tag must not move and the run must fail, or undefined. */
function refusalOf(checked) {
    if (checked.decision.action === 'fail')
        return checked.decision.message;
    if (checked.lost.length === 0 || !checked.current.exists)
        return undefined;
    return `${checked.decision.tag} points to ${checked.current.digest.slice(0, 19)}, which has ${checked.lost.map(src_platform/* formatPlatform */.Bq).join(', ')} that this index lacks (no-regress)`;
}
/** Before anything moves: any tag that must not move fails the run, and nothing moves. */
function refuseAll(checked) {
    const refusals = checked.map((c) => refusalOf(c)).filter((r) => r !== undefined);
    if (refusals.length === 0)
        return;
    const forward = (0,decide/* tagMoves */.t1)(checked.map((c) => c.decision)).failure;
    throw new errors/* ActionError */.l('conflict', refusals.join('; '), {
        hint: checked.some((c) => c.lost.length > 0)
            ? 'no tag was moved; publish an index that keeps every platform the tags have, or drop `no-regress`'
            : `no tag was moved; ${forward?.hint ?? 'publish from the newer commit'}`
    });
}

;// CONCATENATED MODULE: ./src/publish/publish.ts
/**
 * The publish protocol, over one request (request.ts) built by the mode. Children are brought into the
 * target repository and the index is pushed by digest (nothing a user pulls changes yet); the index is
 * verified against the requested platforms (and, with no-regress, against what the tags point to now);
 * only then does the tag phase (tags.ts, the only code that writes under a tag) put it under each tag,
 * with the same bytes. Any failure before that leaves every tag exactly as it was.
 */














async function publishIndex(client, request, images) {
    const started = Date.now();
    const phases = [];
    const timed = async (name, work) => {
        const start = Date.now();
        try {
            return await work();
        }
        finally {
            phases.push({ name, startMs: start - started, durationMs: Date.now() - start });
        }
    };
    const assembled = await timed('assemble', () => Promise.resolve(assemble(request, images)));
    refuseIncompletePlan(request, images);
    if (request.dryRun) {
        return { assembled, refs: [], copy: emptyCopyStats(), phases, dryRun: true, repositories: [] };
    }
    const targets = repositoryRequests(request);
    const published = await publishEverywhere(client, targets, { images, assembled, timed });
    const [primary] = published;
    if (!primary)
        throw new Error('publishIndex: no repository to publish to');
    const failed = published.find((p) => !p.verification.result.ok);
    const rows = (tagged) => published.map((p, i) => repositoryRow(p, tagged?.[i]?.refs ?? []));
    const common = {
        assembled: primary.pushed.assembled,
        // The verdict the run reports: the first repository whose index failed, else the target's.
        verification: (failed ?? primary).verification,
        copy: primary.copy,
        phases,
        dryRun: false,
        ...fallbackOf(published),
        ...(primary.attestation ? { attestation: primary.attestation } : {})
    };
    if (failed)
        return { ...common, refs: [], repositories: rows() };
    let tagging;
    try {
        const repositories = await Promise.all(published.map(async (p) => ({
            request: p.request,
            index: p.pushed.index,
            checked: await p.pushed.checking
        })));
        tagging = await timed('tag', () => writeTagsEverywhere(client, repositories));
    }
    catch (error) {
        // A tag refused (on-older: fail, no-regress at write time) after a verification that passed: the
        // run reports it like a failed check, with its report and summary, and says which tags moved.
        if (!(error instanceof errors/* ActionError */.l) || error.kind !== 'conflict')
            throw error;
        return { ...common, refs: [...error.refsMoved], refused: error, repositories: rows() };
    }
    return {
        ...common,
        refs: tagging.flatMap((t) => t.refs),
        tagging: mergedTagging(published, tagging),
        repositories: rows(tagging)
    };
}
/** The target's request first, then one per other repository `tags` named (the same index, its own tags). */
function repositoryRequests(request) {
    const others = (request.others ?? []).map((o) => ({ ...request, target: o.target, tags: o.tags }));
    if (others.length === 0)
        return [request];
    // Every repository's index lists the same layers: each is scanned once for the run (by digest; a
    // copy is checked over its bytes as it is streamed), however many repositories verify it.
    const scans = request.scans ?? new verify_layers/* LayerScanner */.w();
    return [request, ...others].map((r) => ({ ...r, scans }));
}
/**
 * Publishes by digest into every repository at once, and waits for all of them: a registry that refuses
 * anything fails the run before the tag phase, so no tag moves anywhere (and no work is left running).
 */
async function publishEverywhere(client, requests, shared) {
    const several = requests.length > 1;
    const settled = await Promise.allSettled(requests.map((request) => {
        const name = `${request.target.registry}/${request.target.repository}`;
        const timed = several ? (phase, work) => shared.timed(`${phase} (${name})`, work) : shared.timed;
        return publishThere(client, request, { ...shared, timed });
    }));
    const refused = settled.find((s) => s.status === 'rejected');
    const done = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    if (refused) {
        await Promise.allSettled(done.flatMap((p) => (p.attestation?.pending ? [p.attestation.pending] : [])));
        throw refused.reason;
    }
    return done;
}
/** Children into the repository, the index PUT by digest there, verified there and attested. */
async function publishThere(client, request, shared) {
    const { images, timed } = shared;
    const { target } = request;
    const copy = emptyCopyStats();
    const source = new KnownContentSource(client);
    await timed('copy children', () => (0,pool/* mapBounded */.y)(images.flatMap((image) => [image.descriptor, ...image.attestations].map((d) => ({ from: image.from, descriptor: d }))), 4, async ({ from, descriptor }) => {
        const copied = await copyManifest(client, from, target, descriptor, copy);
        if (copied)
            source.remember(copied);
    }));
    const context = { source, timed };
    let pushed;
    let mediaTypeFallback;
    try {
        pushed = await pushIndex(client, request, shared.assembled, context);
    }
    catch (error) {
        if (!fallsBackToOci(request, shared.assembled, error))
            throw error;
        // An OCI-only registry (zot) refused the Docker list: the same images as an OCI index, pushed and
        // verified anew, so no tag moves to an index that was not verified as pushed.
        mediaTypeFallback = error.message;
        const oci = await timed('assemble as OCI', () => Promise.resolve(assemble(request, images, 'oci')));
        pushed = await pushIndex(client, request, oci, context);
    }
    // The attestation step starts as soon as the index is stored by digest (its first requests overlap
    // verification) and attests the result, passed or failed, before any tag moves.
    const attesting = request.attest?.({
        repository: { registry: target.registry, repository: target.repository },
        tags: request.tags,
        index: descriptorOf(pushed.assembled),
        verifying: pushed.verifying.then((v) => v.result)
    });
    attesting?.catch(() => undefined);
    const verification = await pushed.verifying;
    const attestation = attesting ? await timed('attest', () => attesting) : undefined;
    return {
        request,
        pushed,
        verification,
        copy,
        ...(attestation ? { attestation } : {}),
        ...(mediaTypeFallback !== undefined ? { mediaTypeFallback } : {})
    };
}
/** The refusal of the Docker list the run reports: the target's, else the first other repository's. */
function fallbackOf(published) {
    const fallback = published.find((p) => p.mediaTypeFallback !== undefined)?.mediaTypeFallback;
    return fallback !== undefined ? { mediaTypeFallback: fallback } : {};
}
function repositoryRow(published, refs) {
    const { target } = published.request;
    return {
        repository: `${target.registry}/${target.repository}`,
        digest: published.pushed.assembled.digest,
        mediaType: published.pushed.assembled.mediaType,
        verified: published.verification.result.ok,
        refs: [...refs],
        copy: published.copy,
        ...(published.attestation ? { attestation: published.attestation } : {}),
        ...(published.mediaTypeFallback !== undefined ? { mediaTypeFallback: published.mediaTypeFallback } : {})
    };
}
/**
 * Every repository's tag phase as one: the target's tags by name, the other repositories' as full
 * references (a bare `latest` would not say which repository's).
 */
function mergedTagging(published, tagging) {
    const merged = { refs: [], unchanged: [], skipped: [], warnings: [], raced: [] };
    tagging.forEach((t, i) => {
        const target = published[i]?.request.target;
        const name = (tag) => (i === 0 || !target ? tag : (0,reference/* formatReference */.FH)({ ...target, tag }));
        merged.refs.push(...t.refs);
        merged.unchanged.push(...t.unchanged.map(name));
        merged.skipped.push(...t.skipped.map((s) => ({ ...s, tag: name(s.tag) })));
        merged.warnings.push(...t.warnings);
        merged.raced.push(...t.raced.map((r) => ({ ...r, tag: name(r.tag) })));
    });
    return merged;
}
/**
 * Pushes `assembled` by digest; resolves once the PUT has succeeded. Verification reads the index from
 * the bytes assembled here (the ones the PUT sends, hashed once) and everything else from the target
 * repository, where the children already are: its reads need not wait for the PUT. Nor do the tags'
 * first checks (reads only). Nothing is written under a tag until the PUT has succeeded, verification
 * has passed and every tag's check has let it move (writeTags).
 */
async function pushIndex(client, request, assembled, context) {
    const { source, timed } = context;
    const { target } = request;
    const parsed = (0,parse/* parseManifest */.N)(assembled.bytes, assembled.mediaType, (0,reference/* formatReference */.FH)({ ...target, digest: assembled.digest }));
    source.remember({
        digest: assembled.digest,
        mediaType: assembled.mediaType,
        bytes: assembled.bytes,
        parsed
    });
    const index = {
        digest: assembled.digest,
        bytes: assembled.bytes,
        mediaType: assembled.mediaType,
        platforms: platformsOfIndex(parsed),
        images: imagesOfIndex(parsed)
    };
    const pushing = timed('push index by digest', () => client.putManifest({ ...target, digest: assembled.digest }, assembled.bytes, assembled.mediaType));
    const verifying = timed('verify', async () => {
        const { result, evidence } = await (0,verify_image/* verifyImage */.Z)(source, verifyPlan(request, { digest: assembled.digest }), {
            ...(request.scans ? { scanner: request.scans } : {}),
            // Read while the evidence is gathered, not before it.
            ...(request.noRegress ? { previous: previousPlatforms(client, request) } : {})
        });
        return { result, evidence };
    });
    const checking = timed('check tags', () => checkTags(client, request, index));
    // Awaited in the order the protocol decides in (the PUT's error first, then verification's); the ones
    // still pending when the PUT fails are settled first (reads only), and never reported as unhandled.
    verifying.catch(() => undefined);
    checking.catch(() => undefined);
    try {
        await pushing;
    }
    catch (error) {
        await Promise.allSettled([verifying, checking]);
        throw error;
    }
    return { assembled, index, verifying, checking };
}
/** The index as the registry serves it: the bytes PUT by digest. */
function descriptorOf(assembled) {
    return { mediaType: assembled.mediaType, digest: assembled.digest, size: assembled.bytes.length };
}
/** `media-type: auto` chose a Docker list, and the registry refused it for its media type. */
function fallsBackToOci(request, assembled, error) {
    return (request.mediaType === 'auto' && assembled.mediaType === types/* MediaType */.zu.dockerList && (0,registry_errors/* refusesMediaType */._J)(error));
}
/**
 * The index from the images: a Docker list when every child is a Docker image and the user asked for no
 * annotations (`media-type: auto`), else OCI; the defaults (source, revision) go on an OCI index only,
 * and never turn a Docker list into one.
 */
function assemble(request, images, choice = request.mediaType) {
    const user = request.annotations;
    const mediaType = chooseMediaType([...images], choice, Object.keys(user).length > 0);
    const oci = mediaType === types/* MediaType */.zu.ociIndex;
    return assembleIndex([...images], {
        requested: [...request.platforms],
        mediaType: oci ? 'oci' : 'docker',
        annotations: oci ? (0,annotations/* mergeAnnotations */.RF)(request.defaultAnnotations ?? {}, user) : user
    });
}
/**
 * Before publish builds anything: each other repository answers a read (one HEAD of its first tag) with
 * the credentials it will be written with, so a login that registry refuses fails the run before the
 * build, not after it. A registry that lets anyone read but only some push is found at the first write.
 */
async function reachOtherRepositories(client, request) {
    await Promise.all((request.others ?? []).map((o) => client.headManifest({ ...o.target, tag: o.tags[0] ?? 'latest' })));
}
/**
 * Reads ahead what verification of an index holding `image` (pushed into the target, by digest or under
 * a staging tag) will read — its manifests and configs (kept by the client), its layers (kept by `scans`,
 * a read-ahead view of the run's layer scans) — while the build
 * session is still finishing. Reads only; its verdict is not used (the index is verified as assembled),
 * and a failure here is not reported: the verification that counts meets it again.
 */
async function readAhead(client, request, image, scans) {
    await (0,verify_image/* verifyImage */.Z)(client, verifyPlan(request, image), { scanner: scans }).catch(() => undefined);
}
function verifyPlan(request, image) {
    return {
        image: { ...request.target, ...image },
        platforms: [...request.platforms],
        checkBinaries: request.checkBinaries,
        allowExtra: true,
        ...(request.layers ? { layers: request.layers } : {})
    };
}
/**
 * Nothing is written before the plan is known to be complete: a requested platform that no source has
 * is an input error, found from what the sources said, before the first write (issue: knowable errors).
 */
function refuseIncompletePlan(request, images) {
    const missing = request.platforms.filter((want) => !images.some((image) => (0,src_platform/* matchesStrict */.V9)(want, image.platform)));
    if (missing.length === 0)
        return;
    const names = missing.map((p) => (0,src_platform/* formatPlatform */.Bq)(p)).join(', ');
    throw new errors/* ActionError */.l('invalid-input', `no source has ${names}: the sources give ${[...new Set(images.map((i) => (0,src_platform/* formatPlatform */.Bq)(i.platform)))].join(', ') || 'no image'}`, {
        hint: `add an image for ${names} to \`sources\` (or its build leg), or drop it from \`platforms\`; nothing was written`
    });
}
/**
 * The platforms the assembled index lists (attestations and nested indexes left out), as verification's
 * entries name them: what a tag would lose is judged against these.
 */
function platformsOfIndex(parsed) {
    return imageEntries(parsed).flatMap((m) => (m.platform ? [m.platform] : []));
}
/** Each platform's image in the index, named as verification names it: what arch tags point to. */
function imagesOfIndex(parsed) {
    return imageEntries(parsed).flatMap((m) => m.platform ? [{ platform: (0,src_platform/* platformIdentity */.cj)(m.platform), digest: m.digest }] : []);
}
function imageEntries(parsed) {
    if (parsed.kind !== 'index')
        return [];
    return parsed.index.manifests.filter((m) => !(0,types/* isAttestation */.H3)(m) && !(0,types/* isIndexMediaType */.$$)(m.mediaType));
}
/** What no-regress compares with: the platforms each tag points to now (those that exist), or a reference's. */
async function previousPlatforms(client, request) {
    const noRegress = request.noRegress;
    if (!noRegress)
        return undefined;
    if (noRegress.kind === 'reference') {
        return {
            reference: (0,reference/* formatReference */.FH)(noRegress.reference),
            platforms: await (0,verify_image/* platformsOfReference */.h)(client, noRegress.reference)
        };
    }
    const current = await (0,pool/* mapBounded */.y)(request.tags, 4, async (tag) => {
        const ref = { ...request.target, tag };
        return (await client.headManifest(ref)) ? await (0,verify_image/* platformsOfReference */.h)(client, ref) : [];
    });
    const names = request.tags.map((tag) => (0,reference/* formatReference */.FH)({ ...request.target, tag })).join(', ');
    return { reference: `the current ${names}`, platforms: current.flat() };
}


/***/ }),

/***/ 1644:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F2: () => (/* binding */ parseReference),
/* harmony export */   FH: () => (/* binding */ formatReference),
/* harmony export */   Mb: () => (/* binding */ registryApiHost),
/* harmony export */   SU: () => (/* binding */ parseRepository),
/* harmony export */   jW: () => (/* binding */ isLoopbackRegistry),
/* harmony export */   m: () => (/* binding */ parseDigest),
/* harmony export */   r_: () => (/* binding */ isValidTag)
/* harmony export */ });
/* unused harmony exports isValidDigest, familiarName, withTag, withDigest */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/**
 * Image references: parse, normalise and format them the way Docker does, so that the name a user writes in
 * the workflow means the same repository here as in `docker pull`. The grammar and the normalisation
 * rules follow github.com/distribution/reference (reference.go, regexp.go, normalize.go). Pure: no I/O.
 */

/** Docker Hub's canonical name; `docker.io/library/foo` is what `foo` means. */
const DOCKER_HUB = 'docker.io';
/** The legacy "Docker Index" name, still accepted and rewritten to docker.io (normalize.go). */
const DOCKER_HUB_LEGACY = 'index.docker.io';
/** docker.io does not serve the registry API itself; clients talk to this host (normalize.go, defaultDomain). */
const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
/** Namespace of Docker Hub's official images, implied for single-component names. */
const OFFICIAL_PREFIX = 'library/';
const DEFAULT_TAG = 'latest';
/** RepositoryNameTotalLengthMax in reference.go; it bounds the path, not the registry host. */
const MAX_REPOSITORY_LENGTH = 255;
// The grammar of reference.go, written out as anchored expressions.
const PATH_COMPONENT_SOURCE = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const TAG_SOURCE = '[A-Za-z0-9_][A-Za-z0-9._-]{0,127}';
const PATH_COMPONENT = new RegExp(`^${PATH_COMPONENT_SOURCE}$`);
const TAG = new RegExp(`^${TAG_SOURCE}$`);
// domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]; IPv6 only in brackets, without
// zone identifiers or embedded IPv4 (regexp.go, ipv6address); the port is any run of digits.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const REGISTRY = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
/** A bare 64-hex string is an image ID, and normalize.go refuses to read it as a repository name. */
const IMAGE_ID = /^[a-f0-9]{64}$/;
// Digest grammar (reference.go) and the algorithms go-digest knows, with their exact encoded lengths
// (OCI image-spec descriptor.md, "Registered algorithms": lowercase hex only).
const DIGEST_ALGORITHM = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*$/;
const DIGEST_HEX_LENGTH = { sha256: 64, sha384: 96, sha512: 128 };
const HINTS = {
    example: 'write it as [registry/]repository[:tag][@digest], e.g. "ghcr.io/owner/app:1.0"',
    lowercase: 'repository paths are lowercase',
    pathComponent: 'path components are lowercase letters and digits, joined by one ".", one or two "_", or any number of "-"',
    tag: 'tags are letters, digits, "_", "." and "-", start with a letter, digit or "_", and have at most 128 characters',
    registry: 'write the registry as host[:port], e.g. "ghcr.io", "localhost:5000" or "[::1]:5000"',
    digest: 'copy the whole digest, e.g. "sha256:" followed by 64 lowercase hex characters',
    algorithm: `use one of ${Object.keys(DIGEST_HEX_LENGTH).join(', ')}`
};
function invalid(what, input, { problem, hint }) {
    // JSON quoting keeps the message on one line even when the input holds a newline.
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .l('invalid-input', `invalid ${what} ${JSON.stringify(input)}: ${problem}`, { hint });
}
function isValidTag(s) {
    return TAG.test(s);
}
/** Why `s` is not a digest, or undefined when it is one. */
function digestProblem(s) {
    const colon = s.indexOf(':');
    const algorithm = colon < 0 ? '' : s.slice(0, colon);
    const hex = s.slice(colon + 1);
    if (colon < 0 || !DIGEST_ALGORITHM.test(algorithm) || hex === '') {
        return { problem: 'digest must be algorithm:hex', hint: HINTS.digest };
    }
    const length = DIGEST_HEX_LENGTH[algorithm];
    if (length === undefined) {
        return { problem: `unsupported digest algorithm ${JSON.stringify(algorithm)}`, hint: HINTS.algorithm };
    }
    if (hex.length !== length || !/^[a-f0-9]+$/.test(hex)) {
        return { problem: `${algorithm} digest must be ${length} lowercase hex characters`, hint: HINTS.digest };
    }
    return undefined;
}
function isValidDigest(s) {
    return digestProblem(s) === undefined;
}
function parseDigest(s) {
    const problem = digestProblem(s);
    if (problem)
        throw invalid('digest', s, problem);
    const colon = s.indexOf(':');
    return { algorithm: s.slice(0, colon), hex: s.slice(colon + 1) };
}
/**
 * Cuts `name[:tag][@digest]`. The digest starts at the first "@" (neither names nor tags contain one); the
 * tag at the first ":" of the last path component, so "host:5000/app" keeps its port and a bracketed IPv6
 * host in a one-component name is not cut inside its brackets.
 */
function splitParts(input) {
    const at = input.indexOf('@');
    const beforeDigest = at < 0 ? input : input.slice(0, at);
    const digest = at < 0 ? undefined : input.slice(at + 1);
    const lastComponent = beforeDigest.lastIndexOf('/') + 1;
    const bracketEnd = beforeDigest.startsWith('[', lastComponent)
        ? beforeDigest.indexOf(']', lastComponent)
        : -1;
    const colon = beforeDigest.indexOf(':', Math.max(lastComponent, bracketEnd));
    if (colon < 0)
        return { name: beforeDigest, tag: undefined, digest };
    return { name: beforeDigest.slice(0, colon), tag: beforeDigest.slice(colon + 1), digest };
}
/**
 * The first component names a registry only if it contains "." or ":" or is "localhost"; otherwise the
 * whole name is a Docker Hub path (normalize.go, splitDockerDomain). Unlike normalize.go we do not also
 * treat an uppercase first component ("Foo/bar") as a host: that reads as a mistyped repository.
 */
function splitRegistry(name) {
    const slash = name.indexOf('/');
    if (slash < 0)
        return { registry: undefined, path: name };
    const first = name.slice(0, slash);
    const isHost = first === 'localhost' || first.includes('.') || first.includes(':');
    return isHost ? { registry: first, path: name.slice(slash + 1) } : { registry: undefined, path: name };
}
function registryProblem(registry) {
    if (!REGISTRY.test(registry)) {
        return {
            problem: `registry ${JSON.stringify(registry)} is not a valid host[:port]`,
            hint: HINTS.registry
        };
    }
    // The grammar takes any run of digits; a TCP port is 1–65535 (else the URL cannot even be built).
    const port = /:([0-9]+)$/.exec(registry)?.[1];
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
        return {
            problem: `registry ${JSON.stringify(registry)} has port ${port}, outside 1–65535`,
            hint: 'correct the port number of the registry (e.g. "localhost:5000")'
        };
    }
    return undefined;
}
function pathProblem(path) {
    for (const component of path.split('/')) {
        if (component === '') {
            return { problem: 'repository path has an empty component', hint: 'remove the extra "/"' };
        }
        if (PATH_COMPONENT.test(component))
            continue;
        if (PATH_COMPONENT.test(component.toLowerCase())) {
            const hint = `${HINTS.lowercase}: use ${JSON.stringify(path.toLowerCase())}`;
            return { problem: 'repository name must be lowercase', hint };
        }
        const problem = `repository path component ${JSON.stringify(component)} must match ${PATH_COMPONENT_SOURCE}`;
        return { problem, hint: HINTS.pathComponent };
    }
    return undefined;
}
/** Checked on the normalised path, "library/" included, as reference.go does after normalize.go. */
function lengthProblem(repository) {
    if (repository.length <= MAX_REPOSITORY_LENGTH)
        return undefined;
    const problem = `repository name must not be more than ${MAX_REPOSITORY_LENGTH} characters (it has ${repository.length})`;
    return { problem, hint: 'shorten the repository path' };
}
/** Docker Hub spellings become docker.io, and its single-component names gain the official namespace. */
function normalise(registry, path) {
    const host = registry === undefined || registry === DOCKER_HUB_LEGACY ? DOCKER_HUB : registry;
    const official = host === DOCKER_HUB && !path.includes('/');
    return { registry: host, repository: official ? OFFICIAL_PREFIX + path : path };
}
function referenceProblem(input, parts) {
    if (input === '')
        return { problem: 'reference is empty', hint: HINTS.example };
    if (IMAGE_ID.test(input)) {
        const problem = 'a 64-character hex string is an image ID, not a repository name';
        return { problem, hint: 'name the repository, or pin the image as "name@sha256:<hex>"' };
    }
    if (parts.name === '')
        return { problem: 'repository name is missing', hint: HINTS.example };
    const { registry, path } = splitRegistry(parts.name);
    const problem = (registry === undefined ? undefined : registryProblem(registry)) ?? pathProblem(path);
    if (problem)
        return problem;
    if (parts.tag !== undefined && !isValidTag(parts.tag)) {
        return { problem: `tag must match ${TAG_SOURCE}`, hint: HINTS.tag };
    }
    return parts.digest === undefined ? undefined : digestProblem(parts.digest);
}
function parseAs(what, input, defaultTag) {
    const parts = splitParts(input);
    const problem = referenceProblem(input, parts);
    if (problem)
        throw invalid(what, input, problem);
    const { registry, path } = splitRegistry(parts.name);
    const normalised = normalise(registry, path);
    const tooLong = lengthProblem(normalised.repository);
    if (tooLong)
        throw invalid(what, input, tooLong);
    const tag = parts.tag ?? (parts.digest === undefined && defaultTag !== false ? defaultTag : undefined);
    return {
        ...normalised,
        ...(tag === undefined ? {} : { tag }),
        ...(parts.digest === undefined ? {} : { digest: parts.digest })
    };
}
/**
 * `foo` → docker.io/library/foo:latest. A reference with both a tag and a digest keeps both (Docker's
 * ParseDockerRef would drop the tag); the tag defaults only when neither is given.
 */
function parseReference(input, options = {}) {
    const defaultTag = options.defaultTag ?? DEFAULT_TAG;
    if (defaultTag !== false && !isValidTag(defaultTag)) {
        throw invalid('default tag', defaultTag, { problem: `tag must match ${TAG_SOURCE}`, hint: HINTS.tag });
    }
    return parseAs('image reference', input, defaultTag);
}
/** A repository alone (`ghcr.io/owner/app`): a tag or digest in the input is an error, not ignored. */
function parseRepository(input) {
    const { registry, repository, tag, digest } = parseAs('repository', input, false);
    if (digest !== undefined) {
        throw invalid('repository', input, {
            problem: `a repository must not include a digest ("@${digest}")`,
            hint: 'remove the "@…" part'
        });
    }
    if (tag !== undefined) {
        // "localhost:5000" alone parses as the Docker Hub repository "localhost" with tag "5000".
        const hint = /^[0-9]+$/.test(tag)
            ? `remove the ":${tag}" part; if it is a registry port, add a path: "${input}/app"`
            : `remove the ":${tag}" part`;
        throw invalid('repository', input, { problem: `a repository must not include a tag (":${tag}")`, hint });
    }
    return { registry, repository };
}
function formatReference(ref) {
    const tag = ref.tag === undefined ? '' : `:${ref.tag}`;
    const digest = ref.digest === undefined ? '' : `@${ref.digest}`;
    return `${ref.registry}/${ref.repository}${tag}${digest}`;
}
/**
 * The short form `docker` prints: docker.io is dropped, and so is "library/" when one component remains
 * (normalize.go, familiarizeName), so `library/foo/bar` stays as it is.
 */
function familiarName(ref) {
    const full = formatReference(ref);
    if (ref.registry !== DOCKER_HUB)
        return full;
    const short = full.slice(DOCKER_HUB.length + 1);
    const remainder = ref.repository.slice(OFFICIAL_PREFIX.length);
    const official = ref.repository.startsWith(OFFICIAL_PREFIX) && !remainder.includes('/');
    return official ? short.slice(OFFICIAL_PREFIX.length) : short;
}
/** Replaces the tag and keeps any digest, as reference.go's WithTag does. */
function withTag(ref, tag) {
    if (!isValidTag(tag))
        throw invalid('tag', tag, { problem: `tag must match ${TAG_SOURCE}`, hint: HINTS.tag });
    return { ...ref, tag };
}
/** Replaces the digest and keeps any tag, as reference.go's WithDigest does. */
function withDigest(ref, digest) {
    parseDigest(digest);
    return { ...ref, digest };
}
function registryApiHost(registry) {
    return registry === DOCKER_HUB || registry === DOCKER_HUB_LEGACY ? DOCKER_HUB_API_HOST : registry;
}
/** The host part of `host[:port]`, brackets removed from IPv6. */
function hostOf(registry) {
    if (registry.startsWith('[')) {
        const end = registry.indexOf(']');
        return end < 0 ? registry : registry.slice(1, end);
    }
    const colon = registry.indexOf(':');
    return colon < 0 ? registry : registry.slice(0, colon);
}
function isIpv4Loopback(host) {
    const octets = host.split('.');
    const valid = octets.length === 4 && octets.every((o) => /^[0-9]{1,3}$/.test(o) && Number(o) <= 255);
    return valid && octets[0] === '127';
}
/** The eight 16-bit groups of an IPv6 address written with at most one "::", or undefined. */
function ipv6Groups(host) {
    const halves = host.split('::');
    if (halves.length > 2)
        return undefined;
    const groups = (half) => (half === '' ? [] : half.split(':'));
    const head = groups(halves[0] ?? '');
    const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
    const missing = 8 - head.length - tail.length;
    if (halves.length === 2 ? missing < 1 : missing !== 0)
        return undefined;
    const all = [...head, ...Array(missing).fill('0'), ...tail];
    return all.every((g) => /^[a-fA-F0-9]{1,4}$/.test(g)) ? all.map((g) => parseInt(g, 16)) : undefined;
}
/** ::1 in any spelling RFC 5952 allows to be parsed (`::1`, `0::1`, `0:0:0:0:0:0:0:1`). */
function isIpv6Loopback(host) {
    return ipv6Groups(host)?.join(':') === '0:0:0:0:0:0:0:1';
}
/**
 * Loopback registries are the ones Docker lets clients reach over plain HTTP without configuration:
 * localhost, 127.0.0.0/8 and [::1], with or without a port.
 */
function isLoopbackRegistry(registry) {
    const host = hostOf(registry).toLowerCase();
    if (host === 'localhost')
        return true;
    return registry.startsWith('[') ? isIpv6Loopback(host) : isIpv4Loopback(host);
}


/***/ }),

/***/ 3653:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bq: () => (/* binding */ scopedCredentials),
/* harmony export */   C3: () => (/* binding */ configKeysFor),
/* harmony export */   D: () => (/* binding */ dockerConfigCredentials),
/* harmony export */   a: () => (/* binding */ chainCredentials)
/* harmony export */ });
/* unused harmony exports DOCKER_HUB_CONFIG_KEY, explicitCredentials, runCredentialHelper, registryKey */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);
/* harmony import */ var _process_exec_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9072);
/**
 * Where registry credentials come from, in the order docker uses: explicit inputs, then the docker config
 * that docker/login-action wrote ($DOCKER_CONFIG/config.json or ~/.docker/config.json): `credHelpers`
 * for the registry, else `credsStore`, else the `auths` entry (docker/cli, cli/config/configfile).
 * Every secret is handed to `onSecret` (core.setSecret in the action) the moment it is read.
 */





/** Docker Hub's credentials are stored under its v1 index URL (docker/cli, registry.IndexServer). */
const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';
/** The keys a docker config may use for a registry, most specific first. */
function configKeysFor(registry) {
    if (registry === 'docker.io' || registry === 'index.docker.io' || registry === 'registry-1.docker.io') {
        return [
            DOCKER_HUB_CONFIG_KEY,
            'index.docker.io',
            'docker.io',
            'registry-1.docker.io',
            'https://index.docker.io/v1'
        ];
    }
    return [
        registry,
        `https://${registry}`,
        `http://${registry}`,
        `https://${registry}/`,
        `https://${registry}/v1/`,
        `https://${registry}/v2/`
    ];
}
/** The server URL a credential helper expects on stdin. */
function helperServerUrl(registry) {
    return configKeysFor(registry)[0];
}
/** A username and password for one registry; any other registry gets nothing from it. */
function explicitCredentials(username, password, options) {
    options.onSecret?.(password);
    const scope = registryKey(options.registry);
    return {
        get: (registry) => Promise.resolve(registryKey(registry) === scope ? { kind: 'basic', username, password } : undefined)
    };
}
function dockerConfigCredentials(options = {}) {
    const dir = options.configDir ?? process.env.DOCKER_CONFIG ?? node_path__WEBPACK_IMPORTED_MODULE_2___default().join((0,node_os__WEBPACK_IMPORTED_MODULE_1__.homedir)(), '.docker');
    const file = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, 'config.json');
    const onSecret = options.onSecret ?? (() => undefined);
    const runHelper = options.runHelper ?? runCredentialHelper;
    let config;
    const cache = new Map();
    const lookup = async (registry) => {
        config ??= readDockerConfig(file);
        const parsed = await config;
        const keys = configKeysFor(registry);
        const helper = keys.map((k) => parsed.credHelpers?.[k]).find(Boolean) ?? parsed.credsStore;
        if (helper) {
            const answer = await runHelper(helper, helperServerUrl(registry));
            const fromHelper = answer ? credentialFromHelper(answer, onSecret) : undefined;
            if (fromHelper)
                return fromHelper;
        }
        const entry = keys.map((k) => parsed.auths?.[k]).find((e) => e !== undefined);
        return entry ? credentialFromAuthsEntry(entry, file, onSecret) : undefined;
    };
    return {
        get(registry) {
            let found = cache.get(registry);
            if (!found) {
                found = lookup(registry);
                cache.set(registry, found);
            }
            return found;
        }
    };
}
async function readDockerConfig(file) {
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file, 'utf8');
    }
    catch {
        return {};
    }
    try {
        return JSON.parse(text);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .l('invalid-input', `the docker config ${file} is not valid JSON`, {
            hint: 'fix or remove it, or log in again with docker/login-action'
        });
    }
}
function credentialFromAuthsEntry(entry, file, onSecret) {
    if (entry.auth)
        onSecret(entry.auth);
    if (entry.identitytoken) {
        onSecret(entry.identitytoken);
        return {
            kind: 'identity-token',
            token: entry.identitytoken,
            ...(entry.username ? { username: entry.username } : {})
        };
    }
    if (entry.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .l('invalid-input', `an \`auths\` entry in ${file} is not base64 of "user:password"`, {
                hint: 'log in again with docker/login-action'
            });
        }
        const password = decoded.slice(colon + 1);
        onSecret(password);
        return { kind: 'basic', username: decoded.slice(0, colon), password };
    }
    if (entry.username && entry.password) {
        onSecret(entry.password);
        return { kind: 'basic', username: entry.username, password: entry.password };
    }
    return undefined;
}
function credentialFromHelper(answer, onSecret) {
    if (!answer.Secret)
        return undefined;
    onSecret(answer.Secret);
    // docker-credential-helpers: a Username of "<token>" marks the secret as an identity token.
    if (answer.Username === '<token>' || !answer.Username)
        return { kind: 'identity-token', token: answer.Secret };
    return { kind: 'basic', username: answer.Username, password: answer.Secret };
}
/** `docker-credential-NAME get` with the server URL on stdin; "not found" is no credential, not an error. */
async function runCredentialHelper(helper, serverUrl) {
    const program = `docker-credential-${helper}`;
    const result = await (0,_process_exec_js__WEBPACK_IMPORTED_MODULE_4__/* .runProcess */ .R3)(program, ['get'], { input: serverUrl, ignoreReturnCode: true });
    if (result.startError !== undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .l('environment', `the docker config names credential helper ${program}, which cannot be run`, {
            hint: `install ${program}, or remove "${helper}" from credsStore/credHelpers`,
            cause: result.startError
        });
    }
    const { code, stdout, stderr } = result;
    if (code !== 0) {
        if (/credentials not found/i.test(stdout + stderr))
            return undefined;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .l('auth', `credential helper ${program} failed for ${serverUrl} (exit ${code})`, {
            hint: 'log in again with docker/login-action, or pass `username` and `password`'
        });
    }
    try {
        return JSON.parse(stdout);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .l('auth', `credential helper ${program} printed something that is not JSON`, {
            hint: `check ${program} by running \`echo ${serverUrl} | ${program} get\``
        });
    }
}
/** The first source that knows the registry wins. */
function chainCredentials(...sources) {
    return {
        async get(registry) {
            for (const source of sources) {
                const found = await source.get(registry);
                if (found)
                    return found;
            }
            return undefined;
        }
    };
}
/** Docker Hub answers to several names; a credential given for one of them is for all. */
function registryKey(registry) {
    const host = registry.toLowerCase();
    return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
}
/**
 * Each credential answers only the registry it was given for: explicit `username`/`password` the
 * target's registry, each `registry-auth` line its own, and the docker config (docker/login-action,
 * credential helpers) every registry by its own entries. A registry no source names gets no credential,
 * so nothing given for one registry is ever sent to another or to another's token realm.
 */
function scopedCredentials(options) {
    const { onSecret } = options;
    const given = [
        ...(options.target ? [{ registry: options.targetRegistry, ...options.target }] : []),
        ...options.logins
    ].map((login) => explicitCredentials(login.username, login.password, { registry: login.registry, onSecret }));
    return chainCredentials(...given, options.dockerConfig ?? dockerConfigCredentials({ onSecret }));
}


/***/ }),

/***/ 6764:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BO: () => (/* binding */ redactUrl),
/* harmony export */   Fe: () => (/* binding */ isReplyLost),
/* harmony export */   Uz: () => (/* binding */ RETRYABLE_STATUS),
/* harmony export */   _J: () => (/* binding */ refusesMediaType),
/* harmony export */   gl: () => (/* binding */ RegistryError),
/* harmony export */   vw: () => (/* binding */ errorForResponse)
/* harmony export */ });
/* unused harmony exports parseErrorBody, isImmutableTag */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _throttle_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4351);


class RegistryError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .l {
    details;
    constructor(kind, message, details, options = {}) {
        super(kind, message, options);
        this.name = 'RegistryError';
        this.details = details;
    }
}
/** A write whose answer was lost: check whether it took effect before repeating it. */
function isReplyLost(error) {
    return error instanceof RegistryError && error.details.replyLost === true;
}
/** Upload URLs carry state tokens (_state=…) and pre-signed URLs carry signatures: drop query values. */
function redactUrl(url) {
    try {
        const parsed = new URL(url);
        for (const key of [...parsed.searchParams.keys()]) {
            if (key !== 'digest' && key !== 'n' && key !== 'last')
                parsed.searchParams.set(key, 'REDACTED');
        }
        parsed.username = '';
        parsed.password = '';
        return parsed.toString();
    }
    catch {
        return '(unparseable URL)';
    }
}
/** The registry error codes of the distribution spec, with what a user should do about each. */
const CODE_HINTS = {
    UNAUTHORIZED: {
        kind: 'auth',
        hint: "log in with docker/login-action first, or set `username`/`password` (for `image`'s registry) or a `registry-auth` line (for any other)"
    },
    DENIED: {
        kind: 'auth',
        hint: 'the credentials lack access to this repository: grant push (e.g. `permissions: packages: write` for GHCR) or use an account that has it'
    },
    NAME_UNKNOWN: { kind: 'not-found', hint: 'check the repository name; it does not exist on this registry' },
    MANIFEST_UNKNOWN: {
        kind: 'not-found',
        hint: 'check the tag or digest; it does not exist in this repository'
    },
    BLOB_UNKNOWN: {
        kind: 'not-found',
        hint: 'push the blob (or the image that holds it) to this repository first'
    },
    MANIFEST_BLOB_UNKNOWN: {
        kind: 'registry',
        hint: 'push the manifest’s children and blobs into this repository before the manifest'
    },
    MANIFEST_INVALID: {
        kind: 'registry',
        hint: 'the registry refused the manifest as invalid, for the reason in its detail'
    },
    TAG_INVALID: { kind: 'registry', hint: 'the registry refused the tag; check its name' },
    DIGEST_INVALID: {
        kind: 'digest-mismatch',
        hint: 'the uploaded bytes do not match their digest; retry the push'
    },
    SIZE_INVALID: { kind: 'registry', hint: 'the uploaded size does not match the descriptor; retry the push' },
    TOOMANYREQUESTS: {
        kind: 'registry',
        hint: 'the registry is rate-limiting: retry later or log in for a higher limit'
    },
    UNSUPPORTED: { kind: 'registry', hint: 'this registry does not support the operation' }
};
/** Reads the first error of a registry's JSON error body; tolerant of non-JSON bodies. */
function parseErrorBody(body) {
    try {
        const parsed = JSON.parse(body);
        const first = parsed.errors?.[0];
        const detail = detailText(first?.detail);
        return {
            ...(first?.code ? { code: first.code } : {}),
            ...(first?.message ? { message: first.message } : {}),
            ...(detail ? { detail } : {})
        };
    }
    catch {
        return {};
    }
}
/** `detail` is any JSON (zot: `{"mediaType": …}`, distribution: a string or an object): as one line of text. */
function detailText(detail) {
    if (detail === undefined || detail === null || detail === '')
        return undefined;
    return typeof detail === 'string' ? detail : JSON.stringify(detail);
}
/** A tag PUT refused because the repository's tags cannot move (ECR's immutable tags; TAG_IMMUTABLE elsewhere). */
function isImmutableTag(error) {
    return error instanceof RegistryError && saysImmutableTag(error.details);
}
function saysImmutableTag({ code, message = '', detail = '' }) {
    return code === 'TAG_IMMUTABLE' || (code === 'TAG_INVALID' && /immutable/i.test(`${message} ${detail}`));
}
/**
 * A manifest refused for its media type: OCI-only registries (zot) answer a Docker manifest or list with
 * 400 MANIFEST_INVALID whose detail names the media type. The caller may send the same content as OCI.
 */
function refusesMediaType(error) {
    return error instanceof RegistryError && saysMediaTypeRefused(error.details);
}
function saysMediaTypeRefused({ status, code, message = '', detail = '' }) {
    if (status === 415)
        return true;
    if (code !== 'MANIFEST_INVALID' && code !== 'UNSUPPORTED')
        return false;
    return /media.?type|application\/vnd\.docker\./i.test(`${message} ${detail}`);
}
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/**
 * Builds the error for a non-success answer: kind and hint from the OCI code, else from the status; the
 * registry's message and detail always in the text. Throttling is named as such, with the limit and the
 * wait, and never gets the permissions hint its 403 would otherwise get.
 */
function errorForResponse(options) {
    const { code, message, detail } = parseErrorBody(options.body);
    const header = options.header ?? (() => undefined);
    const throttled = (0,_throttle_js__WEBPACK_IMPORTED_MODULE_1__/* .throttling */ .Au)(options.status, options.body, header);
    const { kind, hint } = throttled
        ? { kind: 'registry', hint: throttledHint(throttled, header('retry-after')) }
        : kindAndHint({
            status: options.status,
            ...(code ? { code } : {}),
            ...(message ? { message } : {}),
            ...(detail ? { detail } : {})
        });
    const said = [code, message].filter(Boolean).join(': ') + (detail ? `; detail: ${detail}` : '');
    const text = `${options.what} failed: ${options.method} ${redactUrl(options.url)} answered ${options.status}${said ? ` (${said})` : ''}`;
    return new RegistryError(kind, text, {
        method: options.method,
        url: redactUrl(options.url),
        status: options.status,
        ...(code ? { code } : {}),
        ...(message ? { message } : {}),
        ...(detail ? { detail } : {}),
        ...(throttled ? { throttled } : {}),
        temporary: RETRYABLE_STATUS.has(options.status) || throttled !== undefined
    }, { hint });
}
function kindAndHint(said) {
    if (saysImmutableTag(said)) {
        return {
            kind: 'registry',
            hint: 'the repository’s tags are immutable: publish each release under a new tag (the version or commit SHA), or make the repository’s tags mutable'
        };
    }
    if (saysMediaTypeRefused(said)) {
        return {
            kind: 'registry',
            hint: 'this registry refuses Docker media types: publish as OCI (`media-type: oci`)'
        };
    }
    const known = said.code ? CODE_HINTS[said.code] : undefined;
    return known ?? statusKind(said.status);
}
/** "rate-limited (secondary rate limit; it asked to wait 10 ms)": the limit, the wait, what to do. */
function throttledHint(throttled, retryAfter) {
    const wait = throttled.waitMs !== undefined
        ? `it asked to wait ${throttled.waitMs} ms`
        : retryAfter
            ? `it asked to wait ${retryAfter} s`
            : 'it named no wait';
    return `the registry is rate-limiting (${throttled.limit}; ${wait}) and the retries ran out: run again in a few minutes, with fewer jobs pushing to it at once, or log in for a higher limit`;
}
function statusKind(status) {
    if (status === 401)
        return CODE_HINTS.UNAUTHORIZED;
    if (status === 403)
        return CODE_HINTS.DENIED;
    if (status === 404)
        return { kind: 'not-found', hint: 'check the reference; the registry does not have it' };
    if (status === 429)
        return CODE_HINTS.TOOMANYREQUESTS;
    return { kind: 'registry', hint: 'the registry failed; retry, and check its status page if it persists' };
}


/***/ }),

/***/ 4351:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Au: () => (/* binding */ throttling),
/* harmony export */   i2: () => (/* binding */ mayBeThrottling)
/* harmony export */ });
/* unused harmony export bodyWaitMs */
/**
 * Registries that say "slow down" in their own ways, read as one thing: throttling, which is waited out
 * and retried, never reported as a verdict on the credentials. Pure, so the rules are unit-tested by tables.
 * - GHCR answers its secondary rate limit with 403 `denied: permission_denied: … You have exceeded a
 *   secondary rate limit`, and its 429 carries the wait in the body (`retry-after: 10.48ms, allowed:
 *   2000/minute`, a Go duration), not in a Retry-After header.
 * - Docker Hub answers 429 `toomanyrequests` with `ratelimit-limit: 100;w=21600` and
 *   `ratelimit-remaining: 0;w=21600` (IETF RateLimit header fields draft) and no Retry-After.
 */
/** Answers whose body is read to tell throttling from a refusal. */
function mayBeThrottling(status) {
    return status === 403 || status === 429;
}
/** Throttling, or undefined when the answer is something else (a 403 that really is about permissions). */
function throttling(status, body, header) {
    const rateLimitBody = /rate.?limit|too many requests|toomanyrequests/i.test(body);
    if (status !== 429 && !(status === 403 && rateLimitBody))
        return undefined;
    const waitMs = bodyWaitMs(body);
    const limit = headerLimit(header) ?? bodyLimit(body);
    return { ...(waitMs !== undefined ? { waitMs } : {}), limit };
}
const GO_DURATION_UNITS = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    μs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000
};
/** `retry-after: 10.48ms` (or `1.5s`, `880.092µs`) in a body: the wait in ms, rounded up. */
function bodyWaitMs(body) {
    const match = /retry.after:?\s*((?:\d+(?:\.\d+)?(?:ns|us|µs|μs|ms|s|m|h))+)/i.exec(body);
    if (!match?.[1])
        return undefined;
    let ms = 0;
    for (const part of match[1].matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/g)) {
        ms += Number(part[1]) * (GO_DURATION_UNITS[part[2] ?? ''] ?? 0);
    }
    return Math.ceil(ms);
}
/** `ratelimit-limit: 100;w=21600` + `ratelimit-remaining: 0;w=21600` → "100 per 21600 s, 0 remaining". */
function headerLimit(header) {
    const limit = header('ratelimit-limit');
    if (limit === undefined)
        return undefined;
    const [count, ...params] = limit.split(';').map((s) => s.trim());
    const window = params.find((p) => p.startsWith('w='))?.slice(2);
    const remaining = header('ratelimit-remaining')?.split(';')[0]?.trim();
    return [
        `${count ?? limit}${window ? ` per ${window} s` : ''}`,
        ...(remaining !== undefined ? [`${remaining} remaining`] : [])
    ].join(', ');
}
/** "secondary rate limit", or GHCR's `allowed: 2000/minute`, or plain "rate limit". */
function bodyLimit(body) {
    if (/secondary rate limit/i.test(body))
        return 'secondary rate limit';
    const allowed = /allowed:\s*([\d]+\/\w+)/i.exec(body)?.[1];
    return allowed ? `rate limit of ${allowed}` : 'rate limit';
}


/***/ }),

/***/ 2822:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  J0: () => (/* binding */ CONNECTIONS_PER_ORIGIN),
  oK: () => (/* binding */ Transport),
  Ze: () => (/* binding */ drain),
  x8: () => (/* binding */ readBody)
});

// UNUSED EXPORTS: chunksOf, defaultDispatcher

// EXTERNAL MODULE: ./node_modules/undici/lib/dispatcher/agent.js
var agent = __webpack_require__(7405);
var agent_default = /*#__PURE__*/__webpack_require__.n(agent);
// EXTERNAL MODULE: ./node_modules/undici/lib/dispatcher/env-http-proxy-agent.js
var env_http_proxy_agent = __webpack_require__(3137);
var env_http_proxy_agent_default = /*#__PURE__*/__webpack_require__.n(env_http_proxy_agent);
// EXTERNAL MODULE: ./node_modules/undici/lib/api/api-request.js
var api_request = __webpack_require__(4043);
var api_request_default = /*#__PURE__*/__webpack_require__.n(api_request);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/registry/errors.ts
var registry_errors = __webpack_require__(6764);
;// CONCATENATED MODULE: ./src/registry/retry.ts
const DEFAULT_RETRY_POLICY = {
    maxAttempts: 6,
    baseDelayMs: 250,
    maxDelayMs: 8_000,
    maxRetryAfterMs: 30_000
};
/** Milliseconds to wait as the server asked, or undefined when the header is absent or unreadable. */
function parseRetryAfter(value, now) {
    if (value === undefined || value.trim() === '')
        return undefined;
    const text = value.trim();
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    // An HTTP-date names its day and month ("Wed, 21 Oct 2015 07:28:00 GMT"); Date.parse would take "-1".
    if (!/[A-Za-z]{3}/.test(text))
        return undefined;
    const date = Date.parse(text);
    if (Number.isNaN(date))
        return undefined;
    return Math.max(0, date - now);
}
/**
 * The wait before attempt `attempt + 1` (attempt counts from 1). `random` is in [0, 1); tests pass a
 * constant. The server's Retry-After wins over backoff when it asks for longer.
 */
function retryDelay(options) {
    const { attempt, policy } = options;
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    const backoff = Math.floor(ceiling * options.random);
    const asked = options.askedMs ?? parseRetryAfter(options.retryAfter, options.now);
    if (asked === undefined)
        return backoff;
    return Math.max(backoff, Math.min(asked, policy.maxRetryAfterMs));
}
/** Network failures worth another try: the connection broke or never came up, not a protocol error. */
const RETRYABLE_ERROR_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT'
]);
function isRetryableNetworkError(error) {
    for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
        const code = e.code;
        if (typeof code === 'string' && RETRYABLE_ERROR_CODES.has(code))
            return true;
    }
    return false;
}
/**
 * Failures that happen before a request leaves: no connection was made, so the server cannot have acted
 * on it. Anything else (a reset, a closed socket, a timeout waiting for the answer) may come after the
 * server performed the request and only its reply was lost.
 */
const NEVER_SENT_ERROR_CODES = new Set([
    'ECONNREFUSED',
    'EAI_AGAIN',
    'ENOTFOUND',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'UND_ERR_CONNECT_TIMEOUT'
]);
/** Whether a failed request may have been performed by the server although no answer came back. */
function mayHaveReachedServer(error) {
    for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
        const code = e.code;
        if (typeof code === 'string' && NEVER_SENT_ERROR_CODES.has(code))
            return false;
    }
    return true;
}
/**
 * Methods a transport may repeat blindly after a lost reply (RFC 9110 §9.2.2 idempotent methods). The
 * registry client marks its writes that are not (an upload's closing PUT consumes the session) itself.
 */
function isRepeatableMethod(method) {
    return ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'].includes(method.toUpperCase());
}

// EXTERNAL MODULE: ./src/registry/throttle.ts
var throttle = __webpack_require__(4351);
;// CONCATENATED MODULE: ./src/registry/transport.ts
// One module each instead of undici's index (see undici-modules.d.ts): start-up evaluates only these.









const MAX_REDIRECTS = 5;
/**
 * Connections kept per registry: a 64-child merge's sources, configs and layer reads all go out in one
 * round trip instead of queueing behind each other (each queued wave costs a round trip), and no more
 * than that, so a registry does not see a connection storm.
 */
const CONNECTIONS_PER_ORIGIN = 64;
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
const BODY_METHODS = new Set(['PUT', 'POST', 'PATCH']);
const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
class Transport {
    stats = { requests: 0, retries: 0, redirects: 0, byMethod: {} };
    policy;
    dispatcher;
    sleep;
    random;
    userAgent;
    onRetry;
    constructor(options = {}) {
        this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
        this.dispatcher = options.dispatcher ?? defaultDispatcher(process.env);
        this.sleep = options.sleep ?? defaultSleep;
        this.random = options.random ?? Math.random;
        this.userAgent = options.userAgent ?? 'multiarch-publish';
        this.onRetry = options.onRetry;
    }
    /**
     * Sends the request, repeating it on 408/429/5xx and broken connections with backoff, up to the
     * policy's attempts. The last answer is returned whatever its status; only network failures throw.
     */
    async send(req) {
        const repeatable = req.repeatable ?? isRepeatableMethod(req.method);
        for (let attempt = 1;; attempt++) {
            let response;
            try {
                response = await this.sendFollowingRedirects(req);
            }
            catch (error) {
                // A failing body (a streamed copy whose source broke or did not match its digest) says so itself.
                if (error instanceof errors/* ActionError */.l)
                    throw error;
                if (!isRetryableNetworkError(error))
                    throw networkError(req, error);
                if (!repeatable && mayHaveReachedServer(error))
                    throw networkError(req, error, { replyLost: true });
                if (attempt >= this.policy.maxAttempts)
                    throw networkError(req, error);
                await this.wait(req, attempt, { reason: errorCode(error) });
                continue;
            }
            let throttled;
            if ((0,throttle/* mayBeThrottling */.i2)(response.status)) {
                const read = await buffered(response);
                response = read.response;
                throttled = (0,throttle/* throttling */.Au)(read.response.status, read.text, (name) => read.response.header(name));
            }
            const retryable = registry_errors/* RETRYABLE_STATUS */.Uz.has(response.status) || throttled !== undefined;
            if (!retryable || attempt >= this.policy.maxAttempts)
                return response;
            await drain(response);
            await this.wait(req, attempt, {
                retryAfter: response.header('retry-after'),
                askedMs: throttled?.waitMs,
                reason: `status ${response.status}${throttled ? ` (${throttled.limit})` : ''}`
            });
        }
    }
    /** Attempts in all a request gets, the first included; callers repeating writes themselves keep to it too. */
    get maxAttempts() {
        return this.policy.maxAttempts;
    }
    /**
     * The wait before a caller repeats a request itself (a write checked after a lost answer, an upload
     * restarted): the same backoff as the transport's own retries, and counted with them.
     */
    async pause(req, attempt, reason) {
        await this.wait(req, attempt, { reason });
    }
    async wait(req, attempt, why) {
        const delayMs = retryDelay({
            attempt,
            policy: this.policy,
            retryAfter: why.retryAfter,
            askedMs: why.askedMs,
            now: Date.now(),
            random: this.random()
        });
        this.stats.retries++;
        this.onRetry?.({ method: req.method, url: (0,registry_errors/* redactUrl */.BO)(req.url), attempt, delayMs, reason: why.reason });
        await this.sleep(delayMs);
    }
    async sendFollowingRedirects(req) {
        const origin = new URL(req.url).origin;
        let url = req.url;
        let method = req.method;
        for (let hop = 0;; hop++) {
            // Blob GETs redirect to object stores (S3, GCS, a CDN); their signed URL is the credential there,
            // and our Authorization must not leak to them (the same rule as Go's net/http and curl).
            const sameOrigin = new URL(url).origin === origin;
            const headers = sameOrigin ? req.headers : withoutAuthorization(req.headers);
            const response = await this.sendOnce({ ...req, method, url, ...(headers ? { headers } : {}) });
            if (!REDIRECT_STATUS.has(response.status))
                return response;
            const location = response.header('location');
            if (location === undefined || hop >= MAX_REDIRECTS)
                return response;
            await drain(response);
            this.stats.redirects++;
            url = new URL(location, url).toString();
            if (response.status === 303)
                method = 'GET';
        }
    }
    async sendOnce(req) {
        this.stats.requests++;
        this.stats.byMethod[req.method] = (this.stats.byMethod[req.method] ?? 0) + 1;
        const headers = { 'user-agent': this.userAgent, ...req.headers };
        let body = undefined;
        if (req.body instanceof Uint8Array) {
            body = req.body;
            headers['content-length'] = String(req.body.byteLength);
        }
        else if (req.body) {
            body = (await req.body.open());
            headers['content-length'] = String(req.body.size);
        }
        else if (BODY_METHODS.has(req.method)) {
            // Nexus and Artifact Registry answer 411 to a PUT or POST without Content-Length (a mount, an
            // upload's start, the PUT closing a chunked upload).
            headers['content-length'] = '0';
        }
        const url = new URL(req.url);
        const res = await api_request_default().call(this.dispatcher, {
            origin: url.origin,
            path: url.pathname + url.search,
            method: req.method,
            headers,
            body
        });
        return {
            method: req.method,
            status: res.statusCode,
            url: req.url,
            header: (name) => headerValue(res.headers[name.toLowerCase()]),
            body: res.body
        };
    }
}
const AGENT_OPTIONS = {
    headersTimeout: 60_000,
    bodyTimeout: 120_000,
    connections: CONNECTIONS_PER_ORIGIN
};
/** Proxies as curl and Go read them; undici warns that its env-proxy agent is experimental, so use it only when needed. */
function defaultDispatcher(env) {
    const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((k) => Boolean(env[k]));
    return proxied ? new (env_http_proxy_agent_default())(AGENT_OPTIONS) : new (agent_default())(AGENT_OPTIONS);
}
function headerValue(value) {
    return Array.isArray(value) ? value.join(', ') : value;
}
function withoutAuthorization(headers) {
    if (!headers)
        return headers;
    return Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
}
function errorCode(error) {
    for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
        const code = e.code;
        if (typeof code === 'string')
            return code;
    }
    return error instanceof Error ? error.message : String(error);
}
function networkError(req, error, options = {}) {
    const host = new URL(req.url).host;
    const lost = options.replyLost === true;
    return new registry_errors/* RegistryError */.gl('registry', `${req.method} ${(0,registry_errors/* redactUrl */.BO)(req.url)} failed: ${errorCode(error)}${lost ? ' (the answer was lost; the registry may have performed it)' : ''}`, {
        method: req.method,
        url: (0,registry_errors/* redactUrl */.BO)(req.url),
        temporary: isRetryableNetworkError(error),
        ...(lost ? { replyLost: true } : {})
    }, {
        hint: `check that ${host} is reachable from the runner (proxy settings: HTTPS_PROXY, NO_PROXY)`,
        cause: error
    });
}
/** A Readable's chunks, typed: node's own typing yields `any`. */
function chunksOf(stream) {
    return stream;
}
/** Stops reading a body for good; the abort error undici then emits is expected, not a failure. */
function abandon(body) {
    body.on('error', () => undefined);
    body.destroy();
}
/** Error bodies are small: read this much to tell throttling from a refusal, and keep it for the caller. */
const MAX_THROTTLE_BODY = 64 * 1024;
/** The response with its body read into memory (bounded) and its text, so the caller can still read it. */
async function buffered(response) {
    const bytes = await readBody(response, MAX_THROTTLE_BODY, 'error body').catch(() => Buffer.alloc(0));
    return {
        response: { ...response, body: external_node_stream_.Readable.from([bytes], { objectMode: false }) },
        text: bytes.toString('utf8')
    };
}
/** Discards a body we will not read, so the connection can be reused. */
async function drain(response) {
    response.body.resume();
    // A body that fails while being discarded changes nothing.
    await (0,promises_.finished)(response.body).catch(() => undefined);
}
/** Reads a whole body, refusing more than `limit` bytes (checked on Content-Length and while reading). */
async function readBody(response, limit, what) {
    const declared = Number(response.header('content-length') ?? NaN);
    if (declared > limit) {
        abandon(response.body);
        throw oversize(response, { what, size: declared, limit });
    }
    const chunks = [];
    let size = 0;
    for await (const chunk of chunksOf(response.body)) {
        size += chunk.byteLength;
        if (size > limit) {
            abandon(response.body);
            throw oversize(response, { what, size, limit });
        }
        chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
}
function oversize(response, { what, size, limit }) {
    return new registry_errors/* RegistryError */.gl('registry', `${what} is larger than ${limit} bytes (${size}+), refused`, { method: response.method, url: (0,registry_errors/* redactUrl */.BO)(response.url), status: response.status, temporary: false }, { hint: 'manifests over 4 MiB are refused by registries and by this action; check the reference' });
}


/***/ }),

/***/ 8325:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ verifySummary),
/* harmony export */   y: () => (/* binding */ verifyReport)
/* harmony export */ });
/* harmony import */ var _oci_types_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3048);
/* harmony import */ var _verify_format_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2566);
/**
 * What a person reads after verify: the step summary (a table, one row per platform, then the problems in
 * words) and the JSON report with every check and its evidence. Pure: main writes them out.
 */


const icon = (check) => (check.ok === true ? '✅' : check.ok === false ? '❌' : '➖');
const code = (text) => '`' + text.replace(/`/g, "'") + '`';
function binaryCell(row) {
    const b = row.binary;
    if (b.path)
        return `${icon(b)} ${code('/' + b.path)} ${b.ok === false ? b.detail : (b.found ?? '')}`;
    return `${icon(b)} ${b.ok === null ? b.detail : ''}`.trim();
}
function row(r) {
    const platform = r.required ? r.platform : `${r.platform} (extra)`;
    if (!r.digest)
        return `| ${platform} | ❌ missing | | | |`;
    const config = r.config.ok === false ? `❌ ${r.config.detail}` : icon(r.config);
    const attestation = r.attestation.ok ? `✅ ${code(r.attestation.detail.slice(0, 19))}` : '➖';
    return `| ${platform} | ${code(r.digest.slice(0, 19))} | ${config} | ${binaryCell(r)} | ${attestation} |`;
}
function verifySummary(result, options = {}) {
    const images = result.rows.filter((r) => r.digest).length;
    const heading = result.ok
        ? `### ✅ ${options.title ?? 'Verified'} ${code(result.reference)}`
        : `### ❌ ${options.title ?? 'Verification failed for'} ${code(result.reference)}: ${result.problems.length} problem(s)`;
    const lines = [
        heading,
        '',
        `${code(result.digest)} · ${result.mediaType} · ${images} platform(s)`,
        '',
        '| platform | digest | config | binary | attestation |',
        '|---|---|---|---|---|',
        ...result.rows.map(row)
    ];
    if (result.problems.length > 0)
        lines.push('', '**Problems**', '', ...result.problems.map((p, i) => `${i + 1}. ${p}`));
    const warnings = result.warnings;
    if (warnings.length > 0)
        lines.push('', '**Warnings**', '', ...warnings.map((w) => `- ⚠️ ${w}`));
    lines.push(...layersSection(result));
    const resolutions = result.rows.filter((r) => r.resolution);
    if (resolutions.length > 0) {
        lines.push('', '<details><summary>What a containerd client pulls for each required platform</summary>', '');
        for (const r of resolutions) {
            const res = r.resolution;
            lines.push(`- ${r.platform} → ${res.platform} ${code(res.digest.slice(0, 19))}${res.exact ? '' : ' (fallback)'}`);
        }
        lines.push('', '</details>');
    }
    if (result.notes.length > 0)
        lines.push('', '**Notes**', '', ...result.notes.map((n) => `- ${n}`));
    return lines.join('\n') + '\n';
}
/** What the check read, per platform: the figures that say what "verified" covers. */
function layersSection(result) {
    const rows = result.rows.filter((r) => r.layers);
    if (rows.length === 0)
        return [];
    const total = result.reading
        ? ` · ${(0,_verify_format_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z)(result.reading.bytesRead)} read in all, ${result.reading.layersShared} layer(s) shared by several platforms and read once`
        : '';
    const lines = [
        '',
        `**Layers read**${total}`,
        '',
        '| platform | layers | bytes | digest checked | shared | ELF/PE checked |',
        '|---|---|---|---|---|---|'
    ];
    for (const r of rows) {
        const l = r.layers;
        const checked = l.unchecked > 0
            ? `⚠️ ${l.verified} of ${l.read} (${l.unchecked} read in part)`
            : `${l.verified} of ${l.read}`;
        lines.push(`| ${r.platform} | ${l.read} of ${l.total} | ${(0,_verify_format_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z)(l.bytesRead)} of ${(0,_verify_format_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z)(l.bytesTotal)} | ${checked} | ${l.shared} | ${l.filesChecked}${l.wrongCpu.length > 0 ? ` (❌ ${l.wrongCpu.length} other CPU)` : ''} |`);
    }
    return lines;
}
function verifyReport(result, evidence, extra) {
    return {
        tool: 'multiarch-publish',
        mode: 'verify',
        ok: result.ok,
        reference: result.reference,
        digest: result.digest,
        mediaType: result.mediaType,
        durationMs: extra.durationMs,
        ...(extra.requests ? { requests: extra.requests } : {}),
        platforms: result.platforms,
        rows: result.rows,
        problems: result.problems,
        warnings: result.warnings,
        notes: result.notes,
        ...(result.reading ? { reading: result.reading } : {}),
        evidence: {
            attestations: evidence.attestations.map((a) => ({
                digest: a.digest,
                ...(a.annotations?.[_oci_types_js__WEBPACK_IMPORTED_MODULE_0__/* .ATTESTATION_REFERENCE_DIGEST */ .qq]
                    ? { subject: a.annotations[_oci_types_js__WEBPACK_IMPORTED_MODULE_0__/* .ATTESTATION_REFERENCE_DIGEST */ .qq] }
                    : {})
            })),
            entries: evidence.entries.map((e) => ({
                digest: e.descriptor.digest,
                ...(e.platform ? { platform: e.platform } : {}),
                ...(e.config
                    ? {
                        config: {
                            os: e.config.os,
                            architecture: e.config.architecture,
                            ...(e.config.variant ? { variant: e.config.variant } : {}),
                            ...(e.config['os.version'] ? { 'os.version': e.config['os.version'] } : {})
                        }
                    }
                    : {}),
                binary: e.binary,
                ...(e.layers
                    ? {
                        // The layers read and what they held that matters; not every binary met (images hold thousands).
                        layers: {
                            policy: e.layers.policy,
                            ...(e.layers.budget !== undefined ? { budget: e.layers.budget } : {}),
                            budgetExhausted: e.layers.budgetExhausted,
                            read: e.layers.read,
                            binariesMet: e.layers.binaries.length
                        }
                    }
                    : {}),
                ...(e.error ? { error: e.error } : {})
            }))
        }
    };
}


/***/ }),

/***/ 5085:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BF: () => (/* binding */ decideTag),
/* harmony export */   b8: () => (/* binding */ DEFAULT_ON_OLDER),
/* harmony export */   cV: () => (/* binding */ ancestryQuestion),
/* harmony export */   cz: () => (/* binding */ ON_OLDER_VALUES),
/* harmony export */   jh: () => (/* binding */ isCommitId),
/* harmony export */   t1: () => (/* binding */ tagMoves)
/* harmony export */ });
/* unused harmony export shortRevision */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6455);
/**
 * Tags only move forward: whether a tag may move to this run's index, from the revision the tag points to
 * now, this run's revision, how the two commits relate, and the `on-older` input. Pure: the caller read
 * the tag (read.ts) and asked git or GitHub (ancestry.ts).
 */


const ON_OLDER_VALUES = ['skip', 'fail', 'force'];
const DEFAULT_ON_OLDER = 'skip';
/** Commit ids are shown as 12 hex digits, enough to be unique in any repository people publish from. */
function shortRevision(revision) {
    return /^[0-9a-f]{13,}$/i.test(revision) ? revision.slice(0, 12) : revision;
}
/** A full or abbreviated hex commit id (SHA-1 or SHA-256); anything else is not asked about. */
function isCommitId(revision) {
    return /^[0-9a-f]{7,64}$/i.test(revision);
}
/** Equal commit ids, one possibly abbreviated. */
function sameRevision(a, b) {
    const [x, y] = [a.toLowerCase(), b.toLowerCase()];
    return x.length <= y.length ? y.startsWith(x) : x.startsWith(y);
}
/**
 * The two commits to ask ancestry about, or undefined when the decision needs no question: the tag is
 * absent, a revision is missing or not a commit id, or both are the same commit.
 */
function ancestryQuestion(current, revision) {
    if (!current.exists || current.revision.revision === undefined)
        return undefined;
    const tag = current.revision.revision;
    const run = revision ?? '';
    if (!isCommitId(run) || !isCommitId(tag) || sameRevision(run, tag))
        return undefined;
    return { run, tag };
}
/** The decision for one tag; see TagDecision. */
function decideTag(input) {
    const { tag, current, onOlder } = input;
    const run = input.revision ?? '';
    const decision = (action, message) => ({ tag, action, message });
    if (!current.exists)
        return decision('move', `${tag}: new tag`);
    const at = `${tag} (${short(current.digest)})`;
    const theirs = current.revision.revision;
    const unknown = (why) => {
        const message = `${at}: cannot tell whether this run's ${shortRevision(run) || 'commit'} is older than the tag's ${shortRevision(theirs ?? '') || 'commit'} (${why}); moved`;
        // Cannot tell → the tag moves, with a warning, under skip and fail alike. Refusing would block every
        // first run: indexes published before revisions were recorded (the Docker list used to carry none),
        // shallow checkouts without API access, images merged from another repository. `on-older` is about a
        // tag known to be newer; a refusal on mere doubt would make `fail` mean "fail unless proven older".
        // force asked for today's behaviour, so the doubt is only a summary line there.
        return decision(onOlder === 'force' ? 'move' : 'move-with-note', message);
    };
    if (theirs === undefined)
        return unknown(current.revision.reason);
    if (run === '')
        return unknown(`this run's commit is not known (GITHUB_SHA is not set)`);
    if (!isCommitId(theirs))
        return unknown(`the tag's revision "${theirs}" is not a commit id`);
    if (!isCommitId(run))
        return unknown(`this run's revision "${run}" is not a commit id`);
    const pair = `${shortRevision(theirs)} → ${shortRevision(run)}`;
    const rerun = `${tag}: same commit ${shortRevision(run)} (a re-run)`;
    if (sameRevision(run, theirs))
        return decision('move', rerun);
    const ancestry = input.ancestry ?? { relation: 'unknown', reason: 'the commits were not compared' };
    switch (ancestry.relation) {
        case 'same':
            return decision('move', rerun);
        case 'descendant':
            return decision('move', `${tag}: moved forward ${pair}`);
        case 'diverged':
            // Neither is older: two branches publishing one tag is a workflow choice, not a move back.
            return decision('move', `${tag}: moved ${pair} (the commits are on diverged branches)`);
        case 'unknown':
            return unknown(ancestry.reason);
        case 'ancestor': {
            const older = `${at} is on ${shortRevision(theirs)}, newer than this run's ${shortRevision(run)}`;
            switch (onOlder) {
                case 'force':
                    return decision('move-with-note', `${older}; moved back because \`${_names_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G.onOlder}\` is force`);
                case 'fail':
                    return decision('fail', `${older}; no tag moved because \`${_names_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G.onOlder}\` is fail`);
                case 'skip':
                    return decision('skip', `${older}; left there (\`${_names_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G.onOlder}\`: skip)`);
            }
        }
    }
}
/**
 * The run-level outcome: the tags to PUT, the warnings to show (skips and notes), and the error when any
 * tag failed — then no tag moves at all (`on-older: fail`).
 */
function tagMoves(decisions) {
    const failed = decisions.filter((d) => d.action === 'fail');
    const warnings = decisions
        .filter((d) => d.action === 'skip' || d.action === 'move-with-note')
        .map((d) => d.message);
    if (failed.length > 0)
        return { move: [], warnings, failure: olderFailure(failed) };
    return {
        move: decisions.filter((d) => d.action === 'move' || d.action === 'move-with-note').map((d) => d.tag),
        warnings,
        failure: undefined
    };
}
function olderFailure(failed) {
    // No kind in the closed list says "refused by policy"; invalid-input is the nearest: the run asked to
    // move a tag backwards and the `on-older` input forbids it.
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .l('invalid-input', failed.map((d) => d.message).join('\n'), {
        hint: `publish from the newer commit, or set \`${_names_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G.onOlder}: force\` to move the tag back`
    });
}
function short(digest) {
    const [algorithm, hex] = digest.split(':');
    return hex === undefined ? digest : `${algorithm ?? ''}:${hex.slice(0, 12)}`;
}


/***/ }),

/***/ 9905:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DT: () => (/* binding */ revisionOf),
/* harmony export */   HD: () => (/* binding */ configsToRead),
/* harmony export */   dS: () => (/* binding */ labelsFor)
/* harmony export */ });
/* unused harmony export revisionLabel */
/* harmony import */ var _image_index_annotations_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5550);
/* harmony import */ var _oci_types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3048);
/* harmony import */ var _platform_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6132);
/**
 * Which commit a tag's image or index is, for both media types, and the labels that record it. An OCI index
 * carries the `org.opencontainers.image.revision` annotation (merge writes it); a Docker manifest list has
 * no place for annotations, so its images' config labels are the record (publish and build mode add them).
 * Pure over already-fetched data: the caller read the manifests and configs (see `configsToRead`).
 */




const DEFAULT_SERVER_URL = 'https://github.com';
/**
 * The image manifests whose configs the revision needs: none when the index's annotation answers, the
 * tag's own manifest for a single image, else every image the index lists (attestations left out).
 */
function configsToRead(content) {
    const { parsed } = content;
    if (parsed.kind === 'manifest')
        return [content.digest];
    if (annotationOf(parsed.index.annotations) !== undefined)
        return [];
    return imagesOf(parsed.index.manifests).map((child) => child.digest);
}
/** The revision of what the tag points to, or why it cannot be said. */
function revisionOf(content) {
    const { parsed, configs } = content;
    if (parsed.kind === 'manifest') {
        const config = configs.get(content.digest);
        if (config === undefined)
            return { revision: undefined, reason: 'the image config was not read' };
        const label = revisionLabel(config);
        return label === undefined
            ? { revision: undefined, reason: `the image has no ${_image_index_annotations_js__WEBPACK_IMPORTED_MODULE_0__/* .REVISION_ANNOTATION */ .wB} label` }
            : { revision: label, from: 'config-label' };
    }
    const annotation = annotationOf(parsed.index.annotations);
    if (annotation !== undefined)
        return { revision: annotation, from: 'index-annotation' };
    const nested = parsed.index.manifests.find((d) => !(0,_oci_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isAttestation */ .H3)(d) && (0,_oci_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isIndexMediaType */ .$$)(d.mediaType));
    if (nested !== undefined) {
        return {
            revision: undefined,
            reason: `the index lists another index (${nested.digest}) and has no revision annotation`
        };
    }
    const children = imagesOf(parsed.index.manifests);
    if (children.length === 0)
        return { revision: undefined, reason: 'the index lists no images' };
    // Every image must carry the label and all must agree: one without it (say a Windows image merged in from
    // elsewhere) or two commits in one list leave the index's commit unsaid.
    const found = new Map();
    for (const child of children) {
        const config = configs.get(child.digest);
        if (config === undefined)
            return { revision: undefined, reason: `the config of ${child.name} was not read` };
        const label = revisionLabel(config);
        if (label === undefined)
            return { revision: undefined, reason: `${child.name} has no ${_image_index_annotations_js__WEBPACK_IMPORTED_MODULE_0__/* .REVISION_ANNOTATION */ .wB} label` };
        found.set(label, [...(found.get(label) ?? []), child.name]);
    }
    const [only, ...others] = [...found.keys()];
    if (only !== undefined && others.length === 0)
        return { revision: only, from: 'child-labels' };
    const listed = [...found].map(([revision, names]) => `${revision} (${names.join(', ')})`).join('; ');
    return { revision: undefined, reason: `its images record different revisions: ${listed}` };
}
/** The `org.opencontainers.image.revision` label of an image config (`config.Labels`), when set. */
function revisionLabel(config) {
    if (!isRecord(config) || !isRecord(config.config))
        return undefined;
    const labels = config.config.Labels;
    if (!isRecord(labels))
        return undefined;
    return nonEmpty(labels[_image_index_annotations_js__WEBPACK_IMPORTED_MODULE_0__/* .REVISION_ANNOTATION */ .wB]);
}
/**
 * The `labels` lines for each image publish and build modes build: the user's lines, then the revision
 * (GITHUB_SHA) and source (GITHUB_SERVER_URL/GITHUB_REPOSITORY) labels for the keys the user did not set.
 * A user line is `KEY=value` (or a bare `KEY`, which docker reads as an empty value).
 */
function labelsFor(context, userLabels) {
    const userKeys = new Set(userLabels.map((line) => (line.split('=')[0] ?? '').trim()));
    const defaults = [];
    const sha = context.sha?.trim() ?? '';
    const repository = context.repository?.trim() ?? '';
    if (sha !== '')
        defaults.push([_image_index_annotations_js__WEBPACK_IMPORTED_MODULE_0__/* .REVISION_ANNOTATION */ .wB, sha]);
    if (repository !== '') {
        const serverUrl = context.serverUrl?.trim() || DEFAULT_SERVER_URL;
        defaults.push([_image_index_annotations_js__WEBPACK_IMPORTED_MODULE_0__/* .SOURCE_ANNOTATION */ .eM, `${serverUrl.replace(/\/+$/, '')}/${repository}`]);
    }
    return [
        ...userLabels,
        ...defaults.filter(([key]) => !userKeys.has(key)).map(([key, value]) => `${key}=${value}`)
    ];
}
function annotationOf(annotations) {
    return nonEmpty(annotations?.[_image_index_annotations_js__WEBPACK_IMPORTED_MODULE_0__/* .REVISION_ANNOTATION */ .wB]);
}
function imagesOf(manifests) {
    return manifests
        .filter((d) => !(0,_oci_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isAttestation */ .H3)(d) && _oci_types_js__WEBPACK_IMPORTED_MODULE_1__/* .IMAGE_MANIFEST_MEDIA_TYPES */ .vA.includes(d.mediaType))
        .map((d) => ({ digest: d.digest, name: d.platform ? (0,_platform_index_js__WEBPACK_IMPORTED_MODULE_2__/* .formatPlatform */ .Bq)(d.platform) : d.digest }));
}
function nonEmpty(value) {
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}


/***/ }),

/***/ 9968:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IH: () => (/* binding */ expectedBinary),
/* harmony export */   Q9: () => (/* binding */ isLoadableBinary),
/* harmony export */   WD: () => (/* binding */ checkBinary),
/* harmony export */   bX: () => (/* binding */ describeBinary),
/* harmony export */   m4: () => (/* binding */ identifyBinary),
/* harmony export */   vo: () => (/* binding */ binaryFit)
/* harmony export */ });
/* unused harmony exports ElfMachine, PeMachine */
/**
 * What CPU a binary was built for, read from its first bytes, and whether that matches the platform an
 * image is labelled with: an image labelled linux/arm64 must hold AArch64 code, or users get
 * "exec format error". Pure: the caller hands over the bytes (TarEntry.head).
 */
// ── ELF: System V ABI, generic ABI ("gABI"), chapter 4 "ELF Header" ─────────────────────────────────
/** e_ident[EI_MAG0..EI_MAG3]: 0x7f 'E' 'L' 'F'. */
const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];
/** e_ident[EI_CLASS]: ELFCLASS32 = 1, ELFCLASS64 = 2. */
const EI_CLASS = 4;
const ELFCLASS32 = 1;
const ELFCLASS64 = 2;
/** e_ident[EI_DATA]: ELFDATA2LSB = 1 (little-endian), ELFDATA2MSB = 2 (big-endian). */
const EI_DATA = 5;
const ELFDATA2LSB = 1;
const ELFDATA2MSB = 2;
/**
 * e_machine follows e_ident[EI_NIDENT = 16] and e_type (an Elf_Half), so it sits at byte 18 in both
 * classes; it is an Elf_Half encoded in the file's own byte order (EI_DATA).
 */
const E_MACHINE = 18;
const ELF_HEADER_BYTES = E_MACHINE + 2;
/** e_machine values (gABI "e_machine"; the registry at the end of the chapter and each psABI). */
const ElfMachine = {
    i386: 3, // EM_386
    mips: 8, // EM_MIPS (also MIPS64: the class tells them apart)
    ppc: 20, // EM_PPC
    ppc64: 21, // EM_PPC64 (both byte orders: EI_DATA tells ppc64 from ppc64le)
    s390: 22, // EM_S390 (also s390x: ELFCLASS64)
    arm: 40, // EM_ARM (AArch32)
    x86_64: 62, // EM_X86_64
    aarch64: 183, // EM_AARCH64
    riscv: 243, // EM_RISCV (the class tells riscv32 from riscv64)
    loongarch: 258 // EM_LOONGARCH
};
const ELF_MACHINE_NAMES = new Map([
    [2, 'SPARC'],
    [ElfMachine.i386, 'Intel 80386'],
    [ElfMachine.mips, 'MIPS'],
    [ElfMachine.ppc, 'PowerPC'],
    [ElfMachine.ppc64, 'PowerPC64'],
    [ElfMachine.s390, 'S/390'],
    [ElfMachine.arm, 'ARM'],
    [43, 'SPARC V9'],
    [ElfMachine.x86_64, 'x86-64'],
    [ElfMachine.aarch64, 'AArch64'],
    [ElfMachine.riscv, 'RISC-V'],
    [ElfMachine.loongarch, 'LoongArch']
]);
// ── PE: Microsoft "PE Format" (PE/COFF specification) ────────────────────────────────────────────────
/** An MS-DOS stub starts every image file: 'MZ'. */
const MZ_MAGIC = [0x4d, 0x5a];
/** "At location 0x3c, the stub has the file offset to the PE signature" (4 bytes, little-endian). */
const PE_SIGNATURE_OFFSET_FIELD = 0x3c;
/** The signature 'PE\0\0', immediately followed by the COFF File Header, whose first field is Machine. */
const PE_SIGNATURE = [0x50, 0x45, 0x00, 0x00];
const COFF_MACHINE = PE_SIGNATURE.length;
/** COFF "Machine Types" (IMAGE_FILE_MACHINE_*). */
const PeMachine = {
    i386: 0x14c, // IMAGE_FILE_MACHINE_I386
    armnt: 0x1c4, // IMAGE_FILE_MACHINE_ARMNT (ARM Thumb-2, Windows on 32-bit ARM)
    amd64: 0x8664, // IMAGE_FILE_MACHINE_AMD64
    arm64: 0xaa64 // IMAGE_FILE_MACHINE_ARM64
};
const PE_MACHINE_NAMES = new Map([
    [PeMachine.i386, 'i386'],
    [PeMachine.armnt, 'ARMNT'],
    [PeMachine.amd64, 'x86-64'],
    [PeMachine.arm64, 'ARM64']
]);
/**
 * Identifies an ELF or PE file from its first bytes; undefined for anything else (scripts, data) and
 * when `head` is too short to tell (ELF needs 20 bytes, PE needs the COFF Machine after 'PE\0\0').
 */
function identifyBinary(head) {
    if (startsWith(head, ELF_MAGIC, 0))
        return identifyElf(head);
    if (startsWith(head, MZ_MAGIC, 0))
        return identifyPe(head);
    return undefined;
}
function identifyElf(head) {
    if (head.length < ELF_HEADER_BYTES)
        return undefined;
    const elfClass = elfClassOf(head[EI_CLASS]);
    const endianness = elfEndiannessOf(head[EI_DATA]);
    if (elfClass === undefined || endianness === undefined)
        return undefined;
    const machine = readUint16(head, E_MACHINE, endianness);
    return { format: 'elf', class: elfClass, endianness, machine, machineName: elfMachineName(machine) };
}
function elfClassOf(value) {
    if (value === ELFCLASS32)
        return 32;
    if (value === ELFCLASS64)
        return 64;
    return undefined;
}
function elfEndiannessOf(value) {
    if (value === ELFDATA2LSB)
        return 'little';
    if (value === ELFDATA2MSB)
        return 'big';
    return undefined;
}
function identifyPe(head) {
    if (head.length < PE_SIGNATURE_OFFSET_FIELD + 4)
        return undefined;
    // e_lfanew is a 32-bit little-endian file offset; a plain MS-DOS program has no PE signature there.
    const signatureAt = readUint32LE(head, PE_SIGNATURE_OFFSET_FIELD);
    if (signatureAt + COFF_MACHINE + 2 > head.length)
        return undefined;
    if (!startsWith(head, PE_SIGNATURE, signatureAt))
        return undefined;
    const machine = readUint16(head, signatureAt + COFF_MACHINE, 'little');
    return { format: 'pe', machine, machineName: peMachineName(machine) };
}
function elfMachineName(machine) {
    return ELF_MACHINE_NAMES.get(machine) ?? `machine ${machine}`;
}
function peMachineName(machine) {
    return PE_MACHINE_NAMES.get(machine) ?? `machine 0x${machine.toString(16)}`;
}
/** Keyed by normalised architecture (containerd/platforms); every `arm` variant is AArch32 code. */
const LINUX_RULES = new Map([
    ['amd64', { class: 64, endianness: 'little', machine: ElfMachine.x86_64 }],
    ['arm64', { class: 64, endianness: 'little', machine: ElfMachine.aarch64 }],
    ['arm', { class: 32, endianness: 'little', machine: ElfMachine.arm }],
    ['386', { class: 32, endianness: 'little', machine: ElfMachine.i386 }],
    ['s390x', { class: 64, endianness: 'big', machine: ElfMachine.s390 }],
    ['ppc64le', { class: 64, endianness: 'little', machine: ElfMachine.ppc64 }],
    ['ppc64', { class: 64, endianness: 'big', machine: ElfMachine.ppc64 }],
    ['riscv64', { class: 64, endianness: 'little', machine: ElfMachine.riscv }],
    ['mips64le', { class: 64, endianness: 'little', machine: ElfMachine.mips }],
    ['mips64', { class: 64, endianness: 'big', machine: ElfMachine.mips }],
    ['loong64', { class: 64, endianness: 'little', machine: ElfMachine.loongarch }]
]);
const WINDOWS_RULES = new Map([
    ['amd64', PeMachine.amd64],
    ['arm64', PeMachine.arm64],
    ['386', PeMachine.i386],
    ['arm', PeMachine.armnt]
]);
/** The binary a platform needs, or undefined when we have no rule for it (the caller says "not checked"). */
function expectedBinary(platform) {
    if (platform.os === 'linux') {
        const rule = LINUX_RULES.get(platform.architecture);
        if (!rule)
            return undefined;
        const identity = { format: 'elf', ...rule, machineName: elfMachineName(rule.machine) };
        return { format: 'elf', ...rule, machines: [rule.machine], description: describeBinary(identity) };
    }
    if (platform.os === 'windows') {
        const machine = WINDOWS_RULES.get(platform.architecture);
        if (machine === undefined)
            return undefined;
        const identity = { format: 'pe', machine, machineName: peMachineName(machine) };
        return { format: 'pe', machines: [machine], description: describeBinary(identity) };
    }
    return undefined;
}
/** Compares what a platform needs with what was found, in words a person can act on. */
function checkBinary(platform, identity) {
    const found = identity ? describeBinary(identity) : 'not an ELF or PE binary';
    const expected = expectedBinary(platform);
    if (!expected)
        return { ok: true, checked: false, expected: `no rule for ${formatPlatform(platform)}`, found };
    const ok = identity !== undefined && matches(expected, identity);
    return { ok, checked: true, expected: expected.description, found };
}
function matches(expected, identity) {
    if (identity.format !== expected.format || !expected.machines.includes(identity.machine))
        return false;
    if (identity.format === 'pe')
        return true;
    return ((expected.class === undefined || expected.class === identity.class) &&
        (expected.endianness === undefined || expected.endianness === identity.endianness));
}
/** 'ELF 64-bit LSB AArch64', 'ELF 64-bit MSB S/390', 'PE x86-64' (after `file(1)`). */
function describeBinary(identity) {
    if (identity.format === 'pe')
        return `PE ${identity.machineName}`;
    const order = identity.endianness === 'little' ? 'LSB' : 'MSB';
    return `ELF ${identity.class}-bit ${order} ${identity.machineName}`;
}
function formatPlatform(platform) {
    const base = `${platform.os}/${platform.architecture}`;
    return platform.variant ? `${base}/${platform.variant}` : base;
}
// ── Byte helpers ─────────────────────────────────────────────────────────────────────────────────────
function startsWith(bytes, prefix, at) {
    return prefix.every((byte, i) => bytes[at + i] === byte);
}
function readUint16(bytes, at, endianness) {
    return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(at, endianness === 'little');
}
function readUint32LE(bytes, at) {
    return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at, true);
}
// ── Every binary met on the way ──────────────────────────────────────────────────────────────────────
/** e_type (gABI "ELF Header"): ET_EXEC = 2, ET_DYN = 3 (shared objects and PIE executables). */
const E_TYPE = 16;
const ET_EXEC = 2;
const ET_DYN = 3;
/** COFF File Header Characteristics (2 bytes at +18 from Machine): IMAGE_FILE_EXECUTABLE_IMAGE. */
const COFF_CHARACTERISTICS = COFF_MACHINE + 18;
const IMAGE_FILE_EXECUTABLE_IMAGE = 0x0002;
/**
 * Whether a file is something a process runs or loads (an executable or shared object): relocatable
 * objects (.o, kernel modules) and core dumps are never exec'd or dlopen'd, so their CPU proves nothing.
 */
function isLoadableBinary(head, identity) {
    if (identity.format === 'elf') {
        const type = readUint16(head, E_TYPE, identity.endianness);
        return type === ET_EXEC || type === ET_DYN;
    }
    const signatureAt = readUint32LE(head, PE_SIGNATURE_OFFSET_FIELD);
    if (signatureAt + COFF_CHARACTERISTICS + 2 > head.length)
        return true;
    return (readUint16(head, signatureAt + COFF_CHARACTERISTICS, 'little') & IMAGE_FILE_EXECUTABLE_IMAGE) !== 0;
}
const LINUX_COMPATIBLE = new Map([
    ['amd64', ['386']],
    ['arm64', ['arm']],
    ['ppc64le', []],
    ['s390x', []]
]);
const WINDOWS_COMPATIBLE = new Map([
    ['amd64', ['386']],
    ['arm64', ['386', 'amd64', 'arm']]
]);
function binaryFit(platform, identity) {
    const expected = expectedBinary(platform);
    if (!expected)
        return 'unknown';
    if (matches(expected, identity))
        return 'match';
    const others = (platform.os === 'windows' ? WINDOWS_COMPATIBLE : LINUX_COMPATIBLE).get(platform.architecture);
    for (const architecture of others ?? []) {
        const other = expectedBinary({ os: platform.os, architecture });
        if (other && matches(other, identity))
            return 'compatible';
    }
    return 'foreign';
}


/***/ }),

/***/ 2566:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ shortDigest),
/* harmony export */   z: () => (/* binding */ formatBytes)
/* harmony export */ });
/** How verification writes figures in its lines: sizes a person compares with their images, short digests. */
const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;
/** 12.3 MiB, 512.0 MiB, 4.1 KiB, 300 B. */
function formatBytes(bytes) {
    if (bytes >= GIB)
        return `${(bytes / GIB).toFixed(1)} GiB`;
    if (bytes >= MIB)
        return `${(bytes / MIB).toFixed(1)} MiB`;
    if (bytes >= KIB)
        return `${(bytes / KIB).toFixed(1)} KiB`;
    return `${bytes} B`;
}
/** 'sha256:' and the first 12 hex digits: enough to tell entries apart in a line. */
function shortDigest(digest) {
    return digest.slice(0, 19);
}


/***/ }),

/***/ 9583:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  v: () => (/* binding */ DEFAULT_READ_BUDGET),
  h: () => (/* binding */ gatherEvidence)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/oci/types.ts
var types = __webpack_require__(3048);
// EXTERNAL MODULE: ./src/pool.ts
var pool = __webpack_require__(9537);
// EXTERNAL MODULE: ./src/reference/reference.ts
var reference_reference = __webpack_require__(1644);
// EXTERNAL MODULE: ./src/verify/image-files.ts
var image_files = __webpack_require__(6962);
;// CONCATENATED MODULE: ./src/verify/entrypoint.ts
/**
 * Which file of an image to check for its CPU: the program the image runs (Entrypoint, else Cmd),
 * followed through symlinks, hardlinks and '#!' interpreters; failing that, the first binary in the
 * usual bin directories. Layers are fed top-down (ImageFiles) so the caller can stop reading as soon as
 * the answer cannot change. Pure.
 */


/** The kernel follows at most this many '#!' interpreters before failing with ELOOP (fs/exec.c). */
const MAX_INTERPRETERS = 4;
/** What runc/containerd search when the image sets no PATH (the Docker default PATH). */
const DEFAULT_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
const SEARCH_DIRS = ['/bin', '/usr/bin', '/usr/local/bin', '/app'];
/** Windows layers keep the filesystem under Files/ (hcsshim's layer format) and programs end in .exe. */
const WINDOWS_ROOT = 'Files';
const WINDOWS_PATH = ['/Windows/System32', '/Windows'];
const WINDOWS_SEARCH_DIRS = ['/Windows/System32'];
/**
 * Picks the file whose CPU stands for the image. `files` may be partial (the top layers so far): the
 * answer is 'undecided' until lower layers could no longer change it.
 *
 * A program name without '/' is looked up in the image's PATH; when several layers provide it, the
 * uppermost wins (then PATH order), so a choice made from the top layers stays the choice. Where that
 * differs from a shell's lookup, both are copies of the program shipped in the image, and either proves
 * the architecture.
 */
function chooseCandidate(config, files) {
    const layout = layoutFor(config);
    const command = commandOf(config);
    const notes = [];
    if (command) {
        const outcome = followProgram(command, layout, files);
        if (outcome.kind === 'binary') {
            return { status: 'chosen', path: outcome.path, identity: outcome.identity, reason: outcome.trail };
        }
        if (outcome.kind === 'missing' && !files.complete) {
            return { status: 'undecided', reason: `${outcome.trail}: not in the layers read so far` };
        }
        notes.push(`${outcome.trail}: ${outcome.kind === 'missing' ? 'not found' : 'not an ELF or PE binary'}`);
    }
    return searchBinDirectories(layout, files, notes);
}
function layoutFor(config) {
    const workingDir = config.config?.WorkingDir || '/';
    if (config.os === 'windows') {
        return { windows: true, path: WINDOWS_PATH, searchDirs: WINDOWS_SEARCH_DIRS, workingDir };
    }
    return {
        windows: false,
        path: pathFromEnv(config.config?.Env) ?? DEFAULT_PATH,
        searchDirs: SEARCH_DIRS,
        workingDir
    };
}
function pathFromEnv(env) {
    const value = env?.find((variable) => variable.startsWith('PATH='))?.slice('PATH='.length);
    return value === undefined ? undefined : value.split(':').filter((dir) => dir !== '');
}
/** What the container starts: Entrypoint[0], else Cmd[0] (image-spec config.md, Entrypoint and Cmd). */
function commandOf(config) {
    const entrypoint = config.config?.Entrypoint?.[0];
    if (entrypoint)
        return { label: `Entrypoint ${entrypoint}`, program: entrypoint };
    const cmd = config.config?.Cmd?.[0];
    if (cmd)
        return { label: `Cmd ${cmd}`, program: cmd };
    return undefined;
}
/** Follows a program to the binary the kernel would run: through its '#!' interpreters, if a script. */
function followProgram(command, layout, files) {
    let trail = command.label;
    let program = command.program;
    for (let depth = 0; depth <= MAX_INTERPRETERS; depth += 1) {
        const file = findProgram(program, layout, files);
        if (!file)
            return { kind: 'missing', trail };
        if (program !== `/${file.path}`)
            trail += ` → /${file.path}`;
        if (file.identity)
            return { kind: 'binary', path: file.path, identity: file.identity, trail };
        const interpreter = file.shebang?.[0];
        if (!interpreter)
            return { kind: 'not-binary', trail };
        trail += ` → #!${file.shebang?.join(' ') ?? ''}`;
        program = interpreter;
    }
    return { kind: 'not-binary', trail: `${trail}: more than ${MAX_INTERPRETERS} interpreters` };
}
/** The visible file (or hardlink) a program name leads to, as exec in the container would find it. */
function findProgram(program, layout, files) {
    const name = layout.windows ? windowsProgram(program) : program;
    if (name.includes('/'))
        return fileAt(imagePath(name, layout), files);
    const found = layout.path
        .map((dir, order) => ({ file: fileAt(imagePath((0,image_files/* joinPath */.uJ)(dir, name), layout), files), order }))
        .filter((hit) => hit.file !== undefined);
    found.sort((a, b) => a.file.layer - b.file.layer || a.order - b.order);
    return found[0]?.file;
}
/** 'C:\\app\\server' → '/app/server.exe'; 'cmd' → 'cmd.exe' (Windows finds programs by extension). */
function windowsProgram(program) {
    const path = program.replace(/\\/g, '/').replace(/^[A-Za-z]:/, '');
    const { base } = (0,image_files/* splitDirBase */.tp)(path);
    return base.includes('.') ? path : `${path}.exe`;
}
/** An absolute image path, or one relative to WorkingDir, in TarEntry form. */
function imagePath(path, layout) {
    const absolute = path.startsWith('/') ? path : (0,image_files/* joinPath */.uJ)(layout.workingDir, path);
    return layout.windows ? (0,image_files/* joinPath */.uJ)(WINDOWS_ROOT, absolute) : absolute;
}
function fileAt(path, files) {
    const resolved = resolveOrUndefined(path, files);
    const file = resolved === undefined ? undefined : files.get(resolved);
    return file && (file.type === 'file' || file.type === 'hardlink') ? file : undefined;
}
/** A symlink loop makes a path unusable inside the container too (ELOOP): treat it as missing. */
function resolveOrUndefined(path, files) {
    try {
        return (0,image_files/* resolveInImage */.tE)(path, files.symlinks);
    }
    catch (error) {
        if (error instanceof errors/* ActionError */.l && error.kind === 'not-found')
            return undefined;
        throw error;
    }
}
/** The fallback: the first ELF or PE directly under the usual bin directories, upper layers first. */
function searchBinDirectories(layout, files, notes) {
    const dirs = layout.searchDirs.map((dir) => resolveOrUndefined(imagePath(dir, layout), files));
    let best;
    for (const file of files.values()) {
        const order = dirs.indexOf((0,image_files/* splitDirBase */.tp)(file.path).dir);
        if (order < 0 || !file.identity || (file.type !== 'file' && file.type !== 'hardlink'))
            continue;
        const candidate = { file, identity: file.identity, order };
        if (!best || compareSearchHits(candidate, best) < 0)
            best = candidate;
    }
    const searched = `searched ${layout.searchDirs.join(', ')}`;
    const prefix = notes.length > 0 ? `${notes.join('; ')}; ` : '';
    if (best) {
        const reason = `${prefix}${searched}: first binary /${best.file.path}`;
        return { status: 'chosen', path: best.file.path, identity: best.identity, reason };
    }
    const reason = `${prefix}${searched}: no ELF or PE file`;
    return files.complete ? { status: 'none', reason } : { status: 'undecided', reason };
}
function compareSearchHits(a, b) {
    return a.file.layer - b.file.layer || a.order - b.order || (a.file.path < b.file.path ? -1 : 1);
}

// EXTERNAL MODULE: ./src/verify/layers.ts + 2 modules
var verify_layers = __webpack_require__(5322);
;// CONCATENATED MODULE: ./src/verify/gather.ts







/**
 * 512 MiB of compressed layers per platform: it bounds a platform's check to seconds on a fast registry
 * while covering the top layers of common images whole.
 */
const DEFAULT_READ_BUDGET = 512 * 1024 * 1024;
// As many reads at once as the transport keeps connections per registry: 64 children in one wave.
const DEFAULT_CONCURRENCY = 64;
const MAX_CONFIG_BYTES = 8 * 1024 * 1024;
// Foreign layers (Windows base layers) live on another host by design and are not in the registry.
const FOREIGN_LAYER = /foreign/;
async function gatherEvidence(source, ref, options) {
    const root = await source.getManifest(ref);
    const reference = (0,reference_reference/* formatReference */.FH)(ref);
    const limit = options.concurrency ?? DEFAULT_CONCURRENCY;
    const ctx = {
        source,
        options,
        scanner: options.scanner ?? new verify_layers/* LayerScanner */.w(options.scannerOptions)
    };
    if (root.parsed.kind === 'manifest') {
        const descriptor = { mediaType: root.mediaType, digest: root.digest, size: 0 };
        const entry = markShared(await readImage(ctx, ref, { descriptor, manifest: root.parsed }), ctx.scanner);
        return {
            reference,
            digest: root.digest,
            mediaType: root.mediaType,
            kind: 'manifest',
            entries: [entry],
            attestations: [],
            nestedIndexes: [],
            ...reading(ctx.scanner)
        };
    }
    const manifests = root.parsed.index.manifests;
    const images = manifests.filter((m) => !(0,types/* isAttestation */.H3)(m) && !(0,types/* isIndexMediaType */.$$)(m.mediaType));
    const read = await (0,pool/* mapBounded */.y)(images, limit, (descriptor) => readImage(ctx, ref, { descriptor }));
    const entries = read.map((entry) => markShared(entry, ctx.scanner));
    return {
        reference,
        digest: root.digest,
        mediaType: root.mediaType,
        kind: 'index',
        entries,
        attestations: manifests.filter(types/* isAttestation */.H3),
        nestedIndexes: manifests.filter((m) => !(0,types/* isAttestation */.H3)(m) && (0,types/* isIndexMediaType */.$$)(m.mediaType)),
        ...reading(ctx.scanner)
    };
}
function reading(scanner) {
    const stats = scanner.stats();
    return stats.layersRead > 0 ? { reading: stats } : {};
}
/** A layer is shared when more than one reader of this run asked for it; known only once all have asked. */
function markShared(entry, scanner) {
    if (!entry.layers)
        return entry;
    const read = entry.layers.read.map((l) => ({ ...l, shared: scanner.readers(l.digest) > 1 }));
    return { ...entry, layers: { ...entry.layers, read } };
}
async function readImage(ctx, ref, entry) {
    const { source, options } = ctx;
    const { descriptor } = entry;
    const base = {
        descriptor,
        ...(descriptor.platform ? { platform: descriptor.platform } : {}),
        binary: { status: 'not-checked', reason: 'not read' }
    };
    const repo = { registry: ref.registry, repository: ref.repository };
    try {
        const parsed = entry.manifest ?? (await source.getManifest({ ...repo, digest: descriptor.digest })).parsed;
        if (parsed.kind !== 'manifest')
            return { ...base, error: `entry ${descriptor.digest} is an index, not an image` };
        // The top layer is read whatever the config says, so its read starts with the config's when the index
        // entry already says the platform needs it: one round trip less per image (its digest is checked all the same).
        const early = descriptor.platform
            ? startTopLayer(ctx, repo, parsed.manifest.layers, descriptor.platform)
            : undefined;
        const config = parseConfig(await source.readBlob(repo, parsed.manifest.config.digest, MAX_CONFIG_BYTES), descriptor.digest);
        const platform = descriptor.platform ?? {
            os: config.os,
            architecture: config.architecture,
            ...(config.variant ? { variant: config.variant } : {}),
            ...(config['os.version'] ? { 'os.version': config['os.version'] } : {})
        };
        const withConfig = { ...base, platform, childMediaType: parsed.mediaType, config };
        const policy = options.verifyLayers ?? 'read';
        const checking = options.checkBinary(platform);
        const readingAll = policy === 'all' && (options.readLayers ?? options.checkBinary)(platform);
        if (!checking && !readingAll) {
            return { ...withConfig, binary: { status: 'not-checked', reason: 'not a required platform' } };
        }
        const scanned = await scanLayers(ctx, repo, parsed.manifest.layers, config, readingAll ? 'all' : 'read', early);
        return {
            ...withConfig,
            binary: checking ? scanned.binary : { status: 'not-checked', reason: 'check-binaries is off' },
            layers: scanned.layers
        };
    }
    catch (error) {
        return { ...base, error: (0,errors/* isActionError */.B)(error) ? error.oneLine() : String(error) };
    }
}
function parseConfig(bytes, digest) {
    let json;
    try {
        json = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new errors/* ActionError */.l('registry', `the config of ${digest} is not JSON`, {
            hint: 'the image was pushed with a broken config; rebuild and push it again'
        });
    }
    const config = json;
    if (typeof config?.os !== 'string' || typeof config.architecture !== 'string') {
        throw new errors/* ActionError */.l('registry', `the config of ${digest} has no os/architecture`, {
            hint: 'the config does not state its platform; rebuild the image with buildx'
        });
    }
    return config;
}
const isForeign = (layer) => FOREIGN_LAYER.test(layer.mediaType);
function record(layer, scan) {
    if (!scan)
        return { digest: layer.digest, size: layer.size, bytesRead: 0, status: 'foreign', shared: false };
    return {
        digest: layer.digest,
        size: layer.size,
        bytesRead: scan.bytesRead,
        status: scan.status,
        shared: false,
        ...(scan.message ? { message: scan.message } : {})
    };
}
/**
 * The top layer's scan, started as scanLayers would start it (same cap), when `platform` is checked or read
 * whole; undefined when it is not, or when the top layer is foreign.
 */
function startTopLayer(ctx, repo, layers, platform) {
    const { options } = ctx;
    const policy = options.verifyLayers ?? 'read';
    const readingAll = policy === 'all' && (options.readLayers ?? options.checkBinary)(platform);
    if (!options.checkBinary(platform) && !readingAll)
        return undefined;
    const top = layers[layers.length - 1];
    if (!top || isForeign(top))
        return undefined;
    const budget = readingAll ? verify_layers/* WHOLE_LAYER */._ : (options.readBudget ?? DEFAULT_READ_BUDGET);
    if (budget <= 0)
        return undefined;
    return {
        index: 0,
        scan: ctx.scanner.scan(ctx.source, repo, top, top.size <= budget ? verify_layers/* WHOLE_LAYER */._ : budget)
    };
}
/**
 * Layers from the top until chooseCandidate settles, each read whole (so its digest is checked), within
 * the platform's read budget; under 'all', every layer. A layer that fails its digest ends the walk:
 * nothing read from that image is trusted.
 */
async function scanLayers(ctx, repo, layers, config, policy, early) {
    const budget = policy === 'all' ? verify_layers/* WHOLE_LAYER */._ : (ctx.options.readBudget ?? DEFAULT_READ_BUDGET);
    const topDown = [...layers].reverse();
    const evidence = {
        policy,
        total: layers.length,
        totalBytes: layers.reduce((sum, l) => sum + l.size, 0),
        read: [],
        ...(Number.isFinite(budget) ? { budget } : {}),
        budgetExhausted: false,
        binaries: []
    };
    const files = new image_files/* ImageFiles */.XP();
    const scans = policy === 'all'
        ? topDown.map((l, i) => isForeign(l)
            ? undefined
            : i === early?.index
                ? early.scan
                : ctx.scanner.scan(ctx.source, repo, l, verify_layers/* WHOLE_LAYER */._))
        : [];
    if (early && policy === 'read')
        scans[early.index] = early.scan;
    let used = 0;
    let reachedBottom = true;
    for (const [i, layer] of topDown.entries()) {
        if (isForeign(layer)) {
            evidence.read.push(record(layer, undefined));
            files.endLayer();
            continue;
        }
        const remaining = budget - used;
        if (remaining <= 0) {
            evidence.budgetExhausted = true;
            reachedBottom = false;
            break;
        }
        const scan = await (scans[i] ??
            ctx.scanner.scan(ctx.source, repo, layer, layer.size <= remaining ? verify_layers/* WHOLE_LAYER */._ : remaining));
        evidence.read.push(record(layer, scan));
        used += scan.status === 'verified' ? layer.size : scan.bytesRead;
        if (scan.status === 'mismatch' || scan.status === 'unreadable') {
            return {
                binary: { status: 'not-checked', reason: `layer ${layer.digest} could not be verified` },
                layers: evidence
            };
        }
        for (const entry of scan.entries)
            files.add(entry);
        files.endLayer();
        if (scan.status === 'partial') {
            evidence.budgetExhausted = true;
            reachedBottom = false;
            break;
        }
        if (policy === 'read') {
            if (chooseCandidate(config, files).status === 'chosen') {
                reachedBottom = i === topDown.length - 1;
                break;
            }
        }
    }
    if (reachedBottom)
        files.finish();
    evidence.binaries = visibleBinaries(files, topDown);
    const layersRead = evidence.read.length;
    const last = chooseCandidate(config, files);
    if (last.status === 'chosen')
        return { binary: { ...last, layersRead }, layers: evidence };
    if (last.status === 'none')
        return { binary: { status: 'none', reason: last.reason, layersRead }, layers: evidence };
    return {
        binary: {
            status: 'not-checked',
            reason: `${last.reason}; the read budget ran out after ${layersRead} of ${layers.length} layers`
        },
        layers: evidence
    };
}
function visibleBinaries(files, topDown) {
    const found = [];
    for (const file of files.values()) {
        if (!file.identity || file.loadable === false)
            continue;
        if (file.type !== 'file' && file.type !== 'hardlink')
            continue;
        found.push({ path: file.path, identity: file.identity, layer: topDown[file.layer]?.digest ?? '' });
    }
    return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}


/***/ }),

/***/ 6962:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OY: () => (/* binding */ describeEntry),
/* harmony export */   XP: () => (/* binding */ ImageFiles),
/* harmony export */   tE: () => (/* binding */ resolveInImage),
/* harmony export */   tp: () => (/* binding */ splitDirBase),
/* harmony export */   uJ: () => (/* binding */ joinPath)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _binary_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9968);
/**
 * The merged filesystem of an image's layers, as a container sees it: entries fed top-down, upper layers
 * winning, whiteouts hiding lower layers, symlinks followed as the kernel follows them. Also what a tar
 * entry's head bytes tell (ELF/PE identity, '#!' line), kept so a scanned layer can be replayed. Pure.
 */


/** Linux's ELOOP limit for one path walk (MAXSYMLINKS, fs/namei.c). */
const MAX_SYMLINK_HOPS = 40;
/** binfmt_script reads the '#!' line from the first BINPRM_BUF_SIZE (256) bytes of the file. */
const SHEBANG_BYTES = 256;
/**
 * OCI image layer spec, "Whiteouts": '.wh.NAME' hides NAME in lower layers; '.wh..wh..opq' hides
 * everything lower layers hold in its directory.
 */
const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_WHITEOUT = '.wh..wh..opq';
/** What a tar entry's head bytes tell about it, without the bytes. */
function describeEntry(entry) {
    const described = { path: entry.path, type: entry.type, size: entry.size, mode: entry.mode };
    if (entry.linkTarget !== undefined)
        described.linkTarget = entry.linkTarget;
    if (entry.type !== 'file')
        return described;
    const identity = (0,_binary_js__WEBPACK_IMPORTED_MODULE_1__/* .identifyBinary */ .m4)(entry.head);
    if (identity) {
        described.identity = identity;
        if (!(0,_binary_js__WEBPACK_IMPORTED_MODULE_1__/* .isLoadableBinary */ .Q9)(entry.head, identity))
            described.loadable = false;
    }
    const shebang = parseShebang(entry.head);
    if (shebang)
        described.shebang = shebang;
    return described;
}
/**
 * The merged view of an image's layers, fed top-down: an upper entry wins over a lower one at the same
 * path, and an upper layer's whiteouts hide what lower layers hold. Per the OCI layer spec a whiteout
 * only hides lower layers, so a layer's whiteouts take effect when that layer ends.
 */
class ImageFiles {
    #files = new Map();
    #symlinks = new Map();
    /** Paths whited out by finished layers: they and everything under them are gone below. */
    #removed = new Set();
    /** Directories made opaque by finished layers: their lower contents are gone. */
    #opaque = new Set();
    #layerRemoved = [];
    #layerOpaque = [];
    /** This layer's files by path: hardlinks point into their own layer, whatever upper layers hold. */
    #layerFiles = new Map();
    #layer = 0;
    #complete = false;
    /** Builds the complete view from every layer's entries, top layer first. */
    static fromLayers(layers) {
        const files = new ImageFiles();
        for (const layer of layers) {
            for (const entry of layer)
                files.add(entry);
            files.endLayer();
        }
        files.finish();
        return files;
    }
    /** True once finish() said there are no lower layers: a missing path is then really missing. */
    get complete() {
        return this.#complete;
    }
    /** Visible symlinks, path → target as stored: the `links` for resolveInImage. */
    get symlinks() {
        return this.#symlinks;
    }
    /** Records one entry of the current layer. */
    add(entry) {
        const { dir, base } = splitDirBase(entry.path);
        if (base.startsWith(WHITEOUT_PREFIX)) {
            this.#addWhiteout(dir, base);
            return;
        }
        const file = this.#toImageFile(entry);
        this.#layerFiles.set(entry.path, file);
        if (this.#hiddenByUpperLayers(entry.path))
            return;
        const existing = this.#files.get(entry.path);
        if (existing && existing.layer < this.#layer)
            return;
        this.#files.set(entry.path, file);
        if (file.type === 'symlink')
            this.#symlinks.set(file.path, file.linkTarget ?? '');
        else
            this.#symlinks.delete(file.path);
        this.#addImpliedDirectories(dir);
    }
    /** Ends the current layer: its whiteouts now hide what the layers below hold. */
    endLayer() {
        for (const path of this.#layerRemoved)
            this.#removed.add(path);
        for (const dir of this.#layerOpaque)
            this.#opaque.add(dir);
        this.#layerRemoved = [];
        this.#layerOpaque = [];
        this.#layerFiles = new Map();
        this.#layer += 1;
    }
    /** Declares the bottom layer read (call after its endLayer). */
    finish() {
        this.#complete = true;
    }
    get(path) {
        return this.#files.get(path);
    }
    values() {
        return this.#files.values();
    }
    #addWhiteout(dir, base) {
        if (base === OPAQUE_WHITEOUT)
            this.#layerOpaque.push(dir);
        else
            this.#layerRemoved.push(joinPath(dir, base.slice(WHITEOUT_PREFIX.length)));
        this.#addImpliedDirectories(dir);
    }
    /** Hidden: whited out (itself or an ancestor), under an opaque directory, or under an upper non-directory. */
    #hiddenByUpperLayers(path) {
        if (this.#removed.has(path))
            return true;
        for (const ancestor of ancestorsOf(path)) {
            if (this.#opaque.has(ancestor) || this.#removed.has(ancestor))
                return true;
            const upper = this.#files.get(ancestor);
            if (upper && upper.layer < this.#layer && upper.type !== 'directory')
                return true;
        }
        return false;
    }
    /** A layer holding a/b/c has directories a and a/b, even when its tar lists no entries for them. */
    #addImpliedDirectories(dir) {
        for (const path of [...ancestorsOf(dir), dir]) {
            if (path === '' || this.#files.has(path) || this.#hiddenByUpperLayers(path))
                continue;
            this.#files.set(path, { path, type: 'directory', layer: this.#layer });
        }
    }
    #toImageFile(raw) {
        const entry = 'head' in raw ? describeEntry(raw) : raw;
        const file = { path: entry.path, type: entry.type, layer: this.#layer };
        if (entry.linkTarget !== undefined)
            file.linkTarget = entry.linkTarget;
        const content = entry.type === 'hardlink' ? this.#layerFiles.get(entry.linkTarget ?? '') : undefined;
        if (content)
            copyContent(content, file);
        if (entry.type === 'file')
            copyContent(entry, file);
        return file;
    }
}
function copyContent(from, to) {
    if (from.identity)
        to.identity = from.identity;
    if (from.shebang)
        to.shebang = from.shebang;
    if (from.loadable === false)
        to.loadable = false;
}
/** '#!' + interpreter [+ argument], up to the first newline (binfmt_script). */
function parseShebang(head) {
    if (head[0] !== 0x23 || head[1] !== 0x21)
        return undefined;
    const line = new TextDecoder().decode(head.subarray(2, SHEBANG_BYTES)).split('\n')[0] ?? '';
    const words = line.trim().split(/[ \t]+/);
    return words[0] ? words : undefined;
}
/**
 * Follows symlinks inside the image filesystem, as the kernel would inside the container: absolute
 * targets from the image root, relative ones from the link's directory, '..' stopping at the root.
 * `links` maps TarEntry paths (no leading '/') to targets as stored; the result is in that form too.
 */
function resolveInImage(path, links, maxHops = MAX_SYMLINK_HOPS) {
    const resolved = [];
    let pending = path.split('/');
    let hops = 0;
    while (pending.length > 0) {
        const [part, ...rest] = pending;
        pending = rest;
        if (part === undefined || part === '' || part === '.')
            continue;
        if (part === '..') {
            resolved.pop();
            continue;
        }
        resolved.push(part);
        const target = links.get(resolved.join('/'));
        if (target === undefined)
            continue;
        hops += 1;
        if (hops > maxHops) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .l('not-found', `too many levels of symbolic links resolving /${path} in the image`, {
                hint: `the image has a symlink loop (more than ${maxHops} hops)`
            });
        }
        resolved.pop();
        if (target.startsWith('/'))
            resolved.length = 0;
        pending = [...target.split('/'), ...pending];
    }
    return resolved.join('/');
}
function splitDirBase(path) {
    const slash = path.lastIndexOf('/');
    return slash < 0 ? { dir: '', base: path } : { dir: path.slice(0, slash), base: path.slice(slash + 1) };
}
/** Joins and normalises to TarEntry form: no leading '/', no empty or '.' parts. */
function joinPath(...parts) {
    return parts
        .join('/')
        .split('/')
        .filter((part) => part !== '' && part !== '.')
        .join('/');
}
/** 'a/b/c' → ['', 'a', 'a/b']: the root and every proper ancestor directory. */
function ancestorsOf(path) {
    if (path === '')
        return [];
    const parts = path.split('/');
    const ancestors = [''];
    for (let depth = 1; depth < parts.length; depth += 1)
        ancestors.push(parts.slice(0, depth).join('/'));
    return ancestors;
}


/***/ }),

/***/ 5322:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  w: () => (/* binding */ LayerScanner),
  _: () => (/* binding */ WHOLE_LAYER)
});

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/verify/image-files.ts
var image_files = __webpack_require__(6962);
;// CONCATENATED MODULE: ./src/verify/byte-limiter.ts
class ByteLimiter {
    #maxBytes;
    #maxStreams;
    #queue = [];
    #bytes = 0;
    #streams = 0;
    #peakBytes = 0;
    #peakStreams = 0;
    constructor(options) {
        this.#maxBytes = Math.max(1, options.maxBytes);
        this.#maxStreams = Math.max(1, options.maxStreams);
    }
    /** Waits for room for `bytes`; the returned function gives it back (call it once). */
    async acquire(bytes) {
        const weight = Math.min(Math.max(0, bytes), this.#maxBytes);
        await new Promise((grant) => {
            this.#queue.push({ weight, grant });
            this.#grant();
        });
        let released = false;
        return () => {
            if (released)
                return;
            released = true;
            this.#bytes -= weight;
            this.#streams -= 1;
            this.#grant();
        };
    }
    /** The most bytes and streams in flight at once so far. */
    get peak() {
        return { bytes: this.#peakBytes, streams: this.#peakStreams };
    }
    #grant() {
        for (;;) {
            const next = this.#queue[0];
            if (!next)
                return;
            const fits = this.#streams === 0 || this.#bytes + next.weight <= this.#maxBytes;
            if (!fits || this.#streams >= this.#maxStreams)
                return;
            this.#queue.shift();
            this.#bytes += next.weight;
            this.#streams += 1;
            this.#peakBytes = Math.max(this.#peakBytes, this.#bytes);
            this.#peakStreams = Math.max(this.#peakStreams, this.#streams);
            next.grant();
        }
    }
}

;// CONCATENATED MODULE: ./src/verify/tar.ts
/**
 * A streaming tar reader over already-decompressed layer bytes. Layers can be hundreds of MB and we only
 * need headers plus the first bytes of candidate files, so it never buffers file bodies: it hands out
 * each entry as soon as its head is in, and the caller may stop feeding at any point.
 *
 * Formats: POSIX ustar (IEEE Std 1003.1 "pax", ustar Interchange Format: 512-byte header blocks, the
 * prefix field, octal numbers), pax extended headers ('x'; 'g' is ignored), GNU long names ('L'/'K')
 * and GNU base-256 numbers. Pure: no I/O, no decompression (that happens at the edge).
 */

const BLOCK = 512;
const DEFAULT_HEAD_BYTES = 64 * 1024;
/** Long names and pax records are small; a huge one means a corrupt or hostile stream. */
const MAX_META_BYTES = 1024 * 1024;
const WHITEOUT_PREFIX = '.wh.';
/**
 * One decoder for every name: a TextDecoder keeps no state between decode() calls made without
 * `stream`, and constructing one per field cost more than the decoding.
 */
const UTF8 = new TextDecoder();
/** ustar header fields as [offset, length] (pax, "ustar Interchange Format", Table: ustar Header Block). */
const Field = {
    name: [0, 100],
    mode: [100, 8],
    size: [124, 12],
    checksum: [148, 8],
    typeflag: [156, 1],
    linkname: [157, 100],
    magic: [257, 6],
    prefix: [345, 155]
};
/** 'ustar\0' marks POSIX ustar; GNU tar writes 'ustar ' and uses the prefix bytes for other things. */
const USTAR_MAGIC = 'ustar\0';
/** Typeflags that never carry data, whatever their size field says (as Go's archive/tar treats them). */
const HEADER_ONLY_TYPES = new Set(['1', '2', '3', '4', '5', '6']);
const GNU_LONG_NAME = 'L';
const GNU_LONG_LINK = 'K';
const PAX_EXTENDED = 'x';
const PAX_GLOBAL = 'g';
const META_TYPES = new Set([GNU_LONG_NAME, GNU_LONG_LINK, PAX_EXTENDED, PAX_GLOBAL]);
class TarReader {
    #headBytes;
    #header = new Uint8Array(BLOCK);
    /** The same bytes as 32-bit words, for the checksum (headerSums). */
    #headerWords = new Uint32Array(this.#header.buffer);
    #headerFilled = 0;
    #zeroBlocks = 0;
    #offset = 0;
    #step = { kind: 'header' };
    #overrides = {};
    #out = [];
    constructor(options = {}) {
        this.#headBytes = Math.max(0, options.headBytes ?? DEFAULT_HEAD_BYTES);
    }
    /** Feeds the next bytes of the archive; returns the entries whose header and head are now complete. */
    push(chunk) {
        let at = 0;
        while (at < chunk.length && this.#step.kind !== 'end') {
            const used = this.#consume(chunk, at);
            at += used;
            this.#offset += used;
        }
        return this.#drain();
    }
    /** Declares the stream over; throws when it stopped inside an entry (a truncated layer). */
    end() {
        const step = this.#step;
        const cleanEnd = step.kind === 'end' || (step.kind === 'header' && isZeros(this.#header, this.#headerFilled));
        if (!cleanEnd) {
            throw new errors/* ActionError */.l('registry', `layer tar is truncated at byte ${this.#offset} (inside an entry)`, {
                hint: 'the layer blob ended early; pull it again or check the registry'
            });
        }
        return this.#drain();
    }
    #drain() {
        const out = this.#out;
        this.#out = [];
        return out;
    }
    /**
     * Consumes bytes of `chunk` from `at` for the current step and returns how many it used. The chunk is
     * walked by index, not sliced: a layer of small entries takes thousands of steps per chunk.
     */
    #consume(chunk, at) {
        const step = this.#step;
        const available = chunk.length - at;
        switch (step.kind) {
            case 'header':
                return this.#fillHeader(chunk, at);
            case 'meta':
                return this.#fillMeta(step, chunk, at);
            case 'head':
                return this.#fillHead(step, chunk, at);
            case 'skip':
                return this.#skip(step, available);
            case 'end':
                return available;
        }
    }
    #fillHeader(chunk, at) {
        const used = Math.min(BLOCK - this.#headerFilled, chunk.length - at);
        this.#header.set(chunk.subarray(at, at + used), this.#headerFilled);
        this.#headerFilled += used;
        if (this.#headerFilled === BLOCK) {
            this.#headerFilled = 0;
            this.#onHeaderBlock(this.#offset + used - BLOCK);
        }
        return used;
    }
    #onHeaderBlock(blockOffset) {
        // The archive ends with two zero blocks (pax, "ustar Interchange Format"); what follows is padding.
        if (isZeros(this.#header, BLOCK)) {
            this.#zeroBlocks += 1;
            if (this.#zeroBlocks >= 2)
                this.#step = { kind: 'end' };
            return;
        }
        this.#zeroBlocks = 0;
        const header = parseHeader(this.#header, this.#headerWords, blockOffset);
        if (META_TYPES.has(header.typeflag)) {
            this.#startMeta(header, blockOffset);
            return;
        }
        this.#startEntry(header);
    }
    #startMeta(header, blockOffset) {
        if (header.size > MAX_META_BYTES) {
            throw new errors/* ActionError */.l('registry', `layer tar has a ${header.size}-byte '${header.typeflag}' header at byte ${blockOffset}`, { hint: `long names and pax records above ${MAX_META_BYTES} bytes are refused as corrupt` });
        }
        const step = {
            kind: 'meta',
            typeflag: header.typeflag,
            buffer: new Uint8Array(header.size),
            filled: 0,
            padding: padding(header.size)
        };
        this.#step = step;
        if (header.size === 0)
            this.#finishMeta(step);
    }
    #fillMeta(step, chunk, at) {
        const used = Math.min(step.buffer.length - step.filled, chunk.length - at);
        step.buffer.set(chunk.subarray(at, at + used), step.filled);
        step.filled += used;
        if (step.filled === step.buffer.length)
            this.#finishMeta(step);
        return used;
    }
    #finishMeta(step) {
        this.#applyMeta(step.typeflag, step.buffer);
        this.#step = step.padding > 0 ? { kind: 'skip', remaining: step.padding } : { kind: 'header' };
    }
    #applyMeta(typeflag, data) {
        if (typeflag === GNU_LONG_NAME)
            this.#overrides.path = decodeCString(data);
        else if (typeflag === GNU_LONG_LINK)
            this.#overrides.linkpath = decodeCString(data);
        else if (typeflag === PAX_EXTENDED)
            Object.assign(this.#overrides, paxOverrides(data, this.#offset));
        // PAX_GLOBAL: defaults for every later entry; layers do not use them for path, linkpath or size.
    }
    #startEntry(header) {
        const overrides = this.#overrides;
        this.#overrides = {};
        const dataSize = HEADER_ONLY_TYPES.has(header.typeflag) ? 0 : (overrides.size ?? header.size);
        const rawPath = overrides.path ?? header.name;
        const rawLink = overrides.linkpath ?? header.linkname;
        const type = entryType(header.typeflag, rawPath);
        const entry = {
            path: normalizeEntryPath(rawPath),
            type,
            size: dataSize,
            mode: header.mode,
            head: new Uint8Array(type === 'file' ? Math.min(dataSize, this.#headBytes) : 0)
        };
        if (type === 'symlink')
            entry.linkTarget = rawLink;
        if (type === 'hardlink')
            entry.linkTarget = normalizeEntryPath(rawLink);
        const rest = dataSize - entry.head.length + padding(dataSize);
        if (entry.head.length > 0) {
            this.#step = { kind: 'head', entry, filled: 0, rest };
            return;
        }
        this.#out.push(entry);
        this.#step = rest > 0 ? { kind: 'skip', remaining: rest } : { kind: 'header' };
    }
    #fillHead(step, chunk, at) {
        const used = Math.min(step.entry.head.length - step.filled, chunk.length - at);
        step.entry.head.set(chunk.subarray(at, at + used), step.filled);
        step.filled += used;
        if (step.filled === step.entry.head.length) {
            // Hand the entry out now, before its body is skipped, so the caller can stop early.
            this.#out.push(step.entry);
            this.#step = step.rest > 0 ? { kind: 'skip', remaining: step.rest } : { kind: 'header' };
        }
        return used;
    }
    /** File bodies and padding are skipped by counting: the bytes are never looked at. */
    #skip(step, available) {
        const used = Math.min(step.remaining, available);
        step.remaining -= used;
        if (step.remaining === 0)
            this.#step = { kind: 'header' };
        return used;
    }
}
/**
 * Reads the header block's fields by offset, numbers straight from their bytes, because a layer of
 * thousands of small entries (symlink farms, node_modules) spends its CPU here rather than in its file
 * bodies. `words` views the same bytes.
 */
function parseHeader(block, words, blockOffset) {
    verifyChecksum(block, words, blockOffset);
    const name = fieldText(block, Field.name);
    const prefix = isUstar(block) ? fieldText(block, Field.prefix) : '';
    return {
        name: prefix ? `${prefix}/${name}` : name,
        mode: parseNumber(block, Field.mode, 'mode', blockOffset),
        size: parseNumber(block, Field.size, 'size', blockOffset),
        typeflag: String.fromCharCode(block[Field.typeflag[0]] ?? 0),
        linkname: fieldText(block, Field.linkname)
    };
}
function isUstar(block) {
    const [offset, length] = Field.magic;
    for (let i = 0; i < length; i += 1) {
        if (block[offset + i] !== USTAR_MAGIC.charCodeAt(i))
            return false;
    }
    return true;
}
/**
 * chksum is the sum of the header bytes with the chksum field itself taken as eight spaces. Old tars
 * summed signed chars, so either sum is accepted (as GNU tar and Go's archive/tar do).
 */
function verifyChecksum(block, words, blockOffset) {
    const { unsigned, signed } = headerSums(words);
    const stored = parseNumber(block, Field.checksum, 'checksum', blockOffset);
    if (stored !== unsigned && stored !== signed) {
        throw new errors/* ActionError */.l('registry', `layer is not a valid tar: header checksum mismatch at byte ${blockOffset}`, {
            hint: 'the layer is corrupt, or not an uncompressed tar (was it decompressed?)'
        });
    }
}
/** The chksum field in 32-bit words of the block: bytes 148..155 are words 37 and 38. */
const CHECKSUM_WORDS = [Field.checksum[0] / 4, (Field.checksum[0] + Field.checksum[1]) / 4];
/**
 * Both checksums of a header block, with the chksum field counted as spaces. Every header is summed, so
 * the bytes are added four at a time: each 32-bit word's even and odd bytes go to two 16-bit lanes
 * (128 words of at most 255 fit in 16 bits), and their top bits to four 8-bit lanes (at most 128 each).
 * The signed sum is the unsigned one less 256 for every byte above 0x7f. Byte order does not matter.
 */
function headerSums(words) {
    const [skipFrom, skipTo] = CHECKSUM_WORDS;
    let even = 0;
    let odd = 0;
    let high = 0;
    for (let i = 0; i < words.length; i += 1) {
        if (i >= skipFrom && i < skipTo)
            continue;
        const word = words[i] ?? 0;
        even += word & 0x00ff00ff;
        odd += (word >>> 8) & 0x00ff00ff;
        high += (word >>> 7) & 0x01010101;
    }
    const unsigned = (even & 0xffff) + (even >>> 16) + (odd & 0xffff) + (odd >>> 16) + Field.checksum[1] * 0x20;
    const highBytes = (high & 0xff) + ((high >>> 8) & 0xff) + ((high >>> 16) & 0xff) + (high >>> 24);
    return { unsigned, signed: unsigned - 0x100 * highBytes };
}
/**
 * Numeric fields are octal ASCII ended by NUL or space; GNU tar writes values too big for that in
 * base-256: the first byte's high bit is set and the remaining bits are a big-endian number.
 */
function parseNumber(block, [offset, length], name, blockOffset) {
    const first = block[offset] ?? 0;
    const value = first & 0x80
        ? parseBase256(block.subarray(offset, offset + length))
        : parseOctal(block, offset, offset + length);
    if (value === undefined || !Number.isSafeInteger(value) || value < 0) {
        throw new errors/* ActionError */.l('registry', `layer is not a valid tar: bad ${name} field at byte ${blockOffset}`, {
            hint: 'the layer is corrupt, or not an uncompressed tar'
        });
    }
    return value;
}
/**
 * Octal digits up to the first NUL, whitespace around them allowed, empty meaning 0. ASCII fields (all
 * that tar writers produce) are read byte by byte; a field with any other byte is decoded and trimmed as
 * text, so what counts as whitespace stays exactly what String.prototype.trim says.
 */
function parseOctal(block, start, end) {
    let stop = start;
    let ascii = true;
    for (; stop < end; stop += 1) {
        const byte = block[stop] ?? 0;
        if (byte === 0)
            break;
        if (byte > 0x7f)
            ascii = false;
    }
    if (!ascii)
        return parseOctalText(decodeCString(block, start, end));
    let from = start;
    let to = stop;
    while (from < to && isAsciiSpace(block[from] ?? 0))
        from += 1;
    while (to > from && isAsciiSpace(block[to - 1] ?? 0))
        to -= 1;
    let value = 0;
    for (let i = from; i < to; i += 1) {
        const digit = (block[i] ?? 0) - 0x30;
        if (digit < 0 || digit > 7)
            return undefined;
        value = value * 8 + digit;
    }
    return value;
}
function parseOctalText(text) {
    const trimmed = text.trim();
    if (trimmed === '')
        return 0;
    return /^[0-7]+$/.test(trimmed) ? parseInt(trimmed, 8) : undefined;
}
/** The ASCII bytes String.prototype.trim removes: tab, LF, VT, FF, CR and space. */
function isAsciiSpace(byte) {
    return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}
function parseBase256(bytes) {
    // 0xff leads a negative number (two's complement); no field we read may be negative.
    if (bytes[0] === 0xff)
        return undefined;
    let value = (bytes[0] ?? 0) & 0x7f;
    for (const byte of bytes.subarray(1))
        value = value * 256 + byte;
    return value;
}
/**
 * pax extended header records are "<length> <key>=<value>\n", the length counting the whole record in
 * bytes (pax, "pax Extended Header"). Only path, linkpath and size matter here; an empty value
 * removes the override.
 */
function paxOverrides(data, offset) {
    const overrides = {};
    let at = 0;
    while (at < data.length) {
        const record = nextPaxRecord(data, at, offset);
        at += record.length;
        if (record.value === '')
            continue;
        if (record.key === 'path')
            overrides.path = record.value;
        else if (record.key === 'linkpath')
            overrides.linkpath = record.value;
        else if (record.key === 'size')
            overrides.size = parsePaxSize(record.value, offset);
    }
    return overrides;
}
function nextPaxRecord(data, at, offset) {
    const space = data.indexOf(0x20, at);
    const length = space > at ? Number(decodeAscii(data.subarray(at, space))) : NaN;
    const end = at + length;
    const equals = data.indexOf(0x3d, space);
    if (!Number.isSafeInteger(length) ||
        end > data.length ||
        data[end - 1] !== 0x0a ||
        equals < 0 ||
        equals >= end) {
        throw new errors/* ActionError */.l('registry', `layer tar has a malformed pax record before byte ${offset}`, {
            hint: 'the layer is corrupt'
        });
    }
    return {
        key: UTF8.decode(data.subarray(space + 1, equals)),
        value: UTF8.decode(data.subarray(equals + 1, end - 1)),
        length
    };
}
function parsePaxSize(value, offset) {
    const size = /^[0-9]+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(size)) {
        throw new errors/* ActionError */.l('registry', `layer tar has a bad pax size "${value}" before byte ${offset}`, {
            hint: 'the layer is corrupt'
        });
    }
    return size;
}
function entryType(typeflag, rawPath) {
    if (isWhiteout(rawPath))
        return 'other';
    switch (typeflag) {
        case '0':
        case '7': // contiguous file: a regular file everywhere that matters
            return 'file';
        case '\0':
            // Pre-POSIX tars mark directories only by the trailing slash of a regular-file entry.
            return rawPath.endsWith('/') ? 'directory' : 'file';
        case '1':
            return 'hardlink';
        case '2':
            return 'symlink';
        case '5':
            return 'directory';
        default:
            return 'other';
    }
}
function isWhiteout(rawPath) {
    if (!rawPath.includes(WHITEOUT_PREFIX))
        return false;
    const base = rawPath.replace(/\/+$/, '').split('/').pop() ?? '';
    return base.startsWith(WHITEOUT_PREFIX);
}
/** An empty or '.' part: a leading, trailing or doubled '/', or a './' (most stored paths have none). */
const HAS_EMPTY_OR_DOT_PART = /(^|\/)\.?(\/|$)/;
/** 'a/./b//c/', './a', '/a' → 'a/b/c', 'a', 'a'; './' → '' (the root). '..' is kept as stored. */
function normalizeEntryPath(raw) {
    if (!HAS_EMPTY_OR_DOT_PART.test(raw))
        return raw;
    return raw
        .split('/')
        .filter((part) => part !== '' && part !== '.')
        .join('/');
}
/** Data is padded to a whole number of 512-byte blocks. */
function padding(size) {
    return (BLOCK - (size % BLOCK)) % BLOCK;
}
function fieldText(block, [offset, length]) {
    return decodeCString(block, offset, offset + length);
}
/** Names are NUL-terminated when shorter than their field; bytes are taken as UTF-8 (what pax mandates). */
function decodeCString(bytes, start = 0, end = bytes.length) {
    const nul = bytes.indexOf(0, start);
    const stop = nul < 0 || nul > end ? end : nul;
    return stop === start ? '' : UTF8.decode(bytes.subarray(start, stop));
}
/** Whether the first `length` bytes of `bytes` are all zero. */
function isZeros(bytes, length) {
    for (let i = 0; i < length; i += 1)
        if (bytes[i] !== 0)
            return false;
    return true;
}
function decodeAscii(bytes) {
    return String.fromCharCode(...bytes);
}

;// CONCATENATED MODULE: ./src/verify/layers.ts
/**
 * Reads layers for verification: each layer at most once per run, however many platforms (or phases)
 * ask for it, to its end so its digest is checked (the BlobReader's stream fails at its end when the
 * bytes do not hash to the digest), under a bytes-in-flight bound. What a scan finds — every entry with
 * its ELF/PE identity or '#!' line, whiteouts, symlinks — is kept by digest and replayed for each platform.
 *
 * A reader may cap how many bytes it needs (a platform's read budget): the read then stops once every
 * waiting reader has what it asked for, and the layer is reported as read in part, its digest not checked.
 */







/** Read a layer to its end: no cap. */
const WHOLE_LAYER = Number.POSITIVE_INFINITY;
const DEFAULT_BYTES_IN_FLIGHT = 256 * 1024 * 1024;
// Many small layers are bound by round trips, not bytes, so as many stream at once as the transport keeps
// connections per registry (64 children's top layers in one round trip); big ones are still bounded by
// DEFAULT_BYTES_IN_FLIGHT, which bounds memory.
const DEFAULT_STREAMS = 64;
// Each inflated chunk costs a trip through the thread pool, a callback and a tar push: a chunk several
// times a network chunk lets one network chunk of a binary (inflating 2-4x) come out as one.
const INFLATE_CHUNK_BYTES = 256 * 1024;
class LayerScanner {
    #jobs = new Map();
    #limiter;
    #bytesRead = 0;
    constructor(options = {}) {
        this.#limiter = new ByteLimiter({
            maxBytes: options.maxBytesInFlight ?? DEFAULT_BYTES_IN_FLIGHT,
            maxStreams: options.maxStreams ?? DEFAULT_STREAMS
        });
    }
    /**
     * The scan of `layer`, read from `repo` by the first reader that asks; later readers share it. `cap`
     * is how many compressed bytes this reader needs at most (WHOLE_LAYER: to the end). A reader arriving
     * after a capped read finished gets that read as it is: a layer is never read twice.
     */
    scan(source, repo, layer, cap = WHOLE_LAYER) {
        return this.#scan(source, repo, layer, cap, true);
    }
    /**
     * The same scans, prefetched: started before the readers that will ask (publish: while the build
     * session is still finishing its push). A prefetch is no reader: it counts in no `readers` and shares
     * nothing. Only what it read whole and checked (or read to a cap) is kept: a read the registry or the
     * network failed, or whose bytes missed the digest, is forgotten, so a failure is always found by the
     * reader who asks, in a read of its own (a fault of the moment is not reported as the image's).
     */
    prefetcher() {
        return {
            scan: (source, repo, layer, cap = WHOLE_LAYER) => this.#scan(source, repo, layer, cap, false),
            readers: (digest) => this.readers(digest),
            stats: () => this.stats()
        };
    }
    #scan(source, repo, layer, cap, counted) {
        const existing = this.#jobs.get(layer.digest);
        if (existing) {
            if (counted)
                existing.readers += 1;
            if (!existing.done)
                existing.cap = Math.max(existing.cap, cap);
            return existing.result;
        }
        const job = { result: Promise.resolve(pending(layer)), cap, readers: counted ? 1 : 0, done: false };
        job.result = this.#read(source, repo, layer, job)
            .finally(() => {
            job.done = true;
        })
            .then((scan) => {
            const settled = scan.status === 'verified' || scan.status === 'partial';
            if (job.readers === 0 && !settled && this.#jobs.get(layer.digest) === job) {
                this.#jobs.delete(layer.digest);
            }
            return scan;
        });
        this.#jobs.set(layer.digest, job);
        return job.result;
    }
    /** How often `digest` was asked for (0: never). */
    readers(digest) {
        return this.#jobs.get(digest)?.readers ?? 0;
    }
    stats() {
        const jobs = [...this.#jobs.values()];
        return {
            layersRead: jobs.length,
            bytesRead: this.#bytesRead,
            layersShared: jobs.filter((j) => j.readers > 1).length,
            readsSaved: jobs.reduce((sum, j) => sum + j.readers - 1, 0),
            peakBytesInFlight: this.#limiter.peak.bytes
        };
    }
    async #read(source, repo, layer, job) {
        const release = await this.#limiter.acquire(Math.min(layer.size, job.cap));
        const scan = {
            digest: layer.digest,
            size: layer.size,
            bytesRead: 0,
            status: 'verified',
            entries: []
        };
        try {
            await this.#stream(source, repo, layer, job, scan);
        }
        finally {
            release();
        }
        return scan;
    }
    async #stream(source, repo, layer, job, scan) {
        let blob;
        try {
            blob = await source.getBlob(repo, layer.digest);
        }
        catch (error) {
            fail(scan, error);
            return;
        }
        const decoder = new LayerDecoder(scan.entries);
        const ending = await feed(blob, decoder, (chunk) => {
            scan.bytesRead += chunk.length;
            this.#bytesRead += chunk.length;
            return scan.bytesRead >= job.cap && scan.bytesRead < layer.size ? 'stop' : 'more';
        });
        blob.destroy();
        if (ending.kind === 'stopped') {
            scan.status = 'partial';
            // Inflating runs on the thread pool: what was written before the cut may not have come out yet.
            await decoder.settle();
            return;
        }
        if (ending.kind === 'failed') {
            // A digest mismatch surfaces here, at the end of the bytes: it outranks whatever the decoder said.
            fail(scan, ending.error);
            decoder.abandon();
            return;
        }
        if (scan.bytesRead !== layer.size) {
            scan.status = 'mismatch';
            scan.message = `the registry sent ${scan.bytesRead} bytes, the manifest states ${layer.size}`;
            decoder.abandon();
            return;
        }
        const problem = await decoder.end();
        if (problem !== undefined) {
            scan.status = 'unreadable';
            scan.message = `its bytes match the digest but are not a layer tar: ${problem}`;
        }
    }
}
/**
 * Hands the blob's chunks to `decoder` as they arrive, each after `count` has seen it ('stop': the read
 * ends with that chunk), pausing the blob while the decoder is full. 'data' events rather than async
 * iteration: that costs a promise per chunk, and its paused-mode reads concatenate (copy) the chunks
 * buffered meanwhile.
 */
function feed(blob, decoder, count) {
    return new Promise((resolve) => {
        let settled = false;
        const settle = (ending) => {
            if (settled)
                return;
            settled = true;
            blob.off('data', onData);
            resolve(ending);
        };
        const onData = (chunk) => {
            const verdict = count(chunk);
            const room = decoder.write(chunk);
            if (verdict === 'stop') {
                settle({ kind: 'stopped' });
                return;
            }
            if (!room) {
                blob.pause();
                decoder.onDrain(() => blob.resume());
            }
        };
        // As async iteration does: the readable side's end, an error, or a close before the end (an error too).
        (0,external_node_stream_.finished)(blob, { writable: false }, (error) => {
            settle(error ? { kind: 'failed', error } : { kind: 'ended' });
        });
        blob.on('data', onData);
    });
}
function pending(layer) {
    return { digest: layer.digest, size: layer.size, bytesRead: 0, status: 'unreadable', entries: [] };
}
function fail(scan, error) {
    const kind = (0,errors/* isActionError */.B)(error) ? error.kind : undefined;
    scan.status = kind === 'digest-mismatch' ? 'mismatch' : 'unreadable';
    scan.message = (0,errors/* isActionError */.B)(error) ? error.message : error instanceof Error ? error.message : String(error);
}
/**
 * Decompression and tar reading fed chunk by chunk. A decoding failure is remembered, not thrown: the
 * raw bytes are still read to their end, so a corrupt layer is reported by its digest, not by zlib.
 */
class LayerDecoder {
    #entries;
    #tar = new TarReader();
    #inner;
    #problem;
    #ended;
    constructor(entries) {
        this.#entries = entries;
    }
    /** Feeds the next raw bytes; false when the decoder is full: wait for onDrain before writing more. */
    write(chunk) {
        if (this.#problem !== undefined)
            return true;
        if (!this.#inner) {
            try {
                this.#inner = this.#open(chunk);
            }
            catch (error) {
                this.#problem = messageOf(error);
                return true;
            }
        }
        return this.#inner.write(chunk);
    }
    /** Calls `then` once the decoder takes bytes again: drained, or failed (it then drops them). */
    onDrain(then) {
        const inner = this.#inner;
        if (!inner || this.#problem !== undefined) {
            then();
            return;
        }
        const done = () => {
            inner.off('drain', done);
            inner.off('error', done);
            inner.off('close', done);
            then();
        };
        inner.on('drain', done);
        inner.on('error', done);
        inner.on('close', done);
    }
    /** Ends the stream; returns what was wrong with it, if anything. */
    async end() {
        if (this.#inner && this.#problem === undefined) {
            this.#inner.end();
            await this.#ended;
        }
        if (this.#problem === undefined) {
            try {
                for (const entry of this.#tar.end())
                    this.#entries.push((0,image_files/* describeEntry */.OY)(entry));
            }
            catch (error) {
                this.#problem = messageOf(error);
            }
        }
        return this.#problem;
    }
    /**
     * A read stopped at its cap: lets the decoder take in every byte it was given, then stops it, so the
     * entries before the cut are kept. The cut itself (a gzip stream ending early) is no fault of the layer.
     */
    async settle() {
        if (this.#inner && this.#problem === undefined) {
            this.#inner.end();
            await this.#ended;
        }
        this.abandon();
    }
    abandon() {
        this.#problem ??= 'abandoned';
        this.#inner?.destroy();
    }
    #open(head) {
        const inner = decoderFor(head);
        inner.on('data', (data) => {
            if (this.#problem !== undefined)
                return;
            try {
                for (const entry of this.#tar.push(data))
                    this.#entries.push((0,image_files/* describeEntry */.OY)(entry));
            }
            catch (error) {
                this.#problem = messageOf(error);
                inner.destroy();
            }
        });
        this.#ended = new Promise((resolve) => {
            inner.on('end', resolve);
            inner.on('close', resolve);
            inner.on('error', (error) => {
                this.#problem ??= messageOf(error);
                resolve();
            });
        });
        return inner;
    }
}
function messageOf(error) {
    return (0,errors/* isActionError */.B)(error) ? error.message : error instanceof Error ? error.message : String(error);
}
/**
 * Gzip, zstd or plain tar, told apart by their magic numbers (RFC 1952 1f 8b; RFC 8878 28 b5 2f fd):
 * registries and builders do not always label layers by their real compression.
 */
function decoderFor(head) {
    if (head[0] === 0x1f && head[1] === 0x8b)
        return (0,external_node_zlib_.createGunzip)({ chunkSize: INFLATE_CHUNK_BYTES });
    if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) {
        const zstd = external_node_zlib_.createZstdDecompress;
        if (!zstd)
            throw new errors/* ActionError */.l('environment', 'a zstd layer needs Node 22.15 or later to be read', {
                hint: 'run the CLI on Node 24, the runtime the action uses'
            });
        return zstd();
    }
    return new external_node_stream_.Transform({
        transform: (chunk, _e, cb) => {
            cb(null, chunk);
        }
    });
}


/***/ }),

/***/ 5728:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  h: () => (/* binding */ platformsOfReference),
  Z: () => (/* binding */ verifyImage)
});

// EXTERNAL MODULE: ./src/oci/types.ts
var types = __webpack_require__(3048);
// EXTERNAL MODULE: ./src/platform/index.ts + 5 modules
var src_platform = __webpack_require__(6132);
// EXTERNAL MODULE: ./src/reference/reference.ts
var reference = __webpack_require__(1644);
// EXTERNAL MODULE: ./src/verify/binary.ts
var verify_binary = __webpack_require__(9968);
// EXTERNAL MODULE: ./src/verify/format.ts
var format = __webpack_require__(2566);
;// CONCATENATED MODULE: ./src/verify/findings-text.ts

/** Wrong-CPU files named in one line at most; the rest are counted. */
const MAX_LISTED = 10;
function duplicatePlatform(identity, ref, digests) {
    return `${identity} appears ${digests.length} times in ${ref} (${digests.map(format/* shortDigest */.V).join(', ')}) — an index must have one entry per platform; rebuild it from one source per platform`;
}
function missingPlatform(label, ref) {
    return `${label} is missing from ${ref} — add it to \`platforms\` of the build`;
}
function fallbackNote(label, fallback) {
    return fallback
        ? `a ${label} client would pull ${fallback.platform} (${(0,format/* shortDigest */.V)(fallback.digest)}) instead: a compatible fallback, not coverage`
        : `a ${label} client finds no compatible entry at all ("no matching manifest for ${label}")`;
}
function notRequired(label, ref) {
    return `${label} is in ${ref} but not required — add it to \`platforms\`, or set \`allow-extra: true\``;
}
function noPlatform(digest, ref, error) {
    return `entry ${(0,format/* shortDigest */.V)(digest)} of ${ref} has no platform${error ? `: ${error}` : ''} — every image in an index needs its platform`;
}
function nestedIndex(digest, ref) {
    return `entry ${(0,format/* shortDigest */.V)(digest)} of ${ref} is itself an index — clients cannot pull nested indexes; list its images directly`;
}
function strayAttestation(digest, ref, subject) {
    return `attestation ${(0,format/* shortDigest */.V)(digest)} of ${ref} points at ${subject ? (0,format/* shortDigest */.V)(subject) : 'nothing'}, which is not an image of the index — re-assemble the index keeping each attestation with its image`;
}
function regressed(platform, previous, ref) {
    return `${platform} was in ${previous} but is missing from ${ref} — keep building it, or drop \`no-regress\` if removing it is intended`;
}
const NO_REQUIRED_PLATFORMS = 'no required platforms given: every platform of the image was checked, none required';
function unreadableEntry(label, digest, ref, error) {
    return `${label} (${(0,format/* shortDigest */.V)(digest)}) of ${ref} cannot be read: ${error}`;
}
function mislabelledConfig(label, digest, found) {
    return `${label} entry ${(0,format/* shortDigest */.V)(digest)} has a config for ${found} — the index labels it wrongly; rebuild or re-assemble the index from images built for ${label}`;
}
function layersUnreadableForBinaries(label, message) {
    return `${label}: the layers could not be read to check binaries: ${message} — retry, or set \`check-binaries: false\``;
}
function noBinaryNote(label, reason) {
    return `${label}: no ELF or PE file found (${reason}); nothing to check`;
}
function noRuleNote(label, path, found) {
    return `${label}: ${path} is ${found}; no rule for this platform, so not judged`;
}
function wrongCpu(label, path, found, expected) {
    return `${label}: /${path} is ${found}, but ${label} needs ${expected} — the image was built for the wrong CPU; build it with --platform ${label} (QEMU) or on a matching runner`;
}
function layerMismatch(label, digest, message) {
    return `${label}: layer ${digest} does not match its digest (${message ?? 'bytes differ'}) — the registry serves corrupt content; do not publish this image: push the layer again (rebuild) and retry`;
}
function layerUnreadable(label, digest, message) {
    return `${label}: layer ${digest} could not be read to its end: ${message ?? 'unknown error'} — retry; if it persists, rebuild and push the image again`;
}
function budgetExceeded(label, figures) {
    const what = figures.settled
        ? `the binary check settled, but not every layer it used was read to its end`
        : `the binary check did not reach the file to check within the read budget`;
    const budget = figures.budget !== undefined ? ` (${(0,format/* formatBytes */.z)(figures.budget)})` : '';
    const cut = figures.cut.map((l) => `layer ${(0,format/* shortDigest */.V)(l.digest)} read ${(0,format/* formatBytes */.z)(l.bytesRead)} of ${(0,format/* formatBytes */.z)(l.size)}, digest not checked`);
    return `${label}: ${what}${budget}: read ${figures.layersRead} of ${figures.layersTotal} layers, ${(0,format/* formatBytes */.z)(figures.bytesRead)} of ${(0,format/* formatBytes */.z)(figures.bytesTotal)}${cut.length > 0 ? `; ${cut.join('; ')}` : ''} — raise \`verify-budget\`, or set \`verify-layers: all\` to read every layer`;
}
function listed(files) {
    const names = files
        .slice(0, MAX_LISTED)
        .map((w) => `/${w.path} (${w.found})`)
        .join(', ');
    return names + (files.length > MAX_LISTED ? ` and ${files.length - MAX_LISTED} more` : '');
}
function foreignFiles(label, files, needs) {
    const count = files.length === 1 ? '1 file is' : `${files.length} files are`;
    return `${label}: ${count} built for another CPU: ${listed(files)}, but ${label} needs ${needs} — they fail to load (dlopen, "exec format error") on ${label}: build native modules inside the ${label} build instead of copying them from the runner, or list the paths in \`check-binaries-ignore\``;
}
function otherCpuNote(label, files) {
    return `${label}: ${files.length} other file(s) built for another CPU, not judged as problems: ${listed(files)}`;
}
function ignoredNote(label, count) {
    return `${label}: ${count} binary file(s) matched \`check-binaries-ignore\``;
}

;// CONCATENATED MODULE: ./src/verify/globs.ts
/**
 * Path globs for `check-binaries-ignore`, matched against image paths: `*` and `?` within one path
 * component, `**` across components; a leading '/' is optional. As in .gitignore, a glob without '/'
 * matches the file name at any depth (`qemu-*-static`). Pure.
 */
function matchesGlob(path, glob) {
    const target = path.replace(/^\/+/, '');
    const pattern = glob.trim().replace(/^\/+/, '');
    if (pattern === '')
        return false;
    if (!pattern.includes('/'))
        return globRegExp(pattern).test(target.slice(target.lastIndexOf('/') + 1));
    return globRegExp(pattern).test(target);
}
function matchesAnyGlob(path, globs) {
    return globs.some((glob) => matchesGlob(path, glob));
}
function globRegExp(pattern) {
    let source = '';
    for (let i = 0; i < pattern.length; i += 1) {
        const c = pattern[i];
        if (c === '*' && pattern[i + 1] === '*') {
            // '**/' matches zero or more whole components; a trailing '**' matches everything below.
            if (pattern[i + 2] === '/') {
                source += '(?:.*/)?';
                i += 2;
            }
            else {
                source += '.*';
                i += 1;
            }
        }
        else if (c === '*')
            source += '[^/]*';
        else if (c === '?')
            source += '[^/]';
        else
            source += c.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
    }
    return new RegExp(`^${source}$`);
}

;// CONCATENATED MODULE: ./src/verify/found-binaries.ts
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


const MODULE_DIRS = new Set(['node_modules', 'site-packages', 'dist-packages']);
const SYSTEM_DIRS = new Set(['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32', 'libexec']);
/** Directory names that say which CPU their files are for: `x64`, `linux-arm64`, `linux_amd64`, `win32-ia32-msvc`. */
const CPU_LABEL = /^(?:(?:linux|win32|windows|darwin|freebsd|openbsd|android|sunos|aix)[-_])?(x64|x86_64|amd64|ia32|x86|i386|i686|arm64|aarch64|arm|armv6l?|armv7l?|armhf|armel|s390x|ppc64|ppc64le|riscv64|mips64el|loong64)(?:[-_](?:gnu|musl|glibc|msvc|napi|eabihf))*$/;
/** The architecture (Go names) a CPU label stands for. */
const LABEL_ARCH = {
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
};
function judgeFoundBinaries(platform, binaries, ignore = []) {
    const expected = (0,verify_binary/* expectedBinary */.IH)(platform);
    const verdict = { checked: 0, ignored: 0, wrong: [] };
    if (!expected)
        return verdict;
    for (const binary of binaries) {
        if (binary.identity.format !== expected.format)
            continue;
        if (matchesAnyGlob(binary.path, ignore)) {
            verdict.ignored += 1;
            continue;
        }
        verdict.checked += 1;
        const fit = (0,verify_binary/* binaryFit */.vo)(platform, binary.identity);
        if (fit === 'match' || fit === 'unknown')
            continue;
        verdict.wrong.push({
            path: binary.path,
            found: (0,verify_binary/* describeBinary */.bX)(binary.identity),
            ...severityOf(binary, fit, platform.os)
        });
    }
    return verdict;
}
function severityOf(binary, fit, os) {
    const dirs = binary.path.split('/').slice(0, -1);
    if (labelledForItsCpu(dirs, binary, os)) {
        return {
            severity: 'note',
            why: 'under a directory named for its own CPU (a bundle for several platforms)'
        };
    }
    if (dirs.some((d) => MODULE_DIRS.has(d)))
        return { severity: 'problem' };
    if (dirs.some((d) => SYSTEM_DIRS.has(d.toLowerCase()))) {
        return fit === 'foreign'
            ? { severity: 'problem' }
            : { severity: 'note', why: 'a CPU this platform also runs, as a separate process' };
    }
    return { severity: 'note', why: 'outside bin/lib directories and package directories' };
}
function labelledForItsCpu(dirs, binary, os) {
    return dirs.some((dir) => {
        const label = CPU_LABEL.exec(dir.toLowerCase())?.[1];
        const architecture = label ? LABEL_ARCH[label] : undefined;
        return architecture !== undefined && (0,verify_binary/* binaryFit */.vo)({ os, architecture }, binary.identity) === 'match';
    });
}

;// CONCATENATED MODULE: ./src/verify/checks.ts
/**
 * Verification rules over gathered evidence (pure): coverage of the required platforms (strict, after
 * normalisation), no duplicates, configs agreeing with their index entries, binaries built for the CPU
 * they claim, attestations bound to images of the index, no platform lost against a previous reference,
 * and what a containerd client would pull for each required platform. Each check returns what it found;
 * evaluate joins the findings once, so a user sees every problem at once. The wording of each finding
 * lives in findings-text.ts.
 */





const NOT_CHECKED = { ok: null, detail: 'not checked' };
const BINARIES_OFF = { ok: null, detail: 'check-binaries is off' };
function found(part) {
    return { problems: part.problems ?? [], warnings: part.warnings ?? [], notes: part.notes ?? [] };
}
const NOTHING = found({});
function joinFindings(all) {
    return {
        problems: all.flatMap((f) => f.problems),
        warnings: all.flatMap((f) => f.warnings),
        notes: all.flatMap((f) => f.notes)
    };
}
function evaluate(evidence, rules) {
    const images = evidence.entries.filter((e) => e.platform !== undefined);
    const duplicateOnce = duplicateReporter(images, evidence.reference);
    const claimed = new Set();
    const sections = [];
    for (const want of rules.required) {
        const matches = images.filter((e) => (0,src_platform/* matchesStrict */.V9)(want, e.platform));
        matches.forEach((m) => claimed.add(m));
        sections.push(...requiredPlatform({ want, matches, images, evidence, rules, duplicateOnce }));
    }
    for (const extra of images.filter((e) => !claimed.has(e))) {
        sections.push(...extraPlatform({ extra, evidence, rules, duplicateOnce }));
    }
    sections.push({ findings: entriesWithoutPlatform(evidence) }, { findings: nestedIndexes(evidence) }, { findings: attestationsBound(evidence) }, { findings: rules.noRegress ? noRegress(rules.noRegress, images, evidence.reference) : NOTHING }, { findings: rules.required.length === 0 ? found({ notes: [NO_REQUIRED_PLATFORMS] }) : NOTHING });
    const { problems, warnings, notes } = joinFindings(sections.map((s) => s.findings));
    const platforms = {};
    for (const image of images)
        platforms[(0,src_platform/* platformIdentity */.cj)(image.platform)] ??= image.descriptor.digest;
    return {
        ok: problems.length === 0,
        reference: evidence.reference,
        digest: evidence.digest,
        mediaType: evidence.mediaType,
        rows: sections.flatMap((s) => (s.row ? [s.row] : [])),
        problems,
        warnings,
        notes,
        platforms,
        ...(evidence.reading
            ? {
                reading: {
                    layersRead: evidence.reading.layersRead,
                    bytesRead: evidence.reading.bytesRead,
                    layersShared: evidence.reading.layersShared,
                    readsSaved: evidence.reading.readsSaved
                }
            }
            : {})
    };
}
/**
 * Two entries with one platform identity (normalised, os.version included) are a duplicate wherever they
 * are; Windows builds of one architecture with different os.version are different platforms. The
 * duplicate is reported where its platform is first met, once.
 */
function duplicateReporter(images, ref) {
    const groups = new Map();
    for (const image of images) {
        const identity = (0,src_platform/* platformIdentity */.cj)(image.platform);
        groups.set(identity, [...(groups.get(identity) ?? []), image]);
    }
    const reported = new Set();
    return (image) => {
        const identity = (0,src_platform/* platformIdentity */.cj)(image.platform);
        const group = groups.get(identity) ?? [];
        if (group.length < 2 || reported.has(identity))
            return NOTHING;
        reported.add(identity);
        const digests = group.map((m) => m.descriptor.digest);
        return found({ problems: [duplicatePlatform(identity, ref, digests)] });
    };
}
/** A required platform: missing (with what a client would pull instead), or each entry that covers it. */
function requiredPlatform(context) {
    const { want, matches, images, evidence, rules, duplicateOnce } = context;
    const label = (0,src_platform/* platformIdentity */.cj)(want);
    const fallback = (0,src_platform/* bestMatch */.CE)(want, images);
    const resolution = fallback
        ? {
            digest: fallback.descriptor.digest,
            platform: (0,src_platform/* platformIdentity */.cj)(fallback.platform),
            exact: matches.includes(fallback)
        }
        : undefined;
    if (matches.length === 0) {
        const row = {
            platform: label,
            required: true,
            config: NOT_CHECKED,
            binary: NOT_CHECKED,
            attestation: NOT_CHECKED,
            ...(resolution ? { resolution } : {})
        };
        const findings = found({
            problems: [missingPlatform(label, evidence.reference)],
            notes: [fallbackNote(label, resolution)]
        });
        return [{ row, findings }];
    }
    const duplicates = matches.map((m) => ({ findings: duplicateOnce(m) }));
    const rows = matches.map((match, i) => entryRow({
        entry: match,
        label: matches.length === 1 ? label : (0,src_platform/* platformIdentity */.cj)(match.platform),
        required: true,
        evidence,
        rules,
        ...(i === 0 && resolution ? { resolution } : {})
    }));
    return [...duplicates, ...rows];
}
/** An entry no required platform claims: a problem unless `allow-extra` (or nothing was required). */
function extraPlatform(context) {
    const { extra, evidence, rules, duplicateOnce } = context;
    const label = (0,src_platform/* platformIdentity */.cj)(extra.platform);
    const requiredSetGiven = rules.required.length > 0;
    const refused = requiredSetGiven && !rules.allowExtra
        ? found({ problems: [notRequired(label, evidence.reference)] })
        : NOTHING;
    const row = entryRow({ entry: extra, label, required: !requiredSetGiven, evidence, rules });
    return [{ findings: duplicateOnce(extra) }, { findings: refused }, row];
}
/** An image entry's row: its config, its binary, its layers, its attestation. */
function entryRow(options) {
    const { entry, label, required, evidence, rules, resolution } = options;
    const digest = entry.descriptor.digest;
    const row = {
        platform: label,
        required,
        digest,
        config: NOT_CHECKED,
        binary: NOT_CHECKED,
        attestation: attestationFor(evidence, digest),
        ...(resolution ? { resolution } : {})
    };
    if (entry.error) {
        return {
            row: {
                ...row,
                config: { ok: false, detail: 'unreadable' },
                ...(rules.checkBinaries ? {} : { binary: BINARIES_OFF })
            },
            findings: found({ problems: [unreadableEntry(label, digest, evidence.reference, entry.error)] })
        };
    }
    const config = configCheck(entry, label);
    const binary = binaryCheck(entry, label, rules);
    const layers = entry.layers ? layerChecks(entry, entry.layers, label, rules) : undefined;
    return {
        row: { ...row, config: config.value, binary: binary.value, ...(layers ? { layers: layers.value } : {}) },
        findings: joinFindings([config.findings, binary.findings, layers?.findings ?? NOTHING])
    };
}
/** Whether the config states the platform its index entry claims. */
function configCheck(entry, label) {
    const config = entry.config;
    if (!config)
        return { value: NOT_CHECKED, findings: NOTHING };
    const fromConfig = {
        os: config.os,
        architecture: config.architecture,
        ...(config.variant ? { variant: config.variant } : {}),
        ...(config['os.version'] ? { 'os.version': config['os.version'] } : {})
    };
    const claimedKey = (0,src_platform/* platformKey */.Ng)(entry.platform);
    const configKey = (0,src_platform/* platformKey */.Ng)(fromConfig);
    const claimedVersion = entry.platform['os.version'];
    const versionDiffers = claimedVersion !== undefined && claimedVersion !== config['os.version'];
    if (claimedKey === configKey && !versionDiffers) {
        return { value: { ok: true, detail: (0,src_platform/* platformIdentity */.cj)(fromConfig) }, findings: NOTHING };
    }
    const stated = versionDiffers && claimedKey === configKey
        ? `${configKey} os.version ${config['os.version'] ?? '(none)'}`
        : configKey;
    return {
        value: { ok: false, detail: `config says ${stated}` },
        findings: found({ problems: [mislabelledConfig(label, entry.descriptor.digest, stated)] })
    };
}
/** Whether the file the image runs is built for the platform's CPU. */
function binaryCheck(entry, label, rules) {
    if (!rules.checkBinaries)
        return { value: BINARIES_OFF, findings: NOTHING };
    const scan = entry.binary;
    switch (scan.status) {
        case 'not-checked':
            return { value: { ok: null, detail: scan.reason }, findings: NOTHING };
        case 'error':
            return {
                value: { ok: false, detail: 'layers unreadable' },
                findings: found({ problems: [layersUnreadableForBinaries(label, scan.message)] })
            };
        case 'none':
            return {
                value: { ok: null, detail: 'no ELF/PE file in the image' },
                findings: found({ notes: [noBinaryNote(label, scan.reason)] })
            };
        case 'chosen': {
            const verdict = (0,verify_binary/* checkBinary */.WD)((0,src_platform/* normalizePlatform */.FL)(entry.platform), scan.identity);
            const description = (0,verify_binary/* describeBinary */.bX)(scan.identity);
            const file = { path: scan.path, found: description };
            if (!verdict.checked) {
                return {
                    value: { ok: null, detail: `no rule for ${label}`, ...file },
                    findings: found({ notes: [noRuleNote(label, scan.path, description)] })
                };
            }
            if (!verdict.ok) {
                return {
                    value: { ok: false, detail: `${verdict.found}, expected ${verdict.expected}`, ...file },
                    findings: found({ problems: [wrongCpu(label, scan.path, verdict.found, verdict.expected)] })
                };
            }
            return { value: { ok: true, detail: description, ...file }, findings: NOTHING };
        }
    }
}
/**
 * What the layers read say: a layer whose bytes do not hash to its digest (or that could not be read) is
 * a problem naming the layer; a platform whose check ran out of read budget is a warning with the
 * figures (a problem with `verify-budget-exceeded: fail`); every wrong-CPU file met is listed.
 */
function layerChecks(entry, layers, label, rules) {
    const bytesRead = layers.read.reduce((sum, l) => sum + (l.status === 'verified' ? l.size : l.bytesRead), 0);
    const partial = layers.read.filter((l) => l.status === 'partial');
    const verdict = rules.checkBinaries
        ? judgeFoundBinaries((0,src_platform/* normalizePlatform */.FL)(entry.platform), layers.binaries, rules.ignoreBinaries ?? [])
        : { checked: 0, ignored: 0, wrong: [] };
    const chosenPath = entry.binary.status === 'chosen' ? entry.binary.path : undefined;
    const wrong = verdict.wrong.filter((w) => w.path !== chosenPath);
    const value = {
        read: layers.read.length,
        total: layers.total,
        bytesRead,
        bytesTotal: layers.totalBytes,
        verified: layers.read.filter((l) => l.status === 'verified').length,
        unchecked: partial.length,
        shared: layers.read.filter((l) => l.shared).length,
        filesChecked: verdict.checked,
        wrongCpu: wrong.map((w) => w.path)
    };
    const digests = layerDigests(layers, label);
    const budget = layers.budgetExhausted ? budgetFinding(entry, layers, label, rules, value) : NOTHING;
    const bad = wrong.filter((w) => w.severity === 'problem');
    const minor = wrong.filter((w) => w.severity === 'note');
    const needs = (0,verify_binary/* expectedBinary */.IH)((0,src_platform/* normalizePlatform */.FL)(entry.platform))?.description ?? label;
    const files = found({
        problems: bad.length > 0 ? [foreignFiles(label, bad, needs)] : [],
        notes: [
            ...(minor.length > 0 ? [otherCpuNote(label, minor)] : []),
            ...(verdict.ignored > 0 ? [ignoredNote(label, verdict.ignored)] : [])
        ]
    });
    return { value, findings: joinFindings([digests, budget, files]) };
}
/** Layers whose bytes missed their digest, or that could not be read to their end. */
function layerDigests(layers, label) {
    return found({
        problems: layers.read.flatMap((layer) => {
            if (layer.status === 'mismatch')
                return [layerMismatch(label, layer.digest, layer.message)];
            if (layer.status === 'unreadable')
                return [layerUnreadable(label, layer.digest, layer.message)];
            return [];
        })
    });
}
/** A read budget that ran out: a warning, or a problem under `verify-budget-exceeded: fail`. */
function budgetFinding(entry, layers, label, rules, figures) {
    const line = budgetExceeded(label, {
        settled: entry.binary.status === 'chosen' || entry.binary.status === 'none',
        ...(layers.budget !== undefined ? { budget: layers.budget } : {}),
        layersRead: figures.read,
        layersTotal: figures.total,
        bytesRead: figures.bytesRead,
        bytesTotal: figures.bytesTotal,
        cut: layers.read.filter((l) => l.status === 'partial')
    });
    return rules.budgetExceeded === 'fail' ? found({ problems: [line] }) : found({ warnings: [line] });
}
function attestationFor(evidence, digest) {
    const attestation = evidence.attestations.find((a) => a.annotations?.[types/* ATTESTATION_REFERENCE_DIGEST */.qq] === digest);
    return attestation ? { ok: true, detail: attestation.digest } : { ok: null, detail: 'none' };
}
function entriesWithoutPlatform(evidence) {
    return found({
        problems: evidence.entries
            .filter((e) => e.platform === undefined)
            .map((e) => noPlatform(e.descriptor.digest, evidence.reference, e.error))
    });
}
function nestedIndexes(evidence) {
    return found({
        problems: evidence.nestedIndexes.map((nested) => nestedIndex(nested.digest, evidence.reference))
    });
}
/** Every attestation points at an image of the index. */
function attestationsBound(evidence) {
    const images = new Set(evidence.entries.map((e) => e.descriptor.digest));
    return found({
        problems: evidence.attestations.flatMap((attestation) => {
            const subject = attestation.annotations?.[types/* ATTESTATION_REFERENCE_DIGEST */.qq];
            if (subject !== undefined && images.has(subject))
                return [];
            return [strayAttestation(attestation.digest, evidence.reference, subject)];
        })
    });
}
function noRegress(previous, images, ref) {
    return found({
        problems: previous.platforms
            .filter((platform) => !images.some((e) => (0,src_platform/* matchesStrict */.V9)(platform, e.platform)))
            .map((platform) => regressed((0,src_platform/* platformIdentity */.cj)(platform), previous.reference, ref))
    });
}

// EXTERNAL MODULE: ./src/verify/gather.ts + 1 modules
var verify_gather = __webpack_require__(9583);
;// CONCATENATED MODULE: ./src/verify/verify-image.ts





async function verifyImage(source, plan, options = {}) {
    const started = Date.now();
    const required = plan.platforms;
    const isRequired = (platform) => platform !== undefined && (required.length === 0 || required.some((r) => (0,src_platform/* matchesStrict */.V9)(r, platform)));
    const checkBinary = (platform) => plan.checkBinaries && isRequired(platform);
    const layers = plan.layers;
    const { previous: givenPrevious, ...gather } = options;
    const [evidence, previous, given] = await Promise.all([
        (0,verify_gather/* gatherEvidence */.h)(source, plan.image, {
            checkBinary,
            readLayers: isRequired,
            ...(layers ? { verifyLayers: layers.verifyLayers, readBudget: layers.readBudget } : {}),
            ...gather
        }),
        plan.noRegress ? platformsOfReference(source, plan.noRegress) : Promise.resolve(undefined),
        givenPrevious
    ]);
    const result = evaluate(evidence, {
        required,
        allowExtra: plan.allowExtra,
        checkBinaries: plan.checkBinaries,
        ...(layers ? { ignoreBinaries: layers.ignoreBinaries, budgetExceeded: layers.budgetExceeded } : {}),
        ...(plan.noRegress && previous
            ? { noRegress: { reference: (0,reference/* formatReference */.FH)(plan.noRegress), platforms: previous } }
            : given
                ? { noRegress: given }
                : {})
    });
    return { result, evidence, durationMs: Date.now() - started };
}
/** The platforms another reference has: its index entries, or a single image's config (one more read). */
async function platformsOfReference(source, ref) {
    const root = await source.getManifest(ref);
    if (root.parsed.kind === 'index') {
        return root.parsed.index.manifests
            .filter((m) => !(0,types/* isAttestation */.H3)(m))
            .flatMap((m) => (m.platform ? [m.platform] : []));
    }
    const config = JSON.parse((await source.readBlob(ref, root.parsed.manifest.config.digest)).toString('utf8'));
    return [
        {
            os: config.os,
            architecture: config.architecture,
            ...(config.variant ? { variant: config.variant } : {})
        }
    ];
}


/***/ })

};
