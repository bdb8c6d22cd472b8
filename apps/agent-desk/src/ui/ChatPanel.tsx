import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { CardLink } from '@kefu/core/cards'
import { KefuError } from '@kefu/core'
import { selectConversation, selectMessages, type DeskSnapshot } from '../desk'
import { Composer } from './Composer'
import { StarIcon } from './icons'
import { useDeskLocale } from './i18n'
import { MessageView } from './MessageView'
import { useDesk, useDeskStore } from './useDesk'
import { userAgentLabel } from './userAgentLabel'
import { visitorLabel } from './visitorLabel'
import { useWorkbench } from './workbenchServices'

const identity = (s: DeskSnapshot) => s
/** Closer than this to the bottom, the log follows new messages. */
const STICK_PX = 80

export interface ChatPanelProps {
  /** Phone: back to the list. */
  onBack(): void
  /** Phone: show the visitor and business pages. */
  onShowSide(): void
}

export function ChatPanel({ onBack, onShowSide }: ChatPanelProps) {
  const desk = useDeskStore()
  const { text, locale } = useDeskLocale()
  const { panel, mapClicks } = useWorkbench()
  const state = useDesk(identity)
  const conversation = selectConversation(state)
  const messages = selectMessages(state)
  const visitorId = state.selectedVisitorId
  const visitor = visitorId ? state.visitors[visitorId] : undefined
  const history = visitorId ? state.history[visitorId] : undefined
  const log = useRef<HTMLOListElement>(null)
  const stick = useRef(true)
  // While older messages load: the distance from the log's end, so what the agent reads stays put.
  const fromEnd = useRef<number | null>(null)
  const [transferOpen, setTransferOpen] = useState(false)
  const [confirmEnd, setConfirmEnd] = useState(false)

  // Opening a chat shows its newest message (the visitor's latest question); new messages follow while
  // the agent is at the bottom, and never pull them away from older ones they scrolled up to read.
  useLayoutEffect(() => {
    stick.current = true
  }, [visitorId])
  const lastId = messages[messages.length - 1]?.id
  useLayoutEffect(() => {
    const el = log.current
    if (el && fromEnd.current !== null && history?.status !== 'loading') {
      el.scrollTop = el.scrollHeight - fromEnd.current
      fromEnd.current = null
    } else if (el && stick.current) el.scrollTop = el.scrollHeight
  }, [lastId, visitorId, messages.length, history?.status])
  const canLoadOlder = !!history && !history.complete && messages.some((m) => m.seq !== null)
  const loadOlder = (el: HTMLElement | null) => {
    if (!visitorId || !canLoadOlder || history?.status === 'loading') return
    stick.current = false
    if (el) fromEnd.current = el.scrollHeight - el.scrollTop
    desk.loadHistory(visitorId, { older: true }).catch(desk.reportError)
  }
  useEffect(() => {
    setTransferOpen(false)
    setConfirmEnd(false)
  }, [visitorId])

  if (!visitorId) {
    return (
      <section className="chat empty-chat" aria-label={text.chat.log}>
        <p>{text.chat.none}</p>
      </section>
    )
  }

  const openLink = (link: CardLink) => {
    if (link.protocol === 'http') {
      if (link.openType === 'inner' && panel.openInner(link.url)) return
      globalThis.open?.(link.url, '_blank', 'noopener,noreferrer')
    } else if (link.protocol === 'apiUrl') {
      if (!panel.openPage(link.pageId, link.openType)) desk.reportError(new KefuError('not_found', `no business page ${link.pageId} is registered`))
    }
  }

  const me = state.agent?.agentId
  const mine = conversation?.agentId === me
  const canAccept = conversation && (conversation.status === 'waiting' || conversation.status === 'bot')
  const active = conversation && conversation.status !== 'ended'
  const evaluation = conversation?.evaluation
  const device = userAgentLabel(visitor?.userAgent, locale)
  const readSeq = visitor?.readSeq ?? 0

  return (
    <section className="chat" aria-label={text.chat.log}>
      <header className="chat-head">
        <button type="button" className="link phone-only" onClick={onBack} data-testid="chat-back">
          ‹ <span className="sr-only">{text.chat.back}</span>
        </button>
        <div className="chat-title">
          <h2>{visitorLabel(text, visitor, visitorId)}</h2>
          {device ? <span className="muted">{device}</span> : null}
          {conversation ? (
            <span className={`status status-${conversation.status}`} data-testid="chat-status">
              {text.chat.status[conversation.status]}
            </span>
          ) : null}
        </div>
        <button type="button" className="phone-only" onClick={onShowSide} data-testid="chat-show-side">
          {text.chat.showVisitor}
        </button>
        {conversation ? (
          <div className="chat-actions">
            {canAccept ? (
              <button type="button" className="primary" data-testid="chat-accept" onClick={() => desk.accept(conversation.conversationId).catch(desk.reportError)}>
                {text.chat.accept}
              </button>
            ) : null}
            <button
              type="button"
              aria-pressed={conversation.chatSign === 1}
              data-testid="chat-sign"
              className="flag"
              onClick={() => desk.setChatSign(conversation.conversationId, conversation.chatSign === 1 ? 0 : 1).catch(desk.reportError)}
            >
              <StarIcon filled={conversation.chatSign === 1} /> {conversation.chatSign === 1 ? text.chat.flagged : text.chat.flag}
            </button>
            {active && mine ? (
              <button type="button" aria-expanded={transferOpen} data-testid="chat-transfer" onClick={() => setTransferOpen(!transferOpen)}>
                {text.chat.transfer}
              </button>
            ) : null}
            {active && (mine || canAccept) ? (
              <button type="button" className="danger" aria-expanded={confirmEnd} data-testid="chat-end" onClick={() => setConfirmEnd(!confirmEnd)}>
                {text.chat.end}
              </button>
            ) : null}
          </div>
        ) : null}
      </header>
      {confirmEnd && conversation && active ? (
        <ConfirmBar
          question={text.chat.endConfirm}
          confirm={text.chat.end}
          onCancel={() => setConfirmEnd(false)}
          onConfirm={() => {
            setConfirmEnd(false)
            desk.end(conversation.conversationId).catch(desk.reportError)
          }}
        />
      ) : null}
      {conversation ? (
        <div className="evaluation" data-testid="evaluation">
          {text.chat.evaluation}:{' '}
          {evaluation ? (
            <>
              <span role="img" aria-label={text.chat.stars(evaluation.score)}>
                {'★'.repeat(evaluation.score)}
                {'☆'.repeat(Math.max(0, 5 - evaluation.score))}
              </span>{' '}
              <span>{text.chat.evaluationPhase[evaluation.phase]}</span>
              {evaluation.comment ? <q>{evaluation.comment}</q> : null}
            </>
          ) : (
            text.chat.noEvaluation
          )}
        </div>
      ) : null}
      {transferOpen && conversation ? <TransferForm conversationId={conversation.conversationId} onDone={() => setTransferOpen(false)} /> : null}
      <div className="log-wrap">
        {canLoadOlder ? (
          <button type="button" className="link load-older" data-testid="load-older" onClick={() => loadOlder(log.current)}>
            {history.status === 'loading' ? text.chat.loading : text.chat.loadOlder}
          </button>
        ) : null}
        <ol
          className="log"
          ref={log}
          tabIndex={0}
          aria-live="polite"
          aria-label={text.chat.log}
          data-testid="message-log"
          onScroll={(e) => {
            const el = e.currentTarget
            stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX
            // Scrolled up to the top: the page of older messages comes by itself.
            if (el.scrollTop < STICK_PX && el.scrollHeight > el.clientHeight) loadOlder(el)
          }}
          // Pictures arrive after the text: keep the newest in view while they grow the log.
          onLoadCapture={() => {
            const el = log.current
            if (el && stick.current) el.scrollTop = el.scrollHeight
          }}
        >
          {messages.map((m) => (
            <MessageView
              key={m.id}
              message={m}
              read={m.sender === 'agent' && m.visibility === 'both' && m.seq !== null ? m.seq <= readSeq : undefined}
              onOpenLink={openLink}
              onOpenMap={mapClicks.click}
            />
          ))}
        </ol>
        {conversation && state.typing[conversation.conversationId] ? <p className="typing">{text.chat.typing}</p> : null}
      </div>
      {conversation ? <Composer conversationId={conversation.conversationId} ended={conversation.status === 'ended'} /> : null}
    </section>
  )
}

