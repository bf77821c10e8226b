/**
 * cosign key files: an encrypted key made by real cosign 3.1.1 (`cosign generate-key-pair`, scrypt +
 * secretbox) opens with its password, and what it signs verifies as cosign's own signatures do; plain
 * PKCS#8 P-256 keys; every wrong key is refused in one line naming `attest-key`.
 */
import { beforeAll, describe, expect, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { parseSigningKey, signMessage, verifyMessage, type SigningKey } from '../../src/attest/keys.js'
import { loadSigningKey } from '../../src/attest/sign.js'

/** Made by `COSIGN_PASSWORD=unit-test-password cosign generate-key-pair` (cosign 3.1.1); a test key, nothing else. */
const COSIGN_KEY = `-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----
eyJrZGYiOnsibmFtZSI6InNjcnlwdCIsInBhcmFtcyI6eyJOIjo2NTUzNiwiciI6
OCwicCI6MX0sInNhbHQiOiJrTnp1OERHTUY0aWJUZGpWVHdnNFZmYUpscCt3OTVW
bk1JUzVHSzZsa0hVPSJ9LCJjaXBoZXIiOnsibmFtZSI6Im5hY2wvc2VjcmV0Ym94
Iiwibm9uY2UiOiJrVGNHUktxSVVLUE5CczBvdi8vb2hVODVwY2lMMnRaRiJ9LCJj
aXBoZXJ0ZXh0IjoiblZBN1JDUlBSSHFZU2ZqM2lJV0lSS3MwWnIyWmJsQytNNit0
OEdrU3VvamR0aTkrYnhnbGhWZ3FZTm0rQzhvU2hPODZYQmFuMHg4Y2Foa2RzOGdK
SGVFb1RVTlE5K1RXbHFpTUdWRHl3aUpnVkFzdlZjVGpvY1krN3VXTmh5NXBJYThP
MDlPVnE1TTg4WkFjeG5Zd0xEOGFhK1NNbzZ6dVVJd2NpNFpieGlQaDJ3MW85RlVM
UnJYWWpUQmtYMHF6ckNPUHFhYzkwd3Q5TVE9PSJ9
-----END ENCRYPTED SIGSTORE PRIVATE KEY-----
`
const COSIGN_PUB = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEm9VX7J0Hz+yOkGYkagpzRWtQKUcE
Uhfp/KgOVUFNZpWyW+t9Z+JLF1Rogv29Bu77TV6w83LI6W1MA+HOloYzeQ==
-----END PUBLIC KEY-----
`
const PASSWORD = 'unit-test-password'
/** `cosign sign-blob --key cosign.key` over BLOB (ECDSA P-256 / SHA-256, DER, base64). */
const BLOB = Buffer.from('multiarch-publish unit test\n')
const COSIGN_BLOB_SIGNATURE =
  'MEYCIQCpweFOyn3UWwkJMAf5acl8dgEafjal3xt0biXeg0c3FQIhAJujfVgSOMLAqgHbHuBMW1mfoVcE/ZPCq6N+/GPibxtD'

describe('parseSigningKey', () => {
  // scrypt at cosign's parameters takes about a second: the key is opened once.
  let key: SigningKey
  beforeAll(async () => {
    key = await parseSigningKey(COSIGN_KEY, PASSWORD)
  })

  test("opens cosign's encrypted key and derives cosign's public key", () => {
    expect(key.publicKeyPem).toBe(COSIGN_PUB)
  })

  test('signs what the public key verifies, and verifies what cosign signed with it', () => {
    const message = Buffer.from('payload')
    expect(verifyMessage(COSIGN_PUB, message, signMessage(key, message))).toBe(true)
    expect(verifyMessage(COSIGN_PUB, BLOB, Buffer.from(COSIGN_BLOB_SIGNATURE, 'base64'))).toBe(true)
    expect(verifyMessage(COSIGN_PUB, Buffer.from('other'), signMessage(key, message))).toBe(false)
  })

  test('reads a PEM PKCS#8 EC P-256 key', async () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const parsed = await parseSigningKey(pem, undefined)
    expect(parsed.publicKeyPem).toBe(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString())
  })

  const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString()
  const ed25519 = generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString()
  test.each([
    ['a wrong password', COSIGN_KEY, 'wrong', /cannot be decrypted with COSIGN_PASSWORD/],
    ['no password for an encrypted key', COSIGN_KEY, undefined, /COSIGN_PASSWORD is not set/],
    ['a public key', COSIGN_PUB, undefined, /PEM "PUBLIC KEY"/],
    ['not PEM', 'cosign.key', undefined, /not a PEM private key/],
    ['a P-384 key', p384, undefined, /secp384r1, not EC P-256/],
    ['an Ed25519 key', ed25519, undefined, /ed25519, not EC P-256/]
  ])('refuses %s, naming attest-key', async (_name, text, password, message) => {
    const error = await parseSigningKey(text, password).catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'invalid-input', message: expect.stringMatching(message) })
    expect((error as Error).message).toMatch(/^`attest-key`/)
  })
})

describe('loadSigningKey', () => {
  test('opens a key once per process: the check before the first write and the signing at the end share it', async () => {
    const env = { COSIGN_PASSWORD: PASSWORD }
    const first = loadSigningKey(COSIGN_KEY, env)
    const again = loadSigningKey(COSIGN_KEY, { ...env })
    expect(again).toBe(first)
    expect((await again).publicKeyPem).toBe(COSIGN_PUB)
    expect(await loadSigningKey(COSIGN_KEY, env)).toBe(await first)
  })

  test('another password is another opening: a wrong one is refused naming attest-key', async () => {
    await expect(loadSigningKey(COSIGN_KEY, { COSIGN_PASSWORD: 'not-the-password' })).rejects.toThrow(
      /attest-key/
    )
  })
})
