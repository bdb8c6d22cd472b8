'use client'
import { useCallback, useRef, useSyncExternalStore } from 'react'
import type { ReadableStore } from '@kefu/core/store'

/**
 * A slice of a kefu store (a chat client, an agent plugin, an async action…): one `useSyncExternalStore`
 * whose selection is kept while `isEqual` says it did not change, so the component re-renders only when
 * its slice does. On the server and during hydration it reads the store's initial snapshot, so markup
 * always matches. Every kefu hook is built on it.
 */
export function useStoreSelector<S, T>(
  store: ReadableStore<S>,
  selector: (snapshot: S) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): T {
  const memo = useRef<{ snapshot: S; selector: (snapshot: S) => T; selection: T } | null>(null)
  const select = useCallback(
    (snapshot: S): T => {
      const last = memo.current
      // A new selector (e.g. one that reads a prop) must run even when the snapshot did not change.
      if (last && last.snapshot === snapshot && last.selector === selector) return last.selection
      const selection = selector(snapshot)
      // Keep the previous selection when equal, so React sees the same value and skips the render.
      const stable = last && isEqual(last.selection, selection) ? last.selection : selection
      memo.current = { snapshot, selector, selection: stable }
      return stable
    },
    [selector, isEqual],
  )
  return useSyncExternalStore(
    store.subscribe,
    () => select(store.getSnapshot()),
    () => select(store.getInitialSnapshot()),
  )
}
