/**
 * The release gate over stored attestations (pure): which one vouches for a digest — signed by the given
 * key (or carrying the given workflow identity), about this subject, PASSED, under a policy that covers
 * the required platforms — and, for forward-only, the newest valid one's revision.
 *
 * Checked offline: the DSSE signature over the PAE (with the given key, or with the certificate's key),
 * the statement's subject and predicate, the certificate's SAN and OIDC issuer. NOT checked offline: that
 * a keyless certificate chains to Sigstore's Fulcio root, that it was valid when it signed, and its
 * transparency-log (Rekor) or timestamp proofs — those need Sigstore's trusted root; use
 * `gh attestation verify` or `cosign verify-attestation` for them. A key signature needs none of it.
 */
import { X509Certificate } from 'node:crypto'
import type { Platform } from '../oci/types.js'
import { matchesStrict, parsePlatform, platformIdentity } from '../platform/index.js'
import { readBundle, type ReadBundle } from './bundle.js'
import { IN_TOTO_PAYLOAD_TYPE, preAuthEncoding } from './dsse.js'
import { verifyMessage } from './keys.js'
import { DETAIL_FIELD, STATEMENT_TYPE, VSA_PREDICATE_TYPE, type Statement } from './statement.js'

/** Who must have signed: a key (PEM SPKI), or a keyless certificate naming this workflow identity. */
export type Trust =
  | { kind: 'key'; publicKeyPem: string }
  | {
      kind: 'identity'
      /** The certificate's SAN URI, e.g. https://github.com/o/r/.github/workflows/release.yml@refs/heads/main. */
      identity: string | RegExp
      /** The OIDC issuer, e.g. https://token.actions.githubusercontent.com; absent: any. */
      issuer?: string
    }

export type GateFailure = 'none-found' | 'wrong-signer' | 'subject-mismatch' | 'failed' | 'policy-too-narrow'

/** One stored attestation as read from the registry (digest-checked there). */
export interface Candidate {
  /** The referrer manifest's digest. */
  digest: string
  /** The layer's media type: a Sigstore bundle, or the bare in-toto statement. */
  mediaType: string
  bytes: Buffer
}

export interface Requirement {
  subject: { registry: string; repository: string; digest: string }
  trust: Trust
  /** Platforms the attested policy must have required; empty: any policy. */
  platforms: readonly Platform[]
}

export interface Accepted {
  digest: string
  statement: Statement
  timeVerified: string
  revision: string | null
  signedBy: 'key' | 'certificate'
}

export type GateVerdict =
  | { ok: true; attestation: Accepted; notChecked: string[] }
  | { ok: false; reason: GateFailure; message: string }

/** What the offline check of a keyless certificate leaves out; the modes print it with a keyless pass. */
export const KEYLESS_NOT_CHECKED = [
  "the certificate's chain to Sigstore's Fulcio root",
  'its validity when it signed',
  'its transparency-log and timestamp proofs'
]

/** How far a candidate got: the furthest failure is the one a person is told about. */
const STAGES: readonly GateFailure[] = ['wrong-signer', 'subject-mismatch', 'failed', 'policy-too-narrow']

interface Judged {
  digest: string
  failure?: { reason: GateFailure; detail: string }
  accepted?: Accepted
}

/** The newest attestation that passes every check, or the reason none does (naming the furthest a candidate got). */
export function gate(candidates: readonly Candidate[], requirement: Requirement): GateVerdict {
  const what = `${requirement.subject.registry}/${requirement.subject.repository}@${requirement.subject.digest}`
  if (candidates.length === 0)
    return {
      ok: false,
      reason: 'none-found',
      message: `no attestation found for ${what} — publish it with \`attest\` on, or re-verify with the layers`
    }
  const judged = candidates.map((c) => judge(c, requirement))
  const passed = newest(judged.flatMap((j) => (j.accepted ? [j.accepted] : [])))
  if (passed)
    return {
      ok: true,
      attestation: passed,
      notChecked: passed.signedBy === 'certificate' ? KEYLESS_NOT_CHECKED : []
    }
  const furthest = judged
    .flatMap((j) => (j.failure ? [{ ...j.failure, digest: j.digest }] : []))
    .sort((a, b) => STAGES.indexOf(b.reason) - STAGES.indexOf(a.reason))[0]
  const reason = furthest?.reason ?? 'none-found'
  return {
    ok: false,
    reason,
    message: `${candidates.length} attestation(s) for ${what}, none accepted: ${reason} — ${furthest?.detail ?? ''} (${furthest?.digest.slice(0, 19) ?? ''})`
  }
}

