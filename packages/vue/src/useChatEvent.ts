import { onScopeDispose } from 'vue'
import type { ChatEventMap } from '@kefu/core'
import { isServerRendering } from './serverRendering'
import { useChat } from './useChat'

/** Calls `handler` on each `name` event until the component (or effect scope) is disposed; never on the server. */
export function useChatEvent<K extends keyof ChatEventMap>(name: K, handler: (payload: ChatEventMap[K]) => void): void {
  const client = useChat()
  // No connection and no unmount during server rendering: listening would only leak.
  if (isServerRendering()) return
  onScopeDispose(client.on(name, handler))
}
