import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Database } from './Database'
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
  return db
}
