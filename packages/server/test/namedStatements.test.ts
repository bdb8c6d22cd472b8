import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database, Queryable } from '../src/db/Database'
import { postgresDatabase } from '../src/db/postgresDatabase'
import { freshPostgres } from './harness'

describe.runIf(process.env.KEFU_TEST_DATABASE_URL)('named statements on PostgreSQL', () => {
  let db: Database
  let drop: (() => Promise<void>) | undefined
  beforeAll(async () => {
    const postgres = await freshPostgres()
    drop = postgres.drop
    // One connection, so that the statements below all see the same session.
    db = await postgresDatabase(postgres.url, { max: 1 })
  })
  afterAll(async () => {
    await db?.close()
    await drop?.()
  })

  const prepared = async (q: Queryable = db) => (await q.query<{ name: string }>('SELECT name FROM pg_prepared_statements ORDER BY name')).map((r) => r.name)

  it('prepares a named statement once per connection and runs it again with other parameters', async () => {
    const twice = (n: number) => db.query<{ n: number }>('SELECT $1::int * 2 AS n', [n], { name: 'test.twice' })
    expect(await twice(2)).toEqual([{ n: 4 }])
    expect(await twice(21)).toEqual([{ n: 42 }])
    expect(await prepared()).toEqual(['test.twice'])
    // Unnamed statements are not kept.
    await db.query('SELECT $1::int + 1 AS n', [1])
    expect(await prepared()).toEqual(['test.twice'])
  })

  it('names statements inside a transaction too', async () => {
    await db.transaction(async (tx) => {
      expect(await tx.query('SELECT $1::text AS s', ['x'], { name: 'test.echo' })).toEqual([{ s: 'x' }])
      expect(await prepared(tx)).toContain('test.echo')
    })
  })
})
