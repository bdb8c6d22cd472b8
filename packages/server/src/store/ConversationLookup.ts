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

/** Entries kept per kind: the chats of the visitors and agents active lately. */
const REMEMBERED = 20_000

/**
 * `findOpenConversation` and `findConversation` for the message path, where every message asks one of them.
 * What it answers is remembered, so a chat's messages after the first read nothing: the answer is a hint, not
 * the truth. The statement that stores a message checks, under the conversation's row lock, that the
 * conversation still has the status and agent the caller saw (`expectedConversation`), so a hint gone stale
 * (a chat ended, accepted or transferred here or by another server process) stores nothing; the caller then
 * asks again with `fresh`, which reads the database (the asks of one turn of the event loop share a query).
 */
export class ConversationLookup {
  readonly #open: LookupBatch
  readonly #byId: LookupBatch
  readonly #openByVisitor = new Map<string, ConversationRecord>()
  readonly #byConversation = new Map<string, ConversationRecord>()

  constructor(db: Queryable) {
    this.#open = new LookupBatch(
      (companyIds, visitorIds) =>
        db.query<ConversationRow>(
          `SELECT c.* FROM unnest($1::text[], $2::text[]) AS k(company_id, visitor_id)
           JOIN conversations c ON c.company_id = k.company_id AND c.visitor_id = k.visitor_id AND c.status <> 'ended'`,
          [companyIds, visitorIds],
          { name: 'kefu.openConversations' },
        ),
      (row) => row.visitor_id,
    )
    this.#byId = new LookupBatch(
      (companyIds, ids) =>
        db.query<ConversationRow>(
          `SELECT c.* FROM unnest($1::text[], $2::text[]) AS k(company_id, id)
           JOIN conversations c ON c.company_id = k.company_id AND c.id = k.id`,
          [companyIds, ids],
          { name: 'kefu.conversationsById' },
        ),
      (row) => row.id,
    )
  }

  /** The visitor's conversation that has not ended, if any (`findOpenConversation`); `fresh` reads the database. */
  async open(companyId: string, visitorId: string, options: { fresh?: boolean } = {}): Promise<ConversationRecord | null> {
    const key = `${companyId}\n${visitorId}`
    const known = options.fresh ? undefined : this.#openByVisitor.get(key)
    if (known) return known
    const found = await this.#open.get(companyId, visitorId)
    // No open chat is not remembered: the next message starts one.
    if (found) this.#remember(found)
    else this.#openByVisitor.delete(key)
    return found
  }

  /** `findConversation`; `fresh` reads the database. */
  async byId(companyId: string, conversationId: string, options: { fresh?: boolean } = {}): Promise<ConversationRecord | null> {
    const known = options.fresh ? undefined : this.#byConversation.get(`${companyId}\n${conversationId}`)
    if (known) return known
    const found = await this.#byId.get(companyId, conversationId)
    if (found) this.#remember(found)
    return found
  }

  /** What this process has just written (a chat started, accepted, ended): the next message need not find out. */
  remember(conversation: ConversationRecord): void {
    this.#remember(conversation)
  }

  #remember(conversation: ConversationRecord): void {
    const { companyId, visitorId, conversationId } = conversation
    const visitorKey = `${companyId}\n${visitorId}`
    if (conversation.status === 'ended') {
      if (this.#openByVisitor.get(visitorKey)?.conversationId === conversationId) this.#openByVisitor.delete(visitorKey)
    } else {
      setRemembered(this.#openByVisitor, visitorKey, conversation)
    }
    setRemembered(this.#byConversation, `${companyId}\n${conversationId}`, conversation)
  }
}

/** Sets `key` as the newest entry, dropping the oldest past `REMEMBERED`. */
function setRemembered(map: Map<string, ConversationRecord>, key: string, value: ConversationRecord): void {
  map.delete(key)
  map.set(key, value)
  if (map.size > REMEMBERED) map.delete(map.keys().next().value as string)
}
