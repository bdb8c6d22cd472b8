'use client'
import { useState } from 'react'
import { ORDER_STATUS_TEXT } from '@kefu/core/cards'
import { usePushCard, useSelectedVisitor } from '@kefu/react/agent'
import { orderProducts, orderTotalFen, type Order } from '../../lib/orders'
import { formatPrice } from '../../lib/products'

/** Orders of the selected member (by `partnerid`), or found by order number; pushable as a card. */
export function OrderLookup({ orders }: { readonly orders: readonly Order[] }) {
  const [query, setQuery] = useState('')
  const { push, state } = usePushCard()
  const [pushedId, setPushedId] = useState<string | null>(null)
  const visitor = useSelectedVisitor()
  const partnerId = visitor?.visitorData.partnerId ?? ''
  const q = query.trim().toUpperCase()
  const found = q ? orders.filter((order) => order.id.includes(q) || order.userId.toUpperCase() === q) : orders.filter((order) => partnerId && order.userId === partnerId)

  const pushOrder = (order: Order) => {
    setPushedId(order.id)
    const first = orderProducts(order)[0]
    const origin = window.location.origin
    push({
      eventId: `order-${order.id}`,
      title: `订单 Order ${order.id}`,
      content: `<div>${ORDER_STATUS_TEXT['zh-CN'][order.status]} · ${formatPrice(orderTotalFen(order))}</div>`,
      ...(first ? { imageUrl: new URL(first.product.image, origin).href } : {}),
      url: new URL(`/orders#${order.id}`, origin).href,
    }).catch(() => undefined)
  }

  return (
    <section className="plugin-section">
      <h2>
        订单 <small>Orders</small>
      </h2>
      <input
        type="search"
        data-testid="plugin-order-query"
        aria-label="订单号或会员号 Order number or member id"
        placeholder="订单号 / 会员号  Order no. or member id"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <ul className="plugin-list">
        {found.map((order) => (
          <li key={order.id} data-testid={`plugin-order-${order.id}`}>
            <span className="grow">
              <strong>{order.id}</strong> <span className="tag">{ORDER_STATUS_TEXT['zh-CN'][order.status]}</span>
              <br />
              <small className="muted">
                {orderProducts(order)
                  .map((line) => `${line.product.name}×${line.quantity}`)
                  .join('、')}{' '}
                · {formatPrice(orderTotalFen(order))}
              </small>
            </span>
            <button
              type="button"
              className="button small"
              data-testid={`plugin-push-order-${order.id}`}
              disabled={!visitor || (state === 'pushing' && pushedId === order.id)}
              onClick={() => pushOrder(order)}
            >
              {pushedId === order.id && state === 'pushed' ? '已推送 Pushed' : '推送 Push'}
            </button>
          </li>
        ))}
        {found.length === 0 && (
          <li className="muted">{q ? '没有匹配的订单 No match' : partnerId ? '该会员暂无订单 No orders' : '访客未登录，可按订单号查询 Guest: search by order number'}</li>
        )}
      </ul>
    </section>
  )
}
