'use client'
import { useEffect, useInsertionEffect, useRef } from 'react'
import type { ChatEventMap } from '@kefu/core'
import { useChat } from './useChat'

/** Calls `handler` on each `name` event while the component is mounted; the latest handler is always used. */
export function useChatEvent<K extends keyof ChatEventMap>(name: K, handler: (payload: ChatEventMap[K]) => void): void {
  const client = useChat()
  const latest = useRef(handler)
  // Before any other effect of the commit runs, so no event reaches a stale handler.
  useInsertionEffect(() => {
    latest.current = handler
  })
  useEffect(() => client.on(name, (payload) => latest.current(payload)), [client, name])
}
