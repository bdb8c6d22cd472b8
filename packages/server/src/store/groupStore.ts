import type { Queryable } from '../db/Database'

export interface Group {
  readonly groupId: string
  readonly companyId: string
  readonly name: string
  readonly agentIds: readonly string[]
}

interface GroupRow {
  id: string
  company_id: string
  name: string
  agent_ids: string[] | null
}

const SELECT = `SELECT g.*, COALESCE(ARRAY(SELECT agent_id FROM agent_groups ag WHERE ag.group_id = g.id ORDER BY agent_id), '{}') AS agent_ids FROM groups g`

const toGroup = (row: GroupRow): Group => ({
  groupId: row.id,
  companyId: row.company_id,
  name: row.name,
  agentIds: row.agent_ids ?? [],
})

export async function insertGroup(db: Queryable, group: { id: string; companyId: string; name: string }): Promise<Group> {
  await db.query('INSERT INTO groups (id, company_id, name, created_at) VALUES ($1, $2, $3, $4)', [group.id, group.companyId, group.name, Date.now()])
  return (await findGroup(db, group.companyId, group.id))!
}

export async function findGroup(db: Queryable, companyId: string, groupId: string): Promise<Group | null> {
  const [row] = await db.query<GroupRow>(`${SELECT} WHERE g.company_id = $1 AND g.id = $2`, [companyId, groupId])
  return row ? toGroup(row) : null
}

export async function listGroups(db: Queryable, companyId: string): Promise<Group[]> {
  return (await db.query<GroupRow>(`${SELECT} WHERE g.company_id = $1 ORDER BY g.created_at`, [companyId])).map(toGroup)
}

export async function renameGroup(db: Queryable, companyId: string, groupId: string, name: string): Promise<Group | null> {
  await db.query('UPDATE groups SET name = $3 WHERE company_id = $1 AND id = $2', [companyId, groupId, name])
  return findGroup(db, companyId, groupId)
}

export async function deleteGroup(db: Queryable, companyId: string, groupId: string): Promise<boolean> {
  return (await db.query('DELETE FROM groups WHERE company_id = $1 AND id = $2 RETURNING id', [companyId, groupId])).length > 0
}
