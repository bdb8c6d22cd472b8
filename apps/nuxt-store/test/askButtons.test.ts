import { fireEvent, screen } from '@testing-library/vue'
import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { findProduct } from '../shared/catalog'
import { ORDERS } from '../server/utils/orderBook'
import AskOrderButton from '../app/components/AskOrderButton.vue'
import AskProductButton from '../app/components/AskProductButton.vue'
import { renderWithChat } from './helpers'
import { STORE_ORIGIN } from './nuxtImports'

describe('AskProductButton', () => {
  it('sends the product card with absolute links on the store origin, and says so', async () => {
    const product = findProduct('zisha')!
    const { agent } = renderWithChat(AskProductButton, { product })
    const button = screen.getByTestId('ask-product')
    expect(button.textContent).toContain('咨询此商品')
    await fireEvent.click(button)
    expect(button.dataset.state).toBe('sending')
    await agent.settle()
    await nextTick()
    expect(button.dataset.state).toBe('sent')
    expect(button.textContent).toContain('Sent to support')
    const sent = agent.messages.find((m) => m.body.type === 'product')
    expect(sent?.body).toMatchObject({
      type: 'product',
      card: {
        eventId: 'prod-zisha',
        title: '宜兴紫砂西施壶',
        imageUrl: `${STORE_ORIGIN}/products/zisha.svg`,
        urlForVisitor: `http('${STORE_ORIGIN}/products/zisha','blank')`,
      },
    })
  })

  it('shows the failure when the server refuses the card', async () => {
    const { agent } = renderWithChat(AskProductButton, { product: findProduct('longjing')! })
    agent.failNext('message.send', 'invalid_card', 'card refused')
    await fireEvent.click(screen.getByTestId('ask-product'))
    await agent.settle()
    await nextTick()
    await nextTick()
    expect(screen.getByTestId('ask-product').dataset.state).toBe('error')
    expect(screen.getByRole('alert').textContent).toContain('card refused')
  })
})

describe('AskOrderButton', () => {
  it('sends the order card: Sobot fields, total in fen, goods with pictures', async () => {
    const order = ORDERS.find((o) => o.id === 'TEA20260301001')!
    const { agent } = renderWithChat(AskOrderButton, { order })
    await fireEvent.click(screen.getByTestId('ask-order-TEA20260301001'))
    await agent.settle()
    await nextTick()
    expect(screen.getByTestId('ask-order-TEA20260301001').dataset.state).toBe('sent')
    const sent = agent.messages.find((m) => m.body.type === 'order')
    expect(sent?.body).toMatchObject({
      type: 'order',
      card: {
        orderCode: 'TEA20260301001',
        orderStatus: 5,
        goodsCount: 3,
        totalFee: 2 * 28800 + 12800,
        goods: [
          { name: '明前西湖龙井', pictureUrl: `${STORE_ORIGIN}/products/longjing.svg` },
          { name: '景德镇青花盖碗', pictureUrl: `${STORE_ORIGIN}/products/gaiwan.svg` },
        ],
      },
    })
  })
})
