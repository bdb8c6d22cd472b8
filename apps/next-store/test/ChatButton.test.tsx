import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { ChatButton } from '../components/ChatButton'
import { router } from './nextNavigation'
import { setup, withClient } from './utils'

type EchatWindow = Window & { ECHAT?: { customMiniChat?: () => void } }

beforeEach(() => router.push.mockClear())
afterEach(() => {
  cleanup()
  delete (window as EchatWindow).ECHAT
})

it('shows the unread badge only while there are unread replies, with the agent and status', async () => {
  const { agent, client, visibility } = setup({ onRequest: 'accept' })
  render(withClient(client, <ChatButton />))
  await act(() => agent.settle())
  expect(screen.queryByTestId('chat-unread')).toBeNull()
  expect(screen.getByTestId('chat-staff').textContent).toBe('客服 Support')
  expect(screen.getByTestId('chat-status').dataset.status).toBe('idle')

  await act(() => client.send('有 M 码吗？').then(() => agent.settle()))
  await act(async () => {
    agent.accept({ staffNickName: 'Amy' })
    agent.say('有的')
    await agent.settle()
  })
  expect(screen.getByTestId('chat-staff').textContent).toBe('Amy')
  expect(screen.getByTestId('chat-status').dataset.status).toBe('chatting')
  const unread = client.getSnapshot().unread
  expect(unread).toBeGreaterThan(0)
  expect(screen.getByTestId('chat-unread').textContent).toBe(String(unread))

  // The chat window (the widget) opens on a visible page: everything is read, the badge goes.
  await act(async () => {
    visibility.set(true)
    client.maximize()
    await agent.settle()
  })
  expect(client.getSnapshot().unread).toBe(0)
  expect(screen.queryByTestId('chat-unread')).toBeNull()
})

it('opens the widget through ECHAT.customMiniChat()', async () => {
  const { agent, client } = setup()
  const customMiniChat = vi.fn()
  ;(window as EchatWindow).ECHAT = { customMiniChat }
  render(withClient(client, <ChatButton />))
  await act(() => agent.settle())
  fireEvent.click(screen.getByTestId('chat-button'))
  expect(customMiniChat).toHaveBeenCalledTimes(1)
  expect(router.push).not.toHaveBeenCalled()
})

it('falls back to the headless support page when the widget is not on the page', async () => {
  const { agent, client } = setup()
  render(withClient(client, <ChatButton />))
  await act(() => agent.settle())
  fireEvent.click(screen.getByTestId('chat-button'))
  expect(router.push).toHaveBeenCalledWith('/support')
})
