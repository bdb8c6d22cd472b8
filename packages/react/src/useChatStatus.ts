'use client'
import { sameChatStatusView, selectChatStatusView, type ChatStatusView } from '@kefu/core'
import { useChatSelector } from './useChatSelector'

/** The chat status with its Echat codes; the same object until the status or agent presence changes. */
export const useChatStatus = (): ChatStatusView => useChatSelector(selectChatStatusView, sameChatStatusView)
