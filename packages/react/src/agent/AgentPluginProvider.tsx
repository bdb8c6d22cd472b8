'use client'
import { useEffect, useState, type ReactNode } from 'react'
import { createAgentPlugin, type AgentPlugin, type AgentPluginConfig, type AgentPluginOptions } from '@kefu/agent'
import { AgentPluginContext } from './AgentPluginContext'

export type AgentPluginProviderProps = {
  /** The signature your page's server computed; the provider calls `config` with it after mounting. */
  readonly config?: AgentPluginConfig
  readonly children?: ReactNode
} & (
  | { readonly plugin: AgentPlugin; readonly options?: never }
  | { readonly options?: AgentPluginOptions; readonly plugin?: never }
)

/**
 * Gives a business page (a plugin inside the kefu agent workbench) its SDK: yours (`plugin`) or one it
 * creates on first render. `config` is sent after mounting, so server rendering never posts a message.
 */
export function AgentPluginProvider(props: AgentPluginProviderProps) {
  const [created] = useState(() => props.plugin ?? createAgentPlugin(props.options))
  const plugin = props.plugin ?? created
  const { config } = props
  const timestamp = config?.timestamp
  const nonce = config?.nonce
  const signature = config?.signature
  const debug = config?.debug

  useEffect(() => {
    if (timestamp === undefined || nonce === undefined || signature === undefined) return
    plugin.config({ timestamp, nonce, signature, ...(debug === undefined ? {} : { debug }) })
  }, [plugin, timestamp, nonce, signature, debug])

  // Only a plugin the provider created is the provider's to destroy.
  useEffect(() => (props.plugin ? undefined : () => created.destroy()), [props.plugin, created])

  return <AgentPluginContext.Provider value={plugin}>{props.children}</AgentPluginContext.Provider>
}
