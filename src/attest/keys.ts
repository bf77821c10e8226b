/**
 * cosign's key files: a PEM PKCS#8 (or SEC1) EC P-256 private key, or cosign's encrypted one
 * ("ENCRYPTED SIGSTORE PRIVATE KEY" / "ENCRYPTED COSIGN PRIVATE KEY": JSON of scrypt parameters and a
 * NaCl secretbox over the PKCS#8 DER, as go-securesystemslib's encrypted package writes it). Signs with
 * ECDSA P-256 / SHA-256 (ASN.1 DER signatures), what `cosign verify --key` checks. No I/O: the caller
 * reads the file and the password.
 */
import { createPrivateKey, createPublicKey, scrypt, sign, verify, type KeyObject } from 'node:crypto'
import { secretbox } from '@noble/ciphers/salsa.js'
import { ActionError } from '../errors.js'

export interface SigningKey {
  privateKey: KeyObject
  /** SubjectPublicKeyInfo PEM, as `cosign public-key` prints it. */
  publicKeyPem: string
}

const ENCRYPTED_TYPES = ['ENCRYPTED SIGSTORE PRIVATE KEY', 'ENCRYPTED COSIGN PRIVATE KEY']
/** The scrypt parameters go-securesystemslib accepts (legacy, standard, OWASP); anything else is refused. */
const SCRYPT_PARAMS = [32768, 65536, 131072].map((N) => ({ N, r: 8, p: 1 }))
const INPUT = 'attest-key'

interface PemBlock {
  type: string
  body: Buffer
}

function pemBlock(text: string): PemBlock | undefined {
  const match = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text)
  if (!match?.[1] || match[2] === undefined) return undefined
  return { type: match[1], body: Buffer.from(match[2].replace(/\s+/g, ''), 'base64') }
}

/** Parses a cosign private key; an encrypted one needs `password` (COSIGN_PASSWORD; cosign allows an empty one). */
export async function parseSigningKey(text: string, password: string | undefined): Promise<SigningKey> {
  const block = pemBlock(text)
  if (!block) throw badKey('is not a PEM private key', 'give a cosign.key file or a PEM PKCS#8 EC P-256 key')
  let privateKey: KeyObject
  if (ENCRYPTED_TYPES.includes(block.type)) {
    if (password === undefined)
      throw badKey(
        'is encrypted and COSIGN_PASSWORD is not set',
        'set COSIGN_PASSWORD in the step env from a secret'
      )
    privateKey = createPrivateKey({
      key: await decryptCosignKey(block.body, password),
      format: 'der',
      type: 'pkcs8'
    })
  } else if (block.type === 'PRIVATE KEY' || block.type === 'EC PRIVATE KEY') {
    try {
      privateKey = createPrivateKey(text)
    } catch (error) {
      throw badKey(`cannot be read (${(error as Error).message})`, 'give a PEM PKCS#8 EC P-256 key', error)
    }
  } else {
    throw badKey(`is a PEM "${block.type}"`, 'give a private key: cosign.key or a PEM PKCS#8 EC P-256 key')
  }
  const curve = privateKey.asymmetricKeyDetails?.namedCurve
  if (privateKey.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
    throw badKey(
      `is ${privateKey.asymmetricKeyType ?? 'unknown'}${curve ? ` ${curve}` : ''}, not EC P-256`,
      'generate one with `cosign generate-key-pair` (ECDSA P-256)'
    )
  }
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString()
  return { privateKey, publicKeyPem }
}

interface EncryptedKey {
  kdf: { name: string; params: { N: number; r: number; p: number }; salt: string }
  cipher: { name: string; nonce: string }
  ciphertext: string
}

function isEncryptedKey(value: unknown): value is EncryptedKey {
  const v = value as Partial<EncryptedKey> | null
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.ciphertext === 'string' &&
    typeof v.kdf?.salt === 'string' &&
    typeof v.kdf.params === 'object' &&
    typeof v.cipher?.nonce === 'string'
  )
}

async function decryptCosignKey(body: Buffer, password: string): Promise<Buffer> {
  let data: unknown
  try {
    data = JSON.parse(body.toString('utf8'))
  } catch {
    data = undefined
  }
  if (!isEncryptedKey(data))
    throw badKey('is not a cosign encrypted key', 'give the cosign.key file as written')
  if (data.kdf.name !== 'scrypt' || data.cipher.name !== 'nacl/secretbox')
    throw badKey(`uses ${data.kdf.name} and ${data.cipher.name}`, 'cosign keys use scrypt and nacl/secretbox')
  const { N, r, p } = data.kdf.params
  if (!SCRYPT_PARAMS.some((known) => known.N === N && known.r === r && known.p === p))
    throw badKey(`has unsupported scrypt parameters N=${N} r=${r} p=${p}`, 'write the key again with cosign')
  const key = await new Promise<Buffer>((resolve, reject) => {
    scrypt(
      password,
      Buffer.from(data.kdf.salt, 'base64'),
      32,
      { N, r, p, maxmem: 256 * N * r },
      (error, derived) => {
        if (error) reject(error)
        else resolve(derived)
      }
    )
  })
  try {
    return Buffer.from(
      secretbox(key, Buffer.from(data.cipher.nonce, 'base64')).open(Buffer.from(data.ciphertext, 'base64'))
    )
  } catch (error) {
    throw badKey(
      'cannot be decrypted with COSIGN_PASSWORD',
      'set COSIGN_PASSWORD to the password the key was made with',
      error
    )
  }
}

/** ECDSA P-256 / SHA-256 over `message`, DER-encoded (what cosign and sigstore-go verify). */
export function signMessage(key: SigningKey, message: Uint8Array): Buffer {
  return sign('sha256', message, key.privateKey)
}

/** Checks an ECDSA / SHA-256 DER signature with a public key (PEM SPKI or KeyObject). */
export function verifyMessage(
  publicKey: string | KeyObject,
  message: Uint8Array,
  signature: Uint8Array
): boolean {
  try {
    return verify('sha256', message, publicKey, signature)
  } catch {
    return false
  }
}

function badKey(problem: string, hint: string, cause?: unknown): ActionError {
  return new ActionError('invalid-input', `\`${INPUT}\` ${problem}`, { hint, ...(cause ? { cause } : {}) })
}
