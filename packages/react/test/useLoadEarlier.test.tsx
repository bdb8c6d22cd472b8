import { act, cleanup, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, expect, it } from 'vitest'
import { createChat, memoryStorage, type ChatSnapshot } from '@kefu/core'
import { createTestAgent } from '@kefu/core/testing'
import { KefuProvider, useChatSelector, useLoadEarlier, type LoadEarlierState } from '../src'
import { chatOptions, describeEachReactMode, type ReactMode } from './utils'

afterEach(cleanup)

const agentTexts = (s: ChatSnapshot) => s.messages.filter((m) => m.sender === 'agent').length

describeEachReactMode('useLoadEarlier', (mode: ReactMode) => {
  it('loads the page before the first message shown: loading → loaded, and hasEarlier follows the server', async () => {
    // A returning visitor with 130 agent messages: the welcome brings the newest 100.
    const agent = createTestAgent({ onRequest: 'accept' })
    const storage = memoryStorage()
    const first = createChat(chatOptions(agent, { storage }))
    first.connect()
    first.open()
    await agent.settle()
    for (let i = 1; i <= 130; i++) agent.say(`第 ${i} 条`)
    await agent.settle()
    first.destroy()
    // Its own client ids: the server answers a repeated id with its first answer.
    let ids = 0
    const client = createChat(chatOptions(agent, { storage, generateId: () => `second-${++ids}` }))
    const states: LoadEarlierState[] = []
    const wrapper = ({ children }: { children: ReactNode }) => mode.wrap(<KefuProvider client={client}>{children}</KefuProvider>)
    const hook = renderHook(
      () => {
        const earlier = useLoadEarlier()
        if (states.at(-1) !== earlier.state) states.push(earlier.state)
        return { earlier, shown: useChatSelector(agentTexts) }
      },
      { wrapper },
    )
    await act(async () => {
      client.connect()
      await agent.settle()
    })
    expect(hook.result.current.shown).toBe(100)
    expect(hook.result.current.earlier.hasEarlier).toBe(true)

    let loading!: Promise<number>
    act(() => {
      loading = hook.result.current.earlier.load()
    })
    expect(hook.result.current.earlier.state).toBe('loading')
    await act(async () => {
      await agent.settle()
      expect(await loading).toBe(30)
    })
    expect(hook.result.current.shown).toBe(130)
    expect(hook.result.current.earlier.hasEarlier).toBe(false)
    expect(states).toEqual(['idle', 'loading', 'loaded'])
    client.destroy()
  })
})
