import type { ChatMessage, MessageAction, MessageBody, MessageSender } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { newId } from '../domain/ids'

interface MessageRow {
  id: string
  visitor_id: string
  conversation_id: string | null
  seq: number
  client_id: string | null
  sender: MessageSender
  sender_id: string | null
  sender_name: string | null
  sender_avatar: string | null
  visibility: 'both' | 'agent'
  customize_msg_type: number | null
  body: MessageBody
  actions: MessageAction[] | null
  created_at: number
}

export interface StoredMessage {
  readonly message: ChatMessage
  readonly visitorId: string
  readonly conversationId: string | null
  readonly senderId: string | null
}

const toStored = (row: MessageRow): StoredMessage => ({
  visitorId: row.visitor_id,
  conversationId: row.conversation_id,
  senderId: row.sender_id,
  message: {
    id: row.id,
    ...(row.client_id ? { clientId: row.client_id } : {}),
    seq: row.seq,
    sender: row.sender,
    ...(row.sender_name ? { senderName: row.sender_name } : {}),
    ...(row.sender_avatar ? { senderAvatar: row.sender_avatar } : {}),
    createdAt: Number(row.created_at),
    state: 'sent',
    visibility: row.visibility,
    ...(row.customize_msg_type === 1 || row.customize_msg_type === 2 ? { customizeMsgType: row.customize_msg_type } : {}),
    ...(row.actions?.length ? { actions: row.actions } : {}),
    body: row.body,
  },
})

export interface NewMessage {
  readonly companyId: string
  readonly visitorId: string
  readonly conversationId: string | null
  readonly clientId?: string
  readonly sender: MessageSender
  readonly senderId?: string
  readonly senderName?: string
  readonly senderAvatar?: string
  readonly visibility?: 'both' | 'agent'
  readonly customizeMsgType?: 1 | 2
  readonly body: MessageBody
  readonly actions?: readonly MessageAction[]
  /** A visitor's message in a conversation: the conversation's last visitor activity, in the same statement. */
  readonly activityAt?: number
  /** When it was written, by the server's clock (default: now). */
  readonly createdAt?: number
}

/** The unread rule of `@kefu/core` (`isUnreadFor`) for a message being stored. */
const countsAsUnread = (m: NewMessage) => m.sender !== 'visitor' && (m.visibility ?? 'both') === 'both' && m.body.type !== 'notice'

/**
 * Stores a message with the next sequence number of the visitor's stream, in one statement that also keeps
 * the visitor's unread count (returned as `unread`, with its `readSeq`). A resend with a client id already
 * stored returns the stored message instead (`duplicate: true`, no `unread`).
 */
export async function insertMessage(
  db: Queryable,
  m: NewMessage,
): Promise<{ stored: StoredMessage; duplicate: boolean; unread?: { readonly count: number; readonly readSeq: number } }> {
  // Client ids are de-duplicated per sender; a visitor is its own sender id.
  const senderId = m.senderId ?? (m.sender === 'visitor' ? m.visitorId : null)
  // Insert first: a resend is rare, and the unique index turns it into the lookup below.
  try {
    const [row] = await db.query<MessageRow & { unread_count: number; read_seq: number }>(
      // Rows are locked conversation first, then visitor, as the transactions that change a chat and then
      // say so (say.ts) do; the other order deadlocks with them.
      `WITH conversation AS (
         SELECT id FROM conversations WHERE company_id = $1 AND id = $4 FOR NO KEY UPDATE
       ), next AS (
         UPDATE visitors SET last_seq = last_seq + 1, unread_count = unread_count + $16
         WHERE company_id = $1 AND id = $2 AND (SELECT count(*) FROM conversation) >= 0
         RETURNING last_seq, unread_count, read_seq
       ), activity AS (
         UPDATE conversations SET last_visitor_activity_at = $15
         WHERE $15::bigint IS NOT NULL AND company_id = $1 AND id = $4 AND last_visitor_activity_at < $15 RETURNING id
       )
       INSERT INTO messages (id, company_id, visitor_id, conversation_id, seq, client_id, sender, sender_id, sender_name,
                             sender_avatar, visibility, customize_msg_type, body, actions, created_at)
       SELECT $3, $1, $2, $4, next.last_seq, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, $14 FROM next
       RETURNING *, (SELECT unread_count FROM next), (SELECT read_seq FROM next)`,
      [
        m.companyId,
        m.visitorId,
        newId('m'),
        m.conversationId,
        m.clientId ?? null,
        m.sender,
        senderId,
        m.senderName ?? null,
        m.senderAvatar ?? null,
        m.visibility ?? 'both',
        m.customizeMsgType ?? null,
        JSON.stringify(m.body),
        m.actions?.length ? JSON.stringify(m.actions) : null,
        m.createdAt ?? Date.now(),
        m.activityAt !== undefined && m.conversationId ? m.activityAt : null,
        countsAsUnread(m) ? 1 : 0,
      ],
    )
    if (!row) throw new Error(`visitor ${m.visitorId} not found`)
    return { stored: toStored(row), duplicate: false, unread: { count: row.unread_count, readSeq: row.read_seq } }
  } catch (error) {
    // Two connections resending the same client id at once: the unique index lets one win.
    if (m.clientId && senderId && isUniqueViolation(error)) {
      const existing = await findByClientId(db, m.companyId, m.visitorId, m.sender, senderId, m.clientId)
      if (existing) return { stored: existing, duplicate: true }
    }
    throw error
  }
}

