import { createHmac, timingSafeEqual } from 'node:crypto'

export const SESSION_COOKIE = 'tea_session'

/** `<userId>.<issuedAt>.<hmac>`: the user id, signed with the store's session secret. */
export function encodeSession(secret: string, userId: string, now = Date.now()): string {
  const payload = `${encodeURIComponent(userId)}.${now}`
  return `${payload}.${mac(secret, payload)}`
}

/** The user id of a valid cookie, or undefined for a missing, forged or expired one. */
export function decodeSession(secret: string, cookie: string | undefined, now = Date.now(), maxAgeMs = 7 * 86_400_000): string | undefined {
  const match = /^([^.]+)\.(\d+)\.([\w-]+)$/.exec(cookie ?? '')
  if (!match) return undefined
  const [, user, issued, signature] = match as unknown as [string, string, string, string]
  const expected = Buffer.from(mac(secret, `${user}.${issued}`))
  const given = Buffer.from(signature)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
  if (now - Number(issued) > maxAgeMs) return undefined
  return decodeURIComponent(user)
}

const mac = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest('base64url')
