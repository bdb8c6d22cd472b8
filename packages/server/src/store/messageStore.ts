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
  /**
   * The conversation as the caller saw it when it decided where the message goes and who hears it: the message
   * is stored only if the conversation still has this status and agent, checked under its row lock; otherwise
   * `insertMessage` throws `StaleConversationError` and nothing is stored.
   */
  readonly expectedConversation?: ExpectedConversation
}

export interface ExpectedConversation {
  readonly status: string
  readonly agentId: string | null
}

/** The conversation changed (status or agent) since the caller read it: read it again and decide again. */
export class StaleConversationError extends Error {
  constructor(readonly conversationId: string) {
    super(`conversation ${conversationId} changed since it was read`)
    this.name = 'StaleConversationError'
  }
}

/** Client ids are de-duplicated per sender; a visitor is its own sender id. */
const senderIdOf = (m: NewMessage) => m.senderId ?? (m.sender === 'visitor' ? m.visitorId : null)

/** The unread rule of `@kefu/core` (`isUnreadFor`) for a message being stored. */
const countsAsUnread = (m: NewMessage) => m.sender !== 'visitor' && (m.visibility ?? 'both') === 'both' && m.body.type !== 'notice'

/** A message stored (or, `duplicate`, found stored under its client id) and the visitor's unread count after it. */
export interface InsertedMessage {
  readonly stored: StoredMessage
  readonly duplicate: boolean
  readonly unread?: { readonly count: number; readonly readSeq: number }
}

/**
 * Stores a message with the next sequence number of the visitor's stream, in one statement that also keeps
 * the visitor's unread count (returned as `unread`, with its `readSeq`). A resend with a client id already
 * stored returns the stored message instead (`duplicate: true`, no `unread`).
 */
