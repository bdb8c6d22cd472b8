'use client'
import { useMemo } from 'react'
import type { Card, ChatMessage } from '@kefu/core'
import { createAsyncAction } from '@kefu/core/store'
import { useChat } from './useChat'
import { useStoreSelector } from './useStoreSelector'

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
const whole = <S>(snapshot: S) => snapshot

export function useSendCard(): SendCard {
  const client = useChat()
  const action = useMemo(() => createAsyncAction((card: Card) => client.sendCard(card)), [client])
  const snapshot = useStoreSelector(action, whole)
  return {
    send: action.run,
    state: STATES[snapshot.status],
    message: snapshot.result,
    error: snapshot.error,
    reset: action.reset,
  }
}
