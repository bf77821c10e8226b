/** BuildOptions as the inputs give them when only `context` is set: the base tests override. */
import type { BuildOptions } from '../../src/buildx/options.js'

export const DEFAULT_BUILD_OPTIONS: BuildOptions = {
  context: '.',
  buildArgs: [],
  labels: [],
  secrets: [],
  cacheFrom: [],
  cacheTo: [],
  noCache: false,
  pull: false,
  buildContexts: [],
  ssh: [],
  addHosts: [],
  ulimits: [],
  allow: [],
  noCacheFilters: [],
  attests: [],
  annotations: []
}
