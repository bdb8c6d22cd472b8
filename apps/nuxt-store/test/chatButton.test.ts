import { fireEvent, screen } from '@testing-library/vue'
import { afterEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import ChatButton from '../app/components/ChatButton.vue'
import { renderWithChat } from './helpers'
import { widget } from './nuxtImports'

afterEach(() => widget.open.mockClear())

const settle = async (agent: { settle(): Promise<void> }) => {
  await agent.settle()
  await nextTick()
}

describe('ChatButton', () => {
  it('shows no badge until a reply arrives, then the unread count, the status and the agent', async () => {
    const { agent, client } = renderWithChat(ChatButton, {}, { onRequest: 'accept', staff: { staffNickName: 'Amy 艾米' } })
    await settle(agent)
    expect(screen.queryByTestId('chat-unread')).toBeNull()
    expect(screen.getByTestId('chat-status').dataset.status).toBe('idle')

    await client.requestChat()
    agent.say('您好，请问有什么可以帮您？')
    await settle(agent)
    expect(screen.getByTestId('chat-unread').textContent).toBe('1')
    expect(screen.getByTestId('chat-status').dataset.status).toBe('chatting')
    expect(screen.getByTestId('chat-staff').textContent).toBe('Amy 艾米')

    agent.say('龙井刚到货')
    await settle(agent)
    expect(screen.getByTestId('chat-unread').textContent).toBe('2')
  })

  it('hides the badge again once the messages are read (in the widget)', async () => {
    const { agent, client } = renderWithChat(ChatButton, {}, { onRequest: 'accept' })
    await client.requestChat()
    agent.say('hi')
    await settle(agent)
    expect(screen.getByTestId('chat-unread').textContent).toBe('1')
    client.markRead()
    await settle(agent)
    expect(screen.queryByTestId('chat-unread')).toBeNull()
  })

  it('opens the kefu widget', async () => {
    renderWithChat(ChatButton)
    await fireEvent.click(screen.getByTestId('chat-button'))
    expect(widget.open).toHaveBeenCalledTimes(1)
  })
})
