import { mergeMessages, type ChatMessage, type ConversationSummary, type VisitorProfile } from '@kefu/core'
import type { DeskAction } from './deskAction'
import { IDLE_HISTORY, INITIAL_DESK_SNAPSHOT, type DeskMessage, type DeskSnapshot, type HistoryState } from './deskSnapshot'

/** The one reducer of the workbench: pure, and returns `state` itself when nothing changed. */
export function deskReducer(state: DeskSnapshot, action: DeskAction): DeskSnapshot {
  switch (action.type) {
    case 'frame':
      return reduceFrame(state, action.frame, action.visible)
    case 'auth':
      return state.auth === action.auth ? state : { ...state, auth: action.auth }
    case 'connection':
      return state.connection === action.connection ? state : { ...state, connection: action.connection }
    case 'signedOut':
      return { ...INITIAL_DESK_SNAPSHOT, auth: { status: 'signed-out', error: action.error } }
    case 'select': {
      if (state.selectedVisitorId === action.visitorId && state.selectedConversationId === action.conversationId) {
        return action.visible ? clearUnread(state, action.conversationId) : state
      }
      const next = { ...state, selectedVisitorId: action.visitorId, selectedConversationId: action.conversationId }
      return action.visible ? clearUnread(next, action.conversationId) : next
    }
    case 'visible':
      return clearUnread(state, state.selectedConversationId)
    case 'history.loading':
      return setHistory(state, action.visitorId, { status: 'loading', error: null })
    case 'history.loaded': {
      const current = action.fresh ? notInPage(state.messages[action.visitorId], action.messages) : (state.messages[action.visitorId] ?? [])
      const messages = merge(current, action.messages)
      const withHistory = setHistory(state, action.visitorId, {
        status: 'loaded',
        error: null,
        stale: false,
        complete: action.fresh ? action.complete : (state.history[action.visitorId]?.complete ?? false) || action.complete,
      })
      return messages === state.messages[action.visitorId] ? withHistory : { ...withHistory, messages: { ...withHistory.messages, [action.visitorId]: messages } }
    }
    case 'history.failed':
      return setHistory(state, action.visitorId, { status: 'failed', error: action.error })
    case 'outgoing':
      return addMessages(state, action.visitorId, [action.message])
    case 'refused': {
      const next = replacePending(state, action.cid, (m) => ({ ...m, state: 'failed' }))
      return { ...next, lastError: action.error }
    }
    case 'groups':
      return { ...state, groups: action.groups }
    case 'quickReplies':
      return { ...state, quickReplies: [...action.quickReplies].sort((a, b) => a.position - b.position) }
    case 'leaveMessages':
      return { ...state, leaveMessages: action.leaveMessages }
    case 'error':
      return state.lastError === action.error ? state : { ...state, lastError: action.error }
  }
}

