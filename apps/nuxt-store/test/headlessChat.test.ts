import { fireEvent, screen } from '@testing-library/vue'
import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import HeadlessChat from '../app/components/HeadlessChat.vue'
import { renderWithChat } from './helpers'

const settle = async (agent: { settle(): Promise<void> }) => {
  await agent.settle()
  await nextTick()
}

describe('HeadlessChat', () => {
  it('sends what the visitor types and shows the agent’s replies, with no widget', async () => {
    const { agent, client, unmount } = renderWithChat(HeadlessChat, {}, { onRequest: 'accept', staff: { staffNickName: 'Ben' } })
    await settle(agent)
    // The page is a chat window while shown: replies here are read at once.
    expect(client.getSnapshot().window).toBe('open')

    const input = screen.getByTestId('headless-input') as HTMLInputElement
    expect((screen.getByTestId('headless-send') as HTMLButtonElement).disabled).toBe(true)
    await fireEvent.update(input, '请问普洱怎么冲泡？')
    await fireEvent.click(screen.getByTestId('headless-send'))
    await settle(agent)
    expect(agent.messages.some((m) => m.body.type === 'text' && m.body.text === '请问普洱怎么冲泡？')).toBe(true)
    expect(input.value).toBe('')

    agent.accept({ staffNickName: 'Ben' })
    agent.say('沸水快冲，前两泡洗茶。')
    await settle(agent)
    const log = screen.getByTestId('headless-log')
    expect(log.textContent).toContain('请问普洱怎么冲泡？')
    expect(log.textContent).toContain('沸水快冲，前两泡洗茶。')
    expect(log.querySelector('[data-sender=agent]')).not.toBeNull()
    expect(client.getSnapshot().unread).toBe(0)

    unmount()
    expect(client.getSnapshot().window).toBe('minimized')
  })

  it('keeps the text and shows why when sending fails', async () => {
    const { agent } = renderWithChat(HeadlessChat)
    agent.failNext('message.send', 'payload_too_large', 'too long')
    const input = screen.getByTestId('headless-input') as HTMLInputElement
    await fireEvent.update(input, 'hello')
    await fireEvent.click(screen.getByTestId('headless-send'))
    await settle(agent)
    await nextTick()
    expect(screen.getByRole('alert').textContent).toContain('too long')
    expect(input.value).toBe('hello')
  })
})
