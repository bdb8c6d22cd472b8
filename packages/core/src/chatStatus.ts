import type { StaffInfo } from './staffInfo'

/** Why a conversation ended, as the Echat seed numbers it. */
export type EndReason =
  | 0 // unknown
  | 1 // visitor ended
  | 2 // agent ended
  | 5 // agent logged out
  | 6 // system closed
  | 8 // visitor inactive too long

export const END_REASONS: readonly EndReason[] = [0, 1, 2, 5, 6, 8]

export type OfflineMode = 'leave-message' | 'disabled' | 'redirect'

/** The chat status: one explicit machine, see ARCHITECTURE.md. */
export type ChatStatus =
  | { readonly name: 'idle' }
  | { readonly name: 'waiting' }
  | { readonly name: 'bot' }
  | { readonly name: 'chatting' }
  | { readonly name: 'offline'; readonly mode: OfflineMode; readonly url?: string }
  | { readonly name: 'overloaded' }
  | { readonly name: 'ended'; readonly reason: EndReason; readonly needsEvaluation: boolean }

export type ChatStatusName = ChatStatus['name']

/** What the server says happened to the conversation. */
export type ChatStatusEvent =
  | { readonly type: 'queued' }
  | { readonly type: 'botStarted' }
  | { readonly type: 'assigned'; readonly staff: StaffInfo }
  | { readonly type: 'offline'; readonly mode: OfflineMode; readonly url?: string }
  | { readonly type: 'overloaded' }
  | { readonly type: 'ended'; readonly reason: EndReason; readonly needsEvaluation: boolean }
  | { readonly type: 'evaluated' }
  | { readonly type: 'reset' }

export type ChatStatusEventType = ChatStatusEvent['type']

type Handler<E extends ChatStatusEventType> = (
  status: ChatStatus,
  event: Extract<ChatStatusEvent, { type: E }>,
) => ChatStatus

type Transitions = { readonly [E in ChatStatusEventType]?: Handler<E> }

const IDLE: ChatStatus = { name: 'idle' }
const WAITING: ChatStatus = { name: 'waiting' }
const BOT: ChatStatus = { name: 'bot' }
const CHATTING: ChatStatus = { name: 'chatting' }
const OVERLOADED: ChatStatus = { name: 'overloaded' }

const toWaiting = () => WAITING
const toBot = () => BOT
const toChatting = () => CHATTING
const toIdle = () => IDLE
const toOverloaded = () => OVERLOADED
const toOffline: Handler<'offline'> = (_, e) =>
  e.mode === 'redirect' && e.url ? { name: 'offline', mode: e.mode, url: e.url } : { name: 'offline', mode: e.mode }
const toEnded: Handler<'ended'> = (_, e) => ({ name: 'ended', reason: e.reason, needsEvaluation: e.needsEvaluation })

/** A new conversation can start from any state without one. */
const startable: Transitions = {
  queued: toWaiting,
  botStarted: toBot,
  assigned: toChatting,
  offline: toOffline,
  overloaded: toOverloaded,
}

/**
 * The whole machine: state → event → next state. An event missing here is not valid in that state.
 */
export const CHAT_STATUS_TRANSITIONS: { readonly [S in ChatStatusName]: Transitions } = {
  idle: startable,
  waiting: {
    queued: toWaiting,
    botStarted: toBot,
    assigned: toChatting,
    offline: toOffline,
    ended: toEnded,
    reset: toIdle,
  },
  bot: {
    queued: toWaiting,
    assigned: toChatting,
    offline: toOffline,
    ended: toEnded,
    reset: toIdle,
  },
  chatting: {
    queued: toWaiting, // transferred to a group's queue
    assigned: toChatting, // transferred to another agent
    ended: toEnded,
  },
  offline: { ...startable, reset: toIdle },
  overloaded: { ...startable, reset: toIdle },
  ended: {
    ...startable,
    evaluated: (s) => (s.name === 'ended' && s.needsEvaluation ? { ...s, needsEvaluation: false } : s),
    reset: toIdle,
  },
}

export const INITIAL_CHAT_STATUS: ChatStatus = IDLE

/** The next status, or `undefined` when the event is not valid in the current state. */
export function transitionChatStatus(status: ChatStatus, event: ChatStatusEvent): ChatStatus | undefined {
  const handler = CHAT_STATUS_TRANSITIONS[status.name][event.type] as Handler<typeof event.type> | undefined
  return handler?.(status, event as never)
}

/** Echat's `ECHAT.getChatStatus()` code: 0 none, 1 requesting, 2 chatting, 3 too many windows, 4 ended. */
export type EchatChatStatusCode = 0 | 1 | 2 | 3 | 4

export function getChatStatus(status: ChatStatus): EchatChatStatusCode {
  switch (status.name) {
    case 'idle':
    case 'offline':
      return 0
    case 'waiting':
      return 1
    case 'bot':
    case 'chatting':
      return 2
    case 'overloaded':
      return 3
    case 'ended':
      return 4
  }
}

export type EchatChatStatusLabel =
  | 'waiting'
  | 'chatting'
  | 'leaveToService'
  | 'leaveDisabled'
  | 'leaveToUrl'
  | `end-${EndReason}-${0 | 1}`

const OFFLINE_LABELS: Record<OfflineMode, EchatChatStatusLabel> = {
  'leave-message': 'leaveToService',
  disabled: 'leaveDisabled',
  redirect: 'leaveToUrl',
}

/** The `eventLabel` of Echat's `chatStatus` event, or `undefined` for states the seed never reports. */
export function getChatStatusLabel(status: ChatStatus): EchatChatStatusLabel | undefined {
  switch (status.name) {
    case 'waiting':
      return 'waiting'
    case 'bot':
    case 'chatting':
      return 'chatting'
    case 'offline':
      return OFFLINE_LABELS[status.mode]
    case 'ended':
      return `end-${status.reason}-${status.needsEvaluation ? 1 : 0}`
    default:
      return undefined
  }
}

/** A conversation is under way: the visitor is queued, with the bot, or with an agent. */
export function isChatActive(status: ChatStatus): boolean {
  return status.name === 'waiting' || status.name === 'bot' || status.name === 'chatting'
}
