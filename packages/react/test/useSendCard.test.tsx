import { act, cleanup, render, renderHook, screen } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, expect, it } from 'vitest'
import { KefuError, ValidationError, type Card, type ChatClient, type ChatMessage } from '@kefu/core'
import type { TestAgent } from '@kefu/core/testing'
import { KefuProvider, useSendCard, type SendCard, type SendCardState } from '../src'
import { describeEachReactMode, orderCard, productCard, setup, type ReactMode } from './utils'

afterEach(cleanup)

/** Settles a promise into a value so a rejection is never left unhandled. */
const outcome = (promise: Promise<ChatMessage>) =>
  promise.then(
    (message) => ({ ok: true as const, message }),
    (error: unknown) => ({ ok: false as const, error }),
  )

describeEachReactMode('useSendCard', (mode: ReactMode) => {
  async function mountHook(agentOptions = {}) {
    const { agent, client } = setup({ onRequest: 'accept', ...agentOptions })
    const states: SendCardState[] = []
    const wrapper = ({ children }: { children: ReactNode }) =>
      mode.wrap(<KefuProvider client={client}>{children}</KefuProvider>)
    const hook = renderHook(
      () => {
        const sendCard = useSendCard()
        if (states.at(-1) !== sendCard.state) states.push(sendCard.state)
        return sendCard
      },
      { wrapper },
    )
    await act(() => agent.settle())
    return { agent, client, states, result: hook.result }
  }

  /** Sends, checks the state is `sending` before anything arrives, then lets the agent answer. */
  async function sendAndSettle(result: { current: SendCard }, agent: TestAgent, card: Card) {
    let settled!: ReturnType<typeof outcome>
    act(() => {
      settled = outcome(result.current.send(card))
    })
    expect(result.current.state).toBe('sending')
    expect(result.current.message).toBeUndefined()
    await act(() => agent.settle())
    return settled
  }

  it('goes idle → sending → sent with the stored message for a valid product card', async () => {
    const { agent, client, states, result } = await mountHook()
    expect(result.current.state).toBe('idle')
    const settled = await sendAndSettle(result, agent, productCard)

    expect(states).toEqual(['idle', 'sending', 'sent'])
    expect(result.current.error).toBeUndefined()
    const message = result.current.message
    expect(message).toMatchObject({
      sender: 'visitor',
      state: 'sent',
      body: { type: 'product', card: { title: 'Trench coat', imageUrl: 'https://shop.example/coat.jpg' } },
    })
    expect(await settled).toEqual({ ok: true, message })
    expect(agent.messages).toHaveLength(1)
    expect(client.getSnapshot().messages.map((m) => m.seq)).toEqual([message!.seq])
  })

  it('sends an order card too', async () => {
    const { agent, states, result } = await mountHook()
    await sendAndSettle(result, agent, orderCard)
    expect(states).toEqual(['idle', 'sending', 'sent'])
    expect(result.current.message?.body).toMatchObject({
      type: 'order',
      card: { type: 'order', orderCode: 'A1', orderStatus: 1, totalFee: 1000, goods: [] },
    })
    expect(agent.messages.map((m) => m.body.type)).toEqual(['order'])
  })

  it('goes idle → sending → error with a ValidationError for an invalid card, and reset() returns to idle', async () => {
    const { agent, client, states, result } = await mountHook()
    const settled = await sendAndSettle(result, agent, { title: '' })

    expect(states).toEqual(['idle', 'sending', 'error'])
    expect(result.current.error).toBeInstanceOf(ValidationError)
    expect(result.current.error).toMatchObject({ code: 'invalid_card' })
    expect(result.current.message).toBeUndefined()
    expect(await settled).toEqual({ ok: false, error: result.current.error })
    // The server validated it and stored nothing; the visitor's copy is marked failed.
    expect(agent.messages).toEqual([])
    expect(client.getSnapshot().messages.map((m) => m.state)).toEqual(['failed'])

    act(() => result.current.reset())
    expect(result.current).toMatchObject({ state: 'idle', error: undefined, message: undefined })
    expect(states).toEqual(['idle', 'sending', 'error', 'idle'])
  })

  it('goes to error with the server’s code when the server refuses the card', async () => {
    const { agent, client, states, result } = await mountHook()
    agent.failNext('message.send', 'invalid_card', 'title: is required')
    const settled = await sendAndSettle(result, agent, productCard)

    expect(states).toEqual(['idle', 'sending', 'error'])
    expect(result.current.error).toBeInstanceOf(KefuError)
    expect(result.current.error).toMatchObject({ code: 'invalid_card', message: 'title: is required' })
    expect((await settled).ok).toBe(false)
    expect(client.getSnapshot().messages.map((m) => m.state)).toEqual(['failed'])

    // It works again afterwards.
    await sendAndSettle(result, agent, productCard)
    expect(result.current.state).toBe('sent')
    expect(states).toEqual(['idle', 'sending', 'error', 'sending', 'sent'])
  })

  it('reset() while sending stays idle when the answer arrives', async () => {
    const { agent, result } = await mountHook()
    let settled!: ReturnType<typeof outcome>
    act(() => {
      settled = outcome(result.current.send(productCard))
    })
    expect(result.current.state).toBe('sending')
    act(() => result.current.reset())
    await act(() => agent.settle())
    expect(result.current.state).toBe('idle')
    expect(result.current.message).toBeUndefined()
    // The card itself was still sent.
    expect((await settled).ok).toBe(true)
    expect(agent.messages).toHaveLength(1)
  })

  it('shows the latest send when an earlier one finishes later', async () => {
    const { agent, result } = await mountHook()
    let first!: ReturnType<typeof outcome>
    let second!: ReturnType<typeof outcome>
    act(() => {
      first = outcome(result.current.send(productCard))
      second = outcome(result.current.send({ title: '' }))
    })
    await act(() => agent.settle())
    expect((await first).ok).toBe(true)
    expect((await second).ok).toBe(false)
    expect(result.current.state).toBe('error')
    expect(result.current.error).toBeInstanceOf(ValidationError)
  })

  it('gives each component its own state', async () => {
    const { agent, client } = setup({ onRequest: 'accept' })
    const senders: Record<string, SendCard> = {}
    function Sender({ name }: { name: string }) {
      const sendCard = useSendCard()
      senders[name] = sendCard
      return <output data-testid={name}>{sendCard.state}</output>
    }
    render(
      mode.wrap(
        <KefuProvider client={client}>
          <Sender name="a" />
          <Sender name="b" />
        </KefuProvider>,
      ),
    )
    await act(async () => {
      await agent.settle()
      await senders.a!.send(productCard)
    })
    expect(screen.getByTestId('a').textContent).toBe('sent')
    expect(screen.getByTestId('b').textContent).toBe('idle')
  })

  it('keeps send and reset stable across renders', async () => {
    const { agent, result } = await mountHook()
    const { send, reset } = result.current
    await sendAndSettle(result, agent, productCard)
    expect(result.current.send).toBe(send)
    expect(result.current.reset).toBe(reset)
  })
})

it('sends through the client of its provider', async () => {
  const { agent, client } = setup({ onRequest: 'accept' })
  const calls: Card[] = []
  const spied: ChatClient = {
    ...client,
    sendCard(card) {
      calls.push(card)
      return client.sendCard(card)
    },
  }
  const { result } = renderHook(useSendCard, {
    wrapper: ({ children }) => <KefuProvider client={spied}>{children}</KefuProvider>,
  })
  await act(async () => {
    await agent.settle()
    await result.current.send(orderCard)
  })
  expect(calls).toEqual([orderCard])
  expect(result.current.state).toBe('sent')
})
