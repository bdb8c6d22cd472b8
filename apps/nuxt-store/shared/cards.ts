import type { OrderCard, ProductCard } from '@kefu/core'
import { PRODUCTS, findProduct, formatPrice, type Product } from './catalog'
import type { Order } from './orders'

/** Where a product's picture lives; absolute, because the agent's browser loads it from another origin. */
export const productImageUrl = (origin: string, product: Pick<Product, 'id'>): string => `${origin}/products/${product.id}.svg`

/** The card "咨询此商品" sends (and the plugin page pushes): Echat `visEvt` fields. */
export function productCard(origin: string, product: Product): ProductCard {
  const url = `${origin}/products/${product.id}`
  return {
    eventId: `prod-${product.id}`,
    title: product.name,
    content: `<div style="color:#9a3412;font-weight:bold">${formatPrice(product.priceFen)}</div><div style="color:#57534e">${product.origin}</div>`,
    imageUrl: productImageUrl(origin, product),
    urlForVisitor: url,
    urlForStaff: url,
    memo: product.category,
  }
}

/** An order card (Sobot order fields) for one of the shopper's orders. */
export function orderCard(origin: string, order: Order): OrderCard {
  const lines = order.lines.map((line) => ({ line, product: findProduct(line.productId) ?? PRODUCTS[0]! }))
  return {
    type: 'order',
    orderCode: order.id,
    orderStatus: order.status,
    createTime: order.createdAt,
    orderUrl: `${origin}/orders#${order.id}`,
    goodsCount: order.lines.reduce((sum, line) => sum + line.quantity, 0),
    totalFee: orderTotal(order),
    goods: lines.map(({ product }) => ({ name: product.name, pictureUrl: productImageUrl(origin, product) })),
  }
}

/** The order total in fen. */
export const orderTotal = (order: Order): number =>
  order.lines.reduce((sum, line) => sum + (findProduct(line.productId)?.priceFen ?? 0) * line.quantity, 0)
