import {
  getChatStatus,
  getChatStatusLabel,
  type ChatSnapshot,
  type ChatStatus,
  type EchatChatStatusCode,
  type EchatChatStatusLabel,
} from '@kefu/core'
import type { ShallowRef } from 'vue'
import { useChatSelector } from './useChatSelector'

export interface ChatStatusView {
  readonly status: ChatStatus
  /** Echat `getChatStatus()` code, 0–4. */
  readonly code: EchatChatStatusCode
  /** Echat `chatStatus` event label, e.g. `chatting` or `end-2-1`. */
  readonly label: EchatChatStatusLabel | undefined
  readonly agentsOnline: boolean
}

const selectStatus = (s: ChatSnapshot): ChatStatusView => ({
  status: s.status,
  code: getChatStatus(s.status),
  label: getChatStatusLabel(s.status),
  agentsOnline: s.agentsOnline,
})

export const useChatStatus = (): Readonly<ShallowRef<ChatStatusView>> =>
  useChatSelector(selectStatus, (a, b) => a.status === b.status && a.agentsOnline === b.agentsOnline)
