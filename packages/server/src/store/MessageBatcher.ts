import type { Database } from '../db/Database'
import { insertMessage, insertMessageBatch, type InsertedMessage, type NewMessage } from './messageStore'

interface Waiting {
  readonly message: NewMessage
  resolve(result: InsertedMessage): void
  reject(error: unknown): void
}

export interface MessageBatcherOptions {
  /** Messages in one statement (default 256). */
  readonly maxBatch?: number
  /** Statements under way at once (default 4 on PostgreSQL, 1 on PGlite, which runs one query at a time). */
  readonly maxInFlight?: number
}

/**
 * Group commit for the message path: the messages that arrive while the database is busy (or within one turn
 * of the event loop) are stored in one statement, each caller still answered with its own stored message or
 * its own error, only once it is committed. A visitor's messages go in one statement at a time, in arrival
 * order, so their sequence numbers follow the order they were sent in and two statements never wait on each
 * other's visitor rows. A statement that fails stores nothing, and its messages are then stored one by one
 * (`insertMessage`): one bad message, or a resend racing another connection, never fails the others.
 */
export class MessageBatcher {
  readonly #db: Database
  readonly #maxBatch: number
  readonly #maxInFlight: number
  #queue: Waiting[] = []
  #inFlight = 0
  /** Visitors with a message in a statement under way. */
  readonly #busy = new Set<string>()
  #scheduled = false

  constructor(db: Database, options: MessageBatcherOptions = {}) {
    this.#db = db
    this.#maxBatch = options.maxBatch ?? 256
    this.#maxInFlight = options.maxInFlight ?? (db.kind === 'pglite' ? 1 : 4)
  }

  /** Stores `message` as `insertMessage` would, together with the others waiting. */
  insert(message: NewMessage): Promise<InsertedMessage> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ message, resolve, reject })
      if (this.#scheduled) return
      this.#scheduled = true
      // The frames read in the same turn of the event loop join one statement.
      setImmediate(() => {
        this.#scheduled = false
        this.#drain()
      })
    })
  }

  #drain(): void {
    while (this.#inFlight < this.#maxInFlight && this.#queue.length) {
      const batch: Waiting[] = []
      const rest: Waiting[] = []
      for (const waiting of this.#queue) {
        // A visitor already under way waits, and so do its later messages (the set keeps it busy).
        if (batch.length < this.#maxBatch && !this.#busy.has(waiting.message.visitorId)) batch.push(waiting)
        else rest.push(waiting)
      }
      if (!batch.length) return
      this.#queue = rest
      const visitors = new Set(batch.map((w) => w.message.visitorId))
      for (const visitorId of visitors) this.#busy.add(visitorId)
      this.#inFlight++
      void this.#store(batch).then(async (alone) => {
        // The batch is done; the visitors it left to the single-message path stay busy until theirs are stored,
        // each visitor's one after the other, the visitors side by side.
        const waiting = new Map<string, Waiting[]>()
        for (const w of alone) waiting.set(w.message.visitorId, [...(waiting.get(w.message.visitorId) ?? []), w])
        for (const visitorId of visitors) if (!waiting.has(visitorId)) this.#busy.delete(visitorId)
        this.#inFlight--
        this.#drain()
        await Promise.all(
          [...waiting].map(async ([visitorId, messages]) => {
            for (const w of messages) await insertMessage(this.#db, w.message).then(w.resolve, w.reject)
            this.#busy.delete(visitorId)
            this.#drain()
          }),
        )
      })
    }
  }

  /** Stores the batch in one statement and answers those it stored; returns the others, in order. */
  async #store(batch: readonly Waiting[]): Promise<Waiting[]> {
    let results: (InsertedMessage | undefined)[] | undefined
    if (batch.length > 1) {
      try {
        results = await insertMessageBatch(this.#db, batch.map((w) => w.message))
      } catch {
        // Nothing of it was stored: one by one, each with its own answer.
      }
    }
    const alone: Waiting[] = []
    for (const [i, waiting] of batch.entries()) {
      const result = results?.[i]
      if (result) waiting.resolve(result)
      // A resend, an unknown visitor, a visitor row held by another transaction, a failed statement: the
      // single-message path tells which (and waits for a held row without holding up the rest).
      else alone.push(waiting)
    }
    return alone
  }
}
