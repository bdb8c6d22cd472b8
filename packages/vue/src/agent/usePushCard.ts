import { computed, type ComputedRef } from 'vue'
import { createAsyncAction } from '@kefu/core/store'
import type { VisitorEvent } from '@kefu/agent'
import { useStoreSelector } from '../useStoreSelector'
import { useAgentPlugin } from './useAgentPlugin'

export type PushCardState = 'idle' | 'pushing' | 'pushed' | 'error'

export interface PushCard {
  /** Sends the card (Echat `pushVisitorEvent`) to the selected visitor; `state` follows the promise. */
  readonly push: (card: VisitorEvent) => Promise<void>
  readonly state: ComputedRef<PushCardState>
  readonly error: ComputedRef<unknown>
  readonly reset: () => void
}

const STATES = { idle: 'idle', pending: 'pushing', success: 'pushed', error: 'error' } as const
const whole = <S>(snapshot: S) => snapshot

export function usePushCard(): PushCard {
  const plugin = useAgentPlugin()
  const action = createAsyncAction((card: VisitorEvent) => plugin.pushVisitorEvent(card))
  const snapshot = useStoreSelector(action, whole)
  return {
    push: action.run,
    state: computed(() => STATES[snapshot.value.status]),
    error: computed(() => snapshot.value.error),
    reset: action.reset,
  }
}
