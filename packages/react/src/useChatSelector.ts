'use client'
import { shallowEqual, type ChatSnapshot } from '@kefu/core'
import { useChat } from './useChat'
import { useStoreSelector } from './useStoreSelector'

/**
 * A slice of the chat snapshot; the component re-renders only when the slice changes (by `isEqual`).
 * On the server and during hydration it reads the initial snapshot, so markup always matches.
 */
export function useChatSelector<T>(
  selector: (snapshot: ChatSnapshot) => T,
  isEqual: (a: T, b: T) => boolean = shallowEqual,
): T {
  return useStoreSelector(useChat(), selector, isEqual)
}
