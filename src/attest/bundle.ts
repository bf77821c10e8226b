/**
 * Sigstore bundles v0.3 (sigstore/protobuf-specs, bundle.proto) holding a DSSE envelope: the one a key
 * signature goes in, and reading any bundle back (key or Fulcio certificate). Pure.
 */
import { ActionError } from '../errors.js'
import type { DsseEnvelope } from './dsse.js'

export const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json'

export type VerificationMaterial =
  | { publicKey: { hint: string }; tlogEntries?: unknown[] }
  | { certificate: { rawBytes: string }; tlogEntries?: unknown[]; timestampVerificationData?: unknown }
  | { x509CertificateChain: { certificates: { rawBytes: string }[] }; tlogEntries?: unknown[] }

export interface Bundle {
  mediaType: string
  verificationMaterial: VerificationMaterial
  dsseEnvelope: DsseEnvelope
}

/**
 * A bundle for a key signature. `hint` and the signature's `keyid` stay empty: sigstore-go skips a
 * signature whose keyid is not the key's own fingerprint, and an empty one matches any key it is given.
 */
export function keyBundle(dsse: DsseEnvelope): Bundle {
  return {
    mediaType: BUNDLE_MEDIA_TYPE,
    verificationMaterial: { publicKey: { hint: '' }, tlogEntries: [] },
    dsseEnvelope: dsse
  }
}

/** What signed a bundle: a key (given by the verifier) or a certificate (DER bytes). */
export type Signer = { kind: 'key' } | { kind: 'certificate'; der: Buffer }

export interface ReadBundle {
  bundle: Bundle
  signer: Signer
  /** The envelope's payload bytes (base64-decoded). */
  payload: Buffer
}

/** Parses bundle bytes into the envelope and what signed it; throws on anything else. */
export function readBundle(bytes: Uint8Array, what: string): ReadBundle {
  let json: unknown
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'))
  } catch {
    throw invalid(what, 'not JSON')
  }
  const b = json as Partial<Bundle> | null
  if (typeof b !== 'object' || b === null) throw invalid(what, 'not an object')
  if (typeof b.mediaType !== 'string' || !b.mediaType.startsWith('application/vnd.dev.sigstore.bundle'))
    throw invalid(what, 'no Sigstore bundle media type')
  const env = b.dsseEnvelope
  if (
    !env ||
    typeof env.payload !== 'string' ||
    typeof env.payloadType !== 'string' ||
    !Array.isArray(env.signatures) ||
    !env.signatures.every((s) => typeof (s as { sig?: unknown }).sig === 'string')
  )
    throw invalid(what, 'no DSSE envelope')
  const material = b.verificationMaterial as Record<string, unknown> | undefined
  let signer: Signer
  if (material && 'publicKey' in material) signer = { kind: 'key' }
  else if (
    material &&
    typeof (material.certificate as { rawBytes?: unknown } | undefined)?.rawBytes === 'string'
  )
    signer = {
      kind: 'certificate',
      der: Buffer.from((material.certificate as { rawBytes: string }).rawBytes, 'base64')
    }
  else if (
    material &&
    Array.isArray((material.x509CertificateChain as { certificates?: unknown } | undefined)?.certificates)
  ) {
    const first = (material.x509CertificateChain as { certificates: { rawBytes?: unknown }[] })
      .certificates[0]
    if (typeof first?.rawBytes !== 'string') throw invalid(what, 'an empty certificate chain')
    signer = { kind: 'certificate', der: Buffer.from(first.rawBytes, 'base64') }
  } else throw invalid(what, 'no verification material')
  return { bundle: b as Bundle, signer, payload: Buffer.from(env.payload, 'base64') }
}

function invalid(what: string, problem: string): ActionError {
  return new ActionError('registry', `${what} is not a Sigstore bundle: ${problem}`, {
    hint: 'the referrer was not written by this action or cosign; ignore or remove it'
  })
}
