import type {
  AgentInfo,
  AgentPresence,
  ChatMessage,
  ConversationSummary,
  KefuErrorCode,
  LeaveMessageRecord,
  QueueEntry,
  VisitorProfile,
} from '@kefu/core'

/** A message as the workbench keeps it: the conversation it belongs to travels with it. */
export type DeskMessage = ChatMessage & { readonly conversationId: string | null }

export type DeskConnection = 'idle' | 'connecting' | 'online' | 'reconnecting'

export type DeskAuth =
  | { readonly status: 'signed-out'; readonly error: string | null }
  | { readonly status: 'signing-in' }
  | { readonly status: 'signed-in'; readonly token: string }

export interface Colleague {
  readonly agentId: string
  readonly name: string
  readonly presence: AgentPresence
}

export interface AgentGroup {
  readonly groupId: string
  readonly name: string
}

/** `GET /api/v1/quick-replies`. */
export interface QuickReply {
  readonly id: string
  readonly title: string
  readonly text: string
  readonly position: number
}

/** The history of one visitor, as far as it has been loaded. */
export interface HistoryState {
  readonly status: 'idle' | 'loading' | 'loaded' | 'failed'
  /** No older messages on the server. */
  readonly complete: boolean
  /** A reconnect happened since it was loaded: messages may have been missed. */
  readonly stale: boolean
  readonly error: string | null
}

export interface DeskError {
  readonly code: KefuErrorCode | 'network'
  readonly message: string
  readonly at: number
}

export interface DeskSnapshot {
  readonly auth: DeskAuth
  readonly connection: DeskConnection
  readonly agent: AgentInfo | null
  readonly presence: AgentPresence
  /** By conversation id. */
  readonly conversations: Readonly<Record<string, ConversationSummary>>
  /** By visitor id. */
  readonly visitors: Readonly<Record<string, VisitorProfile>>
  readonly queue: readonly QueueEntry[]
  readonly colleagues: readonly Colleague[]
  readonly groups: readonly AgentGroup[]
  readonly quickReplies: readonly QuickReply[]
  readonly leaveMessages: readonly LeaveMessageRecord[]
  /** By visitor id: a visitor's messages across all their conversations, in sequence order. */
  readonly messages: Readonly<Record<string, readonly DeskMessage[]>>
  readonly history: Readonly<Record<string, HistoryState>>
  /** By conversation id: visitor messages the agent has not looked at. */
  readonly unread: Readonly<Record<string, number>>
  /** By conversation id: the visitor is typing. */
  readonly typing: Readonly<Record<string, boolean>>
  readonly selectedVisitorId: string | null
  readonly selectedConversationId: string | null
  readonly lastError: DeskError | null
}

export const INITIAL_DESK_SNAPSHOT: DeskSnapshot = {
  auth: { status: 'signed-out', error: null },
  connection: 'idle',
  agent: null,
  presence: 'offline',
  conversations: {},
  visitors: {},
  queue: [],
  colleagues: [],
  groups: [],
  quickReplies: [],
  leaveMessages: [],
  messages: {},
  history: {},
  unread: {},
  typing: {},
  selectedVisitorId: null,
  selectedConversationId: null,
  lastError: null,
}

export const IDLE_HISTORY: HistoryState = { status: 'idle', complete: false, stale: false, error: null }
