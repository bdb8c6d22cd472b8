import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, watch } from 'vue'
import { KefuError, ValidationError, type Card } from '@kefu/core'
import { createKefu, useSendCard, type SendCard } from '../src'
import { flush, mountWithKefu, setup } from './helpers'

const product: Card = {
  title: 'Trench coat',
  imageUrl: 'https://shop.example/coat.jpg',
  content: '¥100.00',
  urlForVisitor: "http('https://shop.example/p/1','blank')",
}
const order: Card = { type: 'order', orderCode: 'A1', orderStatus: 1, totalFee: 1000, goods: [] }

let cleanup: (() => void) | undefined
afterEach(() => {
  cleanup?.()
  cleanup = undefined
})

/** A component showing the send state, so the DOM follows it too. */
function mountSendCard() {
  const { agent, client } = setup({ onRequest: 'accept' })
  let card!: SendCard
  const mounted = mountWithKefu(
    defineComponent({
      setup() {
        card = useSendCard()
        return () => h('output', card.state.value)
      },
    }),
    createKefu({ client }),
  )
  cleanup = mounted.unmount
  const shown = () => mounted.container.textContent
  return { agent, client, card, shown }
}

describe('useSendCard', () => {
  it('goes idle → sending → sent with the stored message for a valid product card', async () => {
    const { agent, client, card, shown } = mountSendCard()
    await flush(agent)
    expect(card.state.value).toBe('idle')
    expect(shown()).toBe('idle')
    expect(card.message.value).toBeUndefined()

    const sending = card.send(product)
    expect(card.state.value).toBe('sending')
    await nextTick()
    expect(shown()).toBe('sending')

    const message = await sending
    await flush(agent)
    expect(card.state.value).toBe('sent')
    expect(shown()).toBe('sent')
    expect(card.message.value).toBe(message)
    expect(card.error.value).toBeUndefined()
    expect(message).toMatchObject({ sender: 'visitor', state: 'sent', body: { type: 'product' } })
    expect(message.body.type === 'product' && message.body.card.title).toBe('Trench coat')
    expect(client.getSnapshot().messages.map((m) => m.id)).toEqual([message.id])
    expect(agent.messages.map((m) => m.body.type)).toEqual(['product'])
  })

  it('sends an order card', async () => {
    const { agent, card } = mountSendCard()
    await flush(agent)
    const message = await card.send(order)
    expect(card.state.value).toBe('sent')
    expect(card.message.value).toBe(message)
    expect(message.body).toMatchObject({ type: 'order', card: { orderCode: 'A1', orderStatus: 1, totalFee: 1000 } })
  })

  it('goes to error with a ValidationError for an invalid card, and reset() returns to idle', async () => {
    const { agent, client, card, shown } = mountSendCard()
    await flush(agent)
    await expect(card.send({ title: '' })).rejects.toBeInstanceOf(ValidationError)
    expect(card.state.value).toBe('error')
    expect(card.error.value).toBeInstanceOf(ValidationError)
    expect((card.error.value as ValidationError).code).toBe('invalid_card')
    expect((card.error.value as ValidationError).issues.map((issue) => issue.path)).toContain('title')
    expect(card.message.value).toBeUndefined()
    await nextTick()
    expect(shown()).toBe('error')
    // The server validated it and stored nothing; the visitor's copy is marked failed.
    await flush(agent)
    expect(agent.messages).toEqual([])
    expect(client.getSnapshot().messages.map((m) => m.state)).toEqual(['failed'])

    card.reset()
    expect(card.state.value).toBe('idle')
    expect(card.error.value).toBeUndefined()
    await nextTick()
    expect(shown()).toBe('idle')
  })

  it('goes to error with the server code when the server refuses the card', async () => {
    const { agent, card } = mountSendCard()
    await flush(agent)
    agent.failNext('message.send', 'invalid_card', 'title: is required')
    const sending = card.send(product)
    expect(card.state.value).toBe('sending')
    await expect(sending).rejects.toMatchObject({ code: 'invalid_card', message: 'title: is required' })
    expect(card.state.value).toBe('error')
    expect(card.error.value).toBeInstanceOf(KefuError)
    expect(card.error.value).toMatchObject({ code: 'invalid_card' })

    card.reset()
    expect(card.state.value).toBe('idle')
    // The next card goes through.
    await card.send(product)
    expect(card.state.value).toBe('sent')
  })

  it('shows only the latest send when two overlap', async () => {
    const { agent, card } = mountSendCard()
    await flush(agent)
    const seen: string[] = []
    watch(card.state, (state) => seen.push(state), { flush: 'sync' })
    // The invalid card is refused first, but the later call owns the state: it never shows 'error'.
    const invalid = card.send({ title: '' }).catch((error: unknown) => error)
    const valid = card.send(product)
    expect(card.state.value).toBe('sending')
    expect(await invalid).toBeInstanceOf(ValidationError)
    await valid
    expect(card.state.value).toBe('sent')
    expect(seen).toEqual(['sending', 'sent'])
  })

  it('is per component: two components track their own sends', async () => {
    const { agent, client } = setup({ onRequest: 'accept' })
    const cards: SendCard[] = []
    const Sender = defineComponent({
      setup() {
        cards.push(useSendCard())
        return () => null
      },
    })
    const mounted = mountWithKefu(defineComponent({ setup: () => () => h('div', [h(Sender), h(Sender)]) }), createKefu({ client }))
    cleanup = mounted.unmount
    await flush(agent)
    await cards[0]!.send(product)
    expect(cards.map((c) => c.state.value)).toEqual(['sent', 'idle'])
  })
})
