'use client'
import { useMemo, useSyncExternalStore } from 'react'
import { createAsyncAction, type Card, type ChatMessage } from '@kefu/core'
import { useChat } from './useChat'

export type SendCardState = 'idle' | 'sending' | 'sent' | 'error'

export interface SendCard {
  /** Sends the card; the promise settles like `client.sendCard`, and `state` follows it. */
  readonly send: (card: Card) => Promise<ChatMessage>
  readonly state: SendCardState
  readonly message: ChatMessage | undefined
  readonly error: unknown
  readonly reset: () => void
}

const STATES = { idle: 'idle', pending: 'sending', success: 'sent', error: 'error' } as const

export function useSendCard(): SendCard {
  const client = useChat()
  const action = useMemo(() => createAsyncAction((card: Card) => client.sendCard(card)), [client])
  const snapshot = useSyncExternalStore(action.subscribe, action.getSnapshot, action.getSnapshot)
  return {
    send: action.run,
    state: STATES[snapshot.status],
    message: snapshot.result,
    error: snapshot.error,
    reset: action.reset,
  }
}
