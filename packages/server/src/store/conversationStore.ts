import type { ConversationStatus, ConversationSummary, EndReason, EvaluationRecord, RoutingRequest } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { setClause, type ColumnMap } from './setClause'

interface ConversationRow {
  id: string
  company_id: string
  visitor_id: string
  status: ConversationStatus
  agent_id: string | null
  group_id: string | null
  queue_agent_id: string | null
  routing: RoutingRequest
  vip: boolean
  end_reason: number | null
  needs_evaluation: boolean
  evaluation: EvaluationRecord | null
  chat_sign: number
  queued_at: number | null
  started_at: number | null
  ended_at: number | null
  last_visitor_activity_at: number
  created_at: number
}

/** A conversation as stored; `queuePosition` is filled in by the router, which owns the queue. */
export interface ConversationRecord extends Omit<ConversationSummary, 'queuePosition'> {
  readonly companyId: string
  /** While queued: the one agent this visitor waits for, if any. */
  readonly queueAgentId: string | null
  readonly vip: boolean
  readonly queuedAt: number | null
  readonly lastVisitorActivityAt: number
}

const num = (value: number | null) => (value === null ? null : Number(value))

const toConversation = (row: ConversationRow): ConversationRecord => ({
  conversationId: row.id,
  companyId: row.company_id,
  visitorId: row.visitor_id,
  status: row.status,
  agentId: row.agent_id,
  groupId: row.group_id,
  queueAgentId: row.queue_agent_id,
  routing: row.routing ?? {},
  vip: row.vip,
  endReason: row.end_reason as EndReason | null,
  needsEvaluation: row.needs_evaluation,
  evaluation: row.evaluation,
  chatSign: row.chat_sign === 1 ? 1 : 0,
  queuedAt: num(row.queued_at),
  startedAt: num(row.started_at),
  endedAt: num(row.ended_at),
  lastVisitorActivityAt: Number(row.last_visitor_activity_at),
  createdAt: Number(row.created_at),
})

export async function insertConversation(
  db: Queryable,
  c: { id: string; companyId: string; visitorId: string; status: ConversationStatus; routing: RoutingRequest; vip: boolean; groupId: string | null },
): Promise<ConversationRecord> {
  const now = Date.now()
  const [row] = await db.query<ConversationRow>(
    `INSERT INTO conversations (id, company_id, visitor_id, status, routing, vip, group_id, queued_at, started_at, last_visitor_activity_at, created_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $10) RETURNING *`,
    [c.id, c.companyId, c.visitorId, c.status, JSON.stringify(c.routing), c.vip, c.groupId, c.status === 'waiting' ? now : null, c.status === 'waiting' ? null : now, now],
  )
  return toConversation(row!)
}

export async function findConversation(db: Queryable, companyId: string, id: string): Promise<ConversationRecord | null> {
  const [row] = await db.query<ConversationRow>('SELECT * FROM conversations WHERE company_id = $1 AND id = $2', [companyId, id])
  return row ? toConversation(row) : null
}

/** The visitor's latest conversation, ended or not. */
export async function latestConversation(db: Queryable, companyId: string, visitorId: string): Promise<ConversationRecord | null> {
  const [row] = await db.query<ConversationRow>(
    'SELECT * FROM conversations WHERE company_id = $1 AND visitor_id = $2 ORDER BY created_at DESC, id DESC LIMIT 1',
    [companyId, visitorId],
  )
  return row ? toConversation(row) : null
}

export async function listOpenConversations(db: Queryable, companyId?: string): Promise<ConversationRecord[]> {
  const rows = companyId
    ? await db.query<ConversationRow>(`SELECT * FROM conversations WHERE company_id = $1 AND status <> 'ended' ORDER BY created_at`, [companyId])
    : await db.query<ConversationRow>(`SELECT * FROM conversations WHERE status <> 'ended' ORDER BY created_at`)
  return rows.map(toConversation)
}

export async function listRecentConversationsOfAgent(db: Queryable, companyId: string, agentId: string, limit = 30): Promise<ConversationRecord[]> {
  return (
    await db.query<ConversationRow>(
      `SELECT * FROM conversations WHERE company_id = $1 AND agent_id = $2 AND status = 'ended' ORDER BY ended_at DESC LIMIT $3`,
      [companyId, agentId, limit],
    )
  ).map(toConversation)
}

export interface ConversationHistoryQuery {
  readonly visitorId?: string
  readonly agentId?: string
  readonly status?: ConversationStatus
  readonly before?: number
  readonly limit?: number
}

export async function searchConversations(db: Queryable, companyId: string, q: ConversationHistoryQuery): Promise<ConversationRecord[]> {
  const where = ['company_id = $1']
  const params: unknown[] = [companyId]
  const add = (clause: string, value: unknown) => {
    params.push(value)
    where.push(clause.replace('?', `$${params.length}`))
  }
  if (q.visitorId) add('visitor_id = ?', q.visitorId)
  if (q.agentId) add('agent_id = ?', q.agentId)
  if (q.status) add('status = ?', q.status)
  if (q.before) add('created_at < ?', q.before)
  params.push(Math.min(q.limit ?? 50, 200))
  return (
    await db.query<ConversationRow>(`SELECT * FROM conversations WHERE ${where.join(' AND ')} ORDER BY created_at DESC LIMIT $${params.length}`, params)
  ).map(toConversation)
}

export interface ConversationPatch {
  readonly status?: ConversationStatus
  readonly agentId?: string | null
  readonly groupId?: string | null
  readonly queueAgentId?: string | null
  readonly endReason?: EndReason
  readonly needsEvaluation?: boolean
  readonly evaluation?: EvaluationRecord
  readonly chatSign?: 0 | 1
  readonly queuedAt?: number | null
  readonly startedAt?: number
  readonly endedAt?: number
  readonly lastVisitorActivityAt?: number
}

const COLUMNS: ColumnMap<ConversationPatch> = {
  status: ['status', false],
  agentId: ['agent_id', false],
  groupId: ['group_id', false],
  queueAgentId: ['queue_agent_id', false],
  endReason: ['end_reason', false],
  needsEvaluation: ['needs_evaluation', false],
  evaluation: ['evaluation', true],
  chatSign: ['chat_sign', false],
  queuedAt: ['queued_at', false],
  startedAt: ['started_at', false],
  endedAt: ['ended_at', false],
  lastVisitorActivityAt: ['last_visitor_activity_at', false],
}

export async function updateConversation(db: Queryable, companyId: string, id: string, patch: ConversationPatch): Promise<ConversationRecord> {
  const params: unknown[] = [companyId, id]
  const sets = setClause(COLUMNS, patch, params)
  const [row] = await db.query<ConversationRow>(
    `UPDATE conversations SET ${sets.length ? sets.join(', ') : 'id = id'} WHERE company_id = $1 AND id = $2 RETURNING *`,
    params,
  )
  if (!row) throw new Error(`conversation ${id} not found`)
  return toConversation(row)
}
