import type { DurationStats } from '@kefu/core'

/**
 * SQL for p50, p90, mean and count of `expression` over the rows where it is not null (or, given a
 * `condition`, where that holds). Exact: percentile_cont sorts the values; p50 and p90 share one sort.
 */
export function durationColumns(name: string, expression: string, condition?: string): string {
  const filter = condition ? ` FILTER (WHERE ${condition})` : ''
  return [
    `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${expression})${filter} AS ${name}_p50`,
    `percentile_cont(0.9) WITHIN GROUP (ORDER BY ${expression})${filter} AS ${name}_p90`,
    `(avg(${expression})${filter})::float8 AS ${name}_avg`,
    condition ? `(count(*)${filter})::int AS ${name}_count` : `count(${expression})::int AS ${name}_count`,
  ].join(',\n  ')
}

/** A number from SQL (drivers give doubles as numbers, some numerics as strings), or null. */
export function numberOrNull(value: unknown, digits = 0): number | null {
  if (value === null || value === undefined) return null
  const n = Number(value)
  if (!Number.isFinite(n)) return null
  const scale = 10 ** digits
  return Math.round(n * scale) / scale
}

/** The columns `durationColumns(name, …)` produced, read back. */
export function durationStatsOf(row: Record<string, unknown>, name: string, digits = 0): DurationStats {
  return {
    p50: numberOrNull(row[`${name}_p50`], digits),
    p90: numberOrNull(row[`${name}_p90`], digits),
    avg: numberOrNull(row[`${name}_avg`], digits),
    count: Number(row[`${name}_count`] ?? 0),
  }
}
