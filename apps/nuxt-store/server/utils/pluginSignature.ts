import { createHmac, randomBytes } from 'node:crypto'

/** What the plugin page passes to `config()`; see packages/server/docs/pluginSignature.md. */
export interface PluginPageConfig {
  readonly timestamp: number
  readonly nonce: string
  readonly signature: string
}

/**
 * Signs one page load: HMAC-SHA256(secret, `${timestamp}\n${nonce}\n${pageUrl}`), hex. `pageUrl` is the
 * URL the browser requested, without its fragment — exactly what the page's `location.href` reports.
 */
export function signPluginPage(secret: string, pageUrl: string, now = Date.now()): PluginPageConfig {
  const timestamp = Math.floor(now / 1000)
  const nonce = randomBytes(16).toString('base64url')
  const signature = createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`${timestamp}\n${nonce}\n${pageUrl.replace(/#.*$/s, '')}`, 'utf8')
    .digest('hex')
  return { timestamp, nonce, signature }
}
