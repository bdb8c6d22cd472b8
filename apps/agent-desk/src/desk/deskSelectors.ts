import type { ConversationSummary, QueueEntry } from '@kefu/core'
import type { DeskMessage, DeskSnapshot } from './deskSnapshot'

const byNewest = (a: ConversationSummary, b: ConversationSummary) => (b.startedAt ?? b.createdAt) - (a.startedAt ?? a.createdAt)

/** The waiting queue, in queue order. */
export function selectQueue(state: DeskSnapshot): readonly QueueEntry[] {
  return [...state.queue].sort((a, b) => a.position - b.position)
}

/** Chats this agent serves now (bot chats the agent was routed too are not theirs yet). */
export function selectMine(state: DeskSnapshot): readonly ConversationSummary[] {
  const me = state.agent?.agentId
  return Object.values(state.conversations)
    .filter((c) => c.agentId === me && c.status !== 'ended')
    .sort(byNewest)
}

/** This agent's ended chats, newest first. */
export function selectEnded(state: DeskSnapshot): readonly ConversationSummary[] {
  const me = state.agent?.agentId
  return Object.values(state.conversations)
    .filter((c) => c.status === 'ended' && c.agentId === me)
    .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0))
}

export function selectTotalUnread(state: DeskSnapshot): number {
  let total = 0
  for (const n of Object.values(state.unread)) total += n
  return total
}

/** The selected visitor's messages (all their chats, so the agent sees earlier ones too). */
export function selectMessages(state: DeskSnapshot): readonly DeskMessage[] {
  return state.selectedVisitorId ? (state.messages[state.selectedVisitorId] ?? EMPTY) : EMPTY
}

export function selectConversation(state: DeskSnapshot): ConversationSummary | null {
  return state.selectedConversationId ? (state.conversations[state.selectedConversationId] ?? null) : null
}

/** A visitor's display name: CRM name, nickname, member id, or a short id. */
export function visitorName(state: DeskSnapshot, visitorId: string): string {
  const v = state.visitors[visitorId]
  return v?.crm.realname || v?.crm.uname || v?.partnerid || `访客 ${visitorId.slice(-6)}`
}

const EMPTY: readonly DeskMessage[] = []
