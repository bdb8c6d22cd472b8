import { formatFen, ORDER_STATUS_TEXT, parseCardLink, type CardLink } from '@kefu/core/cards'
import type { OrderCard, ProductCard } from '@kefu/core'
import { safeUrl } from './linkify'
import { formatDateTime, useDeskLocale } from './i18n'

/** What clicking a card's staff link does; the workbench decides (new tab, plugin panel). */
export type OpenCardLink = (link: CardLink) => void

function readLink(value: string | undefined): CardLink | null {
  if (!value) return null
  try {
    return parseCardLink(value, 'staff')
  } catch {
    return null
  }
}

export function ProductCardView({ card, onOpen }: { card: ProductCard; onOpen: OpenCardLink }) {
  const { text } = useDeskLocale()
  const link = readLink(card.urlForStaff)
  const image = safeUrl(card.imageUrl)
  return (
    <article className="card product-card" data-testid="card-product">
      {image ? <img src={image} alt="" className="card-image" /> : null}
      <div className="card-body">
        <h4 className="card-title">{card.title}</h4>
        {/* The server sanitized `content` to div/span with safe styles; it is the only HTML rendered. */}
        {card.content ? <div className="card-content" dangerouslySetInnerHTML={{ __html: card.content }} /> : null}
        {card.memo ? (
          <p className="card-memo">
            {text.card.memo}: {card.memo}
          </p>
        ) : null}
        {link ? (
          <button type="button" className="card-link" data-testid="card-link" onClick={() => onOpen(link)}>
            {text.card.open}
            {link.protocol === 'apiUrl' ? ` · ${link.pageId}` : ''}
          </button>
        ) : null}
      </div>
    </article>
  )
}

export function OrderCardView({ card }: { card: OrderCard }) {
  const { text, locale } = useDeskLocale()
  const statuses = ORDER_STATUS_TEXT[locale]
  const status = card.orderStatus === 0 ? (card.statusCustom ?? statuses[0]) : statuses[card.orderStatus]
  const link = readLink(card.orderUrl)
  return (
    <article className="card order-card" data-testid="card-order">
      <header className="order-head">
        <span>{text.card.order(card.orderCode)}</span>
        <span className="order-status">{status}</span>
      </header>
      <ul className="order-goods">
        {card.goods.map((g, i) => (
          <li key={i}>
            {safeUrl(g.pictureUrl) ? <img src={safeUrl(g.pictureUrl)} alt="" /> : null}
            <span>{g.name}</span>
          </li>
        ))}
      </ul>
      <footer className="order-foot">
        {card.goodsCount !== undefined ? <span>{text.card.goods(card.goodsCount)}</span> : null}
        <span>
          {text.card.total} {locale === 'zh-CN' ? '¥' : 'CN¥'}
          {formatFen(card.totalFee)}
        </span>
        {card.createTime ? <time dateTime={new Date(card.createTime).toISOString()}>{formatDateTime(locale, card.createTime)}</time> : null}
        {link?.protocol === 'http' ? (
          <a href={link.url} target="_blank" rel="noopener noreferrer">
            {text.card.open}
          </a>
        ) : null}
      </footer>
    </article>
  )
}
