import type { LeaveMessageFields, LeaveMessageInput, LeaveMessageRecord, LeaveMessageReply, LeaveMessageStatus } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { newId } from '../domain/ids'

interface LeaveMessageRow {
  id: string
  visitor_id: string
  content: string
  name: string | null
  tel: string | null
  email: string | null
  template_id: string | null
  group_id: string | null
  source: string | null
  fields: LeaveMessageFields | null
  created_at: number
  status: LeaveMessageStatus
  assignee_id: string | null
}

interface ReplyRow {
  leave_message_id: string
  agent_id: string | null
  agent_name: string
  text: string
  created_at: number
}

/** What is stored: the input as checked by the frame schema, with `groupId` already checked against the company's groups. */
export interface NewLeaveMessage extends Omit<LeaveMessageInput, 'source' | 'groupId'> {
  readonly groupId: string | null
  readonly source?: string
  /** When it was left, by the server's clock (default: now). */
  readonly createdAt?: number
}

const toRecord = (row: LeaveMessageRow, replies: readonly LeaveMessageReply[] = []): LeaveMessageRecord => ({
  id: row.id,
  visitorId: row.visitor_id,
  content: row.content,
  ...(row.name ? { name: row.name } : {}),
  ...(row.tel ? { tel: row.tel } : {}),
  ...(row.email ? { email: row.email } : {}),
  ...(row.template_id ? { templateId: row.template_id } : {}),
  ...(row.group_id ? { groupId: row.group_id } : {}),
  ...(row.source ? { source: row.source } : {}),
  ...(row.fields ? { fields: row.fields } : {}),
  createdAt: Number(row.created_at),
  status: row.status,
  assigneeId: row.assignee_id,
  replies,
})

const toReply = (row: ReplyRow): LeaveMessageReply => ({ text: row.text, agentId: row.agent_id ?? '', agentName: row.agent_name, at: Number(row.created_at) })

/** The replies of these leave messages, oldest first, by leave message. */
async function repliesOf(db: Queryable, companyId: string, ids: readonly string[]): Promise<Map<string, LeaveMessageReply[]>> {
  const byMessage = new Map<string, LeaveMessageReply[]>()
  if (!ids.length) return byMessage
  const rows = await db.query<ReplyRow>(
    'SELECT * FROM leave_message_replies WHERE company_id = $1 AND leave_message_id = ANY($2::text[]) ORDER BY created_at, id',
    [companyId, ids],
  )
  for (const row of rows) byMessage.set(row.leave_message_id, [...(byMessage.get(row.leave_message_id) ?? []), toReply(row)])
  return byMessage
}

export async function insertLeaveMessage(db: Queryable, companyId: string, visitorId: string, input: NewLeaveMessage): Promise<LeaveMessageRecord> {
  const fields = input.fields && Object.keys(input.fields).length ? JSON.stringify(input.fields) : null
  const [row] = await db.query<LeaveMessageRow>(
    `INSERT INTO leave_messages (id, company_id, visitor_id, content, name, tel, email, template_id, group_id, source, fields, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12) RETURNING *`,
    [
      newId('lm'),
      companyId,
      visitorId,
      input.content,
      input.name ?? null,
      input.tel ?? null,
      input.email ?? null,
      input.templateId ?? null,
      input.groupId,
      input.source ?? null,
      fields,
      input.createdAt ?? Date.now(),
    ],
  )
  return toRecord(row!)
}

export async function listLeaveMessages(db: Queryable, companyId: string, limit = 100): Promise<LeaveMessageRecord[]> {
  const rows = await db.query<LeaveMessageRow>('SELECT * FROM leave_messages WHERE company_id = $1 ORDER BY created_at DESC LIMIT $2', [companyId, limit])
  const replies = await repliesOf(db, companyId, rows.map((r) => r.id))
  return rows.map((row) => toRecord(row, replies.get(row.id)))
}

/** One leave message of the company with its replies; another company's id is not found. */
export async function findLeaveMessage(db: Queryable, companyId: string, id: string): Promise<LeaveMessageRecord | null> {
  const [row] = await db.query<LeaveMessageRow>('SELECT * FROM leave_messages WHERE company_id = $1 AND id = $2', [companyId, id])
  if (!row) return null
  return toRecord(row, (await repliesOf(db, companyId, [id])).get(id))
}

export interface LeaveMessagePatch {
  readonly status?: LeaveMessageStatus
  readonly assigneeId?: string | null
  /** Marks the message handled at this time unless it already was (the first answer or closing counts). */
  readonly handledAt?: number
}

/** Changes a leave message; false when the company has no such message. */
export async function updateLeaveMessage(db: Queryable, companyId: string, id: string, patch: LeaveMessagePatch): Promise<boolean> {
  const sets: string[] = []
  const params: unknown[] = [companyId, id]
  const set = (clause: string, value: unknown) => {
    params.push(value)
    sets.push(clause.replace('?', `$${params.length}`))
  }
  if (patch.status !== undefined) set('status = ?', patch.status)
  if (patch.assigneeId !== undefined) set('assignee_id = ?', patch.assigneeId)
  if (patch.handledAt !== undefined) set('handled_at = COALESCE(handled_at, ?::bigint)', patch.handledAt)
  if (!sets.length) sets.push('id = id')
  const rows = await db.query<{ id: string }>(`UPDATE leave_messages SET ${sets.join(', ')} WHERE company_id = $1 AND id = $2 RETURNING id`, params)
  return rows.length > 0
}

export interface NewLeaveMessageReply {
  readonly leaveMessageId: string
  readonly agentId: string
  readonly agentName: string
  readonly text: string
  /** The chat message that carried it to the visitor. */
  readonly messageId: string
  readonly createdAt: number
}

export async function insertLeaveMessageReply(db: Queryable, companyId: string, reply: NewLeaveMessageReply): Promise<LeaveMessageReply> {
  const [row] = await db.query<ReplyRow>(
    `INSERT INTO leave_message_replies (id, company_id, leave_message_id, agent_id, agent_name, text, message_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [newId('lr'), companyId, reply.leaveMessageId, reply.agentId, reply.agentName, reply.text, reply.messageId, reply.createdAt],
  )
  return toReply(row!)
}
