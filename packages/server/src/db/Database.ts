/** The one interface the server's storage code talks to; PGlite and PostgreSQL both implement it. */
export interface Queryable {
  /**
   * `options.name`: a statement of the hot path that PostgreSQL parses and plans once per connection (a
   * prepared statement) instead of on every call; the same name must always go with the same text.
   */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<Row[]>
}

export interface QueryOptions {
  readonly name?: string
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres'
  /** Runs several statements (migrations); no parameters. */
  exec(sql: string): Promise<void>
  /** Runs `work` in one transaction; it commits when `work` resolves and rolls back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}
