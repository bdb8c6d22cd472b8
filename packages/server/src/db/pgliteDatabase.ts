import { PGlite } from '@electric-sql/pglite'
import type { Database } from './Database'

/**
 * Embedded PostgreSQL (WebAssembly) in a data folder, or in memory when `dataDir` is undefined.
 *
 * Its memory is the WebAssembly heap, which never shrinks: PostgreSQL's shared buffers (128 MB by default,
 * reserved at start), its catalog caches and work memory. Shared buffers of 16 MB are plenty here: the data
 * files are also in the OS page cache, and a chat's working set is small. Measured on reopening a data folder:
 * 311 MB → 175 MB RSS. A first start also runs initdb in the process, whose memory the allocator keeps.
 */
export async function pgliteDatabase(dataDir?: string): Promise<Database> {
  const db = await PGlite.create(dataDir, { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'] })
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
