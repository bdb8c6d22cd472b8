import type { ChatMessage } from '@kefu/core'
import { describe, expect, it } from 'vitest'
import { deskReducer, INITIAL_DESK_SNAPSHOT, selectEnded, selectMine, selectQueue, type DeskSnapshot } from '../src/desk'
import { AGENT, conversation, visitor, welcome } from './fakes'

const welcomed = (): DeskSnapshot =>
  deskReducer(INITIAL_DESK_SNAPSHOT, {
    type: 'frame',
    visible: true,
    frame: welcome({
      conversations: [
        conversation(),
        conversation({ conversationId: 'c2', visitorId: 'v2', status: 'ended', endedAt: 50 }),
        conversation({ conversationId: 'c3', visitorId: 'v3', status: 'waiting', agentId: null }),
        conversation({ conversationId: 'c4', visitorId: 'v4', agentId: 'a2' }),
      ],
      queue: [
        { conversationId: 'c5', visitorId: 'v5', position: 2, vip: false, groupId: null, agentId: null, queuedAt: 2 },
        { conversationId: 'c3', visitorId: 'v3', position: 1, vip: true, groupId: null, agentId: null, queuedAt: 1 },
      ],
    }),
  })

const msg = (id: string, seq: number | null, patch: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  seq,
  sender: 'visitor',
  createdAt: 0,
  state: 'sent',
  visibility: 'both',
  body: { type: 'text', text: id },
  ...patch,
})

describe('deskReducer', () => {
  it('splits the welcome into queue (by position), mine and ended', () => {
    const state = welcomed()
    expect(state.agent).toEqual(AGENT)
    expect(selectQueue(state).map((q) => [q.conversationId, q.position])).toEqual([
      ['c3', 1],
      ['c5', 2],
    ])
    expect(selectMine(state).map((c) => c.conversationId)).toEqual(['c1'])
    expect(selectEnded(state).map((c) => c.conversationId)).toEqual(['c2'])
  })

  it('returns the same state for frames that change nothing', () => {
    const state = welcomed()
    expect(deskReducer(state, { type: 'frame', visible: true, frame: { type: 'pong' } })).toBe(state)
    expect(deskReducer(state, { type: 'frame', visible: true, frame: { type: 'conversation', conversation: conversation() } })).toBe(state)
    expect(deskReducer(state, { type: 'frame', visible: true, frame: { type: 'typing', conversationId: 'c1', typing: false } })).toBe(state)
    expect(deskReducer(state, { type: 'frame', visible: true, frame: { type: 'presence', agentId: 'a2', presence: 'online' } })).toBe(state)
  })

  it('updates own and colleague presence', () => {
    let state = welcomed()
    state = deskReducer(state, { type: 'frame', visible: true, frame: { type: 'presence', agentId: 'a1', presence: 'busy' } })
    state = deskReducer(state, { type: 'frame', visible: true, frame: { type: 'presence', agentId: 'a2', presence: 'offline' } })
    expect(state.presence).toBe('busy')
    expect(state.colleagues.map((c) => c.presence)).toEqual(['busy', 'offline'])
  })

  it('follows the selected visitor into a new conversation', () => {
    let state = deskReducer(welcomed(), { type: 'select', visitorId: 'v2', conversationId: 'c2', visible: true })
    state = deskReducer(state, {
      type: 'frame',
      visible: true,
      frame: { type: 'conversation', conversation: conversation({ conversationId: 'c9', visitorId: 'v2', createdAt: 5000, status: 'waiting', agentId: null }) },
    })
    expect(state.selectedConversationId).toBe('c9')
  })

  it('keeps messages in sequence order with unsent ones last, de-duplicated', () => {
    let state = welcomed()
    const add = (m: ChatMessage) => (state = deskReducer(state, { type: 'frame', visible: true, frame: { type: 'message', conversationId: 'c1', visitorId: 'v1', message: m } }))
    add(msg('m2', 2))
    add(msg('m1', 1))
    state = deskReducer(state, { type: 'outgoing', visitorId: 'v1', message: { ...msg('cid-1', null, { sender: 'agent', state: 'pending' }), conversationId: 'c1' } })
    add(msg('m3', 3))
    add(msg('m1', 1))
    expect(state.messages.v1?.map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'cid-1'])
    // Unread counts only visitor messages of chats not in view, once each.
    expect(state.unread).toEqual({ c1: 3 })
  })

  it('replaces history on a fresh load but keeps messages still being sent', () => {
    let state = welcomed()
    state = deskReducer(state, { type: 'outgoing', visitorId: 'v1', message: { ...msg('cid-1', null, { state: 'pending' }), conversationId: 'c1' } })
    state = deskReducer(state, { type: 'frame', visible: true, frame: { type: 'message', conversationId: 'c1', visitorId: 'v1', message: msg('old', 1) } })
    state = deskReducer(state, { type: 'history.loaded', visitorId: 'v1', messages: [{ ...msg('m5', 5), conversationId: 'c1' }], complete: true, fresh: true })
    expect(state.messages.v1?.map((m) => m.id)).toEqual(['m5', 'cid-1'])
    expect(state.history.v1).toEqual({ status: 'loaded', complete: true, stale: false, error: null })
  })

  it('keeps on a fresh load the messages that arrived live after the page was read', () => {
    let state = welcomed()
    // m6 is stored and heard live while the request for the newest page (read up to m5) is under way.
    state = deskReducer(state, { type: 'frame', visible: true, frame: { type: 'message', conversationId: 'c1', visitorId: 'v1', message: msg('m6', 6) } })
    state = deskReducer(state, {
      type: 'history.loaded',
      visitorId: 'v1',
      messages: [
        { ...msg('m4', 4), conversationId: 'c1' },
        { ...msg('m5', 5), conversationId: 'c1' },
      ],
      complete: true,
      fresh: true,
    })
    expect(state.messages.v1?.map((m) => m.id)).toEqual(['m4', 'm5', 'm6'])
  })

  it('adds leave messages once, newest first, and records visitor updates', () => {
    let state = welcomed()
    const lm = { id: 'l1', visitorId: 'v7', content: '请回电', createdAt: 1 }
    state = deskReducer(state, { type: 'frame', visible: true, frame: { type: 'leaveMessage', leaveMessage: lm } })
    const again = deskReducer(state, { type: 'frame', visible: true, frame: { type: 'leaveMessage', leaveMessage: lm } })
    expect(again).toBe(state)
    state = deskReducer(state, { type: 'frame', visible: true, frame: { type: 'visitor', visitor: visitor({ crm: { realname: '王' } }) } })
    expect(state.visitors.v1?.crm).toEqual({ realname: '王' })
  })

  it('resets everything on sign-out, keeping the reason', () => {
    const state = deskReducer(welcomed(), { type: 'signedOut', error: 'session ended' })
    expect(state).toEqual({ ...INITIAL_DESK_SNAPSHOT, auth: { status: 'signed-out', error: 'session ended' } })
  })
})