export async function insertMessage(db: Queryable, m: NewMessage): Promise<InsertedMessage> {
  const senderId = senderIdOf(m)
  // Insert first: a resend is rare, and the unique index turns it into the lookup below.
  try {
    const [row] = await db.query<(MessageRow | { [K in keyof MessageRow]: null }) & { unread_count: number; read_seq: number; fresh: boolean }>(
      // Rows are locked conversation first, then visitor, as the transactions that change a chat and then
      // say so (say.ts) do; the other order deadlocks with them. The one row it returns says whether the
      // conversation was still as expected (fresh) and, if so and the visitor exists, the message stored.
      // Rows are found by primary key and their company compared with IS NOT DISTINCT FROM, which no index
      // answers: given `company_id = $1` the planner may walk a company index through all of its rows while the
      // table's statistics are young (insertMessageBatch says more).
      `WITH conversation AS (
         SELECT status, agent_id FROM conversations WHERE id = $4 AND company_id IS NOT DISTINCT FROM $1 FOR NO KEY UPDATE
       ), fresh AS (
         -- An aggregate over the locked row, so the lock is taken whether or not anything is expected.
         SELECT $17::text IS NULL OR coalesce(bool_or(status = $17 AND agent_id IS NOT DISTINCT FROM $18), false) AS ok FROM conversation
       ), next AS (
         UPDATE visitors SET last_seq = last_seq + 1, unread_count = unread_count + $16
         WHERE id = $2 AND company_id IS NOT DISTINCT FROM $1 AND (SELECT ok FROM fresh)
         RETURNING last_seq, unread_count, read_seq
       ), activity AS (
         UPDATE conversations SET last_visitor_activity_at = $15
         WHERE $15::bigint IS NOT NULL AND id = $4 AND company_id IS NOT DISTINCT FROM $1 AND last_visitor_activity_at < $15 AND (SELECT ok FROM fresh)
         RETURNING id
       ), inserted AS (
         INSERT INTO messages (id, company_id, visitor_id, conversation_id, seq, client_id, sender, sender_id, sender_name,
                               sender_avatar, visibility, customize_msg_type, body, actions, created_at)
         SELECT $3, $1, $2, $4, next.last_seq, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, $14 FROM next
         RETURNING *
       )
       SELECT inserted.*, (SELECT unread_count FROM next), (SELECT read_seq FROM next), (SELECT ok FROM fresh) AS fresh
       FROM fresh LEFT JOIN inserted ON true`,
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
        m.conversationId ? (m.expectedConversation?.status ?? null) : null,
        m.expectedConversation?.agentId ?? null,
      ],
      { name: 'kefu.insertMessage' },
    )
    if (!row?.fresh) {
      // A resend of a message stored before the chat changed is answered with it, not sent again elsewhere.
      const existing = m.clientId && senderId ? await findByClientId(db, m.companyId, m.visitorId, m.sender, senderId, m.clientId) : null
      if (existing) return { stored: existing, duplicate: true }
      throw new StaleConversationError(m.conversationId ?? '')
    }
    if (row.id === null) throw new Error(`visitor ${m.visitorId} not found`)
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

/**
 * Stores many messages in one statement (group commit): each visitor's messages get its next sequence numbers
 * in the order given, and each its unread count after it, as `insertMessage` would one after the other.
 * A message it leaves out (`undefined`: a resend whose client id is already stored, an unknown visitor, one
 * whose visitor or conversation row another transaction holds, or one whose conversation is no longer as it
 * expects) is for `insertMessage` to answer. A failure stores none of them:
 * two messages with one client id, a resend racing another connection, a bad row.
 */
export async function insertMessageBatch(db: Queryable, ms: readonly NewMessage[]): Promise<(InsertedMessage | undefined)[]> {
  const ids = ms.map(() => newId('m'))
  const column = <T>(value: (m: NewMessage) => T) => ms.map(value)
  const rows = await db.query<MessageRow & { unread_count: number; read_seq: number }>(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                              $9::text[], $10::text[], $11::int[], $12::text[], $13::text[], $14::bigint[], $15::bigint[], $16::int[],
                              $17::text[], $18::text[])
         WITH ORDINALITY AS t(company_id, visitor_id, id, conversation_id, client_id, sender, sender_id, sender_name,
                              sender_avatar, visibility, customize_msg_type, body, actions, created_at, activity_at, unread,
                              expected_status, expected_agent_id, ord)
       -- A resend takes no sequence number: insertMessage answers it with the stored message. OFFSET 0 keeps this a
       -- probe of messages_client per message: as an anti-join the planner hashed the whole messages table for
       -- every batch whenever its statistics said the table was small (a young database, or PGlite before
       -- kefu analyzed it: db/keepStatistics.ts).
       -- A message without a client id matches nothing.
       WHERE NOT EXISTS (
         SELECT 1 FROM messages m
         WHERE m.visitor_id = t.visitor_id AND m.sender = t.sender AND m.sender_id = t.sender_id AND m.client_id = t.client_id
         OFFSET 0)
     ), conversations_locked AS MATERIALIZED (
       -- Conversations first, then visitors, as a chat change that says so with a notice locks them (say.ts);
       -- the other order deadlocks with it. A visitor whose conversation another transaction holds is left out.
       -- Rows are found by primary key alone, here and below, and their company checked after: joined on the company
       -- too, the planner may walk one of the company's indexes through every row of it (it did, while the table's
       -- statistics were young, and on PGlite, which has no autovacuum).
       SELECT c.company_id, c.id, c.status, c.agent_id FROM conversations c
       JOIN (SELECT DISTINCT conversation_id FROM input WHERE conversation_id IS NOT NULL) i ON c.id = i.conversation_id
       ORDER BY c.id FOR NO KEY UPDATE OF c SKIP LOCKED
     ), totals AS (
       SELECT i.company_id, i.visitor_id, count(*)::int AS n, sum(i.unread)::int AS unread
       FROM input i LEFT JOIN conversations_locked c ON c.id = i.conversation_id
       -- A conversation no longer as its message expects leaves that visitor out too (insertMessage says so), and
       -- so does one not locked here (held by another transaction) or of another company. Each term is true or
       -- false, never null: bool_and skips nulls, and a visitor's other messages would then let it through.
       GROUP BY i.company_id, i.visitor_id
       HAVING bool_and(i.conversation_id IS NULL OR (c.id IS NOT NULL AND c.company_id = i.company_id AND (i.expected_status IS NULL
                       OR (c.status = i.expected_status AND c.agent_id IS NOT DISTINCT FROM i.expected_agent_id))))
     ), locked AS MATERIALIZED (
       -- The visitors are locked in one order, so the statements of two processes never wait on each other in a circle.
       -- One whose row another transaction holds is left out (for insertMessage, which waits for it alone), so that
       -- one slow visitor never holds up the others of the batch.
       -- (IS NOT DISTINCT FROM, which no index answers, so that the primary key finds the row; company_id is never null.)
       SELECT v.id, totals.n, totals.unread FROM totals JOIN visitors v ON v.id = totals.visitor_id
       WHERE v.company_id IS NOT DISTINCT FROM totals.company_id
       ORDER BY v.id FOR UPDATE OF v SKIP LOCKED
     ), next AS (
       UPDATE visitors v SET last_seq = v.last_seq + locked.n, unread_count = v.unread_count + locked.unread
       FROM locked WHERE v.id = locked.id
       RETURNING v.company_id, v.id, v.last_seq, v.unread_count, v.read_seq, locked.n, locked.unread
     ), activity AS (
       UPDATE conversations c SET last_visitor_activity_at = a.at
       FROM (SELECT i.conversation_id, max(i.activity_at) AS at FROM input i
             JOIN next ON next.company_id = i.company_id AND next.id = i.visitor_id
             WHERE i.activity_at IS NOT NULL AND i.conversation_id IS NOT NULL GROUP BY i.conversation_id) a
       -- Only conversations of the messages' own companies reach here: totals checked each.
       WHERE c.id = a.conversation_id AND c.last_visitor_activity_at < a.at
       RETURNING c.id
     ), numbered AS (
       SELECT i.*, (next.last_seq - next.n + row_number() OVER w)::int AS seq,
              (next.unread_count - next.unread + sum(i.unread) OVER w)::int AS unread_count, next.read_seq
       FROM input i JOIN next ON next.company_id = i.company_id AND next.id = i.visitor_id
       WINDOW w AS (PARTITION BY i.visitor_id ORDER BY i.ord)
     ), inserted AS (
       INSERT INTO messages (id, company_id, visitor_id, conversation_id, seq, client_id, sender, sender_id, sender_name,
                             sender_avatar, visibility, customize_msg_type, body, actions, created_at)
       SELECT id, company_id, visitor_id, conversation_id, seq, client_id, sender, sender_id, sender_name,
              sender_avatar, visibility, customize_msg_type, body::jsonb, actions::jsonb, created_at FROM numbered
       RETURNING *
     )
     SELECT inserted.*, numbered.unread_count, numbered.read_seq FROM inserted JOIN numbered ON numbered.id = inserted.id`,
    [
      column((m) => m.companyId),
      column((m) => m.visitorId),
      ids,
      column((m) => m.conversationId),
      column((m) => m.clientId ?? null),
      column((m) => m.sender),
      column(senderIdOf),
      column((m) => m.senderName ?? null),
      column((m) => m.senderAvatar ?? null),
      column((m) => m.visibility ?? 'both'),
      column((m) => m.customizeMsgType ?? null),
      column((m) => JSON.stringify(m.body)),
      column((m) => (m.actions?.length ? JSON.stringify(m.actions) : null)),
      column((m) => m.createdAt ?? Date.now()),
      column((m) => (m.activityAt !== undefined && m.conversationId ? m.activityAt : null)),
      column((m) => (countsAsUnread(m) ? 1 : 0)),
      column((m) => (m.conversationId ? (m.expectedConversation?.status ?? null) : null)),
      column((m) => m.expectedConversation?.agentId ?? null),
    ],
    { name: 'kefu.insertMessageBatch' },
  )
  const byId = new Map(rows.map((row) => [row.id, row]))
  return ids.map((id) => {
    const row = byId.get(id)
    return row && { stored: toStored(row), duplicate: false, unread: { count: row.unread_count, readSeq: row.read_seq } }
  })
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
