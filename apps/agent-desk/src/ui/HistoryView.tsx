import type { ConversationSummary, MessageSender, VisitorProfile } from '@kefu/core'
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import type { DeskMessage } from '../desk'
import { SearchIcon } from './icons'
import { formatTime, useDeskLocale } from './i18n'
import { MessageView } from './MessageView'
import { useDeskStore } from './useDesk'
import { userAgentLabel } from './userAgentLabel'
import { visitorLabel } from './visitorLabel'

/** One conversation the search found (`GET /api/v1/search/conversations`). */
export interface SearchHit {
  readonly conversation: ConversationSummary
  readonly visitor: VisitorProfile | null
  /** Its messages that matched, newest first (a few). */
  readonly matches: readonly { readonly id: string; readonly seq: number; readonly sender: MessageSender; readonly text: string; readonly createdAt: number }[]
}

interface SearchPage {
  readonly hits: readonly SearchHit[]
  /** Pass as `before` for the next page, as it came (an opaque cursor); null at the end. */
  readonly next: string | null
}

/** `text` with each occurrence of `query` marked (case-insensitive); React escapes the rest. */
export function highlight(text: string, query: string): ReactNode[] {
  const q = query.trim().toLowerCase()
  if (!q) return [text]
  const parts: ReactNode[] = []
  const lower = text.toLowerCase()
  let at = 0
  for (let i = lower.indexOf(q); i !== -1; i = lower.indexOf(q, at)) {
    parts.push(text.slice(at, i), <mark key={i}>{text.slice(i, i + q.length)}</mark>)
    at = i + q.length
  }
  parts.push(text.slice(at))
  return parts
}

/**
 * 历史记录: ended conversations found by the visitor's name, phone, e-mail or member id, or by what
 * was said (Chinese included); a result opens its thread beside the list.
 */
export function HistoryView({ onOpen }: { onOpen(): void }) {
  const desk = useDeskStore()
  const { text, locale } = useDeskLocale()
  const [query, setQuery] = useState('')
  const [searched, setSearched] = useState('')
  const [page, setPage] = useState<SearchPage | null>(null)
  const [status, setStatus] = useState<'idle' | 'searching' | 'failed'>('idle')
  const [error, setError] = useState<string | null>(null)
  const [open, setOpen] = useState<SearchHit | null>(null)
  const box = useRef<HTMLInputElement>(null)

  const run = async (q: string, before?: string) => {
    setStatus('searching')
    setError(null)
    try {
      const params = new URLSearchParams({ q, limit: '20', ...(before !== undefined ? { before } : {}) })
      const result = (await desk.http(`/api/v1/search/conversations?${params}`)) as SearchPage
      setPage((current) => (before !== undefined && current ? { hits: [...current.hits, ...result.hits], next: result.next } : result))
      setSearched(q)
      setStatus('idle')
    } catch (e) {
      setStatus('failed')
      setError((e as Error).message)
    }
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const q = query.trim()
    if (!q) return
    setOpen(null)
    void run(q)
  }

  return (
    <div className="history" data-pane={open ? 'thread' : 'list'}>
      <section className="history-results" aria-label={text.history.title}>
        <form className="history-search" role="search" onSubmit={submit}>
          <input
            ref={box}
            type="search"
            value={query}
            maxLength={200}
            placeholder={text.history.placeholder}
            aria-label={text.history.placeholder}
            onChange={(e) => setQuery(e.target.value)}
            data-testid="history-query"
          />
          <button type="submit" className="primary" disabled={!query.trim() || status === 'searching'} data-testid="history-search">
            <SearchIcon /> {text.history.search}
          </button>
        </form>
        <p className="muted" role="status" data-testid="history-status">
          {status === 'searching' ? text.history.searching : page ? (page.hits.length ? text.history.results(page.hits.length) : text.history.noResults) : text.history.hint}
        </p>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <ul className="history-hits" data-testid="history-hits">
          {page?.hits.map((hit) => {
            const c = hit.conversation
            const at = c.endedAt ?? c.startedAt ?? c.createdAt
            const device = userAgentLabel(hit.visitor?.userAgent, locale)
            return (
              <li key={c.conversationId} className={open?.conversation.conversationId === c.conversationId ? 'selected' : undefined}>
                <button type="button" className="history-hit" aria-expanded={open?.conversation.conversationId === c.conversationId} onClick={() => setOpen(hit)} data-testid={`hit-${c.conversationId}`}>
                  <span className="item-title">{highlight(visitorLabel(text, hit.visitor ?? undefined, c.visitorId), searched)}</span>
                  <span className="item-meta">
                    <time dateTime={new Date(at).toISOString()}>{formatTime(locale, at)}</time> · {text.chat.status[c.status]}
                    {device ? ` · ${device}` : ''}
                    {hit.visitor?.crm.tel ? <> · {highlight(hit.visitor.crm.tel, searched)}</> : null}
                    {hit.visitor?.crm.email ? <> · {highlight(hit.visitor.crm.email, searched)}</> : null}
                    {hit.visitor?.partnerid ? <> · {highlight(hit.visitor.partnerid, searched)}</> : null}
                  </span>
                  {hit.matches.map((m) => (
                    <span key={m.id} className="item-preview match">
                      {m.sender === 'visitor' ? text.chat.visitor : text.chat.toAgent}：{highlight(m.text, searched)}
                    </span>
                  ))}
                </button>
              </li>
            )
          })}
        </ul>
        {page?.next != null ? (
          <button type="button" className="link" onClick={() => void run(searched, page.next!)} disabled={status === 'searching'}>
            {text.history.more}
          </button>
        ) : null}
      </section>
      {open ? (
        <HistoryThread
          hit={open}
          onBack={() => {
            setOpen(null)
            box.current?.focus()
          }}
          onOpenChat={() => {
            desk.select({ visitorId: open.conversation.visitorId })
            onOpen()
          }}
        />
      ) : (
        <section className="history-thread empty-chat" aria-label={text.chat.log}>
          <p>{text.history.hint}</p>
        </section>
      )}
    </div>
  )
}

