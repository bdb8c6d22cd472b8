import { StrictMode, type ReactNode } from 'react'
import { createChat, memoryStorage, type ChatClient } from '@kefu/core'
import { createTestAgent, createTestVisibility, type TestAgent, type TestAgentOptions } from '@kefu/core/testing'
import { KefuProvider } from '@kefu/react'

/** A chat client on an in-process test agent, touching neither localStorage nor `document`. */
export function setup(options: TestAgentOptions = {}): { agent: TestAgent; client: ChatClient; visibility: ReturnType<typeof createTestVisibility> } {
  const agent = createTestAgent(options)
  const visibility = createTestVisibility(true)
  let ids = 0
  const client = createChat({ companyId: 'demo', transport: agent.transport, storage: memoryStorage(), visibility, generateId: () => `c${++ids}` })
  return { agent, client, visibility }
}

/** The tree as the store renders it, under StrictMode (double effects) like `next dev`. */
export const withClient = (client: ChatClient, node: ReactNode) => (
  <StrictMode>
    <KefuProvider client={client}>{node}</KefuProvider>
  </StrictMode>
)
