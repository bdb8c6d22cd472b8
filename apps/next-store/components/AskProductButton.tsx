'use client'
import { useSendCard } from '@kefu/react'
import type { Product } from '../lib/products'
import { productCard } from '../lib/storeCards'

/** "咨询此商品": sends the product as a card to the chat (starting one if needed). */
export function AskProductButton({ product }: { readonly product: Product }) {
  const { send, state } = useSendCard()
  return (
    <div className="ask">
      <button
        type="button"
        className="button primary"
        data-testid="ask-product"
        data-state={state}
        disabled={state === 'sending'}
        onClick={() => void send(productCard(product, window.location.origin)).catch(() => undefined)}
      >
        {state === 'sending' ? '发送中… Sending…' : '咨询此商品'}
        <small>Ask about this product</small>
      </button>
      <p className="ask-note" role="status">
        {state === 'sent' && '已发送给客服，回复会显示在右上角 / Sent — replies show on the chat button'}
        {state === 'error' && '发送失败，请稍后再试 / Could not send, please try again'}
      </p>
    </div>
  )
}
