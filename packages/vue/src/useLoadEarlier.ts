import { computed, type ComputedRef, type Ref } from 'vue'
import type { ChatSnapshot } from '@kefu/core'
import { createAsyncAction } from '@kefu/core/store'
import { useChat } from './useChat'
import { useChatSelector } from './useChatSelector'
import { useStoreSelector } from './useStoreSelector'

export type LoadEarlierState = 'idle' | 'loading' | 'loaded' | 'error'

export interface LoadEarlier {
  /** Loads the page of messages before the first one shown (for a list scrolled to the top); resolves with how many arrived. */
  readonly load: (limit?: number) => Promise<number>
  /** Whether older messages are on the server. */
  readonly hasEarlier: Readonly<Ref<boolean>>
  readonly state: ComputedRef<LoadEarlierState>
  readonly error: ComputedRef<unknown>
}

const STATES = { idle: 'idle', pending: 'loading', success: 'loaded', error: 'error' } as const
const whole = <S>(snapshot: S) => snapshot
const selectHasEarlier = (snapshot: ChatSnapshot) => snapshot.hasEarlier

/** `client.loadEarlier()` with its state, and whether there is anything earlier to load. */
export function useLoadEarlier(): LoadEarlier {
  const client = useChat()
  const action = createAsyncAction((limit?: number) => client.loadEarlier(limit))
  const snapshot = useStoreSelector(action, whole)
  return {
    load: action.run,
    hasEarlier: useChatSelector(selectHasEarlier),
    state: computed(() => STATES[snapshot.value.status]),
    error: computed(() => snapshot.value.error),
  }
}
