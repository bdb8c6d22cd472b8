import type { Queryable } from '../db/Database'
import { setClause, type ColumnMap } from './setClause'

/** A canned answer an agent inserts into the composer with one click. */
export interface QuickReply {
  readonly id: string
  readonly title: string
  readonly text: string
  /** Sort order in the workbench, ascending. */
  readonly position: number
}

export type QuickReplyFields = Pick<QuickReply, 'title' | 'text' | 'position'>

interface QuickReplyRow {
  id: string
  title: string
  text: string
  position: number
}

const toQuickReply = (row: QuickReplyRow): QuickReply => ({ id: row.id, title: row.title, text: row.text, position: row.position })

const COLUMNS: ColumnMap<Partial<QuickReplyFields>> = { title: ['title', false], text: ['text', false], position: ['position', false] }

/** Adds a quick reply; without a position it goes last. */
export async function insertQuickReply(
  db: Queryable,
  companyId: string,
  reply: { id: string; title: string; text: string; position?: number | undefined },
): Promise<QuickReply> {
  const [row] = await db.query<QuickReplyRow>(
    `INSERT INTO quick_replies (id, company_id, title, text, position, created_at)
     VALUES ($1, $2, $3, $4, COALESCE($5::int, (SELECT COALESCE(MAX(position), 0) + 1 FROM quick_replies WHERE company_id = $2)), $6)
     RETURNING id, title, text, position`,
    [reply.id, companyId, reply.title, reply.text, reply.position ?? null, Date.now()],
  )
  return toQuickReply(row!)
}

export async function listQuickReplies(db: Queryable, companyId: string): Promise<QuickReply[]> {
  return (
    await db.query<QuickReplyRow>('SELECT id, title, text, position FROM quick_replies WHERE company_id = $1 ORDER BY position, created_at, id', [companyId])
  ).map(toQuickReply)
}

export async function updateQuickReply(db: Queryable, companyId: string, id: string, patch: Partial<QuickReplyFields>): Promise<QuickReply | null> {
  const params: unknown[] = [companyId, id]
  const sets = setClause(COLUMNS, patch, params)
  const [row] = sets.length
    ? await db.query<QuickReplyRow>(`UPDATE quick_replies SET ${sets.join(', ')} WHERE company_id = $1 AND id = $2 RETURNING id, title, text, position`, params)
    : await db.query<QuickReplyRow>('SELECT id, title, text, position FROM quick_replies WHERE company_id = $1 AND id = $2', params)
  return row ? toQuickReply(row) : null
}

export async function deleteQuickReply(db: Queryable, companyId: string, id: string): Promise<boolean> {
  return (await db.query('DELETE FROM quick_replies WHERE company_id = $1 AND id = $2 RETURNING id', [companyId, id])).length > 0
}
