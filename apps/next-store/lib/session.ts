import { createHmac, timingSafeEqual } from 'node:crypto'

export const SESSION_COOKIE = 'store_session'
/** Sessions last a week. */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 3600

export interface StoreSession {
  readonly userId: string
  /** Seconds since the epoch. */
  readonly expiresAt: number
}

const mac = (payload: string, secret: string) => createHmac('sha256', secret).update(payload, 'utf8').digest('base64url')

/** `<base64url JSON>.<HMAC>`: the cookie value for a signed-in user. */
export function encodeSession(userId: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const payload = Buffer.from(JSON.stringify({ userId, expiresAt: nowSeconds + SESSION_MAX_AGE_SECONDS }), 'utf8').toString('base64url')
  return `${payload}.${mac(payload, secret)}`
}

/** The session in a cookie value, or `null` when it is missing, altered or expired. */
export function decodeSession(value: string | undefined, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): StoreSession | null {
  if (!value) return null
  const [payload, signature, extra] = value.split('.')
  if (!payload || !signature || extra !== undefined) return null
  const expected = Buffer.from(mac(payload, secret), 'utf8')
  const given = Buffer.from(signature, 'utf8')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  try {
    const session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<StoreSession>
    if (typeof session.userId !== 'string' || typeof session.expiresAt !== 'number' || session.expiresAt <= nowSeconds) return null
    return { userId: session.userId, expiresAt: session.expiresAt }
  } catch {
    return null
  }
}
