import type { OrderStatus } from '@kefu/core'

export interface OrderLine {
  readonly productId: string
  readonly quantity: number
}

/** A demo shopper's order; the status uses Sobot's order status codes (1 awaiting payment … 7 cancelled). */
export interface Order {
  readonly id: string
  readonly userId: string
  readonly status: OrderStatus
  /** Milliseconds since the epoch. */
  readonly createdAt: number
  readonly lines: readonly OrderLine[]
}

/** Sobot's order status names (1–7), for the store's own order list. */
export const ORDER_STATUS_TEXT: Readonly<Record<OrderStatus, string>> = {
  0: '自定义 Custom',
  1: '待付款 Awaiting payment',
  2: '待发货 Awaiting shipment',
  3: '运输中 Shipping',
  4: '派送中 Out for delivery',
  5: '已完成 Completed',
  6: '待评价 Awaiting review',
  7: '已取消 Cancelled',
}

export const ORDERS: readonly Order[] = [
  { id: 'TEA20260301001', userId: 'lily', status: 5, createdAt: Date.UTC(2026, 2, 1, 2, 12), lines: [{ productId: 'longjing', quantity: 2 }, { productId: 'gaiwan', quantity: 1 }] },
  { id: 'TEA20260415002', userId: 'lily', status: 3, createdAt: Date.UTC(2026, 3, 15, 9, 40), lines: [{ productId: 'zisha', quantity: 1 }] },
  { id: 'TEA20260502003', userId: 'lily', status: 1, createdAt: Date.UTC(2026, 4, 2, 13, 5), lines: [{ productId: 'baicha', quantity: 1 }, { productId: 'chapan', quantity: 1 }] },
  { id: 'TEA20260220004', userId: 'tom', status: 5, createdAt: Date.UTC(2026, 1, 20, 6, 30), lines: [{ productId: 'puer', quantity: 3 }] },
  { id: 'TEA20260510005', userId: 'tom', status: 2, createdAt: Date.UTC(2026, 4, 10, 11, 0), lines: [{ productId: 'gaiwan', quantity: 2 }, { productId: 'longjing', quantity: 1 }] },
]

export const ordersOf = (userId: string): readonly Order[] => ORDERS.filter((o) => o.userId === userId)
