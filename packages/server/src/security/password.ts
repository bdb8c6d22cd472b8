import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { KefuError } from '@kefu/core'
import { decodeBase64Any } from './base64url'

/**
 * Password hashes: `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>` (standard base64 with padding).
 * New hashes use N=16384, r=8, p=1, a 16-byte random salt and a 32-byte key; passwords are NFC-normalised
 * first so the same password typed on different systems matches.
 */

export const MIN_PASSWORD_LENGTH = 8
export const MAX_PASSWORD_LENGTH = 1024

const N = 16384
const R = 8
const P = 1
const SALT_BYTES = 16
const KEY_BYTES = 32
/** Upper bound on the memory a stored hash may ask for when verifying (guards against absurd parameters). */
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024
const FORMAT = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

/** Memory scrypt needs for these parameters, with a little room. */
function scryptMemory(n: number, r: number, p: number): number {
  return 128 * r * (n + p + 2) + 64 * 1024
}

function passwordLength(password: string): number {
  let length = 0
  for (const _ of password) length++
  return length
}

/**
 * Hashes a password for storage.
 *
 * @throws KefuError `invalid_argument` when the password is not a string of 8 to 1024 characters
 * (counted in code points).
 */
export async function hashPassword(password: string): Promise<string> {
  if (typeof password !== 'string') throw new KefuError('invalid_argument', 'password must be a string')
  const normalized = password.normalize('NFC')
  const length = passwordLength(normalized)
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    throw new KefuError(
      'invalid_argument',
      `password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long`,
    )
  }
  const salt = randomBytes(SALT_BYTES)
  const hash = await scryptAsync(normalized, salt, KEY_BYTES, { N, r: R, p: P, maxmem: scryptMemory(N, R, P) })
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`
}

/**
 * Whether `password` matches a hash from {@link hashPassword}. The parameters stored in the hash are used,
 * within sane bounds; the digests are compared in constant time. A malformed stored hash, or a password
 * that is not a string of at most 1024 characters, gives `false` rather than an error.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (typeof password !== 'string' || typeof stored !== 'string') return false
  const match = FORMAT.exec(stored)
  if (!match) return false
  const n = Number(match[1])
  const r = Number(match[2])
  const p = Number(match[3])
  const salt = decodeBase64Any(match[4] ?? '')
  const expected = decodeBase64Any(match[5] ?? '')
  const powerOfTwo = n >= 2 && (n & (n - 1)) === 0
  if (!powerOfTwo || r < 1 || p < 1 || p > 16 || scryptMemory(n, r, p) > MAX_SCRYPT_MEMORY) return false
  if (!salt || salt.length < 8 || !expected || expected.length < 16 || expected.length > 64) return false
  const normalized = password.normalize('NFC')
  if (passwordLength(normalized) > MAX_PASSWORD_LENGTH) return false
  let actual: Buffer
  try {
    actual = await scryptAsync(normalized, salt, expected.length, { N: n, r, p, maxmem: scryptMemory(n, r, p) })
  } catch {
    return false
  }
  return timingSafeEqual(actual, expected)
}
