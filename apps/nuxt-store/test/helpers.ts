import { render } from '@testing-library/vue'
import type { Component } from 'vue'
import { createChat, createKefu, memoryStorage } from '@kefu/vue'
import { createTestAgent, type TestAgentOptions } from '@kefu/core/testing'

/** Renders a component with a kefu client connected to an in-process test agent. */
export function renderWithChat(component: Component, props: Record<string, unknown> = {}, agentOptions: TestAgentOptions = {}) {
  const agent = createTestAgent(agentOptions)
  const client = createChat({
    companyId: 'demo',
    transport: agent.transport,
    storage: memoryStorage(),
    visibility: { isVisible: () => true, subscribe: () => () => {} },
  })
  const result = render(component, { props, global: { plugins: [createKefu({ client })] } })
  return { ...result, agent, client }
}
