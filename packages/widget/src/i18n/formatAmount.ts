import { formatFen } from '@kefu/core/cards'
import type { Locale } from './locale'
import { t } from './t'

/** An order total in fen as the card shows it: `¥10.00` (zh-CN), `CN¥10.00` (zh-TW, en). */
export function formatAmount(locale: Locale, fen: number): string {
  return t(locale, 'card.amount', { amount: formatFen(fen) })
}
