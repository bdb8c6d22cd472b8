import { describe, expect, it } from 'vitest'
import {
  CHAT_STATUS_TRANSITIONS,
  getChatStatus,
  getChatStatusLabel,
  transitionChatStatus,
  type ChatStatus,
  type ChatStatusEvent,
  type ChatStatusName,
} from '@kefu/core'

const staff = { staffId: 's1', staffNickName: 'Amy', recordId: '1_1' }

const states: Record<string, ChatStatus> = {
  idle: { name: 'idle' },
  waiting: { name: 'waiting' },
  bot: { name: 'bot' },
  chatting: { name: 'chatting' },
  'offline(leave-message)': { name: 'offline', mode: 'leave-message' },
  'offline(disabled)': { name: 'offline', mode: 'disabled' },
  'offline(redirect)': { name: 'offline', mode: 'redirect', url: 'https://help.example.com' },
  overloaded: { name: 'overloaded' },
  'ended(2,eval)': { name: 'ended', reason: 2, needsEvaluation: true },
  'ended(8)': { name: 'ended', reason: 8, needsEvaluation: false },
}

const events: Record<string, ChatStatusEvent> = {
  queued: { type: 'queued' },
  botStarted: { type: 'botStarted' },
  assigned: { type: 'assigned', staff },
  offline: { type: 'offline', mode: 'disabled' },
  overloaded: { type: 'overloaded' },
  ended: { type: 'ended', reason: 1, needsEvaluation: true },
  evaluated: { type: 'evaluated' },
  reset: { type: 'reset' },
}

const W: ChatStatus = { name: 'waiting' }
const B: ChatStatus = { name: 'bot' }
const C: ChatStatus = { name: 'chatting' }
const O: ChatStatus = { name: 'offline', mode: 'disabled' }
const X: ChatStatus = { name: 'overloaded' }
const E: ChatStatus = { name: 'ended', reason: 1, needsEvaluation: true }
const I: ChatStatus = { name: 'idle' }
const _ = null // not valid: ignored

// Rows: states; columns: queued, botStarted, assigned, offline, overloaded, ended, evaluated, reset.
const expected: Record<string, (ChatStatus | null)[]> = {
  idle: [W, B, C, O, X, _, _, _],
  waiting: [W, B, C, O, _, E, _, I],
  bot: [W, _, C, O, _, E, _, I],
  chatting: [W, _, C, _, _, E, _, _],
  'offline(leave-message)': [W, B, C, O, X, _, _, I],
  'offline(disabled)': [W, B, C, O, X, _, _, I],
  'offline(redirect)': [W, B, C, O, X, _, _, I],
  overloaded: [W, B, C, O, X, _, _, I],
  'ended(2,eval)': [W, B, C, O, X, _, { name: 'ended', reason: 2, needsEvaluation: false }, I],
  'ended(8)': [W, B, C, O, X, _, { name: 'ended', reason: 8, needsEvaluation: false }, I],
}

describe('chat status transition table', () => {
  const eventNames = Object.keys(events)
  const cases = Object.entries(expected).flatMap(([state, row]) =>
    eventNames.map((event, i) => [state, event, row[i]] as const),
  )

  it('covers every state × event pair', () => {
    expect(cases).toHaveLength(Object.keys(states).length * eventNames.length)
    const machineStates = Object.keys(CHAT_STATUS_TRANSITIONS).sort()
    const coveredStates = [...new Set(Object.values(states).map((s) => s.name))].sort()
    expect(coveredStates).toEqual(machineStates)
  })

  it.each(cases)('%s + %s', (state, event, next) => {
    const result = transitionChatStatus(states[state]!, events[event]!)
    if (next === null) expect(result).toBeUndefined()
    else expect(result).toEqual(next)
  })

  it('keeps the redirect url of an offline event', () => {
    expect(transitionChatStatus({ name: 'idle' }, { type: 'offline', mode: 'redirect', url: 'https://x.example' })).toEqual(
      { name: 'offline', mode: 'redirect', url: 'https://x.example' },
    )
  })
})

describe('seed codes', () => {
  const table: [ChatStatus, number, string | undefined][] = [
    [{ name: 'idle' }, 0, undefined],
    [{ name: 'waiting' }, 1, 'waiting'],
    [{ name: 'bot' }, 2, 'chatting'],
    [{ name: 'chatting' }, 2, 'chatting'],
    [{ name: 'offline', mode: 'leave-message' }, 0, 'leaveToService'],
    [{ name: 'offline', mode: 'disabled' }, 0, 'leaveDisabled'],
    [{ name: 'offline', mode: 'redirect', url: 'https://x.example' }, 0, 'leaveToUrl'],
    [{ name: 'overloaded' }, 3, undefined],
    [{ name: 'ended', reason: 0, needsEvaluation: false }, 4, 'end-0-0'],
    [{ name: 'ended', reason: 1, needsEvaluation: true }, 4, 'end-1-1'],
    [{ name: 'ended', reason: 2, needsEvaluation: true }, 4, 'end-2-1'],
    [{ name: 'ended', reason: 5, needsEvaluation: false }, 4, 'end-5-0'],
    [{ name: 'ended', reason: 6, needsEvaluation: false }, 4, 'end-6-0'],
    [{ name: 'ended', reason: 8, needsEvaluation: true }, 4, 'end-8-1'],
  ]
  it.each(table)('%j → getChatStatus %i, label %s', (status, code, label) => {
    expect(getChatStatus(status)).toBe(code)
    expect(getChatStatusLabel(status)).toBe(label)
  })

  it('has a name for every state in the machine', () => {
    const names = new Set(table.map(([s]) => s.name))
    for (const name of Object.keys(CHAT_STATUS_TRANSITIONS) as ChatStatusName[]) expect(names.has(name)).toBe(true)
  })
})
