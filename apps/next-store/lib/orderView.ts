import type { OrderStatus } from '@kefu/core'
import { orderProducts, orderTotalFen, type Order } from './orders'

/** An order as the plugin's lookup API answers it: what the agent sees and pushes, with no more lookups. */
export interface OrderView {
  readonly id: string
  readonly userId: string
  readonly status: OrderStatus
  /** Milliseconds since the epoch. */
  readonly createdAt: number
  readonly totalFen: number
  readonly lines: readonly {
    readonly productId: string
    readonly name: string
    readonly quantity: number
    readonly size: string
    /** The product picture's path on the store, e.g. `/products/trench-coat.svg`. */
    readonly image: string
  }[]
}

export function orderView(order: Order): OrderView {
  return {
    id: order.id,
    userId: order.userId,
    status: order.status,
    createdAt: order.createdAt,
    totalFen: orderTotalFen(order),
    lines: orderProducts(order).map((line) => ({
      productId: line.productId,
      name: line.product.name,
      quantity: line.quantity,
      size: line.size,
      image: line.product.image,
    })),
  }
}
