import { onScopeDispose, shallowReadonly, shallowRef, type ShallowRef } from 'vue'
import type { AgentPluginSnapshot } from '@kefu/agent'
import { isServerRendering } from '../serverRendering'
import { useAgentPlugin } from './useAgentPlugin'

/** A readonly ref to a slice of the plugin's snapshot; it changes only when the slice does (`Object.is`). */
export function useAgentPluginSelector<T>(selector: (snapshot: AgentPluginSnapshot) => T): Readonly<ShallowRef<T>> {
  const plugin = useAgentPlugin()
  const slice = shallowRef(selector(plugin.getSnapshot()))
  if (isServerRendering()) return shallowReadonly(slice)
  onScopeDispose(
    plugin.subscribe(() => {
      const next = selector(plugin.getSnapshot())
      if (!Object.is(slice.value, next)) slice.value = next
    }),
  )
  return shallowReadonly(slice)
}
