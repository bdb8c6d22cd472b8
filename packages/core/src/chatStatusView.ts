import type { ChatSnapshot } from './chatSnapshot'
import {
  getChatStatus,
  getChatStatusLabel,
  type ChatStatus,
  type EchatChatStatusCode,
  type EchatChatStatusLabel,
} from './chatStatus'

/** The chat status with its Echat codes: what `useChatStatus` gives in React and Vue. */
export interface ChatStatusView {
  readonly status: ChatStatus
  /** Echat `getChatStatus()` code, 0–4. */
  readonly code: EchatChatStatusCode
  /** Echat `chatStatus` event label, e.g. `chatting` or `end-2-1`. */
  readonly label: EchatChatStatusLabel | undefined
  readonly agentsOnline: boolean
}

export function selectChatStatusView(snapshot: ChatSnapshot): ChatStatusView {
  const { status, agentsOnline } = snapshot
  return { status, code: getChatStatus(status), label: getChatStatusLabel(status), agentsOnline }
}

/** Views are equal when what they are computed from is. */
export function sameChatStatusView(a: ChatStatusView, b: ChatStatusView): boolean {
  return a.status === b.status && a.agentsOnline === b.agentsOnline
}
