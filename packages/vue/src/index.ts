export * from '@kefu/core'
export { createKefu } from './createKefu'
export type { KefuPluginOptions } from './createKefu'
export { kefuClientKey } from './kefuClientKey'
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
