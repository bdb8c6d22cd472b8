import type { Queryable } from '../db/Database'
import { toConversation, type ConversationRecord, type ConversationRow } from './conversationStore'

interface Ask {
  readonly companyId: string
  readonly key: string
  readonly waiters: { resolve(found: ConversationRecord | null): void; reject(error: unknown): void }[]
}

/**
 * The lookups asked for in one turn of the event loop, answered by one query. Not a cache: the query starts
 * after every ask it answers, so each caller reads the database as it is at or after its ask, as a query of its
 * own would, and nothing can go stale (in one process or across a cluster).
 */
class LookupBatch {
  #asks = new Map<string, Ask>()

  constructor(
    private readonly load: (companyIds: string[], keys: string[]) => Promise<ConversationRow[]>,
    private readonly keyOf: (row: ConversationRow) => string,
  ) {}

  get(companyId: string, key: string): Promise<ConversationRecord | null> {
    return new Promise((resolve, reject) => {
      if (this.#asks.size === 0) setImmediate(() => void this.#run())
      const id = `${companyId}\n${key}`
      const ask = this.#asks.get(id) ?? { companyId, key, waiters: [] }
      ask.waiters.push({ resolve, reject })
      this.#asks.set(id, ask)
    })
  }

  async #run(): Promise<void> {
    const asks = [...this.#asks.values()]
    this.#asks = new Map()
    try {
      const rows = await this.load(asks.map((a) => a.companyId), asks.map((a) => a.key))
      const found = new Map(rows.map((row) => [`${row.company_id}\n${this.keyOf(row)}`, toConversation(row)]))
      for (const ask of asks) for (const w of ask.waiters) w.resolve(found.get(`${ask.companyId}\n${ask.key}`) ?? null)
    } catch (error) {
      for (const ask of asks) for (const w of ask.waiters) w.reject(error)
    }
  }
}

/**
 * `findOpenConversation` and `findConversation` for the message path, where every message asks one of them:
 * the asks of one turn of the event loop share a query.
 */
export class ConversationLookup {
  readonly #open: LookupBatch
  readonly #byId: LookupBatch

  constructor(db: Queryable) {
    this.#open = new LookupBatch(
      (companyIds, visitorIds) =>
        db.query<ConversationRow>(
          `SELECT c.* FROM unnest($1::text[], $2::text[]) AS k(company_id, visitor_id)
           JOIN conversations c ON c.company_id = k.company_id AND c.visitor_id = k.visitor_id AND c.status <> 'ended'`,
          [companyIds, visitorIds],
        ),
      (row) => row.visitor_id,
    )
    this.#byId = new LookupBatch(
      (companyIds, ids) =>
        db.query<ConversationRow>(
          `SELECT c.* FROM unnest($1::text[], $2::text[]) AS k(company_id, id)
           JOIN conversations c ON c.company_id = k.company_id AND c.id = k.id`,
          [companyIds, ids],
        ),
      (row) => row.id,
    )
  }

  /** The visitor's conversation that has not ended, if any (`findOpenConversation`). */
  open(companyId: string, visitorId: string): Promise<ConversationRecord | null> {
    return this.#open.get(companyId, visitorId)
  }

  /** `findConversation`. */
  byId(companyId: string, conversationId: string): Promise<ConversationRecord | null> {
    return this.#byId.get(companyId, conversationId)
  }
}
