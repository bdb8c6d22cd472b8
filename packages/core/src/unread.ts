import type { ChatMessage } from './message'

/**
 * The unread rule shared by the server, the test transport and optimistic client updates:
 * a message counts when an agent, the bot or the system sent it, the visitor can see it,
 * and its sequence number is above the visitor's read mark. Status notices ("Amy is now serving
 * you", "chat ended") are not messages someone wrote: a badge of 2 for one reply would mislead.
 */
export function isUnreadFor(message: ChatMessage, readSeq: number): boolean {
  return (
    message.sender !== 'visitor' &&
    message.visibility === 'both' &&
    message.body.type !== 'notice' &&
    message.seq !== null &&
    message.seq > readSeq
  )
}

export function countUnread(messages: readonly ChatMessage[], readSeq: number): number {
  let count = 0
  for (const message of messages) if (isUnreadFor(message, readSeq)) count++
  return count
}
