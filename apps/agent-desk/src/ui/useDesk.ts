import { createContext, useCallback, useContext, useRef, useSyncExternalStore } from 'react'
import type { Desk, DeskSnapshot } from '../desk'

export const DeskContext = createContext<Desk | null>(null)

export function useDeskStore(): Desk {
  const desk = useContext(DeskContext)
  if (!desk) throw new Error('useDesk needs a <DeskContext.Provider value={createDesk()}> above it')
  return desk
}

/**
 * The one hook over the desk store: a slice of the snapshot, re-rendering only when `isEqual` says the
 * slice changed (by identity unless told otherwise).
 */
export function useDesk<T>(select: (state: DeskSnapshot) => T, isEqual: (a: T, b: T) => boolean = Object.is): T {
  const desk = useDeskStore()
  const last = useRef<{ state: DeskSnapshot; select: (state: DeskSnapshot) => T; value: T } | null>(null)
  const getSlice = useCallback(() => {
    const state = desk.getSnapshot()
    const cached = last.current
    if (cached && cached.state === state && cached.select === select) return cached.value
    const value = select(state)
    if (cached && isEqual(cached.value, value)) {
      last.current = { state, select, value: cached.value }
      return cached.value
    }
    last.current = { state, select, value }
    return value
  }, [desk, select, isEqual])
  return useSyncExternalStore(desk.subscribe, getSlice, getSlice)
}
