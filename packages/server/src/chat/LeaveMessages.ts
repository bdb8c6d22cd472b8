import { KefuError, ValidationError, type LeaveMessageInput, type LeaveMessageRecord, type LeaveMessageStatus } from '@kefu/core'
import type { Logger } from 'pino'
import type { Database } from '../db/Database'
import { findAgent } from '../store/agentStore'
import { findGroup } from '../store/groupStore'
import { findLeaveMessage, insertLeaveMessage, insertLeaveMessageReply, listLeaveMessages, updateLeaveMessage, type LeaveMessagePatch } from '../store/leaveMessageStore'
import { findVisitor, updateVisitor } from '../store/visitorStore'
import type { CompanyCache } from './CompanyCache'
import { crmFromLeaveMessage } from './crmFromLeaveMessage'
import type { LeaveMessageWebhook } from './LeaveMessageWebhook'
import type { ActionContext, LockedActions } from './LockedActions'
import type { Messages } from './Messages'
import type { VisitorProfiles } from './VisitorProfiles'

/** What an agent may change of a leave message. */
export interface LeaveMessageChange {
  readonly status?: LeaveMessageStatus
  readonly assigneeId?: string | null
}

/**
 * Offline messages as a workflow: left by a visitor (their contact details fill the empty fields of their
 * profile), then taken by an agent (status, assignee) and answered. A reply is an agent message in the
 * visitor's own stream, so it reaches them live or on their next visit like any other; the company's
 * webhook hears of new messages and replies.
 */
export class LeaveMessages {
  readonly #db: Database
  readonly #log: Logger
  readonly #companies: CompanyCache
  readonly #actions: LockedActions
  readonly #messages: Messages
  readonly #visitors: VisitorProfiles
  readonly #webhook: LeaveMessageWebhook

  constructor(options: {
    db: Database
    log: Logger
    companies: CompanyCache
    actions: LockedActions
    messages: Messages
    visitors: VisitorProfiles
    webhook: LeaveMessageWebhook
  }) {
    this.#db = options.db
    this.#log = options.log
    this.#companies = options.companies
    this.#actions = options.actions
    this.#messages = options.messages
    this.#visitors = options.visitors
    this.#webhook = options.webhook
  }

  list(companyId: string): Promise<LeaveMessageRecord[]> {
    return listLeaveMessages(this.#db, companyId)
  }

  /**
   * Stores a leave message (its frame schema has checked sizes and the http(s) card links) and tells
   * the agents. `source` is stored as a string. A `groupId` the company does not have (a stale or
   * mistyped Sobot `groupid` link) does not refuse the message — the visitor's words matter more —
   * but it is stored as null, with a warning in the log, so no agent filters by a group that is not there.
   */
  async leave(companyId: string, visitorId: string, cid: string, input: LeaveMessageInput): Promise<void> {
    const record = await this.#actions.run(companyId, { id: { actor: `visitor:${visitorId}`, cid }, lock: false }, async ({ tx, out, now }) => {
      const { groupId, source, ...rest } = input
      const known = groupId !== undefined && (await findGroup(tx, companyId, groupId)) !== null
      if (groupId !== undefined && !known) {
        this.#log.warn({ companyId, visitorId, groupId }, 'a leave message named a group the company does not have; stored without a group')
      }
      const record = await insertLeaveMessage(tx, companyId, visitorId, {
        ...rest,
        groupId: known ? groupId : null,
        ...(source !== undefined ? { source: String(source) } : {}),
        createdAt: now,
      })
      const visitor = await findVisitor(tx, companyId, visitorId)
      const fill = visitor ? crmFromLeaveMessage(visitor.crm, record) : {}
      if (visitor && Object.keys(fill).length) {
        const updated = await updateVisitor(tx, companyId, visitorId, { crm: { ...visitor.crm, ...fill } })
        if (updated) out.toAgents(companyId, { type: 'visitor', visitor: await this.#visitors.profile(tx, updated) })
      }
      out.toAgents(companyId, { type: 'leaveMessage', leaveMessage: record })
      return record
    })
    // Undefined: a resend of a message already stored, whose webhook has gone already.
    if (record) this.#webhook.send((await this.#companies.get(companyId)).company, { event: 'leaveMessage.created', leaveMessage: record })
  }

  /** Changes status and assignee; closing a message (`done`) marks it handled, as reports count it. */
  async update(companyId: string, id: string, change: LeaveMessageChange): Promise<LeaveMessageRecord> {
    return (await this.#actions.run(companyId, { lock: false }, async (ctx) => {
      const { tx, now } = ctx
      if (change.assigneeId) await this.#checkAssignee(ctx, change.assigneeId)
      const patch: LeaveMessagePatch = {
        ...(change.status !== undefined ? { status: change.status } : {}),
        ...(change.assigneeId !== undefined ? { assigneeId: change.assigneeId } : {}),
        ...(change.status === 'done' ? { handledAt: now } : {}),
      }
      if (!(await updateLeaveMessage(tx, companyId, id, patch))) throw new KefuError('not_found', 'no such leave message')
      return this.#published(ctx, id)
    }))!
  }

  /**
   * An agent's answer: stored with the message and sent into the visitor's chat as the agent's message.
   * A message still `new` becomes `open`; the first answer marks it handled.
   */
  async reply(companyId: string, agentId: string, id: string, text: string): Promise<LeaveMessageRecord> {
    const { record, reply } = (await this.#actions.run(companyId, { lock: false }, async (ctx) => {
      const { tx, out, now } = ctx
      const message = await findLeaveMessage(tx, companyId, id)
      if (!message) throw new KefuError('not_found', 'no such leave message')
      const agent = await findAgent(tx, companyId, agentId)
      if (!agent) throw new KefuError('unauthorized', 'unknown agent')
      const sent = await this.#messages.storeFromAgent(tx, out, { companyId, agent, visitorId: message.visitorId, conversation: null, body: { type: 'text', text } })
      const reply = await insertLeaveMessageReply(tx, companyId, { leaveMessageId: id, agentId, agentName: agent.name, text, messageId: sent.id, createdAt: now })
      await updateLeaveMessage(tx, companyId, id, { ...(message.status === 'new' ? { status: 'open' as const } : {}), handledAt: now })
      return { record: await this.#published(ctx, id), reply }
    }))!
    this.#webhook.send((await this.#companies.get(companyId)).company, { event: 'leaveMessage.replied', leaveMessage: record, reply })
    return record
  }

  /** An assignee is an agent of the same company; anything else is the caller's mistake (400), not a lookup. */
  async #checkAssignee({ tx, companyId }: ActionContext, assigneeId: string): Promise<void> {
    const agent = await findAgent(tx, companyId, assigneeId)
    if (!agent || agent.disabled) throw new ValidationError('invalid_argument', [{ path: 'assigneeId', message: 'not an agent of this company' }])
  }

  /** The message as it is now, told to the company's agents after the commit. */
  async #published({ tx, out, companyId }: ActionContext, id: string): Promise<LeaveMessageRecord> {
    const record = (await findLeaveMessage(tx, companyId, id))!
    out.toAgents(companyId, { type: 'leaveMessage', leaveMessage: record })
    return record
  }
}
