'use client'
import { useState } from 'react'
import { ORDER_STATUS_TEXT } from '@kefu/core/cards'
import { usePushCard, useSelectedVisitor } from '@kefu/react/agent'
import type { OrderView } from '../../lib/orderView'
import { formatPrice } from '../../lib/products'
import { useOrderLookup } from './useOrderLookup'

/**
 * Orders of the selected member (by `partnerId`), or found by order number or user; pushable as a card.
 * The store's server answers only with the workbench's proof that an agent has this visitor selected.
 */
export function OrderLookup() {
  const [query, setQuery] = useState('')
  const { push, state } = usePushCard()
  const [pushedId, setPushedId] = useState<string | null>(null)
  const visitor = useSelectedVisitor()
  const partnerId = visitor?.visitorData.partnerId ?? ''
  const lookup = useOrderLookup(query.trim() || partnerId, visitor?.proof ?? null)
  const found = lookup.status === 'done' ? lookup.orders : []

  const pushOrder = (order: OrderView) => {
    setPushedId(order.id)
    const first = order.lines[0]
    const origin = window.location.origin
    push({
      eventId: `order-${order.id}`,
      title: `订单 Order ${order.id}`,
      content: `<div>${ORDER_STATUS_TEXT['zh-CN'][order.status]} · ${formatPrice(order.totalFen)}</div>`,
      ...(first ? { imageUrl: new URL(first.image, origin).href } : {}),
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
      <ul className="plugin-list" data-testid="plugin-orders" data-status={lookup.status}>
        {found.map((order) => (
          <li key={order.id} data-testid={`plugin-order-${order.id}`}>
            <span className="grow">
              <strong>{order.id}</strong> <span className="tag">{ORDER_STATUS_TEXT['zh-CN'][order.status]}</span>
              <br />
              <small className="muted">
                {order.lines.map((line) => `${line.name}×${line.quantity}`).join('、')} · {formatPrice(order.totalFen)}
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
        {lookup.status === 'done' && found.length === 0 && (
          <li className="muted">{query.trim() ? '没有匹配的订单 No match' : '该会员暂无订单 No orders'}</li>
        )}
        {lookup.status === 'idle' && <li className="muted">访客未登录，可按订单号查询 Guest: search by order number</li>}
        {lookup.status === 'no_proof' && (
          <li className="muted">请先在左侧选择访客 Select a visitor first: order lookup needs the workbench&apos;s proof</li>
        )}
        {lookup.status === 'loading' && <li className="muted">查询中… Looking up…</li>}
      </ul>
      {lookup.status === 'error' && (
        <p className="error" role="alert" data-testid="plugin-order-error">
          查询失败 Lookup failed ({lookup.error}): {lookup.message}
        </p>
      )}
    </section>
  )
}
