import { createChat, memoryStorage, ValidationError } from '@kefu/core'
import { createTestAgent, createTestVisibility } from '@kefu/core/testing'
import { describe, expect, it } from 'vitest'

/** A visitor who comes back to a chat of `count` agent messages: the welcome brings the newest page. */
async function returning(count: number) {
  const agent = createTestAgent({ onRequest: 'accept' })
  const storage = memoryStorage()
  const first = createChat({ companyId: 'demo', transport: agent.createTransport(), storage, visibility: createTestVisibility(true) })
  first.connect()
  first.open()
  await agent.settle()
  for (let i = 1; i <= count; i++) agent.say(`第 ${i} 条`)
  await agent.settle()
  first.destroy()
  // A new page of the same visitor (its token in storage): it starts from nothing and pages back.
  const chat = createChat({ companyId: 'demo', transport: agent.createTransport(), storage, visibility: createTestVisibility(true) })
  chat.connect()
  await agent.settle()
  const texts = () => chat.getSnapshot().messages.flatMap((m) => (m.body.type === 'text' && m.sender === 'agent' ? [m.body.text] : []))
  return { agent, chat, texts }
}

describe('loadEarlier(): older history, a page at a time (issue 11.9)', () => {
  it('pages back from the first message shown until there is nothing older, oldest first throughout', async () => {
    const { chat, texts } = await returning(250)
    expect(chat.getSnapshot().hasEarlier).toBe(true)
    expect(texts()).toHaveLength(100)
    expect(texts()[0]).toBe('第 151 条')

    expect(await chat.loadEarlier()).toBe(50)
    expect(texts()[0]).toBe('第 101 条')
    expect(chat.getSnapshot().hasEarlier).toBe(true)
    expect(await chat.loadEarlier(100)).toBe(100)
    expect(texts()).toEqual(Array.from({ length: 250 }, (_, i) => `第 ${i + 1} 条`))
    expect(chat.getSnapshot().hasEarlier).toBe(false)
    expect(await chat.loadEarlier()).toBe(0)
  })

  it('a bad limit is a validation error', async () => {
    const { chat, texts } = await returning(130)
    expect(await chat.loadEarlier()).toBe(30)
    expect(texts()).toHaveLength(130)
    for (const limit of [0, 101, 1.5, Number.NaN]) await expect(chat.loadEarlier(limit)).rejects.toBeInstanceOf(ValidationError)
  })

  it('a short history has nothing earlier: no request is made', async () => {
    const { chat, texts } = await returning(3)
    expect(chat.getSnapshot().hasEarlier).toBe(false)
    expect(await chat.loadEarlier()).toBe(0)
    expect(texts()).toEqual(['第 1 条', '第 2 条', '第 3 条'])
  })
})
