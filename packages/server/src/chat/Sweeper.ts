import type { Logger } from 'pino'
import type { Database } from '../db/Database'
import { companiesWithOpenConversations, findConversation, listTimedOut, type ConversationRecord } from '../store/conversationStore'
import type { CompanyCache } from './CompanyCache'
import type { LockedActions } from './LockedActions'
import type { Router } from './Router'

/** The periodic work: ends chats whose visitor went quiet (8) and queued chats that waited too long (6). */
export class Sweeper {
  readonly #db: Database
  readonly #companies: CompanyCache
  readonly #actions: LockedActions
  readonly #router: Router
  readonly #log: Logger
  readonly #now: () => number

  constructor(options: { db: Database; companies: CompanyCache; actions: LockedActions; router: Router; log: Logger; now: () => number }) {
    this.#db = options.db
    this.#companies = options.companies
    this.#actions = options.actions
    this.#router = options.router
    this.#log = options.log
    this.#now = options.now
  }

  /**
   * Takes the sweep for this interval, for the whole cluster: true for one process per interval (a lease
   * row in the database; PGlite has one process, which always gets it).
   */
  async claim(intervalMs: number): Promise<boolean> {
    const now = this.#now()
    const rows = await this.#db.query(
      `INSERT INTO server_settings (key, value) VALUES ('sweep_lease', $1)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value WHERE server_settings.value::bigint <= $2::bigint RETURNING key`,
      [String(now), String(now - Math.floor(intervalMs * 0.8))],
    )
    return rows.length > 0
  }

  async sweep(): Promise<void> {
    for (const companyId of await companiesWithOpenConversations(this.#db)) {
      try {
        const { inactivityTimeoutSeconds, queueTimeoutSeconds } = (await this.#companies.get(companyId)).company.settings
        const now = this.#now()
        await this.#actions.run(companyId, { lock: true }, async (ctx) => {
          // Read under the lock, one at a time: ending one chat can give its seat to a visitor that was about to time out.
          const quietBefore = now - inactivityTimeoutSeconds * 1000
          const queuedBefore = now - queueTimeoutSeconds * 1000
          for (const { conversationId } of await listTimedOut(ctx.tx, companyId, quietBefore, queuedBefore)) {
            const current = await findConversation(ctx.tx, companyId, conversationId)
            if (current && isTimedOut(current, quietBefore, queuedBefore)) await this.#router.end(ctx, current, current.status === 'waiting' ? 6 : 8, false)
          }
        })
      } catch (error) {
        this.#log.error({ err: error, companyId }, 'sweeping a company’s timeouts failed')
      }
    }
  }
}

function isTimedOut(conversation: ConversationRecord, quietBefore: number, queuedBefore: number): boolean {
  if (conversation.status === 'waiting') return (conversation.queuedAt ?? Infinity) < queuedBefore
  return (conversation.status === 'chatting' || conversation.status === 'bot') && conversation.lastVisitorActivityAt < quietBefore
}
