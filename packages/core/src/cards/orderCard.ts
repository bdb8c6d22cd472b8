import type { ValidationIssue } from '../errors'
import { readCardFields } from './cardFields'

/** Sobot's order statuses: 0 custom (see `statusCustom`), 1 awaiting payment … 7 cancelled. */
export type OrderStatus = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7

export interface OrderGoods {
  readonly name: string
  readonly pictureUrl?: string
}

/** An order card, with Sobot's order fields in camelCase. */
export interface OrderCard {
  readonly type: 'order'
  readonly orderCode: string
  readonly orderStatus: OrderStatus
  /** The status text shown when `orderStatus` is 0. */
  readonly statusCustom?: string
  /** Creation time, milliseconds since the epoch. */
  readonly createTime?: number
  readonly orderUrl?: string
  readonly goodsCount?: number
  /** The order total in fen (1000 = ¥10.00); an integer. */
  readonly totalFee: number
  readonly goods: readonly OrderGoods[]
}

const MAX_GOODS = 50

export function validateOrderCard(input: unknown): OrderCard {
  const issues: ValidationIssue[] = []
  const card = readCardFields(input, issues)
  if (card.source.type !== 'order') card.fail('type', "must be 'order'")
  const orderStatus = card.int('orderStatus', 'must be an integer from 0 to 7', 0, 7, true)
  const goods = card.source.goods ?? []
  if (!Array.isArray(goods)) card.fail('goods', 'must be an array')
  else if (goods.length > MAX_GOODS) card.fail('goods', `must have at most ${MAX_GOODS} items`)
  return card.done({
    type: 'order',
    orderCode: card.text('orderCode', 64, true),
    orderStatus,
    statusCustom: card.text('statusCustom', 64, orderStatus === 0),
    createTime: card.int('createTime', 'must be a non-negative integer (milliseconds)'),
    // Sobot's order_url is a web link or a mini-program page path.
    orderUrl: card.link('orderUrl', 'visitor', true),
    goodsCount: card.int('goodsCount', 'must be a non-negative integer'),
    totalFee: card.int('totalFee', 'must be a non-negative integer number of fen (1000 = 10.00)', 0, undefined, true),
    goods: (Array.isArray(goods) ? goods.slice(0, MAX_GOODS) : []).map((item: unknown, index) => {
      const entry = readCardFields(item, issues, `goods.${index}.`)
      return entry.done({ name: entry.text('name', 256, true), pictureUrl: entry.url('pictureUrl') })
    }),
  })
}
