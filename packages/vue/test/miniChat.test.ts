import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/vue'
import { defineComponent, h, shallowRef } from 'vue'
import { createTestAgent, type TestAgent } from '@kefu/core/testing'
import { createKefu, useChat, useMessages, useUnread } from '../src'
import { chatOptions, flush } from './helpers'

/** A headless mini chat: a list, an unread badge, an input and a send button. */
const MiniChat = defineComponent({
  setup() {
    const chat = useChat()
    const messages = useMessages()
    const unread = useUnread()
    const draft = shallowRef('')
    const send = () => {
      const text = draft.value
      draft.value = ''
      void chat.send(text)
    }
    return () =>
      h('section', [
        h('span', { 'data-testid': 'unread' }, String(unread.value)),
        h(
          'ul',
          messages.value.map((m) =>
            h('li', { key: m.id, 'data-sender': m.sender, 'data-state': m.state }, m.body.type === 'text' ? m.body.text : ''),
          ),
        ),
        h('input', {
          'aria-label': 'Message',
          value: draft.value,
          onInput: (e: Event) => (draft.value = (e.target as HTMLInputElement).value),
        }),
        h('button', { onClick: send }, 'Send'),
        h('button', { onClick: () => chat.markRead() }, 'Mark read'),
      ])
  },
})

let agent: TestAgent
afterEach(() => cleanup())

function renderMiniChat() {
  agent = createTestAgent({ onRequest: 'accept' })
  return render(MiniChat, { global: { plugins: [createKefu(chatOptions(agent))] } })
}

describe('a headless mini chat', () => {
  it('sends, receives the reply, counts it unread and marks it read', async () => {
    renderMiniChat()
    await flush(agent)
    expect(agent.connectionCount).toBe(1)
    expect(screen.getByTestId('unread').textContent).toBe('0')

    await fireEvent.update(screen.getByLabelText('Message'), 'Where is my order?')
    await fireEvent.click(screen.getByText('Send'))
    const mine = screen.getByText('Where is my order?')
    expect(mine.dataset.sender).toBe('visitor')
    expect(mine.dataset.state).toBe('pending')
    expect((screen.getByLabelText('Message') as HTMLInputElement).value).toBe('')

    await flush(agent)
    expect(screen.getByText('Where is my order?').dataset.state).toBe('sent')
    expect(agent.messages.map((m) => m.body.type === 'text' && m.body.text)).toEqual(['Where is my order?'])
    expect(agent.status.name).toBe('chatting')

    agent.say('It ships today.')
    const reply = await screen.findByText('It ships today.')
    expect(reply.dataset.sender).toBe('agent')
    await waitFor(() => expect(screen.getByTestId('unread').textContent).toBe('1'))
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Where is my order?', 'It ships today.'])

    await fireEvent.click(screen.getByText('Mark read'))
    expect(screen.getByTestId('unread').textContent).toBe('0')
    await flush(agent)
    expect(agent.unread).toBe(0)
  })

  it('unmounting (cleanup) ends the connection', async () => {
    renderMiniChat()
    await flush(agent)
    expect(agent.connectionCount).toBe(1)
    cleanup()
    expect(agent.connectionCount).toBe(0)
  })
})
