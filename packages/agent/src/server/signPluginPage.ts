import { createHmac, randomBytes } from 'node:crypto'
import type { AgentPluginConfig } from '../agentPlugin'

/** What the plugin page passes to `echatSDK.config` (`AgentPluginProvider config`). */
export type PluginPageSignature = Required<Pick<AgentPluginConfig, 'timestamp' | 'nonce' | 'signature'>>

/**
 * Signs one load of a plugin page, on your server, as kefu checks it: lower-case hex HMAC-SHA256 with the
 * plugin secret (UTF-8) over `${timestamp}\n${nonce}\n${pageUrl}`. `pageUrl` is the URL the browser
 * requested; its `#fragment`, which the page never reports, is left out. A fresh nonce each call.
 */
export function signPluginPage(
  secret: string,
  pageUrl: string,
  nowMs = Date.now(),
  nonce = randomBytes(16).toString('base64url'),
): PluginPageSignature {
  if (secret === '') throw new TypeError('signPluginPage: the plugin secret is empty')
  pageUrl = pageUrl.replace(/#.*$/s, '')
  const timestamp = Math.floor(nowMs / 1000)
  const signature = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${timestamp}\n${nonce}\n${pageUrl}`, 'utf8').digest('hex')
  return { timestamp, nonce, signature }
}
