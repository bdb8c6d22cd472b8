import type { CrmFields, EntryData, IdentityProof, RoutingRequest, TrackInfo, TraceRecord, VisitorProfile } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { setClause, type ColumnMap } from './setClause'

/** A visitors row as stored (also as `row_to_json` gives it: bigints as numbers). */
export interface VisitorRow {
  id: string
  company_id: string
  partnerid: string | null
  verified_by: IdentityProof | null
  crm: CrmFields
  params: Record<string, string | number | boolean>
  customer_fields: Record<string, string | number | boolean>
  is_vip: boolean
  vip_level: string | null
  user_label: string | null
  my_data: string | null
  meta_data: string | null
  entry: EntryData
  track_info: TrackInfo | null
  last_seq: number
  read_seq: number
  unread_count: number
  agent_read_seq: number
  first_seen_at: number
  last_seen_at: number
  short_no: number | null
  user_agent: string | null
}

export interface VisitorRecord extends Omit<VisitorProfile, 'online' | 'trace'> {
  readonly lastSeq: number
  readonly readSeq: number
  /** Messages after `readSeq` the visitor counts as unread (`isUnreadFor` in @kefu/core). */
  readonly unreadCount: number
  readonly agentReadSeq: number
}

export const toVisitor = (row: VisitorRow): VisitorRecord => ({
  visitorId: row.id,
  companyId: row.company_id,
  partnerid: row.partnerid,
  verifiedBy: row.verified_by,
  crm: row.crm ?? {},
  params: row.params ?? {},
  customerFields: row.customer_fields ?? {},
  isVip: row.is_vip,
  vipLevel: row.vip_level,
  userLabel: row.user_label,
  myData: row.my_data,
  metaData: row.meta_data,
  entry: row.entry ?? {},
  trackInfo: row.track_info,
  lastSeq: row.last_seq,
  readSeq: row.read_seq,
  unreadCount: row.unread_count,
  agentReadSeq: row.agent_read_seq ?? 0,
  firstSeenAt: Number(row.first_seen_at),
  lastSeenAt: Number(row.last_seen_at),
  ...(row.short_no !== null ? { shortNo: row.short_no } : {}),
  ...(row.user_agent ? { userAgent: row.user_agent } : {}),
})

/** A new visitor, numbered after the company's last one (访客 1, 访客 2, …). */
export async function insertVisitor(db: Queryable, visitor: { id: string; companyId: string; entry: EntryData; userAgent?: string }): Promise<VisitorRecord> {
  const now = Date.now()
  const [row] = await db.query<VisitorRow>(
    `WITH counter AS (UPDATE companies SET visitor_count = visitor_count + 1 WHERE id = $2 RETURNING visitor_count)
     INSERT INTO visitors (id, company_id, entry, first_seen_at, last_seen_at, short_no, user_agent)
     SELECT $1, $2, $3::jsonb, $4, $4, counter.visitor_count, $5 FROM counter RETURNING *`,
    [visitor.id, visitor.companyId, JSON.stringify(visitor.entry), now, visitor.userAgent ?? null],
  )
  return toVisitor(row!)
}

export async function findVisitor(db: Queryable, companyId: string, visitorId: string): Promise<VisitorRecord | null> {
  const [row] = await db.query<VisitorRow>('SELECT * FROM visitors WHERE company_id = $1 AND id = $2', [companyId, visitorId])
  return row ? toVisitor(row) : null
}

/**
 * SQL for the latest traces of visitor `visitor` of company `company` (SQL expressions, `$2` and `$1` unless
 * told), newest first, as a JSON array of rows for `toTrace`; `limit` is the parameter that says how many.
 */
export const latestTracesJson = (limit: string, company = '$1', visitor = '$2') =>
  `(SELECT coalesce(json_agg(json_build_object('args', t.args, 'created_at', t.created_at) ORDER BY t.created_at DESC, t.id DESC), '[]'::json)
    FROM (SELECT id, args, created_at FROM traces WHERE company_id = ${company} AND visitor_id = ${visitor} ORDER BY created_at DESC, id DESC LIMIT ${limit}) t)`

/**
 * Visitors with their latest `traces` traces each (newest first), in one statement: what profiles for agents
 * need. Answers in the order asked; null for a visitor that does not exist (in that company).
 */
export async function findVisitorsWithTraces(
  db: Queryable,
  asks: readonly { readonly companyId: string; readonly visitorId: string }[],
  traces: number,
): Promise<({ visitor: VisitorRecord; traces: TraceRecord[] } | null)[]> {
  const rows = await db.query<VisitorRow & { i: number; traces: { args: TraceRecord; created_at: number }[] }>(
    `SELECT k.i, v.*, ${latestTracesJson('$3', 'k.company_id', 'k.visitor_id')} AS traces
     FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(company_id, visitor_id, i)
     JOIN visitors v ON v.company_id = k.company_id AND v.id = k.visitor_id`,
    [asks.map((a) => a.companyId), asks.map((a) => a.visitorId), traces],
  )
  const answers: ({ visitor: VisitorRecord; traces: TraceRecord[] } | null)[] = asks.map(() => null)
  for (const row of rows) answers[Number(row.i) - 1] = { visitor: toVisitor(row), traces: row.traces.map(toTrace) }
  return answers
}

export async function findVisitors(db: Queryable, companyId: string, visitorIds: readonly string[]): Promise<VisitorRecord[]> {
  if (visitorIds.length === 0) return []
  return (await db.query<VisitorRow>('SELECT * FROM visitors WHERE company_id = $1 AND id = ANY($2::text[])', [companyId, visitorIds])).map(toVisitor)
}

