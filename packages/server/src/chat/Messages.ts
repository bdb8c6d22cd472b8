import { KefuError, type ChatMessage, type OutgoingMessageBody } from '@kefu/core'
import { validateCard } from '@kefu/core/cards'
import { rooms, type Bus } from '../bus/Bus'
import type { Database, Queryable } from '../db/Database'
import type { AgentRecord } from '../store/agentStore'
import type { ConversationLookup } from '../store/ConversationLookup'
import { findOpenConversation, type ConversationRecord } from '../store/conversationStore'
import type { MessageBatcher } from '../store/MessageBatcher'
import { insertMessage, StaleConversationError, type NewMessage } from '../store/messageStore'
import { advanceAgentReadSeq, advanceReadSeq, takePendingRouting } from '../store/visitorStore'
import type { Bot } from './Bot'
import type { CompanyCache } from './CompanyCache'
import type { Conversations } from './Conversations'
import type { LockedActions } from './LockedActions'
import { Publisher } from './Publisher'
import { senderOf } from './Router'

/**
 * The message path: stored (with the next sequence number of the visitor's stream), then published,
 * then acknowledged. A resend with a client id already stored is acknowledged with the stored message
 * and published to nobody. Messages take no routing lock.
 */
export class Messages {
  readonly #db: Database
  readonly #bus: Bus
  readonly #companies: CompanyCache
  readonly #actions: LockedActions
  readonly #conversations: Conversations
  readonly #bot: Bot
  readonly #now: () => number
  readonly #batcher: MessageBatcher
  readonly #lookup: ConversationLookup

  constructor(options: {
    db: Database
    bus: Bus
    companies: CompanyCache
    actions: LockedActions
    conversations: Conversations
    bot: Bot
    now: () => number
    /** Stores the messages written outside a transaction together (group commit). */
    batcher: MessageBatcher
    /** Reads the conversation of each message together with the others' (one query a turn of the event loop). */
    lookup: ConversationLookup
  }) {
    this.#db = options.db
    this.#batcher = options.batcher
    this.#lookup = options.lookup
    this.#bus = options.bus
    this.#companies = options.companies
    this.#actions = options.actions
    this.#conversations = options.conversations
    this.#bot = options.bot
    this.#now = options.now
  }

