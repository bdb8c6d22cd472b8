import { USERS } from './users'
import type { Order } from './orders'

// The store's order records: server-only (the shopper's orders page and the plugin's proof-checked
// lookup read them), so no browser bundle carries other shoppers' orders.

export const ORDERS: readonly Order[] = [
  {
    id: 'SO20261102001',
    userId: 'u1001',
    status: 5,
    createdAt: Date.UTC(2026, 10, 2, 2, 15),
    lines: [
      { productId: 'trench-coat', quantity: 1, size: 'M' },
      { productId: 'bucket-hat', quantity: 1, size: '均码 One size' },
    ],
  },
  {
    id: 'SO20261114002',
    userId: 'u1001',
    status: 4,
    createdAt: Date.UTC(2026, 10, 14, 9, 40),
    lines: [{ productId: 'wool-sweater', quantity: 2, size: 'S' }],
  },
  {
    id: 'SO20261119003',
    userId: 'u1001',
    status: 1,
    createdAt: Date.UTC(2026, 10, 19, 12, 5),
    lines: [{ productId: 'running-shoes', quantity: 1, size: '38' }],
  },
  {
    id: 'SO20261108004',
    userId: 'u1002',
    status: 3,
    createdAt: Date.UTC(2026, 10, 8, 6, 30),
    lines: [
      { productId: 'oxford-shirt', quantity: 2, size: 'L' },
      { productId: 'straight-jeans', quantity: 1, size: '32' },
    ],
  },
  {
    id: 'SO20261117005',
    userId: 'u1002',
    status: 2,
    createdAt: Date.UTC(2026, 10, 17, 15, 20),
    lines: [{ productId: 'running-shoes', quantity: 1, size: '42' }],
  },
]

export function ordersOf(userId: string): readonly Order[] {
  return ORDERS.filter((order) => order.userId === userId)
}

/**
 * Orders for the agent's lookup: those whose number contains `query`, or all of the shopper whose user
 * id or user name it is (both case-insensitive).
 */
export function lookUpOrders(query: string): readonly Order[] {
  const q = query.trim().toUpperCase()
  if (!q) return []
  const user = USERS.find((u) => u.id.toUpperCase() === q || u.username.toUpperCase() === q)
  return ORDERS.filter((order) => order.id.includes(q) || order.userId === user?.id)
}

export function findOrder(id: string): Order | undefined {
  return ORDERS.find((order) => order.id === id.trim().toUpperCase())
}
