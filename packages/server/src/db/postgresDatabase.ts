import pg from 'pg'
import type { Database, QueryOptions } from './Database'

// int8 (bigint) columns hold millisecond timestamps and counters well inside 2^53.
pg.types.setTypeParser(20, (value) => Number(value))

/** PostgreSQL through a connection pool (`DATABASE_URL`). */
export async function postgresDatabase(
  connectionString: string,
  options: { max?: number; onIdleError?: (error: Error) => void } = {},
): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 })
  // An idle pooled connection that PostgreSQL ends (a restart, a failover, an admin) emits 'error' on the
  // pool; unhandled, that would take the whole server down. The pool replaces the connection by itself.
  pool.on('error', (error) => (options.onIdleError ?? ((e: Error) => console.error('[kefu] idle PostgreSQL connection lost:', e.message)))(error))
  // Fail at start, not at the first request, when the database is unreachable.
  await pool.query('SELECT 1')
  return {
    kind: 'postgres',
    async query<Row>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}) {
      return (await pool.query({ text: sql, values: params as unknown[], ...(options.name ? { name: options.name } : {}) })).rows as Row[]
    },
    async exec(sql) {
      await pool.query(sql)
    },
    async transaction(work) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await work({
          query: async <Row>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}) =>
            (await client.query({ text: sql, values: params as unknown[], ...(options.name ? { name: options.name } : {}) })).rows as Row[],
        })
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        throw error
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}