function reduceFrame(state: DeskSnapshot, frame: Extract<DeskAction, { type: 'frame' }>['frame'], visible: boolean): DeskSnapshot {
  switch (frame.type) {
    case 'agent.welcome': {
      const conversations: Record<string, ConversationSummary> = {}
      for (const c of frame.conversations) conversations[c.conversationId] = c
      // Keep what the agent is looking at, even if the server no longer lists it.
      const selected = state.selectedConversationId ? state.conversations[state.selectedConversationId] : undefined
      if (selected && !conversations[selected.conversationId]) conversations[selected.conversationId] = selected
      const visitors: Record<string, VisitorProfile> = { ...state.visitors }
      for (const v of frame.visitors) visitors[v.visitorId] = v
      // Anything may have happened while the connection was down: loaded histories must be reloaded.
      const history: Record<string, HistoryState> = {}
      for (const [visitorId, h] of Object.entries(state.history)) history[visitorId] = h.status === 'loaded' ? { ...h, stale: true } : h
      return {
        ...state,
        connection: 'online',
        agent: frame.agent,
        presence: frame.presence,
        conversations,
        visitors,
        queue: frame.queue,
        colleagues: frame.colleagues,
        history,
      }
    }
    case 'conversation': {
      const c = frame.conversation
      const previous = state.conversations[c.conversationId]
      if (previous && JSON.stringify(previous) === JSON.stringify(c)) return state
      let next: DeskSnapshot = { ...state, conversations: { ...state.conversations, [c.conversationId]: c } }
      if (c.status === 'ended' && state.typing[c.conversationId]) next = { ...next, typing: omit(state.typing, c.conversationId) }
      // The selected visitor came back with a new chat: follow it.
      const current = state.selectedConversationId ? state.conversations[state.selectedConversationId] : undefined
      if (state.selectedVisitorId === c.visitorId && c.conversationId !== state.selectedConversationId && (!current || current.createdAt < c.createdAt)) {
        next = { ...next, selectedConversationId: c.conversationId }
      }
      return next
    }
    case 'queue':
      return JSON.stringify(state.queue) === JSON.stringify(frame.queue) ? state : { ...state, queue: frame.queue }
    case 'visitor': {
      const previous = state.visitors[frame.visitor.visitorId]
      if (previous && JSON.stringify(previous) === JSON.stringify(frame.visitor)) return state
      return { ...state, visitors: { ...state.visitors, [frame.visitor.visitorId]: frame.visitor } }
    }
    case 'presence': {
      const colleagues = state.colleagues.some((c) => c.agentId === frame.agentId)
        ? state.colleagues.map((c) => (c.agentId === frame.agentId && c.presence !== frame.presence ? { ...c, presence: frame.presence } : c))
        : state.colleagues
      const presence = frame.agentId === state.agent?.agentId ? frame.presence : state.presence
      if (presence === state.presence && colleagues.every((c, i) => c === state.colleagues[i])) return state
      return { ...state, presence, colleagues }
    }
    case 'typing':
      if ((state.typing[frame.conversationId] ?? false) === frame.typing) return state
      return { ...state, typing: frame.typing ? { ...state.typing, [frame.conversationId]: true } : omit(state.typing, frame.conversationId) }
    case 'message': {
      const message: DeskMessage = { ...frame.message, conversationId: frame.conversationId }
      const next = addMessages(state, frame.visitorId, [message])
      if (next === state) return state
      let result = next
      if (frame.conversationId && frame.message.sender === 'visitor') {
        if (state.typing[frame.conversationId]) result = { ...result, typing: omit(result.typing, frame.conversationId) }
        const seen = visible && state.selectedConversationId === frame.conversationId
        if (!seen) result = { ...result, unread: { ...result.unread, [frame.conversationId]: (result.unread[frame.conversationId] ?? 0) + 1 } }
      }
      return result
    }
    case 'leaveMessage': {
      // New ones go first; a changed one (status, assignee, a reply) replaces itself in place.
      const index = state.leaveMessages.findIndex((m) => m.id === frame.leaveMessage.id)
      if (index === -1) return { ...state, leaveMessages: [frame.leaveMessage, ...state.leaveMessages] }
      if (JSON.stringify(state.leaveMessages[index]) === JSON.stringify(frame.leaveMessage)) return state
      return { ...state, leaveMessages: state.leaveMessages.map((m, i) => (i === index ? frame.leaveMessage : m)) }
    }
    case 'visitorRead': {
      const visitor = state.visitors[frame.visitorId]
      if (!visitor || (visitor.readSeq ?? 0) >= frame.seq) return state
      return { ...state, visitors: { ...state.visitors, [frame.visitorId]: { ...visitor, readSeq: frame.seq } } }
    }
    case 'ack':
      return frame.message ? replacePending(state, frame.cid, () => frame.message!) : state
    case 'error': {
      const next = frame.cid ? replacePending(state, frame.cid, (m) => ({ ...m, state: 'failed' })) : state
      return { ...next, lastError: { code: frame.code, message: frame.message, at: Date.now() } }
    }
    case 'pong':
      return state
  }
}

function merge(current: readonly DeskMessage[], incoming: readonly DeskMessage[]): readonly DeskMessage[] {
  return mergeMessages(current, incoming) as readonly DeskMessage[]
}

function addMessages(state: DeskSnapshot, visitorId: string, incoming: readonly DeskMessage[]): DeskSnapshot {
  const current = state.messages[visitorId] ?? []
  const next = merge(current, incoming)
  return next === current ? state : { ...state, messages: { ...state.messages, [visitorId]: next } }
}

/** Replaces the not-yet-acknowledged message whose client id is `cid`, wherever it is. */
function replacePending(state: DeskSnapshot, cid: string, replace: (m: DeskMessage) => ChatMessage): DeskSnapshot {
  for (const [visitorId, list] of Object.entries(state.messages)) {
    const index = list.findIndex((m) => m.id === cid && m.seq === null)
    if (index === -1) continue
    const old = list[index]!
    const updated: DeskMessage = { ...replace(old), conversationId: old.conversationId }
    const without = list.filter((_, i) => i !== index)
    // An acknowledged copy may already have arrived as a `message` frame: merge de-duplicates it.
    const next = updated.seq === null ? list.map((m, i) => (i === index ? updated : m)) : merge(without, [updated])
    return { ...state, messages: { ...state.messages, [visitorId]: next } }
  }
  return state
}

/**
 * What a fresh page of the newest messages replaces: everything up to its newest sequence number. Messages
 * still being sent stay, and so do those stored after the page was read: they arrived live while the request
 * was under way, and the page cannot hold them.
 */
function notInPage(list: readonly DeskMessage[] | undefined, page: readonly DeskMessage[]): readonly DeskMessage[] {
  const newest = page.reduce((max, m) => Math.max(max, m.seq ?? 0), 0)
  return (list ?? []).filter((m) => m.seq === null || m.seq > newest)
}

function clearUnread(state: DeskSnapshot, conversationId: string | null): DeskSnapshot {
  if (!conversationId || !state.unread[conversationId]) return state
  return { ...state, unread: omit(state.unread, conversationId) }
}

function setHistory(state: DeskSnapshot, visitorId: string, patch: Partial<HistoryState>): DeskSnapshot {
  const current = state.history[visitorId] ?? IDLE_HISTORY
  const next = { ...current, ...patch }
  if (JSON.stringify(next) === JSON.stringify(current) && state.history[visitorId]) return state
  return { ...state, history: { ...state.history, [visitorId]: next } }
}

function omit<T>(record: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> {
  const { [key]: _removed, ...rest } = record
  return rest
}
