import type { ShallowRef } from 'vue'
import type { AgentPluginSnapshot, PluginError, ReceivedMessage, SelectedVisitor } from '@kefu/agent'
import { useAgentPluginSelector } from './useAgentPluginSelector'

/** The visitor the agent has selected in the workbench (Echat `onSelectVisitor`), or `null`. */
export function useSelectedVisitor(): Readonly<ShallowRef<SelectedVisitor | null>> {
  return useAgentPluginSelector((s) => s.selected)
}

/** The selected visitor's messages since the agent selected them (Echat `onReceiveMsg`). */
export function useVisitorMessages(): Readonly<ShallowRef<readonly ReceivedMessage[]>> {
  return useAgentPluginSelector((s) => s.messages)
}

/** Where the signature check stands: `unconfigured`, `verifying`, `ready` or `error`. */
export function useAgentPluginStatus(): Readonly<ShallowRef<AgentPluginSnapshot['status']>> {
  return useAgentPluginSelector((s) => s.status)
}

/** Why the workbench refused the page (an invalid, expired or replayed signature…), or `null`. */
export function useAgentPluginError(): Readonly<ShallowRef<PluginError | null>> {
  return useAgentPluginSelector((s) => s.error)
}
