import type { Queryable } from './Database'

export interface StatisticsKeeper {
  /** Analyzes the tables that need it now (the timer does this by itself). */
  check(): Promise<void>
  /** Stops the timer and waits for an ANALYZE under way. */
  stop(): Promise<void>
}

/**
 * PGlite has no autovacuum, so nothing gathers the planner's statistics there. Without them the planner
 * assumes every company is a small share of a table and finds a row by `company_id = … AND id = …` through
 * one of the company's indexes, reading every row of that company, instead of by primary key: a chat's every
 * message then costs a walk through all the company's conversations. This does what autovacuum's analyze
 * does on PostgreSQL: a table is analyzed when it has data and was never analyzed, or has grown by a tenth
 * (in pages) since it last was. The sizes are read from the catalog and the files, so a check costs one query.
 */
export function keepStatistics(db: Queryable, options: { intervalMs?: number; onError?: (error: unknown) => void } = {}): StatisticsKeeper {
  let running: Promise<void> = Promise.resolve()
  let stopped = false
  const once = async () => {
    const tables = await db.query<{ name: string }>(
      `SELECT quote_ident(c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
            LATERAL (SELECT pg_relation_size(c.oid) / current_setting('block_size')::int AS pages) size
       WHERE n.nspname = current_schema() AND c.relkind = 'r' AND size.pages > 0
         AND (c.reltuples < 0 OR size.pages > c.relpages + greatest(1, c.relpages / 10))`,
    )
    for (const { name } of tables) {
      if (stopped) return
      await db.query(`ANALYZE ${name}`)
    }
  }
  const check = () => {
    // One check at a time: a tick that comes while one runs joins it.
    running = running.then(() => (stopped ? undefined : once().catch((error: unknown) => options.onError?.(error))))
    return running
  }
  const timer = setInterval(() => void check(), options.intervalMs ?? 60_000)
  timer.unref()
  void check()
  return {
    check,
    async stop() {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
