/** The CLI's `inspect`: what a reference points to, as a table or as the exact bytes. Writes nothing. */
import { ActionError } from '../errors.js'
import { namingInput } from '../inputs/verify.js'
import { Inputs } from '../names.js'
import { parseBoolean } from '../inputs/values.js'
import type { ImageConfig } from '../oci/types.js'
import { parseReference } from '../reference/reference.js'
import type { ImageSource } from '../registry/ports.js'
import { formatInspect } from '../report/inspect.js'
import { formatReferrers } from '../report/referrers.js'
import { RegistryClient } from '../registry/client.js'
import type { Host } from './host.js'

/** Terminal-only input of `inspect`: print the manifest's bytes instead of the table. */
export const RAW_INPUT = 'raw'

export async function runInspect(host: Host, registryFor: (registry: string) => ImageSource): Promise<void> {
  const name = host.input(Inputs.image).trim()
  if (name === '') {
    throw new ActionError('invalid-input', 'inspect needs an image reference', {
      hint: 'run: multiarch-publish inspect REGISTRY/REPOSITORY:TAG'
    })
  }
  const ref = namingInput(Inputs.image, () => parseReference(name))
  const raw = parseBoolean(RAW_INPUT, host.input(RAW_INPUT), false)
  const registry = registryFor(ref.registry)
  const manifest = await registry.getManifest(ref)
  if (raw) {
    host.print(manifest.bytes)
    return
  }
  const common = { name, mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.length }
  if (manifest.parsed.kind === 'index') {
    host.print(formatInspect({ ...common, manifests: manifest.parsed.index.manifests }))
    await printReferrers(host, registry, {
      registry: ref.registry,
      repository: ref.repository,
      digest: manifest.digest
    })
    return
  }
  const config = JSON.parse(
    (await registry.readBlob(ref, manifest.parsed.manifest.config.digest)).toString('utf8')
  ) as ImageConfig
  host.print(formatInspect({ ...common, config }))
  await printReferrers(host, registry, {
    registry: ref.registry,
    repository: ref.repository,
    digest: manifest.digest
  })
}

/** The referrers of what the reference points to (the real client only: it has the referrers API). */
async function printReferrers(
  host: Host,
  registry: ImageSource,
  subject: { registry: string; repository: string; digest: string }
): Promise<void> {
  if (!(registry instanceof RegistryClient)) return
  const repo = { registry: subject.registry, repository: subject.repository }
  const listed = await registry.referrers.list(repo, subject.digest)
  host.print(formatReferrers(listed.via, listed.referrers))
}
