import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import { HeadlessChat } from '../components/HeadlessChat'
import { setup, withClient } from './utils'

afterEach(cleanup)

it('opens the chat, sends typed text and shows the replies and pushed cards', async () => {
  const { agent, client } = setup({ onRequest: 'accept' })
  const view = render(withClient(client, <HeadlessChat />))
  await act(() => agent.settle())
  expect(client.getSnapshot().window).toBe('open')

  const input = screen.getByTestId('headless-input') as HTMLInputElement
  fireEvent.change(input, { target: { value: '  还有 L 码吗？ ' } })
  fireEvent.click(screen.getByTestId('headless-send'))
  expect(input.value).toBe('')
  await act(() => agent.settle())
  expect(agent.received.some((f) => f.type === 'message.send' && f.body.type === 'text' && f.body.text === '还有 L 码吗？')).toBe(true)

  await act(async () => {
    agent.say('有的，L 码有货')
    agent.pushCard({ title: '羊毛毛衣 Wool sweater', imageUrl: 'https://shop.example/sweater.svg' })
    await agent.settle()
  })
  const log = within(screen.getByTestId('headless-log'))
  expect(log.getByText('还有 L 码吗？').closest('li')?.dataset.sender).toBe('visitor')
  expect(log.getByText('有的，L 码有货').closest('li')?.dataset.sender).toBe('agent')
  expect(log.getByText('羊毛毛衣 Wool sweater')).toBeTruthy()
  // Shown while the page is the chat window: nothing is unread.
  expect(client.getSnapshot().unread).toBe(0)

  view.unmount()
  expect(client.getSnapshot().window).toBe('minimized')
})

it('does not send blank text', async () => {
  const { agent, client } = setup({ onRequest: 'accept' })
  render(withClient(client, <HeadlessChat />))
  await act(() => agent.settle())
  fireEvent.change(screen.getByTestId('headless-input'), { target: { value: '   ' } })
  expect((screen.getByTestId('headless-send') as HTMLButtonElement).disabled).toBe(true)
  fireEvent.submit(screen.getByTestId('headless-input').closest('form')!)
  await act(() => agent.settle())
  expect(agent.received.some((f) => f.type === 'message.send')).toBe(false)
})

it("links a card's http(url,'blank') to its page, and a mini-program link to nothing", async () => {
  const { agent, client } = setup({ onRequest: 'accept' })
  render(withClient(client, <HeadlessChat />))
  await act(async () => {
    agent.pushCard({ title: '风衣 Trench', urlForVisitor: "http('https://shop.example/p/trench','blank')" })
    agent.pushCard({ title: '小程序 Mini', urlForVisitor: "xcx('/pages/p/1','navigateTo')" })
    await agent.settle()
  })
  const log = within(screen.getByTestId('headless-log'))
  expect(log.getByText('风衣 Trench').closest('a')?.getAttribute('href')).toBe('https://shop.example/p/trench')
  expect(log.getByText('小程序 Mini').closest('a')?.hasAttribute('href')).toBe(false)
})
