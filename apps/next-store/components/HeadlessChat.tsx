'use client'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { formatFen, parseCardLink } from '@kefu/core/cards'
import type { ChatMessage } from '@kefu/core'
import { useChat, useChatStatus, useMessages, useStaff } from '@kefu/react'

const SENDER_LABEL = { visitor: '我 Me', agent: '客服 Agent', bot: '机器人 Bot', system: '系统 System' } as const

/**
 * A chat built only from the hooks, no widget: the page is the chat window, so it opens the chat while
 * mounted (messages shown here count as read) and minimizes it on leaving (replies count as unread again).
 */
export function HeadlessChat() {
  const client = useChat()
  const messages = useMessages()
  const staff = useStaff()
  const { status } = useChatStatus()
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const log = useRef<HTMLOListElement>(null)

  useEffect(() => {
    client.open()
    return () => client.minimize()
  }, [client])

  useEffect(() => {
    // The log scrolls itself, not the page, to the newest message.
    if (log.current) log.current.scrollTop = log.current.scrollHeight
  }, [messages])

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const value = text.trim()
    if (!value) return
    setText('')
    setError(null)
    client.send(value).catch((reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)))
  }

  return (
    <section className="headless">
      <header className="headless-head">
        <strong>{staff ? staff.staffNickName : '在线客服 Support'}</strong>
        <span className="muted" data-testid="headless-status">
          {status.name}
        </span>
      </header>
      <ol className="headless-log" data-testid="headless-log" ref={log} aria-live="polite">
        {messages.length === 0 && <li className="muted">说点什么吧 / Say hello — an agent will answer here.</li>}
        {messages.map((message) => (
          <li key={message.id} className={`bubble from-${message.sender}`} data-sender={message.sender} data-state={message.state}>
            <span className="bubble-who">{message.senderName ?? SENDER_LABEL[message.sender]}</span>
            <MessageBody message={message} />
          </li>
        ))}
      </ol>
      <form className="headless-form" onSubmit={submit}>
        <input
          data-testid="headless-input"
          aria-label="消息 Message"
          placeholder="输入消息… Type a message…"
          value={text}
          maxLength={5000}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="button primary" data-testid="headless-send" disabled={!text.trim()}>
          发送 Send
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}

function MessageBody({ message }: { readonly message: ChatMessage }) {
  const { body } = message
  switch (body.type) {
    case 'text':
    case 'notice':
      return <span className="bubble-text">{body.text}</span>
    case 'product':
      return (
        <a className="bubble-card" href={visitorHref(body.card.urlForVisitor)}>
          {body.card.imageUrl && <img src={body.card.imageUrl} alt="" width={48} height={48} />}
          <span>{body.card.title}</span>
        </a>
      )
    case 'order':
      return (
        <span className="bubble-card">
          订单 Order {body.card.orderCode} · ¥{formatFen(body.card.totalFee)}
        </span>
      )
    case 'image':
      return <img className="bubble-image" src={body.thumbnailUrl ?? body.url} alt={body.name ?? ''} />
    case 'file':
    case 'voice':
    case 'video':
      return (
        <a href={body.url} target="_blank" rel="noreferrer">
          {body.name ?? body.type}
        </a>
      )
    case 'form':
      return <span className="bubble-text">{body.formName}</span>
    case 'location':
      return <span className="bubble-text">📍 {body.label ?? `${body.latitude}, ${body.longitude}`}</span>
  }
}

/** A card's visitor link as an href: `http(url,'blank')` forms and plain web links; mini-program pages have none here. */
function visitorHref(link: string | undefined): string | undefined {
  if (!link) return undefined
  try {
    const parsed = parseCardLink(link, 'visitor')
    return parsed.protocol === 'http' ? parsed.url : undefined
  } catch {
    return undefined
  }
}
