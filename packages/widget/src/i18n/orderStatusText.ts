import { ORDER_STATUS_TEXT } from '@kefu/core/cards'
import type { OrderCard } from '@kefu/core'
import type { Locale } from './locale'

/** An order card's status in the visitor's language (core's `ORDER_STATUS_TEXT`); status 0 shows `statusCustom`. */
export function orderStatusText(locale: Locale, card: Pick<OrderCard, 'orderStatus' | 'statusCustom'>): string {
  if (card.orderStatus === 0 && card.statusCustom) return card.statusCustom
  return (ORDER_STATUS_TEXT[locale] ?? ORDER_STATUS_TEXT['zh-CN'])[card.orderStatus] ?? ''
}
