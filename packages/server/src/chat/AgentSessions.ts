import { KefuError, type AgentPresence, type AgentServerFrame } from '@kefu/core'
import type { Logger } from 'pino'
import type { Presence } from '../presence/Presence'
import { agentInfo, setAgentPresence } from '../store/agentStore'
import { listChatsOfAgent, listOpenConversations, listRecentConversationsOfAgent, listWaiting } from '../store/conversationStore'
import type { CompanyCache } from './CompanyCache'
import { summaryOf } from './ConversationLifecycle'
import type { ActionContext, LockedActions } from './LockedActions'
import { queueEntriesOf, type Router } from './Router'
import type { VisitorProfiles } from './VisitorProfiles'

type Welcome = Extract<AgentServerFrame, { type: 'agent.welcome' }>

/**
 * Agents' sessions and presence: connecting (the welcome), the presence they choose, and leaving. An
 * agent whose connections all dropped keeps its chats for a grace period (often a network blip); after
 * it, or on choosing `offline`, its chats end with reason 5.
 */
export class AgentSessions {
  readonly #actions: LockedActions
  readonly #companies: CompanyCache
  readonly #router: Router
  readonly #visitors: VisitorProfiles
  readonly #presence: Presence
  readonly #log: Logger
  readonly #graceMs: number
  readonly #graceTimers = new Map<string, ReturnType<typeof setTimeout>>()

  constructor(options: {
    actions: LockedActions
    companies: CompanyCache
    router: Router
    visitors: VisitorProfiles
    presence: Presence
    log: Logger
    graceMs?: number
  }) {
    this.#actions = options.actions
    this.#companies = options.companies
    this.#router = options.router
    this.#visitors = options.visitors
    this.#presence = options.presence
    this.#log = options.log
    this.#graceMs = options.graceMs ?? 60_000
  }

  async connected(companyId: string, agentId: string): Promise<Welcome> {
    let view = await this.#companies.get(companyId)
    if (!view.agents.has(agentId)) {
      // Added since this process cached the company (another process may not have said so yet).
      this.#companies.changed(companyId)
      view = await this.#companies.get(companyId)
    }
    if (!view.agents.get(agentId)) throw new KefuError('unauthorized', 'unknown agent')
    clearTimeout(this.#graceTimers.get(agentId))
    this.#graceTimers.delete(agentId)
    const connections = await this.#presence.agentConnected(companyId, agentId)
    const welcome = await this.#actions.run(companyId, { lock: true }, async (ctx) => {
      // Back after choosing offline (or a logout): connecting means being online again.
      if (connections === 1) await setAgentPresence(ctx.tx, companyId, agentId, 'online', 'offline')
      await this.#announce(ctx, agentId)
      await this.#router.drain(ctx)
      return this.#welcome(ctx, agentId)
    })
    return welcome!
  }

  async disconnected(companyId: string, agentId: string): Promise<void> {
    if ((await this.#presence.agentDisconnected(companyId, agentId)) > 0) return
    await this.left(companyId, agentId)
  }

  /** The agent has no connection left anywhere (its last one closed, or its process died). */
  async left(companyId: string, agentId: string): Promise<void> {
    await this.#actions.run(companyId, { lock: false }, (ctx) => this.#announce(ctx, agentId))
    clearTimeout(this.#graceTimers.get(agentId))
    const timer = setTimeout(() => {
      this.#graceTimers.delete(agentId)
      this.logoutIfGone(companyId, agentId).catch((error: unknown) => this.#log.error({ err: error }, 'ending the chats of a disconnected agent failed'))
    }, this.#graceMs)
    timer.unref?.()
    this.#graceTimers.set(agentId, timer)
  }

  /** Ends the chats (5) of an agent that has had no connection since the grace period began. */
  async logoutIfGone(companyId: string, agentId: string): Promise<void> {
    await this.#actions.run(companyId, { lock: true }, async (ctx) => {
      if ((await this.#presence.agentConnections(companyId)).has(agentId)) return
      await this.logout(ctx, agentId)
    })
  }

  async setPresence(companyId: string, agentId: string, cid: string, presence: AgentPresence): Promise<void> {
    await this.#actions.run(companyId, { id: { actor: `agent:${agentId}`, cid }, lock: true }, async (ctx) => {
      if (!(await setAgentPresence(ctx.tx, companyId, agentId, presence))) throw new KefuError('unauthorized', 'unknown agent')
      await this.#announce(ctx, agentId)
      if (presence === 'offline') await this.logout(ctx, agentId)
      else await this.#router.drain(ctx)
    })
  }

  /** Agent logout: its chats end with reason 5. */
  async logout(ctx: ActionContext, agentId: string): Promise<void> {
    for (const conversation of await listChatsOfAgent(ctx.tx, ctx.companyId, agentId)) await this.#router.end(ctx, conversation, 5, false)
  }

  close(): void {
    for (const timer of this.#graceTimers.values()) clearTimeout(timer)
    this.#graceTimers.clear()
  }

  /** Colleagues see the agent's presence; visitors whether anybody is there at all (Echat `staffStatus`). */
  async #announce(ctx: ActionContext, agentId: string): Promise<void> {
    const agents = await this.#router.availability(ctx)
    const presence = agents.find((a) => a.agentId === agentId)?.presence ?? 'offline'
    ctx.out.toAgents(ctx.companyId, { type: 'presence', agentId, presence })
    ctx.out.toVisitors(ctx.companyId, { type: 'agents', online: agents.some((a) => a.presence === 'online') })
  }

  async #welcome(ctx: ActionContext, agentId: string): Promise<Welcome> {
    const agent = ctx.view.agents.get(agentId)!
    const open = await listOpenConversations(ctx.tx, ctx.companyId)
    const recent = await listRecentConversationsOfAgent(ctx.tx, ctx.companyId, agentId)
    const waiting = await listWaiting(ctx.tx, ctx.companyId)
    const agents = await this.#router.availability(ctx)
    const conversations = [...open, ...recent]
    const presence = new Map(agents.map((a) => [a.agentId, a.presence]))
    return {
      type: 'agent.welcome',
      v: 1,
      agent: agentInfo(agent),
      presence: presence.get(agentId) ?? 'offline',
      conversations: conversations.map(summaryOf),
      visitors: await this.#visitors.profilesOf(ctx.tx, ctx.companyId, [...new Set(conversations.map((c) => c.visitorId))]),
      queue: queueEntriesOf(waiting),
      colleagues: [...ctx.view.agents.values()].map((a) => ({ agentId: a.agentId, name: a.name, presence: presence.get(a.agentId) ?? 'offline' })),
    }
  }
}
