'use client'
import { useSendCard } from '@kefu/react'
import type { Order } from '../lib/orders'
import { orderCard } from '../lib/storeCards'

/** "咨询此订单": sends the order as an order card to the chat. */
export function AskOrderButton({ order }: { readonly order: Order }) {
  const { send, state } = useSendCard()
  return (
    <button
      type="button"
      className="button"
      data-testid={`ask-order-${order.id}`}
      data-state={state}
      disabled={state === 'sending'}
      onClick={() => void send(orderCard(order, window.location.origin)).catch(() => undefined)}
    >
      {state === 'sent' ? '已发送 Sent' : state === 'error' ? '重试 Retry' : '咨询此订单'}
      <small>{state === 'sent' || state === 'error' ? '' : 'Ask about this order'}</small>
    </button>
  )
}
