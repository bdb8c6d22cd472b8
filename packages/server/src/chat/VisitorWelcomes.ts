import { KefuError, type ChatMessage, type ChatStatus, type EntryData, type ServerFrame } from '@kefu/core'
import type { Database } from '../db/Database'
import type { Presence } from '../presence/Presence'
import { HISTORY_PAGE_MAX } from '../realtime/frameSchemas'
import type { ConversationRecord } from '../store/conversationStore'
import { listMessages, type StoredMessage } from '../store/messageStore'
import { TurnBatcher } from '../store/TurnBatcher'
import { insertVisitorArrivals, readVisitorArrivals, type ArrivalAsk, type NewVisitor, type VisitorArrival } from '../store/visitorArrivalStore'
import type { CompanyCache, CompanyView } from './CompanyCache'
import { staffOf } from './ConversationLifecycle'
import { newId } from '../domain/ids'
import { effectivePresence } from './Router'

/** How long a message may take to reach a client through another process, generously. */
const IN_FLIGHT_MS = 10_000
/** Messages a welcome carries at most: the rest of a long gap comes a page at a time (`history`). */
const WELCOME_PAGE = 100
/** A `history` request's page when it names no `limit`. */
const HISTORY_PAGE_DEFAULT = 50

/** Echat's `ended` status lingers for a day, then a returning visitor starts afresh. */
const ENDED_VISIBLE_MS = 24 * 60 * 60 * 1000

/** What a visitor connection is told on arrival (`welcome`), and the pages of its stream it asks for later. */
export class VisitorWelcomes {
  readonly #db: Database
  readonly #companies: CompanyCache
  readonly #presence: Presence
  readonly #now: () => number
  readonly #endedVisibleMs: number
  readonly #gapSince: () => number | undefined
  /** The connects of one turn of the event loop share a statement (issue 12: 10,000 reconnects at once). */
  readonly #arrivals: TurnBatcher<ArrivalAsk, VisitorArrival | null>
  readonly #newVisitors: TurnBatcher<NewVisitor, VisitorArrival | null>

  constructor(options: {
    db: Database
    companies: CompanyCache
    presence: Presence
    now: () => number
    endedVisibleMs?: number
    /** The start of a recent gap in fan-out, if any: a welcome resends what was stored since. */
    gapSince?: () => number | undefined
  }) {
    this.#db = options.db
    this.#companies = options.companies
    this.#presence = options.presence
    this.#now = options.now
    this.#endedVisibleMs = options.endedVisibleMs ?? ENDED_VISIBLE_MS
    this.#gapSince = options.gapSince ?? (() => undefined)
    const db = options.db
    const batching = { maxInFlight: db.kind === 'pglite' ? 1 : 4 }
    this.#arrivals = new TurnBatcher((asks) => readVisitorArrivals(db, asks), batching)
    this.#newVisitors = new TurnBatcher((visitors) => insertVisitorArrivals(db, visitors), batching)
  }

  /**
   * What the welcome of a connection that holds messages up to `lastSeq` reads (one statement, shared with
   * the other connects of the same moment); null for an unknown visitor.
   */
  arrival(companyId: string, visitorId: string, lastSeq: number): Promise<VisitorArrival | null> {
    return this.#arrivals.get({ companyId, visitorId, lastSeq })
  }

  /**
   * A new visitor (`entry`: what its page sent; `userAgent`: its browser) stored, with what its welcome needs:
   * one statement, shared with the other connects of the same moment.
   */
  async arriveNew(companyId: string, entry: EntryData, userAgent?: string): Promise<VisitorArrival> {
    const arrival = await this.#newVisitors.get({ id: newId('v'), companyId, entry, ...(userAgent ? { userAgent } : {}) })
    if (!arrival) throw new KefuError('not_found', `no company "${companyId}"`)
    return arrival
  }

