import { ORDERS } from '#shared/orders'

/**
 * Order lookup for the business plugin page: by order number, or by shopper id (the kefu `partnerid`
 * of the selected visitor). A real shop would also check the context proof the workbench gives the
 * page (pluginSignature.md §4) before showing a shopper's orders.
 */
export default defineEventHandler((event) => {
  const q = String(getQuery(event).q ?? '').trim().toLowerCase()
  if (!q || q.length > 64) {
    setResponseStatus(event, 400)
    return { error: 'bad_request', message: 'give ?q= an order number or a shopper id (1–64 characters)' }
  }
  return { orders: ORDERS.filter((o) => o.id.toLowerCase().includes(q) || o.userId === q) }
})
