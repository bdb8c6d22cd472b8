import { createContext, useContext } from 'react'
import { useStoreSelector } from '@kefu/react'
import type { Desk, DeskSnapshot } from '../desk'

export const DeskContext = createContext<Desk | null>(null)

export function useDeskStore(): Desk {
  const desk = useContext(DeskContext)
  if (!desk) throw new Error('useDesk needs a <DeskContext.Provider value={createDesk()}> above it')
  return desk
}

/**
 * The one hook over the desk store: a slice of the snapshot, re-rendering only when `isEqual` says the
 * slice changed (by identity unless told otherwise). The selector memo is `@kefu/react`'s, shared by every kefu hook.
 */
export function useDesk<T>(select: (state: DeskSnapshot) => T, isEqual?: (a: T, b: T) => boolean): T {
  return useStoreSelector(useDeskStore(), select, isEqual)
}