/**
 * The revision (and when it was verified) from the newest attestation that is signed as trusted and
 * about this subject, whatever its result: forward-only reads it when the index cannot say.
 */
export function newestRevision(
  candidates: readonly Candidate[],
  requirement: Omit<Requirement, 'platforms'>
): { revision: string; digest: string; timeVerified: string } | undefined {
  const valid = candidates.flatMap((c) => {
    const signed = signedStatement(c, requirement.trust)
    if (!signed.ok || subjectProblem(signed.statement, requirement.subject)) return []
    return [accepted(c.digest, signed.statement, signed.signedBy)]
  })
  const best = newest(valid.filter((a) => a.revision !== null))
  return best?.revision
    ? { revision: best.revision, digest: best.digest, timeVerified: best.timeVerified }
    : undefined
}

function newest(accepted: Accepted[]): Accepted | undefined {
  return [...accepted].sort((a, b) => Date.parse(b.timeVerified) - Date.parse(a.timeVerified))[0]
}

function judge(candidate: Candidate, requirement: Requirement): Judged {
  const fail = (reason: GateFailure, detail: string): Judged => ({
    digest: candidate.digest,
    failure: { reason, detail }
  })
  const signed = signedStatement(candidate, requirement.trust)
  if (!signed.ok) return fail('wrong-signer', signed.detail)
  const statement = signed.statement
  const mismatch = subjectProblem(statement, requirement.subject)
  if (mismatch) return fail('subject-mismatch', mismatch)
  const predicate = statement.predicate
  if (predicate.verificationResult !== 'PASSED')
    return fail('failed', `the verification it records is ${predicate.verificationResult}`)
  const policyPlatforms = predicate[DETAIL_FIELD].policy.platforms
  const missing = requirement.platforms.filter(
    (want) => !policyPlatforms.some((have) => samePlatform(want, have))
  )
  if (missing.length > 0)
    return fail(
      'policy-too-narrow',
      `its policy required ${policyPlatforms.join(', ') || 'no platform'}, not ${missing.map(platformIdentity).join(', ')}`
    )
  return { digest: candidate.digest, accepted: accepted(candidate.digest, statement, signed.signedBy) }
}

/** Why the statement is not about this repository's digest, or undefined when it is. */
function subjectProblem(statement: Statement, subject: Requirement['subject']): string | undefined {
  const { algorithm, hex } = splitDigest(subject.digest)
  const name = `${subject.registry}/${subject.repository}`
  const about = statement.subject.find((s) => s.digest[algorithm] === hex)
  if (!about) return `the statement is about ${describeSubjects(statement)}, not ${subject.digest}`
  if (about.name !== name) return `the statement names ${about.name}, not ${name}`
  return undefined
}

function accepted(digest: string, statement: Statement, signedBy: Accepted['signedBy']): Accepted {
  return {
    digest,
    statement,
    timeVerified: statement.predicate.timeVerified,
    revision: statement.predicate[DETAIL_FIELD].source.revision,
    signedBy
  }
}

function samePlatform(want: Platform, have: string): boolean {
  try {
    return matchesStrict(want, parsePlatform(have))
  } catch {
    return false
  }
}

type Signed =
  { ok: true; statement: Statement; signedBy: Accepted['signedBy'] } | { ok: false; detail: string }

/** The statement, if the candidate is a bundle whose DSSE signature the trusted signer made. */
function signedStatement(candidate: Candidate, trust: Trust): Signed {
  if (!candidate.mediaType.startsWith('application/vnd.dev.sigstore.bundle'))
    return { ok: false, detail: `it is not signed (${candidate.mediaType})` }
  let read: ReadBundle
  try {
    read = readBundle(candidate.bytes, `attestation ${candidate.digest}`)
  } catch (error) {
    return { ok: false, detail: (error as Error).message }
  }
  const envelope = read.bundle.dsseEnvelope
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE)
    return { ok: false, detail: `its payload is ${envelope.payloadType}, not an in-toto statement` }
  const pae = preAuthEncoding(envelope.payloadType, read.payload)
  const signatures = envelope.signatures.map((s) => Buffer.from(s.sig, 'base64'))
  let signedBy: Accepted['signedBy']
  if (trust.kind === 'key') {
    if (read.signer.kind !== 'key')
      return { ok: false, detail: 'it is signed keyless, not with the given key' }
    if (!signatures.some((sig) => verifyMessage(trust.publicKeyPem, pae, sig)))
      return { ok: false, detail: 'its signature does not verify with the given key' }
    signedBy = 'key'
  } else {
    if (read.signer.kind !== 'certificate')
      return { ok: false, detail: 'it is signed with a key, not keyless' }
    const problem = certificateProblem(read.signer.der, pae, signatures, trust)
    if (problem) return { ok: false, detail: problem }
    signedBy = 'certificate'
  }
  const statement = parseStatement(read.payload)
  if (typeof statement === 'string') return { ok: false, detail: statement }
  return { ok: true, statement, signedBy }
}

