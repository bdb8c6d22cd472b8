import { NextResponse } from 'next/server'
import { proofFromHeader, verifyContextProof } from '@kefu/agent/server'
import { CONTEXT_PROOF_HEADER } from '../../../../lib/contextProofHeader'
import { lookUpOrders } from '../../../../lib/orderBook'
import { orderView } from '../../../../lib/orderView'
import { storeEnv } from '../../../../lib/storeEnv'

export const dynamic = 'force-dynamic'

const NO_STORE = { 'cache-control': 'no-store' }
const error = (status: number, code: string, message: string) => NextResponse.json({ error: code, message }, { status, headers: NO_STORE })

/**
 * The plugin page's order lookup: `GET /api/plugin/orders?q=<order number | user id | user name>` with
 * the workbench's context proof in the `x-kefu-context-proof` header. Only a page kefu shows to one of
 * the company's agents, with a visitor selected, has a valid proof; anyone else gets 401.
 */
export function GET(request: Request) {
  const env = storeEnv()
  if (!env.pluginSecret) {
    return error(503, 'not_configured', 'the plugin is not configured: set KEFU_PLUGIN_SECRET on the store\'s server')
  }
  const check = verifyContextProof(proofFromHeader(request.headers.get(CONTEXT_PROOF_HEADER)), env.pluginSecret, { companyId: env.companyId })
  if (!check.ok) return error(401, check.reason, check.message)
  const q = (new URL(request.url).searchParams.get('q') ?? '').trim()
  if (!q || q.length > 64) return error(400, 'bad_request', 'give ?q= an order number, user id or user name (1–64 characters)')
  return NextResponse.json({ orders: lookUpOrders(q).map(orderView) }, { headers: NO_STORE })
}
