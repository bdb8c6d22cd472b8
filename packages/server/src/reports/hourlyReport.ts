import type { ReportHour } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { FACTS_TABLE } from './conversationFacts'
import { bucketOf, rangeFilter, type ResolvedRange } from './reportRange'

/** Conversations by hour of the day (0–23, the report's time zone), over the whole range. */
export async function hourlyReport(db: Queryable, companyId: string, range: ResolvedRange): Promise<ReportHour[]> {
  const { where, params } = rangeFilter(companyId, range)
  const boundaries = params.push(range.hours.map((h) => h.start))
  const rows = await db.query<{ bucket: number; conversations: number }>(
    `SELECT ${bucketOf('created_at', boundaries)} AS bucket, count(*)::int AS conversations FROM ${FACTS_TABLE} WHERE ${where} GROUP BY 1`,
    params,
  )
  const perHour = Array.from({ length: 24 }, () => 0)
  for (const row of rows) {
    const hour = range.hours[Number(row.bucket) - 1]?.hour
    if (hour !== undefined) perHour[hour]! += Number(row.conversations)
  }
  return perHour.map((conversations, hour) => ({ hour, conversations }))
}
