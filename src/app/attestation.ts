/**
 * The attestation's wiring at the composition root: the signing choice made from the inputs and what the
 * job has (a key, an OIDC token) before anything is written — a bad `attest` input or key fails with
 * nothing written — the bundle files next to the reports, forward-only's trusted signer, and verify mode's
 * gate (reads the attestations, no layer).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { ReferrerStore } from '../attest/attest.js'
import type { Trust } from '../attest/gate.js'
import { hasOidcToken, loadSigningKey, type KeylessSign } from '../attest/sign.js'
import { chooseSigning } from '../attest/signing.js'
import { ActionError } from '../errors.js'
import {
  GITHUB_OIDC_ISSUER,
  parseAttestationRequirement,
  parseAttestInputs,
  type AttestationRequirement
} from '../inputs/attest.js'
import { Inputs } from '../names.js'
import type { AttestationSetup, BundleWriter, GateOutcome } from '../modes/attestation.js'
import { attestedRevisionReader, gateOnAttestation } from '../modes/attestation.js'
import type { Platform } from '../oci/types.js'
import type { ImageReference } from '../reference/reference.js'
import type { ManifestReader } from '../registry/ports.js'
import type { Host } from './host.js'

/** What attesting takes from where the run is: the registry's referrers, the environment, keyless signing. */
export interface AttestationEdges {
  /** The referrers API of the client the run uses for `registry` (undefined: this client has none). */
  referrers?: ReferrerStore
  /** COSIGN_PASSWORD and the OIDC request variables; default process.env. */
  env?: NodeJS.ProcessEnv
  keyless?: KeylessSign
}

export interface PreparedAttestation {
  setup: AttestationSetup
  /** Whose attestations forward-only trusts for a revision (this run's signer); absent: none read. */
  forwardTrust?: Trust
  referrers?: ReferrerStore
}

/**
 * publish and merge: what this run attests with, decided before anything is written. `none` (the default
 * with neither key nor token) gives its one notice.
 */
export async function prepareAttestation(host: Host, edges: AttestationEdges): Promise<PreparedAttestation> {
  const env = edges.env ?? process.env
  const inputs = parseAttestInputs(host.input)
  maskKeyText(host, inputs.key)
  const signing = chooseSigning({ mode: inputs.mode, key: inputs.key, oidc: hasOidcToken(env) })
  if (inputs.github && signing.kind !== 'keyless')
    throw new ActionError('invalid-input', `\`${Inputs.attestGithub}\` stores keyless attestations only`, {
      hint: `drop \`${Inputs.attestGithub}\`, or sign keyless (\`${Inputs.attest}: keyless\` with \`permissions: id-token: write\`)`
    })
  if (signing.kind === 'none') {
    if (signing.notice) host.log.info(signing.notice)
    return { setup: { notice: signing.notice ?? `No attestation written: \`${Inputs.attest}\` is false` } }
  }
  const referrers = edges.referrers
  if (!referrers)
    throw new ActionError('environment', 'this registry client cannot store attestations', {
      hint: `set \`${Inputs.attest}: false\``
    })
  // A key that cannot be read or decrypted fails here, before the first write.
  const forwardTrust: Trust | undefined =
    signing.kind === 'key'
      ? { kind: 'key', publicKeyPem: (await loadSigningKey(signing.key, env)).publicKeyPem }
      : signing.kind === 'keyless'
        ? workflowIdentity(host, env)
        : undefined
  const token = host.input(Inputs.githubToken)
  const setup: AttestationSetup = {
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
  }
  return { setup, referrers, ...(forwardTrust ? { forwardTrust } : {}) }
}

/**
 * verify mode: an attestation only when `attest` asks for one (its default there is off: verify writes
 * nothing unless asked), and only after a full verification — with `require-attestation: true` alone (the
 * gate, no layer read) there is nothing verified to attest. Decided, the key opened, before any request.
 */
export async function prepareVerifyAttestation(
  host: Host,
  edges: AttestationEdges & { gateOnly: boolean }
): Promise<AttestationSetup | undefined> {
  const inputs = parseAttestInputs(host.input)
  const mode = inputs.mode.trim().toLowerCase()
  if (mode === '' || mode === 'false') {
    const stray = inputs.key.trim() !== '' ? Inputs.attestKey : inputs.github ? Inputs.attestGithub : ''
    if (stray !== '')
      throw new ActionError(
        'invalid-input',
        `\`${stray}\` is set but verify mode attests only when \`${Inputs.attest}\` asks`,
        {
          hint: `set \`${Inputs.attest}: key\` (or keyless) to attest the verified image, or drop \`${stray}\``
        }
      )
    return undefined
  }
  if (edges.gateOnly)
    throw new ActionError(
      'invalid-input',
      `\`${Inputs.attest}\` with \`${Inputs.requireAttestation}: true\`: the gate reads no layer, so nothing is verified to attest`,
      {
        hint: `set \`${Inputs.requireAttestation}: reverify\` to verify fully and attest, or drop \`${Inputs.attest}\``
      }
    )
  const { setup } = await prepareAttestation(host, edges)
  if (!('ports' in setup)) return setup
  // The verifying workflow is not where the image was built: no source in the statement.
  const { sourceUri, ...ports } = setup.ports
  return { ports }
}

