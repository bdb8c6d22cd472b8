import type { ReportAgentRow } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { FACTS, FACTS_TABLE, MEASURES, SCORE } from './conversationFacts'
import { numberOrNull } from './durationStats'
import { rangeFilter, type ResolvedRange } from './reportRange'

/**
 * Per agent: the chats each one served in the range (a transferred chat counts for the agent who had it
 * last), with response, duration, messages and satisfaction. Agents without chats are listed too.
 */
export async function agentReport(db: Queryable, companyId: string, range: ResolvedRange): Promise<ReportAgentRow[]> {
  const { where, params, groupParam, agentParam } = rangeFilter(companyId, range, { alias: 'c' })
  const agentFilter = agentParam ? `AND a.id = $${agentParam}` : ''
  // With a group: its members, and whoever served its chats in the range (members change). The figures are
  // worked out once (MATERIALIZED), not once per agent row, whatever plan the database picks without statistics.
  const groupFilter = groupParam ? `AND (a.id IN (SELECT agent_id FROM agent_groups WHERE group_id = $${groupParam}) OR p.agent_id IS NOT NULL)` : ''
  const rows = await db.query<Record<string, unknown>>(
    `WITH per_agent AS MATERIALIZED (
  SELECT c.agent_id,
         (count(*) FILTER (WHERE ${FACTS.served}))::int AS served,
         avg(${MEASURES.firstResponse})::float8 AS first_response_avg,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY ${MEASURES.firstResponse}) AS first_response_p50,
         avg(${MEASURES.duration})::float8 AS duration_avg,
         (avg(${MEASURES.messages}) FILTER (WHERE ${FACTS.served}))::float8 AS messages_avg,
         count(${SCORE})::int AS evaluated,
         avg(${SCORE})::float8 AS satisfaction_avg
  FROM ${FACTS_TABLE} c WHERE ${where} AND c.agent_id IS NOT NULL
  GROUP BY c.agent_id
)
SELECT a.id AS agent_id, a.name, p.served, p.first_response_avg, p.first_response_p50, p.duration_avg, p.messages_avg, p.evaluated, p.satisfaction_avg
FROM agents a LEFT JOIN per_agent p ON p.agent_id = a.id
WHERE a.company_id = $1 ${agentFilter} ${groupFilter} AND (NOT a.disabled OR p.agent_id IS NOT NULL)
ORDER BY COALESCE(p.served, 0) DESC, a.name, a.id`,
    params,
  )
  return rows.map((r) => ({
    agentId: String(r.agent_id),
    name: String(r.name),
    served: Number(r.served ?? 0),
    firstResponseAvg: numberOrNull(r.first_response_avg),
    firstResponseP50: numberOrNull(r.first_response_p50),
    durationAvg: numberOrNull(r.duration_avg),
    messagesAvg: numberOrNull(r.messages_avg, 2),
    evaluated: Number(r.evaluated ?? 0),
    satisfactionAvg: numberOrNull(r.satisfaction_avg, 2),
  }))
}