export interface VisitorPatch {
  readonly partnerid?: string | null
  readonly verifiedBy?: IdentityProof | null
  readonly crm?: CrmFields
  readonly params?: VisitorRecord['params']
  readonly customerFields?: VisitorRecord['customerFields']
  readonly isVip?: boolean
  readonly vipLevel?: string | null
  readonly userLabel?: string | null
  readonly myData?: string | null
  readonly metaData?: string | null
  readonly entry?: EntryData
  readonly trackInfo?: TrackInfo
  readonly userAgent?: string
}

const COLUMNS: ColumnMap<VisitorPatch> = {
  partnerid: ['partnerid', false],
  verifiedBy: ['verified_by', false],
  crm: ['crm', true],
  params: ['params', true],
  customerFields: ['customer_fields', true],
  isVip: ['is_vip', false],
  vipLevel: ['vip_level', false],
  userLabel: ['user_label', false],
  myData: ['my_data', false],
  metaData: ['meta_data', false],
  entry: ['entry', true],
  trackInfo: ['track_info', true],
  userAgent: ['user_agent', false],
}

export async function updateVisitor(db: Queryable, companyId: string, visitorId: string, patch: VisitorPatch): Promise<VisitorRecord | null> {
  const params: unknown[] = [companyId, visitorId, Date.now()]
  const sets = ['last_seen_at = $3', ...setClause(COLUMNS, patch, params)]
  const [row] = await db.query<VisitorRow>(`UPDATE visitors SET ${sets.join(', ')} WHERE company_id = $1 AND id = $2 RETURNING *`, params)
  return row ? toVisitor(row) : null
}

/** The routing the chat window opened with, kept for the first message when chats start with it. */
export async function setPendingRouting(db: Queryable, companyId: string, visitorId: string, routing: RoutingRequest): Promise<void> {
  await db.query('UPDATE visitors SET pending_routing = $3::jsonb WHERE company_id = $1 AND id = $2', [companyId, visitorId, JSON.stringify(routing)])
}

/** The kept routing (none: `{}`), cleared so that it serves one chat only. */
export async function takePendingRouting(db: Queryable, companyId: string, visitorId: string): Promise<RoutingRequest> {
  const [row] = await db.query<{ pending_routing: RoutingRequest | null }>(
    `UPDATE visitors v SET pending_routing = NULL FROM (SELECT pending_routing FROM visitors WHERE company_id = $1 AND id = $2) old
     WHERE v.company_id = $1 AND v.id = $2 RETURNING old.pending_routing`,
    [companyId, visitorId],
  )
  return row?.pending_routing ?? {}
}

/**
 * Moves the visitor's read position forward to `seq` (never past its last message) and takes what it passed
 * off the unread count, in one statement. The messages it passes were all stored before the client saw them.
 * `advanced` when the position moved (the agents are told then).
 */
export async function advanceReadSeq(
  db: Queryable,
  companyId: string,
  visitorId: string,
  seq: number,
): Promise<{ readSeq: number; unread: number; advanced: boolean }> {
  const [row] = await db.query<{ read_seq: number; unread_count: number; before: number }>(
    `UPDATE visitors SET read_seq = GREATEST(visitors.read_seq, LEAST($3, visitors.last_seq)),
       unread_count = GREATEST(0, visitors.unread_count - (
         SELECT count(*)::int FROM messages m
         WHERE m.company_id = $1 AND m.visitor_id = $2 AND m.seq > visitors.read_seq AND m.seq <= LEAST($3, visitors.last_seq)
           AND m.sender <> 'visitor' AND m.visibility = 'both' AND m.body->>'type' <> 'notice'))
     FROM (SELECT read_seq AS before FROM visitors WHERE company_id = $1 AND id = $2) old
     WHERE visitors.company_id = $1 AND visitors.id = $2 RETURNING visitors.read_seq, visitors.unread_count, old.before`,
    [companyId, visitorId, seq],
  )
  return { readSeq: row?.read_seq ?? 0, unread: row?.unread_count ?? 0, advanced: !!row && row.read_seq > row.before }
}

/** The agents' read mark, forward only and never past the last message; undefined for another company's visitor. */
export async function advanceAgentReadSeq(db: Queryable, companyId: string, visitorId: string, seq: number): Promise<number | undefined> {
  const [row] = await db.query<{ agent_read_seq: number }>(
    `UPDATE visitors SET agent_read_seq = GREATEST(agent_read_seq, LEAST($3, last_seq)) WHERE company_id = $1 AND id = $2 RETURNING agent_read_seq`,
    [companyId, visitorId, seq],
  )
  return row?.agent_read_seq
}

export async function listTraces(db: Queryable, companyId: string, visitorId: string, limit = 50): Promise<TraceRecord[]> {
  const rows = await db.query<{ args: TraceRecord; created_at: number }>(
    'SELECT args, created_at FROM traces WHERE company_id = $1 AND visitor_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3',
    [companyId, visitorId, limit],
  )
  return rows.map(toTrace)
}

export const toTrace = (row: { args: TraceRecord; created_at: number }): TraceRecord => ({ ...row.args, at: Number(row.created_at) })

export async function insertTrace(db: Queryable, companyId: string, visitorId: string, args: object): Promise<void> {
  await db.query('INSERT INTO traces (company_id, visitor_id, args, created_at) VALUES ($1, $2, $3::jsonb, $4)', [
    companyId,
    visitorId,
    JSON.stringify(args),
    Date.now(),
  ])
}
