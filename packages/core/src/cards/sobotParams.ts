import { ValidationError } from '../errors'
import { linkFromPath } from './cardLink'
import { validateOrderCard, type OrderCard } from './orderCard'
import { validateProductCard, type ProductCard } from './productCard'
import { decodeEntities, escapeText } from './sanitizeCardHtml'

/** The Sobot seed's product-card params (`zc('config', …)` or chat-link query). */
export interface SobotCardParams {
  readonly card_title?: string
  /** An http(s) URL or a mini-program page path, possibly encodeURIComponent'd. */
  readonly card_url?: string
  readonly card_desc?: string
  /** A label such as a price. */
  readonly card_note?: string
  readonly card_picture?: string
}

/** The Sobot seed's order-card params; numbers arrive as strings from chat links. */
export interface SobotOrderParams {
  /** 0 custom (see status_custom), 1 awaiting payment … 7 cancelled. */
  readonly order_status?: string | number
  readonly status_custom?: string
  /** Milliseconds since the epoch. */
  readonly create_time?: string | number
  readonly order_code?: string | number
  readonly order_url?: string
  readonly goods_count?: string | number
  /** In fen: 1000 is 10.00. */
  readonly total_fee?: string | number
  /** JSON of `[{name, pictureUrl}]`. */
  readonly goods?: string
}

const CARD_PATHS: Readonly<Record<string, string>> = {
  title: 'card_title',
  content: 'card_desc',
  memo: 'card_note',
  imageUrl: 'card_picture',
  urlForVisitor: 'card_url',
  urlForStaff: 'card_url',
}

export function productCardFromSobot(params: SobotCardParams): ProductCard & { readonly type: 'product' } {
  return withSobotPaths(() => validateProductCard(productCardFieldsFromSobot(params)), (path) => CARD_PATHS[path] ?? path)
}

/**
 * The card's fields from Sobot params, not validated: for a client that leaves validation to the server
 * (the chat window, whose size budget has no room for the validators; the server validates every card).
 */
export function productCardFieldsFromSobot(params: SobotCardParams): Record<string, unknown> {
  const url = decodeUrl(params.card_url)
  const link = url && linkFromPath(url)
  return {
    title: params.card_title,
    // card_desc is plain text; escaped, it survives sanitizing as it is.
    content: params.card_desc && escapeText(params.card_desc),
    memo: params.card_note,
    imageUrl: decodeUrl(params.card_picture),
    urlForVisitor: link,
    // A mini-program page cannot open in the agent's workbench.
    urlForStaff: link === url ? url : undefined,
  }
}

export function orderCardFromSobot(params: SobotOrderParams): OrderCard {
  return withSobotPaths(
    () => validateOrderCard(orderCardFieldsFromSobot(params)),
    // orderCode → order_code; nested paths like goods.0.pictureUrl keep the seed's camelCase.
    (path) => path.replace(/^[a-z]+[A-Z]\w*/, (key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)),
  )
}

/** The order card's fields from Sobot params, not validated (see `productCardFieldsFromSobot`). */
export function orderCardFieldsFromSobot(params: SobotOrderParams): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(params)) fields[key.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())] = value
  let goods: unknown = params.goods
  try {
    goods = typeof goods === 'string' ? JSON.parse(goods) : goods
  } catch {
    // Left as the string: validation then reports that goods is not an array.
  }
  return {
    ...fields,
    type: 'order',
    orderUrl: decodeUrl(params.order_url),
    goods: Array.isArray(goods)
      ? goods.map((item: unknown) =>
          typeof item === 'object' && item ? { ...item, pictureUrl: decodeUrl((item as { pictureUrl?: string }).pictureUrl) } : item,
        )
      : goods,
  }
}

/** Sobot params for a card: strings, URLs not encoded; the content becomes plain text. */
export function productCardToSobot(card: ProductCard): SobotCardParams {
  const { title, content, memo, imageUrl, urlForVisitor, urlForStaff } = validateProductCard(card)
  // card_url opens in the agent's workbench, so a web link wins over a mini-program page.
  const url = httpUrlOf(urlForStaff) ?? httpUrlOf(urlForVisitor) ?? xcxPathOf(urlForVisitor)
  return compact({ card_title: title, card_url: url, card_desc: content && htmlToText(content), card_note: memo, card_picture: imageUrl })
}

export function orderCardToSobot(card: OrderCard): { readonly [K in keyof SobotOrderParams]?: string } {
  const { type: _type, goods, orderUrl, ...rest } = validateOrderCard(card)
  const params: Record<string, string> = {}
  for (const [key, value] of Object.entries(rest)) params[key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = String(value)
  return compact({ ...params, order_url: httpUrlOf(orderUrl) ?? xcxPathOf(orderUrl), goods: JSON.stringify(goods) })
}

// Sobot recommends encodeURIComponent for URLs; decode once when the value is clearly encoded.
function decodeUrl(value: string | undefined): string | undefined {
  if (typeof value !== 'string' || !/^(?:https?%3a|%2f)|%2f%2f/i.test(value)) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

const httpUrlOf = (link: string | undefined): string | undefined => /^http\('([^']*)'/.exec(link ?? '')?.[1]
const xcxPathOf = (link: string | undefined): string | undefined => /^xcx\('([^']*)'/.exec(link ?? '')?.[1]

function htmlToText(html: string): string {
  const text = html.replace(/<\/div>(?=.)/g, ' ').replace(/<[^>]*>/g, '')
  return decodeEntities(text) ?? text
}

function compact<T extends object>(params: T): T {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined)) as T
}

// Report problems under the seed's param names (card_title, order_code) that the caller used.
function withSobotPaths<T>(validate: () => T, rename: (path: string) => string): T {
  try {
    return validate()
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    const issues = error.issues.map(({ path, message }) => ({ path: rename(path), message }))
    throw new ValidationError(
      'invalid_card',
      issues.filter((issue, index) => issues.findIndex((other) => other.message === issue.message && other.path === issue.path) === index),
    )
  }
}
