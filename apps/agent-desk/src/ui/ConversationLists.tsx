import type { LeaveMessageRecord, LeaveMessageStatus, MessageBody } from '@kefu/core'
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { selectEnded, selectMine, selectQueue, type DeskSnapshot } from '../desk'
import { formatTime, noticeText, useDeskLocale, type DeskText } from './i18n'
import { LeaveMessageDetails, leaveMessageMeta } from './LeaveMessageDetails'
import { locationText } from './locationText'
import { useDesk, useDeskStore } from './useDesk'
import { userAgentLabel } from './userAgentLabel'
import { visitorLabel } from './visitorLabel'

type ListTab = 'queue' | 'mine' | 'ended' | 'leave'
const TABS: readonly ListTab[] = ['mine', 'queue', 'ended', 'leave']
const LEAVE_FILTERS: readonly (LeaveMessageStatus | 'all')[] = ['all', 'new', 'open', 'done']

const identity = (s: DeskSnapshot) => s

/** Arrow keys move between the options of a listbox; Enter/Space are the buttons' own. */
function moveFocus(event: KeyboardEvent<HTMLElement>): void {
  if (event.altKey || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return
  const options = [...event.currentTarget.querySelectorAll<HTMLElement>('[role="option"]')]
  const index = options.indexOf(document.activeElement as HTMLElement)
  const next = options[Math.max(0, Math.min(options.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)))]
  next?.focus()
  event.preventDefault()
}

export const leaveStatusOf = (m: LeaveMessageRecord): LeaveMessageStatus => m.status ?? 'new'

