import { computed, onScopeDispose, shallowRef, type ComputedRef } from 'vue'
import { createAsyncAction, type Card, type ChatMessage } from '@kefu/core'
import { useChat } from './useChat'

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

export function useSendCard(): SendCard {
  const client = useChat()
  const action = createAsyncAction((card: Card) => client.sendCard(card))
  const snapshot = shallowRef(action.getSnapshot())
  onScopeDispose(action.subscribe(() => (snapshot.value = action.getSnapshot())))
  return {
    send: action.run,
    state: computed(() => STATES[snapshot.value.status]),
    message: computed(() => snapshot.value.result),
    error: computed(() => snapshot.value.error),
    reset: action.reset,
  }
}
