import type { OrderStatus } from './orderCard'

export type OrderStatusLocale = 'zh-CN' | 'zh-TW' | 'en'

/**
 * The Sobot seed's order statuses by locale, indexed by `OrderStatus`. Index 0 is only a fallback
 * label: a status-0 card shows its own `statusCustom`.
 */
export const ORDER_STATUS_TEXT: Readonly<Record<OrderStatusLocale, Readonly<Record<OrderStatus, string>>>> = {
  'zh-CN': ['自定义状态', '待付款', '待发货', '运输中', '派送中', '已完成', '待评价', '已取消'],
  'zh-TW': ['自訂狀態', '待付款', '待發貨', '運輸中', '派送中', '已完成', '待評價', '已取消'],
  en: ['Custom', 'Awaiting payment', 'Awaiting shipment', 'In transit', 'Out for delivery', 'Completed', 'Awaiting review', 'Cancelled'],
}

/** An amount in fen as yuan with two decimals (1000 → "10.00"), in integer arithmetic so it is exact. */
export function formatFen(fen: number): string {
  const rounded = Math.round(fen)
  const digits = String(Math.abs(rounded)).padStart(3, '0')
  return `${rounded < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`
}
