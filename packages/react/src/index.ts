// No 'use client' here: each hook and the provider carry their own, so this entry is not a client boundary.
// Server-safe helpers (getChatStatus, createChat, card builders, types…) come from '@kefu/core'.
export { KefuProvider } from './KefuProvider'
export type { KefuProviderProps } from './KefuProvider'
export { useChat } from './useChat'
export { useChatSelector } from './useChatSelector'
export { useStoreSelector } from './useStoreSelector'
export { useChatStatus } from './useChatStatus'
export {
  useChatWindow,
  useConnection,
  useEvaluation,
  useMessages,
  useQueuePosition,
  useStaff,
  useUnread,
} from './slices'
export { useSendCard } from './useSendCard'
export type { SendCard, SendCardState } from './useSendCard'
export { useLoadEarlier } from './useLoadEarlier'
export type { LoadEarlier, LoadEarlierState } from './useLoadEarlier'
export { useChatEvent } from './useChatEvent'
