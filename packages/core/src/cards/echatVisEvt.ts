import { ValidationError } from '../errors'
import { validateProductCard, type ProductCard } from './productCard'

/** The Echat seed's `visEvt` (图文消息) object; pages often pass numbers as strings. */
export interface EchatVisEvt {
  readonly eventId?: string
  readonly title?: string
  readonly content?: string
  readonly imageUrl?: string
  /** Deprecated by the seed: the link agents open; read as `urlForStaff` when that is absent. */
  readonly url?: string
  readonly urlForVisitor?: string
  readonly urlForStaff?: string
  readonly memo?: string
  /** Deprecated by the seed: 0 means visitors cannot open the link. */
  readonly urlEnableForVisitor?: number | string
  readonly visibility?: number | string
  readonly customizeMsgType?: number | string
}

/** Reads a `visEvt` object or its JSON string (as passed in a chat link) into a validated card. */
export function productCardFromVisEvt(visEvt: string | object): ProductCard & { readonly type: 'product' } {
  return validateProductCard(productCardFieldsFromVisEvt(visEvt))
}

/** The card's fields of a `visEvt`, not validated (see `productCardFieldsFromSobot`); throws on bad JSON only. */
export function productCardFieldsFromVisEvt(visEvt: string | object): unknown {
  let source: unknown = visEvt
  if (typeof visEvt === 'string') {
    try {
      source = JSON.parse(visEvt)
    } catch {
      throw new ValidationError('invalid_card', [{ path: '', message: 'visEvt is not valid JSON' }])
    }
  }
  if (Object.prototype.toString.call(source) !== '[object Object]') return source
  const { url, urlEnableForVisitor, ...fields } = source as EchatVisEvt & Record<string, unknown>
  return {
    ...fields,
    urlForStaff: fields.urlForStaff || url,
    urlForVisitor: `${urlEnableForVisitor}` === '0' ? undefined : fields.urlForVisitor,
  }
}

/** The seed's `visEvt` for a card: only the fields present, numbers as numbers. */
export function productCardToVisEvt(card: ProductCard): EchatVisEvt {
  const { type: _type, ...visEvt } = validateProductCard(card)
  return visEvt
}
