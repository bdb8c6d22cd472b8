import type { AgentInfo, AgentPresence, AgentRole } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { setClause, type ColumnMap } from './setClause'

export interface AgentRecord extends AgentInfo {
  readonly passwordHash: string
  readonly disabled: boolean
  /** Sessions issued before this (seconds since the epoch) are no longer valid. */
  readonly sessionsValidAfter: number
}

/** What routing reads fresh for each decision: the agent's chosen presence and its last assignment. */
export interface AgentRoutingState {
  readonly presence: AgentPresence
  readonly lastAssignedAt: number
}

interface AgentRow {
  id: string
  company_id: string
  email: string
  name: string
  password_hash: string
  role: AgentRole
  capacity: number
  phone: string | null
  avatar: string | null
  info: string | null
  disabled: boolean
  sessions_valid_after: number
  group_ids: string[] | null
}

const SELECT = `SELECT a.*, COALESCE(ARRAY(SELECT group_id FROM agent_groups g WHERE g.agent_id = a.id ORDER BY group_id), '{}') AS group_ids FROM agents a`

const toAgent = (row: AgentRow): AgentRecord => ({
  agentId: row.id,
  companyId: row.company_id,
  email: row.email,
  name: row.name,
  role: row.role,
  capacity: row.capacity,
  ...(row.phone ? { phone: row.phone } : {}),
  ...(row.avatar ? { avatar: row.avatar } : {}),
  ...(row.info ? { info: row.info } : {}),
  groupIds: row.group_ids ?? [],
  passwordHash: row.password_hash,
  disabled: row.disabled,
  sessionsValidAfter: Number(row.sessions_valid_after),
})

/** Public view: never the password hash. */
export function agentInfo(agent: AgentRecord): AgentInfo {
  const { passwordHash: _hash, disabled: _disabled, sessionsValidAfter: _validAfter, ...info } = agent
  return info
}

export interface NewAgent {
  readonly id: string
  readonly companyId: string
  readonly email: string
  readonly name: string
  readonly passwordHash: string
  readonly role: AgentRole
  readonly capacity: number
  readonly phone?: string
  readonly avatar?: string
  readonly info?: string
}

export async function insertAgent(db: Queryable, agent: NewAgent): Promise<AgentRecord> {
  await db.query(
    `INSERT INTO agents (id, company_id, email, name, password_hash, role, capacity, phone, avatar, info, created_at)
     VALUES ($1, $2, lower($3), $4, $5, $6, $7, $8, $9, $10, $11)`,
    [agent.id, agent.companyId, agent.email, agent.name, agent.passwordHash, agent.role, agent.capacity, agent.phone ?? null, agent.avatar ?? null, agent.info ?? null, Date.now()],
  )
  return (await findAgent(db, agent.companyId, agent.id))!
}

export async function findAgent(db: Queryable, companyId: string, agentId: string): Promise<AgentRecord | null> {
  const [row] = await db.query<AgentRow>(`${SELECT} WHERE a.company_id = $1 AND a.id = $2`, [companyId, agentId])
  return row ? toAgent(row) : null
}

/** The company's agent with this e-mail (e-mails are unique within a company, not across companies). */
export async function findAgentByEmail(db: Queryable, companyId: string, email: string): Promise<AgentRecord | null> {
  const [row] = await db.query<AgentRow>(`${SELECT} WHERE a.company_id = $1 AND a.email = lower($2)`, [companyId, email])
  return row ? toAgent(row) : null
}

/** Sign-in looks an e-mail up in every company (at most `limit` accounts); everything after is scoped by the agent's company. */
export async function findAgentsByEmail(db: Queryable, email: string, limit = 20): Promise<AgentRecord[]> {
  return (await db.query<AgentRow>(`${SELECT} WHERE a.email = lower($1) ORDER BY a.created_at LIMIT $2`, [email, limit])).map(toAgent)
}

export async function listAgents(db: Queryable, companyId: string): Promise<AgentRecord[]> {
  return (await db.query<AgentRow>(`${SELECT} WHERE a.company_id = $1 ORDER BY a.created_at`, [companyId])).map(toAgent)
}

export interface AgentPatch {
  readonly name?: string
  readonly passwordHash?: string
  readonly role?: AgentRole
  readonly capacity?: number
  readonly phone?: string | null
  readonly avatar?: string | null
  readonly info?: string | null
  readonly disabled?: boolean
  readonly sessionsValidAfter?: number
}

const AGENT_COLUMNS: ColumnMap<AgentPatch> = {
  name: ['name', false],
  passwordHash: ['password_hash', false],
  role: ['role', false],
  capacity: ['capacity', false],
  phone: ['phone', false],
  avatar: ['avatar', false],
  info: ['info', false],
  disabled: ['disabled', false],
  sessionsValidAfter: ['sessions_valid_after', false],
}

export async function updateAgent(db: Queryable, companyId: string, agentId: string, patch: AgentPatch): Promise<AgentRecord | null> {
  const params: unknown[] = [companyId, agentId]
  const sets = setClause(AGENT_COLUMNS, patch, params)
  if (sets.length) await db.query(`UPDATE agents SET ${sets.join(', ')} WHERE company_id = $1 AND id = $2`, params)
  return findAgent(db, companyId, agentId)
}

export async function deleteAgent(db: Queryable, companyId: string, agentId: string): Promise<boolean> {
  return (await db.query('DELETE FROM agents WHERE company_id = $1 AND id = $2 RETURNING id', [companyId, agentId])).length > 0
}

export async function setAgentGroups(db: Queryable, companyId: string, agentId: string, groupIds: readonly string[]): Promise<void> {
  await db.query('DELETE FROM agent_groups WHERE company_id = $1 AND agent_id = $2', [companyId, agentId])
  for (const groupId of groupIds) {
    await db.query(
      `INSERT INTO agent_groups (agent_id, group_id, company_id)
       SELECT $2, g.id, $1 FROM groups g WHERE g.company_id = $1 AND g.id = $3`,
      [companyId, agentId, groupId],
    )
  }
}

export async function agentRoutingStates(db: Queryable, companyId: string): Promise<Map<string, AgentRoutingState>> {
  const rows = await db.query<{ id: string; presence: AgentPresence; last_assigned_at: number }>(
    'SELECT id, presence, last_assigned_at FROM agents WHERE company_id = $1',
    [companyId],
  )
  return new Map(rows.map((row) => [row.id, { presence: row.presence, lastAssignedAt: Number(row.last_assigned_at) }]))
}

/** Sets the presence an agent chose; with `onlyIf`, only when it is that now. Returns the presence after. */
export async function setAgentPresence(
  db: Queryable,
  companyId: string,
  agentId: string,
  presence: AgentPresence,
  onlyIf?: AgentPresence,
): Promise<AgentPresence | null> {
  const [row] = await db.query<{ presence: AgentPresence }>(
    `UPDATE agents SET presence = CASE WHEN $4::text IS NULL OR presence = $4 THEN $3 ELSE presence END
     WHERE company_id = $1 AND id = $2 RETURNING presence`,
    [companyId, agentId, presence, onlyIf ?? null],
  )
  return row?.presence ?? null
}

export async function markAssigned(db: Queryable, companyId: string, agentId: string, at: number): Promise<void> {
  await db.query('UPDATE agents SET last_assigned_at = $3 WHERE company_id = $1 AND id = $2', [companyId, agentId, at])
}
