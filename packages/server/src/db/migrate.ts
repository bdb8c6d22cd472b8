import type { Database } from './Database'
import { MIGRATIONS, type Migration } from './migrations'

/** Keeps kefu's advisory lock keys apart from any other application's on the same database. */
const MIGRATION_LOCK = [0x6b6566, 0] as const

/**
 * Applies every migration not yet applied, in order, in one transaction that holds a PostgreSQL
 * advisory lock: when N server processes start at once, one migrates and the others wait, then find
 * nothing left to do. PostgreSQL's DDL is transactional, so a failed migration leaves the schema as it was.
 */
export async function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [...MIGRATION_LOCK])
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (id int PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`)
    const applied = new Set((await tx.query<{ id: number }>('SELECT id FROM schema_migrations')).map((row) => row.id))
    const ran: number[] = []
    for (const migration of migrations) {
      if (applied.has(migration.id)) continue
      for (const statement of migration.statements) await tx.query(statement)
      await tx.query('INSERT INTO schema_migrations (id, name, applied_at) VALUES ($1, $2, $3)', [migration.id, migration.name, Date.now()])
      ran.push(migration.id)
    }
    return ran
  })
}
