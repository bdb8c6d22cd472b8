import type { ReportRange } from '@kefu/core'
import { z } from 'zod'
import type { Queryable } from '../db/Database'
import { timeZoneSchema } from '../domain/workingHours'

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only')

/** The longest range one report covers. */
export const MAX_REPORT_DAYS = 366

/** `?from=2026-01-01&to=2026-03-31&timeZone=Asia/Shanghai&groupId=…&agentId=…`; days are inclusive. */
export const reportQuerySchema = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    timeZone: timeZoneSchema.optional(),
    groupId: id.optional(),
    agentId: id.optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'must not be before from', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_REPORT_DAYS, {
    message: `a report covers at most ${MAX_REPORT_DAYS} days`,
    path: ['to'],
  })

export type ReportQuery = z.infer<typeof reportQuerySchema>

/** A report's range with its bounds as stored times: `[startMs, endMs)`. */
export interface ResolvedRange extends ReportRange {
  readonly startMs: number
  readonly endMs: number
  /** Each local day of the range and when it starts (ms), in order; `endMs` closes the last. */
  readonly days: readonly { readonly date: string; readonly start: number }[]
  /** Each local hour of the range: its hour of the day (0–23) and when it starts (ms), in order. */
  readonly hours: readonly { readonly hour: number; readonly start: number }[]
}

/**
 * The range as stored times, worked out by the database in the report's time zone: its first and last
 * local midnight, and where each local day and hour starts (a day with a daylight-saving change has its
 * real length). Sections bucket rows by these boundaries (`width_bucket`) instead of converting every
 * row's time to local time, which is most of a report's cost on the embedded database.
 */
export async function resolveRange(db: Queryable, query: ReportQuery, defaultTimeZone: string): Promise<ResolvedRange> {
  const timeZone = query.timeZone ?? defaultTimeZone
  const [row] = await db.query<{ start_ms: number; end_ms: number }>(
    `SELECT (extract(epoch FROM ($1::date::timestamp AT TIME ZONE $3)) * 1000)::float8 AS start_ms,
            (extract(epoch FROM (($2::date + 1)::timestamp AT TIME ZONE $3)) * 1000)::float8 AS end_ms`,
    [query.from, query.to, timeZone],
  )
  const days = await db.query<{ date: string; start: number }>(
    `SELECT to_char(d, 'YYYY-MM-DD') AS date, (extract(epoch FROM (d::timestamp AT TIME ZONE $3)) * 1000)::float8 AS start
     FROM generate_series($1::date, $2::date, interval '1 day') d ORDER BY d`,
    [query.from, query.to, timeZone],
  )
  const hours = await db.query<{ hour: number; start: number }>(
    `SELECT extract(hour FROM h)::int AS hour, (extract(epoch FROM (h AT TIME ZONE $3)) * 1000)::float8 AS start
     FROM generate_series($1::date::timestamp, ($2::date + 1)::timestamp - interval '1 hour', interval '1 hour') h ORDER BY h`,
    [query.from, query.to, timeZone],
  )
  return {
    from: query.from,
    to: query.to,
    timeZone,
    groupId: query.groupId ?? null,
    agentId: query.agentId ?? null,
    startMs: Number(row!.start_ms),
    endMs: Number(row!.end_ms),
    days: days.map((d) => ({ date: String(d.date), start: Number(d.start) })),
    hours: hours.map((h) => ({ hour: Number(h.hour), start: Number(h.start) })),
  }
}

/**
 * SQL for the 1-based index of the local day (or hour) a stored time falls in, given the boundaries as
 * parameter `$n` (a `bigint[]` of starts, in order): `width_bucket` is a binary search, no time zone maths.
 */
export const bucketOf = (column: string, boundariesParam: number) => `width_bucket(${column}, $${boundariesParam}::bigint[])`

/**
 * `WHERE` for a table's rows created in the range (and of the group / agent asked for), with its
 * parameters; `$1` is the company. Built per request rather than with `$n IS NULL OR …`, so the
 * planner picks the index that fits the filter.
 */
export function rangeFilter(
  companyId: string,
  range: ResolvedRange,
  options: { alias?: string; group?: boolean; agent?: boolean } = {},
): { where: string; params: unknown[]; groupParam: number | null; agentParam: number | null } {
  const column = (name: string) => (options.alias ? `${options.alias}.${name}` : name)
  const params: unknown[] = [companyId, range.startMs, range.endMs]
  const where = [`${column('company_id')} = $1`, `${column('created_at')} >= $2`, `${column('created_at')} < $3`]
  let groupParam: number | null = null
  let agentParam: number | null = null
  if ((options.group ?? true) && range.groupId) {
    groupParam = params.push(range.groupId)
    where.push(`${column('group_id')} = $${groupParam}`)
  }
  if ((options.agent ?? true) && range.agentId) {
    agentParam = params.push(range.agentId)
    where.push(`${column('agent_id')} = $${agentParam}`)
  }
  return { where: where.join(' AND '), params, groupParam, agentParam }
}
