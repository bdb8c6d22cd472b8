import type { AgentPresence, ChatStatusEvent, EndReason, QueueEntry, RoutingRequest } from '@kefu/core'
import type { Queryable } from '../db/Database'
import type { CompanySettings } from '../domain/companySettings'
import type { Presence } from '../presence/Presence'
import { agentRoutingStates, markAssigned, type AgentRecord } from '../store/agentStore'
import { agentLoads, listWaiting, setQueuePositions, type ConversationPatch, type ConversationRecord } from '../store/conversationStore'
import type { VisitorRecord } from '../store/visitorStore'
import type { CompanyView } from './CompanyCache'
import { staffOf, type ConversationLifecycle } from './ConversationLifecycle'
import { canServe, decideRoute, pickAgent, type AgentAvailability, type RouteDecision } from './decideRoute'
import type { ActionContext } from './LockedActions'
import { say } from './say'
import { textsForVisitor } from './visitorTexts'

/** Who a queued visitor waits for. */
export interface QueueTarget {
  readonly groupId: string | null
  readonly agentId: string | null
}

/**
 * Routing and the queue: who serves whom. Everything it reads (presence, load, the queue) is read
 * fresh inside the action's transaction, under the company's routing lock, so processes deciding at
 * the same moment never exceed a capacity, never serve a visitor twice, and keep queue order exact.
 */
export class Router {
  readonly #lifecycle: ConversationLifecycle
  readonly #presence: Presence
  readonly #onAssigned: (waitedMs: number) => void

  constructor(options: { lifecycle: ConversationLifecycle; presence: Presence; onAssigned?: (waitedMs: number) => void }) {
    this.#lifecycle = options.lifecycle
    this.#presence = options.presence
    this.#onAssigned = options.onAssigned ?? (() => {})
  }

  /** Every enabled agent: presence (counted only while connected somewhere), load and capacity. */
  async availability(ctx: { readonly tx: Queryable; readonly view: CompanyView; readonly companyId: string }): Promise<AgentAvailability[]> {
    // One query at a time: a transaction's connection runs one statement at once.
    const states = await agentRoutingStates(ctx.tx, ctx.companyId)
    const loads = await agentLoads(ctx.tx, ctx.companyId)
    const connections = await this.#presence.agentConnections(ctx.companyId)
    return [...ctx.view.agents.values()]
      .filter((agent) => !agent.disabled && states.has(agent.agentId))
      .map((agent) => {
        const state = states.get(agent.agentId)!
        return {
          agentId: agent.agentId,
          presence: effectivePresence(agent, state.presence, connections.get(agent.agentId) ?? 0),
          load: loads.get(agent.agentId) ?? 0,
          capacity: agent.capacity,
          groupIds: agent.groupIds,
          lastAssignedAt: state.lastAssignedAt,
        }
      })
  }

  async decide(ctx: ActionContext, routing: RoutingRequest): Promise<RouteDecision> {
    return decideRoute(withCompanyRules(routing, ctx.view.company.settings), await this.availability(ctx))
  }

