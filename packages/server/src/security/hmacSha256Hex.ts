import { createHmac } from 'node:crypto'

/** Lower-case hex HMAC-SHA256 of `message`, keyed by the UTF-8 bytes of `secret`: plugin and webhook signatures. */
export const hmacSha256Hex = (secret: string, message: string): string => createHmac('sha256', Buffer.from(secret, 'utf8')).update(message, 'utf8').digest('hex')
