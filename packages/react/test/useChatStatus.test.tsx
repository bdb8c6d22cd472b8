import { act, cleanup, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, expect, it } from 'vitest'
import { KefuProvider, useChatStatus } from '../src'
import { describeEachReactMode, setup } from './utils'

afterEach(cleanup)

describeEachReactMode('useChatStatus', (mode) => {
  function mountHook(agentOptions: Parameters<typeof setup>[0] = {}) {
    const { agent, client } = setup(agentOptions)
    const wrapper = ({ children }: { children: ReactNode }) =>
      mode.wrap(<KefuProvider client={client}>{children}</KefuProvider>)
    const { result } = renderHook(useChatStatus, { wrapper })
    const step = (action: () => void) =>
      act(async () => {
        action()
        await agent.settle()
      })
    return { agent, client, result, step }
  }

  it('gives the Echat seed codes and labels: waiting, chatting, ended with evaluation', async () => {
    const { agent, client, result, step } = mountHook()
    expect(result.current).toEqual({ status: { name: 'idle' }, code: 0, label: undefined, agentsOnline: false })

    await step(() => client.open())
    expect(result.current).toEqual({ status: { name: 'waiting' }, code: 1, label: 'waiting', agentsOnline: true })

    await step(() => agent.accept())
    expect(result.current).toMatchObject({ status: { name: 'chatting' }, code: 2, label: 'chatting' })

    await step(() => agent.end(2, { evaluate: true }))
    expect(result.current).toEqual({
      status: { name: 'ended', reason: 2, needsEvaluation: true },
      code: 4,
      label: 'end-2-1',
      agentsOnline: true,
    })

    // Evaluating clears needsEvaluation: end-2-0.
    await step(() => void client.evaluate({ score: 5 }))
    expect(result.current).toMatchObject({ code: 4, label: 'end-2-0' })
  })

  it('reports the bot as chatting, overload as 3 and offline with its leave-message label', async () => {
    const { agent, client, result, step } = mountHook({ onRequest: 'bot' })
    await step(() => client.open())
    expect(result.current).toMatchObject({ status: { name: 'bot' }, code: 2, label: 'chatting' })

    await step(() => agent.goOffline('redirect', 'https://help.example/contact'))
    expect(result.current).toMatchObject({
      status: { name: 'offline', mode: 'redirect', url: 'https://help.example/contact' },
      code: 0,
      label: 'leaveToUrl',
    })

    await step(() => agent.overload())
    expect(result.current).toMatchObject({ status: { name: 'overloaded' }, code: 3, label: undefined })
  })

  it('follows whether agents are online', async () => {
    const { agent, result, step } = mountHook()
    await step(() => {})
    expect(result.current.agentsOnline).toBe(true)
    await step(() => agent.setAgentsOnline(false))
    expect(result.current).toMatchObject({ agentsOnline: false, code: 0 })
  })
})
