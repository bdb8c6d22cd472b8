import type { Order } from '#shared/orders'
import { USERS } from './users'

// The store's order records: server-only (the shopper's own orders and the plugin's proof-checked
// lookup read them), so no browser bundle carries other shoppers' orders.

export const ORDERS: readonly Order[] = [
  { id: 'TEA20260301001', userId: 'lily', status: 5, createdAt: Date.UTC(2026, 2, 1, 2, 12), lines: [{ productId: 'longjing', quantity: 2 }, { productId: 'gaiwan', quantity: 1 }] },
  { id: 'TEA20260415002', userId: 'lily', status: 3, createdAt: Date.UTC(2026, 3, 15, 9, 40), lines: [{ productId: 'zisha', quantity: 1 }] },
  { id: 'TEA20260502003', userId: 'lily', status: 1, createdAt: Date.UTC(2026, 4, 2, 13, 5), lines: [{ productId: 'baicha', quantity: 1 }, { productId: 'chapan', quantity: 1 }] },
  { id: 'TEA20260220004', userId: 'tom', status: 5, createdAt: Date.UTC(2026, 1, 20, 6, 30), lines: [{ productId: 'puer', quantity: 3 }] },
  { id: 'TEA20260510005', userId: 'tom', status: 2, createdAt: Date.UTC(2026, 4, 10, 11, 0), lines: [{ productId: 'gaiwan', quantity: 2 }, { productId: 'longjing', quantity: 1 }] },
]

export const ordersOf = (userId: string): readonly Order[] => ORDERS.filter((o) => o.userId === userId)

/**
 * Orders for the agent's lookup: those whose number contains `query`, or all of the shopper whose id
 * it is (both case-insensitive).
 */
export function lookUpOrders(query: string): readonly Order[] {
  const q = query.trim().toLowerCase()
  if (!q) return []
  const user = USERS.find((u) => u.id.toLowerCase() === q)
  return ORDERS.filter((o) => o.id.toLowerCase().includes(q) || o.userId === user?.id)
}
