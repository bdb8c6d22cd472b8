import type { Bus } from '../bus/Bus'
import type { Database, Queryable } from '../db/Database'
import { recordAction } from '../store/actionLog'
import type { CompanyCache, CompanyView } from './CompanyCache'
import { KeyedLock } from './KeyedLock'
import { Publisher } from './Publisher'

/** What an action works with: its transaction, the frames it will publish, the company as cached. */
export interface ActionContext {
  readonly tx: Queryable
  readonly out: Publisher
  readonly view: CompanyView
  readonly companyId: string
  readonly now: number
}

/** A client action's id, so a resend after a reconnect is acknowledged again without running twice. */
export interface ActionId {
  /** `visitor:<id>` or `agent:<id>`. */
  readonly actor: string
  readonly cid: string
}

/** Keeps advisory lock keys of kefu apart from any other application's on the same database. */
const LOCK_CLASS = 0x6b6566 // "kef"

/**
 * The one wrapper every action of the chat domain runs in:
 * - one transaction, so a failure leaves nothing behind (the duplicate record included: a resend is
 *   judged afresh);
 * - the duplicate guard: an action whose client id was already carried out is not run again (`undefined`);
 * - with `lock`, the company's routing lock: a PostgreSQL advisory lock, so one process at a time in the
 *   whole cluster decides who serves whom (capacity, queue order, one open chat per visitor). Inside one
 *   process a keyed lock queues the company's decisions first, so they wait without holding connections;
 * - the frames it publishes go out only after the commit.
 *
 * Inside `work`, query only through `ctx.tx`: the embedded database runs one transaction at a time, so a
 * query on the database itself would wait for this transaction forever.
 */
export class LockedActions {
  readonly #db: Database
  readonly #bus: Bus
  readonly #companies: CompanyCache
  readonly #now: () => number
  readonly #local = new KeyedLock()

  constructor(options: { db: Database; bus: Bus; companies: CompanyCache; now: () => number }) {
    this.#db = options.db
    this.#bus = options.bus
    this.#companies = options.companies
    this.#now = options.now
  }

  /** Runs `work` once per `id` (none: always), under the company's routing lock when `lock` is set. */
  async run<T>(companyId: string, options: { id?: ActionId; lock: boolean }, work: (ctx: ActionContext) => Promise<T>): Promise<T | undefined> {
    const attempt = async (): Promise<T | undefined> => {
      const view = await this.#companies.get(companyId)
      const out = new Publisher(this.#bus)
      const outcome = await this.#db.transaction(async (tx) => {
        if (options.lock) await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, companyId])
        if (options.id && !(await recordAction(tx, companyId, options.id.actor, options.id.cid))) return { repeat: true as const }
        return { repeat: false as const, result: await work({ tx, out, view, companyId, now: this.#now() }) }
      })
      if (outcome.repeat) return undefined
      out.flush()
      return outcome.result
    }
    return options.lock ? this.#local.run(companyId, attempt) : attempt()
  }
}
