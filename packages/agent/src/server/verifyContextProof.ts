import { createHmac, timingSafeEqual } from 'node:crypto'
import type { ContextProof } from '../bridgeProtocol'

/** The workbench signs a proof when the agent selects a visitor, not again while the chat goes on: allow a working shift. */
export const CONTEXT_PROOF_MAX_AGE_SECONDS = 8 * 60 * 60
/** Clock difference tolerated between the kefu server and the store, for a proof "from the future". */
export const CONTEXT_PROOF_CLOCK_SKEW_SECONDS = 30

/** Why a request's context proof was refused; each becomes a 401 `{ error, message }`. */
export type ContextProofRejection =
  | 'proof_missing'
  | 'proof_malformed'
  | 'proof_expired'
  | 'proof_from_future'
  | 'proof_wrong_company'
  | 'proof_invalid'

export type ContextProofCheck =
  | { readonly ok: true; readonly proof: ContextProof }
  | { readonly ok: false; readonly reason: ContextProofRejection; readonly message: string }

export interface ContextProofOptions {
  /** The store's kefu company: a proof for another company's agent is refused. */
  readonly companyId: string
  readonly nowMs?: number
  readonly maxAgeSeconds?: number
}

const HEX_SIGNATURE = /^[0-9a-f]{64}$/

/** The HMAC kefu puts in a proof: hex HMAC-SHA256(secret as UTF-8, `issuedAt\ncompanyId\nagentId\nvisitorId`). */
export function contextProofSignature(secret: string, proof: Omit<ContextProof, 'signature'>): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`${proof.issuedAt}\n${proof.companyId}\n${proof.agentId}\n${proof.visitorId}`, 'utf8')
    .digest('hex')
}

/**
 * Checks the context proof a plugin page sends with its requests (the kefu server's docs/pluginSignature.md
 * §4): kefu's signed word that an agent of this company has this visitor selected. Only a page shown in
 * the workbench to a signed-in agent can have one, so it is what order lookups require.
 */
export function verifyContextProof(input: unknown, secret: string, options: ContextProofOptions): ContextProofCheck {
  const refuse = (reason: ContextProofRejection, message: string): ContextProofCheck => ({ ok: false, reason, message })
  if (input === undefined || input === null) {
    return refuse('proof_missing', 'no context proof: select a visitor in the kefu workbench first')
  }
  const proof = readProof(input)
  if (!proof) {
    return refuse('proof_malformed', 'the context proof must be {companyId, agentId, visitorId, issuedAt (seconds), signature (64 hex digits)}')
  }
  const nowSeconds = (options.nowMs ?? Date.now()) / 1000
  const maxAge = options.maxAgeSeconds ?? CONTEXT_PROOF_MAX_AGE_SECONDS
  if (proof.issuedAt > nowSeconds + CONTEXT_PROOF_CLOCK_SKEW_SECONDS) {
    return refuse('proof_from_future', 'the context proof is issued in the future: check the clocks of kefu and the store')
  }
  if (nowSeconds - proof.issuedAt > maxAge) {
    return refuse('proof_expired', `the context proof is older than ${maxAge} s: select the visitor again in the workbench`)
  }
  const expected = Buffer.from(contextProofSignature(secret, proof), 'hex')
  if (!timingSafeEqual(expected, Buffer.from(proof.signature, 'hex'))) {
    return refuse('proof_invalid', 'the context proof is not signed with this plugin\'s secret')
  }
  // Checked after the signature, so an unsigned guess learns nothing about the company id.
  if (proof.companyId !== options.companyId) {
    return refuse('proof_wrong_company', 'the context proof is for another kefu company')
  }
  return { ok: true, proof }
}

/** The proof's fields when they have the right types; ids must be one line (the HMAC joins them by `\n`). */
function readProof(input: unknown): ContextProof | null {
  if (typeof input !== 'object') return null
  const { companyId, agentId, visitorId, issuedAt, signature } = input as Record<string, unknown>
  const id = (value: unknown): value is string => typeof value === 'string' && value !== '' && value.length <= 128 && !/[\r\n]/.test(value)
  if (!id(companyId) || !id(agentId) || !id(visitorId)) return null
  if (typeof issuedAt !== 'number' || !Number.isSafeInteger(issuedAt) || issuedAt < 0) return null
  if (typeof signature !== 'string' || !HEX_SIGNATURE.test(signature)) return null
  return { companyId, agentId, visitorId, issuedAt, signature }
}

/** The proof in the request header the plugin page sends it in (JSON), `undefined` when absent. */
export function proofFromHeader(value: string | null): unknown {
  if (value === null || value.trim() === '') return undefined
  try {
    return JSON.parse(value) as unknown
  } catch {
    // Not JSON: handed on as the string it is, which verifyContextProof reports as malformed.
    return value
  }
}
