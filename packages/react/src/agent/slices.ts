'use client'
import type { AgentPluginSnapshot, PluginError, ReceivedMessage, SelectedVisitor } from '@kefu/agent'
import { useAgentPluginSelector } from './useAgentPluginSelector'

const selected = (s: AgentPluginSnapshot) => s.selected
const messages = (s: AgentPluginSnapshot) => s.messages
const status = (s: AgentPluginSnapshot) => s.status
const error = (s: AgentPluginSnapshot) => s.error

/** The visitor the agent has selected in the workbench (Echat `onSelectVisitor`), or `null`. */
export function useSelectedVisitor(): SelectedVisitor | null {
  return useAgentPluginSelector(selected)
}

/** The selected visitor's messages since the agent selected them (Echat `onReceiveMsg`). */
export function useVisitorMessages(): readonly ReceivedMessage[] {
  return useAgentPluginSelector(messages)
}

/** Where the signature check stands: `unconfigured`, `verifying`, `ready` or `error`. */
export function useAgentPluginStatus(): AgentPluginSnapshot['status'] {
  return useAgentPluginSelector(status)
}

/** Why the workbench refused the page (an invalid, expired or replayed signature…), or `null`. */
export function useAgentPluginError(): PluginError | null {
  return useAgentPluginSelector(error)
}
