import { KefuError, ValidationError } from '@kefu/core'
import type { Database } from '../db/Database'
import type { CompanySettings } from '../domain/companySettings'
import { newId } from '../domain/ids'
import { SESSION_REVOKED } from '../realtime/agentSocket'
import { deleteAgent, insertAgent, listAgents, setAgentGroups, updateAgent, type AgentPatch, type AgentRecord, type NewAgent } from '../store/agentStore'
import { rotateCompanyKey, updateCompany, type Company } from '../store/companyStore'
import { listChatsOfAgent } from '../store/conversationStore'
import { deleteAllFaqs, deleteFaq, insertFaq, insertFaqs, listFaqs, updateFaq, type Faq } from '../store/faqStore'
import { deleteGroup, insertGroup, renameGroup, type Group } from '../store/groupStore'
import type { CompanyCache } from './CompanyCache'
import type { ActionContext, LockedActions } from './LockedActions'
import type { Router } from './Router'

/**
 * What the admin API changes: the company, its agents, groups and FAQ. Each change is stored, every
 * process is told to drop its cached copy, and its consequences follow at once under the routing lock
 * (a disabled or deleted agent's visitors go back to the queue; a new capacity may serve the queue).
 */
export class CompanyAdmin {
  readonly #db: Database
  readonly #companies: CompanyCache
  readonly #actions: LockedActions
  readonly #router: Router

  constructor(options: { db: Database; companies: CompanyCache; actions: LockedActions; router: Router }) {
    this.#db = options.db
    this.#companies = options.companies
    this.#actions = options.actions
    this.#router = options.router
  }

  async updateCompany(companyId: string, patch: { readonly name?: string; readonly settings?: CompanySettings }): Promise<Company> {
    const company = await updateCompany(this.#db, companyId, patch)
    if (!company) throw new KefuError('not_found', 'no such company')
    this.#companies.changed(companyId)
    return company
  }

  /** Issues a new sign or metaData key; what was signed or encrypted with the old one stops verifying at once. */
  async rotateKey(companyId: string, key: 'sign' | 'meta', value: string, at: number): Promise<Company> {
    const company = await rotateCompanyKey(this.#db, companyId, key, value, at)
    if (!company) throw new KefuError('not_found', 'no such company')
    this.#companies.changed(companyId)
    return company
  }

  /**
   * Adds FAQ entries in one transaction (`replace`: instead of all the others). In `append` mode an entry
   * whose question the company already has is refused, with the rows named, and nothing is stored.
   */
  async importFaqs(companyId: string, entries: readonly Omit<Faq, 'faqId'>[], mode: 'append' | 'replace'): Promise<{ added: number; removed: number }> {
    const result = await this.#db.transaction(async (tx) => {
      const removed = mode === 'replace' ? await deleteAllFaqs(tx, companyId) : 0
      if (mode === 'append') {
        const existing = new Set((await listFaqs(tx, companyId)).map((f) => f.question.toLowerCase()))
        const issues = entries.flatMap((entry, index) =>
          existing.has(entry.question.toLowerCase()) ? [{ path: `rows.${index + 2}.question`, message: 'is already an entry (import with "replace" to overwrite)' }] : [],
        )
        if (issues.length) throw new ValidationError('invalid_argument', issues)
      }
      const added = await insertFaqs(
        tx,
        companyId,
        entries.map((entry) => ({ faqId: newId('f'), ...entry })),
      )
      return { added: added.length, removed }
    })
    this.#companies.changed(companyId)
    return result
  }

