import type { InjectionKey } from 'vue'
import type { AgentPlugin } from '@kefu/agent'

/** Where `createKefuAgent()` provides the plugin SDK; inject it yourself or use `useAgentPlugin()`. */
export const kefuAgentKey: InjectionKey<AgentPlugin> = Symbol('kefu agent plugin')
