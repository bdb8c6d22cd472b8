import { scryptSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { KefuError } from '@kefu/core'
import { hashPassword, verifyPassword } from '../../src/security'

const FORMAT = /^scrypt\$16384\$8\$1\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/

async function rejection(promise: Promise<unknown>): Promise<KefuError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof KefuError) return error
    throw error
  }
  throw new Error('expected a KefuError')
}

describe('hashPassword / verifyPassword', () => {
  it('writes scrypt$16384$8$1$<16-byte salt>$<32-byte hash> and verifies', async () => {
    const stored = await hashPassword('correct horse battery staple')
    const match = FORMAT.exec(stored)
    expect(match).not.toBeNull()
    expect(Buffer.from(match![1]!, 'base64')).toHaveLength(16)
    expect(Buffer.from(match![2]!, 'base64')).toHaveLength(32)
    // The hash is what the format says it is: scrypt of the password under the stored salt.
    const expected = scryptSync('correct horse battery staple', Buffer.from(match![1]!, 'base64'), 32, { N: 16384, r: 8, p: 1 })
    expect(Buffer.from(match![2]!, 'base64')).toEqual(expected)
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true)
  })

  it('rejects wrong passwords', async () => {
    const stored = await hashPassword('correct horse battery staple')
    for (const attempt of ['correct horse battery stapl', 'Correct horse battery staple', 'correct horse battery staple ', '']) {
      expect(await verifyPassword(attempt, stored)).toBe(false)
    }
  })

  it('salts: two hashes of the same password differ and both verify', async () => {
    const [a, b] = await Promise.all([hashPassword('same-password'), hashPassword('same-password')])
    expect(a).not.toBe(b)
    expect(await verifyPassword('same-password', a)).toBe(true)
    expect(await verifyPassword('same-password', b)).toBe(true)
  })

  it('treats composed and decomposed Unicode the same', async () => {
    const stored = await hashPassword('caf\u00e9-密码-123')
    expect(await verifyPassword('cafe\u0301-密码-123', stored)).toBe(true)
  })

  it('uses the parameters written in the stored hash', async () => {
    const salt = Buffer.alloc(16, 7)
    const hash = scryptSync('legacy-password', salt, 32, { N: 1024, r: 8, p: 1 })
    const stored = `scrypt$1024$8$1$${salt.toString('base64')}$${hash.toString('base64')}`
    expect(await verifyPassword('legacy-password', stored)).toBe(true)
    expect(await verifyPassword('legacy-passwore', stored)).toBe(false)
  })

  it('returns false for tampered or malformed stored hashes', async () => {
    const stored = await hashPassword('correct horse battery staple')
    const [, n, r, p, salt, hash] = stored.split('$') as [string, string, string, string, string, string]
    const flipped = Buffer.from(hash, 'base64')
    flipped[0] = flipped[0]! ^ 1
    const otherSalt = Buffer.from(salt, 'base64')
    otherSalt[15] = otherSalt[15]! ^ 1
    const malformed = [
      '',
      'scrypt$',
      'correct horse battery staple',
      `bcrypt$${n}$${r}$${p}$${salt}$${hash}`,
      `scrypt$${n}$${r}$${p}$${salt}`,
      `scrypt$${n}$${r}$${p}$${salt}$${hash}$extra`,
      `scrypt$${n}$${r}$${p}$${salt}$${flipped.toString('base64')}`,
      `scrypt$${n}$${r}$${p}$${otherSalt.toString('base64')}$${hash}`,
      `scrypt$${n}$${r}$${p}$${salt}$${Buffer.from(hash, 'base64').subarray(0, 8).toString('base64')}`,
      `scrypt$${n}$${r}$${p}$${salt}$!!!!`,
      `scrypt$${n}$${r}$${p}$$${hash}`,
      `scrypt$16383$${r}$${p}$${salt}$${hash}`, // N not a power of two
      `scrypt$16777216$${r}$${p}$${salt}$${hash}`, // absurd memory
      `scrypt$${n}$0$${p}$${salt}$${hash}`,
      `scrypt$${n}$${r}$0$${salt}$${hash}`,
      `scrypt$abc$${r}$${p}$${salt}$${hash}`,
      `scrypt$${n}$${r}$${p}$${salt}$${hash}\n`,
    ]
    for (const bad of malformed) {
      expect(await verifyPassword('correct horse battery staple', bad), bad).toBe(false)
    }
    expect(await verifyPassword('correct horse battery staple', undefined as never)).toBe(false)
    expect(await verifyPassword(undefined as never, stored)).toBe(false)
  })

  it('refuses passwords shorter than 8 or longer than 1024 characters', async () => {
    for (const password of ['', '1234567', '😀'.repeat(7), 'x'.repeat(1025)]) {
      const error = await rejection(hashPassword(password))
      expect(error.code).toBe('invalid_argument')
      expect(error.message).toMatch(/8 to 1024/)
      expect(error.message).not.toContain(password || '\u0000')
    }
    expect((await rejection(hashPassword(12345678 as never))).code).toBe('invalid_argument')
    expect(await verifyPassword('12345678', await hashPassword('12345678'))).toBe(true)
    const longest = 'y'.repeat(1024)
    expect(await verifyPassword(longest, await hashPassword(longest))).toBe(true)
    expect(await verifyPassword(`${longest}y`, await hashPassword(longest))).toBe(false)
  })
})