/** forward-only's reader of attested revisions, when this run has a signer to trust. */
export function forwardReader(
  prepared: PreparedAttestation
):
  | ((subject: { registry: string; repository: string; digest: string }) => Promise<string | undefined>)
  | undefined {
  if (!prepared.forwardTrust || !prepared.referrers) return undefined
  return attestedRevisionReader(prepared.referrers, prepared.forwardTrust)
}

/** Keyless: the certificate of this workflow (GITHUB_WORKFLOW_REF) from GitHub's issuer. */
function workflowIdentity(host: Host, env: NodeJS.ProcessEnv): Trust | undefined {
  const ref = env.GITHUB_WORKFLOW_REF?.trim()
  if (!ref) return undefined
  const server = (host.context.serverUrl || 'https://github.com').replace(/\/+$/, '')
  return { kind: 'identity', identity: `${server}/${ref}`, issuer: GITHUB_OIDC_ISSUER }
}

/** A key given as PEM text (from a secret) is masked line by line, as the log prints it. */
function maskKeyText(host: Host, key: string): void {
  if (!key.includes('-----BEGIN')) return
  host.secret(key)
  for (const line of key.split(/\r?\n/))
    if (line.trim() !== '' && !line.startsWith('-----')) host.secret(line.trim())
}

/** `<dir>/attestation-sha256-<12 hex>.json`, next to the JSON reports. */
export function bundleFiles(dir: string): BundleWriter {
  return {
    async write(digest, bytes) {
      await mkdir(dir, { recursive: true })
      const file = path.join(dir, `attestation-${digest.replace(':', '-').slice(0, 19)}.json`)
      await writeFile(file, bytes)
      return file
    }
  }
}

/** verify mode's requirement, its public key read (path or PEM); read before the registry is asked anything. */
export async function readRequirement(
  host: Host
): Promise<{ kind: 'none' } | { kind: 'required'; reverify: boolean; trust: Trust }> {
  const requirement: AttestationRequirement = parseAttestationRequirement(host.input)
  if (requirement.kind === 'none') return requirement
  const given = requirement.trust
  if (given.kind === 'identity')
    return {
      kind: 'required',
      reverify: requirement.reverify,
      trust: { kind: 'identity', identity: given.identity, issuer: GITHUB_OIDC_ISSUER }
    }
  return {
    kind: 'required',
    reverify: requirement.reverify,
    trust: { kind: 'key', publicKeyPem: await publicKeyText(given.publicKey) }
  }
}

async function publicKeyText(value: string): Promise<string> {
  if (value.includes('-----BEGIN PUBLIC KEY-----')) return value
  try {
    const text = await readFile(value, 'utf8')
    if (text.includes('-----BEGIN PUBLIC KEY-----')) return text
  } catch (error) {
    throw new ActionError(
      'invalid-input',
      `\`${Inputs.attestationPublicKey}\` names ${value}, which cannot be read`,
      {
        hint: 'give the path of cosign.pub in the workspace, or its PEM text',
        cause: error
      }
    )
  }
  throw new ActionError('invalid-input', `\`${Inputs.attestationPublicKey}\` is not a PEM public key`, {
    hint: 'give cosign.pub (-----BEGIN PUBLIC KEY-----), path or text'
  })
}

/** The gate over the image's digest (a tag is read once, by HEAD). */
export async function gateImage(options: {
  registry: ManifestReader
  referrers: ReferrerStore | undefined
  image: ImageReference
  platforms: readonly Platform[]
  trust: Trust
}): Promise<GateOutcome & { subject: string }> {
  const { image } = options
  const digest = image.digest ?? (await options.registry.headManifest(image))?.digest
  if (!digest)
    throw new ActionError(
      'not-found',
      `${image.registry}/${image.repository}:${image.tag ?? ''} does not exist`,
      {
        hint: `check \`${Inputs.image}\``
      }
    )
  if (!options.referrers)
    throw new ActionError('environment', 'this registry client cannot read attestations', {
      hint: `set \`${Inputs.requireAttestation}: false\``
    })
  const subject = { registry: image.registry, repository: image.repository, digest }
  const outcome = await gateOnAttestation(options.referrers, {
    subject,
    trust: options.trust,
    platforms: options.platforms
  })
  return { ...outcome, subject: digest }
}
