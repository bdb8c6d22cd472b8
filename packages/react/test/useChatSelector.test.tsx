import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { ChatSnapshot } from '@kefu/core'
import { shallowEqual } from '@kefu/core'
import { KefuProvider, useChatSelector } from '../src'
import { describeEachReactMode, setup } from './utils'

afterEach(cleanup)

describe('shallowEqual', () => {
  it('compares own keys with Object.is, one level deep', () => {
    expect(shallowEqual(1, 1)).toBe(true)
    expect(shallowEqual(NaN, NaN)).toBe(true)
    expect(shallowEqual({ a: 1, b: 'x' }, { a: 1, b: 'x' })).toBe(true)
    expect(shallowEqual({ a: 1 }, { a: 2 })).toBe(false)
    expect(shallowEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false)
    expect(shallowEqual({ a: {} }, { a: {} })).toBe(false)
    expect(shallowEqual<unknown>(null, {})).toBe(false)
    expect(shallowEqual([1, 2], [1, 2])).toBe(true)
    expect(shallowEqual([1, 2], [1, 3])).toBe(false)
  })
})

describeEachReactMode('useChatSelector', (mode) => {
  it('follows a selector that changes with props, without a snapshot change', async () => {
    const { agent, client } = setup({ onRequest: 'accept' })
    function Field({ name }: { name: keyof ChatSnapshot }) {
      const value = useChatSelector((s) => s[name])
      return <output data-testid="field">{String(value)}</output>
    }
    const tree = (name: keyof ChatSnapshot) =>
      mode.wrap(
        <KefuProvider client={client}>
          <Field name={name} />
        </KefuProvider>,
      )
    const { rerender } = render(tree('window'))
    await act(() => agent.settle())
    expect(screen.getByTestId('field').textContent).toBe('closed')
    const snapshot = client.getSnapshot()

    rerender(tree('connection'))
    expect(client.getSnapshot()).toBe(snapshot)
    expect(screen.getByTestId('field').textContent).toBe('online')

    rerender(tree('unread'))
    expect(screen.getByTestId('field').textContent).toBe('0')
  })

  it('uses a custom isEqual to skip re-renders', async () => {
    const { agent, client } = setup({ onRequest: 'accept' })
    let calls = 0
    // Re-render only when the number of messages crosses a multiple of two.
    const pairs = (s: ChatSnapshot) => Math.floor(s.messages.length / 2)
    const countOnly = (a: { n: number }, b: { n: number }) => a.n === b.n
    function Pairs() {
      calls++
      const { n } = useChatSelector((s) => ({ n: pairs(s), ids: s.messages.map((m) => m.id) }), countOnly)
      return <output data-testid="pairs">{n}</output>
    }
    render(
      mode.wrap(
        <KefuProvider client={client}>
          <Pairs />
        </KefuProvider>,
      ),
    )
    await act(async () => {
      client.open()
      await agent.settle()
    })
    const baseline = calls
    await act(async () => {
      agent.say('1')
      await agent.settle()
    })
    expect(calls - baseline).toBe(0)
    await act(async () => {
      agent.say('2')
      await agent.settle()
    })
    expect(calls - baseline).toBe(mode.callsPerRender)
    expect(screen.getByTestId('pairs').textContent).toBe('1')
  })

  it('returns the previous selection when a new one is shallowly equal', async () => {
    const { agent, client } = setup({ onRequest: 'accept' })
    const seen: object[] = []
    function View() {
      const view = useChatSelector((s) => ({ window: s.window, online: s.connection === 'online' }))
      seen.push(view)
      return null
    }
    render(
      mode.wrap(
        <KefuProvider client={client}>
          <View />
        </KefuProvider>,
      ),
    )
    await act(() => agent.settle())
    const online = seen.at(-1)
    // A new snapshot and, on each render, a new inline selector: the equal view keeps its identity.
    await act(async () => {
      agent.say('hi')
      await agent.settle()
    })
    expect(seen.at(-1)).toBe(online)
    expect(seen.at(-1)).toEqual({ window: 'closed', online: true })
  })
})
