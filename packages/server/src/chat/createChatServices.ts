import type { Logger } from 'pino'
import type { Bus } from '../bus/Bus'
import type { Database } from '../db/Database'
import { memoryPresence } from '../presence/memoryPresence'
import { ConversationLookup } from '../store/ConversationLookup'
import { MessageBatcher } from '../store/MessageBatcher'
import type { Presence } from '../presence/Presence'
import { AgentSessions } from './AgentSessions'
import { Bot } from './Bot'
import { CompanyAdmin } from './CompanyAdmin'
import { CompanyCache } from './CompanyCache'
import { ConversationLifecycle } from './ConversationLifecycle'
import { Conversations } from './Conversations'
import { LeaveMessages } from './LeaveMessages'
import { LeaveMessageWebhook } from './LeaveMessageWebhook'
import { LockedActions } from './LockedActions'
import { Messages } from './Messages'
import { Router } from './Router'
import { Sweeper } from './Sweeper'
import { VisitorProfiles } from './VisitorProfiles'
import { VisitorWelcomes } from './VisitorWelcomes'

export interface ChatServicesOptions {
  readonly db: Database
  readonly bus: Bus
  readonly log: Logger
  /** Who is connected across the cluster (default: this process only). */
  readonly presence?: Presence
  /** How long an agent whose connections all dropped keeps its chats before they end (reason 5). */
  readonly agentGraceMs?: number
  /** How long after a visitor's last connection closes its agents are told it left (default 3 s). */
  readonly visitorGraceMs?: number
  /** Ended chats shown as `ended` to a returning visitor for this long, then `idle`. */
  readonly endedVisibleMs?: number
  readonly now?: () => number
  /** The start of a recent gap in fan-out (cluster mode), so welcomes resend what was stored since. */
  readonly gapSince?: () => number | undefined
  /** Told how long each visitor waited for an agent (metrics). */
  readonly onAssigned?: (waitedMs: number) => void
  /** How long a leave-message webhook request may take (default 5 s). */
  readonly webhookTimeoutMs?: number
}

/** The chat domain, one service per concern; the sockets and the REST API call these. */
export interface ChatServices {
  readonly companies: CompanyCache
  readonly admin: CompanyAdmin
  readonly visitors: VisitorProfiles
  /** What visitor connections are told on arrival, and the pages of history they ask for. */
  readonly welcomes: VisitorWelcomes
  readonly conversations: Conversations
  readonly messages: Messages
  readonly leaveMessages: LeaveMessages
  /** Webhook requests under way: `settled()` waits for them. */
  readonly webhook: LeaveMessageWebhook
  readonly agents: AgentSessions
  readonly sweeper: Sweeper
  readonly presence: Presence
  close(): Promise<void>
}

export function createChatServices(options: ChatServicesOptions): ChatServices {
  const { db, bus, log } = options
  const now = options.now ?? Date.now
  const presence = options.presence ?? memoryPresence()
  const companies = new CompanyCache(db, bus)
  const actions = new LockedActions({ db, bus, companies, now })
  const lifecycle = new ConversationLifecycle()
  const router = new Router({ lifecycle, presence, ...(options.onAssigned ? { onAssigned: options.onAssigned } : {}) })
  const bot = new Bot({ lifecycle, router, actions, companies })
  const conversations = new Conversations({ actions, lifecycle, router, bot, presence })
  const visitors = new VisitorProfiles({ db, bus, companies, actions, presence, now, log, ...(options.visitorGraceMs !== undefined ? { graceMs: options.visitorGraceMs } : {}) })
  const welcomes = new VisitorWelcomes({ db, companies, presence, now, ...(options.endedVisibleMs ? { endedVisibleMs: options.endedVisibleMs } : {}), ...(options.gapSince ? { gapSince: options.gapSince } : {}) })
  const messages = new Messages({ db, bus, companies, actions, conversations, bot, now, batcher: new MessageBatcher(db), lookup: new ConversationLookup(db) })
  const webhook = new LeaveMessageWebhook({ log, now, ...(options.webhookTimeoutMs !== undefined ? { timeoutMs: options.webhookTimeoutMs } : {}) })
  const leaveMessages = new LeaveMessages({ db, log, companies, actions, messages, visitors, webhook })
  const agents = new AgentSessions({ actions, companies, router, visitors, presence, log, ...(options.agentGraceMs !== undefined ? { graceMs: options.agentGraceMs } : {}) })
  const stopDepartures = presence.onDeparture((departure) => {
    // Another process died: its agents' chats follow the rules of an agent who left, its visitors go offline.
    for (const { companyId, agentId, connections } of departure.agents) {
      if (connections === 0) agents.left(companyId, agentId).catch((err: unknown) => log.error({ err }, 'an agent of a dead process'))
    }
    for (const { companyId, visitorId, connections } of departure.visitors) {
      if (connections === 0) visitors.publish(companyId, visitorId).catch((err: unknown) => log.error({ err }, 'a visitor of a dead process'))
    }
  })
  return {
    companies,
    admin: new CompanyAdmin({ db, companies, actions, router }),
    visitors,
    welcomes,
    conversations,
    messages,
    leaveMessages,
    webhook,
    agents,
    sweeper: new Sweeper({ db, companies, actions, router, log, now }),
    presence,
    async close() {
      stopDepartures()
      agents.close()
      await visitors.close()
      companies.close()
      if (!options.presence) await presence.close()
      // Bounded by the webhook timeout: a receiver hears of what was stored before the shutdown.
      await webhook.settled()
    },
  }
}
