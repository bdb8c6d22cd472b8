'use client'
import { getChatStatus, getChatStatusLabel, type ChatSnapshot, type ChatStatus, type EchatChatStatusCode, type EchatChatStatusLabel } from '@kefu/core'
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

const sameStatus = (a: ChatStatusView, b: ChatStatusView) => a.status === b.status && a.agentsOnline === b.agentsOnline

/** The chat status with its Echat codes; the same object until the status or agent presence changes. */
export const useChatStatus = (): ChatStatusView => useChatSelector(selectStatus, sameStatus)
