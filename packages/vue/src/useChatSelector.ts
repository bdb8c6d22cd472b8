import { onScopeDispose, shallowReadonly, shallowRef, type ShallowRef } from 'vue'
import { shallowEqual, type ChatSnapshot } from '@kefu/core'
import { isServerRendering } from './serverRendering'
import { useChat } from './useChat'

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
