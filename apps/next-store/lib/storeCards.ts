import type { OrderCard, ProductCard } from '@kefu/core'
import { orderProducts, orderTotalFen, type Order } from './orders'
import { formatPrice, type Product } from './products'

/**
 * The product card the visitor sends ("咨询此商品") and the agent pushes. `origin` is the store's own
 * origin, so the picture and links are absolute URLs the agent's browser can load. One language per bubble:
 * the store is Chinese, so the card is too.
 */
export function productCard(product: Product, origin: string): ProductCard {
  const url = new URL(`/products/${product.id}`, origin).href
  return {
    eventId: `prod-${product.id}`,
    title: product.name,
    content: `<div><span style="color:#c0392b;font-weight:bold">${formatPrice(product.priceFen)}</span></div><div>尺码：${product.sizes.join(' / ')}</div>`,
    imageUrl: new URL(product.image, origin).href,
    urlForVisitor: url,
    urlForStaff: url,
  }
}

/** The order card the orders page sends ("咨询此订单"). */
export function orderCard(order: Order, origin: string): OrderCard {
  const lines = orderProducts(order)
  return {
    type: 'order',
    orderCode: order.id,
    orderStatus: order.status,
    createTime: order.createdAt,
    orderUrl: new URL(`/orders#${order.id}`, origin).href,
    goodsCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    totalFee: orderTotalFen(order),
    goods: lines.map((line) => ({ name: `${line.product.name} ${line.size}`, pictureUrl: new URL(line.product.image, origin).href })),
  }
}
