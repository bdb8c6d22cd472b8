import type { ChatMessage, MessageBody, OrderCard, ProductCard, StaffInfo } from '@kefu/core'
import { parseCardLink, sanitizeCardHtml } from '@kefu/core/cards'
import type { ComponentChildren } from 'preact'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { formatAmount } from '../i18n/formatAmount'
import type { Locale } from '../i18n/locale'
import { locationText } from '../i18n/locationText'
import { noticeText } from '../i18n/noticeText'
import { orderStatusText } from '../i18n/orderStatusText'
import { t } from '../i18n/t'
import { BLANK, formatSize, httpUrl, safeUrl, useWindow } from './context'

const URL_RE = /https?:\/\/[^\s<>"'`\\]+/g

/** Text as text nodes (never HTML); http(s) URLs as links when `autoLink` is on. */
export function Linkified({ text, links }: { text: string; links: boolean }) {
  if (!links) return <>{text}</>
  const parts: ComponentChildren[] = []
  let last = 0
  for (const match of text.matchAll(URL_RE)) {
    const url = match[0].replace(/[.,;:!?)\]}]+$/, '')
    const start = match.index
    parts.push(text.slice(last, start), <a href={url} {...BLANK}>{url}</a>)
    last = start + url.length
  }
  parts.push(text.slice(last))
  return <>{parts}</>
}

/** A short plain-text label of a message, for screen readers. */
export function plainLabel(locale: Locale, body: MessageBody): string {
  switch (body.type) {
    case 'text':
    case 'notice':
      return body.text
    case 'image':
      return t(locale, 'message.image')
    case 'file':
      return `${t(locale, 'message.file')} ${body.name}`
    case 'voice':
      return t(locale, 'message.voice')
    case 'video':
      return t(locale, 'message.video')
    case 'product':
      return body.card.title
    case 'order':
      return `${body.card.orderCode} ${orderStatusText(locale, body.card)}`
    case 'form':
      return body.formName
    case 'location':
      return locationText(body)
  }
}

/** A card link for the visitor: new tab, in-window panel, or nothing (mini-program pages, bad links). */
function CardLink({ link, children }: { link: string | undefined; children: ComponentChildren }) {
  const { openPanel } = useWindow()
  let parsed
  try {
    parsed = link ? parseCardLink(link, 'visitor') : undefined
  } catch {
    parsed = undefined
  }
  const url = parsed?.protocol === 'http' ? httpUrl(parsed.url) : undefined
  if (!url || !parsed || parsed.protocol !== 'http') return <>{children}</>
  return parsed.openType === 'inner' ? (
    <button type="button" class="kf-lnk" onClick={() => openPanel(url)}>
      {children}
    </button>
  ) : (
    <a href={url} {...BLANK}>
      {children}
    </a>
  )
}

/** A product card, its HTML sanitized again; the leave-message page shows its 工单插件 card with it too. */
export function ProductCardView({ card }: { card: ProductCard }) {
  // Defense in depth: the server sanitized it already; sanitize again before it reaches the DOM.
  const html = useMemo(() => sanitizeCardHtml(card.content ?? ''), [card.content])
  const image = safeUrl(card.imageUrl)
  return (
    <div class="kf-card">
      {image && <img src={image} alt="" />}
      <div>
        <strong>
          <CardLink link={card.urlForVisitor}>{card.title}</CardLink>
        </strong>
        {html && <div class="kf-html" dangerouslySetInnerHTML={{ __html: html }} />}
        {card.memo && <div>{card.memo}</div>}
      </div>
    </div>
  )
}

function OrderCardView({ card }: { card: OrderCard }) {
  const { locale } = useWindow()
  return (
    <div class="kf-order">
      <div>
        {t(locale, 'card.orderCode')}: {card.orderCode} · <b>{orderStatusText(locale, card)}</b>
      </div>
      {card.createTime !== undefined && (
        <div>
          {t(locale, 'card.createTime')}: {new Date(card.createTime).toLocaleString(locale)}
        </div>
      )}
      <ul>
        {card.goods.map((goods, i) => (
          <li key={i}>{goods.name}</li>
        ))}
      </ul>
      {card.goodsCount !== undefined && <div>{t(locale, 'card.goodsCount', { count: card.goodsCount })}</div>}
      <div>
        {t(locale, 'card.total')}: <b>{formatAmount(locale, card.totalFee)}</b>
      </div>
      {card.orderUrl && <CardLink link={card.orderUrl}>{t(locale, 'card.view')}</CardLink>}
    </div>
  )
}

function Body({ body }: { body: MessageBody }) {
  const { locale, ui } = useWindow()
  const url = 'url' in body ? safeUrl(body.url) : undefined
  switch (body.type) {
    case 'text':
      return <Linkified text={body.text} links={ui.autoLink !== false} />
    case 'image':
      return url ? (
        <a href={url} {...BLANK}>
          <img src={safeUrl(body.thumbnailUrl) ?? url} alt={body.name ?? t(locale, 'message.image')} />
        </a>
      ) : null
    case 'file':
      return (
        <span>
          📄 {body.name} <small>{formatSize(body.size)}</small>{' '}
          {url && (
            <a href={url} download={body.name} {...BLANK}>
              {t(locale, 'message.download')}
            </a>
          )}
        </span>
      )
    case 'voice':
      return <audio controls src={url} aria-label={t(locale, 'message.voice')} />
    case 'video':
      return <video controls src={url} poster={safeUrl(body.thumbnailUrl)} aria-label={t(locale, 'message.video')} />
    case 'product':
      return <ProductCardView card={body.card} />
    case 'order':
      return <OrderCardView card={body.card} />
    case 'form':
      return <span>📝 {body.formName}</span>
    case 'location':
      return <span>📍 {locationText(body)}</span>
    case 'notice':
      return <>{body.text}</>
  }
}

