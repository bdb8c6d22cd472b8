'use client'
import type { ChatMessage, ChatSnapshot, ConnectionState, EvaluationState, StaffInfo, WindowState } from '@kefu/core'
import { useChatSelector } from './useChatSelector'

const selectUnread = (s: ChatSnapshot) => s.unread
const selectStaff = (s: ChatSnapshot) => s.staff
const selectQueuePosition = (s: ChatSnapshot) => s.queuePosition
const selectMessages = (s: ChatSnapshot) => s.messages
const selectConnection = (s: ChatSnapshot) => s.connection
const selectWindow = (s: ChatSnapshot) => s.window
const selectEvaluation = (s: ChatSnapshot) => s.evaluation

/** Unread agent, bot and system messages (server-authoritative). */
export const useUnread = (): number => useChatSelector(selectUnread)
/** The agent serving the visitor, or `null`. */
export const useStaff = (): StaffInfo | null => useChatSelector(selectStaff)
/** The visitor's place in the queue while waiting, else `null`. */
export const useQueuePosition = (): number | null => useChatSelector(selectQueuePosition)
export const useMessages = (): readonly ChatMessage[] => useChatSelector(selectMessages)
export const useConnection = (): ConnectionState => useChatSelector(selectConnection)
export const useChatWindow = (): WindowState => useChatSelector(selectWindow)
export const useEvaluation = (): EvaluationState => useChatSelector(selectEvaluation)
