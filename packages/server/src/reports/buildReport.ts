import type { Report } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { agentReport } from './agentReport'
import { groupReport } from './groupReport'
import { offlineReport } from './offlineReport'
import { overviewReport } from './overviewReport'
import type { ResolvedRange } from './reportRange'
import { timeSeriesReport } from './timeSeriesReport'

/**
 * Every section of a report over one range. Sections are asked for together: PostgreSQL answers them on
 * several pooled connections at once; PGlite, with one connection, one after another.
 */
export async function buildReport(db: Queryable, companyId: string, range: ResolvedRange, now: number): Promise<Report> {
  const [overview, { daily, hourly }, agents, groups, offline] = await Promise.all([
    overviewReport(db, companyId, range),
    timeSeriesReport(db, companyId, range),
    agentReport(db, companyId, range),
    groupReport(db, companyId, range),
    offlineReport(db, companyId, range),
  ])
  const { startMs: _start, endMs: _end, days: _days, hours: _hours, ...shown } = range
  return { range: shown, overview, daily, hourly, agents, groups, offline, generatedAt: now }
}