function certificateProblem(
  der: Buffer,
  pae: Buffer,
  signatures: Buffer[],
  trust: Extract<Trust, { kind: 'identity' }>
): string | undefined {
  let certificate: X509Certificate
  try {
    certificate = new X509Certificate(der)
  } catch {
    return 'its certificate cannot be read'
  }
  if (!signatures.some((sig) => verifyMessage(certificate.publicKey, pae, sig)))
    return "its signature does not verify with its certificate's key"
  const uris = (certificate.subjectAltName ?? '')
    .split(/,\s*/)
    .filter((s) => s.startsWith('URI:'))
    .map((s) => s.slice(4))
  const matches = (uri: string): boolean =>
    typeof trust.identity === 'string' ? uri === trust.identity : trust.identity.test(uri)
  if (!uris.some(matches))
    return `its certificate names ${uris.join(', ') || 'no URI'}, not ${String(trust.identity)}`
  if (trust.issuer !== undefined) {
    const issuer = oidcIssuer(der)
    if (issuer !== trust.issuer)
      return `its certificate's OIDC issuer is ${issuer ?? 'absent'}, not ${trust.issuer}`
  }
  return undefined
}

/** Fulcio's OIDC issuer extension: 1.3.6.1.4.1.57264.1.8 (a DER UTF8String), else the older .1.1 (raw). */
export function oidcIssuer(der: Buffer): string | undefined {
  const oid = (last: number): Buffer =>
    Buffer.from([0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0xbf, 0x30, 0x01, last])
  const value = (last: number): Buffer | undefined => {
    const at = der.indexOf(oid(last))
    if (at < 0) return undefined
    let i = at + 12
    if (der[i] === 0x01) i += 3 // critical BOOLEAN
    if (der[i] !== 0x04) return undefined
    const [length, start] = derLength(der, i + 1)
    return der.subarray(start, start + length)
  }
  const v2 = value(8)
  if (v2 && v2[0] === 0x0c) {
    const [length, start] = derLength(v2, 1)
    return v2.subarray(start, start + length).toString('utf8')
  }
  return value(1)?.toString('utf8')
}

function derLength(bytes: Buffer, at: number): [number, number] {
  const first = bytes[at] ?? 0
  if (first < 0x80) return [first, at + 1]
  const count = first & 0x7f
  let length = 0
  for (let i = 1; i <= count; i++) length = length * 256 + (bytes[at + i] ?? 0)
  return [length, at + 1 + count]
}

/** The statement from payload bytes, or why it is not one of ours. */
export function parseStatement(payload: Buffer): Statement | string {
  let json: unknown
  try {
    json = JSON.parse(payload.toString('utf8'))
  } catch {
    return 'its payload is not JSON'
  }
  const s = json as Partial<Statement> | null
  if (!s || s._type !== STATEMENT_TYPE) return 'its payload is not an in-toto Statement v1'
  if (s.predicateType !== VSA_PREDICATE_TYPE) return `its predicate is ${String(s.predicateType)}`
  if (!Array.isArray(s.subject) || typeof s.predicate !== 'object')
    return 'its statement has no subject or predicate'
  const detail = (
    s.predicate as Partial<Record<typeof DETAIL_FIELD, Partial<Statement['predicate'][typeof DETAIL_FIELD]>>>
  )[DETAIL_FIELD]
  if (!detail || !Array.isArray(detail.policy?.platforms) || typeof detail.source !== 'object')
    return 'its predicate has no multiarch-publish detail'
  return s as Statement
}

function splitDigest(digest: string): { algorithm: string; hex: string } {
  const colon = digest.indexOf(':')
  return { algorithm: digest.slice(0, colon), hex: digest.slice(colon + 1) }
}

function describeSubjects(statement: Statement): string {
  return (
    statement.subject
      .map(
        (s) =>
          `${s.name}@${Object.entries(s.digest)
            .map(([a, h]) => `${a}:${h}`)
            .join(',')}`
      )
      .join(' ') || 'nothing'
  )
}
