import {
  KefuError,
  type AgentPresence,
  type AgentServerFrame,
  type ChatMessage,
  type ChatStatus,
  type ChatStatusEvent,
  type ConversationSummary,
  type CrmFields,
  type EndReason,
  type EntryData,
  type EvaluationInput,
  type LeaveMessageInput,
  type MessageAction,
  type MessageBody,
  type OutgoingMessageBody,
  type QueueEntry,
  type RoutingRequest,
  type ServerFrame,
  type StaffInfo,
  type TraceEntry,
  type VisitorIdentity,
  type VisitorProfile,
} from '@kefu/core'
import { validateCard } from '@kefu/core/cards'
import { validateVisitorIdentity } from '@kefu/core/identity'
import type { Logger } from 'pino'
import type { Bus } from '../bus/Bus'
import { rooms } from '../bus/Bus'
import type { Database } from '../db/Database'
import { newId } from '../domain/ids'
import { decryptMetaData, verifyMemberSign } from '../security'
import { recordAction } from '../store/actionLog'
import { agentInfo, findAgent, listAgents, type AgentRecord } from '../store/agentStore'
import { findCompany, nextRecordId, type Company } from '../store/companyStore'
import {
  findConversation,
  insertConversation,
  latestConversation,
  listOpenConversations,
  listRecentConversationsOfAgent,
  updateConversation,
  type ConversationRecord,
  type ConversationPatch,
} from '../store/conversationStore'
import { listFaqs, type Faq } from '../store/faqStore'
import { findGroup } from '../store/groupStore'
import { insertLeaveMessage } from '../store/leaveMessageStore'
import { countUnread, insertMessage, listMessages, type NewMessage } from '../store/messageStore'
import {
  advanceReadSeq,
  findVisitor,
  findVisitors,
  insertTrace,
  insertVisitor,
  listTraces,
  updateVisitor,
  type VisitorPatch,
  type VisitorRecord,
} from '../store/visitorStore'
import { answerFromFaq, asksForHuman } from './answerFromFaq'
import { canServe, decideRoute, isAvailable, pickAgent, type AgentAvailability } from './decideRoute'
import { KeyedLock } from './KeyedLock'
import { trackInfoFromEntry } from './trackInfoFromEntry'

interface AgentState {
  agent: AgentRecord
  /** What the agent chose; counts only while it has a connection. */
  presence: AgentPresence
  connections: number
  /** Conversations the agent is chatting in. */
  chats: Set<string>
  lastAssignedAt: number
  logoutTimer: ReturnType<typeof setTimeout> | undefined
}

interface QueueItem {
  readonly conversationId: string
  readonly visitorId: string
  readonly vip: boolean
  readonly groupId: string | null
  readonly agentId: string | null
  readonly queuedAt: number
}

interface CompanyState {
  company: Company
  readonly agents: Map<string, AgentState>
  queue: QueueItem[]
  readonly open: Map<string, ConversationRecord>
  readonly openByVisitor: Map<string, string>
  readonly visitorConnections: Map<string, number>
  readonly lastPositions: Map<string, number>
  faqs: Faq[] | undefined
  agentsOnline: boolean
  /** Conversations whose visitor activity changed since the last sweep wrote it. */
  readonly activityToSave: Set<string>
}

export interface ChatServiceOptions {
  readonly db: Database
  readonly bus: Bus
  readonly log: Logger
  /** How long an agent whose connections all dropped keeps its chats before they end (reason 5). */
  readonly agentGraceMs?: number
  /** Ended chats shown as `ended` to a returning visitor for this long, then `idle`. */
  readonly endedVisibleMs?: number
  readonly now?: () => number
}

/** Echat's `ended` status lingers for a day, then a returning visitor starts afresh. */
const ENDED_VISIBLE_MS = 24 * 60 * 60 * 1000

/**
 * The chat domain: visitors, agents, conversations, routing and the queue, the bot, unread.
 * Decisions that change who serves whom run under a per-company lock; messages do not need it
 * (sequence numbers come from one atomic statement).
 */
export class ChatService {
  readonly #db: Database
  readonly #bus: Bus
  readonly #log: Logger
  readonly #lock = new KeyedLock()
  readonly #companies = new Map<string, Promise<CompanyState>>()
  readonly #agentGraceMs: number
  readonly #endedVisibleMs: number
  readonly #now: () => number

  constructor(options: ChatServiceOptions) {
    this.#db = options.db
    this.#bus = options.bus
    this.#log = options.log
    this.#agentGraceMs = options.agentGraceMs ?? 60_000
    this.#endedVisibleMs = options.endedVisibleMs ?? ENDED_VISIBLE_MS
    this.#now = options.now ?? Date.now
  }

  // ---- company state ----------------------------------------------------------------------

