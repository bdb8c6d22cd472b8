import { z } from 'zod'
import type { Queryable } from '../db/Database'
import { PLUGIN_SIGNATURE_WINDOW_SECONDS, pluginSignature, sameSignature } from '../security/pluginSignature'
import { findPlugin, useNonce } from '../store/pluginStore'
import { httpOriginOf } from './pluginFieldsSchema'

/**
 * Why a plugin's `config` was refused. The reasons are shared with `@kefu/agent` (`PluginErrorReason`),
 * which hands them to the page's `error` callback; `bad_request` means the workbench sent a malformed body.
 */
export type PluginVerifyReason = 'bad_request' | 'unknown_plugin' | 'origin_mismatch' | 'signature_expired' | 'signature_invalid' | 'nonce_replayed'

export type PluginVerifyResult =
  | { readonly ok: true; readonly pluginId: string; readonly verifiedAt: number }
  | { readonly ok: false; readonly status: 400 | 401 | 403 | 404 | 409; readonly reason: PluginVerifyReason; readonly message: string }

const configBody = z.object({
  timestamp: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8 to 64 letters, digits, - or _'),
  signature: z.string().regex(/^[0-9a-fA-F]{64}$/, 'the hex HMAC-SHA256 (64 hex digits)'),
  pageUrl: z
    .string()
    .max(4096)
    .refine((url) => httpOriginOf(url) !== undefined, 'must be the page’s http(s) URL')
    .refine((url) => !url.includes('#'), 'must not contain the #fragment: sign and send the URL without it'),
})

const fail = (status: 400 | 401 | 403 | 404 | 409, reason: PluginVerifyReason, message: string): PluginVerifyResult => ({ ok: false, status, reason, message })

/**
 * Checks a business page's `echatSDK.config({timestamp, nonce, signature})` for the agent's company, in a
 * fixed order so each failure has one reason: body, plugin, origin, time window, HMAC, and last the nonce
 * (only a signature that is otherwise good uses one up).
 */
export async function verifyPluginConfig(db: Queryable, companyId: string, pluginId: string, body: unknown, nowMs: number): Promise<PluginVerifyResult> {
  const parsed = configBody.safeParse(body)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    return fail(400, 'bad_request', `the signature body is not valid: ${issues.join('; ')}`)
  }
  const config = parsed.data
  const plugin = await findPlugin(db, companyId, pluginId)
  if (!plugin) return fail(404, 'unknown_plugin', `no plugin "${pluginId}" in this company`)
  if (httpOriginOf(config.pageUrl) !== plugin.allowedOrigin) {
    return fail(403, 'origin_mismatch', `the page is on ${httpOriginOf(config.pageUrl)}, but the plugin allows only ${plugin.allowedOrigin}`)
  }
  const now = Math.floor(nowMs / 1000)
  if (Math.abs(now - config.timestamp) > PLUGIN_SIGNATURE_WINDOW_SECONDS) {
    // A millisecond timestamp is the usual mistake; say so.
    const hint = config.timestamp > 1e11 ? ' (timestamp must be in seconds, not milliseconds)' : ''
    return fail(401, 'signature_expired', `the signature's timestamp is more than ${PLUGIN_SIGNATURE_WINDOW_SECONDS} s from the server's clock${hint}`)
  }
  if (!sameSignature(config.signature, pluginSignature(plugin.secret, config))) {
    return fail(401, 'signature_invalid', 'the signature does not match: sign `${timestamp}\\n${nonce}\\n${pageUrl}` with the plugin secret (HMAC-SHA256, hex)')
  }
  const fresh = await useNonce(db, plugin.pluginId, config.nonce, (config.timestamp + PLUGIN_SIGNATURE_WINDOW_SECONDS) * 1000, nowMs)
  if (!fresh) return fail(409, 'nonce_replayed', 'this nonce was already used: sign every page load with a new one')
  return { ok: true, pluginId: plugin.pluginId, verifiedAt: nowMs }
}
