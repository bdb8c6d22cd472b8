import { KefuError } from '@kefu/core'
import { decodeBase64Any } from './base64url'

/** Key material: raw bytes, or a base64, base64url or hex string of them. */
export type Secret = string | Uint8Array

/** Shortest secret accepted for signing: 32 bytes (256 bits). */
export const MIN_SECRET_BYTES = 32

const HEX = /^(?:[0-9a-f]{2})+$/i

/**
 * The bytes of a secret. Strings are read as hex when they are an even number of hex digits, otherwise as
 * base64 or base64url (padding optional, canonical encoding only); surrounding whitespace is ignored.
 * `generateSecret()` output (43 base64url characters) is never mistaken for hex.
 *
 * @throws KefuError `invalid_argument` when the string is none of those or the secret is shorter than
 * `minBytes` (default 32).
 */
export function secretBytes(secret: Secret, minBytes: number = MIN_SECRET_BYTES): Buffer {
  let bytes: Buffer | undefined
  if (secret instanceof Uint8Array) {
    bytes = Buffer.from(secret)
  } else if (typeof secret === 'string') {
    const text = secret.trim()
    bytes = HEX.test(text) ? Buffer.from(text, 'hex') : decodeBase64Any(text)
    if (!bytes) throw new KefuError('invalid_argument', 'secret must be a base64, base64url or hex string')
  } else {
    throw new KefuError('invalid_argument', 'secret must be a Buffer or a base64, base64url or hex string')
  }
  if (bytes.length < minBytes) {
    throw new KefuError('invalid_argument', `secret must be at least ${minBytes} bytes (got ${bytes.length})`)
  }
  return bytes
}
