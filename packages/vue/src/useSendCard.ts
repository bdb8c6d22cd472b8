import { computed, type ComputedRef } from 'vue'
import type { Card, ChatMessage } from '@kefu/core'
import { createAsyncAction } from '@kefu/core/store'
import { useChat } from './useChat'
import { useStoreSelector } from './useStoreSelector'

export type SendCardState = 'idle' | 'sending' | 'sent' | 'error'

export interface SendCard {
  /** Sends the card; the promise settles like `client.sendCard`, and `state` follows it. */
  readonly send: (card: Card) => Promise<ChatMessage>
  readonly state: ComputedRef<SendCardState>
  readonly message: ComputedRef<ChatMessage | undefined>
  readonly error: ComputedRef<unknown>
  readonly reset: () => void
}

const STATES = { idle: 'idle', pending: 'sending', success: 'sent', error: 'error' } as const
const whole = <S>(snapshot: S) => snapshot

export function useSendCard(): SendCard {
  const client = useChat()
  const action = createAsyncAction((card: Card) => client.sendCard(card))
  const snapshot = useStoreSelector(action, whole)
  return {
    send: action.run,
    state: computed(() => STATES[snapshot.value.status]),
    message: computed(() => snapshot.value.result),
    error: computed(() => snapshot.value.error),
    reset: action.reset,
  }
}
