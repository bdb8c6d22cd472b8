import { INITIAL_CHAT_STATUS, type ChatStatus } from './chatStatus'
import type { ChatMessage } from './message'
import type { EvaluationRecord } from './protocol'
import type { StaffInfo } from './staffInfo'

/** The link to the server; separate from the chat status. `idle` until `connect()`. */
export type ConnectionState = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'offline'

export type WindowState = 'closed' | 'minimized' | 'open'

/**
 * Evaluation: `none` until asked for, `pending` when the chat ended asking for one,
 * then `submitted` or `dismissed`.
 */
export interface EvaluationState {
  readonly status: 'none' | 'pending' | 'submitted' | 'dismissed'
  readonly submitted: EvaluationRecord | null
}

/** Everything a UI shows, as one immutable value. */
export interface ChatSnapshot {
  readonly connection: ConnectionState
  /** Whether the server has welcomed this client at least once. */
  readonly ready: boolean
  readonly status: ChatStatus
  readonly queuePosition: number | null
  readonly staff: StaffInfo | null
  readonly agentsOnline: boolean
  readonly unread: number
  readonly readSeq: number
  /** The visitor's messages up to this sequence number have been read by an agent. */
  readonly agentReadSeq: number
  readonly messages: readonly ChatMessage[]
  /** Older messages than the first in `messages` are on the server: `client.loadEarlier()` brings a page. */
  readonly hasEarlier: boolean
  readonly window: WindowState
  readonly visitorId: string | null
  readonly evaluation: EvaluationState
  readonly agentTyping: boolean
  /** The company's brand colour (`#rrggbb`) from the server, or null; a page's own colour wins over it. */
  readonly themeColor: string | null
}

export const INITIAL_EVALUATION: EvaluationState = { status: 'none', submitted: null }

export const INITIAL_CHAT_SNAPSHOT: ChatSnapshot = /* @__PURE__ */ Object.freeze({
  connection: 'idle',
  ready: false,
  status: INITIAL_CHAT_STATUS,
  queuePosition: null,
  staff: null,
  agentsOnline: false,
  unread: 0,
  readSeq: 0,
  agentReadSeq: 0,
  messages: /* @__PURE__ */ Object.freeze([]) as readonly ChatMessage[],
  hasEarlier: false,
  window: 'closed',
  visitorId: null,
  evaluation: INITIAL_EVALUATION,
  agentTyping: false,
  themeColor: null,
})
