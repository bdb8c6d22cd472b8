import type { MapMessageClick } from '@kefu/agent/host'
import type { DeskMessage } from '../desk'
import { OrderCardView, ProductCardView, type OpenCardLink } from './CardView'
import { FileIcon } from './icons'
import { linkify, safeUrl } from './linkify'
import { locationText } from './locationText'
import { TEXT } from './text'

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
  const body = message.body
  switch (body.type) {
    case 'text':
    case 'notice':
      return <p className="text">{linkify(body.text)}</p>
    case 'image': {
      const url = safeUrl(body.url)
      return url ? (
        <a href={url} target="_blank" rel="noopener noreferrer">
          <img className="image" src={safeUrl(body.thumbnailUrl) ?? url} alt={body.name ?? '图片'} />
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
          <audio controls preload="none" src={safeUrl(body.url)} aria-label={body.name ?? '语音'} />
          {body.duration !== undefined ? <span className="size">{Math.round(body.duration)}″</span> : null}
        </span>
      )
    case 'video':
      return <video className="video" controls preload="metadata" src={safeUrl(body.url)} poster={safeUrl(body.thumbnailUrl)} aria-label={body.name ?? '视频'} />
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
            {TEXT.chat.viewLocation}
          </button>
        </div>
      )
    }
  }
}

export function MessageView({ message, onOpenLink, onOpenMap }: { message: DeskMessage; onOpenLink: OpenCardLink; onOpenMap: OpenMap }) {
  const system = message.body.type === 'notice' || message.sender === 'system' || message.customizeMsgType === 2
  const note = message.visibility === 'agent'
  const side = system ? 'system' : message.sender === 'visitor' ? 'left' : 'right'
  return (
    <li className={`message ${side}${note ? ' note' : ''} ${message.state}`} data-testid={`message-${message.id}`} data-type={message.body.type}>
      {!system ? (
        <span className="message-meta">
          {message.sender === 'visitor' ? TEXT.chat.visitor : (message.senderName ?? message.sender)}
          {note ? <span className="badge">{TEXT.chat.note}</span> : null}
          <time dateTime={new Date(message.createdAt).toISOString()}>{new Date(message.createdAt).toLocaleTimeString()}</time>
          {message.state === 'pending' ? <span className="state">{TEXT.chat.pending}</span> : null}
          {message.state === 'failed' ? (
            <span className="state failed" role="alert">
              {TEXT.chat.failed}
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
