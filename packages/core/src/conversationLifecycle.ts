import { INITIAL_CHAT_STATUS, transitionChatStatus, type ChatStatus, type ChatStatusEvent, type EndReason } from './chatStatus'

/**
 * One conversation's state, as the server stores it: the part of the visitor's chat status that a
 * conversation can be in. `idle`, `offline` and `overloaded` are the visitor's states without one.
 */
export type ConversationState =
  | { readonly name: 'waiting' }
  | { readonly name: 'bot' }
  | { readonly name: 'chatting' }
  | { readonly name: 'ended'; readonly reason: EndReason; readonly needsEvaluation: boolean }

export type ConversationStateName = ConversationState['name']

/** The chat status events that start, move and end a conversation; the others concern a visitor without one. */
export type ConversationEvent = Extract<ChatStatusEvent, { readonly type: 'queued' | 'botStarted' | 'assigned' | 'ended' | 'evaluated' }>

export type ConversationEventType = ConversationEvent['type']

export const CONVERSATION_EVENT_TYPES: readonly ConversationEventType[] = ['queued', 'botStarted', 'assigned', 'ended', 'evaluated']

/**
 * Which events each conversation state accepts; `new` is "no conversation yet". The next state is
 * always the one the visitor's chat status machine (`CHAT_STATUS_TRANSITIONS`) gives for the same
 * event, so the server, the client and the fake server follow one table. The one difference is
 * deliberate: an ended conversation stays ended (only its evaluation changes); what the chat status
 * table lets follow `ended` is the start of the visitor's next conversation.
 */
export const CONVERSATION_TRANSITIONS: { readonly [S in ConversationStateName | 'new']: readonly ConversationEventType[] } = {
  new: ['queued', 'botStarted', 'assigned'],
  waiting: ['queued', 'botStarted', 'assigned', 'ended'],
  bot: ['queued', 'assigned', 'ended'],
  chatting: ['queued', 'assigned', 'ended'],
  ended: ['evaluated'],
}

export function isConversationEvent(event: ChatStatusEvent): event is ConversationEvent {
  return (CONVERSATION_EVENT_TYPES as readonly string[]).includes(event.type)
}

export function isConversationState(status: ChatStatus): status is ConversationState {
  return status.name === 'waiting' || status.name === 'bot' || status.name === 'chatting' || status.name === 'ended'
}

/**
 * The state `event` moves a conversation to, or `undefined` when the event is not valid there.
 * `state` null is a conversation not yet started: only `queued`, `botStarted` and `assigned` start one.
 */
export function transitionConversation(state: ConversationState | null, event: ConversationEvent): ConversationState | undefined {
  if (!CONVERSATION_TRANSITIONS[state?.name ?? 'new'].includes(event.type)) return undefined
  const next = transitionChatStatus(state ?? INITIAL_CHAT_STATUS, event)
  return next && isConversationState(next) ? next : undefined
}

/** The conversation state of a stored conversation's columns. */
export function conversationStateOf(stored: {
  readonly status: ConversationStateName
  readonly endReason: EndReason | null
  readonly needsEvaluation: boolean
}): ConversationState {
  return stored.status === 'ended'
    ? { name: 'ended', reason: stored.endReason ?? 0, needsEvaluation: stored.needsEvaluation }
    : { name: stored.status }
}
