/**
 * Which inputs each mode reads: the CLI's flags per command and its help come from here, and a unit test
 * checks every input of action.yml belongs to at least one mode. Pure data.
 */
import { Inputs, type InputName } from '../names.js'
import type { Mode } from './mode.js'

const CREDENTIALS: readonly InputName[] = [Inputs.username, Inputs.password, Inputs.registryAuth]

const BUILD: readonly InputName[] = [
  Inputs.context,
  Inputs.file,
  Inputs.buildArgs,
  Inputs.labels,
  Inputs.target,
  Inputs.secrets,
  Inputs.cacheFrom,
  Inputs.cacheTo,
  Inputs.provenance,
  Inputs.sbom,
  Inputs.builder,
  Inputs.noCache,
  Inputs.pull,
  Inputs.qemu,
  Inputs.maxParallel,
  Inputs.buildContexts,
  Inputs.ssh,
  Inputs.network,
  Inputs.addHosts,
  Inputs.shmSize,
  Inputs.ulimit,
  Inputs.allow,
  Inputs.noCacheFilters,
  Inputs.secretEnvs,
  Inputs.secretFiles,
  Inputs.attests
]

/** How deep verification reads (verify, merge, publish). */
const CHECKING: readonly InputName[] = [
  Inputs.checkBinaries,
  Inputs.checkBinariesIgnore,
  Inputs.verifyLayers,
  Inputs.verifyBudget,
  Inputs.verifyBudgetExceeded
]

const PUBLISHING: readonly InputName[] = [
  Inputs.tags,
  Inputs.annotations,
  Inputs.mediaType,
  ...CHECKING,
  Inputs.noRegress,
  Inputs.dryRun,
  Inputs.onOlder,
  Inputs.githubToken,
  Inputs.attest,
  Inputs.attestKey,
  Inputs.attestGithub
]

/** verify's gate on a stored attestation, and its attestation of what it verified (off unless asked). */
const GATE: readonly InputName[] = [
  Inputs.requireAttestation,
  Inputs.attestationPublicKey,
  Inputs.attestationIdentity,
  Inputs.attest,
  Inputs.attestKey,
  Inputs.attestGithub
]

/** The inputs each mode reads (besides `mode`), in the order help lists them. */
export const MODE_INPUTS: Readonly<Record<Mode, readonly InputName[]>> = {
  verify: [
    Inputs.image,
    Inputs.platforms,
    ...CHECKING,
    Inputs.noRegress,
    Inputs.allowExtra,
    ...GATE,
    ...CREDENTIALS
  ],
  merge: [Inputs.image, Inputs.platforms, Inputs.sources, Inputs.stagingId, ...PUBLISHING, ...CREDENTIALS],
  publish: [Inputs.image, Inputs.platforms, ...PUBLISHING, Inputs.archTags, ...BUILD, ...CREDENTIALS],
  build: [Inputs.image, Inputs.platforms, Inputs.stagingId, ...BUILD]
}
