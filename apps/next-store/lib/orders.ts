import type { OrderStatus } from '@kefu/core'
import { findProduct, type Product } from './products'

export interface OrderLine {
  readonly productId: string
  readonly quantity: number
  readonly size: string
}

/** A demo order; `status` uses Sobot's order status codes (1 awaiting payment … 7 cancelled). */
export interface Order {
  readonly id: string
  readonly userId: string
  readonly status: OrderStatus
  /** Milliseconds since the epoch. */
  readonly createdAt: number
  readonly lines: readonly OrderLine[]
}

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

export function findOrder(id: string): Order | undefined {
  return ORDERS.find((order) => order.id === id.trim().toUpperCase())
}

/** The order's lines with their products (every line names a catalogue product). */
export function orderProducts(order: Order): readonly (OrderLine & { readonly product: Product })[] {
  return order.lines.flatMap((line) => {
    const product = findProduct(line.productId)
    return product ? [{ ...line, product }] : []
  })
}

export function orderTotalFen(order: Order): number {
  return orderProducts(order).reduce((sum, line) => sum + line.product.priceFen * line.quantity, 0)
}
