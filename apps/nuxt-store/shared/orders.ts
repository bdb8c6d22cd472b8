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
