'use client'
import { useRouter } from 'next/navigation'
import type { ChatStatus } from '@kefu/core'
import { useChatStatus, useStaff, useUnread } from '@kefu/react'
import { openWidget } from './openWidget'

const STATUS_TEXT: Record<ChatStatus['name'], string> = {
  idle: '在线咨询 Chat',
  waiting: '排队中 Waiting',
  bot: '智能客服 Bot',
  chatting: '服务中 Chatting',
  offline: '留言 Leave a message',
  overloaded: '繁忙 Busy',
  ended: '已结束 Ended',
}

/** The store's own chat button: agent name, chat status and unread badge, opening the kefu widget. */
export function ChatButton() {
  const unread = useUnread()
  const staff = useStaff()
  const { status, agentsOnline } = useChatStatus()
  const router = useRouter()
  const statusText = status.name === 'idle' && !agentsOnline ? '客服离线 Offline' : STATUS_TEXT[status.name]
  return (
    <button
      type="button"
      className="chat-button"
      data-testid="chat-button"
      aria-label={unread > 0 ? `联系客服，${unread} 条未读 / Chat, ${unread} unread` : '联系客服 / Chat with us'}
      // Without the widget (kefu unreachable) the headless support page still works.
      onClick={() => openWidget() || router.push('/support')}
    >
      <svg className="chat-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
        <path d="M4 5h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H9l-4 3v-3H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1z" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
        <circle cx="8.5" cy="11" r="1.2" fill="currentColor" />
        <circle cx="12" cy="11" r="1.2" fill="currentColor" />
        <circle cx="15.5" cy="11" r="1.2" fill="currentColor" />
      </svg>
      <span className="chat-text">
        <span className="chat-staff" data-testid="chat-staff">
          {staff ? staff.staffNickName : '客服 Support'}
        </span>
        <span className={`chat-status chat-status-${status.name}`} data-testid="chat-status" data-status={status.name}>
          {statusText}
        </span>
      </span>
      {unread > 0 && (
        <span className="chat-unread" data-testid="chat-unread">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </button>
  )
}
