import { PGlite } from '@electric-sql/pglite'
import type { Database } from './Database'

/** Embedded PostgreSQL (WebAssembly) in a data folder, or in memory when `dataDir` is undefined. */
export async function pgliteDatabase(dataDir?: string): Promise<Database> {
  const db = await PGlite.create(dataDir)
  return {
    kind: 'pglite',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return (await db.query<Row>(sql, params as unknown[])).rows
    },
    async exec(sql) {
      await db.exec(sql)
    },
    transaction: (work) =>
      db.transaction((tx) =>
        work({ query: async <Row>(sql: string, params: readonly unknown[] = []) => (await tx.query<Row>(sql, params as unknown[])).rows }),
      ),
    close: () => db.close(),
  }
}
