import type { MessageBody } from '@kefu/core'
import type { Queryable } from '../db/Database'
import type { ConversationRecord } from '../store/conversationStore'
import { insertMessage, type NewMessage } from '../store/messageStore'
import type { Publisher } from './Publisher'

/** A message from the server's side of a chat (the bot, a system notice, an agent's greeting): stored, then published. */
export async function say(
  tx: Queryable,
  out: Publisher,
  conversation: ConversationRecord,
  sender: 'bot' | 'system' | 'agent',
  body: MessageBody,
  extra: Partial<NewMessage> = {},
): Promise<void> {
  const { stored, unread } = await insertMessage(tx, {
    companyId: conversation.companyId,
    visitorId: conversation.visitorId,
    conversationId: conversation.conversationId,
    sender,
    ...extra,
    body,
  })
  out.message(conversation.companyId, conversation.visitorId, conversation, stored.message)
  if (unread && stored.message.visibility === 'both') out.toVisitor(conversation.visitorId, { type: 'unread', ...unread })
}
