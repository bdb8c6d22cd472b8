import { describe, expect, it } from 'vitest'
import { KefuError } from '@kefu/core'
import {
  AGENT_SESSION_TTL_SECONDS,
  generateSecret,
  signAgentSession,
  signVisitorToken,
  verifyAgentSession,
  verifyUploadCredential,
  verifyVisitorToken,
} from '../../src/security'
import { signToken } from '../../src/security/signedToken'

const SECRET = generateSecret()
const NOW = Date.UTC(2025, 5, 1, 9)
const HOUR = 3600 * 1000

function thrown(fn: () => unknown): KefuError {
  try {
    fn()
  } catch (error) {
    if (error instanceof KefuError) return error
    throw error
  }
  throw new Error('expected a KefuError')
}

describe('agent sessions', () => {
  it('round-trip with the role; the default lifetime is 12 hours', () => {
    expect(AGENT_SESSION_TTL_SECONDS).toBe(12 * 3600)
    for (const role of ['admin', 'agent'] as const) {
      const token = signAgentSession({ companyId: 'acme', agentId: 'ag_7', role }, SECRET, { now: NOW })
      expect(verifyAgentSession(token, SECRET, { now: NOW + 12 * HOUR - 1000, companyId: 'acme' })).toEqual({
        companyId: 'acme',
        agentId: 'ag_7',
        role,
        issuedAt: new Date(NOW),
        expiresAt: new Date(NOW + 12 * HOUR),
      })
      const error = thrown(() => verifyAgentSession(token, SECRET, { now: NOW + 12 * HOUR }))
      expect(error.code).toBe('unauthorized')
      expect(error.message).toBe('agent session has expired')
    }
  })

  it('honour a custom lifetime', () => {
    const token = signAgentSession({ companyId: 'acme', agentId: 'a', role: 'agent' }, SECRET, { now: NOW, ttlSeconds: 5 })
    expect(verifyAgentSession(token, SECRET, { now: NOW + 4000 }).agentId).toBe('a')
    expect(thrown(() => verifyAgentSession(token, SECRET, { now: NOW + 5000 })).message).toMatch(/expired/)
  })

  it('cannot be promoted from agent to admin by editing the payload', () => {
    const token = signAgentSession({ companyId: 'acme', agentId: 'a', role: 'agent' }, SECRET, { now: NOW })
    const [version, payloadPart, mac] = token.split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(payloadPart, 'base64url').toString()) as Record<string, unknown>
    const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')
    const error = thrown(() => verifyAgentSession(`${version}.${promoted}.${mac}`, SECRET, { now: NOW }))
    expect(error.code).toBe('unauthorized')
    expect(error.message).toMatch(/bad signature/)
  })

  it('reject another secret, another company, and other kinds of token', () => {
    const token = signAgentSession({ companyId: 'acme', agentId: 'a', role: 'admin' }, SECRET, { now: NOW })
    expect(thrown(() => verifyAgentSession(token, generateSecret(), { now: NOW })).message).toMatch(/bad signature/)
    expect(thrown(() => verifyAgentSession(token, SECRET, { now: NOW, companyId: 'globex' })).message).toMatch(
      /different company/,
    )
    expect(thrown(() => verifyVisitorToken(token, SECRET, { now: NOW })).code).toBe('unauthorized')
    expect(thrown(() => verifyUploadCredential(token, SECRET, { now: NOW })).code).toBe('unauthorized')
    const visitor = signVisitorToken({ companyId: 'acme', visitorId: 'a' }, SECRET, { now: NOW })
    const error = thrown(() => verifyAgentSession(visitor, SECRET, { now: NOW }))
    expect(error.code).toBe('unauthorized')
    expect(error.message).toMatch(/bad signature .*not an agent session/)
  })

  it('reject a validly signed session with an unknown role or missing agent', () => {
    const iat = NOW / 1000
    for (const claims of [
      { companyId: 'acme', agentId: 'a', role: 'owner' },
      { companyId: 'acme', agentId: 'a' },
      { companyId: 'acme', role: 'admin' },
    ]) {
      const token = signToken('agent-session', { ...claims, iat, exp: iat + 60 }, SECRET)
      const error = thrown(() => verifyAgentSession(token, SECRET, { now: NOW }))
      expect(error.code).toBe('unauthorized')
      expect(error.message).toMatch(/malformed/)
    }
  })

  it('reject malformed strings', () => {
    for (const token of ['', 'v1.', 'v2.x.y', 'not a token', 'v1.W10.' + 'A'.repeat(43)]) {
      expect(thrown(() => verifyAgentSession(token, SECRET, { now: NOW })).code).toBe('unauthorized')
    }
  })

  it('refuse bad claims when signing', () => {
    const bad: Array<() => unknown> = [
      () => signAgentSession({ companyId: 'acme', agentId: 'a', role: 'root' as never }, SECRET),
      () => signAgentSession({ companyId: 'acme', agentId: '', role: 'agent' }, SECRET),
      () => signAgentSession({ companyId: '', agentId: 'a', role: 'agent' }, SECRET),
      () => signAgentSession({ companyId: 'acme', agentId: 'a', role: 'agent' }, Buffer.alloc(8)),
    ]
    for (const fn of bad) expect(thrown(fn).code).toBe('invalid_argument')
  })
})
