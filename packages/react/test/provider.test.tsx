import { act, cleanup, render, renderHook, screen } from '@testing-library/react'
import { useState, type ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createChat, type ChatClient } from '@kefu/core'
import { createTestAgent } from '@kefu/core/testing'
import {
  KefuProvider,
  useChat,
  useChatEvent,
  useChatSelector,
  useChatStatus,
  useChatWindow,
  useConnection,
  useEvaluation,
  useMessages,
  useQueuePosition,
  useSendCard,
  useStaff,
  useUnread,
} from '../src'
import { chatOptions, describeEachReactMode, setup, trackListeners } from './utils'

afterEach(cleanup)

describeEachReactMode('KefuProvider and useChat', (mode) => {
  it('useChat returns the same client on every render, and its actions work destructured', async () => {
    const { agent, client } = setup({ onRequest: 'accept' })
    const seen: ChatClient[] = []
    let bump: () => void = () => {}
    function Widget() {
      const chat = useChat()
      const { open, send, minimize } = chat
      const [count, setCount] = useState(0)
      bump = () => setCount((n) => n + 1)
      seen.push(chat)
      return (
        <>
          <output data-testid="count">{count}</output>
          <button onClick={() => open()}>open</button>
          <button onClick={() => void send('hello')}>send</button>
          <button onClick={minimize}>minimize</button>
        </>
      )
    }
    render(
      mode.wrap(
        <KefuProvider client={client}>
          <Widget />
        </KefuProvider>,
      ),
    )
    act(() => bump())
    act(() => bump())
    expect(screen.getByTestId('count').textContent).toBe('2')
    expect(seen.length).toBeGreaterThanOrEqual(3)
    expect(new Set(seen)).toEqual(new Set([client]))

    // Called unbound, as an event handler calls them.
    await act(async () => {
      screen.getByText('open').click()
      await agent.settle()
    })
    expect(client.getSnapshot()).toMatchObject({ window: 'open', status: { name: 'chatting' } })
    await act(async () => {
      screen.getByText('send').click()
      await agent.settle()
    })
    expect(agent.messages.map((m) => m.body)).toEqual([{ type: 'text', text: 'hello' }])
    act(() => screen.getByText('minimize').click())
    expect(client.getSnapshot().window).toBe('minimized')
  })

  it('with options, creates one client, keeps it across re-renders, connects after mount and disconnects on unmount', async () => {
    const agent = createTestAgent()
    const seen: ChatClient[] = []
    function Probe() {
      seen.push(useChat())
      return <output data-testid="connection">{useConnection()}</output>
    }
    // A new options object on every render must not create a new client.
    const tree = () =>
      mode.wrap(
        <KefuProvider options={chatOptions(agent)}>
          <Probe />
        </KefuProvider>,
      )
    const { rerender, unmount } = render(tree())
    rerender(tree())
    await act(() => agent.settle())
    expect(new Set(seen).size).toBe(1)
    expect(screen.getByTestId('connection').textContent).toBe('online')
    expect(agent.connectionCount).toBe(1)
    // StrictMode's mount, unmount, mount leaves exactly one connection that said hello once.
    expect(agent.received.filter((f) => f.type === 'hello')).toHaveLength(1)

    unmount()
    await agent.settle()
    expect(agent.connectionCount).toBe(0)
    expect(seen[0]!.getSnapshot().connection).toBe('offline')
  })

  it('with a client, connects it after mount and disconnects it on unmount', async () => {
    const { agent, client } = setup()
    const { unmount } = render(mode.wrap(<KefuProvider client={client} />))
    await act(() => agent.settle())
    expect(client.getSnapshot().connection).toBe('online')
    expect(agent.connectionCount).toBe(1)
    unmount()
    expect(agent.connectionCount).toBe(0)
    expect(client.getSnapshot().connection).toBe('offline')
  })

  it('switches to a new client prop: the old one disconnects, hooks read the new one', async () => {
    const a = setup({ onRequest: 'accept', visitorId: 'a' })
    const b = setup({ onRequest: 'accept', visitorId: 'b' })
    function Probe() {
      return (
        <>
          <output data-testid="unread">{useUnread()}</output>
          <output data-testid="visitor">{useChatSelector((s) => s.visitorId)}</output>
        </>
      )
    }
    const tree = (client: ChatClient) =>
      mode.wrap(
        <KefuProvider client={client}>
          <Probe />
        </KefuProvider>,
      )
    const { rerender } = render(tree(a.client))
    await act(async () => {
      a.client.requestChat()
      await a.agent.settle()
      a.agent.say('from a')
      await a.agent.settle()
    })
    expect(screen.getByTestId('unread').textContent).toBe('1')
    expect(screen.getByTestId('visitor').textContent).toBe('a')

    rerender(tree(b.client))
    await act(async () => {
      await a.agent.settle()
      await b.agent.settle()
    })
    expect(a.agent.connectionCount).toBe(0)
    expect(b.agent.connectionCount).toBe(1)
    expect(screen.getByTestId('visitor').textContent).toBe('b')
    expect(screen.getByTestId('unread').textContent).toBe('0')

    await act(async () => {
      b.client.requestChat()
      await b.agent.settle()
      b.agent.say('one')
      b.agent.say('two')
      await b.agent.settle()
    })
    expect(screen.getByTestId('unread').textContent).toBe('2')
  })

  it('removes every subscription and event listener on unmount', async () => {
    const { agent, client } = setup({ onRequest: 'accept' })
    const listeners = trackListeners(client)
    function Everything() {
      useUnread()
      useChatStatus()
      useStaff()
      useQueuePosition()
      useMessages()
      useConnection()
      useChatWindow()
      useEvaluation()
      useChatSelector((s) => s.agentTyping)
      useSendCard()
      useChat()
      useChatEvent('message', () => {})
      useChatEvent('statusChange', () => {})
      return null
    }
    const { rerender, unmount } = render(
      mode.wrap(
        <KefuProvider client={client}>
          <Everything />
        </KefuProvider>,
      ),
    )
    await act(async () => {
      client.open()
      await agent.settle()
      agent.say('hi')
      await agent.settle()
    })
    // One store subscription per selector hook, one listener per useChatEvent; StrictMode's
    // extra mount must not leave any behind.
    expect(listeners.subscriptions).toBe(9)
    expect(listeners.eventListeners).toBe(2)
    rerender(
      mode.wrap(
        <KefuProvider client={client}>
          <Everything />
        </KefuProvider>,
      ),
    )
    expect(listeners.subscriptions).toBe(9)
    expect(listeners.eventListeners).toBe(2)

    unmount()
    expect(listeners.subscriptions).toBe(0)
    expect(listeners.eventListeners).toBe(0)
    expect(agent.connectionCount).toBe(0)
  })
})

