import type { Order } from '#shared/orders'
import { proofFromHeader, verifyContextProof } from '@kefu/agent/server'
import { lookUpOrders } from './orderBook'
import type { StoreEnv } from './storeEnv'

export type PluginOrderLookupResult =
  | { readonly status: 200; readonly body: { readonly orders: readonly Order[] } }
  | { readonly status: 400 | 401 | 503; readonly body: { readonly error: string; readonly message: string } }

export interface PluginOrderLookupRequest {
  /** The `x-kefu-context-proof` header, `null` when absent. */
  readonly proofHeader: string | null
  /** The `q` query parameter as h3 parsed it. */
  readonly q: unknown
}

/**
 * `GET /api/plugin/orders?q=` for the plugin page: by order number or shopper id, answered only with
 * kefu's context proof that an agent of this company has a visitor selected (401 otherwise). Kept apart
 * from the h3 handler so it is tested without a server.
 */
export function pluginOrderLookup(
  request: PluginOrderLookupRequest,
  env: Pick<StoreEnv, 'pluginSecret' | 'companyId'>,
  nowMs = Date.now(),
): PluginOrderLookupResult {
  if (!env.pluginSecret) {
    return { status: 503, body: { error: 'not_configured', message: 'the plugin is not configured: set KEFU_PLUGIN_SECRET on the store\'s server' } }
  }
  const check = verifyContextProof(proofFromHeader(request.proofHeader), env.pluginSecret, { companyId: env.companyId, nowMs })
  if (!check.ok) return { status: 401, body: { error: check.reason, message: check.message } }
  const q = typeof request.q === 'string' ? request.q.trim() : ''
  if (!q || q.length > 64) {
    return { status: 400, body: { error: 'bad_request', message: 'give ?q= an order number or a shopper id (1–64 characters)' } }
  }
  return { status: 200, body: { orders: lookUpOrders(q) } }
}
