import type { CrmFields, EntryData, IdentityProof, TrackInfo, TraceRecord, VisitorProfile } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { setClause, type ColumnMap } from './setClause'

interface VisitorRow {
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
  first_seen_at: number
  last_seen_at: number
}

export interface VisitorRecord extends Omit<VisitorProfile, 'online' | 'trace'> {
  readonly lastSeq: number
  readonly readSeq: number
}

const toVisitor = (row: VisitorRow): VisitorRecord => ({
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
  firstSeenAt: Number(row.first_seen_at),
  lastSeenAt: Number(row.last_seen_at),
})

export async function insertVisitor(db: Queryable, visitor: { id: string; companyId: string; entry: EntryData }): Promise<VisitorRecord> {
  const now = Date.now()
  const [row] = await db.query<VisitorRow>(
    `INSERT INTO visitors (id, company_id, entry, first_seen_at, last_seen_at) VALUES ($1, $2, $3::jsonb, $4, $4) RETURNING *`,
    [visitor.id, visitor.companyId, JSON.stringify(visitor.entry), now],
  )
  return toVisitor(row!)
}

export async function findVisitor(db: Queryable, companyId: string, visitorId: string): Promise<VisitorRecord | null> {
  const [row] = await db.query<VisitorRow>('SELECT * FROM visitors WHERE company_id = $1 AND id = $2', [companyId, visitorId])
  return row ? toVisitor(row) : null
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
}

export async function updateVisitor(db: Queryable, companyId: string, visitorId: string, patch: VisitorPatch): Promise<VisitorRecord | null> {
  const params: unknown[] = [companyId, visitorId, Date.now()]
  const sets = ['last_seen_at = $3', ...setClause(COLUMNS, patch, params)]
  const [row] = await db.query<VisitorRow>(`UPDATE visitors SET ${sets.join(', ')} WHERE company_id = $1 AND id = $2 RETURNING *`, params)
  return row ? toVisitor(row) : null
}

/** Moves the read mark forward only, never past the last message. */
export async function advanceReadSeq(db: Queryable, companyId: string, visitorId: string, seq: number): Promise<number> {
  const [row] = await db.query<{ read_seq: number }>(
    `UPDATE visitors SET read_seq = GREATEST(read_seq, LEAST($3, last_seq)) WHERE company_id = $1 AND id = $2 RETURNING read_seq`,
    [companyId, visitorId, seq],
  )
  return row?.read_seq ?? 0
}

export async function listTraces(db: Queryable, companyId: string, visitorId: string, limit = 50): Promise<TraceRecord[]> {
  const rows = await db.query<{ args: TraceRecord; created_at: number }>(
    'SELECT args, created_at FROM traces WHERE company_id = $1 AND visitor_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3',
    [companyId, visitorId, limit],
  )
  return rows.map((row) => ({ ...row.args, at: Number(row.created_at) }))
}

export async function insertTrace(db: Queryable, companyId: string, visitorId: string, args: object): Promise<void> {
  await db.query('INSERT INTO traces (company_id, visitor_id, args, created_at) VALUES ($1, $2, $3::jsonb, $4)', [
    companyId,
    visitorId,
    JSON.stringify(args),
    Date.now(),
  ])
}
