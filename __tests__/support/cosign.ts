/**
 * Real cosign, as the bench extracted it: key pairs in its encrypted format, and `verify-attestation` of
 * what the product stored, so attestation tests check our bytes with the tool users will run.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { VSA_PREDICATE_TYPE } from '../../src/attest/statement.js'
import { bench, type BenchRegistry } from './bench.js'

const exec = promisify(execFile)

export interface CosignKeyPair {
  /** cosign.key, encrypted under the password it was made with. */
  key: string
  pub: string
}

/** The bench's cosign; a missing one is a failure naming the fix, never a skip. */
export function cosignPath(): string {
  const found = bench().tools?.cosign?.path
  if (!found) throw new Error('bench.json has no tools.cosign: run `npm run bench:up` (it extracts cosign)')
  return found
}

/** A new key pair made by `cosign generate-key-pair` under `password`, in a fresh temp folder. */
export async function cosignKeyPair(password: string, prefix: string): Promise<CosignKeyPair> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix))
  await exec(cosignPath(), ['generate-key-pair'], {
    cwd: dir,
    env: { ...process.env, COSIGN_PASSWORD: password }
  })
  return { key: path.join(dir, 'cosign.key'), pub: path.join(dir, 'cosign.pub') }
}

/**
 * `cosign verify-attestation` of the VSA on `image` (by digest) with the public key `pub`, offline (no
 * transparency log) over plain HTTP, logging in with the registry's test credentials when it has any.
 * Resolves to its stdout (one DSSE envelope a line); rejects when cosign finds no attestation signed by `pub`.
 */
export async function cosignVerifyAttestation(
  image: string,
  pub: string,
  registry: BenchRegistry
): Promise<string> {
  const login = registry.username
    ? ['--registry-username', registry.username, '--registry-password', registry.password ?? '']
    : []
  const { stdout } = await exec(
    cosignPath(),
    [
      'verify-attestation',
      '--key',
      pub,
      '--insecure-ignore-tlog',
      '--allow-http-registry',
      '--type',
      VSA_PREDICATE_TYPE,
      ...login,
      image
    ],
    // Never wait on a confirmation prompt in a test.
    { env: { ...process.env, COSIGN_YES: 'true' } }
  )
  return stdout
}
