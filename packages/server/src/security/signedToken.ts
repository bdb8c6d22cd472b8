import { createHmac, timingSafeEqual } from 'node:crypto'
import { KefuError } from '@kefu/core'
import { decodeBase64Url, encodeBase64Url } from './base64url'
import { secretBytes, type Secret } from './secretBytes'
import { checkTtl, unixSeconds, type Now } from './unixSeconds'

/**
 * Signed tokens shared by visitor tokens, agent sessions and upload credentials:
 *
 *     v1.<base64url(JSON payload)>.<base64url(HMAC-SHA256(secret, "v1." + kind + "." + payloadPart))>
 *
 * base64url is unpadded. The kind is not written into the token but bound into the MAC input, so a token of
 * one kind never verifies as another even under the same secret. `iat` and `exp` are whole seconds since
 * the epoch; a token is valid while `now < exp`.
 */

/** What a token is for; bound into its MAC. */
export type TokenKind = 'visitor' | 'agent-session' | 'upload'

/** A token's claims: `iat` and `exp` plus the kind's own fields. */
export interface TokenPayload {
  readonly iat: number
  readonly exp: number
  readonly [claim: string]: unknown
}

/** Options for minting a token. */
export interface SignTokenOptions {
  /** Lifetime in seconds; each kind has its own default. */
  readonly ttlSeconds?: number
  /** Issue time; defaults to the system clock. */
  readonly now?: Now
}

/** Options for checking a token. */
export interface VerifyTokenOptions {
  /** The time to check expiry against; defaults to the system clock. */
  readonly now?: Now
  /** When given, a token issued for any other company is rejected. */
  readonly companyId?: string
}

/** Longest token accepted; anything longer is malformed. */
export const MAX_TOKEN_LENGTH = 8192
/** Longest id (company, visitor, agent, owner) a token carries. */
export const MAX_ID_LENGTH = 1024

const VERSION = 'v1'
const MAC_BYTES = 32

const LABELS: Readonly<Record<TokenKind, string>> = {
  visitor: 'visitor token',
  'agent-session': 'agent session',
  upload: 'upload credential',
}

/** Human name of a kind for error messages. */
export function tokenLabel(kind: TokenKind): string {
  return LABELS[kind]
}

function tokenMac(kind: TokenKind, payloadPart: string, key: Buffer): Buffer {
  return createHmac('sha256', key).update(`${VERSION}.${kind}.${payloadPart}`, 'utf8').digest()
}

function isWholeSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function unauthorized(message: string): KefuError {
  return new KefuError('unauthorized', message)
}

/** `iat`/`exp` for a token issued at `now` that lives `ttlSeconds`. */
export function tokenTimes(options: SignTokenOptions, defaultTtlSeconds: number): { iat: number; exp: number } {
  const ttl = checkTtl(options.ttlSeconds ?? defaultTtlSeconds, 'ttlSeconds')
  const iat = unixSeconds(options.now)
  return { iat, exp: iat + ttl }
}

/**
 * Mints a token of `kind` carrying `payload`.
 *
 * @throws KefuError `invalid_argument` for a short or unreadable secret or bad `iat`/`exp`;
 * `payload_too_large` when the token would exceed {@link MAX_TOKEN_LENGTH}.
 */
export function signToken(kind: TokenKind, payload: TokenPayload, secret: Secret): string {
  const key = secretBytes(secret)
  if (!isWholeSeconds(payload.iat) || !isWholeSeconds(payload.exp) || payload.exp <= payload.iat) {
    throw new KefuError('invalid_argument', 'token iat and exp must be whole seconds with exp after iat')
  }
  const payloadPart = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')
  const token = `${VERSION}.${payloadPart}.${encodeBase64Url(tokenMac(kind, payloadPart, key))}`
  if (token.length > MAX_TOKEN_LENGTH) {
    throw new KefuError('payload_too_large', `${LABELS[kind]} would be longer than ${MAX_TOKEN_LENGTH} characters`)
  }
  return token
}

/**
 * Checks a token of `kind` and returns its payload. The MAC is compared in constant time and checked
 * before the payload is parsed.
 *
 * @throws KefuError `unauthorized` when the token is malformed, of an unsupported version, has a bad
 * signature (tampered, another secret, or another kind of token), or has expired;
 * `invalid_argument` when the secret itself is unusable.
 */
export function verifyToken(kind: TokenKind, token: unknown, secret: Secret, now?: Now): TokenPayload {
  const key = secretBytes(secret)
  const label = LABELS[kind]
  const nowSeconds = unixSeconds(now)
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw unauthorized(`${label} is malformed`)
  const parts = token.split('.')
  const [version = '', payloadPart = '', macPart = ''] = parts
  if (parts.length === 3 && version !== VERSION && /^v\d+$/.test(version)) {
    throw unauthorized(`${label} has unsupported version ${version}`)
  }
  if (parts.length !== 3 || version !== VERSION || payloadPart === '') throw unauthorized(`${label} is malformed`)
  const payloadBytes = decodeBase64Url(payloadPart)
  const givenMac = decodeBase64Url(macPart)
  if (!payloadBytes || !givenMac || givenMac.length !== MAC_BYTES) throw unauthorized(`${label} is malformed`)
  if (!timingSafeEqual(givenMac, tokenMac(kind, payloadPart, key))) {
    const article = /^[aeiou]/.test(label) ? 'an' : 'a'
    throw unauthorized(`${label} has a bad signature (tampered, signed with another secret, or not ${article} ${label})`)
  }
  let payload: unknown
  try {
    payload = JSON.parse(payloadBytes.toString('utf8'))
  } catch {
    throw unauthorized(`${label} payload is malformed`)
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw unauthorized(`${label} payload is malformed`)
  }
  const claims = payload as Record<string, unknown>
  if (!isWholeSeconds(claims.iat) || !isWholeSeconds(claims.exp)) throw unauthorized(`${label} payload is malformed`)
  if (nowSeconds >= claims.exp) throw unauthorized(`${label} has expired`)
  return claims as TokenPayload
}

/** Checks an id before it goes into a token. */
export function checkId(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) {
    throw new KefuError('invalid_argument', `${name} must be a non-empty string of at most ${MAX_ID_LENGTH} characters`)
  }
  return value
}

/** Reads an id claim from a verified payload. */
export function idClaim(payload: Readonly<Record<string, unknown>>, name: string, kind: TokenKind): string {
  const value = payload[name]
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) {
    throw unauthorized(`${LABELS[kind]} payload is malformed`)
  }
  return value
}

/** Rejects a verified token issued for another company than `expected` (when given). */
export function checkCompany(companyId: string, expected: string | undefined, kind: TokenKind): void {
  if (expected !== undefined && companyId !== expected) {
    throw unauthorized(`${LABELS[kind]} was issued for a different company`)
  }
}

/** Seconds since the epoch as a `Date`. */
export function fromUnixSeconds(seconds: number): Date {
  return new Date(seconds * 1000)
}
