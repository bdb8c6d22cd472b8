import { timingSafeEqual } from 'node:crypto'
import { hmacSha256Hex } from './hmacSha256Hex'

/** How far (seconds) a config signature's timestamp may be from the server's clock, either way. */
export const PLUGIN_SIGNATURE_WINDOW_SECONDS = 300

/** What a business page's server signs so the workbench accepts `echatSDK.config(...)` from the page. */
export interface PluginSignatureInput {
  /** Seconds since the epoch. */
  readonly timestamp: number
  /** 8–64 characters of `[A-Za-z0-9_-]`, used once. */
  readonly nonce: string
  /** The page's URL without its `#fragment`, exactly as the page reports it. */
  readonly pageUrl: string
}

/** What the kefu server signs to vouch for the visitor an agent selected. */
export interface ContextProofInput {
  /** Seconds since the epoch. */
  readonly issuedAt: number
  readonly companyId: string
  readonly agentId: string
  readonly visitorId: string
}

/** Lower-case hex HMAC-SHA256, keyed by the plugin secret's UTF-8 bytes, of `${timestamp}\n${nonce}\n${pageUrl}`. */
export function pluginSignature(secret: string, input: PluginSignatureInput): string {
  return hmacSha256Hex(secret, `${input.timestamp}\n${input.nonce}\n${input.pageUrl}`)
}

/** Lower-case hex HMAC-SHA256, keyed like `pluginSignature`, of `${issuedAt}\n${companyId}\n${agentId}\n${visitorId}`. */
export function contextProofSignature(secret: string, input: ContextProofInput): string {
  return hmacSha256Hex(secret, `${input.issuedAt}\n${input.companyId}\n${input.agentId}\n${input.visitorId}`)
}

/** Whether `given` (hex, any case) is `expected`, compared in constant time. */
export function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given.toLowerCase(), 'utf8')
  const b = Buffer.from(expected, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}
