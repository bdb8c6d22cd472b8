import { createHmac, randomBytes } from 'node:crypto'

/** What the plugin page passes to `echatSDK.config` (`AgentPluginProvider config`). */
export interface PluginPageSignature {
  /** Seconds since the epoch. */
  readonly timestamp: number
  readonly nonce: string
  readonly signature: string
}

/**
 * Signs a plugin page load as kefu checks it: lower-case hex HMAC-SHA256 with the plugin secret (UTF-8)
 * over `${timestamp}\n${nonce}\n${pageUrl}`, `pageUrl` being the page's URL without its `#fragment`.
 */
export function signPluginPage(
  secret: string,
  pageUrl: string,
  nowMs = Date.now(),
  nonce = randomBytes(16).toString('base64url'),
): PluginPageSignature {
  if (pageUrl.includes('#')) throw new Error('the signed page URL must not have a #fragment')
  const timestamp = Math.floor(nowMs / 1000)
  const signature = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${timestamp}\n${nonce}\n${pageUrl}`, 'utf8').digest('hex')
  return { timestamp, nonce, signature }
}
