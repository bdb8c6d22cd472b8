import type { ReportDay } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { countOf, FACTS, FACTS_TABLE } from './conversationFacts'
import { bucketOf, rangeFilter, type ResolvedRange } from './reportRange'

/** One row per day of the range (days without chats too), in the report's time zone. */
export async function dailyReport(db: Queryable, companyId: string, range: ResolvedRange): Promise<ReportDay[]> {
  const { where, params } = rangeFilter(companyId, range)
  const boundaries = params.push(range.days.map((d) => d.start))
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${bucketOf('created_at', boundaries)} AS bucket,
       count(*)::int AS conversations,
       ${countOf({ served: FACTS.served, missed: FACTS.missed, abandoned: FACTS.abandoned, bot_resolved: FACTS.botResolved })}
     FROM ${FACTS_TABLE} WHERE ${where}
     GROUP BY 1`,
    params,
  )
  const byBucket = new Map(rows.map((r) => [Number(r.bucket), r]))
  return range.days.map((day, index) => {
    const r = byBucket.get(index + 1)
    return {
      date: day.date,
      conversations: Number(r?.conversations ?? 0),
      served: Number(r?.served ?? 0),
      missed: Number(r?.missed ?? 0),
      abandoned: Number(r?.abandoned ?? 0),
      botResolved: Number(r?.bot_resolved ?? 0),
    }
  })
}