describe('hooks outside a KefuProvider', () => {
  const hooks: [string, () => unknown][] = [
    ['useChat', useChat],
    ['useChatSelector', () => useChatSelector((s) => s.unread)],
    ['useChatStatus', useChatStatus],
    ['useUnread', useUnread],
    ['useStaff', useStaff],
    ['useQueuePosition', useQueuePosition],
    ['useMessages', useMessages],
    ['useConnection', useConnection],
    ['useChatWindow', useChatWindow],
    ['useEvaluation', useEvaluation],
    ['useSendCard', useSendCard],
    ['useChatEvent', () => useChatEvent('message', () => {})],
  ]

  it.each(hooks)('%s throws an error that says to use KefuProvider', (_name, hook) => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      expect(() => renderHook(hook)).toThrow(/KefuProvider/)
    } finally {
      consoleError.mockRestore()
    }
  })

  it('also throws under wrappers that are not a KefuProvider', () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
    const wrapper = ({ children }: { children: ReactNode }) => <div>{children}</div>
    try {
      expect(() => renderHook(useUnread, { wrapper })).toThrow(/<KefuProvider/)
    } finally {
      consoleError.mockRestore()
    }
  })
})

describe('KefuProvider never shares a client', () => {
  it('two providers with the same options get two clients', async () => {
    const agent = createTestAgent()
    const options = chatOptions(agent)
    const seen: ChatClient[] = []
    function Probe() {
      seen.push(useChat())
      return null
    }
    render(
      <>
        <KefuProvider options={options}>
          <Probe />
        </KefuProvider>
        <KefuProvider options={options}>
          <Probe />
        </KefuProvider>
      </>,
    )
    await act(() => agent.settle())
    expect(seen).toHaveLength(2)
    expect(seen[0]).not.toBe(seen[1])
    expect(agent.connectionCount).toBe(2)
  })

  it('a client passed in is used as is', () => {
    const agent = createTestAgent()
    const client = createChat(chatOptions(agent))
    const { result } = renderHook(useChat, {
      wrapper: ({ children }) => <KefuProvider client={client}>{children}</KefuProvider>,
    })
    expect(result.current).toBe(client)
  })
})
