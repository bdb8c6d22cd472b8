import { shallowEqual, type ChatSnapshot } from '@kefu/core'
import type { ShallowRef } from 'vue'
import { useChat } from './useChat'
import { useStoreSelector } from './useStoreSelector'

/** A readonly ref to a slice of the chat snapshot; it changes (and renders) only when the slice does. */
export function useChatSelector<T>(
  selector: (snapshot: ChatSnapshot) => T,
  isEqual: (a: T, b: T) => boolean = shallowEqual,
): Readonly<ShallowRef<T>> {
  return useStoreSelector(useChat(), selector, isEqual)
}