  /**
   * The `welcome` a visitor connection gets, with the first page of what it missed; `backlogAfter` says
   * where the rest begins when a page was not enough (the connection sends it on with `backlog`).
   */
  async welcome(arrival: VisitorArrival, lastSeq: number, visitorToken: string): Promise<{ frame: Extract<ServerFrame, { type: 'welcome' }>; backlogAfter: number | undefined }> {
    const { visitor, conversation: latest } = arrival
    const { companyId, visitorId } = visitor
    const view = await this.#companies.get(companyId)
    const open = latest && latest.status !== 'ended' ? latest : null
    const [{ messages, hasEarlier, backlogAfter }, agentsOnline] = await Promise.all([this.#resync(arrival, lastSeq), this.#agentsOnline(view, arrival)])
    const frame: Extract<ServerFrame, { type: 'welcome' }> = {
      type: 'welcome',
      v: 1,
      visitorId,
      visitorToken,
      companyName: view.company.name,
      status: this.#statusOf(latest),
      queuePosition: open?.status === 'waiting' ? open.queuePosition : null,
      staff: open?.status === 'chatting' ? staffOf(view, open.agentId, open.conversationId) : null,
      agentsOnline,
      unread: visitor.unreadCount,
      readSeq: visitor.readSeq,
      messages: messages.map((m) => m.message),
      ...(hasEarlier ? { hasEarlier } : {}),
      evaluation: latest && (open || this.#recentlyEnded(latest)) ? latest.evaluation : null,
      agentReadSeq: visitor.agentReadSeq,
      ...(view.company.settings.brandColor ? { themeColor: view.company.settings.brandColor } : {}),
    }
    return { frame, backlogAfter }
  }

  /** Whether an enabled agent is online: its chosen presence (stored) while it has a connection (Presence). */
  async #agentsOnline(view: CompanyView, arrival: VisitorArrival): Promise<boolean> {
    const connections = await this.#presence.agentConnections(view.company.id)
    for (const agent of view.agents.values()) {
      const chosen = arrival.agentPresence.get(agent.agentId)
      if (chosen && effectivePresence(agent, chosen, connections.get(agent.agentId) ?? 0) === 'online') return true
    }
    return false
  }

  /**
   * What a welcome carries: on a first connection the newest page of history; after a gap, the oldest
   * page after `lastSeq` (the rest follows, `backlogAfter`), with what was stored shortly before it or
   * since a fan-out gap began, which may not have reached the client: with several processes, a client
   * can hold a later message (its own, acknowledged) while an earlier one from another process was still
   * on its way when the connection dropped. Clients merge by sequence number, so what they already have
   * is harmless. Queries that would find nothing (the arrival says so) are not made.
   */
  async #resync(arrival: VisitorArrival, lastSeq: number): Promise<{ messages: StoredMessage[]; hasEarlier: boolean; backlogAfter: number | undefined }> {
    const { companyId, visitorId, lastSeq: storedSeq } = arrival.visitor
    if (lastSeq === 0) {
      if (!arrival.hasVisibleMessages) return { messages: [], hasEarlier: false, backlogAfter: undefined }
      const newest = await listMessages(this.#db, companyId, visitorId, { visibleOnly: true, limit: WELCOME_PAGE + 1 })
      return { messages: newest.slice(-WELCOME_PAGE), hasEarlier: newest.length > WELCOME_PAGE, backlogAfter: undefined }
    }
    // Nothing was stored after `lastSeq` when the arrival was read: no page to look for.
    const page = storedSeq > lastSeq ? await listMessages(this.#db, companyId, visitorId, { afterSeq: lastSeq, visibleOnly: true, oldestFirst: true, limit: WELCOME_PAGE + 1 }) : []
    const after = page.slice(0, WELCOME_PAGE)
    const backlogAfter = page.length > WELCOME_PAGE ? after.at(-1)!.message.seq! : undefined
    const gap = this.#gapSince()
    const since = Math.min(arrival.lastMessageAt !== undefined ? arrival.lastMessageAt - IN_FLIGHT_MS : Infinity, gap ?? Infinity)
    if (since === Infinity) return { messages: after, hasEarlier: false, backlogAfter }
    const before = await listMessages(this.#db, companyId, visitorId, { since, beforeSeq: lastSeq + 1, visibleOnly: true })
    return { messages: [...before, ...after], hasEarlier: false, backlogAfter }
  }

  /** The next page of a long gap after `afterSeq`, oldest first; empty once it is all sent. */
  async backlog(companyId: string, visitorId: string, afterSeq: number): Promise<ChatMessage[]> {
    return (await listMessages(this.#db, companyId, visitorId, { afterSeq, visibleOnly: true, oldestFirst: true, limit: WELCOME_PAGE })).map((m) => m.message)
  }

  /** A page of older visible messages before `beforeSeq` (`history` frames), and whether there are more. */
  async history(companyId: string, visitorId: string, request: { beforeSeq: number; limit?: number }): Promise<{ messages: ChatMessage[]; more: boolean }> {
    const limit = Math.min(request.limit ?? HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX)
    const page = await listMessages(this.#db, companyId, visitorId, { visibleOnly: true, limit: limit + 1, beforeSeq: request.beforeSeq })
    const more = page.length > limit
    return { messages: (more ? page.slice(1) : page).map((m) => m.message), more }
  }

  #recentlyEnded(conversation: ConversationRecord): boolean {
    return conversation.status === 'ended' && this.#now() - (conversation.endedAt ?? 0) < this.#endedVisibleMs
  }

  #statusOf(conversation: ConversationRecord | null): ChatStatus {
    if (!conversation) return { name: 'idle' }
    if (conversation.status !== 'ended') return { name: conversation.status }
    return this.#recentlyEnded(conversation) ? { name: 'ended', reason: conversation.endReason ?? 0, needsEvaluation: conversation.needsEvaluation } : { name: 'idle' }
  }
}
