import { sameChatStatusView, selectChatStatusView, type ChatStatusView } from '@kefu/core'
import type { ShallowRef } from 'vue'
import { useChatSelector } from './useChatSelector'

/** The chat status with its Echat codes; changes only when the status or agent presence does. */
export const useChatStatus = (): Readonly<ShallowRef<ChatStatusView>> =>
  useChatSelector(selectChatStatusView, sameChatStatusView)
