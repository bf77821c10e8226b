/** How to build: the options every platform's target of the session gets (bake.ts). */
export interface BuildOptions {
  context: string
  file?: string
  /** `KEY=value`, one per line. */
  buildArgs: string[]
  labels: string[]
  target?: string
  /** buildx `--secret` specs: `id=foo,src=path` or `id=TOKEN,env=TOKEN`. */
  secrets: string[]
  cacheFrom: string[]
  cacheTo: string[]
  /** Passed as `--provenance=<v>`; undefined leaves buildx's default. */
  provenance?: string
  /** Passed as `--sbom=<v>`; undefined leaves buildx's default. */
  sbom?: string
  builder?: string
  noCache: boolean
  pull: boolean
  /** `name=value` (buildx `--build-context`). */
  buildContexts: string[]
  /** buildx `--ssh` specs. */
  ssh: string[]
  network?: string
  /** `host:ip` or `host=ip`. */
  addHosts: string[]
  shmSize?: string
  /** `type=soft:hard`. */
  ulimits: string[]
  /** Entitlements (`network.host`, `security.insecure`). */
  allow: string[]
  noCacheFilters: string[]
  /** buildx `--attest` specs. */
  attests: string[]
  /** The `manifest` lines of `annotations`, as buildx takes them (`manifest:key=value`): for the images. */
  annotations: string[]
}
