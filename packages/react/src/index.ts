'use client'
export * from '@kefu/core'
export { KefuProvider } from './KefuProvider'
export type { KefuProviderProps } from './KefuProvider'
export { useChat } from './useChat'
export { useChatSelector } from './useChatSelector'
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
export { useChatEvent } from './useChatEvent'
