import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, expect, it } from 'vitest'
import { createTestAgent, type TestAgent } from '@kefu/core/testing'
import { KefuProvider, useChat, useMessages, useUnread } from '../src'
import { chatOptions, describeEachReactMode } from './utils'

afterEach(cleanup)

/** A headless chat as an app would write it with the hooks. */
function MiniChat() {
  const { open, send } = useChat()
  const messages = useMessages()
  const unread = useUnread()
  const [draft, setDraft] = useState('')
  const [error, setError] = useState<string | null>(null)
  return (
    <section>
      <button onClick={() => open()}>{unread > 0 ? `Chat (${unread})` : 'Chat'}</button>
      <ul aria-label="messages">
        {messages.map((m) => (
          <li key={m.id} data-sender={m.sender} data-state={m.state}>
            {m.body.type === 'text' ? m.body.text : `[${m.body.type}]`}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          setError(null)
          setDraft('')
          send(draft).catch((e: Error) => setError(e.message))
        }}
      >
        <input aria-label="Message" value={draft} onChange={(event) => setDraft(event.target.value)} />
        <button type="submit">Send</button>
      </form>
      {error && <p role="alert">{error}</p>}
    </section>
  )
}

const items = () =>
  within(screen.getByRole('list', { name: 'messages' }))
    .queryAllByRole('listitem')
    .map((li) => [li.dataset.sender, li.dataset.state, li.textContent])

describeEachReactMode('a mini chat built on the hooks', (mode) => {
  let agent: TestAgent

  function type(text: string) {
    fireEvent.change(screen.getByLabelText('Message'), { target: { value: text } })
    fireEvent.click(screen.getByRole('button', { name: 'Send' }))
  }
  const settle = () => act(() => agent.settle())

  it('visitor sends, agent replies, the reply appears and counts as unread until opened', async () => {
    agent = createTestAgent({ onRequest: 'accept' })
    render(
      mode.wrap(
        <KefuProvider options={chatOptions(agent)}>
          <MiniChat />
        </KefuProvider>,
      ),
    )
    await settle()
    expect(items()).toEqual([])

    type('Where is my order?')
    // Shown at once, before the server has it.
    expect(items()).toEqual([['visitor', 'pending', 'Where is my order?']])
    expect((screen.getByLabelText('Message') as HTMLInputElement).value).toBe('')
    await settle()
    expect(items()).toEqual([['visitor', 'sent', 'Where is my order?']])
    expect(agent.messages.map((m) => m.body)).toEqual([{ type: 'text', text: 'Where is my order?' }])

    await act(async () => {
      agent.say('It ships today.')
      await agent.settle()
    })
    expect(items()).toEqual([
      ['visitor', 'sent', 'Where is my order?'],
      ['agent', 'sent', 'It ships today.'],
    ])
    expect(screen.getByRole('button', { name: 'Chat (1)' })).toBeTruthy()

    // Opening the window reads the reply.
    fireEvent.click(screen.getByRole('button', { name: 'Chat (1)' }))
    await settle()
    expect(screen.getByRole('button', { name: 'Chat' })).toBeTruthy()
    expect(agent.unread).toBe(0)

    // While open, new replies are read as they arrive.
    type('Thanks!')
    await act(async () => {
      await agent.settle()
      agent.say('You are welcome.')
      await agent.settle()
    })
    expect(items().map(([sender, , text]) => `${sender}: ${text}`)).toEqual([
      'visitor: Where is my order?',
      'agent: It ships today.',
      'visitor: Thanks!',
      'agent: You are welcome.',
    ])
    expect(screen.getByRole('button', { name: 'Chat' })).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('shows why a message could not be sent', async () => {
    agent = createTestAgent({ onRequest: 'accept' })
    render(
      mode.wrap(
        <KefuProvider options={chatOptions(agent)}>
          <MiniChat />
        </KefuProvider>,
      ),
    )
    await settle()

    type('   ')
    await settle()
    expect(screen.getByRole('alert').textContent).toMatch(/text: must be 1–5000 characters/)
    expect(items()).toEqual([])

    agent.failNext('message.send', 'payload_too_large', 'The message is too long')
    type('spam')
    await settle()
    expect(screen.getByRole('alert').textContent).toBe('The message is too long')
    expect(items()).toEqual([['visitor', 'failed', 'spam']])
  })
})

it('queues a message typed before the connection is up', async () => {
  const agent = createTestAgent({ onRequest: 'accept' })
  render(
    <KefuProvider options={chatOptions(agent)}>
      <MiniChat />
    </KefuProvider>,
  )
  // Still connecting: no frame has been delivered yet.
  fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'early' } })
  fireEvent.click(screen.getByRole('button', { name: 'Send' }))
  expect(items()).toEqual([['visitor', 'pending', 'early']])
  await act(() => agent.settle())
  expect(items()).toEqual([['visitor', 'sent', 'early']])
  expect(agent.received.map((f) => f.type)).toEqual(['hello', 'message.send'])
})