function Message({ message, staff, read }: { message: ChatMessage; staff: StaffInfo | null; read: boolean }) {
  const { client, locale, ui } = useWindow()
  const [retried, setRetried] = useState(false)
  const { body, sender } = message
  if (retried) return null
  if (body.type === 'notice' || sender === 'system') {
    return (
      <li class="kf-n">{body.type === 'notice' ? noticeText(locale, body) : <Body body={body} />}</li>
    )
  }
  const visitor = sender === 'visitor'
  const avatar = !visitor && ui.showAvatars ? safeUrl(message.senderAvatar ?? (sender === 'agent' ? staff?.staffHead : undefined)) : undefined
  // 转人工 in the window's own language, whatever label the server stored with the bot's answer.
  const handoff = message.actions?.some((action) => action.type === 'handoff')
  const redirect = ui.humanRedirect && httpUrl(ui.humanRedirect.url)
  const name = visitor ? t(locale, 'message.you') : sender === 'bot' ? t(locale, 'bot.name') : message.senderName ?? t(locale, 'message.agent')
  return (
    <li class={`kf-m${visitor ? ' v' : ''}`}>
      {avatar && <img class="kf-av" src={avatar} alt="" />}
      <div class="kf-b">
        <span class="kf-sr">{name}: </span>
        <Body body={body} />
        {handoff && (
          <div>
            {redirect ? (
              <a class="kf-btn" href={redirect} {...(ui.humanRedirect?.newWindow ? BLANK : {})}>
                {t(locale, 'bot.handoff')}
              </a>
            ) : (
              <button type="button" class="kf-btn" onClick={() => void client.requestHuman().catch(() => undefined)}>
                {t(locale, 'bot.handoff')}
              </button>
            )}
          </div>
        )}
      </div>
      {message.state === 'pending' && <span class="kf-st">{t(locale, 'message.sending')}</span>}
      {read && <span class="kf-st">{t(locale, 'message.read')}</span>}
      {message.state === 'failed' && (
        <span class="kf-st f">
          {t(locale, 'message.failed')}
          {body.type === 'text' && (
            <button type="button" class="kf-lnk" onClick={() => (setRetried(true), void client.send(body.text).catch(() => undefined))}>
              {t(locale, 'message.retry')}
            </button>
          )}
        </span>
      )}
    </li>
  )
}

/**
 * The one scroll container: the messages (the visitor's latest read one marked 已读), before the first
 * message the greeting, and `footer` (the forms) below them.
 */
export function MessageList({ messages, staff, agentReadSeq, greeting, footer }: { messages: readonly ChatMessage[]; staff: StaffInfo | null; agentReadSeq: number; greeting?: string; footer: ComponentChildren }) {
  const { client, locale, ui } = useWindow()
  const since = ui.historyMinutes ? Date.now() - ui.historyMinutes * 60_000 : 0
  const list = useRef<HTMLDivElement>(null)
  const read = messages.reduce<string | undefined>((id, m) => (m.sender === 'visitor' && m.seq !== null && m.seq <= agentReadSeq ? m.id : id), undefined)
  // Where the reader was, from the bottom, when older messages were asked for; and the newest message's id.
  const fromBottom = useRef<number | undefined>(undefined)
  const newest = useRef<string | undefined>(undefined)
  const loadEarlier = () => {
    const el = list.current
    if (!el || fromBottom.current !== undefined || !client.getSnapshot().hasEarlier) return
    fromBottom.current = el.scrollHeight - el.scrollTop
    client.loadEarlier().catch(() => undefined).finally(() => (fromBottom.current = undefined))
  }
  // Keep the newest message in view; when older ones arrive above, keep the reader's place instead.
  useEffect(() => {
    const el = list.current
    const last = messages.at(-1)?.id
    if (el) el.scrollTop = fromBottom.current !== undefined && last === newest.current ? el.scrollHeight - fromBottom.current : el.scrollHeight
    newest.current = last
  }, [messages.length])
  return (
    <div ref={list} class="kf-l" tabIndex={0} role="region" aria-label={t(locale, 'a11y.messageList')} onScroll={(e) => (e.currentTarget as HTMLElement).scrollTop < 40 && loadEarlier()}>
      <ol class="kf-ol">
      {client.getSnapshot().hasEarlier && (
        <li class="kf-n">
          <button type="button" class="kf-lnk" onClick={loadEarlier}>
            {t(locale, 'message.loadEarlier')}
          </button>
        </li>
      )}
      {messages
        .filter((m) => m.seq === null || m.createdAt >= since)
        .map((message) => (
          <Message key={message.id} message={message} staff={staff} read={message.id === read} />
        ))}
      {greeting && (
        <li class="kf-m">
          <div class="kf-b">{greeting}</div>
        </li>
      )}
      </ol>
      {footer}
    </div>
  )
}
