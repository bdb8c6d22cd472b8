import { KefuError, type EvaluationInput, type RoutingRequest } from '@kefu/core'
import { isWithinWorkingHours } from '../domain/workingHours'
import type { Presence } from '../presence/Presence'
import { findConversation, findOpenConversation, latestConversation, type ConversationRecord } from '../store/conversationStore'
import { findVisitor, setPendingRouting } from '../store/visitorStore'
import type { Bot } from './Bot'
import type { ConversationLifecycle } from './ConversationLifecycle'
import { isAvailable, pickAgent } from './decideRoute'
import type { ActionContext, LockedActions } from './LockedActions'
import { offlineEvent, outsideHoursEvent, senderOf, type Router } from './Router'
import { say } from './say'

const visitor = (visitorId: string, cid: string) => ({ actor: `visitor:${visitorId}`, cid })
const agent = (agentId: string, cid: string) => ({ actor: `agent:${agentId}`, cid })

/** What visitors, agents and admins do to a conversation: start it, hand it off, transfer, end, evaluate, mark. */
export class Conversations {
  readonly #actions: LockedActions
  readonly #lifecycle: ConversationLifecycle
  readonly #router: Router
  readonly #bot: Bot
  readonly #presence: Presence

  constructor(options: { actions: LockedActions; lifecycle: ConversationLifecycle; router: Router; bot: Bot; presence: Presence }) {
    this.#actions = options.actions
    this.#lifecycle = options.lifecycle
    this.#router = options.router
    this.#bot = options.bot
    this.#presence = options.presence
  }

