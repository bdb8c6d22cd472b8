import type { ReportGroupRow } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { countOf, FACTS, SCORE } from './conversationFacts'
import { numberOrNull } from './durationStats'
import { rangeFilter, type ResolvedRange } from './reportRange'

/** Per group (and one row for chats without a group): volume, outcomes, waits and satisfaction. */
export async function groupReport(db: Queryable, companyId: string, range: ResolvedRange): Promise<ReportGroupRow[]> {
  const { where, params } = rangeFilter(companyId, range, { alias: 'c' })
  const rows = await db.query<Record<string, unknown>>(
    `SELECT c.group_id, g.name,
  count(*)::int AS conversations,
  ${countOf({ served: FACTS.served, missed: FACTS.missed, abandoned: FACTS.abandoned })},
  percentile_cont(0.5) WITHIN GROUP (ORDER BY served_at - human_requested_at) FILTER (WHERE ${FACTS.waited}) AS wait_p50,
  percentile_cont(0.9) WITHIN GROUP (ORDER BY served_at - human_requested_at) FILTER (WHERE ${FACTS.waited}) AS wait_p90,
  (avg(${SCORE}) FILTER (WHERE ${FACTS.evaluated}))::float8 AS satisfaction_avg
FROM conversations c LEFT JOIN groups g ON g.id = c.group_id
WHERE ${where}
GROUP BY c.group_id, g.name
ORDER BY count(*) DESC, g.name NULLS LAST`,
    params,
  )
  return rows.map((r) => ({
    groupId: r.group_id === null ? null : String(r.group_id),
    name: r.name === null ? null : String(r.name),
    conversations: Number(r.conversations),
    served: Number(r.served),
    missed: Number(r.missed),
    abandoned: Number(r.abandoned),
    waitP50: numberOrNull(r.wait_p50),
    waitP90: numberOrNull(r.wait_p90),
    satisfactionAvg: numberOrNull(r.satisfaction_avg, 2),
  }))
}