  /** A new conversation, served at once by `agentId`. */
  async startAssigned(ctx: ActionContext, visitor: VisitorRecord, routing: RoutingRequest, vip: boolean, agentId: string, groupId: string | null) {
    const conversation = await this.#lifecycle.start(ctx, { visitorId: visitor.visitorId, routing, vip, groupId: knownGroup(ctx.view, groupId) }, (id) => ({
      type: 'assigned',
      staff: staffOf(ctx.view, agentId, id),
    }))
    this.#lifecycle.announce(ctx, conversation)
    await this.#greet(ctx, conversation, agentId, 'agent.joined')
    return conversation
  }

  /** A new conversation, waiting for `target`. */
  async startQueued(ctx: ActionContext, visitor: VisitorRecord, routing: RoutingRequest, vip: boolean, target: QueueTarget) {
    const conversation = await this.#lifecycle.start(
      ctx,
      { visitorId: visitor.visitorId, routing, vip, groupId: target.groupId ?? knownGroup(ctx.view, routing.groupId ?? null), queueAgentId: target.agentId },
      () => ({ type: 'queued' }),
    )
    const positions = await this.publishQueue(ctx)
    this.#lifecycle.announce(ctx, { ...conversation, queuePosition: positions.get(conversation.conversationId) ?? null })
    return conversation
  }

  /** Gives an open conversation to `agentId` (a queued visitor, a handoff from the bot, a transfer). */
  async assign(ctx: ActionContext, conversation: ConversationRecord, agentId: string, notice: 'agent.joined' | 'agent.transferred'): Promise<ConversationRecord> {
    const assigned = await this.#lifecycle.apply(ctx, conversation, { type: 'assigned', staff: staffOf(ctx.view, agentId, conversation.conversationId) })
    await this.#greet(ctx, assigned, agentId, notice)
    if (conversation.status === 'waiting') await this.publishQueue(ctx)
    return assigned
  }

  /** Puts an open conversation (back) in the queue; the target is stored, so every process sees the same promise. */
  async enqueue(ctx: ActionContext, conversation: ConversationRecord, target: QueueTarget): Promise<ConversationRecord> {
    const queued = await this.#lifecycle.apply(
      ctx,
      conversation,
      { type: 'queued' },
      { patch: { queueAgentId: target.agentId, ...(target.groupId ? { groupId: target.groupId } : {}) }, announce: false },
    )
    const positions = await this.publishQueue(ctx)
    const announced = { ...queued, queuePosition: positions.get(queued.conversationId) ?? queued.queuePosition }
    this.#lifecycle.announce(ctx, announced)
    return announced
  }

  /**
   * Ends an open conversation: the visitor is asked for an evaluation only when `evaluate` and not yet
   * evaluated (Echat `end-<reason>-0`); a freed seat or queue place goes to the next waiting visitor.
   */
  async end(ctx: ActionContext, conversation: ConversationRecord, reason: EndReason, evaluate: boolean, patch: ConversationPatch = {}): Promise<ConversationRecord> {
    const ended = await this.#lifecycle.apply(ctx, conversation, { type: 'ended', reason, needsEvaluation: evaluate && !conversation.evaluation }, { patch })
    const texts = await textsForVisitor(ctx.tx, ctx.companyId, conversation.visitorId)
    await say(ctx.tx, ctx.out, ended, 'system', { type: 'notice', code: `chat.ended.${reason}`, text: texts.ended })
    if (conversation.status === 'waiting') await this.publishQueue(ctx)
    await this.drain(ctx)
    return ended
  }

  /** Gives waiting visitors to available agents, VIPs first, then first come first served. */
  async drain(ctx: ActionContext): Promise<void> {
    const waiting = await listWaiting(ctx.tx, ctx.companyId)
    if (waiting.length === 0) return
    let agents = await this.availability(ctx)
    let assigned = false
    for (const conversation of waiting) {
      const agent = pickAgent(agents.filter((a) => canServe(a, queueTargetOf(conversation))))
      if (!agent) continue
      await this.#lifecycle.apply(ctx, conversation, { type: 'assigned', staff: staffOf(ctx.view, agent.agentId, conversation.conversationId) }).then((c) =>
        this.#greet(ctx, c, agent.agentId, 'agent.joined'),
      )
      agents = agents.map((a) => (a.agentId === agent.agentId ? { ...a, load: a.load + 1, lastAssignedAt: ctx.now } : a))
      assigned = true
    }
    if (assigned) await this.publishQueue(ctx)
  }

  /**
   * Every waiting visitor whose place changed hears its new position (the position told is stored, so
   * whichever process changes the queue next knows what was said); agents see the whole queue.
   */
  async publishQueue(ctx: ActionContext): Promise<ReadonlyMap<string, number>> {
    const waiting = await listWaiting(ctx.tx, ctx.companyId)
    const positions = new Map(waiting.map((c, index) => [c.conversationId, index + 1]))
    const changed = new Map<string, number>()
    for (const conversation of waiting) {
      const position = positions.get(conversation.conversationId)!
      if (conversation.queuePosition === position) continue
      changed.set(conversation.conversationId, position)
      ctx.out.toVisitor(conversation.visitorId, { type: 'queue', position })
    }
    await setQueuePositions(ctx.tx, ctx.companyId, changed)
    ctx.out.toAgents(ctx.companyId, { type: 'queue', queue: queueEntriesOf(waiting) })
    return positions
  }

  async #greet(ctx: ActionContext, conversation: ConversationRecord, agentId: string, notice: 'agent.joined' | 'agent.transferred'): Promise<void> {
    await markAssigned(ctx.tx, ctx.companyId, agentId, ctx.now)
    if (notice === 'agent.joined') this.#onAssigned(Math.max(0, ctx.now - conversation.createdAt))
    const agent = ctx.view.agents.get(agentId)
    const name = agent?.name ?? ''
    const texts = await textsForVisitor(ctx.tx, ctx.companyId, conversation.visitorId)
    // The name goes with the notice: after a transfer, earlier lines still name who served then.
    await say(ctx.tx, ctx.out, conversation, 'system', {
      type: 'notice',
      code: notice,
      text: notice === 'agent.joined' ? texts.joined(name) : texts.transferred(name),
      params: { name },
    })
    // The embed's 人工客服欢迎语 wins over the company's.
    const hello = embedText(conversation.routing.agentHelloWord) ?? ctx.view.company.settings.agentHelloWord
    if (hello && notice === 'agent.joined' && agent) await say(ctx.tx, ctx.out, conversation, 'agent', { type: 'text', text: hello }, senderOf(agent))
  }
}

