// @vitest-environment node
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { CONTEXT_PROOF_MAX_AGE_SECONDS, proofFromHeader, verifyContextProof } from '../src/server'

const SECRET = 'plugin-secret-0123456789abcdef'
const NOW_MS = 1_767_225_600_000
const NOW = NOW_MS / 1000

/** A proof as the kefu server signs it (packages/server/docs/pluginSignature.md §4), written out here independently. */
function kefuProof(fields: { issuedAt?: number; companyId?: string; agentId?: string; visitorId?: string } = {}, secret = SECRET) {
  const proof = { companyId: 'demo', agentId: 'a_amy', visitorId: 'v_42', issuedAt: NOW - 5, ...fields }
  const signature = createHmac('sha256', secret).update(`${proof.issuedAt}\n${proof.companyId}\n${proof.agentId}\n${proof.visitorId}`).digest('hex')
  return { ...proof, signature }
}

const verify = (proof: unknown, nowMs = NOW_MS) => verifyContextProof(proof, SECRET, { companyId: 'demo', nowMs })

describe('verifyContextProof', () => {
  it('accepts a proof kefu signed with the plugin secret', () => {
    const proof = kefuProof()
    expect(verify(proof)).toEqual({ ok: true, proof })
  })

  it('refuses a tampered proof: another visitor, agent, time or signature', () => {
    const proof = kefuProof()
    expect(verify({ ...proof, visitorId: 'v_43' })).toMatchObject({ ok: false, reason: 'proof_invalid' })
    expect(verify({ ...proof, agentId: 'a_ben' })).toMatchObject({ ok: false, reason: 'proof_invalid' })
    expect(verify({ ...proof, issuedAt: proof.issuedAt + 1 })).toMatchObject({ ok: false, reason: 'proof_invalid' })
    const flipped = proof.signature.replace(/^./, (c) => (c === '0' ? '1' : '0'))
    expect(verify({ ...proof, signature: flipped })).toMatchObject({ ok: false, reason: 'proof_invalid' })
  })

  it('refuses a proof signed with another secret', () => {
    expect(verify(kefuProof({}, 'another-plugin-secret-0123'))).toMatchObject({ ok: false, reason: 'proof_invalid' })
  })

  it('refuses a stale proof and one from the future', () => {
    expect(verify(kefuProof({ issuedAt: NOW - CONTEXT_PROOF_MAX_AGE_SECONDS }))).toMatchObject({ ok: true })
    expect(verify(kefuProof({ issuedAt: NOW - CONTEXT_PROOF_MAX_AGE_SECONDS - 1 }))).toMatchObject({ ok: false, reason: 'proof_expired' })
    expect(verify(kefuProof({ issuedAt: NOW + 300 }))).toMatchObject({ ok: false, reason: 'proof_from_future' })
  })

  it('refuses a genuine proof for another company', () => {
    expect(verify(kefuProof({ companyId: 'acme' }))).toMatchObject({ ok: false, reason: 'proof_wrong_company' })
  })

  it('tells a missing proof from a malformed one', () => {
    expect(verify(undefined)).toMatchObject({ ok: false, reason: 'proof_missing' })
    expect(verify(null)).toMatchObject({ ok: false, reason: 'proof_missing' })
    const proof = kefuProof()
    for (const bad of ['text', 42, { ...proof, issuedAt: String(proof.issuedAt) }, { ...proof, issuedAt: NOW_MS }, { ...proof, signature: 'abc' }, { ...proof, visitorId: '' }, { ...proof, agentId: 'a\nb' }]) {
      expect(verify(bad).ok).toBe(false)
    }
    expect(verify({ ...proof, signature: proof.signature.toUpperCase() })).toMatchObject({ reason: 'proof_malformed' })
    expect(verify({ ...proof, issuedAt: NOW_MS })).toMatchObject({ reason: 'proof_from_future' })
  })
})

describe('proofFromHeader', () => {
  it('parses the JSON header, and leaves non-JSON to be reported as malformed', () => {
    const proof = kefuProof()
    expect(proofFromHeader(JSON.stringify(proof))).toEqual(proof)
    expect(proofFromHeader(null)).toBeUndefined()
    expect(proofFromHeader(' ')).toBeUndefined()
    expect(verify(proofFromHeader('{not json'))).toMatchObject({ ok: false, reason: 'proof_malformed' })
  })
})
