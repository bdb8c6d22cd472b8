import type { MessageBody } from '@kefu/core'
import type { DeskText } from './deskText'

type Notice = Extract<MessageBody, { type: 'notice' }>

/**
 * A system notice as the agent reads it, in the agent's language, from its `code` and `params` (the
 * agent's name as it was then: after a transfer, an old "… joined" still names who joined). A code
 * the workbench does not know keeps the server's text.
 */
export function noticeText(text: DeskText, notice: Notice): string {
  const name = notice.params?.name
  switch (notice.code) {
    case 'agent.joined':
      return name ? text.notice.joined(name) : text.notice.joinedAnonymous
    case 'agent.transferred':
      return name ? text.notice.transferred(name) : text.notice.transferredAnonymous
    case 'leave.replied':
      return text.notice.leaveReply
  }
  const reason = /^chat\.ended\.(\d)$/.exec(notice.code ?? '')?.[1]
  return (reason && text.notice.ended[Number(reason) as keyof DeskText['notice']['ended']]) || notice.text
}
