import { memoryStorage } from '@kefu/core'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES, eventually, startHarness, type Harness } from './harness'

describe.each(DATABASES)('when a chat starts, and read receipts (%s)', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(() => h?.close())

  async function company(settings: object = {}) {
    const id = `s${randomBytes(4).toString('hex')}`
    await h.addCompany(id, settings)
    const amy = await h.addAgent({ email: `amy-${id}@example.com`, name: 'Amy', companyId: id })
    return { id, amy, desk: await h.agent(amy.token) }
  }

  it('by default, opening the window starts nothing and takes no capacity; the first message starts the chat with the routing the window opened with', async () => {
    const { id, desk, amy } = await company({ receptionMode: 3 })
    const visitor = h.visitor({ companyId: id })
    visitor.connect()
    // The link asks for a human (Sobot type=2), over the company's bot-first default.
    visitor.open({ mode: 2 })
    await eventually(() => expect(visitor.getSnapshot().connection).toBe('online'))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(visitor.getSnapshot().status.name).toBe('idle')
    expect(desk.frames.some((f) => f.type === 'conversation')).toBe(false)

    await visitor.send('在吗？')
    await eventually(() => expect(visitor.getSnapshot().status.name).toBe('chatting'))
    expect(visitor.getSnapshot().staff?.staffId).toBe(amy.agentId)
    // The join notice and then the visitor's message: the message belongs to the new chat.
    const { messages } = visitor.getSnapshot()
    expect(messages.map((m) => m.sender)).toEqual(['system', 'visitor'])
    visitor.destroy()
  })

  it('the kept routing serves one chat only: the next chat after the end follows the company again', async () => {
    const { id, desk } = await company({ receptionMode: 3 })
    const visitor = h.visitor({ companyId: id })
    visitor.connect()
    visitor.open({ mode: 2 })
    await visitor.send('人工')
    await eventually(() => expect(visitor.getSnapshot().status.name).toBe('chatting'))
    await desk.request({ type: 'conversation.end', conversationId: visitor.getSnapshot().staff!.recordId })
    await eventually(() => expect(visitor.getSnapshot().status.name).toBe('ended'))
    visitor.dismissEvaluation()
    await visitor.send('还有一个问题')
    await eventually(() => expect(visitor.getSnapshot().status.name).toBe('bot'))
    visitor.destroy()
  })

  it('opening tells the visitor at once when nobody could serve: offline (leave-message) before any message', async () => {
    const id = `s${randomBytes(4).toString('hex')}`
    await h.addCompany(id, { receptionMode: 2 })
    const visitor = h.visitor({ companyId: id })
    visitor.connect()
    visitor.open()
    await eventually(() => expect(visitor.getSnapshot().status).toMatchObject({ name: 'offline', mode: 'leave-message' }))
    visitor.destroy()
  })

  it('startChatOn "open" keeps the earlier behaviour: opening assigns an agent', async () => {
    const { id, amy } = await company({ startChatOn: 'open' })
    const visitor = h.visitor({ companyId: id })
    visitor.connect()
    visitor.open()
    await eventually(() => expect(visitor.getSnapshot().status.name).toBe('chatting'))
    expect(visitor.getSnapshot().staff?.staffId).toBe(amy.agentId)
    visitor.destroy()
  })

  it('an explicit request (重新咨询, ECHAT.chat()) starts a chat at once whatever the setting', async () => {
    const { id } = await company()
    const visitor = h.visitor({ companyId: id })
    visitor.connect()
    await visitor.requestChat()
    expect(visitor.getSnapshot().status.name).toBe('chatting')
    visitor.destroy()
  })

  it('a bad startChatOn is refused with a message', async () => {
    const id = `s${randomBytes(4).toString('hex')}`
    const { adminToken } = await h.addCompany(id)
    const refused = await h.http('PATCH', '/api/v1/company', { token: adminToken, body: { settings: { startChatOn: 'sometimes' } } })
    expect(refused.status).toBe(400)
    expect(JSON.stringify(refused.body)).toContain('startChatOn')
  })

  it('read receipts: the agent reading moves the visitor’s agentReadSeq (forward only, never past the last message); the visitor reading tells the agents', async () => {
    const { id, desk } = await company()
    const storage = memoryStorage()
    const visitor = h.visitor({ companyId: id, storage })
    visitor.connect()
    const first = await visitor.send('第一条')
    const second = await visitor.send('第二条')
    const visitorId = visitor.getSnapshot().visitorId!
    desk.raw({ type: 'read', visitorId, seq: first.seq })
    await eventually(() => expect(visitor.getSnapshot().agentReadSeq).toBe(first.seq))
    desk.raw({ type: 'read', visitorId, seq: 1 })
    desk.raw({ type: 'read', visitorId, seq: 1_000_000 })
    await eventually(() => expect(visitor.getSnapshot().agentReadSeq).toBe(second.seq))
    // A new connection is told the mark in its welcome.
    const again = h.visitor({ companyId: id, storage })
    again.connect()
    await eventually(() => expect(again.getSnapshot().agentReadSeq).toBe(second.seq))

    const reply = await desk.request({ type: 'message.send', conversationId: visitor.getSnapshot().staff!.recordId, body: { type: 'text', text: '您好！' } })
    again.open()
    await desk.waitFor((f) => f.type === 'visitorRead' && f.visitorId === visitorId && f.seq >= reply.message!.seq!)
    visitor.destroy()
    again.destroy()
  })

  it('the company’s brand colour reaches the chat window in the welcome', async () => {
    const { id } = await company({ brandColor: '#0A7D5C' })
    const visitor = h.visitor({ companyId: id })
    const welcome = new Promise((resolve) => visitor.on('ready', resolve))
    visitor.connect()
    await welcome
    expect(visitor.getSnapshot().themeColor).toBe('#0a7d5c')
    visitor.destroy()
  })
})
