import type { Logger } from 'pino'
import { KefuError, type CrmFields, type EntryData, type ServerFrame, type TraceEntry, type TraceRecord, type VisitorIdentity, type VisitorProfile } from '@kefu/core'
import { validateVisitorIdentity } from '@kefu/core/identity'
import type { Bus } from '../bus/Bus'
import type { Database, Queryable } from '../db/Database'
import type { Presence } from '../presence/Presence'
import { decryptMetaData, verifyMemberSign } from '../security'
import { TurnBatcher } from '../store/TurnBatcher'
import { PROFILE_TRACES } from '../store/visitorArrivalStore'
import { findVisitor, findVisitors, findVisitorsWithTraces, insertTrace, listTraces, updateVisitor, type VisitorPatch, type VisitorRecord } from '../store/visitorStore'
import type { CompanyCache } from './CompanyCache'
import type { LockedActions } from './LockedActions'
import { Publisher } from './Publisher'
import { trackInfoFromEntry } from './trackInfoFromEntry'

const visitorAction = (visitorId: string, cid: string) => ({ actor: `visitor:${visitorId}`, cid })
const leavingKey = (companyId: string, visitorId: string) => `${companyId}\u0000${visitorId}`

/**
 * A member sign or metaData refused where the company requires them: the stored visitor is unchanged, the
 * connection that sent it gets no chat ("经验证当前用户为非法用户，不予接入客户服务中心").
 */
export class RefusedIdentity extends KefuError {}

/** A visitor as a connection just read it, with the traces agents see of it. */
export interface KnownVisitor {
  readonly visitor: VisitorRecord
  readonly traces: readonly TraceRecord[]
}

/** Visitors: who they are (identity, CRM, entry, trace) and what agents see of them; what their connections are told on arrival is VisitorWelcomes. */
export class VisitorProfiles {
  readonly #db: Database
  readonly #bus: Bus
  readonly #companies: CompanyCache
  readonly #actions: LockedActions
  readonly #presence: Presence
  readonly #now: () => number
  /** The disconnects of one turn of the event loop read their visitors in one statement (issue 12). */
  readonly #current: TurnBatcher<{ companyId: string; visitorId: string }, KnownVisitor | null>
  readonly #log: Logger
  readonly #graceMs: number
  /** Visitors whose last connection closed within the grace period: agents have not been told yet. */
  readonly #leaving = new Map<string, { readonly companyId: string; readonly visitorId: string; readonly timer: ReturnType<typeof setTimeout> }>()
  /** Departures being told to agents now; close() waits for them. */
  readonly #telling = new Set<Promise<void>>()

  constructor(options: {
    db: Database
    bus: Bus
    companies: CompanyCache
    actions: LockedActions
    presence: Presence
    now: () => number
    log: Logger
    /** How long after a visitor's last connection closes agents are told it left (default 3 s). */
    graceMs?: number
  }) {
    this.#log = options.log
    this.#graceMs = options.graceMs ?? 3_000
    this.#db = options.db
    this.#bus = options.bus
    this.#companies = options.companies
    this.#actions = options.actions
    this.#presence = options.presence
    this.#now = options.now
    const db = options.db
    this.#current = new TurnBatcher((asks) => findVisitorsWithTraces(db, asks, PROFILE_TRACES), { maxInFlight: db.kind === 'pglite' ? 1 : 4 })
  }

