import { expect, it } from 'vitest'
import { openDatabase } from '../../src/db/openDatabase'
import { MIGRATIONS } from '../../src/db/migrations'
import { migrate } from '../../src/db/migrate'
import { freshDatabase } from './clusterFixture'

const onPostgres = Boolean(process.env.KEFU_TEST_DATABASE_URL)

it.skipIf(!onPostgres)('N processes starting at once on an empty database: one migrates, the others wait and find nothing to do', async () => {
  const database = await freshDatabase(process.env.KEFU_TEST_DATABASE_URL!)
  try {
    const dbs = await Promise.all(Array.from({ length: 4 }, () => openDatabase({ databaseUrl: database.url, databasePoolSize: 2 })))
    try {
      const applied = await dbs[0]!.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id')
      expect(applied.map((row) => row.id)).toEqual(MIGRATIONS.map((m) => m.id))
      // Run again, all at once: nothing left.
      expect(await Promise.all(dbs.map((db) => migrate(db)))).toEqual(dbs.map(() => []))
    } finally {
      await Promise.all(dbs.map((db) => db.close()))
    }
  } finally {
    await database.drop()
  }
}, 60_000)

it.skipIf(!onPostgres)('a migration that fails leaves the schema as it was', async () => {
  const database = await freshDatabase(process.env.KEFU_TEST_DATABASE_URL!)
  const db = await openDatabase({ databaseUrl: database.url, databasePoolSize: 1 })
  try {
    const broken = [...MIGRATIONS, { id: 999, name: 'broken', statements: ['CREATE TABLE half_done (id int)', 'SELECT no_such_function()'] }]
    await expect(migrate(db, broken)).rejects.toThrow()
    expect(await db.query(`SELECT to_regclass('half_done') AS t`)).toEqual([{ t: null }])
    expect((await db.query<{ id: number }>('SELECT id FROM schema_migrations WHERE id = 999')).length).toBe(0)
  } finally {
    await db.close()
    await database.drop()
  }
}, 60_000)
