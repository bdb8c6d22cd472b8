import { act, cleanup } from '@testing-library/react'
import { hydrateRoot, type Root } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createChat, type ChatClient, type ChatOptions } from '@kefu/core'
import { createTestAgent, type TestAgent } from '@kefu/core/testing'
import { KefuProvider, useChat, useChatStatus, useConnection, useUnread } from '../src'
import { chatOptions } from './utils'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

function Badge() {
  const unread = useUnread()
  const { code } = useChatStatus()
  const connection = useConnection()
  return (
    <span data-testid="badge" data-status={code} data-connection={connection}>
      {unread}
    </span>
  )
}

function App({ clients }: { clients?: ChatClient[] }) {
  const client = useChat()
  clients?.push(client)
  return <Badge />
}

const withOptions = (options: ChatOptions, clients?: ChatClient[]) => (
  <KefuProvider options={options}>
    <App {...(clients ? { clients } : {})} />
  </KefuProvider>
)

/** Puts server HTML into the page the way a browser would receive it. */
function serverPage(html: string): HTMLElement {
  const container = document.createElement('div')
  container.innerHTML = html
  document.body.appendChild(container)
  return container
}

const badge = (container: HTMLElement) => container.querySelector<HTMLElement>('[data-testid="badge"]')!

/** Hydrates inside act, recording console errors and recoverable (hydration) errors. */
async function hydrate(container: HTMLElement, node: ReactNode, agent: TestAgent) {
  const consoleError = vi.spyOn(console, 'error')
  const recoverable: unknown[] = []
  let root!: Root
  await act(async () => {
    root = hydrateRoot(container, node, { onRecoverableError: (error) => recoverable.push(error) })
    await agent.settle()
  })
  return { root, consoleError, recoverable }
}

describe('server rendering', () => {
  it('renders the initial state and opens no connection', async () => {
    const agent = createTestAgent({ onRequest: 'accept' })
    const html = renderToString(withOptions(chatOptions(agent)))
    const container = serverPage(html)
    expect(badge(container).textContent).toBe('0')
    expect(badge(container).dataset).toMatchObject({ status: '0', connection: 'idle' })
    await agent.settle()
    expect(agent.connectionCount).toBe(0)
    expect(agent.received).toEqual([])
  })

  it('creates a new client for every render (no client shared across requests)', async () => {
    const agent = createTestAgent()
    const options = chatOptions(agent)
    const clients: ChatClient[] = []
    const first = renderToString(withOptions(options, clients))
    const second = renderToString(withOptions(options, clients))
    expect(first).toBe(second)
    expect(clients).toHaveLength(2)
    expect(clients[0]).not.toBe(clients[1])
    await agent.settle()
    expect(agent.connectionCount).toBe(0)
  })

  it('renders the initial state even for a client that already has state', async () => {
    const agent = createTestAgent({ onRequest: 'accept' })
    const client = createChat(chatOptions(agent))
    client.connect()
    await agent.settle()
    agent.say('hi')
    await agent.settle()
    expect(client.getSnapshot().unread).toBe(1)
    const container = serverPage(
      renderToString(
        <KefuProvider client={client}>
          <Badge />
        </KefuProvider>,
      ),
    )
    expect(badge(container).textContent).toBe('0')
    client.disconnect()
  })
})

describe('hydration', () => {
  it('hydrates server HTML without a mismatch, then connects and follows the agent', async () => {
    const agent = createTestAgent({ onRequest: 'accept' })
    const options = chatOptions(agent)
    const container = serverPage(renderToString(withOptions(options)))
    const serverSpan = badge(container)
    expect(agent.connectionCount).toBe(0)

    const clients: ChatClient[] = []
    const { root, consoleError, recoverable } = await hydrate(container, withOptions(options, clients), agent)
    expect(consoleError).not.toHaveBeenCalled()
    expect(recoverable).toEqual([])
    // Hydrated, not re-created: React kept the server's element.
    expect(badge(container)).toBe(serverSpan)
    expect(new Set(clients).size).toBe(1)
    expect(agent.connectionCount).toBe(1)
    expect(serverSpan.dataset.connection).toBe('online')

    await act(async () => {
      clients[0]!.requestChat()
      await agent.settle()
      agent.say('hello from the agent')
      await agent.settle()
    })
    expect(serverSpan.textContent).toBe('1')
    expect(serverSpan.dataset.status).toBe('2')
    expect(consoleError).not.toHaveBeenCalled()

    act(() => root.unmount())
    expect(agent.connectionCount).toBe(0)
  })

  it('hydrates with the initial state when the client already has state, then shows it', async () => {
    // The server had a fresh client; in the browser the client connected before hydration.
    const agent = createTestAgent({ onRequest: 'accept' })
    const container = serverPage(renderToString(withOptions(chatOptions(agent))))
    expect(badge(container).textContent).toBe('0')

    const client = createChat(chatOptions(agent))
    client.connect()
    await agent.settle()
    agent.say('one')
    agent.say('two')
    await agent.settle()
    expect(client.getSnapshot().unread).toBe(2)

    const { root, consoleError, recoverable } = await hydrate(
      container,
      <KefuProvider client={client}>
        <Badge />
      </KefuProvider>,
      agent,
    )
    expect(consoleError).not.toHaveBeenCalled()
    expect(recoverable).toEqual([])
    expect(badge(container).textContent).toBe('2')
    expect(badge(container).dataset).toMatchObject({ status: '0', connection: 'online' })
    act(() => root.unmount())
  })
})
