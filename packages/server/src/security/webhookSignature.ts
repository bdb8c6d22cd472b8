import { hmacSha256Hex } from './hmacSha256Hex'

/**
 * The `x-kefu-signature` of a webhook request: `sha256=` and the lower-case hex HMAC-SHA256 of the raw
 * request body, keyed by the UTF-8 bytes of the company's sign key. The receiver recomputes it over the
 * bytes it received (not re-serialized JSON) and compares in constant time.
 */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${hmacSha256Hex(secret, body)}`
}
