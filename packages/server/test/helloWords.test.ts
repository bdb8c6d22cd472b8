import type { ChatMessage } from '@kefu/core'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES, eventually, startHarness, type Harness } from './harness'

type Visitor = ReturnType<Harness['visitor']>

const textsOf = (visitor: Visitor, sender: ChatMessage['sender']): string[] =>
  visitor
    .getSnapshot()
    .messages.filter((m) => m.sender === sender && m.body.type === 'text')
    .map((m) => (m.body as { text: string }).text)

/**
 * Issue 13: Sobot's `agent_hello_word`, `robot_hello_word` and `agent_offline_title`, given by the embed
 * (the chat window sends them with its first chat request), win over the company's texts.
 */
describe.each(DATABASES)('the embed’s hello words win over the company’s (%s)', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(() => h?.close())

  async function company(settings: object) {
    const id = `g${randomBytes(4).toString('hex')}`
    await h.addCompany(id, settings)
    return {
      id,
      async agent(name: string, capacity?: number) {
        const added = await h.addAgent({ email: `${name.toLowerCase()}-${id}@example.com`, name, companyId: id, ...(capacity ? { capacity } : {}) })
        return { ...added, desk: await h.agent(added.token) }
      },
      visitor(): Visitor {
        const visitor = h.visitor({ companyId: id })
        visitor.connect()
        return visitor
      },
    }
  }

  const companyTexts = { agentHelloWord: '公司的人工欢迎语', robotHelloWord: '公司的机器人欢迎语', agentOfflineTitle: '公司的不在线提示' }
  const embed = { agentHelloWord: '嵌入的人工欢迎语', robotHelloWord: '嵌入的机器人欢迎语', agentOfflineTitle: '嵌入的不在线提示' }

  for (const startChatOn of ['open', 'message'] as const) {
    it(`agent_hello_word: the agent who takes the chat greets with the embed's words (startChatOn ${startChatOn})`, async () => {
      const c = await company({ ...companyTexts, receptionMode: 2, startChatOn })
      await c.agent('Amy')
      const visitor = c.visitor()
      // As the chat window does: the first request, on opening, carries the embed's words.
      visitor.open(embed)
      if (startChatOn === 'message') await visitor.send('你好')
      await eventually(() => expect(visitor.getSnapshot().status.name).toBe('chatting'))
      await eventually(() => expect(textsOf(visitor, 'agent')).toEqual([embed.agentHelloWord]))
      // Without the embed's words, the company's.
      const plain = c.visitor()
      await plain.requestChat()
      await eventually(() => expect(textsOf(plain, 'agent')).toEqual([companyTexts.agentHelloWord]))
    })

    it(`robot_hello_word: the bot greets with the embed's words (startChatOn ${startChatOn})`, async () => {
      const c = await company({ ...companyTexts, receptionMode: 1, startChatOn })
      const visitor = c.visitor()
      visitor.open(embed)
      if (startChatOn === 'message') await visitor.send('你好')
      await eventually(() => expect(visitor.getSnapshot().status.name).toBe('bot'))
      await eventually(() => expect(textsOf(visitor, 'bot')[0]).toBe(embed.robotHelloWord))
      expect(textsOf(visitor, 'bot')).not.toContain(companyTexts.robotHelloWord)
      const plain = c.visitor()
      await plain.requestChat()
      await eventually(() => expect(textsOf(plain, 'bot')[0]).toBe(companyTexts.robotHelloWord))
    })

    it(`agent_offline_title: a handoff with nobody online answers with the embed's words (startChatOn ${startChatOn})`, async () => {
      const c = await company({ ...companyTexts, receptionMode: 3, startChatOn })
      const visitor = c.visitor()
      visitor.open(embed)
      if (startChatOn === 'message') await visitor.send('你好')
      await eventually(() => expect(visitor.getSnapshot().status.name).toBe('bot'))
      await visitor.requestHuman()
      await eventually(() => expect(textsOf(visitor, 'bot')).toContain(embed.agentOfflineTitle))
      expect(textsOf(visitor, 'bot')).not.toContain(companyTexts.agentOfflineTitle)
      const plain = c.visitor()
      await plain.requestChat()
      await plain.requestHuman()
      await eventually(() => expect(textsOf(plain, 'bot')).toContain(companyTexts.agentOfflineTitle))
    })
  }

  it('agent_hello_word: a visitor queued with the embed’s words hears them when an agent takes it from the queue', async () => {
    const c = await company({ ...companyTexts, receptionMode: 2 })
    const amy = await c.agent('Amy', 1)
    const first = c.visitor()
    await first.requestChat()
    await eventually(() => expect(first.getSnapshot().status.name).toBe('chatting'))
    const visitor = c.visitor()
    await visitor.requestChat(embed)
    await eventually(() => expect(visitor.getSnapshot().status.name).toBe('waiting'))
    await amy.desk.request({ type: 'conversation.end', conversationId: first.getSnapshot().staff!.recordId })
    await eventually(() => expect(visitor.getSnapshot().status.name).toBe('chatting'))
    await eventually(() => expect(textsOf(visitor, 'agent')).toEqual([embed.agentHelloWord]))
  })

  it('blank embed words (an empty robot_hello_word= from a page) leave the company’s texts, not an empty line', async () => {
    const blank = { agentHelloWord: '', robotHelloWord: '  ', agentOfflineTitle: ' ' }
    const c = await company({ ...companyTexts, receptionMode: 3 })
    const visitor = c.visitor()
    await visitor.requestChat(blank)
    await eventually(() => expect(textsOf(visitor, 'bot')[0]).toBe(companyTexts.robotHelloWord))
    await visitor.requestHuman()
    await eventually(() => expect(textsOf(visitor, 'bot')).toContain(companyTexts.agentOfflineTitle))
    const human = await company({ ...companyTexts, receptionMode: 2 })
    await human.agent('Amy')
    const served = human.visitor()
    await served.requestChat(blank)
    await eventually(() => expect(textsOf(served, 'agent')).toEqual([companyTexts.agentHelloWord]))
  })
})
