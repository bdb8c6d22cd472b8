// @vitest-environment node
import { renderToString } from 'react-dom/server'
import { expect, it } from 'vitest'
import { createTestAgent } from '@kefu/core/testing'
import { memoryStorage, type ChatClient } from '@kefu/core'
import { KefuProvider, useChat, useChatStatus, useMessages, useSendCard, useUnread } from '../src'

// The same render as a Node server does it: no DOM at all.
it('renders on a server without a DOM and opens no connection', async () => {
  expect(typeof document).toBe('undefined')
  const agent = createTestAgent()
  const clients: ChatClient[] = []
  function Widget() {
    clients.push(useChat())
    const unread = useUnread()
    const { label } = useChatStatus()
    const messages = useMessages()
    const { state } = useSendCard()
    return (
      <p>
        unread {unread}, status {label ?? 'none'}, {messages.length} messages, card {state}
      </p>
    )
  }
  const render = () =>
    renderToString(
      <KefuProvider options={{ companyId: 'demo', transport: agent.transport, storage: memoryStorage() }}>
        <Widget />
      </KefuProvider>,
    )
  const html = render()
  expect(html).toBe('<p>unread <!-- -->0<!-- -->, status <!-- -->none<!-- -->, <!-- -->0<!-- --> messages, card <!-- -->idle</p>')
  render()
  expect(clients).toHaveLength(2)
  expect(clients[0]).not.toBe(clients[1])
  await agent.settle()
  expect(agent.connectionCount).toBe(0)
  expect(clients.map((c) => c.getSnapshot().connection)).toEqual(['idle', 'idle'])
})
