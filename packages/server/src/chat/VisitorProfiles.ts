import { KefuError, type ChatMessage, type ChatStatus, type CrmFields, type EntryData, type ServerFrame, type TraceEntry, type VisitorIdentity, type VisitorProfile } from '@kefu/core'
import { validateVisitorIdentity } from '@kefu/core/identity'
import type { Bus } from '../bus/Bus'
import type { Database, Queryable } from '../db/Database'
import { newId } from '../domain/ids'
import type { Presence } from '../presence/Presence'
import { decryptMetaData, verifyMemberSign } from '../security'
import { findOpenConversation, latestConversation, type ConversationRecord } from '../store/conversationStore'
import { listMessages, type StoredMessage } from '../store/messageStore'
import { findVisitor, findVisitors, insertTrace, insertVisitor, listTraces, updateVisitor, type VisitorPatch, type VisitorRecord } from '../store/visitorStore'
import type { CompanyCache } from './CompanyCache'
import { staffOf } from './ConversationLifecycle'
import type { LockedActions } from './LockedActions'
import { Publisher } from './Publisher'
import type { Router } from './Router'
import { HISTORY_PAGE_MAX } from '../realtime/frameSchemas'
import { trackInfoFromEntry } from './trackInfoFromEntry'

/** How long a message may take to reach a client through another process, generously. */
const IN_FLIGHT_MS = 10_000
/** Messages a welcome carries at most: the rest of a long gap comes a page at a time (`history`). */
const WELCOME_PAGE = 100
/** A `history` request's page when it names no `limit`. */
const HISTORY_PAGE_DEFAULT = 50

/** Echat's `ended` status lingers for a day, then a returning visitor starts afresh. */
const ENDED_VISIBLE_MS = 24 * 60 * 60 * 1000

const visitorAction = (visitorId: string, cid: string) => ({ actor: `visitor:${visitorId}`, cid })

/**
 * A member sign or metaData refused where the company requires them: the stored visitor is unchanged, the
 * connection that sent it gets no chat ("经验证当前用户为非法用户，不予接入客户服务中心").
 */
export class RefusedIdentity extends KefuError {}

/** Visitors: who they are (identity, CRM, entry, trace), what their connections are told on arrival, what agents see of them. */
export class VisitorProfiles {
  readonly #db: Database
  readonly #bus: Bus
  readonly #companies: CompanyCache
  readonly #actions: LockedActions
  readonly #router: Router
  readonly #presence: Presence
  readonly #now: () => number
  readonly #endedVisibleMs: number
  readonly #gapSince: () => number | undefined

  constructor(options: {
    db: Database
    bus: Bus
    companies: CompanyCache
    actions: LockedActions
    router: Router
    presence: Presence
    now: () => number
    endedVisibleMs?: number
    /** The start of a recent gap in fan-out, if any: a welcome resends what was stored since. */
    gapSince?: () => number | undefined
  }) {
    this.#db = options.db
    this.#bus = options.bus
    this.#companies = options.companies
    this.#actions = options.actions
    this.#router = options.router
    this.#presence = options.presence
    this.#now = options.now
    this.#endedVisibleMs = options.endedVisibleMs ?? ENDED_VISIBLE_MS
    this.#gapSince = options.gapSince ?? (() => undefined)
  }

