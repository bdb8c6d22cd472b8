import type { ReportDay, ReportHour } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { countOf, FACTS, FACTS_TABLE } from './conversationFacts'
import { bucketOf, rangeFilter, type ResolvedRange } from './reportRange'

/**
 * One row per day of the range (days without chats too) and conversations by hour of the day (0–23), in
 * the report's time zone, from one pass: the range's chats are counted per local hour, and every local
 * day starts at one of its local hours (both come from `resolveRange`), so a day's figures are the sum of
 * its hours' — exactly what bucketing by days would count, without reading the rows twice.
 */
export async function timeSeriesReport(db: Queryable, companyId: string, range: ResolvedRange): Promise<{ daily: ReportDay[]; hourly: ReportHour[] }> {
  const { where, params } = rangeFilter(companyId, range)
  const boundaries = params.push(range.hours.map((h) => h.start))
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${bucketOf('created_at', boundaries)} AS bucket,
       count(*)::int AS conversations,
       ${countOf({ served: FACTS.served, missed: FACTS.missed, abandoned: FACTS.abandoned, bot_resolved: FACTS.botResolved })}
     FROM ${FACTS_TABLE} WHERE ${where}
     GROUP BY 1`,
    params,
  )
  const daily: { -readonly [K in keyof ReportDay]: ReportDay[K] }[] = range.days.map((day) => ({ date: day.date, conversations: 0, served: 0, missed: 0, abandoned: 0, botResolved: 0 }))
  // The day each hour belongs to: the last day that starts at or before it.
  const dayOfHour: number[] = []
  let day = 0
  for (const hour of range.hours) {
    while (day + 1 < range.days.length && range.days[day + 1]!.start <= hour.start) day++
    dayOfHour.push(day)
  }
  const perHour = Array.from({ length: 24 }, () => 0)
  for (const r of rows) {
    const index = Number(r.bucket) - 1
    const hour = range.hours[index]
    const d = daily[dayOfHour[index] ?? -1]
    if (!hour || !d) continue
    const conversations = Number(r.conversations)
    perHour[hour.hour]! += conversations
    d.conversations += conversations
    d.served += Number(r.served)
    d.missed += Number(r.missed)
    d.abandoned += Number(r.abandoned)
    d.botResolved += Number(r.bot_resolved)
  }
  return { daily, hourly: perHour.map((conversations, hour) => ({ hour, conversations })) }
}
