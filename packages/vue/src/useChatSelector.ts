import { onScopeDispose, shallowReadonly, shallowRef, type ShallowRef } from 'vue'
import type { ChatSnapshot } from '@kefu/core'
import { isServerRendering } from './serverRendering'
import { useChat } from './useChat'

export function shallowEqual<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  return keys.every((key) => Object.is((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
}

/** A readonly ref to a slice of the chat snapshot; it changes (and renders) only when the slice does. */
export function useChatSelector<T>(
  selector: (snapshot: ChatSnapshot) => T,
  isEqual: (a: T, b: T) => boolean = shallowEqual,
): Readonly<ShallowRef<T>> {
  const client = useChat()
  const slice = shallowRef(selector(client.getSnapshot()))
  if (isServerRendering()) return shallowReadonly(slice)
  onScopeDispose(
    client.subscribe(() => {
      const next = selector(client.getSnapshot())
      if (!isEqual(slice.value, next)) slice.value = next
    }),
  )
  return shallowReadonly(slice)
}
