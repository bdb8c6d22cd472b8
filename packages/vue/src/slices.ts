import type { ChatMessage, ChatSnapshot, ConnectionState, EvaluationState, StaffInfo, WindowState } from '@kefu/core'
import type { ShallowRef } from 'vue'
import { useChatSelector } from './useChatSelector'

type ReadonlyRef<T> = Readonly<ShallowRef<T>>

/** Unread agent, bot and system messages (server-authoritative). */
export const useUnread = (): ReadonlyRef<number> => useChatSelector((s: ChatSnapshot) => s.unread)
/** The agent serving the visitor, or `null`. */
export const useStaff = (): ReadonlyRef<StaffInfo | null> => useChatSelector((s: ChatSnapshot) => s.staff)
/** The visitor's place in the queue while waiting, else `null`. */
export const useQueuePosition = (): ReadonlyRef<number | null> => useChatSelector((s: ChatSnapshot) => s.queuePosition)
export const useMessages = (): ReadonlyRef<readonly ChatMessage[]> => useChatSelector((s: ChatSnapshot) => s.messages)
export const useConnection = (): ReadonlyRef<ConnectionState> => useChatSelector((s: ChatSnapshot) => s.connection)
export const useChatWindow = (): ReadonlyRef<WindowState> => useChatSelector((s: ChatSnapshot) => s.window)
export const useEvaluation = (): ReadonlyRef<EvaluationState> => useChatSelector((s: ChatSnapshot) => s.evaluation)
