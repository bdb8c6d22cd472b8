import { hasInjectionContext, inject } from 'vue'
import type { ChatClient } from '@kefu/core'
import { kefuClientKey } from './kefuClientKey'

/** The app's chat client: its actions (`open`, `send`, `sendCard`, …). */
export function useChat(): ChatClient {
  const client = hasInjectionContext() ? inject(kefuClientKey, null) : null
  if (!client) {
    throw new Error(
      '[kefu] useChat() and the other kefu composables need the kefu plugin: call ' +
        'app.use(createKefu({ companyId, transport })) before mounting, and use them inside setup().',
    )
  }
  return client
}