  /** Loads a company's live state once: its agents, open conversations and queue. */
  state(companyId: string): Promise<CompanyState> {
    let state = this.#companies.get(companyId)
    if (!state) {
      state = this.#loadState(companyId)
      this.#companies.set(companyId, state)
      state.catch(() => this.#companies.delete(companyId))
    }
    return state
  }

  async #loadState(companyId: string): Promise<CompanyState> {
    const company = await findCompany(this.#db, companyId)
    if (!company) throw new KefuError('not_found', `no company "${companyId}"`)
    const state: CompanyState = {
      company,
      agents: new Map(),
      queue: [],
      open: new Map(),
      openByVisitor: new Map(),
      visitorConnections: new Map(),
      lastPositions: new Map(),
      faqs: undefined,
      agentsOnline: false,
      activityToSave: new Set(),
    }
    for (const agent of await listAgents(this.#db, companyId)) state.agents.set(agent.agentId, this.#newAgentState(agent))
    for (const conversation of await listOpenConversations(this.#db, companyId)) {
      state.open.set(conversation.conversationId, conversation)
      state.openByVisitor.set(conversation.visitorId, conversation.conversationId)
      if (conversation.status === 'chatting' && conversation.agentId) state.agents.get(conversation.agentId)?.chats.add(conversation.conversationId)
      if (conversation.status === 'waiting') state.queue.push(queueItemOf(conversation))
    }
    sortQueue(state.queue)
    return state
  }

  #newAgentState(agent: AgentRecord): AgentState {
    return { agent, presence: 'online', connections: 0, chats: new Set(), lastAssignedAt: 0, logoutTimer: undefined }
  }

  /** Company data or agents changed through the admin API: reload what the live state caches. */
  async refreshCompany(companyId: string): Promise<void> {
    const cached = this.#companies.get(companyId)
    if (!cached) return
    await this.#lock.run(companyId, async () => {
      const state = await cached
      const company = await findCompany(this.#db, companyId)
      if (company) state.company = company
      state.faqs = undefined
      const agents = await listAgents(this.#db, companyId)
      for (const agent of agents) {
        const existing = state.agents.get(agent.agentId)
        if (existing) existing.agent = agent
        else state.agents.set(agent.agentId, this.#newAgentState(agent))
      }
      for (const [agentId, agentState] of state.agents) {
        const active = agents.find((a) => a.agentId === agentId && !a.disabled)
        if (active) continue
        // A deleted or disabled agent's visitors go back to the queue, first in line for the next agent.
        for (const conversationId of [...agentState.chats]) {
          const conversation = state.open.get(conversationId)
          agentState.chats.delete(conversationId)
          if (conversation) await this.#enqueue(state, conversation, { groupId: conversation.groupId, agentId: null })
        }
        if (!agents.some((a) => a.agentId === agentId)) state.agents.delete(agentId)
      }
      await this.#drainQueue(state)
      this.#announceAvailability(state)
    })
  }

  // ---- visitors ---------------------------------------------------------------------------

  async createVisitor(companyId: string, entry: EntryData): Promise<VisitorRecord> {
    await this.state(companyId)
    return insertVisitor(this.#db, { id: newId('v'), companyId, entry })
  }

  async findVisitor(companyId: string, visitorId: string): Promise<VisitorRecord | null> {
    return findVisitor(this.#db, companyId, visitorId)
  }

  /** The `welcome` a visitor connection gets, with everything after `lastSeq`. */
  async visitorWelcome(visitor: VisitorRecord, lastSeq: number, visitorToken: string): Promise<Extract<ServerFrame, { type: 'welcome' }>> {
    const state = await this.state(visitor.companyId)
    const open = this.#openOf(state, visitor.visitorId)
    const latest = open ?? (await latestConversation(this.#db, visitor.companyId, visitor.visitorId))
    const messages = await listMessages(this.#db, visitor.companyId, visitor.visitorId, { afterSeq: lastSeq, visibleOnly: true })
    return {
      type: 'welcome',
      v: 1,
      visitorId: visitor.visitorId,
      visitorToken,
      companyName: state.company.name,
      status: this.#visitorStatus(latest),
      queuePosition: open?.status === 'waiting' ? positionOf(state, open.conversationId) : null,
      staff: open?.status === 'chatting' ? this.#staffOf(state, open) : null,
      agentsOnline: this.#anyAgentOnline(state),
      unread: await countUnread(this.#db, visitor.companyId, visitor.visitorId, visitor.readSeq),
      readSeq: visitor.readSeq,
      messages: messages.map((m) => m.message),
      evaluation: latest && (open || this.#recentlyEnded(latest)) ? latest.evaluation : null,
    }
  }

  #recentlyEnded(conversation: ConversationRecord): boolean {
    return conversation.status === 'ended' && this.#now() - (conversation.endedAt ?? 0) < this.#endedVisibleMs
  }

  #visitorStatus(conversation: ConversationRecord | null): ChatStatus {
    if (!conversation) return { name: 'idle' }
    switch (conversation.status) {
      case 'waiting':
      case 'bot':
      case 'chatting':
        return { name: conversation.status }
      case 'ended':
        return this.#recentlyEnded(conversation)
          ? { name: 'ended', reason: conversation.endReason ?? 0, needsEvaluation: conversation.needsEvaluation }
          : { name: 'idle' }
    }
  }

  /** A visitor connection opened (`delta` 1) or closed (-1); agents see who is online. */
  async visitorConnection(companyId: string, visitorId: string, delta: 1 | -1): Promise<void> {
    const state = await this.state(companyId)
    const before = state.visitorConnections.get(visitorId) ?? 0
    const after = Math.max(0, before + delta)
    if (after === 0) state.visitorConnections.delete(visitorId)
    else state.visitorConnections.set(visitorId, after)
    if ((before === 0) !== (after === 0)) await this.#publishVisitor(state, visitorId)
    if (delta === 1) {
      const visitor = await findVisitor(this.#db, companyId, visitorId)
      if (visitor) {
        const trackInfo = trackInfoFromEntry(visitor.entry)
        if (Object.keys(trackInfo).length) this.#toVisitor(visitorId, { type: 'trackInfo', info: trackInfo })
      }
    }
  }

  async updateEntry(companyId: string, visitorId: string, entry: EntryData): Promise<void> {
    await updateVisitor(this.#db, companyId, visitorId, { entry, trackInfo: trackInfoFromEntry(entry) })
  }

  async requestChat(companyId: string, visitorId: string, cid: string, routing: RoutingRequest): Promise<void> {
    await this.#lock.run(companyId, async () => {
      if (!(await recordAction(this.#db, companyId, `visitor:${visitorId}`, cid))) return
      const state = await this.state(companyId)
      if (this.#openOf(state, visitorId)) return
      await this.#startConversation(state, visitorId, routing)
    })
  }

  async #startConversation(state: CompanyState, visitorId: string, routing: RoutingRequest): Promise<ConversationRecord | null> {
    const { company } = state
    const visitor = await findVisitor(this.#db, company.id, visitorId)
    if (!visitor) throw new KefuError('not_found', 'unknown visitor')
    if (company.settings.requireMemberSign && !visitor.verifiedBy) {
      throw new KefuError('forbidden', 'this company only serves verified members: identify with partnerid + sign or metaData')
    }
    if ((state.visitorConnections.get(visitorId) ?? 0) > company.settings.maxChatWindows) {
      this.#status(visitorId, { type: 'overloaded' })
      return null
    }
    const mode = routing.mode ?? company.settings.receptionMode
    const vip = visitor.isVip || routing.queueFirst === true
    if (mode === 1 || mode === 3) return this.#startWithBot(state, visitor, routing, vip)
    const decision = decideRoute(routing, this.#availability(state))
    if (decision.kind === 'offline') {
      if (mode === 4) return this.#startWithBot(state, visitor, routing, vip)
      this.#goOffline(state, visitorId)
      return null
    }
    const conversation = await this.#insertConversation(state, visitor, routing, vip, decision.kind === 'queue' ? 'waiting' : 'chatting', decision.groupId)
    if (decision.kind === 'assign') await this.#assign(state, conversation, decision.agentId, 'agent.joined')
    else await this.#enqueue(state, conversation, decision)
    return conversation
  }

  async #insertConversation(
    state: CompanyState,
    visitor: VisitorRecord,
    routing: RoutingRequest,
    vip: boolean,
    status: 'waiting' | 'bot' | 'chatting',
    groupId: string | null,
  ): Promise<ConversationRecord> {
    const id = await nextRecordId(this.#db, state.company.id)
    const conversation = await insertConversation(this.#db, {
      id,
      companyId: state.company.id,
      visitorId: visitor.visitorId,
      status: status === 'chatting' ? 'waiting' : status,
      routing,
      vip,
      groupId: groupId && [...state.agents.values()].some((a) => a.agent.groupIds.includes(groupId)) ? groupId : null,
    })
    this.#remember(state, conversation)
    return conversation
  }

  async #startWithBot(state: CompanyState, visitor: VisitorRecord, routing: RoutingRequest, vip: boolean): Promise<ConversationRecord> {
    const conversation = await this.#insertConversation(state, visitor, routing, vip, 'bot', routing.groupId ?? null)
    this.#status(visitor.visitorId, { type: 'botStarted' })
    this.#publishConversation(state, conversation)
    const hello = state.company.settings.robotHelloWord
    if (hello) await this.#say(state, conversation, 'bot', { type: 'text', text: hello }, { senderName: state.company.settings.robotName })
    return conversation
  }

  #goOffline(state: CompanyState, visitorId: string): void {
    const { offline } = state.company.settings
    this.#status(visitorId, { type: 'offline', mode: offline.mode, ...(offline.url ? { url: offline.url } : {}) })
  }

  async #enqueue(state: CompanyState, conversation: ConversationRecord, target: { groupId: string | null; agentId: string | null }) {
    // The target is stored, so a restart rebuilds the queue with the same promises.
    const queued = await this.#update(
      state,
      conversation,
      { status: 'waiting', agentId: null, queuedAt: this.#now(), queueAgentId: target.agentId, ...(target.groupId ? { groupId: target.groupId } : {}) },
      false,
    )
    state.queue.push(queueItemOf(queued))
    sortQueue(state.queue)
    this.#publishConversation(state, queued)
    this.#status(conversation.visitorId, { type: 'queued' })
    this.#publishQueue(state)
  }

  async #assign(state: CompanyState, conversation: ConversationRecord, agentId: string, notice: 'agent.joined' | 'agent.transferred') {
    const agent = state.agents.get(agentId)
    if (!agent) throw new KefuError('not_found', 'unknown agent')
    const previous = conversation.agentId ? state.agents.get(conversation.agentId) : undefined
    previous?.chats.delete(conversation.conversationId)
    const wasQueued = state.queue.some((q) => q.conversationId === conversation.conversationId)
    state.queue = state.queue.filter((q) => q.conversationId !== conversation.conversationId)
    const assigned = await this.#update(state, conversation, {
      status: 'chatting',
      agentId,
      queuedAt: null,
      queueAgentId: null,
      ...(conversation.startedAt ? {} : { startedAt: this.#now() }),
      lastVisitorActivityAt: this.#now(),
    })
    agent.chats.add(conversation.conversationId)
    agent.lastAssignedAt = this.#now()
    this.#status(conversation.visitorId, { type: 'assigned', staff: this.#staffOf(state, assigned) })
    const name = agent.agent.name
    await this.#say(state, assigned, 'system', {
      type: 'notice',
      code: notice,
      text: notice === 'agent.joined' ? `${name} is now serving you` : `You were transferred to ${name}`,
    })
    const hello = state.company.settings.agentHelloWord
    if (hello && notice === 'agent.joined') await this.#say(state, assigned, 'agent', { type: 'text', text: hello }, this.#agentSender(agent))
    if (wasQueued) this.#publishQueue(state)
  }

  /** Gives waiting visitors to available agents, VIPs first, then first come first served. */
  async #drainQueue(state: CompanyState): Promise<void> {
    for (const item of [...state.queue]) {
      const agent = pickAgent(this.#availability(state).filter((a) => canServe(a, item)))
      if (!agent) continue
      const conversation = state.open.get(item.conversationId)
      if (conversation) await this.#assign(state, conversation, agent.agentId, 'agent.joined')
    }
    this.#publishQueue(state)
  }

  async handoff(companyId: string, visitorId: string, cid: string): Promise<void> {
    await this.#lock.run(companyId, async () => {
      if (!(await recordAction(this.#db, companyId, `visitor:${visitorId}`, cid))) return
      const state = await this.state(companyId)
      const conversation = this.#openOf(state, visitorId)
      if (!conversation) {
        await this.#startConversation(state, visitorId, { mode: 2 })
        return
      }
      if (conversation.status !== 'bot') return
      await this.#handoffToHuman(state, conversation)
    })
  }

  async #handoffToHuman(state: CompanyState, conversation: ConversationRecord): Promise<void> {
    const mode = conversation.routing.mode ?? state.company.settings.receptionMode
    if (mode === 1) {
      await this.#say(state, conversation, 'bot', { type: 'text', text: 'Only the assistant serves this chat.' }, { senderName: state.company.settings.robotName })
      return
    }
    const decision = decideRoute(conversation.routing, this.#availability(state))
    if (decision.kind === 'assign') return this.#assign(state, conversation, decision.agentId, 'agent.joined')
    if (decision.kind === 'queue') return this.#enqueue(state, conversation, decision)
    await this.#say(state, conversation, 'bot', { type: 'text', text: state.company.settings.agentOfflineTitle }, { senderName: state.company.settings.robotName })
    await this.#end(state, conversation, 0, false)
    this.#goOffline(state, conversation.visitorId)
  }

  /** A visitor's message: stored, acknowledged, answered by the bot in a bot chat. */
  async visitorMessage(companyId: string, visitorId: string, cid: string, body: OutgoingMessageBody): Promise<ChatMessage> {
    const state = await this.state(companyId)
    const clean = cleanBody(body)
    let conversation = this.#openOf(state, visitorId)
    if (!conversation) {
      // A first message starts a chat, as typing into a closed Echat window does.
      conversation = await this.#lock.run(companyId, async () => this.#openOf(state, visitorId) ?? (await this.#startConversation(state, visitorId, {})) ?? undefined)
    }
    const agentOnly = clean.type === 'product' && clean.card.visibility === 2
    const { stored, duplicate } = await insertMessage(this.#db, {
      companyId,
      visitorId,
      conversationId: conversation?.conversationId ?? null,
      clientId: cid,
      sender: 'visitor',
      visibility: agentOnly ? 'agent' : 'both',
      ...(clean.type === 'product' && clean.card.customizeMsgType ? { customizeMsgType: clean.card.customizeMsgType } : {}),
      body: clean,
    })
    if (duplicate) return stored.message
    this.#publishMessage(companyId, visitorId, conversation && (state.open.get(conversation.conversationId) ?? conversation), stored.message)
    if (conversation) {
      // Activity is kept in memory and written by the sweep: no second write before the ack. Only the
      // time is touched, so a decision taken meanwhile under the lock (handoff, accept, close) stands.
      const current = state.open.get(conversation.conversationId)
      if (current) {
        state.open.set(current.conversationId, { ...current, lastVisitorActivityAt: this.#now() })
        state.activityToSave.add(current.conversationId)
      }
      if (current?.status === 'bot' && clean.type === 'text') await this.#botReply(state, current, clean.text)
    }
    return stored.message
  }

  async #botReply(state: CompanyState, conversation: ConversationRecord, text: string): Promise<void> {
    const robot = { senderName: state.company.settings.robotName }
    if (asksForHuman(text)) {
      return this.#lock.run(state.company.id, async () => {
        // Decide on the chat as it is now: before the lock was ours it may have been handed off, accepted or closed.
        const current = state.open.get(conversation.conversationId)
        if (current?.status === 'bot') await this.#handoffToHuman(state, current)
      })
    }
    state.faqs ??= await listFaqs(this.#db, state.company.id)
    const faq = answerFromFaq(state.faqs, text)
    const humans = (conversation.routing.mode ?? state.company.settings.receptionMode) !== 1
    const handoff: MessageAction[] = humans ? [{ type: 'handoff', label: 'Talk to an agent' }] : []
    if (faq) await this.#say(state, conversation, 'bot', { type: 'text', text: faq.answer }, robot)
    else await this.#say(state, conversation, 'bot', { type: 'text', text: "Sorry, I don't know the answer to that." }, { ...robot, actions: handoff })
  }

  async markRead(companyId: string, visitorId: string, seq: number): Promise<void> {
    const readSeq = await advanceReadSeq(this.#db, companyId, visitorId, seq)
    const count = await countUnread(this.#db, companyId, visitorId, readSeq)
    this.#toVisitor(visitorId, { type: 'unread', count, readSeq })
  }

  async visitorEndsChat(companyId: string, visitorId: string, cid: string): Promise<void> {
    await this.#lock.run(companyId, async () => {
      if (!(await recordAction(this.#db, companyId, `visitor:${visitorId}`, cid))) return
      const state = await this.state(companyId)
      const conversation = this.#openOf(state, visitorId)
      if (!conversation) return
      const evaluate = conversation.status === 'chatting' && state.company.settings.evaluateOnEnd
      await this.#end(state, conversation, 1, evaluate)
    })
  }

  async evaluate(companyId: string, visitorId: string, cid: string, evaluation: EvaluationInput): Promise<void> {
    await this.#lock.run(companyId, async () => {
      if (!Number.isInteger(evaluation.score) || evaluation.score < 1 || evaluation.score > 5) {
        throw new KefuError('invalid_argument', 'score must be an integer 1–5')
      }
      if (!(await recordAction(this.#db, companyId, `visitor:${visitorId}`, cid))) return
      const state = await this.state(companyId)
      const conversation = this.#openOf(state, visitorId) ?? (await latestConversation(this.#db, companyId, visitorId))
      // Only a chat an agent served is evaluated: not one with the bot or in the queue, nor one that ended there.
      if (!conversation?.agentId || conversation.status === 'waiting' || conversation.status === 'bot') {
        throw new KefuError('conflict', 'there is no chat with an agent to evaluate')
      }
      const ended = conversation.status === 'ended'
      const record = { score: evaluation.score, ...(evaluation.comment ? { comment: evaluation.comment } : {}), phase: ended ? 'ended' : 'chatting' } as const
      // #update tells the agents; the visitor's connections hear it here.
      await this.#update(state, conversation, { evaluation: record, ...(ended ? { needsEvaluation: false } : {}) })
      if (ended && conversation.needsEvaluation) this.#status(visitorId, { type: 'evaluated' })
      this.#toVisitor(visitorId, { type: 'evaluation', evaluation: record })
    })
  }

  /**
   * Stores a leave message (its frame schema has checked sizes and the http(s) card links) and tells
   * the agents. `source` is stored as a string. A `groupId` the company does not have (a stale or
   * mistyped Sobot `groupid` link) does not refuse the message — the visitor's words matter more —
   * but it is stored as null, with a warning in the log, so no agent filters by a group that is not there.
   */
  async leaveMessage(companyId: string, visitorId: string, cid: string, input: LeaveMessageInput): Promise<void> {
    if (!(await recordAction(this.#db, companyId, `visitor:${visitorId}`, cid))) return
    const { groupId, source, ...rest } = input
    const known = groupId !== undefined && (await findGroup(this.#db, companyId, groupId)) !== null
    if (groupId !== undefined && !known) {
      this.#log.warn({ companyId, visitorId, groupId }, 'a leave message named a group the company does not have; stored without a group')
    }
    const record = await insertLeaveMessage(this.#db, companyId, visitorId, {
      ...rest,
      groupId: known ? groupId : null,
      ...(source !== undefined ? { source: String(source) } : {}),
    })
    this.#toAgents(companyId, { type: 'leaveMessage', leaveMessage: record })
  }

  async trace(companyId: string, visitorId: string, cid: string, trace: TraceEntry): Promise<void> {
    if (!(await recordAction(this.#db, companyId, `visitor:${visitorId}`, cid))) return
    await insertTrace(this.#db, companyId, visitorId, trace)
    await this.#publishVisitor(await this.state(companyId), visitorId)
  }

  /** CRM data and member identity; `partnerid` + `sign` or `metaData` verify a member. */
  async identify(companyId: string, visitorId: string, cid: string, input: VisitorIdentity): Promise<void> {
    const identity = validateVisitorIdentity(input)
    const state = await this.state(companyId)
    const { company } = state
    const patch: { -readonly [K in keyof VisitorPatch]: VisitorPatch[K] } = {}
    // What the store signed (metaData) is applied last, so fields sent beside it in the clear cannot override it.
    const member = identity.metaData ? decryptMetaData(identity.metaData, company.metaKey) : undefined
    if (!member && identity.partnerid && identity.sign) {
      const proof = verifyMemberSign({ sysnum: company.id, key: company.signKey, partnerid: identity.partnerid, sign: identity.sign })
      patch.partnerid = identity.partnerid
      patch.verifiedBy = proof === 'md5' ? 'sign-md5' : 'sign-hmac'
    } else if (!member && identity.partnerid) {
      if (company.settings.requireMemberSign) throw new KefuError('unauthorized', 'partnerid needs a sign: this company verifies members')
      patch.partnerid = identity.partnerid
      patch.verifiedBy = null
    }
    if (!(await recordAction(this.#db, companyId, `visitor:${visitorId}`, cid))) return
    const visitor = await findVisitor(this.#db, companyId, visitorId)
    if (!visitor) throw new KefuError('not_found', 'unknown visitor')
    const crm = { ...pickCrm(identity), ...(member ? pickCrm(member) : {}) }
    if (Object.keys(crm).length) patch.crm = { ...visitor.crm, ...crm }
    if (identity.params) patch.params = { ...visitor.params, ...identity.params }
    if (identity.customer_fields) patch.customerFields = { ...visitor.customerFields, ...identity.customer_fields }
    if (identity.is_vip !== undefined) patch.isVip = identity.is_vip === 1
    if (identity.vip_level) patch.vipLevel = identity.vip_level
    if (identity.user_label) patch.userLabel = identity.user_label
    if (identity.myData) patch.myData = identity.myData
    if (member) {
      patch.partnerid = member.partnerid
      patch.verifiedBy = 'metaData'
      patch.metaData = identity.metaData!
      if (member.is_vip !== undefined) patch.isVip = Number(member.is_vip) === 1
      if (member.vip_level) patch.vipLevel = member.vip_level
      if (member.user_label) patch.userLabel = member.user_label
    }
    await updateVisitor(this.#db, companyId, visitorId, patch)
    await this.#publishVisitor(state, visitorId)
  }

  // ---- agents -----------------------------------------------------------------------------

  async agentConnected(companyId: string, agentId: string): Promise<Extract<AgentServerFrame, { type: 'agent.welcome' }>> {
    return this.#lock.run(companyId, async () => {
      const state = await this.state(companyId)
      let agentState = state.agents.get(agentId)
      if (!agentState) {
        const agent = await findAgent(this.#db, companyId, agentId)
        if (!agent) throw new KefuError('unauthorized', 'unknown agent')
        agentState = this.#newAgentState(agent)
        state.agents.set(agentId, agentState)
      }
      clearTimeout(agentState.logoutTimer)
      agentState.logoutTimer = undefined
      if (agentState.connections++ === 0 && agentState.presence === 'offline') agentState.presence = 'online'
      this.#publishPresence(state, agentState)
      await this.#drainQueue(state)
      this.#announceAvailability(state)
      const recent = await listRecentConversationsOfAgent(this.#db, companyId, agentId)
      const conversations = [...state.open.values(), ...recent]
      const visitorIds = [...new Set(conversations.map((c) => c.visitorId))]
      return {
        type: 'agent.welcome',
        v: 1,
        agent: agentInfo(agentState.agent),
        presence: agentState.presence,
        conversations: conversations.map((c) => this.#summary(state, c)),
        visitors: await this.#profiles(state, visitorIds),
        queue: queueEntries(state),
        colleagues: [...state.agents.values()].map((a) => ({ agentId: a.agent.agentId, name: a.agent.name, presence: effectivePresence(a) })),
      }
    })
  }

  async agentDisconnected(companyId: string, agentId: string): Promise<void> {
    await this.#lock.run(companyId, async () => {
      const state = await this.state(companyId)
      const agentState = state.agents.get(agentId)
      if (!agentState || --agentState.connections > 0) return
      this.#publishPresence(state, agentState)
      this.#announceAvailability(state)
      // A dropped connection is often a network blip: the agent keeps its chats for a grace period.
      agentState.logoutTimer = setTimeout(() => {
        void this.#lock
          .run(companyId, async () => {
            if (agentState.connections === 0) await this.#logout(state, agentState)
          })
          .catch((error) => this.#log.error({ err: error }, 'ending the chats of a disconnected agent failed'))
      }, this.#agentGraceMs)
      agentState.logoutTimer.unref?.()
    })
  }

  async setPresence(companyId: string, agentId: string, cid: string, presence: AgentPresence): Promise<void> {
    await this.#lock.run(companyId, async () => {
      if (!(await recordAction(this.#db, companyId, `agent:${agentId}`, cid))) return
      const state = await this.state(companyId)
      const agentState = this.#agentState(state, agentId)
      agentState.presence = presence
      this.#publishPresence(state, agentState)
      if (presence === 'offline') await this.#logout(state, agentState)
      else await this.#drainQueue(state)
      this.#announceAvailability(state)
    })
  }

  /** Agent logout: its chats end with reason 5. */
  async #logout(state: CompanyState, agentState: AgentState): Promise<void> {
    for (const conversationId of [...agentState.chats]) {
      const conversation = state.open.get(conversationId)
      if (conversation) await this.#end(state, conversation, 5, false)
    }
  }

  async acceptConversation(companyId: string, agentId: string, cid: string, conversationId: string): Promise<void> {
    await this.#lock.run(companyId, async () => {
      if (!(await recordAction(this.#db, companyId, `agent:${agentId}`, cid))) return
      const state = await this.state(companyId)
      const agentState = this.#agentState(state, agentId)
      const conversation = this.#openConversation(state, conversationId)
      if (conversation.status === 'chatting') throw new KefuError('conflict', 'another agent already serves this chat')
      if (!isAvailable(availabilityOf(agentState))) throw new KefuError('conflict', 'you are not online or already at capacity')
      await this.#assign(state, conversation, agentId, 'agent.joined')
    })
  }

  async agentMessage(
    companyId: string,
    agentId: string,
    cid: string,
    conversationId: string,
    body: OutgoingMessageBody,
    visibility: 'both' | 'agent' = 'both',
  ): Promise<ChatMessage> {
    const state = await this.state(companyId)
    const agentState = this.#agentState(state, agentId)
    const conversation = state.open.get(conversationId) ?? (await findConversation(this.#db, companyId, conversationId))
    if (!conversation) throw new KefuError('not_found', 'no such conversation')
    const mine = conversation.agentId === agentId
    // Offline messages after the end are allowed to the agent who served the chat; notes to anyone.
    if (visibility === 'both' && !mine && agentState.agent.role !== 'admin') {
      throw new KefuError('forbidden', 'only the agent serving this chat can message the visitor; accept it first')
    }
    const clean = cleanBody(body)
    const { stored, duplicate } = await insertMessage(this.#db, {
      companyId,
      visitorId: conversation.visitorId,
      conversationId,
      clientId: cid,
      sender: 'agent',
      visibility: visibility === 'agent' || (clean.type === 'product' && clean.card.visibility === 2) ? 'agent' : 'both',
      ...this.#agentSender(agentState),
      ...(clean.type === 'product' && clean.card.customizeMsgType ? { customizeMsgType: clean.card.customizeMsgType } : {}),
      body: clean,
    })
    if (!duplicate) {
      this.#publishMessage(companyId, conversation.visitorId, state.open.get(conversationId) ?? conversation, stored.message)
      if (stored.message.visibility === 'both') await this.#publishUnread(companyId, conversation.visitorId)
    }
    return stored.message
  }

  async transfer(companyId: string, agentId: string, cid: string, conversationId: string, to: { agentId: string } | { groupId: string }) {
    await this.#lock.run(companyId, async () => {
      if (!(await recordAction(this.#db, companyId, `agent:${agentId}`, cid))) return
      const state = await this.state(companyId)
      const conversation = this.#openConversation(state, conversationId)
      this.#mayHandle(state, conversation, agentId)
      if ('agentId' in to) {
        const target = state.agents.get(to.agentId)
        if (!target) throw new KefuError('not_found', 'no such agent')
        if (!isAvailable(availabilityOf(target))) throw new KefuError('conflict', `${target.agent.name} is not available`)
        await this.#assign(state, conversation, to.agentId, 'agent.transferred')
        return
      }
      if (![...state.agents.values()].some((a) => a.agent.groupIds.includes(to.groupId))) throw new KefuError('not_found', 'no such group')
      const candidates = this.#availability(state).filter((a) => a.groupIds.includes(to.groupId) && a.agentId !== conversation.agentId)
      const agent = pickAgent(candidates)
      await this.#update(state, conversation, { groupId: to.groupId })
      if (agent) {
        await this.#assign(state, state.open.get(conversationId)!, agent.agentId, 'agent.transferred')
        return
      }
      if (conversation.agentId) state.agents.get(conversation.agentId)?.chats.delete(conversationId)
      await this.#enqueue(state, state.open.get(conversationId)!, { groupId: to.groupId, agentId: null })
      await this.#drainQueue(state)
    })
  }

  async agentEndsChat(companyId: string, agentId: string, cid: string, conversationId: string): Promise<void> {
    await this.#lock.run(companyId, async () => {
      if (!(await recordAction(this.#db, companyId, `agent:${agentId}`, cid))) return
      const state = await this.state(companyId)
      const conversation = this.#openConversation(state, conversationId)
      this.#mayHandle(state, conversation, agentId)
      await this.#end(state, conversation, 2, conversation.status === 'chatting' && state.company.settings.evaluateOnEnd)
    })
  }

  async setChatSign(companyId: string, agentId: string, cid: string, conversationId: string, chatSign: 0 | 1): Promise<void> {
    await this.#lock.run(companyId, async () => {
      if (!(await recordAction(this.#db, companyId, `agent:${agentId}`, cid))) return
      const state = await this.state(companyId)
      const conversation = state.open.get(conversationId) ?? (await findConversation(this.#db, companyId, conversationId))
      if (!conversation) throw new KefuError('not_found', 'no such conversation')
      this.#mayHandle(state, conversation, agentId)
      await this.#update(state, conversation, { chatSign })
    })
  }

  async updateCrm(companyId: string, agentId: string, cid: string, visitorId: string, crm: CrmFields): Promise<void> {
    if (!(await recordAction(this.#db, companyId, `agent:${agentId}`, cid))) return
    const visitor = await findVisitor(this.#db, companyId, visitorId)
    if (!visitor) throw new KefuError('not_found', 'no such visitor')
    await updateVisitor(this.#db, companyId, visitorId, { crm: { ...visitor.crm, ...crm } })
    await this.#publishVisitor(await this.state(companyId), visitorId)
  }

  async visitorTyping(companyId: string, visitorId: string, typing: boolean): Promise<void> {
    const open = this.#openOf(await this.state(companyId), visitorId)
    if (open) this.#toAgentsOf(companyId, open, { type: 'typing', conversationId: open.conversationId, typing })
  }

  async agentTyping(companyId: string, agentId: string, conversationId: string, typing: boolean): Promise<void> {
    const state = await this.state(companyId)
    const conversation = state.open.get(conversationId)
    if (conversation?.agentId === agentId) this.#toVisitor(conversation.visitorId, { type: 'typing', typing })
  }

  // ---- the system -------------------------------------------------------------------------

  /** Ends chats whose visitor went quiet (8) and queued chats that waited too long (6). */
  async sweep(): Promise<void> {
    const now = this.#now()
    for (const [companyId, pending] of this.#companies) {
      const state = await pending.catch(() => undefined)
      if (!state) continue
      const { inactivityTimeoutSeconds, queueTimeoutSeconds } = state.company.settings
      await this.#lock.run(companyId, async () => {
        await this.#saveActivity(state)
        for (const conversation of [...state.open.values()]) {
          const quiet = now - conversation.lastVisitorActivityAt > inactivityTimeoutSeconds * 1000
          if ((conversation.status === 'chatting' || conversation.status === 'bot') && quiet) {
            await this.#end(state, conversation, 8, false)
          } else if (conversation.status === 'waiting' && now - (conversation.queuedAt ?? now) > queueTimeoutSeconds * 1000) {
            await this.#end(state, conversation, 6, false)
          }
        }
      })
    }
  }

  /** Writes visitor activity kept in memory, so a restart does not end busy chats for inactivity. */
  async #saveActivity(state: CompanyState): Promise<void> {
    for (const conversationId of [...state.activityToSave]) {
      state.activityToSave.delete(conversationId)
      const conversation = state.open.get(conversationId)
      if (conversation) {
        await updateConversation(this.#db, state.company.id, conversationId, { lastVisitorActivityAt: conversation.lastVisitorActivityAt })
      }
    }
  }

  /** An admin closes a chat (reason 6). */
  async closeBySystem(companyId: string, conversationId: string): Promise<void> {
    await this.#lock.run(companyId, async () => {
      const state = await this.state(companyId)
      await this.#end(state, this.#openConversation(state, conversationId), 6, false)
    })
  }

  async #end(state: CompanyState, conversation: ConversationRecord, reason: EndReason, evaluate: boolean): Promise<void> {
    // A visitor who already evaluated while chatting is not asked again (Echat `end-<reason>-0`).
    const needsEvaluation = evaluate && !conversation.evaluation
    const ended = await this.#update(state, conversation, { status: 'ended', endReason: reason, needsEvaluation, endedAt: this.#now(), queuedAt: null })
    if (conversation.agentId) state.agents.get(conversation.agentId)?.chats.delete(conversation.conversationId)
    const wasQueued = state.queue.some((q) => q.conversationId === conversation.conversationId)
    state.queue = state.queue.filter((q) => q.conversationId !== conversation.conversationId)
    state.lastPositions.delete(conversation.conversationId)
    this.#status(conversation.visitorId, { type: 'ended', reason, needsEvaluation })
    await this.#say(state, ended, 'system', { type: 'notice', code: `chat.ended.${reason}`, text: 'The chat has ended' })
    if (wasQueued) this.#publishQueue(state)
    await this.#drainQueue(state)
  }

  // ---- helpers ----------------------------------------------------------------------------

  #openOf(state: CompanyState, visitorId: string): ConversationRecord | undefined {
    const id = state.openByVisitor.get(visitorId)
    return id ? state.open.get(id) : undefined
  }

  #openConversation(state: CompanyState, conversationId: string): ConversationRecord {
    const conversation = state.open.get(conversationId)
    if (!conversation) throw new KefuError('not_found', 'no open conversation with that id')
    return conversation
  }

  #agentState(state: CompanyState, agentId: string): AgentState {
    const agentState = state.agents.get(agentId)
    if (!agentState) throw new KefuError('unauthorized', 'unknown agent')
    return agentState
  }

  #mayHandle(state: CompanyState, conversation: ConversationRecord, agentId: string): void {
    const role = state.agents.get(agentId)?.agent.role
    if (conversation.agentId !== agentId && role !== 'admin') throw new KefuError('forbidden', 'this chat is served by another agent')
  }

  async #update(state: CompanyState, conversation: ConversationRecord, patch: ConversationPatch, publish = true): Promise<ConversationRecord> {
    const activity = state.open.get(conversation.conversationId)?.lastVisitorActivityAt
    const written = await updateConversation(this.#db, state.company.id, conversation.conversationId, patch)
    // The database may hold an older activity time than memory (the sweep writes it): keep the newer.
    const updated =
      activity && activity > written.lastVisitorActivityAt && patch.lastVisitorActivityAt === undefined
        ? { ...written, lastVisitorActivityAt: activity }
        : written
    this.#remember(state, updated)
    if (publish) this.#publishConversation(state, updated)
    return updated
  }

  #remember(state: CompanyState, conversation: ConversationRecord): void {
    if (conversation.status === 'ended') {
      state.open.delete(conversation.conversationId)
      if (state.openByVisitor.get(conversation.visitorId) === conversation.conversationId) state.openByVisitor.delete(conversation.visitorId)
    } else {
      state.open.set(conversation.conversationId, conversation)
      state.openByVisitor.set(conversation.visitorId, conversation.conversationId)
    }
  }

  #availability(state: CompanyState): AgentAvailability[] {
    return [...state.agents.values()].filter((a) => !a.agent.disabled).map(availabilityOf)
  }

  #anyAgentOnline(state: CompanyState): boolean {
    return [...state.agents.values()].some((a) => !a.agent.disabled && effectivePresence(a) === 'online')
  }

  /** Visitors learn whether anybody is there (Echat `staffStatus`) when that changes. */
  #announceAvailability(state: CompanyState): void {
    const online = this.#anyAgentOnline(state)
    if (online === state.agentsOnline) return
    state.agentsOnline = online
    this.#bus.publish(rooms.visitors(state.company.id), { type: 'agents', online } satisfies ServerFrame)
  }

  #staffOf(state: CompanyState, conversation: ConversationRecord): StaffInfo {
    const agent = conversation.agentId ? state.agents.get(conversation.agentId)?.agent : undefined
    return {
      staffId: agent?.agentId ?? '',
      staffNickName: agent?.name ?? '',
      ...(agent?.phone ? { staffPhone: agent.phone } : {}),
      ...(agent?.avatar ? { staffHead: agent.avatar } : {}),
      ...(agent?.info ? { staffInfo: agent.info } : {}),
      recordId: conversation.conversationId,
    }
  }

  #agentSender(agentState: AgentState): Pick<NewMessage, 'senderId' | 'senderName' | 'senderAvatar'> {
    const { agent } = agentState
    return { senderId: agent.agentId, senderName: agent.name, ...(agent.avatar ? { senderAvatar: agent.avatar } : {}) }
  }

  async #say(
    state: CompanyState,
    conversation: ConversationRecord,
    sender: 'bot' | 'system' | 'agent',
    body: MessageBody,
    extra: Partial<NewMessage> = {},
  ): Promise<void> {
    const { stored } = await insertMessage(this.#db, {
      companyId: state.company.id,
      visitorId: conversation.visitorId,
      conversationId: conversation.conversationId,
      sender,
      ...extra,
      body,
    })
    this.#publishMessage(state.company.id, conversation.visitorId, state.open.get(conversation.conversationId) ?? conversation, stored.message)
    await this.#publishUnread(state.company.id, conversation.visitorId)
  }

  #status(visitorId: string, event: ChatStatusEvent): void {
    this.#toVisitor(visitorId, { type: 'status', event })
  }

  #toVisitor(visitorId: string, frame: ServerFrame): void {
    this.#bus.publish(rooms.visitor(visitorId), frame)
  }

  #toAgents(companyId: string, frame: AgentServerFrame): void {
    this.#bus.publish(rooms.agents(companyId), frame)
  }

  /**
   * The visitor hears every visible message. Among agents, a chat's messages go to the agent serving it;
   * a chat nobody serves yet (queue, bot) and a message outside any chat go to all the company's agents.
   * So the cost of a message does not grow with the number of agents.
   */
  #publishMessage(companyId: string, visitorId: string, conversation: ConversationRecord | null | undefined, message: ChatMessage): void {
    if (message.visibility === 'both') this.#toVisitor(visitorId, { type: 'message', message })
    const conversationId = conversation?.conversationId ?? null
    this.#toAgentsOf(companyId, conversation, { type: 'message', conversationId, visitorId, message })
  }

  /** Frames about one chat: to its agent when somebody serves it, else to every agent of the company. */
  #toAgentsOf(companyId: string, conversation: ConversationRecord | null | undefined, frame: AgentServerFrame): void {
    const agentId = conversation?.agentId
    if (agentId) this.#bus.publish(rooms.agent(agentId), frame)
    else this.#toAgents(companyId, frame)
  }


  async #publishUnread(companyId: string, visitorId: string): Promise<void> {
    const visitor = await findVisitor(this.#db, companyId, visitorId)
    if (!visitor) return
    this.#toVisitor(visitorId, { type: 'unread', count: await countUnread(this.#db, companyId, visitorId, visitor.readSeq), readSeq: visitor.readSeq })
  }

  #summary(state: CompanyState, conversation: ConversationRecord): ConversationSummary {
    return {
      conversationId: conversation.conversationId,
      visitorId: conversation.visitorId,
      status: conversation.status,
      agentId: conversation.agentId,
      groupId: conversation.groupId,
      queuePosition: conversation.status === 'waiting' ? positionOf(state, conversation.conversationId) : null,
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

  #publishConversation(state: CompanyState, conversation: ConversationRecord): void {
    this.#toAgents(state.company.id, { type: 'conversation', conversation: this.#summary(state, conversation) })
  }

  /** Every waiting visitor whose place changed hears its new position; agents see the whole queue. */
  #publishQueue(state: CompanyState): void {
    state.queue.forEach((item, index) => {
      const position = index + 1
      if (state.lastPositions.get(item.conversationId) === position) return
      state.lastPositions.set(item.conversationId, position)
      this.#toVisitor(item.visitorId, { type: 'queue', position })
    })
    for (const id of state.lastPositions.keys()) if (!state.queue.some((q) => q.conversationId === id)) state.lastPositions.delete(id)
    this.#toAgents(state.company.id, { type: 'queue', queue: queueEntries(state) })
  }

  #publishPresence(state: CompanyState, agentState: AgentState): void {
    this.#toAgents(state.company.id, { type: 'presence', agentId: agentState.agent.agentId, presence: effectivePresence(agentState) })
  }

  async #profiles(state: CompanyState, visitorIds: readonly string[]): Promise<VisitorProfile[]> {
    const visitors = await findVisitors(this.#db, state.company.id, visitorIds)
    return Promise.all(visitors.map((v) => this.#profile(state, v)))
  }

  async #profile(state: CompanyState, visitor: VisitorRecord): Promise<VisitorProfile> {
    const { lastSeq: _lastSeq, readSeq: _readSeq, ...rest } = visitor
    return {
      ...rest,
      online: (state.visitorConnections.get(visitor.visitorId) ?? 0) > 0,
      trace: await listTraces(this.#db, state.company.id, visitor.visitorId, 20),
    }
  }

  async #publishVisitor(state: CompanyState, visitorId: string): Promise<void> {
    const visitor = await findVisitor(this.#db, state.company.id, visitorId)
    if (visitor) this.#toAgents(state.company.id, { type: 'visitor', visitor: await this.#profile(state, visitor) })
  }

  /** Visitor profiles for the REST API. */
  async visitorProfile(companyId: string, visitorId: string): Promise<VisitorProfile | null> {
    const state = await this.state(companyId)
    const visitor = await findVisitor(this.#db, companyId, visitorId)
    return visitor ? this.#profile(state, visitor) : null
  }

  async close(): Promise<void> {
    for (const pending of this.#companies.values()) {
      const state = await pending.catch(() => undefined)
      for (const agentState of state?.agents.values() ?? []) clearTimeout(agentState.logoutTimer)
    }
    this.#companies.clear()
  }
}

function effectivePresence(agentState: AgentState): AgentPresence {
  return agentState.connections > 0 && !agentState.agent.disabled ? agentState.presence : 'offline'
}

function availabilityOf(agentState: AgentState): AgentAvailability {
  return {
    agentId: agentState.agent.agentId,
    presence: effectivePresence(agentState),
    load: agentState.chats.size,
    capacity: agentState.agent.capacity,
    groupIds: agentState.agent.groupIds,
    lastAssignedAt: agentState.lastAssignedAt,
  }
}

function queueItemOf(conversation: ConversationRecord): QueueItem {
  const { routing } = conversation
  return {
    conversationId: conversation.conversationId,
    visitorId: conversation.visitorId,
    vip: conversation.vip,
    groupId: conversation.groupId ?? routing.groupId ?? null,
    agentId: conversation.queueAgentId,
    queuedAt: conversation.queuedAt ?? conversation.createdAt,
  }
}

/** VIPs (and `queueFirst`) first, then first come first served. */
function sortQueue(queue: QueueItem[]): void {
  queue.sort((a, b) => Number(b.vip) - Number(a.vip) || a.queuedAt - b.queuedAt)
}

function positionOf(state: CompanyState, conversationId: string): number | null {
  const index = state.queue.findIndex((q) => q.conversationId === conversationId)
  return index === -1 ? null : index + 1
}

function queueEntries(state: CompanyState): QueueEntry[] {
  return state.queue.map((item, index) => ({ ...item, position: index + 1 }))
}

const CRM_KEYS = ['uname', 'realname', 'tel', 'email', 'qq', 'face', 'remark', 'wechat'] as const
/** Numeric CRM fields, already range-checked by `validateVisitorIdentity`. */
const CRM_NUMBER_KEYS = ['gender', 'age'] as const

function pickCrm(source: object): CrmFields {
  const crm: Record<string, string | number> = {}
  const fields = source as Partial<Record<string, unknown>>
  for (const key of CRM_KEYS) if (typeof fields[key] === 'string' && fields[key]) crm[key] = fields[key] as string
  for (const key of CRM_NUMBER_KEYS) if (typeof fields[key] === 'number') crm[key] = fields[key] as number
  return crm
}

/** Never store what the client claims is clean: cards are validated and their HTML sanitized here. */
function cleanBody(body: OutgoingMessageBody): OutgoingMessageBody {
  if (body.type === 'product' || body.type === 'order') {
    const card = validateCard(body.card)
    return card.type === 'order' ? { type: 'order', card } : { type: 'product', card }
  }
  return body
}
