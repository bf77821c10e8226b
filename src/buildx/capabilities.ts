/**
 * What the builder cannot do, known before anything is built: the docker driver on the classic image store
 * (GitHub's hosted Ubuntu runners without a builder step) refuses cache export ("Cache export is not
 * supported for the docker driver") and attestations ("Attestation is not supported for the docker
 * driver"), and silently drops buildx's default provenance and manifest annotations. Cache import is
 * allowed there. Pure.
 */
import { ActionError } from '../errors.js'
import { Inputs } from '../names.js'
import { attestFlag } from './bake.js'
import { csvAttributes } from './csv.js'
import type { ImageStore } from './image-store.js'
import type { BuildOptions } from './options.js'

export interface BuilderFacts {
  driver: string
  /** The docker driver's image store; absent for other drivers. */
  imageStore?: ImageStore
}

/** An input the builder refuses, and what it cannot do. */
export interface Refusal {
  input: string
  cannot: string
}

/** The two ways to a builder that can: what users have on GitHub's runners. */
export const CAPABLE_BUILDER_HINT =
  'pass a docker-container builder (docker/setup-buildx-action, its output `name`) as `builder`, or enable the containerd image store; nothing was built or pushed'

function dockerDriverOnClassicStore(builder: BuilderFacts): boolean {
  return builder.driver === 'docker' && builder.imageStore === 'classic'
}

/** Every input this builder would refuse, in input order. */
export function refusedInputs(build: BuildOptions, builder: BuilderFacts): Refusal[] {
  if (!dockerDriverOnClassicStore(builder)) return []
  const refusals: Refusal[] = []
  if (build.cacheTo.some(exportsCache)) refusals.push({ input: Inputs.cacheTo, cannot: 'export a cache' })
  const attestations = 'attach attestations'
  if (enabled(attestFlag('provenance', build.provenance)))
    refusals.push({ input: Inputs.provenance, cannot: attestations })
  if (enabled(attestFlag('sbom', build.sbom))) refusals.push({ input: Inputs.sbom, cannot: attestations })
  if (enabled(build.attests)) refusals.push({ input: Inputs.attests, cannot: attestations })
  return refusals
}

/** The one error for what the builder refuses, naming the inputs and both fixes; undefined when it can build them. */
export function builderRefusal(build: BuildOptions, builder: BuilderFacts): ActionError | undefined {
  const refusals = refusedInputs(build, builder)
  if (refusals.length === 0) return undefined
  const inputs = refusals.map((r) => `\`${r.input}\``).join(', ')
  const cannot = [...new Set(refusals.map((r) => r.cannot))].join(' or ')
  return new ActionError(
    'invalid-input',
    `input${refusals.length > 1 ? 's' : ''} ${inputs}: the docker driver on the classic image store cannot ${cannot}`,
    { hint: CAPABLE_BUILDER_HINT }
  )
}

/** What the summary should say about what this builder leaves out without being asked. */
export function builderNotes(build: BuildOptions, builder: BuilderFacts): string[] {
  if (!dockerDriverOnClassicStore(builder)) return []
  const fix = 'a docker-container builder passed as `builder`, or the containerd image store, keeps it'
  const provenanceAsked =
    build.provenance !== undefined ||
    build.attests.some((line) => csvAttributes(line)?.get('type') === 'provenance')
  return [
    ...(provenanceAsked
      ? []
      : [
          `no provenance attestation: the docker driver on the classic image store drops buildx's default one (${fix})`
        ]),
    ...(build.annotations.length === 0
      ? []
      : [
          `the platform images carry no \`${Inputs.annotations}\` (manifest level): the docker driver on the classic image store drops them; the index has its own (${fix})`
        ])
  ]
}

/** A `cache-to` entry that exports: every type but `inline`, which goes into the image itself. */
function exportsCache(entry: string): boolean {
  const attributes = csvAttributes(entry)
  // buildx reads an entry with no `=` as a registry reference.
  const type = entry.includes('=') ? attributes?.get('type') : 'registry'
  return type?.toLowerCase() !== 'inline'
}

/** Attest specs of which one is not `disabled=true`. */
function enabled(specs: readonly string[]): boolean {
  return specs.some(
    (spec) => !['true', '1', 't'].includes(csvAttributes(spec)?.get('disabled')?.toLowerCase() ?? '')
  )
}
