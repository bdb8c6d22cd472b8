'use client'
import { useContext } from 'react'
import type { AgentPlugin } from '@kefu/agent'
import { AgentPluginContext } from './AgentPluginContext'

/** The plugin SDK of the nearest `<AgentPluginProvider>`: its methods (`sendTxtMsgToVisitor`, …) never re-render. */
export function useAgentPlugin(): AgentPlugin {
  const plugin = useContext(AgentPluginContext)
  if (!plugin) {
    throw new Error(
      '[kefu] useSelectedVisitor(), useVisitorMessages() and the other @kefu/react/agent hooks must be used inside ' +
        '<AgentPluginProvider config={{ timestamp, nonce, signature }}>. Wrap your business page in it.',
    )
  }
  return plugin
}
