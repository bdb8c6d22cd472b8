import { KefuError } from '@kefu/core'
import { rooms, type Bus } from '../bus/Bus'
import type { Queryable } from '../db/Database'
import { listAgents, type AgentRecord } from '../store/agentStore'
import { findCompany, type Company } from '../store/companyStore'
import { listFaqs, type Faq } from '../store/faqStore'

/** What a process keeps of a company between requests: it changes only through the admin API. */
export interface CompanyView {
  readonly company: Company
  /** Every agent, disabled ones too, by id. */
  readonly agents: ReadonlyMap<string, AgentRecord>
  /** The FAQ the bot answers from, read on first use. */
  faqs(): Promise<readonly Faq[]>
}

interface CompanyChanged {
  readonly type: 'company.changed'
  readonly companyId: string
}

/**
 * Company settings, agents and FAQ, cached per process. Whoever changes them calls `changed()`, which
 * tells every process over the bus to drop its copy; nothing about routing (presence, load, the queue)
 * is cached here.
 */
export class CompanyCache {
  readonly #db: Queryable
  readonly #bus: Bus
  readonly #views = new Map<string, Promise<CompanyView>>()
  readonly #unsubscribe: () => void

  constructor(db: Queryable, bus: Bus) {
    this.#db = db
    this.#bus = bus
    this.#unsubscribe = bus.subscribe(rooms.companies(), (frame) => {
      if ((frame as CompanyChanged).type === 'company.changed') this.#views.delete((frame as CompanyChanged).companyId)
    })
  }

  /** The company, or a `not_found` error. */
  get(companyId: string): Promise<CompanyView> {
    let view = this.#views.get(companyId)
    if (!view) {
      view = this.read(this.#db, companyId)
      this.#views.set(companyId, view)
      view.catch(() => {
        if (this.#views.get(companyId) === view) this.#views.delete(companyId)
      })
    }
    return view
  }

  /** A company's data changed: every process reads it afresh. */
  changed(companyId: string): void {
    this.#views.delete(companyId)
    this.#bus.publish(rooms.companies(), { type: 'company.changed', companyId } satisfies CompanyChanged)
  }

  /** Forgets every cached company (after a gap in the bus, when invalidations may have been missed). */
  clear(): void {
    this.#views.clear()
  }

  close(): void {
    this.#unsubscribe()
    this.#views.clear()
  }

  /** The company as stored now, read through `q` (an action's transaction), without caching it. */
  async read(q: Queryable, companyId: string): Promise<CompanyView> {
    const company = await findCompany(q, companyId)
    const agents = await listAgents(q, companyId)
    if (!company) throw new KefuError('not_found', `no company "${companyId}"`)
    let faqs: Promise<Faq[]> | undefined
    return {
      company,
      agents: new Map(agents.map((agent) => [agent.agentId, agent])),
      faqs: () => (faqs ??= listFaqs(this.#db, companyId)),
    }
  }
}
