'use client'
import { useMemo, useSyncExternalStore } from 'react'
import { createAsyncAction } from '@kefu/core'
import type { VisitorEvent } from '@kefu/agent'
import { useAgentPlugin } from './useAgentPlugin'

export type PushCardState = 'idle' | 'pushing' | 'pushed' | 'error'

export interface PushCard {
  /** Sends the card (Echat `pushVisitorEvent`) to the selected visitor; `state` follows the promise. */
  readonly push: (card: VisitorEvent) => Promise<void>
  readonly state: PushCardState
  readonly error: unknown
  readonly reset: () => void
}

const STATES = { idle: 'idle', pending: 'pushing', success: 'pushed', error: 'error' } as const

export function usePushCard(): PushCard {
  const plugin = useAgentPlugin()
  const action = useMemo(() => createAsyncAction((card: VisitorEvent) => plugin.pushVisitorEvent(card)), [plugin])
  const snapshot = useSyncExternalStore(action.subscribe, action.getSnapshot, action.getSnapshot)
  return { push: action.run, state: STATES[snapshot.status], error: snapshot.error, reset: action.reset }
}
