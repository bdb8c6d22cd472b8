import { useEffect, useRef, useState } from 'react'
import type { CardLink } from '@kefu/core/cards'
import { KefuError } from '@kefu/core'
import { selectConversation, selectMessages, visitorName, type DeskSnapshot } from '../desk'
import { Composer } from './Composer'
import { MessageView } from './MessageView'
import { TEXT } from './text'
import { useDesk, useDeskStore } from './useDesk'
import { useWorkbench } from './workbenchServices'

const identity = (s: DeskSnapshot) => s

export function ChatPanel() {
  const desk = useDeskStore()
  const { panel, mapClicks } = useWorkbench()
  const state = useDesk(identity)
  const conversation = selectConversation(state)
  const messages = selectMessages(state)
  const visitorId = state.selectedVisitorId
  const history = visitorId ? state.history[visitorId] : undefined
  const log = useRef<HTMLOListElement>(null)
  const [transferOpen, setTransferOpen] = useState(false)

  const lastId = messages[messages.length - 1]?.id
  useEffect(() => {
    const el = log.current
    if (el) el.scrollTop = el.scrollHeight
  }, [lastId, visitorId])

  if (!visitorId) {
    return (
      <section className="chat empty-chat" aria-label={TEXT.chat.log}>
        <p>{TEXT.chat.none}</p>
      </section>
    )
  }

  const openLink = (link: CardLink) => {
    if (link.protocol === 'http') {
      if (link.openType === 'inner') panel.openInner(link.url)
      else globalThis.open?.(link.url, '_blank', 'noopener,noreferrer')
    } else if (link.protocol === 'apiUrl') {
      if (!panel.openPage(link.pageId, link.openType)) desk.reportError(new KefuError('not_found', `no business page ${link.pageId} is registered`))
    }
  }

  const me = state.agent?.agentId
  const mine = conversation?.agentId === me
  const canAccept = conversation && (conversation.status === 'waiting' || conversation.status === 'bot')
  const active = conversation && conversation.status !== 'ended'
  const evaluation = conversation?.evaluation

  return (
    <section className="chat" aria-label={TEXT.chat.log}>
      <header className="chat-head">
        <div className="chat-title">
          <h2>{visitorName(state, visitorId)}</h2>
          {conversation ? (
            <span className={`status status-${conversation.status}`} data-testid="chat-status">
              {TEXT.chat.status[conversation.status]}
            </span>
          ) : null}
        </div>
        {conversation ? (
          <div className="chat-actions">
            {canAccept ? (
              <button type="button" className="primary" data-testid="chat-accept" onClick={() => desk.accept(conversation.conversationId).catch(desk.reportError)}>
                {TEXT.chat.accept}
              </button>
            ) : null}
            <button
              type="button"
              role="switch"
              aria-checked={conversation.chatSign === 1}
              data-testid="chat-sign"
              onClick={() => desk.setChatSign(conversation.conversationId, conversation.chatSign === 1 ? 0 : 1).catch(desk.reportError)}
            >
              {conversation.chatSign === 1 ? TEXT.chat.signOn : TEXT.chat.signOff}
            </button>
            {active && mine ? (
              <button type="button" aria-expanded={transferOpen} data-testid="chat-transfer" onClick={() => setTransferOpen(!transferOpen)}>
                {TEXT.chat.transfer}
              </button>
            ) : null}
            {active && (mine || canAccept) ? (
              <button
                type="button"
                className="danger"
                data-testid="chat-end"
                onClick={() => {
                  if (globalThis.confirm && !globalThis.confirm(TEXT.chat.endConfirm)) return
                  desk.end(conversation.conversationId).catch(desk.reportError)
                }}
              >
                {TEXT.chat.end}
              </button>
            ) : null}
          </div>
        ) : null}
      </header>
      {conversation ? (
        <div className="evaluation" data-testid="evaluation">
          {TEXT.chat.evaluation}:{' '}
          {evaluation ? (
            <>
              <span aria-label={`${evaluation.score} / 5`}>{'★'.repeat(evaluation.score)}{'☆'.repeat(Math.max(0, 5 - evaluation.score))}</span>{' '}
              <span>{TEXT.chat.evaluationPhase[evaluation.phase]}</span>
              {evaluation.comment ? <q>{evaluation.comment}</q> : null}
            </>
          ) : (
            TEXT.chat.noEvaluation
          )}
        </div>
      ) : null}
      {transferOpen && conversation ? <TransferForm conversationId={conversation.conversationId} onDone={() => setTransferOpen(false)} /> : null}
      <div className="log-wrap">
        {history && !history.complete && messages.some((m) => m.seq !== null) ? (
          <button type="button" className="link load-older" onClick={() => desk.loadHistory(visitorId, { older: true }).catch(desk.reportError)}>
            {history.status === 'loading' ? TEXT.chat.loading : TEXT.chat.loadOlder}
          </button>
        ) : null}
        <ol className="log" ref={log} aria-live="polite" aria-label={TEXT.chat.log} data-testid="message-log">
          {messages.map((m) => (
            <MessageView key={m.id} message={m} onOpenLink={openLink} onOpenMap={mapClicks.click} />
          ))}
        </ol>
        {conversation && state.typing[conversation.conversationId] ? <p className="typing">{TEXT.chat.typing}</p> : null}
      </div>
      {conversation ? <Composer conversationId={conversation.conversationId} ended={conversation.status === 'ended'} /> : null}
    </section>
  )
}

function TransferForm({ conversationId, onDone }: { conversationId: string; onDone(): void }) {
  const desk = useDeskStore()
  const colleagues = useDesk((s: DeskSnapshot) => s.colleagues)
  const groups = useDesk((s: DeskSnapshot) => s.groups)
  const me = useDesk((s: DeskSnapshot) => s.agent?.agentId)
  const [target, setTarget] = useState('')
  return (
    <form
      className="transfer"
      data-testid="transfer-form"
      onSubmit={(e) => {
        e.preventDefault()
        const [kind, id] = target.split(':')
        if (!id) return
        desk
          .transfer(conversationId, kind === 'group' ? { groupId: id } : { agentId: id })
          .then(onDone)
          .catch(desk.reportError)
      }}
    >
      <label>
        {TEXT.chat.transferTo}
        <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="transfer-target">
          <option value="" />
          <optgroup label={TEXT.chat.toAgent}>
            {colleagues
              .filter((c) => c.agentId !== me)
              .map((c) => (
                <option key={c.agentId} value={`agent:${c.agentId}`}>
                  {c.name} ({TEXT.presence[c.presence]})
                </option>
              ))}
          </optgroup>
          <optgroup label={TEXT.chat.toGroup}>
            {groups.map((g) => (
              <option key={g.groupId} value={`group:${g.groupId}`}>
                {g.name}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <button type="submit" disabled={!target} data-testid="transfer-submit">
        {TEXT.chat.transfer}
      </button>
    </form>
  )
}
