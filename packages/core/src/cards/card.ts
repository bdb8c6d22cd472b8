import type { OrderCard } from './orderCard'
import { validateOrderCard } from './orderCard'
import type { ProductCard } from './productCard'
import { validateProductCard } from './productCard'

/** Anything `sendCard` takes: a product card (the default) or an order card (`type: 'order'`). */
export type Card = ProductCard | OrderCard

export type ValidatedCard = (ProductCard & { readonly type: 'product' }) | OrderCard

/** Validates a card of either kind; throws a `ValidationError` listing every issue. */
export function validateCard(input: unknown): ValidatedCard {
  const isOrder = typeof input === 'object' && input !== null && (input as { type?: unknown }).type === 'order'
  return isOrder ? validateOrderCard(input) : validateProductCard(input)
}
