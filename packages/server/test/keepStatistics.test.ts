import { afterEach, describe, expect, it } from 'vitest'
import type { Database } from '../src/db/Database'
import { keepStatistics, type StatisticsKeeper } from '../src/db/keepStatistics'
import { openDatabase } from '../src/db/openDatabase'
import { createCompany } from '../src/domain/createCompany'
import { insertVisitor } from '../src/store/visitorStore'

describe('planner statistics on PGlite', () => {
  let db: Database | undefined
  let keeper: StatisticsKeeper | undefined
  afterEach(async () => {
    await keeper?.stop()
    await db?.close()
  })

  const plan = async (database: Database, visitorId: string) =>
    (await database.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT * FROM visitors WHERE company_id = 'stats' AND id = '${visitorId}'`))
      .map((row) => row['QUERY PLAN'])
      .join('\n')

  it('are gathered once a table has data, so a row of a company is found by primary key, and again when it has grown', async () => {
    db = await openDatabase({})
    // The keeper openDatabase starts has already looked at the empty tables; this one is driven by hand.
    keeper = keepStatistics(db, { intervalMs: 3_600_000 })
    await createCompany(db, { id: 'stats', name: 'Stats', admin: { email: 'admin@stats.example', name: 'Admin', password: 'correct horse battery' } })
    for (let i = 0; i < 300; i++) await insertVisitor(db, { id: `v_stats_${i}`, companyId: 'stats', entry: {} })
    const analyzed = async () => (await db!.query<{ n: number }>(`SELECT reltuples::int AS n FROM pg_class WHERE relname = 'visitors'`))[0]!.n
    // Never analyzed: the planner takes the company for a small share and walks one of its indexes.
    expect(await analyzed()).toBe(-1)
    expect(await plan(db, 'v_stats_5')).not.toMatch(/visitors_pkey/)
    await keeper.check()
    expect(await analyzed()).toBe(300)
    expect(await plan(db, 'v_stats_5')).toMatch(/Index Scan using visitors_pkey/)
    // Unchanged: nothing to do. Grown by far more than a tenth: analyzed again.
    await keeper.check()
    expect(await analyzed()).toBe(300)
    for (let i = 300; i < 1500; i++) await insertVisitor(db, { id: `v_stats_${i}`, companyId: 'stats', entry: {} })
    await keeper.check()
    expect(await analyzed()).toBe(1500)
  })

  it('stop waits for the check under way, and no check starts after it', async () => {
    db = await openDatabase({})
    keeper = keepStatistics(db, { intervalMs: 3_600_000 })
    const running = keeper.check()
    await keeper.stop()
    await running
    await expect(keeper.check()).resolves.toBeUndefined()
  })
})
