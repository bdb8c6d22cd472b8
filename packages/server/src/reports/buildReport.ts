import type { Report } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { agentReport } from './agentReport'
import { dailyReport } from './dailyReport'
import { groupReport } from './groupReport'
import { hourlyReport } from './hourlyReport'
import { offlineReport } from './offlineReport'
import { overviewReport } from './overviewReport'
import type { ResolvedRange } from './reportRange'

/** Every section of a report over one range. Sections run one after another: PGlite has one connection anyway. */
export async function buildReport(db: Queryable, companyId: string, range: ResolvedRange, now: number): Promise<Report> {
  const overview = await overviewReport(db, companyId, range)
  const daily = await dailyReport(db, companyId, range)
  const hourly = await hourlyReport(db, companyId, range)
  const agents = await agentReport(db, companyId, range)
  const groups = await groupReport(db, companyId, range)
  const offline = await offlineReport(db, companyId, range)
  const { startMs: _start, endMs: _end, days: _days, hours: _hours, ...shown } = range
  return { range: shown, overview, daily, hourly, agents, groups, offline, generatedAt: now }
}
