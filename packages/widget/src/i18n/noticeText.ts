import type { MessageBody } from '@kefu/core'
import { END_REASON_KEYS } from './chatStatusText'
import type { Locale } from './locale'
import { t } from './t'

/**
 * A system notice in the visitor's language, by its `code` (`agent.joined`, `agent.transferred`,
 * `chat.ended.<reason>`); notices without a known code keep the server's text. `name` is the agent's.
 */
export function noticeText(locale: Locale, notice: Extract<MessageBody, { type: 'notice' }>, name?: string): string {
  const code = notice.code ?? ''
  if (code === 'agent.joined') {
    return name ? t(locale, 'status.chatting', { name }) : t(locale, 'status.chattingAnonymous')
  }
  if (code === 'agent.transferred') {
    return name ? t(locale, 'notice.transferred', { name }) : t(locale, 'notice.transferredAnonymous')
  }
  const reason = /^chat\.ended\.(\d)$/.exec(code)?.[1] as `${keyof typeof END_REASON_KEYS}` | undefined
  const key = reason && END_REASON_KEYS[reason]
  return key ? t(locale, key) : notice.text
}
