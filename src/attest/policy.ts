/**
 * The effective verification policy an attestation vouches for, and its digest: sha256 over the RFC 8785
 * canonical JSON of exactly this object, so a consumer can rebuild it from the statement's detail and
 * recompute the digest. Pure.
 */
import { createHash } from 'node:crypto'
import type { Platform } from '../oci/types.js'
import { normalizePlatform, platformIdentity } from '../platform/index.js'
import { canonicalJson } from './jcs.js'

/** How a requested platform is matched to an index entry (containerd's rules, equal after normalisation). */
export const MATCHING_RULE = 'containerd-normalized-exact'

export interface EffectivePolicy {
  /** Required platforms, normalised (`linux/arm64/v8` → `linux/arm64`), sorted; empty: none required. */
  platforms: string[]
  /** Platforms in the index but not required are allowed. */
  allowExtra: boolean
  matching: typeof MATCHING_RULE
  /** Whether binaries were judged against their platform's CPU, and which image paths were exempt. */
  binaries: { check: boolean; ignore: string[] }
  /** Which layers were read (`read`: those the binary check opens; `all`: every layer), the per-platform budget in bytes (null: none) and what running out of it meant. */
  layers: { read: 'read' | 'all'; budgetBytes: number | null; budgetExceeded: 'warn' | 'fail' }
  /** The reference whose platforms had to stay covered, when no-regress was on. */
  noRegress: string | null
}

export interface PolicyOptions {
  platforms: readonly Platform[]
  allowExtra: boolean
  checkBinaries: boolean
  ignoreBinaries?: readonly string[]
  verifyLayers?: 'read' | 'all'
  /** Bytes; Infinity or undefined: no budget. */
  readBudget?: number
  budgetExceeded?: 'warn' | 'fail'
  noRegress?: string
}

export function effectivePolicy(options: PolicyOptions): EffectivePolicy {
  const budget = options.readBudget
  return {
    platforms: [...new Set(options.platforms.map((p) => platformIdentity(normalizePlatform(p))))].sort(),
    allowExtra: options.allowExtra,
    matching: MATCHING_RULE,
    binaries: { check: options.checkBinaries, ignore: [...(options.ignoreBinaries ?? [])].sort() },
    layers: {
      read: options.verifyLayers ?? 'read',
      budgetBytes: budget === undefined || !Number.isFinite(budget) ? null : budget,
      budgetExceeded: options.budgetExceeded ?? 'warn'
    },
    noRegress: options.noRegress ?? null
  }
}

/** The hex sha256 of the policy's canonical JSON (RFC 8785). */
export function policyDigest(policy: EffectivePolicy): string {
  return createHash('sha256').update(canonicalJson(policy), 'utf8').digest('hex')
}
