import { KefuError, type ConversationSummary, type RoutingRequest, type StaffInfo } from '@kefu/core'
import { conversationStateOf, transitionConversation, type ConversationEvent } from '@kefu/core/lifecycle'
import { nextRecordId } from '../store/companyStore'
import { insertConversation, updateConversation, type ConversationPatch, type ConversationRecord } from '../store/conversationStore'
import type { CompanyView } from './CompanyCache'
import type { ActionContext } from './LockedActions'

export interface NewConversationInput {
  readonly visitorId: string
  readonly routing: RoutingRequest
  readonly vip: boolean
  readonly groupId: string | null
  /** While queued: the one agent the visitor waits for. */
  readonly queueAgentId?: string | null
}

/**
 * The one place a conversation's status changes: every change is an event of `@kefu/core`'s
 * conversation lifecycle, checked against its table, stored, and published as it was applied (the
 * visitor's connections get the very event; agents get the conversation's new summary).
 */
export class ConversationLifecycle {
  /** Starts a conversation with its first event; `event` gets the new conversation's id (staff carry it). */
  async start(ctx: ActionContext, input: NewConversationInput, event: (conversationId: string) => ConversationEvent): Promise<ConversationRecord> {
    const id = await nextRecordId(ctx.tx, ctx.companyId)
    const first = event(id)
    const state = transitionConversation(null, first)
    if (!state || state.name === 'ended') throw new Error(`a conversation cannot start with "${first.type}"`)
    const conversation = await insertConversation(ctx.tx, {
      id,
      companyId: ctx.companyId,
      visitorId: input.visitorId,
      status: state.name,
      agentId: first.type === 'assigned' ? first.staff.staffId : null,
      groupId: input.groupId,
      queueAgentId: state.name === 'waiting' ? (input.queueAgentId ?? null) : null,
      routing: input.routing,
      vip: input.vip,
      now: ctx.now,
      // The moments reports count from, as the first event says: the bot, the queue, or an agent at once.
      botStartedAt: state.name === 'bot' ? ctx.now : null,
      humanRequestedAt: state.name === 'bot' ? null : ctx.now,
      servedAt: first.type === 'assigned' ? ctx.now : null,
    })
    ctx.out.status(conversation.visitorId, first)
    return conversation
  }

  /**
   * Applies `event` to the conversation; `patch` adds what the event does not say (the group, the agent
   * a queued visitor waits for, the evaluation). An event the table refuses is a `conflict`.
   * `announce: false` leaves telling the agents to the caller (the router announces queue positions first).
   */
  async apply(
    ctx: ActionContext,
    conversation: ConversationRecord,
    event: ConversationEvent,
    options: { readonly patch?: ConversationPatch; readonly announce?: boolean } = {},
  ): Promise<ConversationRecord> {
    const from = conversationStateOf(conversation)
    const next = transitionConversation(from, event)
    if (!next) throw new KefuError('conflict', `a chat that is ${from.name} cannot take "${event.type}"`)
    const updated = await updateConversation(ctx.tx, ctx.companyId, conversation.conversationId, {
      status: next.name,
      ...changesOf(event, conversation, ctx.now),
      ...options.patch,
    })
    ctx.out.status(updated.visitorId, event)
    if (options.announce !== false) this.announce(ctx, updated)
    return updated
  }

  /** A change that is not a status change (the mark, the group, an evaluation while chatting); agents hear of it. */
  async update(ctx: ActionContext, conversation: ConversationRecord, patch: ConversationPatch): Promise<ConversationRecord> {
    const updated = await updateConversation(ctx.tx, ctx.companyId, conversation.conversationId, patch)
    this.announce(ctx, updated)
    return updated
  }

  /** Tells the company's agents the conversation as it is now. */
  announce(ctx: ActionContext, conversation: ConversationRecord): void {
    ctx.out.toAgents(ctx.companyId, { type: 'conversation', conversation: summaryOf(conversation) })
  }
}

/** The columns an event changes besides the status. */
function changesOf(event: ConversationEvent, conversation: ConversationRecord, now: number): ConversationPatch {
  switch (event.type) {
    case 'queued':
      return { agentId: null, queuedAt: now, ...(conversation.humanRequestedAt ? {} : { humanRequestedAt: now }) }
    case 'botStarted':
      return { agentId: null, queuedAt: null, queuePosition: null, queueAgentId: null }
    case 'assigned':
      return {
        agentId: event.staff.staffId,
        queuedAt: null,
        queuePosition: null,
        queueAgentId: null,
        ...(conversation.startedAt ? {} : { startedAt: now }),
        ...(conversation.humanRequestedAt ? {} : { humanRequestedAt: now }),
        ...(conversation.servedAt ? {} : { servedAt: now }),
        lastVisitorActivityAt: now,
      }
    case 'ended':
      return { endReason: event.reason, needsEvaluation: event.needsEvaluation, endedAt: now, queuedAt: null, queuePosition: null }
    case 'evaluated':
      return { needsEvaluation: false }
  }
}

/** What the visitor sees of the agent serving a conversation (Echat `staff*` fields). */
export function staffOf(view: CompanyView, agentId: string | null, conversationId: string): StaffInfo {
  const agent = agentId ? view.agents.get(agentId) : undefined
  return {
    staffId: agent?.agentId ?? agentId ?? '',
    staffNickName: agent?.name ?? '',
    ...(agent?.phone ? { staffPhone: agent.phone } : {}),
    ...(agent?.avatar ? { staffHead: agent.avatar } : {}),
    ...(agent?.info ? { staffInfo: agent.info } : {}),
    recordId: conversationId,
  }
}

export function summaryOf(conversation: ConversationRecord): ConversationSummary {
  return {
    conversationId: conversation.conversationId,
    visitorId: conversation.visitorId,
    status: conversation.status,
    agentId: conversation.agentId,
    groupId: conversation.groupId,
    queuePosition: conversation.status === 'waiting' ? conversation.queuePosition : null,
    endReason: conversation.endReason,
    needsEvaluation: conversation.needsEvaluation,
    evaluation: conversation.evaluation,
    chatSign: conversation.chatSign,
    routing: conversation.routing,
    createdAt: conversation.createdAt,
    startedAt: conversation.startedAt,
    endedAt: conversation.endedAt,
  }
}