/** The conversation lists (mine, queue, ended, 留言), one shown at a time. `onOpen`: a conversation was picked (the phone shows its thread). */
export function ConversationLists({ onOpen }: { onOpen(): void }) {
  const desk = useDeskStore()
  const { text, locale } = useDeskLocale()
  const state = useDesk(identity)
  const [tab, setTab] = useState<ListTab>('mine')
  const [leaveFilter, setLeaveFilter] = useState<LeaveMessageStatus | 'all'>('all')
  /** The leave message shown in full under its list item. */
  const [openLeave, setOpenLeave] = useState<string | null>(null)
  const list = useRef<HTMLUListElement>(null)
  const queue = selectQueue(state)
  const mine = selectMine(state)
  const ended = selectEnded(state)
  const openLeaves = state.leaveMessages.filter((m) => leaveStatusOf(m) !== 'done').length
  const counts: Record<ListTab, number> = { queue: queue.length, mine: mine.length, ended: ended.length, leave: openLeaves }
  const unreadMine = mine.reduce((n, c) => n + (state.unread[c.conversationId] ?? 0), 0)
  const name = (visitorId: string) => visitorLabel(text, state.visitors[visitorId], visitorId)
  const device = (visitorId: string) => userAgentLabel(state.visitors[visitorId]?.userAgent, locale)

  // Signed in: the keyboard starts on the conversations — the list at once, its first conversation as
  // soon as the server has listed them, unless the agent has moved on meanwhile.
  useEffect(() => list.current?.focus(), [])
  const firstOption = counts[tab] > 0
  useEffect(() => {
    if (firstOption && document.activeElement === list.current) list.current?.querySelector<HTMLElement>('[role="option"]')?.focus()
  }, [firstOption])

  const select = (target: Parameters<typeof desk.select>[0]) => {
    desk.select(target)
    onOpen()
  }

  // Conversations are a listbox of options; offline messages open in place, so they are a list of
  // buttons that expand (a listbox may hold nothing but options).
  const leaveTab = tab === 'leave'
  const item = (key: string, testId: string, selected: boolean, onSelect: () => void, body: ReactNode, extra?: ReactNode) => (
    <li key={key} role={leaveTab ? undefined : 'none'} className={`list-item${selected ? ' selected' : ''}`}>
      <button
        type="button"
        {...(leaveTab ? { 'aria-expanded': selected } : { role: 'option', 'aria-selected': selected })}
        data-testid={testId}
        onClick={onSelect}
        className="list-button"
      >
        {body}
      </button>
      {extra}
    </li>
  )

  const title = (visitorId: string, extra?: ReactNode) => (
    <span className="item-title">
      <span className="item-name">{name(visitorId)}</span>
      {state.visitors[visitorId]?.online ? <span className="dot online" role="img" aria-label={text.visitor.online} /> : null}
      {extra}
    </span>
  )

  let rows: ReactNode
  if (tab === 'queue') {
    rows = queue.map((q) =>
      item(
        q.conversationId,
        `conv-${q.conversationId}`,
        state.selectedConversationId === q.conversationId,
        () => select({ conversationId: q.conversationId }),
        <>
          {title(q.visitorId, q.vip ? <span className="badge vip">{text.lists.vip}</span> : null)}
          <span className="item-meta">
            {text.lists.position(q.position)} · <time dateTime={new Date(q.queuedAt).toISOString()}>{formatTime(locale, q.queuedAt)}</time>
            {device(q.visitorId) ? ` · ${device(q.visitorId)}` : ''}
          </span>
        </>,
        <button
          type="button"
          className="accept"
          data-testid={`accept-${q.conversationId}`}
          onClick={() => {
            select({ conversationId: q.conversationId })
            desk.accept(q.conversationId).catch(desk.reportError)
          }}
        >
          {text.chat.accept}
        </button>,
      ),
    )
  } else if (tab === 'leave') {
    const shown = state.leaveMessages.filter((m) => leaveFilter === 'all' || leaveStatusOf(m) === leaveFilter)
    rows = shown.map((m) => {
      const meta = leaveMessageMeta(text, m, state.groups)
      const status = leaveStatusOf(m)
      return item(
        m.id,
        `leave-${m.id}`,
        openLeave === m.id,
        () => {
          setOpenLeave(openLeave === m.id ? null : m.id)
          desk.select({ visitorId: m.visitorId })
        },
        <>
          <span className="item-title">
            <span className="item-name">{m.name || name(m.visitorId)}</span>
            <span className={`badge leave-${status}`} data-testid={`leave-status-${m.id}`}>
              {text.leave.status[status]}
            </span>
          </span>
          <span className="item-preview">{m.content}</span>
          {meta ? <span className="item-meta">{meta}</span> : null}
          <span className="item-meta">
            {[m.tel, m.email].filter(Boolean).join(' · ')} <time dateTime={new Date(m.createdAt).toISOString()}>{formatTime(locale, m.createdAt)}</time>
          </span>
        </>,
        openLeave === m.id ? <LeaveMessageDetails message={m} groups={state.groups} /> : null,
      )
    })
  } else {
    const conversations = tab === 'mine' ? mine : ended
    rows = conversations.map((c) => {
      const unread = state.unread[c.conversationId] ?? 0
      const last = [...(state.messages[c.visitorId] ?? [])].reverse().find((m) => m.conversationId === c.conversationId)
      const at = c.endedAt ?? c.startedAt ?? c.createdAt
      return item(
        c.conversationId,
        `conv-${c.conversationId}`,
        state.selectedConversationId === c.conversationId,
        () => select({ conversationId: c.conversationId }),
        <>
          {title(
            c.visitorId,
            unread > 0 ? (
              <span className="badge unread" role="img" aria-label={text.lists.unread(unread)}>
                {unread}
              </span>
            ) : null,
          )}
          <span className="item-preview">{last ? previewOf(text, last.body) : text.chat.status[c.status]}</span>
          <span className="item-meta">
            <time dateTime={new Date(at).toISOString()}>{formatTime(locale, at)}</time>
            {device(c.visitorId) ? ` · ${device(c.visitorId)}` : ''}
          </span>
        </>,
      )
    })
  }

  const shownCount = tab === 'leave' ? state.leaveMessages.filter((m) => leaveFilter === 'all' || leaveStatusOf(m) === leaveFilter).length : counts[tab]
  return (
    <nav className="lists" aria-label={text.lists.label}>
      <div role="tablist" className="list-tabs">
        {TABS.map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} data-testid={`list-tab-${t}`} onClick={() => setTab(t)}>
            {text.lists[t]} <span className="count">{counts[t]}</span>
            {t === 'mine' && unreadMine > 0 ? <span className="badge unread">{unreadMine}</span> : null}
          </button>
        ))}
      </div>
      {tab === 'leave' ? (
        <div className="leave-filter" role="group" aria-label={text.leave.statusLabel}>
          {LEAVE_FILTERS.map((f) => (
            <button key={f} type="button" aria-pressed={leaveFilter === f} onClick={() => setLeaveFilter(f)} data-testid={`leave-filter-${f}`}>
              {f === 'all' ? text.leave.filterAll : text.leave.status[f]}
            </button>
          ))}
        </div>
      ) : null}
      <ul
        ref={list}
        tabIndex={-1}
        role={leaveTab ? undefined : 'listbox'}
        aria-label={text.lists[tab]}
        className="list"
        onKeyDown={leaveTab ? undefined : moveFocus}
        data-testid={`list-${tab}`}
      >
        {rows}
      </ul>
      {shownCount === 0 ? <p className="empty">{text.lists.empty}</p> : null}
    </nav>
  )
}

/** One line for a message in the list, in the agent's language. */
export function previewOf(text: DeskText, body: MessageBody): string {
  switch (body.type) {
    case 'text':
      return body.text
    case 'notice':
      return noticeText(text, body)
    case 'image':
      return text.preview.image
    case 'file':
      return text.preview.file(body.name)
    case 'voice':
      return text.preview.voice
    case 'video':
      return text.preview.video
    case 'product':
      return text.preview.product(body.card.title)
    case 'order':
      return text.preview.order(body.card.orderCode)
    case 'form':
      return text.preview.form(body.formName)
    case 'location':
      return `${text.chat.location} ${locationText(body)}`
  }
}
