import { describe, expect, it } from 'vitest'
import { KefuError } from '@kefu/core'
import {
  generateSecret,
  signAgentSession,
  signUploadCredential,
  signVisitorToken,
  verifyAgentSession,
  verifyUploadCredential,
  verifyVisitorToken,
  VISITOR_TOKEN_TTL_SECONDS,
} from '../../src/security'
import { signToken } from '../../src/security/signedToken'

const SECRET = generateSecret()
const NOW = new Date('2025-03-01T08:00:00Z')
const DAY = 24 * 60 * 60 * 1000

function thrown(fn: () => unknown): KefuError {
  try {
    fn()
  } catch (error) {
    if (error instanceof KefuError) return error
    throw error
  }
  throw new Error('expected a KefuError')
}

describe('visitor tokens', () => {
  it('round-trip with issue and expiry times; the default lifetime is 180 days', () => {
    expect(VISITOR_TOKEN_TTL_SECONDS).toBe(180 * 24 * 3600)
    const token = signVisitorToken({ companyId: 'acme', visitorId: 'vis_42' }, SECRET, { now: NOW })
    expect(verifyVisitorToken(token, SECRET, { now: NOW })).toEqual({
      companyId: 'acme',
      visitorId: 'vis_42',
      issuedAt: NOW,
      expiresAt: new Date(NOW.getTime() + 180 * DAY),
    })
    expect(verifyVisitorToken(token, SECRET, { now: NOW.getTime() + 180 * DAY - 1000 }).visitorId).toBe('vis_42')
  })

  it('expire at expiresAt by the injected clock', () => {
    const token = signVisitorToken({ companyId: 'acme', visitorId: 'v' }, SECRET, { now: NOW, ttlSeconds: 30 })
    expect(verifyVisitorToken(token, SECRET, { now: NOW.getTime() + 29_000 }).expiresAt).toEqual(
      new Date(NOW.getTime() + 30_000),
    )
    const error = thrown(() => verifyVisitorToken(token, SECRET, { now: NOW.getTime() + 30_000 }))
    expect(error.code).toBe('unauthorized')
    expect(error.message).toBe('visitor token has expired')
  })

  it('default to the system clock', () => {
    const token = signVisitorToken({ companyId: 'acme', visitorId: 'v' }, SECRET)
    const { issuedAt } = verifyVisitorToken(token, SECRET)
    expect(Math.abs(issuedAt.getTime() - Date.now())).toBeLessThan(5000)
  })

  it('reject another company when one is expected, without naming it', () => {
    const token = signVisitorToken({ companyId: 'acme', visitorId: 'v' }, SECRET, { now: NOW })
    expect(verifyVisitorToken(token, SECRET, { now: NOW, companyId: 'acme' }).companyId).toBe('acme')
    const error = thrown(() => verifyVisitorToken(token, SECRET, { now: NOW, companyId: 'globex' }))
    expect(error.code).toBe('unauthorized')
    expect(error.message).toMatch(/different company/)
    expect(error.message).not.toMatch(/acme|globex/)
  })

  it('reject a swapped visitor id, a flipped MAC and another secret', () => {
    const token = signVisitorToken({ companyId: 'acme', visitorId: 'v1' }, SECRET, { now: NOW })
    const [version, payloadPart, mac] = token.split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as Record<string, unknown>
    const swapped = Buffer.from(JSON.stringify({ ...claims, visitorId: 'v2' })).toString('base64url')
    const flipped = mac.slice(0, 10) + (mac[10] === 'x' ? 'y' : 'x') + mac.slice(11)
    const forgeries = [
      `${version}.${swapped}.${mac}`,
      `${version}.${payloadPart}.${flipped}`,
      signVisitorToken({ companyId: 'acme', visitorId: 'v1' }, generateSecret(), { now: NOW }),
    ]
    for (const forged of forgeries) {
      const error = thrown(() => verifyVisitorToken(forged, SECRET, { now: NOW }))
      expect(error.code).toBe('unauthorized')
      expect(error.message).toMatch(/bad signature/)
    }
  })

  it('are not agent sessions or upload credentials, and those are not visitor tokens', () => {
    const visitor = signVisitorToken({ companyId: 'acme', visitorId: 'v' }, SECRET, { now: NOW })
    expect(thrown(() => verifyAgentSession(visitor, SECRET, { now: NOW })).code).toBe('unauthorized')
    expect(thrown(() => verifyUploadCredential(visitor, SECRET, { now: NOW })).code).toBe('unauthorized')
    const session = signAgentSession({ companyId: 'acme', agentId: 'v', role: 'admin' }, SECRET, { now: NOW })
    const upload = signUploadCredential(
      { companyId: 'acme', owner: { kind: 'visitor', id: 'v' }, maxBytes: 10, allowedTypes: [] },
      SECRET,
      { now: NOW },
    )
    for (const other of [session, upload]) {
      const error = thrown(() => verifyVisitorToken(other, SECRET, { now: NOW }))
      expect(error.code).toBe('unauthorized')
      expect(error.message).toMatch(/not a visitor token/)
    }
  })

  it('reject malformed input', () => {
    for (const token of ['', 'v1.', 'v2.x.y', 'v1.%%%.###', 'v1.e30.AAAA', null, 7]) {
      expect(thrown(() => verifyVisitorToken(token, SECRET, { now: NOW })).code).toBe('unauthorized')
    }
  })

  it('reject a validly signed payload without the visitor fields', () => {
    const iat = NOW.getTime() / 1000
    const tokens = [
      signToken('visitor', { companyId: 'acme', iat, exp: iat + 60 }, SECRET),
      signToken('visitor', { companyId: 'acme', visitorId: 5, iat, exp: iat + 60 }, SECRET),
      signToken('visitor', { companyId: '', visitorId: 'v', iat, exp: iat + 60 }, SECRET),
    ]
    for (const token of tokens) {
      const error = thrown(() => verifyVisitorToken(token, SECRET, { now: NOW }))
      expect(error.code).toBe('unauthorized')
      expect(error.message).toMatch(/malformed/)
    }
  })

  it('refuse bad input when signing with invalid_argument', () => {
    const bad: Array<() => unknown> = [
      () => signVisitorToken({ companyId: '', visitorId: 'v' }, SECRET),
      () => signVisitorToken({ companyId: 'acme', visitorId: '' }, SECRET),
      () => signVisitorToken({ companyId: 'acme', visitorId: 'x'.repeat(1025) }, SECRET),
      () => signVisitorToken({ companyId: 'acme', visitorId: 3 as never }, SECRET),
      () => signVisitorToken({ companyId: 'acme', visitorId: 'v' }, SECRET, { ttlSeconds: 0 }),
      () => signVisitorToken({ companyId: 'acme', visitorId: 'v' }, SECRET, { ttlSeconds: -5 }),
      () => signVisitorToken({ companyId: 'acme', visitorId: 'v' }, SECRET, { ttlSeconds: 1.5 }),
      () => signVisitorToken({ companyId: 'acme', visitorId: 'v' }, SECRET, { now: Number.NaN }),
      () => signVisitorToken({ companyId: 'acme', visitorId: 'v' }, 'too-short'),
      () => signVisitorToken({ companyId: 'acme', visitorId: 'v' }, Buffer.alloc(31)),
    ]
    for (const fn of bad) expect(thrown(fn).code).toBe('invalid_argument')
  })
})