/** A question in the page (not the browser's confirm): Enter or the button confirms, Escape cancels. */
export function ConfirmBar({ question, confirm, onConfirm, onCancel }: { question: string; confirm: string; onConfirm(): void; onCancel(): void }) {
  const { text } = useDeskLocale()
  const button = useRef<HTMLButtonElement>(null)
  useEffect(() => button.current?.focus(), [])
  return (
    <div
      className="confirm-bar"
      role="alertdialog"
      aria-labelledby="confirm-question"
      data-testid="confirm-bar"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation()
          onCancel()
        }
      }}
    >
      <p id="confirm-question">{question}</p>
      <button type="button" onClick={onCancel}>
        {text.chat.cancel}
      </button>
      <button ref={button} type="button" className="danger" onClick={onConfirm} data-testid="confirm-yes">
        {confirm}
      </button>
    </div>
  )
}

function TransferForm({ conversationId, onDone }: { conversationId: string; onDone(): void }) {
  const desk = useDeskStore()
  const { text } = useDeskLocale()
  const colleagues = useDesk((s: DeskSnapshot) => s.colleagues)
  const groups = useDesk((s: DeskSnapshot) => s.groups)
  const me = useDesk((s: DeskSnapshot) => s.agent?.agentId)
  const [target, setTarget] = useState('')
  const [note, setNote] = useState('')
  const first = useRef<HTMLSelectElement>(null)
  useEffect(() => first.current?.focus(), [])
  return (
    <form
      className="transfer"
      data-testid="transfer-form"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation()
          onDone()
        }
      }}
      onSubmit={(e) => {
        e.preventDefault()
        const [kind, id] = target.split(':')
        if (!id) return
        desk
          .transfer(conversationId, kind === 'group' ? { groupId: id } : { agentId: id }, note)
          .then(onDone)
          .catch(desk.reportError)
      }}
    >
      <label>
        {text.chat.transferTo}{' '}
        <select ref={first} value={target} onChange={(e) => setTarget(e.target.value)} data-testid="transfer-target">
          <option value="" />
          <optgroup label={text.chat.toAgent}>
            {colleagues
              .filter((c) => c.agentId !== me)
              .map((c) => (
                <option key={c.agentId} value={`agent:${c.agentId}`}>
                  {c.name} · {text.presence[c.presence]}
                </option>
              ))}
          </optgroup>
          <optgroup label={text.chat.toGroup}>
            {groups.map((g) => (
              <option key={g.groupId} value={`group:${g.groupId}`}>
                {g.name}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <label className="transfer-note">
        {text.chat.transferNote}
        <textarea value={note} rows={2} maxLength={1000} onChange={(e) => setNote(e.target.value)} data-testid="transfer-note" />
      </label>
      <div className="row">
        <button type="submit" className="primary" disabled={!target} data-testid="transfer-submit">
          {text.chat.transfer}
        </button>
        <button type="button" onClick={onDone}>
          {text.chat.cancel}
        </button>
      </div>
    </form>
  )
}
