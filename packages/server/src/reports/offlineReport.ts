import type { ReportOffline } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { durationColumns, durationStatsOf } from './durationStats'
import { bucketOf, rangeFilter, type ResolvedRange } from './reportRange'

/**
 * Leave messages (offline messages) left in the range, how many were handled and how fast. Filtered by
 * group; a leave message has no agent, so an agent filter does not apply to it.
 */
export async function offlineReport(db: Queryable, companyId: string, range: ResolvedRange): Promise<ReportOffline> {
  const { where, params } = rangeFilter(companyId, range, { agent: false })
  const [totals] = await db.query<Record<string, unknown>>(
    `SELECT count(*)::int AS received,
  count(handled_at)::int AS handled,
  ${durationColumns('handling', 'handled_at - created_at', 'handled_at IS NOT NULL')}
FROM leave_messages WHERE ${where}`,
    params,
  )
  const boundaries = params.push(range.days.map((d) => d.start))
  const rows = await db.query<{ bucket: number; received: number; handled: number }>(
    `SELECT ${bucketOf('created_at', boundaries)} AS bucket, count(*)::int AS received, count(handled_at)::int AS handled
     FROM leave_messages WHERE ${where}
     GROUP BY 1`,
    params,
  )
  const byBucket = new Map(rows.map((r) => [Number(r.bucket), r]))
  const daily = range.days.map((day, index) => ({ date: day.date, received: Number(byBucket.get(index + 1)?.received ?? 0), handled: Number(byBucket.get(index + 1)?.handled ?? 0) }))
  return {
    received: Number(totals!.received),
    handled: Number(totals!.handled),
    handling: durationStatsOf(totals!, 'handling'),
    daily,
  }
}
