// No 'use client' here (each hook and the provider carry their own); the plugin SDK itself (createAgentPlugin,
// types…) comes from '@kefu/agent', an optional peer that only users of this entry install.
export { AgentPluginProvider } from './AgentPluginProvider'
export type { AgentPluginProviderProps } from './AgentPluginProvider'
export { useAgentPlugin } from './useAgentPlugin'
export { useAgentPluginSelector } from './useAgentPluginSelector'
export { useAgentPluginError, useAgentPluginStatus, useSelectedVisitor, useVisitorMessages } from './slices'
export { usePushCard } from './usePushCard'
export type { PushCard, PushCardState } from './usePushCard'
