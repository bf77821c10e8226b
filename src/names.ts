/**
 * Names of the action's inputs and outputs: the single source used by main, cli, the docs check and tests.
 * Keep it equal to action.yml (a unit test compares them).
 */
export const Inputs = {
  mode: 'mode',
  image: 'image',
  platforms: 'platforms',
  checkBinaries: 'check-binaries',
  noRegress: 'no-regress',
  allowExtra: 'allow-extra',
  username: 'username',
  password: 'password',
  registryAuth: 'registry-auth',
  tags: 'tags',
  sources: 'sources',
  annotations: 'annotations',
  mediaType: 'media-type',
  dryRun: 'dry-run',
  context: 'context',
  file: 'file',
  buildArgs: 'build-args',
  labels: 'labels',
  target: 'target',
  secrets: 'secrets',
  cacheFrom: 'cache-from',
  cacheTo: 'cache-to',
  provenance: 'provenance',
  sbom: 'sbom',
  builder: 'builder',
  noCache: 'no-cache',
  pull: 'pull',
  qemu: 'qemu',
  maxParallel: 'max-parallel',
  archTags: 'arch-tags',
  stagingId: 'staging-id',
  onOlder: 'on-older',
  githubToken: 'github-token',
  buildContexts: 'build-contexts',
  ssh: 'ssh',
  network: 'network',
  addHosts: 'add-hosts',
  shmSize: 'shm-size',
  ulimit: 'ulimit',
  allow: 'allow',
  noCacheFilters: 'no-cache-filters',
  secretEnvs: 'secret-envs',
  secretFiles: 'secret-files',
  attests: 'attests',
  verifyLayers: 'verify-layers',
  verifyBudget: 'verify-budget',
  verifyBudgetExceeded: 'verify-budget-exceeded',
  checkBinariesIgnore: 'check-binaries-ignore'
} as const

export const Outputs = {
  digest: 'digest',
  platforms: 'platforms',
  report: 'report',
  summary: 'summary',
  refs: 'refs',
  verified: 'verified',
  metadata: 'metadata'
} as const

export type InputName = (typeof Inputs)[keyof typeof Inputs]