  /** A visitor without an open conversation starts one: the bot, an agent, the queue, or the offline status. */
  async start(ctx: ActionContext, visitorId: string, routing: RoutingRequest): Promise<ConversationRecord | null> {
    const { settings } = ctx.view.company
    const record = await findVisitor(ctx.tx, ctx.companyId, visitorId)
    if (!record) throw new KefuError('not_found', 'unknown visitor')
    if (settings.requireMemberSign && !record.verifiedBy) {
      throw new KefuError('forbidden', 'this company only serves verified members: identify with partnerid + sign or metaData')
    }
    if ((await this.#presence.visitorConnections(ctx.companyId, visitorId)) > settings.maxChatWindows) {
      ctx.out.status(visitorId, { type: 'overloaded' })
      return null
    }
    // `queueFirst` comes from the page, unsigned: it counts only where the company trusts that.
    const vip = record.isVip || (routing.queueFirst === true && settings.trustUnsignedVip)
    if (!isWithinWorkingHours(settings.workingHours, ctx.now)) {
      // Outside working hours: a message form, a redirect, or the bot alone (mode 1: no handoff to anybody).
      const outside = outsideHoursEvent(settings)
      if (!outside) return this.#bot.start(ctx, record, { ...routing, mode: 1 }, vip)
      ctx.out.status(visitorId, outside)
      return null
    }
    const mode = routing.mode ?? settings.receptionMode
    if (mode === 1 || mode === 3) return this.#bot.start(ctx, record, routing, vip)
    const decision = await this.#router.decide(ctx, routing)
    if (decision.kind === 'offline') {
      if (mode === 4) return this.#bot.start(ctx, record, routing, vip)
      ctx.out.status(visitorId, offlineEvent(settings))
      return null
    }
    if (decision.kind === 'assign') return this.#router.startAssigned(ctx, record, routing, vip, decision.agentId, decision.groupId)
    return this.#router.startQueued(ctx, record, routing, vip, decision)
  }

  /**
   * A visitor asks for a chat. `open`: only because the chat window opened; unless the company starts chats
   * on open, the routing is kept for the first message, and the visitor hears at once if nobody could serve.
   */
  async request(companyId: string, visitorId: string, cid: string, routing: RoutingRequest, trigger?: 'open'): Promise<void> {
    await this.#actions.run(companyId, { id: visitor(visitorId, cid), lock: true }, async (ctx) => {
      if (await findOpenConversation(ctx.tx, companyId, visitorId)) return
      if (trigger === 'open' && ctx.view.company.settings.startChatOn === 'message') await this.#prepare(ctx, visitorId, routing)
      else await this.start(ctx, visitorId, routing)
    })
  }

  /** The window opened on a company that starts chats with the first message: say now what that message would meet. */
  async #prepare(ctx: ActionContext, visitorId: string, routing: RoutingRequest): Promise<void> {
    const { settings } = ctx.view.company
    const record = await findVisitor(ctx.tx, ctx.companyId, visitorId)
    if (!record) throw new KefuError('not_found', 'unknown visitor')
    if (settings.requireMemberSign && !record.verifiedBy) {
      throw new KefuError('forbidden', 'this company only serves verified members: identify with partnerid + sign or metaData')
    }
    await setPendingRouting(ctx.tx, ctx.companyId, visitorId, routing)
    const mode = routing.mode ?? settings.receptionMode
    const offline = !isWithinWorkingHours(settings.workingHours, ctx.now)
      ? outsideHoursEvent(settings)
      : mode === 2 && (await this.#router.decide(ctx, routing)).kind === 'offline'
        ? offlineEvent(settings)
        : null
    if (offline) ctx.out.status(visitorId, offline)
  }

  /** 转人工 from the bot; without a chat, a request for a human. */
  async handoff(companyId: string, visitorId: string, cid: string): Promise<void> {
    await this.#actions.run(companyId, { id: visitor(visitorId, cid), lock: true }, async (ctx) => {
      const open = await findOpenConversation(ctx.tx, companyId, visitorId)
      if (!open) await this.start(ctx, visitorId, { mode: 2 })
      else if (open.status === 'bot') await this.#bot.handoff(ctx, open)
    })
  }

  async visitorEnds(companyId: string, visitorId: string, cid: string): Promise<void> {
    await this.#actions.run(companyId, { id: visitor(visitorId, cid), lock: true }, async (ctx) => {
      const open = await findOpenConversation(ctx.tx, companyId, visitorId)
      if (open) await this.#router.end(ctx, open, 1, open.status === 'chatting' && ctx.view.company.settings.evaluateOnEnd)
    })
  }

  /** Only a chat an agent served is evaluated, while chatting or after its end; not one with the bot or in the queue. */
  async evaluate(companyId: string, visitorId: string, cid: string, evaluation: EvaluationInput): Promise<void> {
    if (!Number.isInteger(evaluation.score) || evaluation.score < 1 || evaluation.score > 5) throw new KefuError('invalid_argument', 'score must be an integer 1–5')
    await this.#actions.run(companyId, { id: visitor(visitorId, cid), lock: true }, async (ctx) => {
      const conversation = (await findOpenConversation(ctx.tx, companyId, visitorId)) ?? (await latestConversation(ctx.tx, companyId, visitorId))
      if (!conversation?.agentId || conversation.status === 'waiting' || conversation.status === 'bot') {
        throw new KefuError('conflict', 'there is no chat with an agent to evaluate')
      }
      const ended = conversation.status === 'ended'
      const record = { score: evaluation.score, ...(evaluation.comment ? { comment: evaluation.comment } : {}), phase: ended ? 'ended' : 'chatting' } as const
      if (ended && conversation.needsEvaluation) await this.#lifecycle.apply(ctx, conversation, { type: 'evaluated' }, { patch: { evaluation: record } })
      else await this.#lifecycle.update(ctx, conversation, { evaluation: record })
      ctx.out.toVisitor(visitorId, { type: 'evaluation', evaluation: record })
    })
  }

  /** The visitor skipped the evaluation (暂不评价, Escape): none is pending any more, in every tab and page. */
  async dismissEvaluation(companyId: string, visitorId: string, cid: string): Promise<void> {
    await this.#actions.run(companyId, { id: visitor(visitorId, cid), lock: false }, async (ctx) => {
      const latest = await latestConversation(ctx.tx, companyId, visitorId)
      if (latest?.status === 'ended' && latest.needsEvaluation) await this.#lifecycle.update(ctx, latest, { needsEvaluation: false })
      ctx.out.toVisitor(visitorId, { type: 'evaluationDismissed' })
    })
  }

  async accept(companyId: string, agentId: string, cid: string, conversationId: string): Promise<void> {
    await this.#actions.run(companyId, { id: agent(agentId, cid), lock: true }, async (ctx) => {
      const me = (await this.#router.availability(ctx)).find((a) => a.agentId === agentId)
      if (!me) throw new KefuError('unauthorized', 'unknown agent')
      const conversation = await openConversation(ctx, conversationId)
      if (conversation.status === 'chatting') throw new KefuError('conflict', 'another agent already serves this chat')
      if (!isAvailable(me)) throw new KefuError('conflict', 'you are not online or already at capacity')
      await this.#router.assign(ctx, conversation, agentId, 'agent.joined')
    })
  }

  /**
   * Hands the chat to an agent or a group. A `note` for whoever takes over is stored first, as an
   * internal note (agents only), so it comes before the transfer notice in the chat.
   */
  async transfer(
    companyId: string,
    agentId: string,
    cid: string,
    conversationId: string,
    to: { agentId: string } | { groupId: string },
    note?: string,
  ): Promise<void> {
    await this.#actions.run(companyId, { id: agent(agentId, cid), lock: true }, async (ctx) => {
      const conversation = await openConversation(ctx, conversationId)
      mayHandle(ctx, conversation, agentId)
      const agents = await this.#router.availability(ctx)
      const from = ctx.view.agents.get(agentId)
      const leaveNote = async () => {
        if (note && from) await say(ctx.tx, ctx.out, conversation, 'agent', { type: 'text', text: note }, { visibility: 'agent', ...senderOf(from), createdAt: ctx.now })
      }
      if ('agentId' in to) {
        const target = agents.find((a) => a.agentId === to.agentId)
        if (!target) throw new KefuError('not_found', 'no such agent')
        if (!isAvailable(target)) throw new KefuError('conflict', `${ctx.view.agents.get(to.agentId)?.name ?? 'that agent'} is not available`)
        await leaveNote()
        await this.#router.assign(ctx, conversation, to.agentId, 'agent.transferred')
        return
      }
      if (![...ctx.view.agents.values()].some((a) => a.groupIds.includes(to.groupId))) throw new KefuError('not_found', 'no such group')
      await leaveNote()
      const next = pickAgent(agents.filter((a) => a.groupIds.includes(to.groupId) && a.agentId !== conversation.agentId))
      const regrouped = await this.#lifecycle.update(ctx, conversation, { groupId: to.groupId })
      if (next) await this.#router.assign(ctx, regrouped, next.agentId, 'agent.transferred')
      else {
        await this.#router.enqueue(ctx, regrouped, { groupId: to.groupId, agentId: null })
        await this.#router.drain(ctx)
      }
    })
  }

  async agentEnds(companyId: string, agentId: string, cid: string, conversationId: string): Promise<void> {
    await this.#actions.run(companyId, { id: agent(agentId, cid), lock: true }, async (ctx) => {
      const conversation = await openConversation(ctx, conversationId)
      mayHandle(ctx, conversation, agentId)
      await this.#router.end(ctx, conversation, 2, conversation.status === 'chatting' && ctx.view.company.settings.evaluateOnEnd)
    })
  }

  /** Echat `setVisitorChatSign`: the serving agent (or an admin) marks the chat, during it or after. */
  async setChatSign(companyId: string, agentId: string, cid: string, conversationId: string, chatSign: 0 | 1): Promise<void> {
    await this.#actions.run(companyId, { id: agent(agentId, cid), lock: true }, async (ctx) => {
      const conversation = await findConversation(ctx.tx, companyId, conversationId)
      if (!conversation) throw new KefuError('not_found', 'no such conversation')
      mayHandle(ctx, conversation, agentId)
      await this.#lifecycle.update(ctx, conversation, { chatSign })
    })
  }

  /** An admin closes a chat (reason 6). */
  async closeBySystem(companyId: string, conversationId: string): Promise<void> {
    await this.#actions.run(companyId, { lock: true }, async (ctx) => {
      await this.#router.end(ctx, await openConversation(ctx, conversationId), 6, false)
    })
  }
}

async function openConversation(ctx: ActionContext, conversationId: string): Promise<ConversationRecord> {
  const conversation = await findConversation(ctx.tx, ctx.companyId, conversationId)
  if (!conversation || conversation.status === 'ended') throw new KefuError('not_found', 'no open conversation with that id')
  return conversation
}

function mayHandle(ctx: ActionContext, conversation: ConversationRecord, agentId: string): void {
  if (conversation.agentId !== agentId && ctx.view.agents.get(agentId)?.role !== 'admin') throw new KefuError('forbidden', 'this chat is served by another agent')
}
