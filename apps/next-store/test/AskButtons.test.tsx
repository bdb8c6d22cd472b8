import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import { AskOrderButton } from '../components/AskOrderButton'
import { AskProductButton } from '../components/AskProductButton'
import { findOrder } from '../lib/orderBook'
import { findProduct } from '../lib/products'
import { setup, withClient } from './utils'

afterEach(cleanup)

it('sends the product as a card with absolute URLs from the store origin', async () => {
  const { agent, client } = setup({ onRequest: 'accept' })
  const product = findProduct('trench-coat')!
  render(withClient(client, <AskProductButton product={product} />))
  await act(() => agent.settle())
  const button = screen.getByTestId('ask-product')
  expect(button.dataset.state).toBe('idle')
  fireEvent.click(button)
  expect(button.dataset.state).toBe('sending')
  await act(() => agent.settle())
  expect(button.dataset.state).toBe('sent')

  const sent = agent.messages.find((m) => m.sender === 'visitor')
  expect(sent?.body.type).toBe('product')
  const card = sent?.body.type === 'product' ? sent.body.card : undefined
  expect(card?.title).toBe('经典风衣')
  expect(card?.eventId).toBe('prod-trench-coat')
  expect(card?.imageUrl).toBe(`${window.location.origin}/products/trench-coat.svg`)
  // kefu stores plain links in the seed's `http(url,'blank')` form.
  expect(card?.urlForStaff).toContain(`${window.location.origin}/products/trench-coat`)
})

it('shows an error state when kefu refuses the card', async () => {
  const { agent, client } = setup({ onRequest: 'accept' })
  render(withClient(client, <AskProductButton product={findProduct('bucket-hat')!} />))
  await act(() => agent.settle())
  agent.failNext('message.send', 'invalid_card', 'title: is required')
  fireEvent.click(screen.getByTestId('ask-product'))
  await act(() => agent.settle())
  expect(screen.getByTestId('ask-product').dataset.state).toBe('error')
  expect(screen.getByRole('status').textContent).toContain('发送失败')
})

it('sends an order as an order card with the total in fen', async () => {
  const { agent, client } = setup({ onRequest: 'accept' })
  const order = findOrder('SO20261102001')!
  render(withClient(client, <AskOrderButton order={order} />))
  await act(() => agent.settle())
  fireEvent.click(screen.getByTestId('ask-order-SO20261102001'))
  await act(() => agent.settle())
  const sent = agent.messages.find((m) => m.sender === 'visitor')
  expect(sent?.body.type).toBe('order')
  const card = sent?.body.type === 'order' ? sent.body.card : undefined
  expect(card).toMatchObject({ orderCode: 'SO20261102001', orderStatus: 5, totalFee: 69900 + 8900, goodsCount: 2 })
  expect(card?.goods.map((g) => g.name)).toEqual(['经典风衣 M', '渔夫帽 均码 One size'])
})
