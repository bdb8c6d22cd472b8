import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES, eventually, startHarness, type Harness } from './harness'

describe.each(DATABASES)('a whole conversation (%s)', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(() => h?.close())

  it('request, queue, assignment, messages both ways, cards, unread and read marks, end with evaluation', async () => {
    const amy = await h.addAgent({ email: `amy-${h.companyId}@example.com`, name: 'Amy', capacity: 1 })
    const desk = await h.agent(amy.token)
    expect(desk.welcome?.agent.name).toBe('Amy')

    // A first visitor takes Amy's only seat; a second one has to queue.
    const first = h.visitor()
    first.connect()
    await first.requestChat()
    await eventually(() => expect(first.getSnapshot().status.name).toBe('chatting'))
    expect(first.getSnapshot().staff).toMatchObject({ staffId: amy.agentId, staffNickName: 'Amy' })

    const visitor = h.visitor()
    const positions: number[] = []
    visitor.on('queuePosition', ({ position }) => positions.push(position))
    visitor.connect()
    // Opening the window starts no chat (the company's default, startChatOn 'message'); asking does.
    visitor.open()
    await visitor.requestChat()
    await eventually(() => expect(visitor.getSnapshot()).toMatchObject({ status: { name: 'waiting' }, queuePosition: 1 }))

    // Amy ends the first chat: the queued visitor is assigned to her.
    const firstConversation = first.getSnapshot().staff!.recordId
    await desk.request({ type: 'conversation.end', conversationId: firstConversation })
    await eventually(() => expect(visitor.getSnapshot().status.name).toBe('chatting'))
    expect(positions).toEqual([1])
    const conversationId = visitor.getSnapshot().staff!.recordId

    // Messages both ways; the agent's reply counts as unread while the page is hidden.
    visitor.page.set(false)
    const sent = await visitor.send('Is the trench coat in stock?')
    const card = await visitor.sendCard({
      eventId: 'prod-12617',
      title: '新款风衣',
      content: '<div style="color:red" onclick="x()">原价:¥100.00<script>alert(1)</script></div>',
      imageUrl: 'https://shop.example/coat.jpg',
      urlForVisitor: 'https://shop.example/p/12617',
    })
    expect(card.body).toMatchObject({ type: 'product', card: { content: '<div style="color:red">原价:¥100.00</div>', urlForVisitor: "http('https://shop.example/p/12617','blank')" } })
    await desk.waitFor((f) => f.type === 'message' && f.message.id === sent.id)
    await desk.waitFor((f) => f.type === 'message' && f.message.body.type === 'product')

    const reply = await desk.request({ type: 'message.send', conversationId, body: { type: 'text', text: 'Yes, in all sizes.' } })
    expect(reply.message).toMatchObject({ sender: 'agent', senderName: 'Amy' })
    await eventually(() => expect(visitor.getSnapshot().unread).toBeGreaterThanOrEqual(1))
    const unreadBefore = visitor.getSnapshot().unread
    visitor.page.set(true) // window open and page visible: read
    await eventually(() => expect(visitor.getSnapshot().unread).toBe(0))
    expect(unreadBefore).toBe(1) // the join notice came while the window was open and visible: already read

    // The agent pushes a card; the agent-only note never reaches the visitor.
    await desk.request({ type: 'message.send', conversationId, body: { type: 'product', card: { type: 'product', title: 'Matching scarf', urlForStaff: "apiUrl(263,'reload')" } } })
    await desk.request({ type: 'message.send', conversationId, body: { type: 'text', text: 'VIP, be nice' }, visibility: 'agent' })
    await eventually(() => expect(visitor.getSnapshot().messages.some((m) => m.body.type === 'product' && m.sender === 'agent')).toBe(true))
    expect(visitor.getSnapshot().messages.some((m) => m.body.type === 'text' && m.body.text === 'VIP, be nice')).toBe(false)

    // Amy ends the chat and asks for an evaluation; the visitor gives it; Amy sees the score.
    await desk.request({ type: 'conversation.end', conversationId })
    await eventually(() => expect(visitor.getSnapshot().status).toEqual({ name: 'ended', reason: 2, needsEvaluation: true }))
    expect(visitor.getSnapshot().evaluation.status).toBe('pending')
    await visitor.evaluate({ score: 5, comment: 'Great help' })
    await eventually(() => expect(visitor.getSnapshot().status).toEqual({ name: 'ended', reason: 2, needsEvaluation: false }))
    await desk.waitFor((f) => f.type === 'conversation' && f.conversation.conversationId === conversationId && f.conversation.evaluation?.score === 5)

    // History through the REST API.
    const history = await h.http('GET', `/api/v1/visitors/${visitor.getSnapshot().visitorId}/messages`, { token: amy.token })
    expect(history.status).toBe(200)
    expect(history.body.map((m: { sender: string }) => m.sender)).toContain('agent')
    expect(history.body.some((m: { visibility: string }) => m.visibility === 'agent')).toBe(true)
  })

  it('sends a served chat’s messages to its agent only, and a queued chat’s to every agent', async () => {
    const company = `f${Date.now().toString(36)}`
    await h.addCompany(company, { receptionMode: 2 })
    const amy = await h.addAgent({ email: `amy@${company}.example`, name: 'Amy', capacity: 1, companyId: company })
    const ben = await h.addAgent({ email: `ben@${company}.example`, name: 'Ben', capacity: 0, companyId: company })
    const amyDesk = await h.agent(amy.token)
    const benDesk = await h.agent(ben.token)

    const served = h.visitor({ companyId: company })
    served.connect()
    await served.requestChat()
    expect(served.getSnapshot().staff?.staffId).toBe(amy.agentId)
    const sent = await served.send('just for Amy')
    await amyDesk.waitFor((f) => f.type === 'message' && f.message.id === sent.id)

    // Amy is full, Ben takes nobody: the next visitor waits, and both desks see the queued chat's messages.
    const queued = h.visitor({ companyId: company })
    queued.connect()
    await queued.requestChat()
    expect(queued.getSnapshot().status.name).toBe('waiting')
    const waiting = await queued.send('anyone there?')
    await amyDesk.waitFor((f) => f.type === 'message' && f.message.id === waiting.id)
    await benDesk.waitFor((f) => f.type === 'message' && f.message.id === waiting.id)
    expect(benDesk.frames.some((f) => f.type === 'message' && f.message.id === sent.id)).toBe(false)
  })
})
