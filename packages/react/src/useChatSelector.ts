'use client'
import { useCallback, useRef, useSyncExternalStore } from 'react'
import { shallowEqual, type ChatSnapshot } from '@kefu/core'
import { useChat } from './useChat'

/**
 * A slice of the chat snapshot; the component re-renders only when the slice changes (by `isEqual`).
 * On the server and during hydration it reads the initial snapshot, so markup always matches.
 */
export function useChatSelector<T>(
  selector: (snapshot: ChatSnapshot) => T,
  isEqual: (a: T, b: T) => boolean = shallowEqual,
): T {
  const client = useChat()
  const memo = useRef<{ snapshot: ChatSnapshot; selector: (snapshot: ChatSnapshot) => T; selection: T } | null>(null)
  const select = useCallback(
    (snapshot: ChatSnapshot): T => {
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
    client.subscribe,
    () => select(client.getSnapshot()),
    () => select(client.getInitialSnapshot()),
  )
}
