/**
 * Which attestation a run writes, from the `attest` and `attest-key` inputs and what the job has: the
 * default (`auto`) signs with what there is — a key given, else the workflow's OIDC token — and
 * otherwise writes nothing and says so once. Pure.
 */
import { ActionError } from '../errors.js'

export const ATTEST_MODES = ['auto', 'key', 'keyless', 'unsigned', 'false'] as const
export type AttestMode = (typeof ATTEST_MODES)[number]

export type SigningChoice =
  | { kind: 'key'; key: string }
  | { kind: 'keyless' }
  | { kind: 'unsigned' }
  | { kind: 'none'; notice?: string }

export interface SigningContext {
  /** The `attest` input as written ('' = default). */
  mode: string
  /** The `attest-key` input: a path or the PEM text ('' = none). */
  key: string
  /** The job can ask for an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN are set). */
  oidc: boolean
}

const ID_TOKEN_HINT = 'add `permissions: id-token: write` to the job, or give `attest-key`'

export function parseAttestMode(value: string): AttestMode {
  const mode = value.trim() === '' ? 'auto' : value.trim().toLowerCase()
  if ((ATTEST_MODES as readonly string[]).includes(mode)) return mode as AttestMode
  throw new ActionError('invalid-input', `\`attest\` is "${value}"`, {
    hint: `use one of ${ATTEST_MODES.join(', ')}`
  })
}

export function chooseSigning(context: SigningContext): SigningChoice {
  const mode = parseAttestMode(context.mode)
  const key = context.key.trim()
  if (key !== '' && (mode === 'keyless' || mode === 'unsigned' || mode === 'false')) {
    throw new ActionError('invalid-input', `\`attest-key\` is set but \`attest\` is ${mode}`, {
      hint: 'drop `attest-key`, or set `attest: key` (or leave `attest` at auto)'
    })
  }
  switch (mode) {
    case 'false':
      return { kind: 'none' }
    case 'unsigned':
      return { kind: 'unsigned' }
    case 'key':
      if (key === '')
        throw new ActionError('invalid-input', '`attest: key` needs `attest-key`', {
          hint: 'set `attest-key` to the path or PEM text of cosign.key (password in COSIGN_PASSWORD)'
        })
      return { kind: 'key', key }
    case 'keyless':
      if (!context.oidc)
        throw new ActionError(
          'environment',
          '`attest: keyless` needs an OIDC token, and this job has none (`permissions: id-token: write`)',
          {
            hint: ID_TOKEN_HINT
          }
        )
      return { kind: 'keyless' }
    case 'auto':
      if (key !== '') return { kind: 'key', key }
      if (context.oidc) return { kind: 'keyless' }
      return {
        kind: 'none',
        notice:
          'No attestation written: no `attest-key` and no OIDC token — add `permissions: id-token: write` (keyless) or `attest-key`, or set `attest: false` to silence this'
      }
  }
}
