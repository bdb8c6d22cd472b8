import { getChatStatusLabel, type AgentServerFrame, type ConversationSummary, type EndReason } from '@kefu/core'
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES, eventually, startHarness, type AgentTestClient, type Harness } from './harness'

type Visitor = ReturnType<Harness['visitor']>
type Frame<T extends AgentServerFrame['type']> = Extract<AgentServerFrame, { type: T }>

async function conversationFrame(desk: AgentTestClient, match: (c: ConversationSummary) => boolean): Promise<ConversationSummary> {
  return (await desk.waitFor<Frame<'conversation'>>((f) => f.type === 'conversation' && match(f.conversation))).conversation
}

/** The end as both sides see it: the visitor's status and Echat label, the agent's conversation frame. */
async function expectEnded(visitor: Visitor, desk: AgentTestClient, conversationId: string, reason: EndReason, needsEvaluation: boolean): Promise<void> {
  await eventually(() => expect(visitor.getSnapshot().status).toEqual({ name: 'ended', reason, needsEvaluation }))
  expect(getChatStatusLabel(visitor.getSnapshot().status)).toBe(`end-${reason}-${needsEvaluation ? 1 : 0}`)
  expect(visitor.getSnapshot().staff).toBeNull()
  const ended = await conversationFrame(desk, (c) => c.conversationId === conversationId && c.status === 'ended')
  expect(ended).toMatchObject({ endReason: reason, needsEvaluation })
  expect(ended.endedAt).toEqual(expect.any(Number))
}