  /** A visitor's message; a first message starts a chat, as typing into a closed Echat window does. */
  async fromVisitor(companyId: string, visitorId: string, cid: string, body: OutgoingMessageBody): Promise<ChatMessage> {
    const clean = cleanBody(body)
    const agentOnly = clean.type === 'product' && clean.card.visibility === 2
    const { conversation, inserted } = await this.#withFreshConversation(
      (fresh) => this.#lookup.open(companyId, visitorId, { fresh }),
      async (found) => {
        const conversation =
          found ??
          (await this.#actions.run(companyId, { lock: true }, async (ctx) => {
            const open = await findOpenConversation(ctx.tx, companyId, visitorId)
            if (open) return open
            // The routing the window opened with (the page's or link's Sobot type, groupid, …) is used once.
            const routing = await takePendingRouting(ctx.tx, companyId, visitorId)
            return this.#conversations.start(ctx, visitorId, routing)
          })) ??
          null
        const inserted = await this.#batcher.insert({
          companyId,
          visitorId,
          conversationId: conversation?.conversationId ?? null,
          ...(conversation ? { expectedConversation: conversation } : {}),
          clientId: cid,
          sender: 'visitor',
          visibility: agentOnly ? 'agent' : 'both',
          ...(clean.type === 'product' && clean.card.customizeMsgType ? { customizeMsgType: clean.card.customizeMsgType } : {}),
          body: clean,
          activityAt: this.#now(),
          createdAt: this.#now(),
        })
        return { conversation, inserted }
      },
    )
    const { stored, duplicate } = inserted
    if (duplicate) return stored.message
    if (conversation) this.#lookup.remember(conversation)
    const out = new Publisher(this.#bus)
    out.message(companyId, visitorId, conversation, stored.message)
    out.flush()
    if (conversation?.status === 'bot' && clean.type === 'text') await this.#bot.reply(conversation, clean.text)
    return stored.message
  }

  /** An agent's message (`agent` visibility: an internal note). Offline messages after the end go only from the agent who served. */
  async fromAgent(
    companyId: string,
    agentId: string,
    cid: string,
    conversationId: string,
    body: OutgoingMessageBody,
    visibility: 'both' | 'agent' = 'both',
  ): Promise<ChatMessage> {
    const agent = (await this.#companies.get(companyId)).agents.get(agentId)
    if (!agent) throw new KefuError('unauthorized', 'unknown agent')
    const out = new Publisher(this.#bus)
    const { message } = await this.#withFreshConversation(
      (fresh) => this.#lookup.byId(companyId, conversationId, { fresh }),
      async (conversation, fresh) => {
        const serves = conversation && (visibility === 'agent' || conversation.agentId === agentId || agent.role === 'admin')
        // A refusal is decided on the chat as it is now (just accepted or transferred to this agent, say).
        if (!serves && !fresh) throw new StaleConversationError(conversationId)
        if (!conversation) throw new KefuError('not_found', 'no such conversation')
        if (!serves) throw new KefuError('forbidden', 'only the agent serving this chat can message the visitor; accept it first')
        const message = await this.storeFromAgent(this.#db, out, { companyId, agent, visitorId: conversation.visitorId, conversation, cid, body, visibility })
        return { message }
      },
    )
    out.flush()
    return message
  }

  /**
   * Runs `work` with the conversation as remembered (no query for a chat's later messages); when the store
   * finds the conversation changed meanwhile, or `work` will not refuse on a remembered copy
   * (`StaleConversationError`, nothing stored), reads it again and runs `work` again on what it is now.
   */
  async #withFreshConversation<T>(
    find: (fresh: boolean) => Promise<ConversationRecord | null>,
    work: (conversation: ConversationRecord | null, fresh: boolean) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const conversation = await find(attempt > 0)
      try {
        return await work(conversation, attempt > 0)
      } catch (error) {
        // A chat that keeps changing under a sender (more than a few times in a row) is a server error, not a loop.
        if (!(error instanceof StaleConversationError) || attempt >= 4) throw error
      }
    }
  }

  /**
   * Stores an agent's message in the visitor's stream and queues its frames on `out` (the caller flushes
   * them after its commit): the visitor hears it live if connected, else on the next welcome, which resends
   * what came after their last sequence number. A reply to a leave message has no conversation (`null`).
   */
  async storeFromAgent(
    q: Queryable,
    out: Publisher,
    m: {
      companyId: string
      agent: AgentRecord
      visitorId: string
      conversation: ConversationRecord | null
      cid?: string
      body: OutgoingMessageBody
      visibility?: 'both' | 'agent'
    },
  ): Promise<ChatMessage> {
    const clean = cleanBody(m.body)
    const { stored, duplicate, unread } = await this.#insert(q, {
      companyId: m.companyId,
      visitorId: m.visitorId,
      conversationId: m.conversation?.conversationId ?? null,
      ...(m.conversation ? { expectedConversation: m.conversation } : {}),
      ...(m.cid !== undefined ? { clientId: m.cid } : {}),
      sender: 'agent',
      visibility: m.visibility === 'agent' || (clean.type === 'product' && clean.card.visibility === 2) ? 'agent' : 'both',
      ...senderOf(m.agent),
      ...(clean.type === 'product' && clean.card.customizeMsgType ? { customizeMsgType: clean.card.customizeMsgType } : {}),
      body: clean,
      createdAt: this.#now(),
    })
    if (!duplicate) {
      out.message(m.companyId, m.visitorId, m.conversation, stored.message)
      if (unread && stored.message.visibility === 'both') out.toVisitor(m.visitorId, { type: 'unread', ...unread })
    }
    return stored.message
  }

  /** Outside a transaction a message joins the others being stored; inside one it is part of that transaction. */
  #insert(q: Queryable, m: NewMessage) {
    return q === this.#db ? this.#batcher.insert(m) : insertMessage(q, m)
  }

  async markRead(companyId: string, visitorId: string, seq: number): Promise<void> {
    const { readSeq, unread, advanced } = await advanceReadSeq(this.#db, companyId, visitorId, seq)
    this.#bus.publish(rooms.visitor(visitorId), { type: 'unread', count: unread, readSeq })
    // The agents see which of their replies the visitor has read (已读).
    if (advanced) {
      const out = new Publisher(this.#bus)
      out.toAgents(companyId, { type: 'visitorRead', visitorId, seq: readSeq })
      out.flush()
    }
  }

  /** An agent has seen the visitor's messages up to `seq`: the visitor's window shows 已读 on them. */
  async agentRead(companyId: string, visitorId: string, seq: number): Promise<void> {
    const read = await advanceAgentReadSeq(this.#db, companyId, visitorId, seq)
    if (read !== undefined) this.#bus.publish(rooms.visitor(visitorId), { type: 'agentRead', seq: read })
  }

  async visitorTyping(companyId: string, visitorId: string, typing: boolean): Promise<void> {
    // Typing changes nothing stored, so no store can check a remembered chat: read it as it is.
    const open = await this.#lookup.open(companyId, visitorId, { fresh: true })
    if (!open) return
    const out = new Publisher(this.#bus)
    out.toAgentsOf(open, { type: 'typing', conversationId: open.conversationId, typing })
    out.flush()
  }

  async agentTyping(companyId: string, agentId: string, conversationId: string, typing: boolean): Promise<void> {
    const conversation = await this.#lookup.byId(companyId, conversationId, { fresh: true })
    if (conversation?.status !== 'ended' && conversation?.agentId === agentId) this.#bus.publish(rooms.visitor(conversation.visitorId), { type: 'typing', typing })
  }
}

/** Never store what the client claims is clean: cards are validated and their HTML sanitized here. */
function cleanBody(body: OutgoingMessageBody): OutgoingMessageBody {
  if (body.type === 'product' || body.type === 'order') {
    const card = validateCard(body.card)
    return card.type === 'order' ? { type: 'order', card } : { type: 'product', card }
  }
  return body
}
