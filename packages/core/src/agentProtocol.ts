import type { EndReason } from './chatStatus'
import type { ChatMessage, OutgoingMessageBody } from './message'
import type { EntryData, ErrorFrame, EvaluationRecord, LeaveMessageFields, RoutingRequest, TraceEntry, TrackInfo } from './protocol'
import type { CrmFields, FieldValue } from './visitorIdentity'

export type AgentPresence = 'online' | 'busy' | 'offline'
export type AgentRole = 'admin' | 'agent'

export interface AgentInfo {
  readonly agentId: string
  readonly companyId: string
  readonly email: string
  /** The nickname visitors see (Echat `staffNickName`). */
  readonly name: string
  readonly role: AgentRole
  /** How many chats the agent takes at once. */
  readonly capacity: number
  readonly phone?: string
  readonly avatar?: string
  readonly info?: string
  readonly groupIds: readonly string[]
}

/** How the visitor's member identity was established. */
export type IdentityProof = 'sign-md5' | 'sign-hmac' | 'metaData'

export interface VisitorProfile {
  readonly visitorId: string
  readonly companyId: string
  /** The store's user id, when the visitor is a member. */
  readonly partnerid: string | null
  /** Set when the server verified the member identity; `null` for anonymous or unverified visitors. */
  readonly verifiedBy: IdentityProof | null
  readonly crm: CrmFields
  readonly params: Readonly<Record<string, FieldValue>>
  readonly customerFields: Readonly<Record<string, FieldValue>>
  readonly isVip: boolean
  readonly vipLevel: string | null
  readonly userLabel: string | null
  readonly myData: string | null
  readonly metaData: string | null
  readonly entry: EntryData
  readonly trackInfo: TrackInfo | null
  readonly trace: readonly TraceRecord[]
  readonly online: boolean
  readonly firstSeenAt: number
  readonly lastSeenAt: number
  /** A short number per company (1, 2, 3, …) that names an anonymous visitor: 访客 1024. */
  readonly shortNo?: number
  /** The visitor's browser as it introduced itself (the workbench shows device and browser). */
  readonly userAgent?: string
  /** How far the visitor has read: the agent's replies up to this sequence number show 已读. */
  readonly readSeq?: number
}

export interface TraceRecord extends TraceEntry {
  readonly at: number
}

export type ConversationStatus = 'waiting' | 'bot' | 'chatting' | 'ended'

export interface ConversationSummary {
  /** Echat `recordId`. */
  readonly conversationId: string
  readonly visitorId: string
  readonly status: ConversationStatus
  readonly agentId: string | null
  readonly groupId: string | null
  readonly queuePosition: number | null
  readonly endReason: EndReason | null
  readonly needsEvaluation: boolean
  readonly evaluation: EvaluationRecord | null
  /** Echat `setVisitorChatSign`: the business status the agent marked, 0 or 1. */
  readonly chatSign: 0 | 1
  readonly routing: RoutingRequest
  readonly createdAt: number
  readonly startedAt: number | null
  readonly endedAt: number | null
}

export interface QueueEntry {
  readonly conversationId: string
  readonly visitorId: string
  readonly position: number
  readonly vip: boolean
  readonly groupId: string | null
  readonly agentId: string | null
  readonly queuedAt: number
}

/** Where an offline message is in its handling. */
export type LeaveMessageStatus = 'new' | 'open' | 'done'

/** An agent's answer to an offline message: it reaches the visitor's chat and the company's webhook. */
export interface LeaveMessageReply {
  readonly text: string
  readonly agentId: string
  readonly agentName: string
  readonly at: number
}

export interface LeaveMessageRecord {
  readonly id: string
  readonly visitorId: string
  readonly content: string
  readonly name?: string
  readonly tel?: string
  readonly email?: string
  /** Absent when the visitor's message named none. */
  readonly templateId?: string
  /** A group of the company; absent when none was named or the one named does not exist. */
  readonly groupId?: string
  /** Sobot `source`, normalized to a string. */
  readonly source?: string
  readonly fields?: LeaveMessageFields
  readonly createdAt: number
  /** `new` until an agent takes it; absent from servers that do not track it (read as `new`). */
  readonly status?: LeaveMessageStatus
  /** The agent handling it, or null. */
  readonly assigneeId?: string | null
  readonly replies?: readonly LeaveMessageReply[]
}

/** Frames the agent workbench sends. Those with `cid` are acknowledged once stored. */
export type AgentClientFrame =
  | { readonly type: 'agent.hello'; readonly v: 1; readonly token: string }
  | { readonly type: 'presence'; readonly cid: string; readonly presence: AgentPresence }
  | { readonly type: 'conversation.accept'; readonly cid: string; readonly conversationId: string }
  | {
      readonly type: 'message.send'
      readonly cid: string
      readonly conversationId: string
      readonly body: OutgoingMessageBody
      /** `agent`: an internal note only agents see. */
      readonly visibility?: 'both' | 'agent'
    }
  | {
      readonly type: 'conversation.transfer'
      readonly cid: string
      readonly conversationId: string
      readonly to: { readonly agentId: string } | { readonly groupId: string }
      /** For the agent who takes over: stored as an internal note (agents only) before the transfer notice. */
      readonly note?: string
    }
  | { readonly type: 'conversation.end'; readonly cid: string; readonly conversationId: string }
  | { readonly type: 'conversation.sign'; readonly cid: string; readonly conversationId: string; readonly chatSign: 0 | 1 }
  | { readonly type: 'visitor.update'; readonly cid: string; readonly visitorId: string; readonly crm: CrmFields }
  | { readonly type: 'typing'; readonly conversationId: string; readonly typing: boolean }
  /** The agent has seen the visitor's messages up to `seq` (the visitor sees 已读). */
  | { readonly type: 'read'; readonly visitorId: string; readonly seq: number }
  | { readonly type: 'ping' }

export type AgentClientFrameType = AgentClientFrame['type']

/** Frames the server sends an agent. */
export type AgentServerFrame =
  | {
      readonly type: 'agent.welcome'
      readonly v: 1
      readonly agent: AgentInfo
      readonly presence: AgentPresence
      /** Open conversations the agent can see (its own, the queue) and its recent ended ones. */
      readonly conversations: readonly ConversationSummary[]
      readonly visitors: readonly VisitorProfile[]
      readonly queue: readonly QueueEntry[]
      readonly colleagues: readonly { readonly agentId: string; readonly name: string; readonly presence: AgentPresence }[]
    }
  | { readonly type: 'ack'; readonly cid: string; readonly message?: ChatMessage }
  | { readonly type: 'conversation'; readonly conversation: ConversationSummary }
  | { readonly type: 'message'; readonly conversationId: string | null; readonly visitorId: string; readonly message: ChatMessage }
  | { readonly type: 'queue'; readonly queue: readonly QueueEntry[] }
  | { readonly type: 'visitor'; readonly visitor: VisitorProfile }
  | { readonly type: 'presence'; readonly agentId: string; readonly presence: AgentPresence }
  | { readonly type: 'typing'; readonly conversationId: string; readonly typing: boolean }
  | { readonly type: 'leaveMessage'; readonly leaveMessage: LeaveMessageRecord }
  /** The visitor has read the agents' messages up to `seq`. */
  | { readonly type: 'visitorRead'; readonly visitorId: string; readonly seq: number }
  | ErrorFrame
  | { readonly type: 'pong' }

export type AgentServerFrameType = AgentServerFrame['type']
