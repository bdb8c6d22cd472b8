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
