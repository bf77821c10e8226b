/**
 * JSON Canonicalization Scheme (RFC 8785): the one byte string a JSON value has, so a consumer can
 * recompute a digest over it. Object members sorted by their UTF-16 code units (§3.2.3), strings and
 * numbers serialised as ECMAScript's JSON.stringify does (§3.2.2), no whitespace. Pure.
 */
import { ActionError } from '../errors.js'

/** The canonical JSON text of `value`; throws on what JSON cannot hold (NaN, Infinity, undefined, functions). */
export function canonicalJson(value: unknown): string {
  return serialise(value, '$')
}

function serialise(value: unknown, at: string): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    // RFC 8785 §3.2.2.3: ECMAScript's Number serialisation, and no NaN or Infinity.
    if (!Number.isFinite(value)) throw notJson(at, String(value))
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) return `[${value.map((item, i) => serialise(item, `${at}[${i}]`)).join(',')}]`
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>
    // Array.prototype.sort compares strings by UTF-16 code units, the order §3.2.3 asks for.
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
    return `{${keys.map((key) => `${JSON.stringify(key)}:${serialise(record[key], `${at}.${key}`)}`).join(',')}}`
  }
  throw notJson(at, typeof value)
}

function notJson(at: string, what: string): ActionError {
  return new ActionError('invalid-input', `cannot canonicalise ${at}: ${what} is not a JSON value`, {
    hint: 'this is a bug in the attestation builder; report it'
  })
}