  /**
   * A returning visitor on another browser (or an updated one): agents see the device they use now.
   * `known` is the visitor as just read, with its traces; resolves with the visitor after.
   */
  async updateUserAgent(known: KnownVisitor, userAgent: string | undefined): Promise<KnownVisitor> {
    if (!userAgent || known.visitor.userAgent === userAgent) return known
    const updated = await updateVisitor(this.#db, known.visitor.companyId, known.visitor.visitorId, { userAgent })
    if (!updated) return known
    const after = { visitor: updated, traces: known.traces }
    await this.publish(updated.companyId, updated.visitorId, after)
    return after
  }

  find(companyId: string, visitorId: string): Promise<VisitorRecord | null> {
    return findVisitor(this.#db, companyId, visitorId)
  }

  /**
   * A visitor connection opened (`delta` 1) or closed (-1); agents see who is online. `known`: the visitor
   * as the connection just read it (with its traces), so that opening one reads nothing more.
   */
  async connection(companyId: string, visitorId: string, delta: 1 | -1, known?: KnownVisitor): Promise<void> {
    if (delta === -1) {
      if ((await this.#presence.visitorDisconnected(companyId, visitorId)) === 0) this.#leaveLater(companyId, visitorId)
      return
    }
    const after = await this.#presence.visitorConnected(companyId, visitorId)
    const key = leavingKey(companyId, visitorId)
    const leaving = this.#leaving.get(key)
    // Back within the grace period (the next page of the shop, a network blip, a restart): agents never
    // heard it leave, so there is nothing to tell them.
    if (leaving) {
      clearTimeout(leaving.timer)
      this.#leaving.delete(key)
    } else if (after === 1) await this.publish(companyId, visitorId, known)
    const visitor = known?.visitor ?? (await findVisitor(this.#db, companyId, visitorId))
    const trackInfo = visitor ? trackInfoFromEntry(visitor.entry) : {}
    if (Object.keys(trackInfo).length) this.#toVisitor(visitorId, { type: 'trackInfo', info: trackInfo })
  }

  /**
   * Agents hear that a visitor left only once its grace period passed without a connection: in a shop
   * whose pages are not one app, every page the visitor opens closes its connection and opens another.
   */
  #leaveLater(companyId: string, visitorId: string): void {
    const key = leavingKey(companyId, visitorId)
    clearTimeout(this.#leaving.get(key)?.timer)
    const timer = setTimeout(() => {
      this.#leaving.delete(key)
      this.#tellLeft(companyId, visitorId)
    }, this.#graceMs)
    timer.unref?.()
    this.#leaving.set(key, { companyId, visitorId, timer })
  }

  /** Tells agents the visitor as it is now (offline, unless it came back through another process). */
  #tellLeft(companyId: string, visitorId: string): void {
    const telling = this.publish(companyId, visitorId).catch((err: unknown) => this.#log.error({ err }, 'telling agents a visitor left failed'))
    this.#telling.add(telling)
    void telling.finally(() => this.#telling.delete(telling))
  }

  /** On shutdown: agents on other processes hear now of the visitors still in their grace period. */
  async close(): Promise<void> {
    for (const { companyId, visitorId, timer } of this.#leaving.values()) {
      clearTimeout(timer)
      this.#tellLeft(companyId, visitorId)
    }
    this.#leaving.clear()
    await Promise.all(this.#telling)
  }

  /** The entry a returning visitor's page sent (merged over the stored one); written only when it changed. */
  async updateEntry(known: KnownVisitor, entry: EntryData): Promise<KnownVisitor> {
    const { companyId, visitorId } = known.visitor
    if (JSON.stringify(known.visitor.entry) === JSON.stringify(entry)) return known
    const updated = await updateVisitor(this.#db, companyId, visitorId, { entry, trackInfo: trackInfoFromEntry(entry) })
    if (!updated) return known
    const after = { visitor: updated, traces: known.traces }
    // Agents already signed in see the new entry (echatTag, the page…) at once, not after a reload.
    await this.publish(companyId, visitorId, after)
    return after
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
      profiles.push({ ...rest, online: online.has(visitor.visitorId), trace: await listTraces(q, visitor.companyId, visitor.visitorId, PROFILE_TRACES) })
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

  /** Tells the company's agents the visitor as it is now (`known`: as just read, with its traces); one query at most. */
  async publish(companyId: string, visitorId: string, known?: KnownVisitor): Promise<void> {
    const current = known ?? (await this.#current.get({ companyId, visitorId }))
    if (!current) return
    const profile = await this.#profileWith(current)
    const out = new Publisher(this.#bus)
    out.toAgents(companyId, { type: 'visitor', visitor: profile })
    out.flush()
  }

  async #profileWith({ visitor, traces }: KnownVisitor): Promise<VisitorProfile> {
    const online = await this.#presence.visitorsOnline(visitor.companyId, [visitor.visitorId])
    const { lastSeq: _lastSeq, unreadCount: _unreadCount, agentReadSeq: _agentReadSeq, ...rest } = visitor
    return { ...rest, online: online.has(visitor.visitorId), trace: [...traces] }
  }

  #toVisitor(visitorId: string, frame: ServerFrame): void {
    const out = new Publisher(this.#bus)
    out.toVisitor(visitorId, frame)
    out.flush()
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
