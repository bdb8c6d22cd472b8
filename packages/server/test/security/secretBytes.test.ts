import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { KefuError } from '@kefu/core'
import { generateSecret, secretBytes } from '../../src/security'

function thrown(fn: () => unknown): KefuError {
  try {
    fn()
  } catch (error) {
    if (error instanceof KefuError) return error
    throw error
  }
  throw new Error('expected a KefuError')
}

describe('generateSecret', () => {
  it('makes 32 random bytes as unpadded base64url by default', () => {
    const secret = generateSecret()
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32)
    expect(generateSecret()).not.toBe(secret)
  })

  it('makes larger secrets on request and they read back', () => {
    const secret = generateSecret(64)
    expect(secretBytes(secret)).toEqual(Buffer.from(secret, 'base64url'))
    expect(secretBytes(secret)).toHaveLength(64)
  })

  it('refuses sizes below 32 bytes or that are not whole numbers', () => {
    for (const size of [16, 31, 32.5, 2048, Number.NaN]) {
      expect(thrown(() => generateSecret(size)).code).toBe('invalid_argument')
    }
  })
})

describe('secretBytes', () => {
  const raw = Buffer.from([...Array(32).keys()].map((i) => (i * 37 + 11) % 256))

  it('reads hex (either case), base64 (padded or not) and base64url', () => {
    expect(secretBytes(raw.toString('hex'))).toEqual(raw)
    expect(secretBytes(raw.toString('hex').toUpperCase())).toEqual(raw)
    expect(secretBytes(raw.toString('base64'))).toEqual(raw)
    expect(secretBytes(raw.toString('base64').replace(/=+$/, ''))).toEqual(raw)
    expect(secretBytes(raw.toString('base64url'))).toEqual(raw)
    expect(secretBytes(`${raw.toString('base64url')}=`)).toEqual(raw) // padded base64url
    expect(secretBytes(`  ${raw.toString('base64')}\n`)).toEqual(raw)
  })

  it('copies Buffers and Uint8Arrays', () => {
    const copy = secretBytes(raw)
    expect(copy).toEqual(raw)
    copy[0] = copy[0]! ^ 0xff
    expect(raw[0]).not.toBe(copy[0])
    expect(secretBytes(new Uint8Array(raw))).toEqual(raw)
  })

  it('rejects secrets shorter than 32 bytes with invalid_argument', () => {
    const short = randomBytes(31)
    for (const secret of [short, short.toString('hex'), short.toString('base64'), '']) {
      const error = thrown(() => secretBytes(secret))
      expect(error.code).toBe('invalid_argument')
      expect(error.message).toMatch(/at least 32 bytes/)
    }
  })

  it('rejects strings that are not base64 or hex, without echoing them', () => {
    const cases = [
      'this is a passphrase, not a key!!!!!!!!!!!!!!!!',
      `ab+d${'ef-h'.repeat(11)}`, // base64 and base64url alphabets mixed
      `${raw.toString('base64url')}xy`, // 45 characters: no byte string encodes to that length
      `${raw.toString('base64')}==`, // too much padding
    ]
    for (const secret of cases) {
      const error = thrown(() => secretBytes(secret))
      expect(error.code).toBe('invalid_argument')
      expect(error.message).not.toContain(secret.trim())
    }
  })

  it('rejects non-canonical base64 (stray bits in the last character)', () => {
    const canonical = raw.toString('base64url') // 43 chars: the last one carries 2 stray bits
    const last = canonical.at(-1)!
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!
    const lenient = canonical.slice(0, -1) + sibling
    expect(Buffer.from(lenient, 'base64url')).toEqual(raw)
    expect(thrown(() => secretBytes(lenient)).code).toBe('invalid_argument')
  })

  it('rejects values that are neither strings nor bytes', () => {
    expect(thrown(() => secretBytes(42 as never)).code).toBe('invalid_argument')
    expect(thrown(() => secretBytes(undefined as never)).code).toBe('invalid_argument')
  })
})
