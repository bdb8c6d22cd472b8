import type { MessageBody } from '@kefu/core'
import { END_REASON_KEYS } from './chatStatusText'
import type { Locale } from './locale'
import { t } from './t'

/**
 * A system notice in the visitor's language, by its `code` (`agent.joined`, `agent.transferred`,
 * `chat.ended.<reason>`); notices without a known code keep the server's text. The agent's name is the one
 * the notice was given with, so after a transfer earlier lines still name who was serving then.
 */
export function noticeText(locale: Locale, notice: Extract<MessageBody, { type: 'notice' }>, fallbackName?: string): string {
  const code = notice.code ?? ''
  const name = notice.params?.name ?? fallbackName
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
