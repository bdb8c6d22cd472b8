import type { MapMessageClick } from '@kefu/agent/host'
import type { DeskMessage } from '../desk'
import { OrderCardView, ProductCardView, type OpenCardLink } from './CardView'
import { FileIcon } from './icons'
import { formatTime, noticeText, useDeskLocale } from './i18n'
import { linkify, safeUrl } from './linkify'
import { locationText } from './locationText'

function formatSize(bytes: number | undefined): string {
  if (bytes === undefined) return ''
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** WeChat map messages always carry a zoom; ours may not, so a street-level one stands in. */
const DEFAULT_MAP_SCALE = 15

export type OpenMap = (click: MapMessageClick) => void

export function MessageBodyView({ message, onOpenLink, onOpenMap }: { message: DeskMessage; onOpenLink: OpenCardLink; onOpenMap: OpenMap }) {
  const { text } = useDeskLocale()
  const body = message.body
  switch (body.type) {
    case 'text':
      return <p className="text">{linkify(body.text)}</p>
    case 'notice':
      return <p className="text">{noticeText(text, body)}</p>
    case 'image': {
      const url = safeUrl(body.url)
      return url ? (
        <a href={url} target="_blank" rel="noopener noreferrer">
          <img className="image" src={safeUrl(body.thumbnailUrl) ?? url} alt={body.name ?? text.media.image} />
        </a>
      ) : null
    }
    case 'file':
      return (
        <a className="file" href={safeUrl(body.url)} target="_blank" rel="noopener noreferrer" download={body.name}>
          <FileIcon /> {body.name} <span className="size">{formatSize(body.size)}</span>
        </a>
      )
    case 'voice':
      return (
        <span className="voice">
          <audio controls preload="none" src={safeUrl(body.url)} aria-label={body.name ?? text.media.voice} />
          {body.duration !== undefined ? <span className="size">{Math.round(body.duration)}″</span> : null}
        </span>
      )
    case 'video':
      return <video className="video" controls preload="metadata" src={safeUrl(body.url)} poster={safeUrl(body.thumbnailUrl)} aria-label={body.name ?? text.media.video} />
    case 'product':
      return <ProductCardView card={body.card} onOpen={onOpenLink} />
    case 'order':
      return <OrderCardView card={body.card} />
    case 'form':
      return (
        <div className="form-message">
          <strong>{body.formName}</strong>
          {body.fields ? (
            <dl>
              {Object.entries(body.fields).map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          ) : null}
        </div>
      )
    case 'location': {
      const { latitude, longitude, label, scale } = body
      return (
        <div className="location">
          {label ? <p className="text">{label}</p> : null}
          <span className="size">{locationText({ latitude, longitude })}</span>{' '}
          <button
            type="button"
            className="link"
            data-testid={`location-${message.id}`}
            onClick={() => onOpenMap({ latitude, longitude, location: label ?? '', scale: scale ?? DEFAULT_MAP_SCALE })}
          >
            {text.chat.viewLocation}
          </button>
        </div>
      )
    }
  }
}

export interface MessageViewProps {
  readonly message: DeskMessage
  /** For the agents' messages: whether the visitor has read it (已读 / 未读); undefined shows neither. */
  readonly read?: boolean
  /** A search matched it: marked, so the eye finds it. */
  readonly matched?: boolean
  readonly onOpenLink: OpenCardLink
  readonly onOpenMap: OpenMap
}

export function MessageView({ message, read, matched, onOpenLink, onOpenMap }: MessageViewProps) {
  const { text, locale } = useDeskLocale()
  // Only the server authors system lines: a card's customizeMsgType 2 (Echat's "system message", a
  // metrics flag) never makes a visitor's or a plugin's words look like a notice.
  const system = message.body.type === 'notice' || message.sender === 'system'
  const note = message.visibility === 'agent'
  const side = system ? 'system' : message.sender === 'visitor' ? 'left' : 'right'
  return (
    <li className={`message ${side}${note ? ' note' : ''}${matched ? ' matched' : ''} ${message.state}`} data-testid={`message-${message.id}`} data-type={message.body.type}>
      {!system ? (
        <span className="message-meta">
          {message.sender === 'visitor' ? text.chat.visitor : (message.senderName ?? text.chat.toAgent)}
          {note ? <span className="badge">{text.chat.note}</span> : null}
          <time dateTime={new Date(message.createdAt).toISOString()}>{formatTime(locale, message.createdAt)}</time>
          {message.state === 'pending' ? <span className="state">{text.chat.pending}</span> : null}
          {message.state === 'failed' ? (
            <span className="state failed" role="alert">
              {text.chat.failed}
            </span>
          ) : null}
          {read !== undefined && message.state === 'sent' ? (
            <span className={read ? 'state read' : 'state'} data-testid="read-state">
              {read ? text.chat.read : text.chat.unread}
            </span>
          ) : null}
        </span>
      ) : null}
      <div className="bubble">
        <MessageBodyView message={message} onOpenLink={onOpenLink} onOpenMap={onOpenMap} />
      </div>
    </li>
  )
}
