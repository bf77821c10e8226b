/**
 * Generated from action.yml by scripts/generate-action-inputs.mjs: do not edit, run the script.
 * Every input's description and default, for the CLI's flags and help (a unit test compares it with action.yml).
 */
export const ACTION_INPUTS = {
  mode: {
    description:
      'What to do: `publish` (build every platform, assemble, verify, tag), `build` (one matrix leg), `merge` (assemble staged legs or existing images) or `verify` (check an existing image; writes nothing unless `attest` is set).',
    default: 'publish'
  },
  image: {
    description:
      'The image. In verify mode: the reference to check, with a tag or digest (e.g. `ghcr.io/acme/app:1.2` or `ghcr.io/acme/app@sha256:…`).',
    default: ''
  },
  platforms: {
    description:
      "Required platforms, comma- or newline-separated, in containerd's syntax (`linux/amd64`, `linux/arm64`, `linux/arm/v7`, `windows(10.0.17763.1697)/amd64`). Spellings are normalised (`aarch64`, `arm64/v8` → `linux/arm64`; `arm`, `armhf` → `linux/arm/v7`). In verify mode, empty checks every platform the image has and requires none.",
    default: ''
  },
  'check-binaries': {
    description:
      "Read layers from the top to find the image's entrypoint (else the first ELF/PE under /bin, /usr/bin, /usr/local/bin, /app) and check that it is built for the platform's CPU.",
    default: 'true'
  },
  'no-regress': {
    description:
      'A reference (with tag or digest) whose platforms the image must all still have, e.g. the previous release. In merge mode also `true`: compare with what each tag points to now, before moving it. Empty: no such check.',
    default: ''
  },
  'allow-extra': {
    description: 'Whether platforms beyond `platforms` are fine. `false` fails on any extra platform.',
    default: 'true'
  },
  username: {
    description:
      'Registry username for the registry of `image` only (never sent to any other registry or its token server). Empty: use the docker config that docker/login-action wrote.',
    default: ''
  },
  password: {
    description:
      'Registry password or token for `username`, for the registry of `image` only. It is masked in logs.',
    default: ''
  },
  'registry-auth': {
    description:
      'Credentials for other registries (merge sources), one `registry=HOST,username=USER,password=SECRET` per line (quote a field holding a comma: `"password=a,b"`). Each is sent to its own registry only; every password is masked. Registries not listed use the docker config.',
    default: ''
  },
  tags: {
    description:
      "merge, publish: tags to publish the index under, comma- or newline-separated; bare tags (in `image`'s repository) or full references, also in other repositories and registries (docker/metadata-action's `tags` output with several `images` works as is): the build pushes once, the images are mounted or copied into each repository, each repository's index is verified there, and no tag moves anywhere until every one is. `username`/`password` are for `image`'s registry only; the others log in through the docker config or `registry-auth`.",
    default: ''
  },
  sources: {
    description:
      'merge: the images to merge, one reference per line (tags, digests, per-platform indexes, single images; any registry). Children in another repository are mounted (same registry) or copied.',
    default: ''
  },
  annotations: {
    description:
      "merge: index annotations, `key=value` per line; docker/metadata-action's `annotations` output is accepted (`index:` lines go to the index; `manifest:` lines are refused: the images are already pushed). OCI indexes also get org.opencontainers.image.source and .revision from the workflow.",
    default: ''
  },
  'media-type': {
    description:
      'merge: `auto` (a Docker manifest list when every child is a Docker v2 manifest and no annotations are asked for, else an OCI index), `oci` or `docker`.',
    default: 'auto'
  },
  'dry-run': {
    description: 'merge: print the plan and the index JSON, write nothing.',
    default: 'false'
  },
  context: {
    description: 'publish, build — the build context (path or URL), as for docker/build-push-action.',
    default: '.'
  },
  file: {
    description: "publish, build — the Dockerfile path; empty uses the context's Dockerfile.",
    default: ''
  },
  'build-args': {
    description: 'publish, build — build arguments, one `KEY=value` per line.',
    default: ''
  },
  labels: {
    description: 'publish, build — image labels, one `key=value` per line.',
    default: ''
  },
  target: {
    description: 'publish, build — the build stage to build.',
    default: ''
  },
  secrets: {
    description:
      'publish, build — build secrets, one buildx `--secret` value per line (`id=x,env=VAR`, `id=y,src=path`).',
    default: ''
  },
  'cache-from': {
    description:
      "publish, build — cache sources, one buildx `--cache-from` value per line. Where platforms build as separate targets (build mode, the docker driver's classic store) `type=gha` entries get a per-platform scope so platforms do not overwrite each other's cache; one multi-platform target uses them as given.",
    default: ''
  },
  'cache-to': {
    description:
      'publish, build — cache exports, one buildx `--cache-to` value per line (gha entries scoped per platform where platforms build as separate targets; one multi-platform target exports one cache of them all).',
    default: ''
  },
  provenance: {
    description:
      "publish, build — buildx `--provenance` (`true`, `false`, `mode=max`); empty keeps buildx's default.",
    default: ''
  },
  sbom: {
    description: "publish, build — buildx `--sbom` (`true`, `false`, …); empty keeps buildx's default.",
    default: ''
  },
  builder: {
    description:
      "publish, build — the buildx builder to use (e.g. docker/setup-buildx-action's `name` output); empty uses the current one. The docker driver on the classic image store (GitHub's hosted runners) cannot export a cache or attach attestations: `cache-to`, `sbom` and `attests` need a builder of their own.",
    default: ''
  },
  'no-cache': {
    description: 'publish, build — build without cache.',
    default: 'false'
  },
  pull: {
    description: 'publish, build — always pull newer base images.',
    default: 'false'
  },
  qemu: {
    description:
      'publish, build — `auto` registers QEMU only for platforms this runner cannot run yet (with the pinned installer image), an image reference uses that installer instead, `false` installs nothing and fails clearly if a platform cannot run.',
    default: 'auto'
  },
  'max-parallel': {
    description:
      "publish, build — accepted and ignored (any value, nothing is checked): every platform builds in one BuildKit session, which schedules the steps itself; bound the builder instead (buildkitd's `max-parallelism`, e.g. through docker/setup-buildx-action's `buildkitd-config-inline`).",
    default: ''
  },
  'arch-tags': {
    description: 'publish — also push `<tag>-<os>-<arch>[-<variant>]` for each platform, after verification.',
    default: 'false'
  },
  'staging-id': {
    description:
      'build, merge — what staging tags derive from (with the image and platform): the build legs and the merge job of one run must agree. Empty: the workflow run id (GITHUB_RUN_ID).',
    default: ''
  },
  'on-older': {
    description:
      "publish, merge — what to do with a tag that already points to a newer commit (this run's commit is an ancestor of the revision the tag records): `skip` leaves that tag and moves the others, with a warning naming both commits; `fail` moves no tag and fails; `force` moves it anyway. When the ancestry cannot be told (no revision recorded, a shallow checkout and no API access, a commit from another repository), tags move with a warning under `skip` and `fail`.",
    default: 'skip'
  },
  'github-token': {
    description:
      "publish, merge — token for the GitHub compare API, used to tell whether this run's commit is older than a tag's when the checkout's git history cannot (a shallow clone). Needs `contents: read`.",
    default: '${{ github.token }}'
  },
  'build-contexts': {
    description:
      'publish, build — additional build contexts, one `name=value` per line (buildx `--build-context`).',
    default: ''
  },
  ssh: {
    description:
      'publish, build — SSH agent sockets or keys to expose, one buildx `--ssh` value per line (`default`, `id=path`).',
    default: ''
  },
  network: {
    description:
      'publish, build — networking mode for RUN steps (`host`, `none`, `default`); needs a buildx whose bake knows `network`.',
    default: ''
  },
  'add-hosts': {
    description:
      'publish, build — extra `/etc/hosts` entries, `host:ip` (or `host=ip`) per line or comma-separated.',
    default: ''
  },
  'shm-size': {
    description: 'publish, build — size of `/dev/shm` for RUN steps, e.g. `128m`.',
    default: ''
  },
  ulimit: {
    description:
      'publish, build — ulimits for RUN steps, one `type=soft:hard` per line (`nofile=1024:1024`).',
    default: ''
  },
  allow: {
    description:
      'publish, build — extra privileged entitlements, comma or newline separated (`network.host`, `security.insecure`).',
    default: ''
  },
  'no-cache-filters': {
    description: 'publish, build — build stages not to take from cache, comma or newline separated.',
    default: ''
  },
  'secret-envs': {
    description:
      'publish, build — secrets from environment variables, `id=VARIABLE` per line (as build-push-action).',
    default: ''
  },
  'secret-files': {
    description: 'publish, build — secrets from files, `id=path` per line (as build-push-action).',
    default: ''
  },
  attests: {
    description:
      'publish, build — attestation specs, one buildx `--attest` value per line (`type=sbom`, `type=provenance,mode=max`).',
    default: ''
  },
  'verify-layers': {
    description:
      'verify, merge, publish — which layers verification reads, each to its end with its digest checked: `read` (the layers the binary check opens, from the top until the entrypoint is settled) or `all` (every layer of every required platform, the read budget ignored — for release gates, like `crane validate`). A layer whose bytes do not match its digest fails verification and moves no tag.',
    default: 'read'
  },
  'verify-budget': {
    description:
      "verify, merge, publish — compressed layer bytes one platform's check may read under `verify-layers: read` (`512MiB`, `2GiB`, `none`). A platform whose entrypoint is not reached within it gets a warning with the figures; a layer cut short by it is reported as not digest-checked.",
    default: '512MiB'
  },
  'verify-budget-exceeded': {
    description:
      "verify, merge, publish — `warn` (default) or `fail` when a platform's check ran out of `verify-budget`.",
    default: 'warn'
  },
  'check-binaries-ignore': {
    description:
      "verify, merge, publish — globs of image paths whose CPU is not checked (`usr/bin/qemu-*-static`, `**/prebuilds/**`), one per line or comma-separated; a glob without '/' matches the file name anywhere.",
    default: ''
  },
  attest: {
    description:
      'publish, merge, verify — a signed record of the verification, stored beside the index as an OCI referrer (docs/attestation.md): `auto` signs with `attest-key` when given, else keyless when the job has an OIDC token (`permissions: id-token: write`), else writes none and says so in one notice; `key`, `keyless`, `unsigned` (the bare statement) or `false`. Empty: `auto` in publish and merge, `false` in verify, which attests the image it verified (PASSED or FAILED) only when this is set; with `require-attestation: true` (the gate reads no layer) it is refused, with `reverify` the full check is attested. On registries without the referrers API it adds a `sha256-<hex>` tag.',
    default: ''
  },
  'attest-key': {
    description:
      "publish, merge, verify — cosign's private key (path or PEM text, e.g. from a secret) to sign the attestation with (verify: with `attest` set); an encrypted cosign.key reads its password from the COSIGN_PASSWORD environment variable.",
    default: ''
  },
  'attest-github': {
    description:
      "publish, merge, verify — keyless: also store the attestation in GitHub's attestations API (needs `permissions: attestations: write` and `github-token`).",
    default: 'false'
  },
  'require-attestation': {
    description:
      "verify — `true`: pass only when an attestation of the image's digest is signed by `attestation-public-key` (or `attestation-identity`), records PASSED and required at least `platforms` — it reads no layer, so `attest` is refused with it; `reverify`: that, then the full verification (attested when `attest` is set); `false`: no gate.",
    default: 'false'
  },
  'attestation-public-key': {
    description:
      "verify — with `require-attestation`, cosign's public key (cosign.pub, path or PEM text) the attestation must be signed with.",
    default: ''
  },
  'attestation-identity': {
    description:
      'verify — with `require-attestation`, the workflow a keyless attestation must come from (https://github.com/OWNER/REPO/.github/workflows/FILE@REF, or a /regular expression/); issuer GitHub Actions.',
    default: ''
  }
} as const satisfies Readonly<Record<string, { description: string; default: string }>>