/** A text the embed gave (Sobot `agent_hello_word`…); blank counts as not given, so the company's applies. */
export function embedText(text: string | undefined): string | undefined {
  return text?.trim() ? text : undefined
}

/**
 * The company's overflow rules (`settings.transferActions`) for a visitor whose embed names no rules,
 * agent or group of its own: what the page asks for wins, the company's rules fill in.
 */
export function withCompanyRules(routing: RoutingRequest, settings: CompanySettings): RoutingRequest {
  if (routing.transferActions?.length || routing.agentId || routing.groupId || !settings.transferActions.length) return routing
  return { ...routing, transferActions: settings.transferActions }
}

/** Outside working hours, the offline status the company chose; null when the bot alone serves then. */
export function outsideHoursEvent(settings: CompanySettings): ChatStatusEvent | null {
  const { outside } = settings.workingHours
  if (outside.mode === 'bot') return null
  return outside.mode === 'redirect' && outside.url ? { type: 'offline', mode: 'redirect', url: outside.url } : { type: 'offline', mode: 'leave-message' }
}

/** The visitor status when nobody can take the chat (Echat `leaveToService` and friends). */
export function offlineEvent(settings: CompanySettings): ChatStatusEvent {
  const { offline } = settings
  return { type: 'offline', mode: offline.mode, ...(offline.url ? { url: offline.url } : {}) }
}

/** An agent's presence as others see it: what it chose, while it has a connection and is enabled. */
export function effectivePresence(agent: AgentRecord, chosen: AgentPresence, connections: number): AgentPresence {
  return connections > 0 && !agent.disabled ? chosen : 'offline'
}

export function senderOf(agent: AgentRecord): { senderId: string; senderName: string; senderAvatar?: string } {
  return { senderId: agent.agentId, senderName: agent.name, ...(agent.avatar ? { senderAvatar: agent.avatar } : {}) }
}

/** The queue in order, as agents see it. */
export function queueEntriesOf(waiting: readonly ConversationRecord[]): QueueEntry[] {
  return waiting.map((conversation, index) => ({ ...queueTargetOf(conversation), ...queueItemOf(conversation), position: index + 1 }))
}

function queueItemOf(conversation: ConversationRecord) {
  return { conversationId: conversation.conversationId, visitorId: conversation.visitorId, vip: conversation.vip, queuedAt: conversation.queuedAt ?? conversation.createdAt }
}

function queueTargetOf(conversation: ConversationRecord): QueueTarget {
  return { groupId: conversation.groupId ?? conversation.routing.groupId ?? null, agentId: conversation.queueAgentId }
}

/** A group some agent belongs to, else none (a stale or mistyped group id serves nobody). */
export function knownGroup(view: CompanyView, groupId: string | null): string | null {
  return groupId && [...view.agents.values()].some((agent) => agent.groupIds.includes(groupId)) ? groupId : null
}
