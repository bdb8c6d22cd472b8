import { onScopeDispose, shallowReadonly, shallowRef, type ShallowRef } from 'vue'
import type { ReadableStore } from '@kefu/core/store'
import { isServerRendering } from './serverRendering'

/**
 * A readonly ref to a slice of a kefu store (a chat client, an agent plugin, an async action…): a
 * `shallowRef` that changes (and renders) only when `isEqual` says the slice did, and a subscription
 * removed with `onScopeDispose`. During server rendering it reads the initial snapshot and does not
 * subscribe (nothing is unmounted there). Every kefu composable is built on it.
 */
export function useStoreSelector<S, T>(
  store: ReadableStore<S>,
  selector: (snapshot: S) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): Readonly<ShallowRef<T>> {
  if (isServerRendering()) return shallowReadonly(shallowRef(selector(store.getInitialSnapshot())))
  const slice = shallowRef(selector(store.getSnapshot()))
  onScopeDispose(
    store.subscribe(() => {
      const next = selector(store.getSnapshot())
      if (!isEqual(slice.value, next)) slice.value = next
    }),
  )
  return shallowReadonly(slice)
}
