import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Database } from './Database'
import { keepStatistics } from './keepStatistics'
import { migrate } from './migrate'
import { pgliteDatabase } from './pgliteDatabase'
import { postgresDatabase } from './postgresDatabase'

export interface DatabaseOptions {
  /** PostgreSQL connection URL; when absent the embedded PGlite database is used. */
  readonly databaseUrl?: string
  /** Folder for PGlite's files (`<dataDir>/db`); absent = in memory. */
  readonly dataDir?: string
  /** Connections in the PostgreSQL pool. */
  readonly databasePoolSize?: number
  /** Told when PostgreSQL ends an idle pooled connection (the pool reconnects by itself). */
  readonly onIdleError?: (error: Error) => void
  /** Told when gathering PGlite's planner statistics fails (kefu retries at the next check). */
  readonly onStatisticsError?: (error: unknown) => void
}

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  let db: Database
  if (options.databaseUrl) {
    db = await postgresDatabase(options.databaseUrl, {
      ...(options.databasePoolSize ? { max: options.databasePoolSize } : {}),
      ...(options.onIdleError ? { onIdleError: options.onIdleError } : {}),
    })
  } else {
    const folder = options.dataDir ? join(options.dataDir, 'db') : undefined
    if (folder) mkdirSync(folder, { recursive: true })
    db = await pgliteDatabase(folder)
  }
  await migrate(db)
  // PostgreSQL's autovacuum keeps the planner's statistics; PGlite has none, so kefu does it there.
  if (db.kind === 'pglite') {
    const statistics = keepStatistics(db, { onError: options.onStatisticsError ?? ((error) => console.error('[kefu] gathering PGlite planner statistics failed:', error)) })
    const close = db.close.bind(db)
    db = { ...db, close: () => statistics.stop().then(close) }
  }
  return db
}