describe.each(DATABASES)('conversation lifecycle (%s)', (database) => {
  let h: Harness
  /** Added to the server's clock, to reach timeouts without waiting for them. */
  let offset = 0
  beforeAll(async () => {
    h = await startHarness(database, { server: { now: () => Date.now() + offset } })
  })
  afterEach(() => {
    offset = 0
  })
  afterAll(() => h?.close())

  /** A fresh company (human only unless told otherwise), so each test has its own agents and queue. */
  async function company(settings: object = {}) {
    const id = `l${randomBytes(4).toString('hex')}`
    const { adminToken } = await h.addCompany(id, { receptionMode: 2, ...settings })
    return {
      id,
      adminToken,
      async agent(name: string, options: { capacity?: number; groupIds?: string[] } = {}) {
        const added = await h.addAgent({ email: `${name.toLowerCase()}-${id}@example.com`, name, companyId: id, ...options })
        return { ...added, name, desk: await h.agent(added.token) }
      },
      group: (name: string) => h.addGroup(name, id),
      visitor(): Visitor {
        const visitor = h.visitor({ companyId: id })
        visitor.connect()
        return visitor
      },
      /** A visitor chatting with this agent; returns it with the conversation id. */
      async chattingWith(agentId: string): Promise<{ visitor: Visitor; conversationId: string }> {
        const visitor = this.visitor()
        await visitor.requestChat({ mode: 2, agentId, agentModeFlag: 1 })
        expect(visitor.getSnapshot().status.name).toBe('chatting')
        expect(visitor.getSnapshot().staff?.staffId).toBe(agentId)
        return { visitor, conversationId: visitor.getSnapshot().staff!.recordId }
      },
    }
  }

  describe('who ends the chat', () => {
    it.each([true, false])('the visitor (1), evaluateOnEnd %s', async (evaluateOnEnd) => {
      const c = await company({ evaluateOnEnd })
      const amy = await c.agent('Amy')
      const { visitor, conversationId } = await c.chattingWith(amy.agentId)
      await visitor.endChat()
      await expectEnded(visitor, amy.desk, conversationId, 1, evaluateOnEnd)
      expect(visitor.getSnapshot().evaluation.status).toBe(evaluateOnEnd ? 'pending' : 'none')
      const notice = visitor.getSnapshot().messages.at(-1)
      expect(notice).toMatchObject({ sender: 'system', body: { type: 'notice', code: 'chat.ended.1' } })
    })

    it('the visitor ending a bot chat is never asked for an evaluation', async () => {
      const c = await company({ receptionMode: 3, evaluateOnEnd: true })
      const amy = await c.agent('Amy')
      const visitor = c.visitor()
      await visitor.requestChat()
      expect(visitor.getSnapshot().status.name).toBe('bot')
      const bot = await conversationFrame(amy.desk, (c) => c.visitorId === visitor.getSnapshot().visitorId)
      await visitor.endChat()
      await expectEnded(visitor, amy.desk, bot.conversationId, 1, false)
    })

    it.each([true, false])('the agent (2), evaluateOnEnd %s', async (evaluateOnEnd) => {
      const c = await company({ evaluateOnEnd })
      const amy = await c.agent('Amy')
      const { visitor, conversationId } = await c.chattingWith(amy.agentId)
      await amy.desk.request({ type: 'conversation.end', conversationId })
      await expectEnded(visitor, amy.desk, conversationId, 2, evaluateOnEnd)
      // Ending frees the seat: Amy (capacity 3) can take three new chats again.
      for (let i = 0; i < 3; i++) await c.chattingWith(amy.agentId)
    })

    it('the agent going offline ends all of its chats (5) and takes no new ones', async () => {
      const c = await company()
      const amy = await c.agent('Amy', { capacity: 2 })
      const one = await c.chattingWith(amy.agentId)
      const two = await c.chattingWith(amy.agentId)
      await amy.desk.request({ type: 'presence', presence: 'offline' })
      await expectEnded(one.visitor, amy.desk, one.conversationId, 5, false)
      await expectEnded(two.visitor, amy.desk, two.conversationId, 5, false)
      const next = c.visitor()
      await next.requestChat()
      expect(next.getSnapshot().status).toEqual({ name: 'offline', mode: 'leave-message' })
    })

    it('an agent whose connection drops keeps its chats for the grace period, then they end (5)', async () => {
      const c = await company()
      const amy = await c.agent('Amy')
      const olga = await c.agent('Olga') // watches Amy's presence
      const { visitor, conversationId } = await c.chattingWith(amy.agentId)

      amy.desk.close()
      await olga.desk.waitFor((f) => f.type === 'presence' && f.agentId === amy.agentId && f.presence === 'offline')
      // The disconnect is known, the grace period (200 ms in the harness) is running: still chatting.
      expect(visitor.getSnapshot().status.name).toBe('chatting')
      expect(visitor.getSnapshot().staff?.staffId).toBe(amy.agentId)
      await expectEnded(visitor, olga.desk, conversationId, 5, false)
    })

    it('an agent who reconnects within the grace period keeps its chats', async () => {
      const c = await company()
      const amy = await c.agent('Amy')
      const olga = await c.agent('Olga')
      const { visitor, conversationId } = await c.chattingWith(amy.agentId)

      amy.desk.close()
      await olga.desk.waitFor((f) => f.type === 'presence' && f.agentId === amy.agentId && f.presence === 'offline')
      const back = await h.agent(amy.token)
      expect(back.welcome?.conversations.find((x) => x.conversationId === conversationId)?.status).toBe('chatting')
      // Proving that nothing happens needs the grace period to pass.
      await sleep(400)
      expect(visitor.getSnapshot().status.name).toBe('chatting')
      await back.request({ type: 'message.send', conversationId, body: { type: 'text', text: 'Sorry, my network dropped.' } })
      await eventually(() => expect(visitor.getSnapshot().messages.at(-1)?.sender).toBe('agent'))
    })
  })

  describe('the system ends the chat', () => {
    it('a chat waiting in the queue longer than queueTimeoutSeconds ends (6) on the sweep', async () => {
      const c = await company({ queueTimeoutSeconds: 60, inactivityTimeoutSeconds: 3600 })
      const amy = await c.agent('Amy', { capacity: 1 })
      const busy = await c.chattingWith(amy.agentId)
      const visitor = c.visitor()
      await visitor.requestChat()
      expect(visitor.getSnapshot()).toMatchObject({ status: { name: 'waiting' }, queuePosition: 1 })
      const { conversationId } = await conversationFrame(amy.desk, (x) => x.visitorId === visitor.getSnapshot().visitorId && x.status === 'waiting')

      offset = 55_000
      await h.server.context.chat.sweeper.sweep()
      expect(visitor.getSnapshot().status.name).toBe('waiting')

      offset = 61_000
      await h.server.context.chat.sweeper.sweep()
      await expectEnded(visitor, amy.desk, conversationId, 6, false)
      await amy.desk.waitFor((f) => f.type === 'queue' && f.queue.length === 0)
      // The chat being served is not touched by the queue timeout.
      expect(busy.visitor.getSnapshot().status.name).toBe('chatting')
    })

    it('a chat whose visitor says nothing for inactivityTimeoutSeconds ends (8); agent messages do not count', async () => {
      const c = await company({ inactivityTimeoutSeconds: 60 })
      const amy = await c.agent('Amy')
      const quiet = await c.chattingWith(amy.agentId)
      const chatty = await c.chattingWith(amy.agentId)

      offset = 45_000
      await chatty.visitor.send('还在吗？')
      await amy.desk.request({ type: 'message.send', conversationId: quiet.conversationId, body: { type: 'text', text: 'Anything else?' } })
      await h.server.context.chat.sweeper.sweep()
      expect(quiet.visitor.getSnapshot().status.name).toBe('chatting')

      offset = 75_000 // quiet: 75 s since it was served; chatty: 30 s since its message
      await h.server.context.chat.sweeper.sweep()
      await expectEnded(quiet.visitor, amy.desk, quiet.conversationId, 8, false)
      expect(chatty.visitor.getSnapshot().status.name).toBe('chatting')
    })

    it('a bot chat whose visitor went quiet ends (8) too, so bot chats do not pile up', async () => {
      const c = await company({ receptionMode: 3, inactivityTimeoutSeconds: 60 })
      const watcher = await c.agent('Watcher')
      const visitor = c.visitor()
      await visitor.requestChat()
      expect(visitor.getSnapshot().status.name).toBe('bot')
      const conversation = await conversationFrame(watcher.desk, (x) => x.visitorId === visitor.getSnapshot().visitorId && x.status === 'bot')
      offset = 90_000
      await h.server.context.chat.sweeper.sweep()
      await expectEnded(visitor, watcher.desk, conversation.conversationId, 8, false)
    })

    it('a deleted or disabled agent’s visitors go back to the queue and on to another agent', async () => {
      const c = await company()
      const amy = await c.agent('Amy', { capacity: 1 })
      const { visitor, conversationId } = await c.chattingWith(amy.agentId)
      const disabled = await h.http('PATCH', `/api/v1/agents/${amy.agentId}`, { token: c.adminToken, body: { disabled: true } })
      expect(disabled.status).toBe(200)
      await eventually(() => expect(visitor.getSnapshot().status.name).toBe('waiting'))
      const ben = await c.agent('Ben', { capacity: 1 })
      await eventually(() => expect(visitor.getSnapshot().staff).toMatchObject({ staffId: ben.agentId, recordId: conversationId }))
    })

    it('an admin closes a chat through the REST API (6); a plain agent may not', async () => {
      const c = await company()
      const amy = await c.agent('Amy')
      const { visitor, conversationId } = await c.chattingWith(amy.agentId)

      const refused = await h.http('POST', `/api/v1/conversations/${conversationId}/close`, { token: amy.token })
      expect(refused.status).toBe(403)
      expect(refused.body.error.code).toBe('forbidden')
      expect(visitor.getSnapshot().status.name).toBe('chatting')

      const closed = await h.http('POST', `/api/v1/conversations/${conversationId}/close`, { token: c.adminToken })
      expect(closed).toEqual({ status: 200, body: { closed: conversationId } })
      await expectEnded(visitor, amy.desk, conversationId, 6, false)
      const again = await h.http('POST', `/api/v1/conversations/${conversationId}/close`, { token: c.adminToken })
      expect(again.status).toBe(404)
    })
  })

  describe('evaluation', () => {
    it('while chatting (phase chatting), which then needs no evaluation at the end', async () => {
      const c = await company({ evaluateOnEnd: true })
      const amy = await c.agent('Amy')
      const { visitor, conversationId } = await c.chattingWith(amy.agentId)

      await visitor.evaluate({ score: 4, comment: '还不错' })
      expect(visitor.getSnapshot().evaluation).toEqual({ status: 'submitted', submitted: { score: 4, comment: '还不错', phase: 'chatting' } })
      const rated = await conversationFrame(amy.desk, (x) => x.conversationId === conversationId && x.evaluation !== null)
      expect(rated).toMatchObject({ status: 'chatting', evaluation: { score: 4, comment: '还不错', phase: 'chatting' } })

      await amy.desk.request({ type: 'conversation.end', conversationId })
      await expectEnded(visitor, amy.desk, conversationId, 2, false)
      expect(visitor.getSnapshot().evaluation.status).toBe('submitted')
    })

    it('after the end (phase ended), clearing needsEvaluation', async () => {
      const c = await company({ evaluateOnEnd: true })
      const amy = await c.agent('Amy')
      const { visitor, conversationId } = await c.chattingWith(amy.agentId)
      await amy.desk.request({ type: 'conversation.end', conversationId })
      await expectEnded(visitor, amy.desk, conversationId, 2, true)

      await visitor.evaluate({ score: 5 })
      expect(visitor.getSnapshot().status).toEqual({ name: 'ended', reason: 2, needsEvaluation: false })
      expect(getChatStatusLabel(visitor.getSnapshot().status)).toBe('end-2-0')
      expect(visitor.getSnapshot().evaluation).toEqual({ status: 'submitted', submitted: { score: 5, phase: 'ended' } })
      const rated = await conversationFrame(amy.desk, (x) => x.conversationId === conversationId && x.evaluation !== null)
      expect(rated).toMatchObject({ status: 'ended', needsEvaluation: false, evaluation: { score: 5, phase: 'ended' } })
      const stored = await h.http('GET', `/api/v1/conversations/${conversationId}`, { token: amy.token })
      expect(stored.body).toMatchObject({ needsEvaluation: false, evaluation: { score: 5, phase: 'ended' } })
    })

    it('is refused (conflict) without a chat with an agent: none yet, with the bot, in the queue, a bot chat that ended', async () => {
      const c = await company({ receptionMode: 3 })
      const amy = await c.agent('Amy', { capacity: 1 })
      const refuse = (visitor: Visitor) => expect(visitor.evaluate({ score: 5 })).rejects.toMatchObject({ code: 'conflict' })

      const nobody = c.visitor()
      await refuse(nobody)

      const withBot = c.visitor()
      await withBot.requestChat()
      expect(withBot.getSnapshot().status.name).toBe('bot')
      await refuse(withBot)

      await c.chattingWith(amy.agentId) // Amy's only seat
      const queued = c.visitor()
      await queued.requestChat({ mode: 2 })
      expect(queued.getSnapshot().status.name).toBe('waiting')
      await refuse(queued)

      await withBot.endChat()
      expect(withBot.getSnapshot().status).toEqual({ name: 'ended', reason: 1, needsEvaluation: false })
      await refuse(withBot)
      expect(withBot.getSnapshot().evaluation.status).toBe('none')
    })
  })

  it('the agent marks the chat (setVisitorChatSign): stored, and only the serving agent may', async () => {
    const c = await company()
    const amy = await c.agent('Amy')
    const bob = await c.agent('Bob')
    const { conversationId } = await c.chattingWith(amy.agentId)

    await amy.desk.request({ type: 'conversation.sign', conversationId, chatSign: 1 })
    await conversationFrame(bob.desk, (x) => x.conversationId === conversationId && x.chatSign === 1)
    const stored = await h.http('GET', `/api/v1/conversations/${conversationId}`, { token: bob.token })
    expect(stored.status).toBe(200)
    expect(stored.body).toMatchObject({ conversationId, chatSign: 1, agentId: amy.agentId })

    await expect(bob.desk.request({ type: 'conversation.sign', conversationId, chatSign: 0 })).rejects.toMatchObject({ code: 'forbidden' })
    expect((await h.http('GET', `/api/v1/conversations/${conversationId}`, { token: amy.token })).body.chatSign).toBe(1)

    // The mark can still change after the end.
    await amy.desk.request({ type: 'conversation.end', conversationId })
    await amy.desk.request({ type: 'conversation.sign', conversationId, chatSign: 0 })
    expect((await h.http('GET', `/api/v1/conversations/${conversationId}`, { token: amy.token })).body).toMatchObject({ status: 'ended', chatSign: 0 })
  })

  it('transfer to another agent, then to a group: the visitor sees the new staff and a notice each time', async () => {
    const c = await company()
    const support = await c.group('Support')
    const amy = await c.agent('Amy')
    const bob = await c.agent('Bob')
    const carol = await c.agent('Carol', { groupIds: [support] })
    const { visitor, conversationId } = await c.chattingWith(amy.agentId)
    const notices = () => visitor.getSnapshot().messages.filter((m) => m.body.type === 'notice' && m.body.code === 'agent.transferred')

    await amy.desk.request({ type: 'conversation.transfer', conversationId, to: { agentId: bob.agentId } })
    await eventually(() => expect(visitor.getSnapshot().staff).toMatchObject({ staffId: bob.agentId, staffNickName: 'Bob', recordId: conversationId }))
    expect(visitor.getSnapshot().status.name).toBe('chatting')
    await eventually(() => expect(notices()).toHaveLength(1))
    expect(notices()[0]!.body).toMatchObject({ text: expect.stringContaining('Bob') })
    await conversationFrame(bob.desk, (x) => x.conversationId === conversationId && x.agentId === bob.agentId && x.status === 'chatting')
    // Amy no longer serves it.
    await expect(amy.desk.request({ type: 'message.send', conversationId, body: { type: 'text', text: 'still me?' } })).rejects.toMatchObject({ code: 'forbidden' })

    await bob.desk.request({ type: 'conversation.transfer', conversationId, to: { groupId: support } })
    await eventually(() => expect(visitor.getSnapshot().staff).toMatchObject({ staffId: carol.agentId, staffNickName: 'Carol' }))
    await eventually(() => expect(notices()).toHaveLength(2))
    expect(notices()[1]!.body).toMatchObject({ text: expect.stringContaining('Carol') })
    const moved = await conversationFrame(carol.desk, (x) => x.conversationId === conversationId && x.agentId === carol.agentId)
    expect(moved).toMatchObject({ status: 'chatting', groupId: support })

    // Carol serves it now: her message reaches the visitor.
    await carol.desk.request({ type: 'message.send', conversationId, body: { type: 'text', text: 'Carol from support here.' } })
    await eventually(() => expect(visitor.getSnapshot().messages.at(-1)).toMatchObject({ sender: 'agent', senderName: 'Carol' }))
  })

  it('an agent cannot message or end a chat another agent serves (forbidden); an admin can', async () => {
    const c = await company()
    const amy = await c.agent('Amy')
    const bob = await c.agent('Bob')
    const { visitor, conversationId } = await c.chattingWith(amy.agentId)

    await expect(bob.desk.request({ type: 'message.send', conversationId, body: { type: 'text', text: 'Hi, Bob here' } })).rejects.toMatchObject({ code: 'forbidden' })
    await expect(bob.desk.request({ type: 'conversation.end', conversationId })).rejects.toMatchObject({ code: 'forbidden' })
    // An internal note is fine: the visitor never sees it.
    await bob.desk.request({ type: 'message.send', conversationId, body: { type: 'text', text: 'note from Bob' }, visibility: 'agent' })
    expect(visitor.getSnapshot().status.name).toBe('chatting')
    expect(visitor.getSnapshot().messages.some((m) => m.body.type === 'text' && m.body.text.includes('Bob'))).toBe(false)

    const admin = await h.agent(c.adminToken)
    const sent = await admin.request({ type: 'message.send', conversationId, body: { type: 'text', text: 'A supervisor here.' } })
    expect(sent.message).toMatchObject({ sender: 'agent', senderName: 'Admin' })
    await eventually(() => expect(visitor.getSnapshot().messages.some((m) => m.id === sent.message!.id)).toBe(true))
    await admin.request({ type: 'conversation.end', conversationId })
    await expectEnded(visitor, amy.desk, conversationId, 2, true)
  })
})
