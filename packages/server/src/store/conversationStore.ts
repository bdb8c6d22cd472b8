import type { ConversationStatus, ConversationSummary, EndReason, EvaluationRecord, RoutingRequest } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { setClause, type ColumnMap } from './setClause'

export interface ConversationRow {
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
  queue_position: number | null
  bot_started_at: number | null
  human_requested_at: number | null
  served_at: number | null
}

/** A conversation as stored; `queuePosition` is the position the waiting visitor was last told (the router keeps it). */
export interface ConversationRecord extends ConversationSummary {
  readonly companyId: string
  /** While queued: the one agent this visitor waits for, if any. */
  readonly queueAgentId: string | null
  readonly vip: boolean
  readonly queuedAt: number | null
  readonly lastVisitorActivityAt: number
  /** The moments reports count from: the bot began serving, the visitor first asked for a person, an agent first joined. */
  readonly botStartedAt: number | null
  readonly humanRequestedAt: number | null
  readonly servedAt: number | null
}

const num = (value: number | null) => (value === null ? null : Number(value))

export const toConversation = (row: ConversationRow): ConversationRecord => ({
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
  queuePosition: row.status === 'waiting' ? (row.queue_position ?? null) : null,
  botStartedAt: num(row.bot_started_at ?? null),
  humanRequestedAt: num(row.human_requested_at ?? null),
  servedAt: num(row.served_at ?? null),
})

export interface NewConversation {
  readonly id: string
  readonly companyId: string
  readonly visitorId: string
  readonly status: Exclude<ConversationStatus, 'ended'>
  readonly agentId: string | null
  readonly groupId: string | null
  readonly queueAgentId: string | null
  readonly routing: RoutingRequest
  readonly vip: boolean
  readonly now: number
  /** The moments that start with the conversation (see ConversationRecord). */
  readonly botStartedAt?: number | null
  readonly humanRequestedAt?: number | null
  readonly servedAt?: number | null
}

/** Stores a new conversation; a visitor with an open one already gets a unique violation (`23505`). */
export async function insertConversation(db: Queryable, c: NewConversation): Promise<ConversationRecord> {
  const [row] = await db.query<ConversationRow>(
    `INSERT INTO conversations (id, company_id, visitor_id, status, agent_id, group_id, queue_agent_id, routing, vip, queued_at, started_at,
                                last_visitor_activity_at, created_at, bot_started_at, human_requested_at, served_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $12, $13, $14, $15) RETURNING *`,
    [
      c.id,
      c.companyId,
      c.visitorId,
      c.status,
      c.agentId,
      c.groupId,
      c.queueAgentId,
      JSON.stringify(c.routing),
      c.vip,
      c.status === 'waiting' ? c.now : null,
      c.status === 'waiting' ? null : c.now,
      c.now,
      c.botStartedAt ?? null,
      c.humanRequestedAt ?? null,
      c.servedAt ?? null,
    ],
  )
  return toConversation(row!)
}

/** The visitor's open conversation (waiting, bot or chatting), if any. */
export async function findOpenConversation(db: Queryable, companyId: string, visitorId: string): Promise<ConversationRecord | null> {
  const [row] = await db.query<ConversationRow>(`SELECT * FROM conversations WHERE company_id = $1 AND visitor_id = $2 AND status <> 'ended'`, [
    companyId,
    visitorId,
  ])
  return row ? toConversation(row) : null
}

/** The queue in order: VIPs (and queueFirst) first, then first come first served. */
export async function listWaiting(db: Queryable, companyId: string): Promise<ConversationRecord[]> {
  const rows = await db.query<ConversationRow>(
    `SELECT * FROM conversations WHERE company_id = $1 AND status = 'waiting' ORDER BY vip DESC, queued_at, id`,
    [companyId],
  )
  return rows.map(toConversation)
}

/** Stores the positions the waiting visitors were told. */
export async function setQueuePositions(db: Queryable, companyId: string, positions: ReadonlyMap<string, number>): Promise<void> {
  if (positions.size === 0) return
  await db.query(
    `UPDATE conversations c SET queue_position = p.position FROM unnest($2::text[], $3::int[]) AS p(id, position)
     WHERE c.company_id = $1 AND c.id = p.id`,
    [companyId, [...positions.keys()], [...positions.values()]],
  )
}

/** The chats an agent is serving now. */
export async function listChatsOfAgent(db: Queryable, companyId: string, agentId: string): Promise<ConversationRecord[]> {
  return (
    await db.query<ConversationRow>(`SELECT * FROM conversations WHERE company_id = $1 AND agent_id = $2 AND status = 'chatting' ORDER BY created_at`, [
      companyId,
      agentId,
    ])
  ).map(toConversation)
}

/** How many chats each agent of the company is serving now (agents serving none are absent). */
export async function agentLoads(db: Queryable, companyId: string): Promise<Map<string, number>> {
  const rows = await db.query<{ agent_id: string; load: number }>(
    `SELECT agent_id, count(*)::int AS load FROM conversations WHERE company_id = $1 AND status = 'chatting' AND agent_id IS NOT NULL GROUP BY agent_id`,
    [companyId],
  )
  return new Map(rows.map((row) => [row.agent_id, row.load]))
}

/** Companies with open conversations (what the sweep visits). */
export async function companiesWithOpenConversations(db: Queryable): Promise<string[]> {
  return (await db.query<{ company_id: string }>(`SELECT DISTINCT company_id FROM conversations WHERE status <> 'ended'`)).map((row) => row.company_id)
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
  readonly queuePosition?: number | null
  readonly humanRequestedAt?: number
  readonly servedAt?: number
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
  queuePosition: ['queue_position', false],
  humanRequestedAt: ['human_requested_at', false],
  servedAt: ['served_at', false],
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

/** Open conversations past a timeout: chats (agent or bot) whose visitor went quiet, and visitors who waited too long. */
export async function listTimedOut(db: Queryable, companyId: string, quietBefore: number, queuedBefore: number): Promise<ConversationRecord[]> {
  return (
    await db.query<ConversationRow>(
      `SELECT * FROM conversations WHERE company_id = $1
         AND ((status IN ('chatting', 'bot') AND last_visitor_activity_at < $2) OR (status = 'waiting' AND queued_at < $3))
       ORDER BY created_at`,
      [companyId, quietBefore, queuedBefore],
    )
  ).map(toConversation)
}

/** Visitors waiting in every company's queue. */
export async function countWaiting(db: Queryable): Promise<number> {
  const [row] = await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM conversations WHERE status = 'waiting'`)
  return row?.count ?? 0
}