  async create(companyId: string, entry: EntryData, userAgent?: string): Promise<VisitorRecord> {
    await this.#companies.get(companyId)
    return insertVisitor(this.#db, { id: newId('v'), companyId, entry, ...(userAgent ? { userAgent } : {}) })
  }

  /** A returning visitor on another browser (or an updated one): agents see the device they use now. */
  async updateUserAgent(visitor: VisitorRecord, userAgent: string | undefined): Promise<void> {
    if (!userAgent || visitor.userAgent === userAgent) return
    await updateVisitor(this.#db, visitor.companyId, visitor.visitorId, { userAgent })
    await this.publish(visitor.companyId, visitor.visitorId)
  }

  find(companyId: string, visitorId: string): Promise<VisitorRecord | null> {
    return findVisitor(this.#db, companyId, visitorId)
  }

  /** The `welcome` a visitor connection gets, with everything after `lastSeq`: the resync after any gap. */
  /**
   * The `welcome` a visitor connection gets, with the first page of what it missed; `backlogAfter` says
   * where the rest begins when a page was not enough (the connection sends it on with `backlog`).
   */
  async welcome(visitor: VisitorRecord, lastSeq: number, visitorToken: string): Promise<{ frame: Extract<ServerFrame, { type: 'welcome' }>; backlogAfter: number | undefined }> {
    const { companyId, visitorId } = visitor
    const view = await this.#companies.get(companyId)
    const open = await findOpenConversation(this.#db, companyId, visitorId)
    const latest = open ?? (await latestConversation(this.#db, companyId, visitorId))
    const [{ messages, hasEarlier, backlogAfter }, agents] = await Promise.all([
      this.#resync(companyId, visitorId, lastSeq),
      this.#router.availability({ tx: this.#db, view, companyId }),
    ])
    const frame: Extract<ServerFrame, { type: 'welcome' }> = {
      type: 'welcome',
      v: 1,
      visitorId,
      visitorToken,
      companyName: view.company.name,
      status: this.#statusOf(latest),
      queuePosition: open?.status === 'waiting' ? open.queuePosition : null,
      staff: open?.status === 'chatting' ? staffOf(view, open.agentId, open.conversationId) : null,
      agentsOnline: agents.some((a) => a.presence === 'online'),
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

  /**
   * Everything after `lastSeq`, and also what was stored shortly before it: with several processes, a
   * client can hold a later message (its own, acknowledged) while an earlier one from another process
   * was still on its way when the connection dropped; after a gap in fan-out, everything since the gap.
   * Clients merge by sequence number, so what they already have is harmless.
   */
  /**
   * What a welcome carries: on a first connection the newest page of history; after a gap, the oldest
   * page after `lastSeq` (the rest follows, `backlogAfter`), with what was stored shortly before it or
   * since a fan-out gap began, which may not have reached the client.
   */
  async #resync(companyId: string, visitorId: string, lastSeq: number): Promise<{ messages: StoredMessage[]; hasEarlier: boolean; backlogAfter: number | undefined }> {
    if (lastSeq === 0) {
      const newest = await listMessages(this.#db, companyId, visitorId, { visibleOnly: true, limit: WELCOME_PAGE + 1 })
      return { messages: newest.slice(-WELCOME_PAGE), hasEarlier: newest.length > WELCOME_PAGE, backlogAfter: undefined }
    }
    const page = await listMessages(this.#db, companyId, visitorId, { afterSeq: lastSeq, visibleOnly: true, oldestFirst: true, limit: WELCOME_PAGE + 1 })
    const after = page.slice(0, WELCOME_PAGE)
    const backlogAfter = page.length > WELCOME_PAGE ? after.at(-1)!.message.seq! : undefined
    const [last] = await listMessages(this.#db, companyId, visitorId, { afterSeq: lastSeq - 1, beforeSeq: lastSeq + 1 })
    const gap = this.#gapSince()
    const since = Math.min(last ? last.message.createdAt - IN_FLIGHT_MS : Infinity, gap ?? Infinity)
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

  /** A visitor connection opened (`delta` 1) or closed (-1); agents see who is online. */
  async connection(companyId: string, visitorId: string, delta: 1 | -1): Promise<void> {
    const after = delta === 1 ? await this.#presence.visitorConnected(companyId, visitorId) : await this.#presence.visitorDisconnected(companyId, visitorId)
    if (after === (delta === 1 ? 1 : 0)) await this.publish(companyId, visitorId)
    if (delta === 1) {
      const visitor = await findVisitor(this.#db, companyId, visitorId)
      const trackInfo = visitor ? trackInfoFromEntry(visitor.entry) : {}
      if (Object.keys(trackInfo).length) this.#toVisitor(visitorId, { type: 'trackInfo', info: trackInfo })
    }
  }

  async updateEntry(companyId: string, visitorId: string, entry: EntryData): Promise<void> {
    const before = await findVisitor(this.#db, companyId, visitorId)
    if (before && JSON.stringify(before.entry) === JSON.stringify(entry)) return
    await updateVisitor(this.#db, companyId, visitorId, { entry, trackInfo: trackInfoFromEntry(entry) })
    // Agents already signed in see the new entry (echatTag, the page…) at once, not after a reload.
    await this.publish(companyId, visitorId)
  }

  /**
   * CRM data and member identity; `partnerid` + `sign` or `metaData` verify a member. Resolves true when
   * the store's sign or metaData verified the member.
   *
   * @throws RefusedIdentity when a sign or metaData is refused in a company that requires member signs:
   * the connection that sent it is refused a chat (Sobot 安全密钥), while the visitor as stored — a member
   * verified earlier keeps its partnerid, name and verified status — is left as it was.
   */
  async identify(companyId: string, visitorId: string, cid: string, input: VisitorIdentity): Promise<boolean> {
    const identity = validateVisitorIdentity(input)
    const { company } = await this.#companies.get(companyId)
    const patch: { -readonly [K in keyof VisitorPatch]: VisitorPatch[K] } = {}
    // Sobot 安全密钥: a sign that does not match (or has expired) is refused. It never changes the stored
    // visitor (issue 11.2/11.7): an old link or a forged one must not sign a verified member out, nor rename
    // it. Where the company requires signs, the connection that sent it gets no chat (see visitorSocket).
    const refuse = (error: unknown): never => {
      if (!company.settings.requireMemberSign) throw error
      const { code, message, details } = error instanceof KefuError ? error : new KefuError('unauthorized', String(error))
      throw new RefusedIdentity(code, message, details)
    }
    // What the store signed (metaData) is applied last, so fields sent beside it in the clear cannot override it.
    let member: ReturnType<typeof decryptMetaData> | undefined
    try {
      member = identity.metaData ? decryptMetaData(identity.metaData, company.metaKey) : undefined
    } catch (error) {
      return refuse(error)
    }
    if (!member && identity.partnerid && identity.sign) {
      let proof
      try {
        // `requireHmacSign`: the Sobot MD5 form is refused, only HMAC-SHA256 verifies a member.
        proof = verifyMemberSign(
          {
            sysnum: company.id,
            key: company.signKey,
            partnerid: identity.partnerid,
            sign: identity.sign,
            ...(identity.timestamp !== undefined ? { timestamp: identity.timestamp } : {}),
          },
          {
            allowMd5: !company.settings.requireHmacSign,
            requireTimestamp: company.settings.requireSignTimestamp,
            maxAgeSeconds: company.settings.memberSignMaxAgeSeconds,
            now: this.#now(),
          },
        )
      } catch (error) {
        return refuse(error)
      }
      patch.partnerid = identity.partnerid
      patch.verifiedBy = proof === 'md5' ? 'sign-md5' : 'sign-hmac'
    } else if (!member && identity.partnerid) {
      // Refused without undoing an earlier verification: a link without a sign must not sign a member out.
      if (company.settings.requireMemberSign) throw new KefuError('unauthorized', 'partnerid needs a sign: this company verifies members')
      patch.partnerid = identity.partnerid
      patch.verifiedBy = null
    }
    await this.#actions.run(companyId, { id: visitorAction(visitorId, cid), lock: false }, async ({ tx, out }) => {
      const visitor = await findVisitor(tx, companyId, visitorId)
      if (!visitor) throw new KefuError('not_found', 'unknown visitor')
      // A verified member is changed only by what the store signed: an unsigned identity (a link anyone can
      // make) may add to it, never replace its partnerid or fields, nor drop its verified status.
      const proven = !!member || !!patch.verifiedBy
      if (visitor.verifiedBy && !proven) {
        const replaced = Object.entries(pickCrm(identity)).filter(([key, value]) => {
          const current = visitor.crm[key as keyof CrmFields]
          return current !== undefined && current !== value
        })
        if ((identity.partnerid !== undefined && identity.partnerid !== visitor.partnerid) || replaced.length) {
          throw new KefuError('forbidden', 'this visitor is a verified member: only the store’s sign or metaData can change who they are')
        }
        delete patch.partnerid
        delete patch.verifiedBy
      }
      const crm = { ...pickCrm(identity), ...(member ? pickCrm(member) : {}) }
      if (Object.keys(crm).length) patch.crm = { ...visitor.crm, ...crm }
      if (identity.params) patch.params = { ...visitor.params, ...identity.params }
      if (identity.customer_fields) patch.customerFields = { ...visitor.customerFields, ...identity.customer_fields }
      // A VIP jumps the queue: only what the store signed (metaData, below) says so, unless the company
      // trusts the page's own word.
      if (identity.is_vip !== undefined && company.settings.trustUnsignedVip) patch.isVip = identity.is_vip === 1
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
      const updated = await updateVisitor(tx, companyId, visitorId, patch)
      if (updated) out.toAgents(companyId, { type: 'visitor', visitor: await this.profile(tx, updated) })
    })
    return !!member || !!patch.verifiedBy
  }

  /** An agent edits the visitor's CRM fields. */
  async updateCrm(companyId: string, agentId: string, cid: string, visitorId: string, crm: CrmFields): Promise<void> {
    await this.#actions.run(companyId, { id: { actor: `agent:${agentId}`, cid }, lock: false }, async ({ tx, out }) => {
      const visitor = await findVisitor(tx, companyId, visitorId)
      if (!visitor) throw new KefuError('not_found', 'no such visitor')
      const updated = await updateVisitor(tx, companyId, visitorId, { crm: { ...visitor.crm, ...crm } })
      if (updated) out.toAgents(companyId, { type: 'visitor', visitor: await this.profile(tx, updated) })
    })
  }

  async trace(companyId: string, visitorId: string, cid: string, trace: TraceEntry): Promise<void> {
    await this.#actions.run(companyId, { id: visitorAction(visitorId, cid), lock: false }, async ({ tx, out }) => {
      await insertTrace(tx, companyId, visitorId, trace)
      const visitor = await findVisitor(tx, companyId, visitorId)
      if (visitor) out.toAgents(companyId, { type: 'visitor', visitor: await this.profile(tx, visitor) })
    })
  }

  /** A visitor as agents see it: the stored profile, whether it is online anywhere, its latest trace. */
  async profile(q: Queryable, visitor: VisitorRecord): Promise<VisitorProfile> {
    return (await this.profiles(q, [visitor]))[0]!
  }

  async profiles(q: Queryable, visitors: readonly VisitorRecord[]): Promise<VisitorProfile[]> {
    if (visitors.length === 0) return []
    const online = await this.#presence.visitorsOnline(visitors[0]!.companyId, visitors.map((v) => v.visitorId))
    const profiles: VisitorProfile[] = []
    for (const visitor of visitors) {
      const { lastSeq: _lastSeq, unreadCount: _unreadCount, agentReadSeq: _agentReadSeq, ...rest } = visitor
      profiles.push({ ...rest, online: online.has(visitor.visitorId), trace: await listTraces(q, visitor.companyId, visitor.visitorId, 20) })
    }
    return profiles
  }

  async profilesOf(q: Queryable, companyId: string, visitorIds: readonly string[]): Promise<VisitorProfile[]> {
    return this.profiles(q, await findVisitors(q, companyId, visitorIds))
  }

  /** Visitor profiles for the REST API. */
  async profileOf(companyId: string, visitorId: string): Promise<VisitorProfile | null> {
    const visitor = await findVisitor(this.#db, companyId, visitorId)
    return visitor ? this.profile(this.#db, visitor) : null
  }

  /** Tells the company's agents the visitor as it is now. */
  async publish(companyId: string, visitorId: string): Promise<void> {
    const visitor = await findVisitor(this.#db, companyId, visitorId)
    if (!visitor) return
    const out = new Publisher(this.#bus)
    out.toAgents(companyId, { type: 'visitor', visitor: await this.profile(this.#db, visitor) })
    out.flush()
  }

  #toVisitor(visitorId: string, frame: ServerFrame): void {
    const out = new Publisher(this.#bus)
    out.toVisitor(visitorId, frame)
    out.flush()
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
