import { randomBytes } from 'node:crypto'
import { KefuError } from '@kefu/core'
import { MIN_SECRET_BYTES } from './secretBytes'

/**
 * A new random secret of `bytes` bytes (32 to 1024, default 32) as unpadded base64url — 43 characters for the
 * default size. `secretBytes()` reads it back.
 */
export function generateSecret(bytes: number = MIN_SECRET_BYTES): string {
  if (!Number.isInteger(bytes) || bytes < MIN_SECRET_BYTES || bytes > 1024) {
    throw new KefuError('invalid_argument', `secret size must be an integer from ${MIN_SECRET_BYTES} to 1024 bytes`)
  }
  return randomBytes(bytes).toString('base64url')
}
