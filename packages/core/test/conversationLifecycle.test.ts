import { describe, expect, it } from 'vitest'
import { CHAT_STATUS_TRANSITIONS, transitionChatStatus, type ChatStatusEvent } from '@kefu/core'
import {
  CONVERSATION_EVENT_TYPES,
  CONVERSATION_TRANSITIONS,
  conversationStateOf,
  isConversationEvent,
  transitionConversation,
  type ConversationEvent,
  type ConversationState,
} from '@kefu/core/lifecycle'

const staff = { staffId: 'a1', staffNickName: 'Amy', recordId: 'c_1' }

const states: Record<string, ConversationState | null> = {
  new: null,
  waiting: { name: 'waiting' },
  bot: { name: 'bot' },
  chatting: { name: 'chatting' },
  'ended(2,eval)': { name: 'ended', reason: 2, needsEvaluation: true },
  'ended(6)': { name: 'ended', reason: 6, needsEvaluation: false },
}

const events: Record<string, ConversationEvent> = {
  queued: { type: 'queued' },
  botStarted: { type: 'botStarted' },
  assigned: { type: 'assigned', staff },
  ended: { type: 'ended', reason: 8, needsEvaluation: false },
  evaluated: { type: 'evaluated' },
}

const W: ConversationState = { name: 'waiting' }
const B: ConversationState = { name: 'bot' }
const C: ConversationState = { name: 'chatting' }
const E: ConversationState = { name: 'ended', reason: 8, needsEvaluation: false }
const _ = null // not valid

// Rows: states; columns: queued, botStarted, assigned, ended, evaluated.
const expected: Record<string, (ConversationState | null)[]> = {
  new: [W, B, C, _, _],
  waiting: [W, B, C, E, _],
  bot: [W, _, C, E, _],
  chatting: [W, _, C, E, _],
  'ended(2,eval)': [_, _, _, _, { name: 'ended', reason: 2, needsEvaluation: false }],
  'ended(6)': [_, _, _, _, { name: 'ended', reason: 6, needsEvaluation: false }],
}

describe('conversation lifecycle transition table', () => {
  const eventNames = Object.keys(events)
  const cases = Object.entries(expected).flatMap(([state, row]) => eventNames.map((event, i) => [state, event, row[i]] as const))

  it('covers every state × event pair', () => {
    expect(eventNames).toEqual([...CONVERSATION_EVENT_TYPES])
    expect(cases).toHaveLength(Object.keys(states).length * CONVERSATION_EVENT_TYPES.length)
    expect(new Set(Object.values(states).map((s) => s?.name ?? 'new'))).toEqual(new Set(Object.keys(CONVERSATION_TRANSITIONS)))
  })

  it.each(cases)('%s + %s', (state, event, next) => {
    const result = transitionConversation(states[state]!, events[event]!)
    if (next === null) expect(result).toBeUndefined()
    else expect(result).toEqual(next)
  })

  it('is the chat status table: wherever a conversation moves, the visitor’s status moves the same way', () => {
    for (const state of Object.values(states)) {
      for (const event of Object.values(events)) {
        const next = transitionConversation(state, event)
        const status = state ?? { name: 'idle' as const }
        const chat = transitionChatStatus(status, event)
        if (next) expect(chat).toEqual(next)
        // Only the start of a new conversation after an ended one is left to the chat status table.
        else if (chat && state?.name !== 'ended') throw new Error(`${status.name} + ${event.type}: the chat status table allows it, the conversation does not`)
      }
    }
  })

  it('accepts only events the chat status machine knows, in states it knows', () => {
    for (const [state, allowed] of Object.entries(CONVERSATION_TRANSITIONS)) {
      const statusName = state === 'new' ? 'idle' : (state as keyof typeof CHAT_STATUS_TRANSITIONS)
      for (const type of allowed) expect(CHAT_STATUS_TRANSITIONS[statusName][type], `${state} + ${type}`).toBeTypeOf('function')
    }
  })
})

describe('conversation events and stored states', () => {
  it('tells conversation events from the visitor-only ones', () => {
    const visitorOnly: ChatStatusEvent[] = [{ type: 'offline', mode: 'disabled' }, { type: 'overloaded' }, { type: 'reset' }]
    for (const event of Object.values(events)) expect(isConversationEvent(event)).toBe(true)
    for (const event of visitorOnly) expect(isConversationEvent(event)).toBe(false)
  })

  it('reads a stored conversation’s columns', () => {
    expect(conversationStateOf({ status: 'chatting', endReason: null, needsEvaluation: false })).toEqual({ name: 'chatting' })
    expect(conversationStateOf({ status: 'ended', endReason: 5, needsEvaluation: false })).toEqual({ name: 'ended', reason: 5, needsEvaluation: false })
    expect(conversationStateOf({ status: 'ended', endReason: null, needsEvaluation: true })).toEqual({ name: 'ended', reason: 0, needsEvaluation: true })
  })
})
