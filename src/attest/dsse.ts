/**
 * DSSE (github.com/secure-systems-lab/dsse, protocol.md): what is signed is the pre-authentication encoding
 * of the payload type and body, never the body alone. Pure.
 */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json'

export interface DsseSignature {
  sig: string
  keyid: string
}

export interface DsseEnvelope {
  payload: string
  payloadType: string
  signatures: DsseSignature[]
}

/** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body; LEN in bytes, ASCII decimal. */
export function preAuthEncoding(payloadType: string, body: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8')
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.byteLength} `, 'utf8'),
    type,
    Buffer.from(` ${body.byteLength} `, 'utf8'),
    body
  ])
}

/** An envelope over `body` with one signature; keyid stays empty (see bundle.ts). */
export function envelope(payloadType: string, body: Uint8Array, signature: Uint8Array): DsseEnvelope {
  return {
    payload: Buffer.from(body).toString('base64'),
    payloadType,
    signatures: [{ sig: Buffer.from(signature).toString('base64'), keyid: '' }]
  }
}
