import type { ReportOverview } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { countOf, FACTS, FACTS_TABLE, MEASURES, SCORE } from './conversationFacts'
import { durationColumns, durationStatsOf, numberOrNull } from './durationStats'
import { rangeFilter, type ResolvedRange } from './reportRange'

/** The range's headline figures, in one pass over its conversations. */
export async function overviewReport(db: Queryable, companyId: string, range: ResolvedRange): Promise<ReportOverview> {
  const { where, params } = rangeFilter(companyId, range)
  const [row] = await db.query<Record<string, unknown>>(
    `SELECT
  count(*)::int AS conversations,
  ${countOf({ served: FACTS.served, missed: FACTS.missed, abandoned: FACTS.abandoned, bot_chats: FACTS.botChat, bot_resolved: FACTS.botResolved })},
  ${durationColumns('first_response', MEASURES.firstResponse)},
  ${durationColumns('wait', MEASURES.wait)},
  ${durationColumns('duration', MEASURES.duration)},
  ${durationColumns('messages', MEASURES.messages)},
  ${countOf({ evaluated: FACTS.evaluated, score_1: `${SCORE} = 1`, score_2: `${SCORE} = 2`, score_3: `${SCORE} = 3`, score_4: `${SCORE} = 4`, score_5: `${SCORE} = 5` })},
  (avg(${SCORE}) FILTER (WHERE ${FACTS.evaluated}))::float8 AS score_avg
FROM ${FACTS_TABLE} WHERE ${where}`,
    params,
  )
  const r = row!
  const n = (key: string) => Number(r[key] ?? 0)
  const served = n('served')
  const botChats = n('bot_chats')
  const evaluated = n('evaluated')
  return {
    conversations: n('conversations'),
    served,
    missed: n('missed'),
    abandoned: n('abandoned'),
    botChats,
    botResolved: n('bot_resolved'),
    botResolutionRate: botChats ? numberOrNull(n('bot_resolved') / botChats, 4) : null,
    firstResponse: durationStatsOf(r, 'first_response'),
    wait: durationStatsOf(r, 'wait'),
    duration: durationStatsOf(r, 'duration'),
    messagesPerChat: durationStatsOf(r, 'messages', 2),
    satisfaction: {
      evaluated,
      average: numberOrNull(r.score_avg, 2),
      distribution: [n('score_1'), n('score_2'), n('score_3'), n('score_4'), n('score_5')],
      rate: served ? numberOrNull(evaluated / served, 4) : null,
    },
  }
}
