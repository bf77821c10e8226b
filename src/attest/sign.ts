/**
 * Signing a statement into what is stored beside the index: a Sigstore bundle (key: DSSE signed here;
 * keyless: @actions/attest with the workflow's OIDC token, Fulcio certificate, transparency log) or the
 * bare statement. The edge of attest/: reads the key file and COSIGN_PASSWORD, calls Sigstore.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { ActionError } from '../errors.js'
import { BUNDLE_MEDIA_TYPE, keyBundle } from './bundle.js'
import { envelope, IN_TOTO_PAYLOAD_TYPE, preAuthEncoding } from './dsse.js'
import { parseSigningKey, signMessage, type SigningKey } from './keys.js'
import type { SigningChoice } from './signing.js'
import type { Statement } from './statement.js'

/** The bytes stored as the referrer's one layer, and its media type (also the referrer's artifactType). */
export interface SignedAttestation {
  mediaType: string
  bytes: Buffer
  signedBy: 'key' | 'keyless' | 'unsigned'
  /** Keyless with GitHub's attestations API: the id it stored the bundle under. */
  githubAttestationId?: string
}

/** What keyless signing takes: @actions/attest's `attest` (tests pass another). */
export type KeylessSign = (options: {
  subjects: { name: string; digest: Record<string, string> }[]
  predicateType: string
  predicate: object
  token: string
  skipWrite: boolean
}) => Promise<{ bundle: unknown; attestationID?: string }>

export interface SignOptions {
  /** Environment for COSIGN_PASSWORD and the OIDC request variables; default process.env. */
  env?: NodeJS.ProcessEnv
  /** Keyless: also store the bundle in GitHub's attestations API (needs `attestations: write`). */
  githubStore?: boolean
  /** Keyless: a GitHub token for the attestations API. */
  githubToken?: string
  keyless?: KeylessSign
}

/** True when the job may ask GitHub for an OIDC token (`permissions: id-token: write`). */
export function hasOidcToken(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
}

/**
 * Keys this process opened, by what opened them (a hash of `attest-key` and the password): the run
 * opens its key when the inputs are checked, before anything is written, and signs with that same key
 * at the end instead of running scrypt (about a second for a cosign key) again after verification.
 */
const opened = new Map<string, Promise<SigningKey>>()

/** `attest-key` as given: PEM text, or a path to read. Opened once per process; a failure is not kept. */
export function loadSigningKey(value: string, env: NodeJS.ProcessEnv = process.env): Promise<SigningKey> {
  const password = env.COSIGN_PASSWORD
  const id = createHash('sha256')
    .update(JSON.stringify([value, password ?? null]))
    .digest('hex')
  const known = opened.get(id)
  if (known) return known
  const opening = openSigningKey(value, password)
  opened.set(id, opening)
  opening.catch(() => opened.delete(id))
  return opening
}

async function openSigningKey(value: string, password: string | undefined): Promise<SigningKey> {
  let text = value
  if (!value.includes('-----BEGIN')) {
    try {
      text = await readFile(value, 'utf8')
    } catch (error) {
      throw new ActionError('invalid-input', `\`attest-key\` names ${value}, which cannot be read`, {
        hint: 'give the path of cosign.key in the workspace, or its PEM text from a secret',
        cause: error
      })
    }
  }
  return parseSigningKey(text, password)
}

/** DSSE over the statement's exact JSON bytes, signed with the key, in a bundle v0.3. */
export function signWithKey(statement: Statement, key: SigningKey): SignedAttestation {
  const body = Buffer.from(JSON.stringify(statement), 'utf8')
  const signature = signMessage(key, preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, body))
  const bundle = keyBundle(envelope(IN_TOTO_PAYLOAD_TYPE, body, signature))
  return { mediaType: BUNDLE_MEDIA_TYPE, bytes: Buffer.from(JSON.stringify(bundle), 'utf8'), signedBy: 'key' }
}

export function unsignedAttestation(statement: Statement): SignedAttestation {
  return {
    mediaType: IN_TOTO_PAYLOAD_TYPE,
    bytes: Buffer.from(JSON.stringify(statement), 'utf8'),
    signedBy: 'unsigned'
  }
}

/** Signs as chosen; undefined for `none`. */
export async function signStatement(
  statement: Statement,
  choice: SigningChoice,
  options: SignOptions = {}
): Promise<SignedAttestation | undefined> {
  const env = options.env ?? process.env
  switch (choice.kind) {
    case 'none':
      return undefined
    case 'unsigned':
      return unsignedAttestation(statement)
    case 'key':
      return signWithKey(statement, await loadSigningKey(choice.key, env))
    case 'keyless':
      return signKeyless(statement, env, options)
  }
}

async function signKeyless(
  statement: Statement,
  env: NodeJS.ProcessEnv,
  options: SignOptions
): Promise<SignedAttestation> {
  if (!hasOidcToken(env))
    throw new ActionError(
      'environment',
      'keyless attestation needs an OIDC token, and this job has none (`permissions: id-token: write`)',
      {
        hint: 'add `permissions: id-token: write` to the job, or give `attest-key`'
      }
    )
  const store = options.githubStore === true
  if (store && !options.githubToken)
    throw new ActionError('invalid-input', 'storing the attestation in GitHub needs a token', {
      hint: 'set `github-token` (with `permissions: attestations: write`)'
    })
  const keyless = options.keyless ?? (await import('@actions/attest')).attest
  try {
    // @actions/attest makes the same Statement v1 from subject, type and predicate, and signs its JSON.
    const result = await keyless({
      subjects: statement.subject,
      predicateType: statement.predicateType,
      predicate: statement.predicate,
      token: options.githubToken ?? '',
      skipWrite: !store
    })
    return {
      mediaType: BUNDLE_MEDIA_TYPE,
      bytes: Buffer.from(JSON.stringify(result.bundle), 'utf8'),
      signedBy: 'keyless',
      ...(result.attestationID ? { githubAttestationId: result.attestationID } : {})
    }
  } catch (error) {
    throw new ActionError(
      'environment',
      `keyless signing failed: ${(error as Error).message.split('\n')[0] ?? ''}`,
      {
        hint: 'check that the job has `permissions: id-token: write` (and `attestations: write` to store in GitHub); or give `attest-key`',
        cause: error
      }
    )
  }
}
