import type { Queryable } from '../db/Database'
import { setClause, type ColumnMap } from './setClause'

/** Who a quick reply is for: the whole company, the agents of one group, or one agent. */
export type QuickReplyScope = 'company' | 'group' | 'agent'

/** A canned answer an agent inserts into the composer with one click. */
export interface QuickReply {
  readonly id: string
  readonly title: string
  readonly text: string
  /** Sort order in the workbench, ascending. */
  readonly position: number
  readonly scope: QuickReplyScope
  /** The group, for `group` replies; otherwise null. */
  readonly groupId: string | null
  /** The agent, for `agent` replies; otherwise null. */
  readonly agentId: string | null
}

export type QuickReplyFields = Pick<QuickReply, 'title' | 'text' | 'position' | 'scope' | 'groupId' | 'agentId'>

interface QuickReplyRow {
  id: string
  title: string
  text: string
  position: number
  scope: QuickReplyScope
  group_id: string | null
  agent_id: string | null
}

const COLUMNS_SQL = 'id, title, text, position, scope, group_id, agent_id'

const toQuickReply = (row: QuickReplyRow): QuickReply => ({
  id: row.id,
  title: row.title,
  text: row.text,
  position: row.position,
  scope: row.scope,
  groupId: row.group_id,
  agentId: row.agent_id,
})

const COLUMNS: ColumnMap<Partial<QuickReplyFields>> = {
  title: ['title', false],
  text: ['text', false],
  position: ['position', false],
  scope: ['scope', false],
  groupId: ['group_id', false],
  agentId: ['agent_id', false],
}

/** Adds a quick reply; without a position it goes last. */
export async function insertQuickReply(
  db: Queryable,
  companyId: string,
  reply: { id: string; title: string; text: string; position?: number | undefined; scope?: QuickReplyScope; groupId?: string | null; agentId?: string | null },
): Promise<QuickReply> {
  const [row] = await db.query<QuickReplyRow>(
    `INSERT INTO quick_replies (id, company_id, title, text, position, scope, group_id, agent_id, created_at)
     VALUES ($1, $2, $3, $4, COALESCE($5::int, (SELECT COALESCE(MAX(position), 0) + 1 FROM quick_replies WHERE company_id = $2)), $6, $7, $8, $9)
     RETURNING ${COLUMNS_SQL}`,
    [reply.id, companyId, reply.title, reply.text, reply.position ?? null, reply.scope ?? 'company', reply.groupId ?? null, reply.agentId ?? null, Date.now()],
  )
  return toQuickReply(row!)
}

/** Every quick reply of the company, whoever it is for (the admin console). */
export async function listQuickReplies(db: Queryable, companyId: string): Promise<QuickReply[]> {
  return (
    await db.query<QuickReplyRow>(`SELECT ${COLUMNS_SQL} FROM quick_replies WHERE company_id = $1 ORDER BY position, created_at, id`, [companyId])
  ).map(toQuickReply)
}

/** The replies one agent works with: the company's, those of the agent's groups, and the agent's own. */
export async function listQuickRepliesFor(db: Queryable, companyId: string, agentId: string): Promise<QuickReply[]> {
  return (
    await db.query<QuickReplyRow>(
      `SELECT ${COLUMNS_SQL} FROM quick_replies q
       WHERE q.company_id = $1
         AND (q.scope = 'company'
              OR (q.scope = 'agent' AND q.agent_id = $2)
              OR (q.scope = 'group' AND q.group_id IN (SELECT group_id FROM agent_groups WHERE agent_id = $2 AND company_id = $1)))
       ORDER BY position, created_at, id`,
      [companyId, agentId],
    )
  ).map(toQuickReply)
}

export async function findQuickReply(db: Queryable, companyId: string, id: string): Promise<QuickReply | null> {
  const [row] = await db.query<QuickReplyRow>(`SELECT ${COLUMNS_SQL} FROM quick_replies WHERE company_id = $1 AND id = $2`, [companyId, id])
  return row ? toQuickReply(row) : null
}

export async function updateQuickReply(db: Queryable, companyId: string, id: string, patch: Partial<QuickReplyFields>): Promise<QuickReply | null> {
  const params: unknown[] = [companyId, id]
  const sets = setClause(COLUMNS, patch, params)
  const [row] = sets.length
    ? await db.query<QuickReplyRow>(`UPDATE quick_replies SET ${sets.join(', ')} WHERE company_id = $1 AND id = $2 RETURNING ${COLUMNS_SQL}`, params)
    : await db.query<QuickReplyRow>(`SELECT ${COLUMNS_SQL} FROM quick_replies WHERE company_id = $1 AND id = $2`, params)
  return row ? toQuickReply(row) : null
}

export async function deleteQuickReply(db: Queryable, companyId: string, id: string): Promise<boolean> {
  return (await db.query('DELETE FROM quick_replies WHERE company_id = $1 AND id = $2 RETURNING id', [companyId, id])).length > 0
}
