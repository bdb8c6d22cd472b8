import { readCardFields } from './cardFields'
import { sanitizeCardHtml } from './sanitizeCardHtml'

/**
 * A product (or any image-and-text) card, with the fields of the Echat seed's `visEvt`.
 * Links use the seed's protocols; see `parseCardLink`.
 */
export interface ProductCard {
  readonly type?: 'product'
  /** Your id for the card, e.g. `prod-123`; a prefix tells your systems what kind of card it is. */
  readonly eventId?: string
  readonly title: string
  /** HTML limited to div and span with a style attribute; everything else is removed. */
  readonly content?: string
  readonly imageUrl?: string
  /** `http(url,'blank'|'inner')`, `xcx(path,'navigateTo'|'redirectTo'|'switchTab')` or an http(s) URL. */
  readonly urlForVisitor?: string
  /** `http(url,'blank'|'inner')`, `apiUrl(pageId,'reload'|'hash')` or an http(s) URL. */
  readonly urlForStaff?: string
  readonly memo?: string
  /** 1: visitor and agent see it (default); 2: only the agent sees it. */
  readonly visibility?: 1 | 2
  /** 1: counts as a visitor/agent message; 2: a system message. */
  readonly customizeMsgType?: 1 | 2
}

/** Validates a product card: links normalised, `content` reduced to div/span with safe styles. */
export function validateProductCard(input: unknown): ProductCard & { readonly type: 'product' } {
  const card = readCardFields(input)
  if (card.source.type !== undefined && card.source.type !== 'product') card.fail('type', "must be 'product'")
  return card.done({
    type: 'product',
    eventId: card.text('eventId', 128),
    title: card.text('title', 256, true),
    content: card.text('content', 4096, false, sanitizeCardHtml),
    imageUrl: card.url('imageUrl'),
    urlForVisitor: card.link('urlForVisitor', 'visitor'),
    urlForStaff: card.link('urlForStaff', 'staff'),
    memo: card.text('memo', 512),
    visibility: card.int('visibility', 'must be 1 or 2', 1, 2),
    customizeMsgType: card.int('customizeMsgType', 'must be 1 or 2', 1, 2),
  })
}
