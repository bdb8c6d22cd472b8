import type { Database } from './Database'
import { MIGRATIONS } from './migrations'

/** Applies every migration not yet applied, each in its own transaction, in order. */
export async function migrate(db: Database): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (id int PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`)
  const applied = new Set((await db.query<{ id: number }>('SELECT id FROM schema_migrations')).map((row) => row.id))
  const ran: number[] = []
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.id)) continue
    await db.transaction(async (tx) => {
      for (const statement of splitStatements(migration.sql)) await tx.query(statement)
      await tx.query('INSERT INTO schema_migrations (id, name, applied_at) VALUES ($1, $2, $3)', [
        migration.id,
        migration.name,
        Date.now(),
      ])
    })
    ran.push(migration.id)
  }
  return ran
}

/** Our migrations hold no semicolons inside literals, so splitting on `;` at line ends is safe. */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter(Boolean)
}
