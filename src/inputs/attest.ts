/**
 * The attestation inputs → what to write (publish, merge) and what verify mode requires. Pure: the key
 * files are read by the composition root, the signing choice is made there with what the job has.
 */
import { ActionError } from '../errors.js'
import { Inputs } from '../names.js'
import { parseBoolean, type InputReader } from './values.js'

/** GitHub Actions' OIDC issuer: what a keyless certificate of a workflow names. */
export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com'

/** A tag of the referrers tag schema (`sha256-<hex>`): the fallback index of a digest's referrers, never a user's tag. */
export const REFERRERS_TAG = /^sha256-[0-9a-f]{64}$/

/** publish and merge: the `attest` inputs as written; the choice is made with what the job has (signing.ts). */
export interface AttestInputs {
  mode: string
  key: string
  github: boolean
}

export function parseAttestInputs(read: InputReader): AttestInputs {
  return {
    mode: read(Inputs.attest),
    key: read(Inputs.attestKey),
    github: parseBoolean(Inputs.attestGithub, read(Inputs.attestGithub), false)
  }
}

/** verify mode: which attestation must exist, and whether the image is verified again after it is found. */
export type AttestationRequirement =
  | { kind: 'none' }
  | {
      kind: 'required'
      /** `reverify`: the gate, then the full verification (layers included) as without it. */
      reverify: boolean
      trust: { kind: 'key'; publicKey: string } | { kind: 'identity'; identity: string | RegExp }
    }

const REQUIRE_VALUES = ['false', 'true', 'reverify'] as const

export function parseAttestationRequirement(read: InputReader): AttestationRequirement {
  const raw = read(Inputs.requireAttestation).trim().toLowerCase() || 'false'
  if (!(REQUIRE_VALUES as readonly string[]).includes(raw))
    throw new ActionError('invalid-input', `input \`${Inputs.requireAttestation}\` is "${raw}"`, {
      hint: `set \`${Inputs.requireAttestation}\` to ${REQUIRE_VALUES.join(', ')}`
    })
  const publicKey = read(Inputs.attestationPublicKey).trim()
  const identity = read(Inputs.attestationIdentity).trim()
  if (raw === 'false') {
    const given =
      publicKey !== '' ? Inputs.attestationPublicKey : identity !== '' ? Inputs.attestationIdentity : ''
    if (given !== '')
      throw new ActionError(
        'invalid-input',
        `input \`${given}\` is set but \`${Inputs.requireAttestation}\` is false`,
        {
          hint: `set \`${Inputs.requireAttestation}: true\` to gate on the attestation, or drop \`${given}\``
        }
      )
    return { kind: 'none' }
  }
  if ((publicKey === '') === (identity === ''))
    throw new ActionError(
      'invalid-input',
      `\`${Inputs.requireAttestation}\` needs exactly one of \`${Inputs.attestationPublicKey}\` and \`${Inputs.attestationIdentity}\``,
      {
        hint: `give \`${Inputs.attestationPublicKey}\` (cosign.pub, path or PEM) for key-signed attestations, or \`${Inputs.attestationIdentity}\` (the signing workflow, https://github.com/OWNER/REPO/.github/workflows/FILE@REF, or /a regular expression/) for keyless ones`
      }
    )
  return {
    kind: 'required',
    reverify: raw === 'reverify',
    trust:
      publicKey !== '' ? { kind: 'key', publicKey } : { kind: 'identity', identity: parseIdentity(identity) }
  }
}

/** `/…/` is a regular expression over the certificate's SAN URI (anchored); anything else must equal it. */
function parseIdentity(value: string): string | RegExp {
  const match = /^\/(.+)\/$/.exec(value)
  if (!match?.[1]) return value
  try {
    return new RegExp(`^(?:${match[1]})$`)
  } catch (error) {
    throw new ActionError(
      'invalid-input',
      `input \`${Inputs.attestationIdentity}\` is not a valid regular expression`,
      {
        hint: 'write the workflow identity exactly, or a JavaScript regular expression between slashes',
        cause: error
      }
    )
  }
}

/** A `sha256-<hex>` tag is the referrers fallback index of a digest: refused as a user's tag. */
export function refuseReferrersTags(tags: readonly string[]): string[] {
  const taken = tags.find((tag) => REFERRERS_TAG.test(tag))
  if (taken)
    throw new ActionError(
      'invalid-input',
      `input \`${Inputs.tags}\` has "${taken}", a tag of the referrers tag schema`,
      {
        hint: 'sha256-<hex> tags hold the attestations of that digest; choose another tag'
      }
    )
  return [...tags]
}
