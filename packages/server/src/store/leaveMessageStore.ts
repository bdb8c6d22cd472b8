import type { LeaveMessageInput, LeaveMessageRecord } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { newId } from '../domain/ids'

interface LeaveMessageRow {
  id: string
  visitor_id: string
  content: string
  name: string | null
  tel: string | null
  email: string | null
  created_at: number
}

const toRecord = (row: LeaveMessageRow): LeaveMessageRecord => ({
  id: row.id,
  visitorId: row.visitor_id,
  content: row.content,
  ...(row.name ? { name: row.name } : {}),
  ...(row.tel ? { tel: row.tel } : {}),
  ...(row.email ? { email: row.email } : {}),
  createdAt: Number(row.created_at),
})

export async function insertLeaveMessage(db: Queryable, companyId: string, visitorId: string, input: LeaveMessageInput): Promise<LeaveMessageRecord> {
  const [row] = await db.query<LeaveMessageRow>(
    `INSERT INTO leave_messages (id, company_id, visitor_id, content, name, tel, email, template_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [newId('lm'), companyId, visitorId, input.content, input.name ?? null, input.tel ?? null, input.email ?? null, input.templateId ?? null, Date.now()],
  )
  return toRecord(row!)
}

export async function listLeaveMessages(db: Queryable, companyId: string, limit = 100): Promise<LeaveMessageRecord[]> {
  return (
    await db.query<LeaveMessageRow>('SELECT * FROM leave_messages WHERE company_id = $1 ORDER BY created_at DESC LIMIT $2', [companyId, limit])
  ).map(toRecord)
}
