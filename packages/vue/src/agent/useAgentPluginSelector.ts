import type { ShallowRef } from 'vue'
import type { AgentPluginSnapshot } from '@kefu/agent'
import { useStoreSelector } from '../useStoreSelector'
import { useAgentPlugin } from './useAgentPlugin'

/** A readonly ref to a slice of the plugin's snapshot; it changes only when the slice does (`isEqual`, default `Object.is`). */
export function useAgentPluginSelector<T>(
  selector: (snapshot: AgentPluginSnapshot) => T,
  isEqual?: (a: T, b: T) => boolean,
): Readonly<ShallowRef<T>> {
  return useStoreSelector(useAgentPlugin(), selector, isEqual)
}
