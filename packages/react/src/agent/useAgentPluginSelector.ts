'use client'
import { useCallback, useRef, useSyncExternalStore } from 'react'
import type { AgentPluginSnapshot } from '@kefu/agent'
import { useAgentPlugin } from './useAgentPlugin'

/** A slice of the plugin's snapshot; the component re-renders only when the slice changes (by `Object.is`). */
export function useAgentPluginSelector<T>(selector: (snapshot: AgentPluginSnapshot) => T): T {
  const plugin = useAgentPlugin()
  const memo = useRef<{ snapshot: AgentPluginSnapshot; selector: (snapshot: AgentPluginSnapshot) => T; selection: T } | null>(null)
  const select = useCallback(
    (snapshot: AgentPluginSnapshot): T => {
      const last = memo.current
      if (last && last.snapshot === snapshot && last.selector === selector) return last.selection
      const selection = selector(snapshot)
      memo.current = { snapshot, selector, selection }
      return selection
    },
    [selector],
  )
  const read = () => select(plugin.getSnapshot())
  return useSyncExternalStore(plugin.subscribe, read, read)
}
