import { act, cleanup, render } from '@testing-library/react'
import { afterEach, expect, it, vi } from 'vitest'
import type { ChatEventMap, ChatMessage } from '@kefu/core'
import { KefuProvider, useChatEvent } from '../src'
import { describeEachReactMode, setup } from './utils'

afterEach(cleanup)

const textOf = (message: ChatMessage) => (message.body.type === 'text' ? message.body.text : message.body.type)

describeEachReactMode('useChatEvent', (mode) => {
  function mount() {
    const { agent, client } = setup({ onRequest: 'accept' })
    function Listener({ onMessage }: { onMessage: (message: ChatMessage) => void }) {
      useChatEvent('message', onMessage)
      return null
    }
    const tree = (onMessage: (message: ChatMessage) => void) =>
      mode.wrap(
        <KefuProvider client={client}>
          <Listener onMessage={onMessage} />
        </KefuProvider>,
      )
    return { agent, client, tree }
  }

  const say = (agent: ReturnType<typeof setup>['agent'], text: string) =>
    act(async () => {
      agent.say(text)
      await agent.settle()
    })

  it('calls the handler once for each agent message', async () => {
    const { agent, client, tree } = mount()
    const handler = vi.fn<(message: ChatMessage) => void>()
    render(tree(handler))
    await act(async () => {
      client.open()
      await agent.settle()
    })
    await say(agent, 'hello')
    await say(agent, 'how can I help?')
    expect(handler.mock.calls.map(([m]) => [m.sender, textOf(m)])).toEqual([
      ['agent', 'hello'],
      ['agent', 'how can I help?'],
    ])
  })

  it('uses the latest handler after a re-render with a new one', async () => {
    const { agent, client, tree } = mount()
    const first = vi.fn<(message: ChatMessage) => void>()
    const second = vi.fn<(message: ChatMessage) => void>()
    const { rerender } = render(tree(first))
    await act(async () => {
      client.open()
      await agent.settle()
    })
    await say(agent, 'one')
    rerender(tree(second))
    await say(agent, 'two')
    expect(first.mock.calls.map(([m]) => textOf(m))).toEqual(['one'])
    expect(second.mock.calls.map(([m]) => textOf(m))).toEqual(['two'])
  })

  it('is not called after unmount', async () => {
    const { agent, client, tree } = mount()
    const handler = vi.fn<(message: ChatMessage) => void>()
    const { unmount } = render(tree(handler))
    await act(async () => {
      client.open()
      await agent.settle()
    })
    await say(agent, 'before')
    unmount()
    // The client keeps running without the provider; the agent still talks to it.
    client.connect()
    await agent.settle()
    agent.say('after')
    await agent.settle()
    expect(client.getSnapshot().messages.map(textOf)).toEqual(['before', 'after'])
    expect(handler.mock.calls.map(([m]) => textOf(m))).toEqual(['before'])
  })

  it('re-subscribes when the event name changes', async () => {
    const { agent, client } = setup({ onRequest: 'accept' })
    const seen: string[] = []
    function Listener({ name }: { name: 'statusChange' | 'windowChange' }) {
      useChatEvent(name, (payload: ChatEventMap['statusChange'] | ChatEventMap['windowChange']) =>
        seen.push('status' in payload ? `status:${payload.status.name}` : `window:${payload.window}`),
      )
      return null
    }
    const tree = (name: 'statusChange' | 'windowChange') =>
      mode.wrap(
        <KefuProvider client={client}>
          <Listener name={name} />
        </KefuProvider>,
      )
    const { rerender } = render(tree('statusChange'))
    await act(async () => {
      client.open()
      await agent.settle()
    })
    rerender(tree('windowChange'))
    await act(async () => {
      client.minimize()
      agent.end(2)
      await agent.settle()
    })
    expect(seen).toEqual(['status:chatting', 'window:minimized'])
  })
})
