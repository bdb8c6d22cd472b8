import { hasInjectionContext, inject } from 'vue'
import type { AgentPlugin } from '@kefu/agent'
import { kefuAgentKey } from './kefuAgentKey'

/** The page's plugin SDK: its methods (`sendTxtMsgToVisitor`, `setVisitorChatSign`, …). */
export function useAgentPlugin(): AgentPlugin {
  const plugin = hasInjectionContext() ? inject(kefuAgentKey, null) : null
  if (!plugin) {
    throw new Error(
      '[kefu] useSelectedVisitor(), useVisitorMessages() and the other @kefu/vue/agent composables need the plugin: call ' +
        'app.use(createKefuAgent({ config: { timestamp, nonce, signature } })) before mounting, and use them inside setup().',
    )
  }
  return plugin
}
