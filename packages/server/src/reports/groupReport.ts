import type { ReportGroupRow } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { countOf, FACTS, FACTS_TABLE, MEASURES, SCORE } from './conversationFacts'
import { numberOrNull } from './durationStats'
import { rangeFilter, type ResolvedRange } from './reportRange'

/**
 * Per group (and one row for chats without a group): volume, outcomes, waits and satisfaction. Counted per
 * group id first, then named: a join before grouping would look a group up once per chat.
 */
export async function groupReport(db: Queryable, companyId: string, range: ResolvedRange): Promise<ReportGroupRow[]> {
  const { where, params } = rangeFilter(companyId, range, { alias: 'c' })
  const rows = await db.query<Record<string, unknown>>(
    `WITH per_group AS MATERIALIZED (
  SELECT c.group_id,
  count(*)::int AS conversations,
  ${countOf({ served: FACTS.served, missed: FACTS.missed, abandoned: FACTS.abandoned })},
  percentile_cont(0.5) WITHIN GROUP (ORDER BY ${MEASURES.wait}) AS wait_p50,
  percentile_cont(0.9) WITHIN GROUP (ORDER BY ${MEASURES.wait}) AS wait_p90,
  avg(${SCORE})::float8 AS satisfaction_avg
  FROM ${FACTS_TABLE} c WHERE ${where}
  GROUP BY c.group_id
)
SELECT p.*, g.name FROM per_group p LEFT JOIN groups g ON g.id = p.group_id
ORDER BY p.conversations DESC, g.name NULLS LAST`,
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
