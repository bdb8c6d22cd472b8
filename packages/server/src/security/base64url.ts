/**
 * Strict base64 codecs. Node's own decoder skips characters it does not know and ignores stray bits, so many
 * strings decode to the same bytes; these decoders accept only the canonical encoding of each byte string.
 */

const BASE64URL = /^[A-Za-z0-9_-]*$/
const ANY_BASE64 = /^([A-Za-z0-9+/_-]*)(={0,2})$/

/** Base64url (RFC 4648 §5) without padding. */
export function encodeBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url')
}

/** Decodes unpadded base64url; `undefined` unless `text` is the canonical encoding of some bytes. */
export function decodeBase64Url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined
  const bytes = Buffer.from(text, 'base64url')
  return bytes.toString('base64url') === text ? bytes : undefined
}

/**
 * Decodes standard base64 or base64url, padded or not; `undefined` unless `text` is a canonical encoding.
 * The two alphabets may not be mixed.
 */
export function decodeBase64Any(text: string): Buffer | undefined {
  const match = ANY_BASE64.exec(text)
  if (!match) return undefined
  const body = match[1] ?? ''
  const padding = match[2] ?? ''
  if (/[+/]/.test(body) && /[-_]/.test(body)) return undefined
  if (padding && (body.length + padding.length) % 4 !== 0) return undefined
  return decodeBase64Url(body.replace(/\+/g, '-').replace(/\//g, '_'))
}
