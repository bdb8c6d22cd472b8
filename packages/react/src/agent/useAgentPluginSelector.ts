'use client'
import type { AgentPluginSnapshot } from '@kefu/agent'
import { useStoreSelector } from '../useStoreSelector'
import { useAgentPlugin } from './useAgentPlugin'

/** A slice of the plugin's snapshot; the component re-renders only when the slice changes (by `isEqual`, default `Object.is`). */
export function useAgentPluginSelector<T>(
  selector: (snapshot: AgentPluginSnapshot) => T,
  isEqual?: (a: T, b: T) => boolean,
): T {
  return useStoreSelector(useAgentPlugin(), selector, isEqual)
}