function HistoryThread({ hit, onBack, onOpenChat }: { hit: SearchHit; onBack(): void; onOpenChat(): void }) {
  const desk = useDeskStore()
  const { text } = useDeskLocale()
  const [messages, setMessages] = useState<readonly DeskMessage[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const log = useRef<HTMLOListElement>(null)
  const id = hit.conversation.conversationId
  useEffect(() => {
    let live = true
    setMessages(null)
    desk.http(`/api/v1/conversations/${encodeURIComponent(id)}/messages`).then(
      (list) => live && setMessages(list as DeskMessage[]),
      (e: Error) => live && setError(e.message),
    )
    return () => {
      live = false
    }
  }, [desk, id])
  // The first message that matched, in view and marked.
  useEffect(() => {
    const first = hit.matches[hit.matches.length - 1]
    if (!messages || !first) return
    const items = [...(log.current?.children ?? [])] as HTMLElement[]
    items.find((item) => item.dataset.testid === `message-${first.id}`)?.scrollIntoView?.({ block: 'center' })
  }, [messages, hit])
  const matched = new Set(hit.matches.map((m) => m.id))
  return (
    <section className="history-thread" aria-label={text.chat.log} data-testid="history-thread">
      <header className="chat-head">
        <button type="button" className="link phone-only" onClick={onBack}>
          ‹ <span className="sr-only">{text.chat.back}</span>
        </button>
        <h2>{visitorLabel(text, hit.visitor ?? undefined, hit.conversation.visitorId)}</h2>
        <button type="button" onClick={onOpenChat} data-testid="history-open-chat">
          {text.history.open}
        </button>
      </header>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <ol className="log" ref={log} tabIndex={0} aria-label={text.chat.log}>
        {messages === null && !error ? <li className="muted">{text.chat.loading}</li> : null}
        {messages?.map((m) => (
          <MessageView key={m.id} message={m} matched={matched.has(m.id)} onOpenLink={() => {}} onOpenMap={() => {}} />
        ))}
      </ol>
    </section>
  )
}