async function findByClientId(db: Queryable, companyId: string, visitorId: string, sender: MessageSender, senderId: string, clientId: string) {
  const [row] = await db.query<MessageRow>(
    'SELECT * FROM messages WHERE company_id = $1 AND visitor_id = $2 AND sender = $3 AND sender_id = $4 AND client_id = $5',
    [companyId, visitorId, sender, senderId, clientId],
  )
  return row ? toStored(row) : null
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === '23505'
}

/** The visitor's stream after `afterSeq`; `visibleOnly` leaves out agent-only messages. */
export async function listMessages(
  db: Queryable,
  companyId: string,
  visitorId: string,
  options: { afterSeq?: number; beforeSeq?: number; since?: number; limit?: number; visibleOnly?: boolean; oldestFirst?: boolean } = {},
): Promise<StoredMessage[]> {
  const where = ['company_id = $1', 'visitor_id = $2']
  const params: unknown[] = [companyId, visitorId]
  const add = (clause: string, value: unknown) => {
    params.push(value)
    where.push(clause.replace('?', `$${params.length}`))
  }
  if (options.afterSeq !== undefined) add('seq > ?', options.afterSeq)
  if (options.beforeSeq !== undefined) add('seq < ?', options.beforeSeq)
  if (options.since !== undefined) add('created_at >= ?', options.since)
  if (options.visibleOnly) where.push(`visibility = 'both'`)
  const limit = Math.min(options.limit ?? 500, 1000)
  params.push(limit)
  // Newest `limit` messages (or, `oldestFirst`, the oldest: a resync pages forward), returned oldest first.
  const rows = await db.query<MessageRow>(
    options.oldestFirst
      ? `SELECT * FROM messages WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $${params.length}`
      : `SELECT * FROM (SELECT * FROM messages WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}) recent ORDER BY seq`,
    params,
  )
  return rows.map(toStored)
}

/** The unread rule of `@kefu/core` (`isUnreadFor`), as a query. */
export async function countUnread(db: Queryable, companyId: string, visitorId: string, readSeq: number): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM messages
     WHERE company_id = $1 AND visitor_id = $2 AND seq > $3 AND sender <> 'visitor' AND visibility = 'both'
       AND body->>'type' <> 'notice'`,
    [companyId, visitorId, readSeq],
  )
  return row?.count ?? 0
}

export async function lastMessageOfConversation(db: Queryable, companyId: string, conversationId: string): Promise<StoredMessage | null> {
  const [row] = await db.query<MessageRow>(
    'SELECT * FROM messages WHERE company_id = $1 AND conversation_id = $2 ORDER BY seq DESC LIMIT 1',
    [companyId, conversationId],
  )
  return row ? toStored(row) : null
}

/** One conversation's messages in order, agent-only ones included (agents read them), a page after `afterSeq`. */
export async function listConversationMessages(
  db: Queryable,
  companyId: string,
  conversationId: string,
  options: { afterSeq?: number; limit?: number } = {},
): Promise<StoredMessage[]> {
  const rows = await db.query<MessageRow>(
    'SELECT * FROM messages WHERE company_id = $1 AND conversation_id = $2 AND seq > $3 ORDER BY seq LIMIT $4',
    [companyId, conversationId, options.afterSeq ?? 0, Math.min(options.limit ?? 500, 1000)],
  )
  return rows.map(toStored)
}
