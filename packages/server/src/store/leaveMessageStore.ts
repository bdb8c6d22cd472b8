import type { LeaveMessageFields, LeaveMessageInput, LeaveMessageRecord } from '@kefu/core'
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
}

/** What is stored: the input as checked by the frame schema, with `groupId` already checked against the company's groups. */
export interface NewLeaveMessage extends Omit<LeaveMessageInput, 'source' | 'groupId'> {
  readonly groupId: string | null
  readonly source?: string
  /** When it was left, by the server's clock (default: now). */
  readonly createdAt?: number
}

const toRecord = (row: LeaveMessageRow): LeaveMessageRecord => ({
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
})

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
  return (
    await db.query<LeaveMessageRow>('SELECT * FROM leave_messages WHERE company_id = $1 ORDER BY created_at DESC LIMIT $2', [companyId, limit])
  ).map(toRecord)
}
