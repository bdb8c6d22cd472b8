'use client'
import { useMemo } from 'react'
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
  readonly hasEarlier: boolean
  readonly state: LoadEarlierState
  readonly error: unknown
}

const STATES = { idle: 'idle', pending: 'loading', success: 'loaded', error: 'error' } as const
const whole = <S>(snapshot: S) => snapshot
const selectHasEarlier = (snapshot: ChatSnapshot) => snapshot.hasEarlier

/** `client.loadEarlier()` with its state, and whether there is anything earlier to load. */
export function useLoadEarlier(): LoadEarlier {
  const client = useChat()
  const action = useMemo(() => createAsyncAction((limit?: number) => client.loadEarlier(limit)), [client])
  const snapshot = useStoreSelector(action, whole)
  const hasEarlier = useChatSelector(selectHasEarlier)
  return { load: action.run, hasEarlier, state: STATES[snapshot.status], error: snapshot.error }
}
