import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { KefuError } from '@kefu/core'
import { generateSecret } from '../../src/security'
import { signToken, verifyToken, type TokenKind } from '../../src/security/signedToken'

const SECRET = generateSecret()
const NOW = Date.UTC(2025, 0, 1) // ms
const IAT = NOW / 1000

function thrown(fn: () => unknown): KefuError {
  try {
    fn()
  } catch (error) {
    if (error instanceof KefuError) return error
    throw error
  }
  throw new Error('expected a KefuError')
}

/** Builds a token by hand, independently of signToken: the documented format. */
function handMade(kind: string, payloadJson: string, secret: string = SECRET): string {
  const payloadPart = Buffer.from(payloadJson, 'utf8').toString('base64url')
  const mac = createHmac('sha256', Buffer.from(secret, 'base64url')).update(`v1.${kind}.${payloadPart}`).digest()
  return `v1.${payloadPart}.${mac.toString('base64url')}`
}

const payload = { companyId: 'c1', visitorId: 'v1', iat: IAT, exp: IAT + 60 }

describe('signToken / verifyToken', () => {
  it('writes v1.<base64url JSON>.<base64url HMAC-SHA256 over "v1.<kind>.<payload>">', () => {
    const token = signToken('visitor', payload, SECRET)
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/)
    const [, payloadPart] = token.split('.')
    expect(JSON.parse(Buffer.from(payloadPart!, 'base64url').toString('utf8'))).toEqual(payload)
    expect(token).toBe(handMade('visitor', JSON.stringify(payload)))
  })

  it('round-trips and checks exp against the injected clock', () => {
    const token = signToken('visitor', payload, SECRET)
    expect(verifyToken('visitor', token, SECRET, NOW)).toEqual(payload)
    expect(verifyToken('visitor', token, SECRET, new Date(NOW + 59_999))).toEqual(payload)
    const expired = thrown(() => verifyToken('visitor', token, SECRET, NOW + 60_000))
    expect(expired.code).toBe('unauthorized')
    expect(expired.message).toMatch(/expired/)
  })

  it('binds the kind: a token of one kind never verifies as another', () => {
    const kinds: TokenKind[] = ['visitor', 'agent-session', 'upload']
    for (const signedAs of kinds) {
      const token = signToken(signedAs, payload, SECRET)
      for (const presentedAs of kinds) {
        if (presentedAs === signedAs) continue
        const error = thrown(() => verifyToken(presentedAs, token, SECRET, NOW))
        expect(error.code).toBe('unauthorized')
        expect(error.message).toMatch(/bad signature/)
      }
    }
  })

  it('rejects a token signed with another secret', () => {
    const token = signToken('visitor', payload, generateSecret())
    const error = thrown(() => verifyToken('visitor', token, SECRET, NOW))
    expect(error.code).toBe('unauthorized')
    expect(error.message).toMatch(/bad signature/)
    expect(error.message).not.toContain(SECRET)
  })

  it('rejects a tampered payload and a tampered MAC', () => {
    const token = signToken('visitor', payload, SECRET)
    const [version, payloadPart, mac] = token.split('.') as [string, string, string]
    const forgedPayload = Buffer.from(JSON.stringify({ ...payload, visitorId: 'someone-else' })).toString('base64url')
    const forgedMac = (mac[0] === 'A' ? 'B' : 'A') + mac.slice(1)
    for (const forged of [`${version}.${forgedPayload}.${mac}`, `${version}.${payloadPart}.${forgedMac}`]) {
      const error = thrown(() => verifyToken('visitor', forged, SECRET, NOW))
      expect(error.code).toBe('unauthorized')
      expect(error.message).toMatch(/bad signature/)
    }
  })

  it('rejects a MAC written in non-canonical base64url', () => {
    const token = signToken('visitor', payload, SECRET)
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const sibling = alphabet[alphabet.indexOf(token.at(-1)!) ^ 1]!
    const lenient = token.slice(0, -1) + sibling
    expect(Buffer.from(lenient.split('.')[2]!, 'base64url')).toEqual(Buffer.from(token.split('.')[2]!, 'base64url'))
    expect(thrown(() => verifyToken('visitor', lenient, SECRET, NOW)).code).toBe('unauthorized')
  })

  it('rejects malformed strings as unauthorized', () => {
    const good = signToken('visitor', payload, SECRET)
    const [, payloadPart, mac] = good.split('.') as [string, string, string]
    const cases: unknown[] = [
      '',
      'v1.',
      'v1..',
      'v1',
      'x.y.z',
      'V1.x.y',
      `v1.${payloadPart}`,
      `v1.${payloadPart}.${mac}.extra`,
      `v1..${mac}`,
      `v1.${payloadPart}.`,
      `v1.${payloadPart}!.${mac}`,
      `v1.${payloadPart}.${mac.slice(0, 40)}`,
      `v1.${payloadPart}=.${mac}`,
      `v1.${payloadPart}.${mac}==`,
      `v1.${'A'.repeat(9000)}.${mac}`,
      undefined,
      null,
      42,
      { token: good },
    ]
    for (const token of cases) {
      const error = thrown(() => verifyToken('visitor', token, SECRET, NOW))
      expect(error.code, String(token)).toBe('unauthorized')
      expect(error.message, String(token)).toMatch(/malformed/)
    }
  })

  it('says when the version is unsupported', () => {
    for (const token of ['v2.x.y', `v9.${signToken('visitor', payload, SECRET).slice(3)}`]) {
      const error = thrown(() => verifyToken('visitor', token, SECRET, NOW))
      expect(error.code).toBe('unauthorized')
      expect(error.message).toMatch(/unsupported version/)
    }
  })

  it('rejects a correctly signed payload that is not a JSON object or lacks times', () => {
    const payloads = [
      '[1,2,3]',
      '"a string"',
      '42',
      'null',
      'true',
      '{not json',
      JSON.stringify({ companyId: 'c1', iat: IAT }),
      JSON.stringify({ companyId: 'c1', iat: IAT, exp: `${IAT + 60}` }),
      JSON.stringify({ companyId: 'c1', iat: IAT, exp: IAT + 60.5 }),
    ]
    for (const json of payloads) {
      const error = thrown(() => verifyToken('visitor', handMade('visitor', json), SECRET, NOW))
      expect(error.code, json).toBe('unauthorized')
      expect(error.message, json).toMatch(/payload is malformed/)
    }
  })

  it('refuses short secrets and bad times when signing, with invalid_argument', () => {
    const short = Buffer.alloc(16, 1)
    expect(thrown(() => signToken('visitor', payload, short)).code).toBe('invalid_argument')
    expect(thrown(() => verifyToken('visitor', 'v1.x.y', short, NOW)).code).toBe('invalid_argument')
    expect(thrown(() => signToken('visitor', { iat: IAT, exp: IAT }, SECRET)).code).toBe('invalid_argument')
    expect(thrown(() => signToken('visitor', { iat: -1, exp: IAT }, SECRET)).code).toBe('invalid_argument')
  })

  it('refuses tokens that would be too long with payload_too_large', () => {
    const big = { ...payload, filler: 'x'.repeat(9000) }
    expect(thrown(() => signToken('visitor', big, SECRET)).code).toBe('payload_too_large')
  })
})
