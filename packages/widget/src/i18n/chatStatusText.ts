import type { ChatSnapshot, EndReason } from '@kefu/core'
import type { Locale } from './locale'
import type { MessageKey } from './messages'
import { t } from './t'

/** Why a conversation ended, as the text the window shows. */
export const END_REASON_KEYS = {
  0: 'status.ended',
  1: 'status.endedByVisitor',
  2: 'status.endedByAgent',
  5: 'status.endedByLogout',
  6: 'status.endedBySystem',
  8: 'status.endedByInactivity',
} as const satisfies Readonly<Record<EndReason, MessageKey>>

const OFFLINE_KEYS = {
  'leave-message': 'status.offlineLeaveMessage',
  disabled: 'status.offlineDisabled',
  redirect: 'status.offlineRedirect',
} as const

/** The status line: the connection while it is not up, else the chat status; `''` before any chat. */
export function chatStatusText(
  locale: Locale,
  { connection, status, staff, queuePosition }: Pick<ChatSnapshot, 'connection' | 'status' | 'staff' | 'queuePosition'>,
): string {
  if (connection === 'connecting') return t(locale, 'status.connecting')
  if (connection === 'reconnecting') return t(locale, 'status.reconnecting')
  if (connection === 'offline') return t(locale, 'status.disconnected')
  switch (status.name) {
    case 'idle':
      return ''
    case 'waiting':
      return queuePosition ? t(locale, 'status.queue', { position: queuePosition }) : t(locale, 'status.waiting')
    case 'bot':
      return t(locale, 'status.bot')
    case 'chatting':
      return staff?.staffNickName
        ? t(locale, 'status.chatting', { name: staff.staffNickName })
        : t(locale, 'status.chattingAnonymous')
    case 'offline':
      return t(locale, OFFLINE_KEYS[status.mode])
    case 'overloaded':
      return t(locale, 'status.overloaded')
    case 'ended':
      return t(locale, END_REASON_KEYS[status.reason])
  }
}