  async createAgent(agent: Omit<NewAgent, 'id'>, groupIds: readonly string[] = []): Promise<AgentRecord> {
    const created = await this.#db.transaction(async (tx) => {
      const inserted = await insertAgent(tx, { id: newId('a'), ...agent })
      if (groupIds.length) await setAgentGroups(tx, agent.companyId, inserted.agentId, groupIds)
      return (await listAgents(tx, agent.companyId)).find((a) => a.agentId === inserted.agentId)!
    })
    this.#companies.changed(agent.companyId)
    return created
  }

  /** Changes an agent; disabling one requeues its chats, and a changed password ends its sessions. */
  async updateAgent(companyId: string, agentId: string, patch: AgentPatch, groupIds?: readonly string[]): Promise<AgentRecord> {
    const updated = await this.#consequential(companyId, async (ctx) => {
      const agent = await updateAgent(ctx.tx, companyId, agentId, patch)
      if (!agent) throw new KefuError('not_found', 'no such agent')
      if (groupIds) await setAgentGroups(ctx.tx, companyId, agentId, groupIds)
      if (agent.disabled) await this.#requeueChatsOf(ctx, agentId)
      if (agent.disabled || patch.passwordHash) ctx.out.toAgent(agentId, SESSION_REVOKED)
      return (await listAgents(ctx.tx, companyId)).find((a) => a.agentId === agentId)!
    })
    return updated
  }

  async deleteAgent(companyId: string, agentId: string): Promise<void> {
    await this.#consequential(companyId, async (ctx) => {
      await this.#requeueChatsOf(ctx, agentId)
      if (!(await deleteAgent(ctx.tx, companyId, agentId))) throw new KefuError('not_found', 'no such agent')
      ctx.out.toAgent(agentId, SESSION_REVOKED)
    })
  }

  async createGroup(companyId: string, name: string, agentIds: readonly string[]): Promise<Group> {
    return this.#consequential(companyId, async (ctx) => {
      const group = await insertGroup(ctx.tx, { id: newId('g'), companyId, name })
      const agents = await listAgents(ctx.tx, companyId)
      for (const agentId of agentIds) {
        const agent = agents.find((a) => a.agentId === agentId)
        if (agent) await setAgentGroups(ctx.tx, companyId, agentId, [...agent.groupIds, group.groupId])
      }
      return group
    })
  }

  async renameGroup(companyId: string, groupId: string, name: string): Promise<Group> {
    const group = await renameGroup(this.#db, companyId, groupId, name)
    if (!group) throw new KefuError('not_found', 'no such group')
    return group
  }

  async deleteGroup(companyId: string, groupId: string): Promise<void> {
    await this.#consequential(companyId, async (ctx) => {
      if (!(await deleteGroup(ctx.tx, companyId, groupId))) throw new KefuError('not_found', 'no such group')
    })
  }

  async createFaq(companyId: string, faq: Omit<Faq, 'faqId'>): Promise<Faq> {
    const created = await insertFaq(this.#db, companyId, { faqId: newId('f'), ...faq })
    this.#companies.changed(companyId)
    return created
  }

  async updateFaq(companyId: string, faq: Faq): Promise<Faq> {
    const updated = await updateFaq(this.#db, companyId, faq)
    if (!updated) throw new KefuError('not_found', 'no such FAQ entry')
    this.#companies.changed(companyId)
    return updated
  }

  async deleteFaq(companyId: string, faqId: string): Promise<void> {
    if (!(await deleteFaq(this.#db, companyId, faqId))) throw new KefuError('not_found', 'no such FAQ entry')
    this.#companies.changed(companyId)
  }

  /**
   * A change to agents or groups: made under the routing lock, then routing goes on with the company as
   * it is now (read through the transaction), and every process drops its cached copy.
   */
  async #consequential<T>(companyId: string, change: (ctx: ActionContext) => Promise<T>): Promise<T> {
    const result = await this.#actions.run(companyId, { lock: true }, async (ctx) => {
      const changed = await change(ctx)
      const now = { ...ctx, view: await this.#companies.read(ctx.tx, companyId) }
      await this.#router.drain(now)
      const agents = await this.#router.availability(now)
      ctx.out.toVisitors(companyId, { type: 'agents', online: agents.some((a) => a.presence === 'online') })
      return changed
    })
    this.#companies.changed(companyId)
    return result as T
  }

  /** A disabled or deleted agent's visitors go back to the queue, for the next agent of the same group. */
  async #requeueChatsOf(ctx: ActionContext, agentId: string): Promise<void> {
    for (const conversation of await listChatsOfAgent(ctx.tx, ctx.companyId, agentId)) {
      await this.#router.enqueue(ctx, conversation, { groupId: conversation.groupId, agentId: null })
    }
  }
}
