import { useState, type KeyboardEvent, type ReactNode } from 'react'
import { selectEnded, selectMine, selectQueue, visitorName, type DeskSnapshot } from '../desk'
import { LeaveMessageDetails, leaveMessageMeta } from './LeaveMessageDetails'
import { locationText } from './locationText'
import { TEXT } from './text'
import { useDesk, useDeskStore } from './useDesk'

type ListTab = 'queue' | 'mine' | 'ended' | 'leave'
const TABS: readonly ListTab[] = ['mine', 'queue', 'ended', 'leave']

const identity = (s: DeskSnapshot) => s

/** Arrow keys move between the options of a listbox; Enter/Space are the buttons' own. */
function moveFocus(event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
  const options = [...event.currentTarget.querySelectorAll<HTMLElement>('[role="option"]')]
  const index = options.indexOf(document.activeElement as HTMLElement)
  const next = options[Math.max(0, Math.min(options.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)))]
  next?.focus()
  event.preventDefault()
}

function formatTime(ms: number): string {
  const d = new Date(ms)
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
}

export function ConversationLists() {
  const desk = useDeskStore()
  const state = useDesk(identity)
  const [tab, setTab] = useState<ListTab>('mine')
  /** The leave message shown in full under its list item. */
  const [openLeave, setOpenLeave] = useState<string | null>(null)
  const queue = selectQueue(state)
  const mine = selectMine(state)
  const ended = selectEnded(state)
  const counts: Record<ListTab, number> = { queue: queue.length, mine: mine.length, ended: ended.length, leave: state.leaveMessages.length }
  const unreadMine = mine.reduce((n, c) => n + (state.unread[c.conversationId] ?? 0), 0)

  const item = (key: string, testId: string, selected: boolean, onSelect: () => void, body: ReactNode, extra?: ReactNode) => (
    <li key={key} role="none" className={`list-item${selected ? " selected" : ""}`}>
      <button type="button" role="option" aria-selected={selected} data-testid={testId} onClick={onSelect} className="list-button">
        {body}
      </button>
      {extra}
    </li>
  )

  let list: ReactNode
  if (tab === 'queue') {
    list = queue.map((q) =>
      item(
        q.conversationId,
        `conv-${q.conversationId}`,
        state.selectedConversationId === q.conversationId,
        () => desk.select({ conversationId: q.conversationId }),
        <>
          <span className="item-title">
            {visitorName(state, q.visitorId)}
            {q.vip ? <span className="badge vip">{TEXT.lists.vip}</span> : null}
          </span>
          <span className="item-meta">
            {TEXT.lists.position(q.position)} · {formatTime(q.queuedAt)}
          </span>
        </>,
        <button
          type="button"
          className="accept"
          data-testid={`accept-${q.conversationId}`}
          onClick={() => {
            desk.select({ conversationId: q.conversationId })
            desk.accept(q.conversationId).catch(desk.reportError)
          }}
        >
          {TEXT.chat.accept}
        </button>,
      ),
    )
  } else if (tab === 'leave') {
    list = state.leaveMessages.map((m) => {
      const meta = leaveMessageMeta(m, state.groups)
      return item(
        m.id,
        `leave-${m.id}`,
        state.selectedVisitorId === m.visitorId,
        () => {
          setOpenLeave(m.id)
          desk.select({ visitorId: m.visitorId })
        },
        <>
          <span className="item-title">{m.name || visitorName(state, m.visitorId)}</span>
          <span className="item-preview">{m.content}</span>
          {meta ? <span className="item-meta">{meta}</span> : null}
          <span className="item-meta">
            {[m.tel, m.email].filter(Boolean).join(' · ')} {formatTime(m.createdAt)}
          </span>
        </>,
        openLeave === m.id ? <LeaveMessageDetails message={m} groups={state.groups} /> : null,
      )
    })
  } else {
    const conversations = tab === 'mine' ? mine : ended
    list = conversations.map((c) => {
      const unread = state.unread[c.conversationId] ?? 0
      const last = [...(state.messages[c.visitorId] ?? [])].reverse().find((m) => m.conversationId === c.conversationId)
      return item(
        c.conversationId,
        `conv-${c.conversationId}`,
        state.selectedConversationId === c.conversationId,
        () => desk.select({ conversationId: c.conversationId }),
        <>
          <span className="item-title">
            {visitorName(state, c.visitorId)}
            {state.visitors[c.visitorId]?.online ? <span className="dot online" aria-label={TEXT.visitor.online} /> : null}
            {unread > 0 ? (
              <span className="badge unread" aria-label={TEXT.lists.unread(unread)}>
                {unread}
              </span>
            ) : null}
          </span>
          <span className="item-preview">{last ? previewOf(last.body) : TEXT.chat.status[c.status]}</span>
          <span className="item-meta">{formatTime(c.endedAt ?? c.startedAt ?? c.createdAt)}</span>
        </>,
      )
    })
  }

  return (
    <nav className="lists" aria-label="会话列表 Conversations">
      <div role="tablist" className="list-tabs">
        {TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            data-testid={`list-tab-${t}`}
            onClick={() => setTab(t)}
          >
            {TEXT.lists[t]} <span className="count">{counts[t]}</span>
            {t === 'mine' && unreadMine > 0 ? <span className="badge unread">{unreadMine}</span> : null}
          </button>
        ))}
      </div>
      <ul role="listbox" aria-label={TEXT.lists[tab]} className="list" onKeyDown={moveFocus} data-testid={`list-${tab}`}>
        {list}
      </ul>
      {counts[tab] === 0 ? <p className="empty">{TEXT.lists.empty}</p> : null}
    </nav>
  )
}

function previewOf(body: DeskSnapshot['messages'][string][number]['body']): string {
  switch (body.type) {
    case 'text':
    case 'notice':
      return body.text
    case 'image':
      return '[图片]'
    case 'file':
      return `[文件] ${body.name}`
    case 'voice':
      return '[语音]'
    case 'video':
      return '[视频]'
    case 'product':
      return `[商品] ${body.card.title}`
    case 'order':
      return `[订单] ${body.card.orderCode}`
    case 'form':
      return `[表单] ${body.formName}`
    case 'location':
      return `${TEXT.chat.location} ${locationText(body)}`
  }
}
